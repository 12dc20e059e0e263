//! Security findings on the workflow kernel (NET-LEDGER; 000 外网 §15): the extranet office
//! sends a finding to a unit (its fix clock starts, filed under the unit), every command of
//! the pure machine runs through [`platform::workflow::execute`] (snapshot, history, clock,
//! audit row, one transaction). The cut-off marks the unit's live allocations blocked in the
//! same transaction; restoring clears them when no other finding of the unit stands cut off.

use calendar::Instant;
use platform::audit::{self, AuditEvent};
use platform::db::{Db, Tx};
use platform::roles::Role;
use platform::workflow::{self, Context, Machine, Subject, SubjectKind};
use platform::{Error, Result};

use crate::ledger::finding::{self, Finding, FindingCommand, FindingCommandKind, FindingEvent};
use crate::ledger::{FindingClock, FindingId, FindingStatus};
use crate::store::findings::{self as store, StoredFinding};
use crate::store::ipam as ipam_store;
use crate::{Acting, Rules, UnitId};

/// A security finding as a subject of the kernel: its fix clock (NET-LEDGER) in 电子监察 and
/// the workbench, its history.
pub const FINDING_SUBJECT: SubjectKind = SubjectKind {
    code: "extranet_finding",
    label: "外网安全检查问题",
    number_table: "extranet_findings",
    page: "/office/extranet/findings/",
    main_rule: "NET-LEDGER",
    overdue_flag: None,
    clock_name: FindingClock::label_of_code,
    waits: WAITS,
    history: workflow::HistoryTable {
        table: "extranet_finding_events",
        subject_column: "finding_id",
    },
    command_label: FindingCommandKind::label_of_code,
    effect_words: |_| None,
    counting: workflow::counters::Counting::NONE,
};

