//! The register of complaints about disclosure on the workflow kernel (PUB-COMPLAINT;
//! 002 投诉举报 §5–§7): the openness office registers a complaint (the complainant sealed,
//! the forwarding clock on the shared clock table), every command of the pure machine runs
//! through [`platform::workflow::execute`] (snapshot, history, clocks filed under the office
//! or the unit complained about, audit row, one transaction), and what each side reads: the
//! office its complaint with the complainant masked (in clear only by an audited reveal), the
//! unit complained about the matter and what it answers — never the complainant (§7).

use calendar::Instant;
use platform::audit::{self, AuditEvent};
use platform::db::{Db, Tx};
use platform::personal::{self, UnmaskTarget, aad};
use platform::roles::Role;
use platform::workflow::{self, Context, Machine, Subject, SubjectKind};
use platform::{Error, Result};

use crate::complaint::{
    self, Command, CommandKind, Complainant, Complaint, ComplaintId, Event, Filing,
};
use crate::store::complaints::{self as store, COMPLAINANT_COLUMN, StoredComplaint};
use crate::{Acting, Rules};

/// A complaint about disclosure as a subject of the kernel: its forwarding, conclusion and
/// feedback clocks (PUB-COMPLAINT) in 电子监察 and the workbench, its history.
pub const COMPLAINT_SUBJECT: SubjectKind = SubjectKind {
    code: "openness_complaint",
    label: "政务公开投诉",
    number_table: "openness_complaints",
    page: "/office/openness/complaints/",
    main_rule: "PUB-COMPLAINT",
    overdue_flag: None,
    clock_name: |_| "投诉办理期限",
    waits: WAITS,
    history: workflow::HistoryTable {
        table: "openness_complaint_events",
        subject_column: "complaint_id",
    },
    command_label: CommandKind::label_of_code,
    effect_words: |_| None,
    counting: workflow::counters::Counting::NONE,
};

/// PUB-COMPLAINT: what waits for the office (forwarding, feedback, filing) and for the unit
/// complained about (its reply).
const WAITS: &[workflow::Wait] = &[
    workflow::Wait {
        role: Role::OpennessOfficer,
        label: "待转办、反馈或归档的政务公开投诉",
        sql: "SELECT id, number FROM openness_complaints WHERE status IN ('registered', \
              'replied', 'fed_back') AND office_unit_id = $1",
        red_only: false,
        unit_clocks: true,
    },
    workflow::Wait {
        role: Role::OpennessOfficer,
        label: "待回复的政务公开投诉",
        sql: "SELECT id, number FROM openness_complaints WHERE status = 'forwarded' \
              AND unit_id = $1",
        red_only: false,
        unit_clocks: true,
    },
];

/// The complaint as the kernel runs it, for one staff user.
pub struct Complaints<'a> {
    pub acting: &'a Acting,
}

/// A stored complaint with its complainant in clear, for the pure machine.
pub struct LoadedComplaint {
    pub stored: StoredComplaint,
    pub complaint: Complaint,
}

async fn load_in(tx: &mut Tx, context: &Context<'_>, id: ComplaintId) -> Result<LoadedComplaint> {
    let stored = store::get_in(tx, id).await?;
    let complaint = stored.opened(context.key)?;
    Ok(LoadedComplaint { stored, complaint })
}

impl Machine for Complaints<'_> {
    type Id = ComplaintId;
    type Loaded = LoadedComplaint;
    type State = Complaint;
    type Command = Command;
    type Event = Event;

    fn kind(&self) -> &'static SubjectKind {
        &COMPLAINT_SUBJECT
    }

    async fn load(
        &self,
        tx: &mut Tx,
        id: ComplaintId,
        command: Command,
    ) -> Result<(LoadedComplaint, i64, Command)> {
        let stored = store::get_in(tx, id).await?;
        let version = stored.version;
        // The complainant stays sealed: no command reads or changes it.
        let complaint = stored.complaint.clone();
        Ok((LoadedComplaint { stored, complaint }, version, command))
    }

    fn decide(
        &self,
        loaded: &LoadedComplaint,
        command: &Command,
        context: &Context<'_>,
    ) -> Result<(Complaint, Vec<Event>)> {
        let rules = Rules {
            profile: context.profile,
            calendar: context.calendar,
        };
        Ok(complaint::apply(
            &loaded.complaint,
            command,
            self.acting,
            context.now,
            rules,
        )?)
    }

    async fn store(
        &self,
        tx: &mut Tx,
        _id: ComplaintId,
        _loaded: &LoadedComplaint,
        complaint: &Complaint,
        version: i64,
        now: Instant,
    ) -> Result<i64> {
        store::update(tx, complaint, version, now.millis()).await
    }

    fn statuses(
        &self,
        loaded: Option<&LoadedComplaint>,
        complaint: &Complaint,
    ) -> (Option<&'static str>, &'static str) {
        (
            loaded.map(|loaded| loaded.complaint.status.code()),
            complaint.status.code(),
        )
    }

    fn command_code(&self, command: &Command) -> String {
        workflow::command_code(&command.kind())
    }

    async fn default_unit(&self, _tx: &mut Tx, subject: &Subject<'_, Self>) -> Result<i64> {
        Ok(subject.state.office.0)
    }

    async fn effect(
        &self,
        _tx: &mut Tx,
        _context: &Context<'_>,
        _subject: &Subject<'_, Self>,
        _event: &Event,
    ) -> Result<()> {
        Ok(())
    }

    fn audit(
        &self,
        id: ComplaintId,
        loaded: &LoadedComplaint,
        complaint: &Complaint,
        command: &Command,
    ) -> AuditEvent {
        let code = self.command_code(command);
        AuditEvent::new(
            &format!("openness.complaint.{code}"),
            "openness_complaint",
            id,
        )
        .detail(format!(
            "政务公开投诉 {}：{}，{} → {}",
            loaded.stored.number,
            command.kind().label_zh(),
            loaded.complaint.status.label_zh(),
            complaint.status.label_zh()
        ))
    }

    fn conflict_message(&self) -> &'static str {
        store::CONFLICT
    }
}

