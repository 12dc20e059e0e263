//! Access applications on the workflow kernel (NET-ELIGIBLE, NET-ACCESS): a unit's staff (or
//! the extranet office for it) files an application, every command of the pure machine runs
//! through [`platform::workflow::execute`] (snapshot, history, the step's clock filed under
//! its owner, audit row, one transaction), and each side reads its applications: the office
//! those it reviews, the unit its own, nobody else.

use calendar::Instant;
use platform::audit::{self, AuditEvent};
use platform::db::{Db, Tx};
use platform::roles::Role;
use platform::workflow::{self, Context, Machine, Subject, SubjectKind};
use platform::{Error, Result};

use crate::application::{
    self, AccessClock, Application, ApplicationId, Command, CommandKind, Event, Filing,
};
use crate::store::applications::{self as store, StoredApplication};
use crate::{Acting, Rules, UnitId};

/// An access application as a subject of the kernel: its step clocks (NET-ACCESS) in 电子监察
/// and the workbench, its history.
pub const APPLICATION_SUBJECT: SubjectKind = SubjectKind {
    code: "extranet_application",
    label: "外网接入申请",
    number_table: "extranet_applications",
    page: "/office/extranet/applications/",
    main_rule: "NET-ACCESS",
    overdue_flag: None,
    clock_name: AccessClock::label_of_code,
    waits: WAITS,
    history: workflow::HistoryTable {
        table: "extranet_application_events",
        subject_column: "application_id",
    },
    command_label: CommandKind::label_of_code,
    effect_words: |_| None,
    counting: workflow::counters::Counting::NONE,
};

/// NET-ACCESS: what waits for the office (review, implementation, closing the link) and for
/// the applying unit (its plan, its business test).
const WAITS: &[workflow::Wait] = &[
    workflow::Wait {
        role: Role::ExtranetAdmin,
        label: "待审核、实施或关闭链路的外网接入申请",
        sql: "SELECT id, number FROM extranet_applications WHERE office_unit_id = $1 AND \
              (status IN ('applied', 'planned', 'troubleshooting') \
               OR (status = 'approved' AND kind = 'closing'))",
        red_only: false,
        unit_clocks: true,
    },
    workflow::Wait {
        role: Role::UnitLeader,
        label: "待报送方案或业务测试的外网接入申请",
        sql: "SELECT id, number FROM extranet_applications WHERE unit_id = $1 AND \
              ((status = 'approved' AND kind <> 'closing') OR status = 'implemented')",
        red_only: false,
        unit_clocks: true,
    },
    workflow::Wait {
        role: Role::UnitHandler,
        label: "待报送方案或业务测试的外网接入申请",
        sql: "SELECT id, number FROM extranet_applications WHERE unit_id = $1 AND \
              ((status = 'approved' AND kind <> 'closing') OR status = 'implemented')",
        red_only: false,
        unit_clocks: true,
    },
];

/// The application as the kernel runs it, for one staff user.
pub struct Applications<'a> {
    pub acting: &'a Acting,
}

impl Machine for Applications<'_> {
    type Id = ApplicationId;
    type Loaded = StoredApplication;
    type State = Application;
    type Command = Command;
    type Event = Event;

    fn kind(&self) -> &'static SubjectKind {
        &APPLICATION_SUBJECT
    }

    async fn load(
        &self,
        tx: &mut Tx,
        id: ApplicationId,
        command: Command,
    ) -> Result<(StoredApplication, i64, Command)> {
        let stored = store::get_in(tx, id).await?;
        let version = stored.version;
        Ok((stored, version, command))
    }

    fn decide(
        &self,
        loaded: &StoredApplication,
        command: &Command,
        context: &Context<'_>,
    ) -> Result<(Application, Vec<Event>)> {
        let rules = Rules {
            profile: context.profile,
            calendar: context.calendar,
        };
        Ok(application::apply(
            &loaded.application,
            command,
            self.acting,
            context.now,
            rules,
        )?)
    }

    async fn store(
        &self,
        tx: &mut Tx,
        _id: ApplicationId,
        _loaded: &StoredApplication,
        application: &Application,
        version: i64,
        now: Instant,
    ) -> Result<i64> {
        store::update(tx, application, version, now.millis()).await
    }

    fn statuses(
        &self,
        loaded: Option<&StoredApplication>,
        application: &Application,
    ) -> (Option<&'static str>, &'static str) {
        (
            loaded.map(|loaded| loaded.application.status.code()),
            application.status.code(),
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
        id: ApplicationId,
        loaded: &StoredApplication,
        application: &Application,
        command: &Command,
    ) -> AuditEvent {
        let code = self.command_code(command);
        AuditEvent::new(
            &format!("extranet.application.{code}"),
            "extranet_application",
            id,
        )
        .detail(format!(
            "外网接入申请 {}：{}，{} → {}",
            loaded.number,
            command.kind().label_zh(),
            loaded.application.status.label_zh(),
            application.status.label_zh()
        ))
    }

    fn conflict_message(&self) -> &'static str {
        store::CONFLICT
    }
}

