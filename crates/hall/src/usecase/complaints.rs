//! The supervision box on the workflow kernel (HALL-BOX; 000 中心 §34–35): a complaint sent
//! from the hall's page or a window's QR code, or a box slip the centre registers under an
//! opening of the box, is stored with its contact sealed and its handling clock on the shared
//! clock table (the history, the clock and the audit row in one transaction); every command of
//! the pure machine runs through [`platform::workflow::execute`]. What each side reads: the
//! centre its complaints with the contact masked (in clear only by an audited reveal of the
//! centre's leader), a department the complaints it was given to handle — never who
//! complained; the complainant the status and outcome by number and query code.

use calendar::Instant;
use platform::audit::{self, AuditEvent};
use platform::db::{Db, Tx};
use platform::ids::{UnitId, UserId};
use platform::personal::DataKey;
use platform::roles::{Actor, Role};
use platform::workflow::{self, Context, Machine, Subject, SubjectKind};
use platform::{Error, Result, query_code};

use crate::store::complaints::{self as store, CONTACT_COLUMN, Opening, StoredComplaint};
use crate::store::windows;
use crate::supervision::{
    self, Acting, Command, CommandKind, Complaint, ComplaintId, Event, Filing, Source,
};
use crate::usecase::registered::{Lookup, Sealed, centre_waits, looked_up, reveal, row_machine};

/// A complaint about a window as a subject of the kernel: its handling clock (HALL-BOX) in
/// 电子监察 and the workbench, its history.
pub const COMPLAINT_SUBJECT: SubjectKind = SubjectKind {
    code: "hall_complaint",
    label: "窗口投诉",
    number_table: "hall_complaints",
    page: "/office/hall/complaints/",
    main_rule: "HALL-BOX",
    overdue_flag: None,
    clock_name: |_| "投诉办理时限",
    waits: WAITS,
    history: workflow::HistoryTable {
        table: "hall_complaint_events",
        subject_column: "complaint_id",
    },
    command_label: CommandKind::label_of_code,
    effect_words: |_| None,
    counting: workflow::counters::Counting::NONE,
};

const WAIT_SQL: &str = "SELECT id, number FROM hall_complaints WHERE \
     (centre_unit_id = $1 AND status IN ('registered', 'concluded')) \
     OR (status = 'handling' AND handler_unit_id = $1)";

/// HALL-BOX: the centre accepts and tells the complainant, the accepting body concludes.
const WAITS: &[workflow::Wait] = &centre_waits("待受理、办结或反馈的窗口投诉", WAIT_SQL);

/// HALL-BOX: the complainant's lookup.
const LOOKUP: Lookup = Lookup {
    scope: query_code::Scope("hall_box"),
    not_found: "该投诉编号或查询码对应的投诉",
    input: store::code_input,
};
/// The complaint as the kernel runs it, for one staff user.
pub struct Complaints {
    pub acting: Acting,
}

fn acting_of(actor: &Actor) -> Acting {
    Acting::from(actor)
}

impl Machine for Complaints {
    type Id = ComplaintId;
    type Loaded = StoredComplaint;
    type State = Complaint;
    type Command = Command;
    type Event = Event;

    fn kind(&self) -> &'static SubjectKind {
        &COMPLAINT_SUBJECT
    }

    fn decide(
        &self,
        loaded: &StoredComplaint,
        command: &Command,
        context: &Context<'_>,
    ) -> Result<(Complaint, Vec<Event>)> {
        Ok(supervision::apply(
            &loaded.complaint,
            command,
            &self.acting,
            context.now,
            context.calendar,
        )?)
    }

    row_machine!(store, complaint, "complaint", "窗口投诉");
}

/// HALL-BOX (000 中心 §35): the centre that keeps the box — the jurisdiction's active
/// 政务服务中心 (the first by its place in the tree).
pub async fn centre(db: &Db) -> Result<UnitId> {
    platform::units::list(db)
        .await?
        .into_iter()
        .find(|unit| unit.active && unit.kind == platform::units::UnitKind::ServiceCentre)
        .map(|unit| UnitId(unit.id))
        .ok_or_else(|| Error::invalid("本辖区尚未设立政务服务中心，不能受理窗口投诉"))
}

/// Whether `actor` works for the centre (its leader or handlers).
pub fn is_centre_staff(actor: &Actor, centre: UnitId) -> bool {
    actor.unit_id == centre.0 && (actor.has(Role::UnitLeader) || actor.has(Role::UnitHandler))
}