/// PUB-COMPLAINT: registers `filing` in the register of the acting officer's office, or
/// refuses it with every problem (nothing stored); the complainant sealed, the forwarding
/// clock started, the history and the audit row in the same transaction.
pub async fn register(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    filing: Filing,
) -> Result<StoredComplaint> {
    platform::units::get(db, filing.unit.0)
        .await
        .map_err(|_| Error::invalid("请选择被投诉单位"))?;
    let rules = Rules {
        profile: context.profile,
        calendar: context.calendar,
    };
    let (mut complaint, events) = complaint::register(
        ComplaintId(0),
        acting.unit,
        filing,
        acting,
        context.now,
        rules,
    )?;
    let mut tx = db.begin().await?;
    let stored = store::insert(&mut tx, context.key, &mut complaint, context.now.millis()).await?;
    let machine = Complaints { acting };
    let subject = Subject {
        id: complaint.id,
        loaded: None,
        state: &complaint,
    };
    workflow::record(&mut tx, &machine, context, subject, "register", &events).await?;
    let event = AuditEvent::new(
        "openness.complaint.register",
        "openness_complaint",
        complaint.id,
    )
    .detail(format!(
        "政务公开投诉 {} 登记：{}",
        stored.number,
        complaint.filing.ground.label_zh()
    ));
    audit::record(&mut tx, context.actor, event, context.now.millis()).await?;
    tx.commit().await?;
    Ok(stored)
}

/// PUB-COMPLAINT: runs `command` on complaint `id` through the kernel's one path; a complaint
/// outside the acting user's reach is not found, a refusal changes nothing.
pub async fn execute(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    id: ComplaintId,
    command: Command,
    expected_version: Option<i64>,
) -> Result<(Complaint, i64)> {
    office_complaint(db, id, acting).await?;
    let machine = Complaints { acting };
    workflow::execute(db, &machine, context, id, command, expected_version).await
}

/// A complaint as a back-office page shows it.
#[derive(Debug, Clone)]
pub struct OfficeComplaint {
    /// The complaint; for the unit complained about without the complainant (§7).
    pub complaint: Complaint,
    pub number: String,
    pub version: i64,
    /// The viewer works for the office (sees the complainant masked, may reveal it).
    pub as_office: bool,
    /// The commands the viewer may run now.
    pub available: Vec<CommandKind>,
}

/// Whether `acting` is staff of the office that registered `complaint`.
fn of_office(acting: &Acting, complaint: &Complaint) -> bool {
    acting.has_in(Role::OpennessOfficer, complaint.office)
        || acting.has_in(Role::UnitLeader, complaint.office)
}

/// Complaint `id` for `acting`: the office's staff see it with the complainant masked; the
/// unit complained about sees it without the complainant (PUB-COMPLAINT, §7); anyone else
/// learns nothing of it.
pub async fn office_complaint(
    db: &Db,
    id: ComplaintId,
    acting: &Acting,
) -> Result<OfficeComplaint> {
    let stored = store::get(db, id).await?;
    let as_office = of_office(acting, &stored.complaint);
    let as_unit = complaint::is_unit(&stored.complaint, acting);
    if !as_office && !as_unit {
        return Err(Error::not_found(format!("政务公开投诉 {id}")));
    }
    let available = complaint::available(&stored.complaint, acting);
    let complaint = if as_office {
        stored.complaint
    } else {
        stored.complaint.for_unit()
    };
    Ok(OfficeComplaint {
        complaint,
        number: stored.number,
        version: stored.version,
        as_office,
        available,
    })
}

/// HL-PRIVACY, PUB-COMPLAINT: the complainant in clear for the office's openness officer (to
/// feed back), with the reason, and an `unmask` audit row in the same transaction; refused
/// to anyone else — the unit complained about above all (§7).
pub async fn unmask_complainant(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    id: ComplaintId,
    reason: &str,
) -> Result<Complainant> {
    let mut tx = db.begin().await?;
    let loaded = load_in(&mut tx, context, id).await?;
    if !acting.has_in(Role::OpennessOfficer, loaded.complaint.office) {
        return Err(Error::Refused(
            "只有受理投诉的政务公开工作人员可以查看投诉人信息".to_owned(),
        ));
    }
    let object_id = id.to_string();
    let place = aad(COMPLAINANT_COLUMN, id);
    let target = UnmaskTarget {
        object_type: "openness_complaint",
        object_id: &object_id,
        field: "complainant",
        reason: reason.trim(),
        place: &place,
    };
    let clear = personal::unmask(
        &mut tx,
        context.key,
        context.actor,
        &loaded.stored.complainant_sealed,
        &target,
        context.now.millis(),
    )
    .await?;
    tx.commit().await?;
    serde_json::from_str(&clear).map_err(|error| crate::store::unreadable("complainant", error))
}
