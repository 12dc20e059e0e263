//! The hard cases on the workflow kernel (HALL-HARDCASE, 000 中心 §7(四)): a window clerk of
//! the 办不成事反映 or 陇商通 window (or the centre's staff) registers a case with the
//! person's or enterprise's contact sealed; the centre transfers it to a department under
//! the profile's clocks, urges a department past its deadline, returns a result it finds
//! wanting, records what the person was told and when, and closes it. Every command of the
//! pure machine runs through [`platform::workflow::execute`] (history, clocks and audit in
//! one transaction). What each side reads: the centre every case with the contact masked (in
//! clear only by an audited reveal of its leader); the department the cases transferred to
//! it, never the contact; the clerk the cases the clerk registered; anyone else nothing. The
//! person looks the case up by its number and the query code told at registration (the
//! stages in words only: no staff, no notes, no contact).

use calendar::Instant;
use platform::audit::{self, AuditEvent};
use platform::db::{Db, Tx};
use platform::ids::{UnitId, UserId};
use platform::personal::DataKey;
use platform::roles::{Actor, Role};
use platform::workflow::{self, Context, Machine, Subject, SubjectKind};
use platform::{Error, Result, query_code};

use crate::hardcase::{
    self, Acting, Command, CommandKind, Event, Filing, Hardcase, HardcaseId, Limits,
};
use crate::store::hardcases::{self as store, CONTACT_COLUMN, StoredHardcase};
use crate::usecase::complaints::{centre, is_centre_staff};
use crate::usecase::registered::{Lookup, Sealed, centre_waits, looked_up, reveal, row_machine};

/// A hard case as a subject of the kernel: its clocks (HALL-HARDCASE) in 电子监察 and the
/// workbench, its history.
pub const HARDCASE_SUBJECT: SubjectKind = SubjectKind {
    code: "hall_hardcase",
    label: "办不成事反映",
    number_table: "hall_hardcases",
    page: "/office/hall/hardcases/",
    main_rule: "HALL-HARDCASE",
    overdue_flag: None,
    clock_name: |_| "办不成事反映办理时限",
    waits: WAITS,
    history: workflow::HistoryTable {
        table: "hall_hardcase_events",
        subject_column: "hardcase_id",
    },
    command_label: CommandKind::label_of_code,
    effect_words: |_| None,
    counting: workflow::counters::Counting::NONE,
};

const WAIT_SQL: &str = "SELECT id, number FROM hall_hardcases WHERE \
     (centre_unit_id = $1 AND status IN ('accepted', 'handled', 'fed_back')) \
     OR (status = 'transferred' AND department_unit_id = $1)";

/// HALL-HARDCASE: the centre transfers, feeds back and closes; the department handles.
const WAITS: &[workflow::Wait] = &centre_waits("待转办、办理或反馈的办不成事反映事项", WAIT_SQL);

/// The case as the kernel runs it, for one staff user.
pub struct Hardcases {
    pub acting: Acting,
}

fn acting_of(actor: &Actor) -> Acting {
    Acting::from(actor)
}

/// HALL-HARDCASE: the profile's three limits.
pub fn limits(profile: &platform::profile::RuleProfile) -> Limits {
    Limits {
        transfer: profile.hall.hardcase_transfer.limit(),
        handling: profile.hall.hardcase_handling.limit(),
        feedback: profile.hall.hardcase_feedback.limit(),
    }
}

impl Machine for Hardcases {
    type Id = HardcaseId;
    type Loaded = StoredHardcase;
    type State = Hardcase;
    type Command = Command;
    type Event = Event;

    fn kind(&self) -> &'static SubjectKind {
        &HARDCASE_SUBJECT
    }

    fn decide(
        &self,
        loaded: &StoredHardcase,
        command: &Command,
        context: &Context<'_>,
    ) -> Result<(Hardcase, Vec<Event>)> {
        Ok(hardcase::apply(
            &loaded.case,
            command,
            &self.acting,
            (context.now, limits(context.profile)),
            context.calendar,
        )?)
    }

    row_machine!(store, case, "hardcase", "办不成事反映事项");
}

/// HALL-HARDCASE: who may register a case — a window clerk (the special windows' staff) or
/// the centre's staff.
pub fn may_register(actor: &Actor, centre: UnitId) -> bool {
    actor.has(Role::WindowClerk) || is_centre_staff(actor, centre)
}

/// HALL-HARDCASE: registers a case brought to the window of `filing.channel`; the transfer
/// clock starts with the profile's limit. Returns the stored case and its query code (told
/// to the person once). A refusal changes nothing.
pub async fn register(
    db: &Db,
    context: &Context<'_>,
    actor: &Actor,
    filing: Filing,
) -> Result<(StoredHardcase, String)> {
    let centre = centre(db).await?;
    if !may_register(actor, centre) {
        return Err(Error::Refused(
            "办不成事反映事项由窗口工作人员或政务服务中心登记".into(),
        ));
    }
    let (mut case, events) = hardcase::register(
        centre,
        UserId(actor.user_id),
        filing,
        (context.now, limits(context.profile)),
        context.calendar,
    )?;
    let mut tx = db.begin().await?;
    let (stored, code) =
        store::insert(&mut tx, context.key, &mut case, context.now.millis()).await?;
    let machine = Hardcases {
        acting: acting_of(actor),
    };
    let subject = Subject {
        id: case.id,
        loaded: None,
        state: &case,
    };
    workflow::record(&mut tx, &machine, context, subject, "register", &events).await?;
    let event =
        AuditEvent::new("hall.hardcase.register", "hall_hardcase", case.id).detail(format!(
            "办不成事反映事项 {}（{}）",
            stored.number,
            case.channel.label()
        ));
    audit::record(&mut tx, context.actor, event, context.now.millis()).await?;
    tx.commit().await?;
    Ok((stored, code))
}