async fn insert(
    tx: &mut Tx,
    context: &Context<'_>,
    acting: Acting,
    complaint: &mut Complaint,
    events: &[Event],
) -> Result<(StoredComplaint, String)> {
    let (stored, code) = store::insert(tx, context.key, complaint, context.now.millis()).await?;
    let machine = Complaints { acting };
    let subject = Subject {
        id: complaint.id,
        loaded: None,
        state: &*complaint,
    };
    workflow::record(tx, &machine, context, subject, "register", events).await?;
    let window = complaint
        .window
        .map_or("未指明窗口".to_owned(), |(_, n)| format!("{n} 号窗口"));
    let event =
        AuditEvent::new("hall.complaint.register", "hall_complaint", complaint.id).detail(format!(
            "窗口投诉 {}（{}，{}）",
            stored.number,
            complaint.source.label(),
            window
        ));
    audit::record(tx, context.actor, event, context.now.millis()).await?;
    Ok((stored, code))
}

/// HALL-BOX: a complaint from the hall's page (about window `window_id`, a row of
/// `hall_windows`, or none named) or a window's QR code (which names its window); the
/// contact optional (anonymous without). Returns the stored complaint and its query code. A
/// refusal changes nothing.
pub async fn submit(
    db: &Db,
    context: &Context<'_>,
    source: Source,
    window_id: Option<i64>,
    content: &str,
    contact: Option<&str>,
) -> Result<(StoredComplaint, String)> {
    if source == Source::Box {
        return Err(Error::invalid("意见箱信件由政务服务中心开箱后登记"));
    }
    let centre = centre(db).await?;
    let mut tx = db.begin().await?;
    let window = match window_id {
        Some(id) => Some(
            windows::by_id(&mut tx, id)
                .await?
                .filter(|w| w.active)
                .ok_or_else(|| Error::invalid("请选择大厅中的窗口"))?,
        ),
        None => None,
    };
    let filing = Filing {
        source,
        window: window.as_ref().map(|w| (w.id, w.window.number)),
        window_unit: window.as_ref().and_then(|w| w.window.unit_id).map(UnitId),
        content: content.to_owned(),
        contact: contact.map(str::to_owned),
        opening: None,
    };
    let limit = context.profile.hall.complaint_handling.limit();
    let (mut complaint, events) =
        supervision::register(centre, filing, (context.now, limit), context.calendar)?;
    let acting = Acting {
        user: UserId(0),
        unit: centre,
    };
    let done = insert(&mut tx, context, acting, &mut complaint, &events).await?;
    tx.commit().await?;
    Ok(done)
}

