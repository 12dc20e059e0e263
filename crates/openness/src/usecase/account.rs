//! Accountability cases for openness failures on the workflow kernel (PUB-ACCOUNT; 002 责任追究
//! §6–9): the openness office opens a case — the record it comes from checked to exist and to
//! concern the unit held to account — with the report clock filed under the unit; every
//! command runs through [`platform::workflow::execute`] (snapshot, history, clocks in 电子监察
//! and the workbench, audit row, one transaction).

use calendar::Instant;
use platform::audit::{self, AuditEvent};
use platform::db::{Db, Tx};
use platform::roles::Role;
use platform::workflow::{self, Context, Machine, Subject, SubjectKind};
use platform::{Error, Result};

use crate::account::{self, AccountCase, CaseId, Command, CommandKind, Event, Opening};
use crate::store::account::{self as store, StoredCase};
use crate::{Acting, Rules};

/// An accountability case as a subject of the kernel: its report clock (PUB-ACCOUNT).
pub const CASE_SUBJECT: SubjectKind = SubjectKind {
    code: "openness_account_case",
    label: "政务公开责任追究",
    number_table: "openness_account_cases",
    page: "/office/openness/accountability/",
    main_rule: "PUB-ACCOUNT",
    overdue_flag: None,
    clock_name: |_| "整改报告期限",
    waits: WAITS,
    history: workflow::HistoryTable {
        table: "openness_account_case_events",
        subject_column: "case_id",
    },
    command_label: CommandKind::label_of_code,
    effect_words: |_| None,
    counting: workflow::counters::Counting::NONE,
};

/// PUB-ACCOUNT: what waits for the office (a report to judge) and for the unit (its report).
const WAITS: &[workflow::Wait] = &[
    workflow::Wait {
        role: Role::OpennessOfficer,
        label: "待审核的责任追究整改报告",
        sql: "SELECT id, number FROM openness_account_cases WHERE status = 'reported' \
              AND office_unit_id = $1",
        red_only: false,
        unit_clocks: true,
    },
    workflow::Wait {
        role: Role::UnitLeader,
        label: "待提交的责任追究整改报告",
        sql: "SELECT id, number FROM openness_account_cases WHERE status = 'open' \
              AND unit_id = $1",
        red_only: false,
        unit_clocks: true,
    },
];

/// The case as the kernel runs it, for one staff user.
pub struct Cases<'a> {
    pub acting: &'a Acting,
}

impl Machine for Cases<'_> {
    type Id = CaseId;
    type Loaded = StoredCase;
    type State = AccountCase;
    type Command = Command;
    type Event = Event;

    fn kind(&self) -> &'static SubjectKind {
        &CASE_SUBJECT
    }

    async fn load(
        &self,
        tx: &mut Tx,
        id: CaseId,
        command: Command,
    ) -> Result<(StoredCase, i64, Command)> {
        let stored = store::get_in(tx, id).await?;
        let version = stored.version;
        Ok((stored, version, command))
    }

    fn decide(
        &self,
        loaded: &StoredCase,
        command: &Command,
        context: &Context<'_>,
    ) -> Result<(AccountCase, Vec<Event>)> {
        let rules = Rules {
            profile: context.profile,
            calendar: context.calendar,
        };
        Ok(account::apply(
            &loaded.case,
            command,
            self.acting,
            context.now,
            rules,
        )?)
    }

    async fn store(
        &self,
        tx: &mut Tx,
        _id: CaseId,
        _loaded: &StoredCase,
        case: &AccountCase,
        version: i64,
        now: Instant,
    ) -> Result<i64> {
        store::update(tx, case, version, now.millis()).await
    }

    fn statuses(
        &self,
        loaded: Option<&StoredCase>,
        case: &AccountCase,
    ) -> (Option<&'static str>, &'static str) {
        (
            loaded.map(|loaded| loaded.case.status.code()),
            case.status.code(),
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
        id: CaseId,
        loaded: &StoredCase,
        case: &AccountCase,
        command: &Command,
    ) -> AuditEvent {
        let code = self.command_code(command);
        AuditEvent::new(
            &format!("openness.account.{code}"),
            "openness_account_case",
            id,
        )
        .detail(format!(
            "责任追究 {}：{}，{} → {}",
            loaded.number,
            command.kind().label_zh(),
            loaded.case.status.label_zh(),
            case.status.label_zh()
        ))
    }

    fn conflict_message(&self) -> &'static str {
        store::CONFLICT
    }
}