/// NET-LEDGER: what waits for the unit (fix an open finding, or one it was cut off for) and
/// for the office (verify a reported fix).
const WAITS: &[workflow::Wait] = &[
    workflow::Wait {
        role: Role::ExtranetAdmin,
        label: "待核实整改的外网安全检查问题",
        sql: "SELECT id, number FROM extranet_findings WHERE office_unit_id = $1 AND \
              status IN ('reported', 'cut_off_reported')",
        red_only: false,
        unit_clocks: true,
    },
    workflow::Wait {
        role: Role::UnitLeader,
        label: "待整改的外网安全检查问题",
        sql: "SELECT id, number FROM extranet_findings WHERE unit_id = $1 AND \
              status IN ('open', 'cut_off')",
        red_only: false,
        unit_clocks: true,
    },
    workflow::Wait {
        role: Role::UnitHandler,
        label: "待整改的外网安全检查问题",
        sql: "SELECT id, number FROM extranet_findings WHERE unit_id = $1 AND \
              status IN ('open', 'cut_off')",
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
    type Command = FindingCommand;
    type Event = FindingEvent;

    fn kind(&self) -> &'static SubjectKind {
        &FINDING_SUBJECT
    }

    async fn load(
        &self,
        tx: &mut Tx,
        id: FindingId,
        command: FindingCommand,
    ) -> Result<(StoredFinding, i64, FindingCommand)> {
        let stored = store::get_in(tx, id).await?;
        let version = stored.version;
        Ok((stored, version, command))
    }

    fn decide(
        &self,
        loaded: &StoredFinding,
        command: &FindingCommand,
        context: &Context<'_>,
    ) -> Result<(Finding, Vec<FindingEvent>)> {
        let rules = Rules {
            profile: context.profile,
            calendar: context.calendar,
        };
        Ok(finding::apply(
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
        store::update(tx, finding, version, now.millis()).await
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

    fn command_code(&self, command: &FindingCommand) -> String {
        command.kind().code()
    }

    async fn default_unit(&self, _tx: &mut Tx, subject: &Subject<'_, Self>) -> Result<i64> {
        Ok(subject.state.unit.0)
    }

    async fn effect(
        &self,
        tx: &mut Tx,
        _context: &Context<'_>,
        subject: &Subject<'_, Self>,
        event: &FindingEvent,
    ) -> Result<()> {
        let FindingEvent::Stepped { command, .. } = event else {
            return Ok(());
        };
        let unit = subject.state.unit;
        match command {
            // NET-LEDGER §15: 阻断接入线路 — the unit's addresses are marked while cut off.
            FindingCommandKind::CutOff => {
                ipam_store::mark_blocked(tx, unit, true).await?;
            }
            // Restored: unmarked unless another finding still keeps the unit cut off.
            FindingCommandKind::Restore
                if store::other_cut_offs(tx, unit, subject.id).await? == 0 =>
            {
                ipam_store::mark_blocked(tx, unit, false).await?;
            }
            _ => {}
        }
        Ok(())
    }

    fn audit(
        &self,
        id: FindingId,
        loaded: &StoredFinding,
        finding: &Finding,
        command: &FindingCommand,
    ) -> AuditEvent {
        let code = command.kind().code();
        AuditEvent::new(&format!("extranet.finding.{code}"), "extranet_finding", id).detail(
            format!(
                "外网安全检查问题 {}：{}，{} → {}",
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

/// NET-LEDGER §15: the office `office` sends a finding to `unit`, or refuses it with every
/// problem (nothing stored). The fix clock, the history and the audit row are in the same
/// transaction.
pub async fn send(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    office: UnitId,
    unit: UnitId,
    title: &str,
    detail: &str,
) -> Result<StoredFinding> {
    platform::units::get(db, unit.0)
        .await
        .map_err(|_| Error::invalid("请选择被检查的接入单位"))?;
    let rules = Rules {
        profile: context.profile,
        calendar: context.calendar,
    };
    let (mut finding, events) = finding::send(
        FindingId(0),
        office,
        unit,
        title,
        detail,
        acting,
        context.now,
        rules,
    )?;
    let mut tx = db.begin().await?;
    let stored = store::insert(&mut tx, &mut finding, context.now.millis()).await?;
    let machine = Findings { acting };
    let subject = Subject {
        id: finding.id,
        loaded: None,
        state: &finding,
    };
    workflow::record(&mut tx, &machine, context, subject, "send", &events).await?;
    let event =
        AuditEvent::new("extranet.finding.send", "extranet_finding", finding.id).detail(format!(
            "下发外网安全检查问题 {}（单位 {}）：{}",
            stored.number, unit.0, finding.title
        ));
    audit::record(&mut tx, context.actor, event, context.now.millis()).await?;
    tx.commit().await?;
    Ok(stored)
}

/// NET-LEDGER: runs `command` on finding `id` through the kernel's one path; a finding outside
/// the acting user's reach is not found, a refusal changes nothing.
pub async fn execute(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    id: FindingId,
    command: FindingCommand,
    expected_version: Option<i64>,
) -> Result<(Finding, i64)> {
    office_finding(db, id, acting).await?;
    let machine = Findings { acting };
    workflow::execute(db, &machine, context, id, command, expected_version).await
}

/// A finding as its page shows it.
#[derive(Debug, Clone)]
pub struct OfficeFinding {
    pub stored: StoredFinding,
    /// The commands the viewer may run now.
    pub available: Vec<FindingCommandKind>,
}

fn may_read(acting: &Acting, finding: &Finding) -> bool {
    acting.is_office(finding.office) || acting.is_unit_staff(finding.unit)
}

/// Finding `id` for `acting`; anyone but the office and the unit learns nothing of it.
pub async fn office_finding(db: &Db, id: FindingId, acting: &Acting) -> Result<OfficeFinding> {
    let stored = store::get(db, id).await?;
    if !may_read(acting, &stored.finding) {
        return Err(Error::not_found(format!("安全检查问题 {id}")));
    }
    let available = finding::available(&stored.finding, acting);
    Ok(OfficeFinding { stored, available })
}

/// The findings of the viewer's unit: sent by it (the office) or to it.
pub async fn list(db: &Db, acting: &Acting, limit: i64) -> Result<Vec<StoredFinding>> {
    store::list(db, acting.unit, limit).await
}

/// NET-LEDGER: whether `unit` is cut off now (a finding standing 已断开).
pub async fn is_cut_off(db: &Db, unit: UnitId) -> Result<bool> {
    Ok(store::of_unit(db, unit)
        .await?
        .iter()
        .any(|stored| stored.finding.status.cuts_off()))
}

/// The status words of the unit's access for its ledger.
pub fn access_state(cut_off: bool) -> &'static str {
    if cut_off {
        FindingStatus::CutOff.label_zh()
    } else {
        "正常接入"
    }
}