/// HALL-BOX (§35: 安排专人定期开箱): the centre's staff member `actor` records opening the box
/// with the number of letters found. Returns the opening's id.
pub async fn record_opening(
    db: &Db,
    context: &Context<'_>,
    actor: &Actor,
    letters: i64,
    note: &str,
) -> Result<i64> {
    let centre = centre(db).await?;
    if !is_centre_staff(actor, centre) {
        return Err(Error::Refused("开箱由政务服务中心指定的专人办理".into()));
    }
    if !(0..=500).contains(&letters) {
        return Err(Error::invalid("信件数应为 0 至 500"));
    }
    if note.chars().count() > 200 {
        return Err(Error::invalid("开箱备注不能超过 200 字"));
    }
    let now = context.now.millis();
    let mut tx = db.begin().await?;
    let id =
        store::insert_opening(&mut tx, centre.0, actor.user_id, now, letters, note.trim()).await?;
    let event = AuditEvent::new("hall.box.open", "hall_box_opening", id)
        .detail(format!("开启监督意见箱，收集信件 {letters} 封"));
    audit::record(&mut tx, context.actor, event, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// HALL-BOX: the centre registers a box slip collected at `opening`, about the window of
/// `window_number` (when the letter names one). A refusal changes nothing.
pub async fn register_slip(
    db: &Db,
    context: &Context<'_>,
    actor: &Actor,
    opening: i64,
    window_number: Option<u16>,
    content: &str,
    contact: Option<&str>,
) -> Result<(StoredComplaint, String)> {
    let centre = centre(db).await?;
    if !is_centre_staff(actor, centre) {
        return Err(Error::Refused("意见箱信件由政务服务中心登记".into()));
    }
    let mut tx = db.begin().await?;
    if !store::opening_of(&mut tx, centre.0, opening).await? {
        return Err(Error::invalid("请选择本中心的开箱记录"));
    }
    let window = match window_number {
        Some(number) => Some(
            windows::by_number(&mut tx, number)
                .await?
                .ok_or_else(|| Error::invalid(format!("没有 {number} 号窗口")))?,
        ),
        None => None,
    };
    let filing = Filing {
        source: Source::Box,
        window: window.as_ref().map(|w| (w.id, w.window.number)),
        window_unit: window.as_ref().and_then(|w| w.window.unit_id).map(UnitId),
        content: content.to_owned(),
        contact: contact.map(str::to_owned),
        opening: Some(opening),
    };
    let limit = context.profile.hall.complaint_handling.limit();
    let (mut complaint, events) =
        supervision::register(centre, filing, (context.now, limit), context.calendar)?;
    let done = insert(&mut tx, context, acting_of(actor), &mut complaint, &events).await?;
    tx.commit().await?;
    Ok(done)
}

/// A complaint as a back-office page shows it.
#[derive(Debug, Clone)]
pub struct OfficeComplaint {
    pub stored: StoredComplaint,
    /// The commands the viewer may run now.
    pub available: Vec<CommandKind>,
    /// The viewer works for the centre: sees the masked contact and may reveal it.
    pub centre_view: bool,
}

/// Complaint `id` for `actor`: the centre's staff see it with the contact masked; the unit it
/// was given to sees it without any contact (HALL-BOX: the window's unit never learns who
/// complained); anyone else learns nothing of it.
pub async fn office_complaint(db: &Db, id: ComplaintId, actor: &Actor) -> Result<OfficeComplaint> {
    let mut stored = store::get(db, id).await?;
    let complaint = &stored.complaint;
    let centre_view = is_centre_staff(actor, complaint.centre);
    let handler_unit = complaint.handler.map(|h| h.unit(complaint.centre));
    let handles = handler_unit == Some(UnitId(actor.unit_id))
        && (actor.has(Role::UnitLeader) || actor.has(Role::UnitHandler));
    if !centre_view && !handles {
        return Err(Error::not_found(format!("窗口投诉 {id}")));
    }
    let available = supervision::available(&stored.complaint, &acting_of(actor));
    if !centre_view {
        // HALL-BOX: nothing of the complainant leaves the centre.
        stored.complaint.contact = None;
        stored.contact_sealed.clear();
    }
    Ok(OfficeComplaint {
        stored,
        available,
        centre_view,
    })
}

/// The complaints `actor` may read: the centre's all, a department those it handles (without
/// any contact), newest first.
pub async fn list(db: &Db, actor: &Actor, limit: i64) -> Result<Vec<StoredComplaint>> {
    let centre = centre(db).await?;
    let centre_view = is_centre_staff(actor, centre);
    let mut rows = store::list(db, actor.unit_id, limit).await?;
    if !centre_view {
        rows.retain(|s| {
            s.complaint.handler.map(|h| h.unit(s.complaint.centre)) == Some(UnitId(actor.unit_id))
        });
        for row in &mut rows {
            row.complaint.contact = None;
            row.contact_sealed.clear();
        }
    }
    Ok(rows)
}

/// The centre's box openings, newest first.
pub async fn openings(db: &Db, limit: i64) -> Result<Vec<Opening>> {
    store::openings(db, centre(db).await?.0, limit).await
}

/// HALL-BOX: runs `command` on complaint `id` through the kernel's one path; a complaint
/// outside the actor's reach is not found, a refusal changes nothing.
pub async fn execute(
    db: &Db,
    context: &Context<'_>,
    actor: &Actor,
    id: ComplaintId,
    command: Command,
    expected_version: Option<i64>,
) -> Result<(Complaint, i64)> {
    office_complaint(db, id, actor).await?;
    let machine = Complaints {
        acting: acting_of(actor),
    };
    workflow::execute(db, &machine, context, id, command, expected_version).await
}

/// HALL-BOX, SEC-AUDIT: the complainant's contact in clear for the centre's leader (to tell
/// the complainant the outcome); the reveal is audited in the same transaction.
pub async fn reveal_contact(
    db: &Db,
    context: &Context<'_>,
    actor: &Actor,
    id: ComplaintId,
) -> Result<String> {
    let stored = store::get(db, id).await?;
    if !(is_centre_staff(actor, stored.complaint.centre) && actor.has(Role::UnitLeader)) {
        return Err(Error::Refused(
            "投诉人联系方式仅政务服务中心负责人可查看明文".into(),
        ));
    }
    if stored.contact_sealed.is_empty() {
        return Err(Error::invalid("该投诉为匿名投诉，未留联系方式"));
    }
    let contact = Sealed {
        sealed: &stored.contact_sealed,
        column: CONTACT_COLUMN,
        object_type: "hall_complaint",
        object_id: id.0,
        field: "投诉人联系方式",
    };
    reveal(db, context, contact).await
}

/// HALL-BOX: the complaint of `number` when `code` is its query code (a wrong code counts
/// against the number); the complainant sees status and outcome, the contact masked.
pub async fn lookup(db: &Db, key: &DataKey, number: &str, code: &str) -> Result<StoredComplaint> {
    let number = query_code::normalise_number(number);
    let found = store::by_number(db, &number).await?;
    looked_up(db, key, &LOOKUP, (&number, code), found, |stored| {
        stored.query_code_hash.as_str()
    })
    .await
}