/// PUB-ACCOUNT: opens a case in the acting officer's office inside `tx`, or refuses with
/// every problem; the linked record must exist and concern the unit. History and audit in
/// the same transaction. Returns the case and its number.
pub async fn open_in(
    tx: &mut Tx,
    context: &Context<'_>,
    acting: &Acting,
    opening: Opening,
) -> Result<(AccountCase, String)> {
    if let Some(link) = opening.link {
        match store::source_unit_in(tx, link.source, link.id).await? {
            None => {
                return Err(Error::invalid(format!(
                    "关联的{} {} 不存在",
                    link.source.label_zh(),
                    link.id
                )));
            }
            Some(unit) if unit != opening.unit => {
                return Err(Error::invalid(format!(
                    "关联的{} {} 不涉及被追究责任的单位",
                    link.source.label_zh(),
                    link.id
                )));
            }
            Some(_) => {}
        }
    }
    let rules = Rules {
        profile: context.profile,
        calendar: context.calendar,
    };
    let (mut case, events) =
        account::open(CaseId(0), acting.unit, opening, acting, context.now, rules)?;
    let number = store::insert(tx, &mut case, context.now.millis()).await?;
    let machine = Cases { acting };
    let subject = Subject {
        id: case.id,
        loaded: None,
        state: &case,
    };
    workflow::record(tx, &machine, context, subject, "register", &events).await?;
    let event =
        AuditEvent::new("openness.account.open", "openness_account_case", case.id).detail(format!(
            "责任追究 {number} 立案：{}，{}",
            case.opening.failure.label_zh(),
            case.opening.sanction.label_zh()
        ));
    audit::record(tx, context.actor, event, context.now.millis()).await?;
    Ok((case, number))
}

/// PUB-ACCOUNT: [`open_in`] in its own transaction; the unit must exist.
pub async fn open(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    opening: Opening,
) -> Result<(AccountCase, String)> {
    platform::units::get(db, opening.unit.0)
        .await
        .map_err(|_| Error::invalid("请选择被追究责任的单位"))?;
    let mut tx = db.begin().await?;
    let opened = open_in(&mut tx, context, acting, opening).await?;
    tx.commit().await?;
    Ok(opened)
}

/// A case as a back-office page shows it.
#[derive(Debug, Clone)]
pub struct OfficeCase {
    pub case: AccountCase,
    pub number: String,
    pub version: i64,
    pub as_office: bool,
    pub available: Vec<CommandKind>,
}

/// Case `id` for `acting`: the office's staff and the unit held to account see it; anyone
/// else learns nothing of it.
pub async fn office_case(db: &Db, id: CaseId, acting: &Acting) -> Result<OfficeCase> {
    let stored = store::get(db, id).await?;
    let as_office = acting.has_in(Role::OpennessOfficer, stored.case.office)
        || acting.has_in(Role::UnitLeader, stored.case.office);
    if !as_office && !account::is_unit(&stored.case, acting) {
        return Err(Error::not_found(format!("责任追究案件 {id}")));
    }
    let available = account::available(&stored.case, acting);
    Ok(OfficeCase {
        case: stored.case,
        number: stored.number,
        version: stored.version,
        as_office,
        available,
    })
}

/// PUB-ACCOUNT: runs `command` on case `id` through the kernel's one path.
pub async fn execute(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    id: CaseId,
    command: Command,
    expected_version: Option<i64>,
) -> Result<(AccountCase, i64)> {
    office_case(db, id, acting).await?;
    let machine = Cases { acting };
    workflow::execute(db, &machine, context, id, command, expected_version).await
}