/// A case as a back-office page shows it.
#[derive(Debug, Clone)]
pub struct OfficeHardcase {
    pub stored: StoredHardcase,
    /// The commands the viewer may run now.
    pub available: Vec<CommandKind>,
    /// The viewer works for the centre (sees the masked contact, may reveal it).
    pub centre_view: bool,
}

/// (centre's staff, the department's staff, may read it).
fn sees(actor: &Actor, case: &Hardcase) -> (bool, bool, bool) {
    let centre_view = is_centre_staff(actor, case.centre);
    let department = case.department == Some(UnitId(actor.unit_id))
        && (actor.has(Role::UnitLeader) || actor.has(Role::UnitHandler));
    let clerk = case.registered_by == UserId(actor.user_id);
    (centre_view, department, centre_view || department || clerk)
}

/// HALL-HARDCASE: the centre's commands only for its leaders and handlers, the result only
/// for the department's (a window clerk registers, nothing more).
fn may_run(actor: &Actor, case: &Hardcase, kind: CommandKind) -> bool {
    let (centre_view, department, _) = sees(actor, case);
    if kind == CommandKind::Handle {
        department
    } else {
        centre_view
    }
}

/// Case `id` for `actor` (HALL-HARDCASE): the centre's staff with the contact masked, the
/// department it was transferred to and the registering clerk without any contact; anyone
/// else learns nothing of it.
pub async fn office_hardcase(
    db: &Db,
    id: HardcaseId,
    actor: &Actor,
    (calendar, now): (&calendar::Calendar, Instant),
) -> Result<OfficeHardcase> {
    let mut stored = store::get(db, id).await?;
    let (centre_view, _, visible) = sees(actor, &stored.case);
    if !visible {
        return Err(Error::not_found(format!("办不成事反映事项 {id}")));
    }
    let available = hardcase::available(&stored.case, &acting_of(actor), calendar, now)
        .into_iter()
        .filter(|kind| may_run(actor, &stored.case, *kind))
        .collect();
    if !centre_view {
        stored.case.contact = String::new();
        stored.contact_sealed.clear();
    }
    Ok(OfficeHardcase {
        stored,
        available,
        centre_view,
    })
}

/// The cases `actor` may read, newest first (the contact only for the centre, masked).
pub async fn list(db: &Db, actor: &Actor, limit: i64) -> Result<Vec<StoredHardcase>> {
    let mut rows = store::list(db, actor.unit_id, actor.user_id, limit).await?;
    rows.retain(|s| sees(actor, &s.case).2);
    for row in &mut rows {
        if !is_centre_staff(actor, row.case.centre) {
            row.case.contact = String::new();
            row.contact_sealed.clear();
        }
    }
    Ok(rows)
}

/// HALL-HARDCASE: runs `command` on case `id` through the kernel's one path; a case outside
/// the actor's reach is not found, a refusal changes nothing.
pub async fn execute(
    db: &Db,
    context: &Context<'_>,
    actor: &Actor,
    id: HardcaseId,
    command: Command,
    expected_version: Option<i64>,
) -> Result<(Hardcase, i64)> {
    let seen = office_hardcase(db, id, actor, (context.calendar, context.now)).await?;
    if !may_run(actor, &seen.stored.case, command.kind()) {
        return Err(Error::Refused(format!(
            "“{}”由区政务服务中心负责人或经办人办理，办理结果由承办部门报送",
            command.kind().label()
        )));
    }
    if let Command::Transfer { department, .. } = &command {
        let known = platform::units::list(db)
            .await?
            .into_iter()
            .any(|u| u.active && u.id == department.0);
        if !known {
            return Err(Error::invalid("请选择承办部门"));
        }
    }
    let machine = Hardcases {
        acting: acting_of(actor),
    };
    workflow::execute(db, &machine, context, id, command, expected_version).await
}

/// HALL-HARDCASE, SEC-AUDIT: the contact in clear for the centre's leader (to feed the result
/// back); the reveal is audited in the same transaction.
pub async fn reveal_contact(
    db: &Db,
    context: &Context<'_>,
    actor: &Actor,
    id: HardcaseId,
) -> Result<String> {
    let stored = store::get(db, id).await?;
    if !(is_centre_staff(actor, stored.case.centre) && actor.has(Role::UnitLeader)) {
        return Err(Error::Refused(
            "反映人联系方式仅政务服务中心负责人可查看明文".into(),
        ));
    }
    let contact = Sealed {
        sealed: &stored.contact_sealed,
        column: CONTACT_COLUMN,
        object_type: "hall_hardcase",
        object_id: id.0,
        field: "反映人联系方式",
    };
    reveal(db, context, contact).await
}

/// HALL-HARDCASE: the person's lookup.
const LOOKUP: Lookup = Lookup {
    scope: query_code::Scope("hall_hardcase"),
    not_found: "该事项编号或查询码对应的办不成事反映事项",
    input: store::code_input,
};

/// HALL-HARDCASE: the case of `number` when `code` is its query code (a wrong code counts
/// against the number, as the box's lookup); the caller shows only its stages in words.
pub async fn lookup(db: &Db, key: &DataKey, number: &str, code: &str) -> Result<StoredHardcase> {
    let number = query_code::normalise_number(number);
    let found = store::by_number(db, &number).await?;
    let mut stored = looked_up(db, key, &LOOKUP, (&number, code), found, |stored| {
        stored.query_code_hash.as_str()
    })
    .await?;
    stored.case.contact = String::new();
    stored.contact_sealed.clear();
    Ok(stored)
}
