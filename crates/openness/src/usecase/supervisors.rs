//! Openness supervisors and their findings on the workflow kernel (PUB-SUPERVISOR; 002 监督员
//! §3,4): the openness office registers a supervisor (name and contact sealed, audited), a
//! finding of a supervisor in term, and every command of the finding's machine runs through
//! [`platform::workflow::execute`] (snapshot, history, the reply clock filed under the unit in
//! 电子监察 and the workbench, audit row, one transaction). The unit the finding concerns reads
//! the matter and replies, never who found it.

use calendar::Instant;
use platform::audit::{self, AuditEvent};
use platform::db::{Db, Tx};
use platform::roles::Role;
use platform::workflow::{self, Context, Machine, Subject, SubjectKind};
use platform::{Error, Result};

use crate::store::supervisors as store;
use crate::store::supervisors::StoredFinding;
use crate::supervisor::{
    self, Command, CommandKind, Event, Finding, FindingFiling, FindingId, Supervisor, SupervisorId,
};
use crate::{Acting, Rules};

/// A supervisor's finding as a subject of the kernel: its reply clock (PUB-SUPERVISOR).
pub const FINDING_SUBJECT: SubjectKind = SubjectKind {
    code: "openness_finding",
    label: "政务公开监督意见",
    number_table: "openness_findings",
    page: "/office/openness/supervision/findings/",
    main_rule: "PUB-SUPERVISOR",
    overdue_flag: None,
    clock_name: |_| "回复期限",
    waits: WAITS,
    history: workflow::HistoryTable {
        table: "openness_finding_events",
        subject_column: "finding_id",
    },
    command_label: CommandKind::label_of_code,
    effect_words: |_| None,
    counting: workflow::counters::Counting::NONE,
};

/// PUB-SUPERVISOR: what waits for the office (sending, acceptance) and for the unit (reply).
const WAITS: &[workflow::Wait] = &[
    workflow::Wait {
        role: Role::OpennessOfficer,
        label: "待交办或验收的监督意见",
        sql: "SELECT id, number FROM openness_findings WHERE status IN ('registered', \
              'replied') AND office_unit_id = $1",
        red_only: false,
        unit_clocks: true,
    },
    workflow::Wait {
        role: Role::OpennessOfficer,
        label: "待回复的监督意见",
        sql: "SELECT id, number FROM openness_findings WHERE status = 'sent' AND unit_id = $1",
        red_only: false,
        unit_clocks: true,
    },
];

/// The finding as the kernel runs it, for one staff user.
pub struct Findings<'a> {
    pub acting: &'a Acting,
}

impl Machine for Findings<'_> {
    type Id = FindingId;
    type Loaded = StoredFinding;
    type State = Finding;
    type Command = Command;
    type Event = Event;

    fn kind(&self) -> &'static SubjectKind {
        &FINDING_SUBJECT
    }

    async fn load(
        &self,
        tx: &mut Tx,
        id: FindingId,
        command: Command,
    ) -> Result<(StoredFinding, i64, Command)> {
        let stored = store::finding_in(tx, id).await?;
        let version = stored.version;
        Ok((stored, version, command))
    }

    fn decide(
        &self,
        loaded: &StoredFinding,
        command: &Command,
        context: &Context<'_>,
    ) -> Result<(Finding, Vec<Event>)> {
        let rules = Rules {
            profile: context.profile,
            calendar: context.calendar,
        };
        Ok(supervisor::apply(
            &loaded.finding,
            command,
            self.acting,
            context.now,
            rules,
        )?)
    }

    async fn store(
        &self,
        tx: &mut Tx,
        _id: FindingId,
        _loaded: &StoredFinding,
        finding: &Finding,
        version: i64,
        now: Instant,
    ) -> Result<i64> {
        store::update_finding(tx, finding, version, now.millis()).await
    }

    fn statuses(
        &self,
        loaded: Option<&StoredFinding>,
        finding: &Finding,
    ) -> (Option<&'static str>, &'static str) {
        (
            loaded.map(|loaded| loaded.finding.status.code()),
            finding.status.code(),
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
        id: FindingId,
        loaded: &StoredFinding,
        finding: &Finding,
        command: &Command,
    ) -> AuditEvent {
        let code = self.command_code(command);
        AuditEvent::new(&format!("openness.finding.{code}"), "openness_finding", id).detail(
            format!(
                "监督意见 {}：{}，{} → {}",
                loaded.number,
                command.kind().label_zh(),
                loaded.finding.status.label_zh(),
                finding.status.label_zh()
            ),
        )
    }

    fn conflict_message(&self) -> &'static str {
        store::CONFLICT
    }
}

/// What the office types to appoint a supervisor.
#[derive(Debug, Clone)]
pub struct NewSupervisor {
    pub name: String,
    pub contact: String,
    pub origin: String,
    pub term_from: chrono::NaiveDate,
    pub term_until: chrono::NaiveDate,
}