/// NET-ELIGIBLE, NET-ACCESS: files `filing` with the extranet office `office`, or refuses it
/// with every problem (nothing stored). A change or a closing must name an access of the unit
/// in operation (a closed access is reopened only by a new access application). The review
/// clock, the history and the audit row are in the same transaction.
pub async fn register(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    office: UnitId,
    filing: Filing,
) -> Result<StoredApplication> {
    platform::units::get(db, filing.unit.0)
        .await
        .map_err(|_| Error::invalid("请选择申请接入的单位"))?;
    let rules = Rules {
        profile: context.profile,
        calendar: context.calendar,
    };
    let (mut application, events) =
        application::register(ApplicationId(0), office, filing, acting, context.now, rules)?;
    let mut tx = db.begin().await?;
    if let Some(access) = application.filing.of_access
        && !store::access_in_operation(&mut tx, application.filing.unit, access).await?
    {
        return Err(Error::invalid(format!(
            "所指的接入（申请 {access}）不是本单位运行中的接入；已关闭的接入须重新提出接入申请"
        )));
    }
    let stored = store::insert(&mut tx, &mut application, context.now.millis()).await?;
    let machine = Applications { acting };
    let subject = Subject {
        id: application.id,
        loaded: None,
        state: &application,
    };
    workflow::record(&mut tx, &machine, context, subject, "apply", &events).await?;
    let event = AuditEvent::new(
        "extranet.application.apply",
        "extranet_application",
        application.id,
    )
    .detail(format!(
        "外网{} {}：{}",
        application.filing.kind.label_zh(),
        stored.number,
        application.filing.eligibility.label_zh()
    ));
    audit::record(&mut tx, context.actor, event, context.now.millis()).await?;
    tx.commit().await?;
    Ok(stored)
}

/// NET-ACCESS: runs `command` on application `id` through the kernel's one path; an
/// application outside the acting user's reach is not found, a refusal changes nothing.
pub async fn execute(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    id: ApplicationId,
    command: Command,
    expected_version: Option<i64>,
) -> Result<(Application, i64)> {
    office_application(db, id, acting).await?;
    let machine = Applications { acting };
    workflow::execute(db, &machine, context, id, command, expected_version).await
}

/// An application as a back-office page shows it.
#[derive(Debug, Clone)]
pub struct OfficeApplication {
    pub stored: StoredApplication,
    /// The commands the viewer may run now.
    pub available: Vec<CommandKind>,
}

/// Whether `acting` may read `application`: the office's staff and the applying unit's.
fn may_read(acting: &Acting, application: &Application) -> bool {
    acting.is_office(application.office)
        || acting.has_in(Role::UnitLeader, application.office)
        || acting.is_unit_staff(application.filing.unit)
}

/// Application `id` for `acting`; anyone but the office and the applying unit learns nothing
/// of it.
pub async fn office_application(
    db: &Db,
    id: ApplicationId,
    acting: &Acting,
) -> Result<OfficeApplication> {
    let stored = store::get(db, id).await?;
    if !may_read(acting, &stored.application) {
        return Err(Error::not_found(format!("外网接入申请 {id}")));
    }
    let available = application::available(&stored.application, acting);
    Ok(OfficeApplication { stored, available })
}

/// NET-ACCESS (000 外网 §5(二)): the extranet office that reviews applications — the
/// jurisdiction's active 信息化办公室 (the first by its place in the tree).
pub async fn office(db: &Db) -> Result<UnitId> {
    platform::units::list(db)
        .await?
        .into_iter()
        .find(|unit| unit.active && unit.kind == platform::units::UnitKind::ItOffice)
        .map(|unit| UnitId(unit.id))
        .ok_or_else(|| {
            Error::invalid("本辖区尚未设立政务外网主管机构（信息化办公室），不能提出接入申请")
        })
}

/// The applications of the viewer's unit: reviewed by it (the office) or filed by it.
pub async fn list(db: &Db, acting: &Acting, limit: i64) -> Result<Vec<StoredApplication>> {
    store::list(db, acting.unit, limit).await
}