/// PUB-SUPERVISOR: appoints a supervisor in the register of the acting officer's office, or
/// refuses with every problem (nothing stored); name and contact sealed, audited.
pub async fn register_supervisor(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    new: NewSupervisor,
) -> Result<Supervisor> {
    if !acting.has_in(Role::OpennessOfficer, acting.unit) {
        return Err(Error::Refused(
            "监督员由政务公开办公室的工作人员登记".to_owned(),
        ));
    }
    let mut problems = Vec::new();
    if new.name.trim().is_empty() {
        problems.push("请填写监督员姓名");
    }
    if new.contact.trim().is_empty() {
        problems.push("请填写监督员的联系方式");
    }
    if new.origin.trim().is_empty() {
        problems.push("请填写监督员的来源或工作单位");
    }
    if new.term_until < new.term_from {
        problems.push("聘期结束日期不能早于开始日期");
    }
    if !problems.is_empty() {
        return Err(Error::invalid(problems.join("；")));
    }
    let mut supervisor = Supervisor {
        id: SupervisorId(0),
        office: acting.unit,
        name: new.name.trim().to_owned(),
        contact: new.contact.trim().to_owned(),
        origin: new.origin.trim().to_owned(),
        term_from: new.term_from,
        term_until: new.term_until,
        registered_by: acting.user,
        registered_at: context.now,
    };
    let mut tx = db.begin().await?;
    store::insert_supervisor(&mut tx, context.key, &mut supervisor, context.now.millis()).await?;
    let event = AuditEvent::new(
        "openness.supervisor.register",
        "openness_supervisor",
        supervisor.id,
    )
    .detail(format!(
        "聘请政务公开监督员（{}，聘期 {} 至 {}）",
        supervisor.origin, supervisor.term_from, supervisor.term_until
    ));
    audit::record(&mut tx, context.actor, event, context.now.millis()).await?;
    tx.commit().await?;
    Ok(store::masked(&supervisor))
}

/// PUB-SUPERVISOR: registers a finding of a supervisor of the office's register in term on
/// the day it was made, or refuses with every problem (nothing stored); history and audit in
/// the same transaction.
pub async fn register_finding(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    supervisor_id: SupervisorId,
    filing: FindingFiling,
) -> Result<(Finding, String)> {
    platform::units::get(db, filing.unit.0)
        .await
        .map_err(|_| Error::invalid("请选择被监督单位"))?;
    let mut tx = db.begin().await?;
    let supervisor = store::supervisor_in(&mut tx, supervisor_id, None)
        .await
        .map_err(|_| Error::invalid("请选择监督员"))?;
    let (mut finding, events) = supervisor::register(
        FindingId(0),
        acting.unit,
        filing,
        &supervisor,
        acting,
        context.now,
    )?;
    let number = store::insert_finding(&mut tx, &mut finding, context.now.millis()).await?;
    let machine = Findings { acting };
    let subject = Subject {
        id: finding.id,
        loaded: None,
        state: &finding,
    };
    workflow::record(&mut tx, &machine, context, subject, "register", &events).await?;
    let event =
        AuditEvent::new("openness.finding.register", "openness_finding", finding.id).detail(
            format!("监督意见 {number} 登记：{}", finding.filing.link.label_zh()),
        );
    audit::record(&mut tx, context.actor, event, context.now.millis()).await?;
    tx.commit().await?;
    Ok((finding, number))
}

/// A finding as a back-office page shows it.
#[derive(Debug, Clone)]
pub struct OfficeFinding {
    /// For the unit it concerns, without the supervisor.
    pub finding: Finding,
    pub number: String,
    pub version: i64,
    pub as_office: bool,
    pub available: Vec<CommandKind>,
}

/// Finding `id` for `acting`: the office's staff see it whole, the unit it concerns without
/// who found it, anyone else learns nothing of it.
pub async fn office_finding(db: &Db, id: FindingId, acting: &Acting) -> Result<OfficeFinding> {
    let stored = store::finding(db, id).await?;
    let as_office = acting.has_in(Role::OpennessOfficer, stored.finding.office)
        || acting.has_in(Role::UnitLeader, stored.finding.office);
    if !as_office && !supervisor::is_unit(&stored.finding, acting) {
        return Err(Error::not_found(format!("监督意见 {id}")));
    }
    let available = supervisor::available(&stored.finding, acting);
    let finding = if as_office {
        stored.finding
    } else {
        stored.finding.for_unit()
    };
    Ok(OfficeFinding {
        finding,
        number: stored.number,
        version: stored.version,
        as_office,
        available,
    })
}

/// PUB-SUPERVISOR: runs `command` on finding `id` through the kernel's one path; a finding
/// outside the acting user's reach is not found, a refusal changes nothing.
pub async fn execute(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    id: FindingId,
    command: Command,
    expected_version: Option<i64>,
) -> Result<(Finding, i64)> {
    office_finding(db, id, acting).await?;
    let machine = Findings { acting };
    workflow::execute(db, &machine, context, id, command, expected_version).await
}

/// The findings the viewer's unit registered or that concern it, each as the viewer may
/// see it.
pub async fn findings(db: &Db, acting: &Acting) -> Result<Vec<(StoredFinding, bool)>> {
    let mut lines = Vec::new();
    for mut stored in store::findings(db, acting.unit, 500).await? {
        let as_office = stored.finding.office == acting.unit;
        if !as_office {
            stored.finding = stored.finding.for_unit();
        }
        lines.push((stored, as_office));
    }
    Ok(lines)
}
