//! The inspector's findings on the workflow kernel (WEB-INSPECT, WEB-NOADS): a crawl of a
//! registered site is recorded — each new finding becomes a task of the unit responsible for
//! the page (the responsible unit of its column, for a column or an article of the site;
//! else the site's host unit, 主办, 000 网站 §24, §26) with the fix clock of
//! `website.inspection_fix`, a finding seen again moves its `last_seen`, and a complete crawl
//! re-checks the findings marked fixed (closed when no longer found, opened again when still
//! there); the unit marks a finding fixed and a reviewer marks a word hit a false positive,
//! whose phrase goes to the whitelist — each through [`platform::workflow::execute`].

use calendar::Instant;
use platform::audit::{self, AuditEvent};
use platform::db::{Db, Tx};
use platform::roles::Role;
use platform::workflow::{self, Context, Machine, Subject, SubjectKind};
use platform::{Error, Result};

use super::finding::{self, Command, CommandKind, Event, Finding, FindingId, Status};
use super::store::{self, StoredFinding};
use crate::{Acting, SiteId, UnitId};

/// A finding as a subject of the kernel: its fix clock in 电子监察 and the workbench.
pub const FINDING_SUBJECT: SubjectKind = SubjectKind {
    code: "inspect_finding",
    label: "网站巡检问题",
    number_table: "inspect_findings",
    page: "/office/inspect/findings/",
    main_rule: "WEB-INSPECT",
    overdue_flag: None,
    clock_name: |_| "整改时限",
    waits: WAITS,
    history: workflow::HistoryTable {
        table: "inspect_finding_events",
        subject_column: "finding_id",
    },
    command_label: CommandKind::label_of_code,
    effect_words: |_| None,
    counting: workflow::counters::Counting::NONE,
};

/// WEB-INSPECT: the responsible unit's editors and leaders see the findings to fix; its
/// reviewers the word hits they may judge.
const WAITS: &[workflow::Wait] = &[
    workflow::Wait {
        role: Role::SiteEditor,
        label: "待整改的网站巡检问题",
        sql: "SELECT id, number FROM inspect_findings WHERE status = 'open' AND unit_id = $1",
        red_only: false,
        unit_clocks: true,
    },
    workflow::Wait {
        role: Role::UnitLeader,
        label: "本单位待整改的网站巡检问题",
        sql: "SELECT id, number FROM inspect_findings WHERE status = 'open' AND unit_id = $1",
        red_only: false,
        unit_clocks: true,
    },
    workflow::Wait {
        role: Role::Reviewer,
        label: "待研判的错敏词",
        sql: "SELECT id, number FROM inspect_findings WHERE status = 'open' AND unit_id = $1 \
              AND kind IN ('sensitive-word', 'wrong-word')",
        red_only: false,
        unit_clocks: true,
    },
];

/// The kinds that are not work of the unit: what the crawler could not read within its
/// limits (reported on the run, not as a task).
fn is_task_kind(kind: &str) -> bool {
    !matches!(kind, "too-large" | "unreadable")
}

/// A finding as the kernel runs it.
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
        let stored = store::get_in(tx, id).await?;
        let version = stored.version;
        Ok((stored, version, command))
    }

    fn decide(
        &self,
        loaded: &StoredFinding,
        command: &Command,
        context: &Context<'_>,
    ) -> Result<(Finding, Vec<Event>)> {
        let limit = context.profile.website.inspection_fix.limit();
        finding::apply(
            &loaded.finding,
            command,
            self.acting,
            context.now,
            limit,
            context.calendar,
        )
        .map_err(|refused| Error::invalid(refused.0))
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

    fn command_code(&self, command: &Command) -> String {
        workflow::command_code(&command.kind())
    }

    async fn default_unit(&self, _tx: &mut Tx, subject: &Subject<'_, Self>) -> Result<i64> {
        Ok(subject.state.unit.0)
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
        AuditEvent::new(&format!("inspect.finding.{code}"), "inspect_finding", id).detail(format!(
            "网站巡检问题 {}：{}，{} → {}",
            loaded.number,
            command.kind().label_zh(),
            loaded.finding.status.label_zh(),
            finding.status.label_zh()
        ))
    }

    fn conflict_message(&self) -> &'static str {
        store::CONFLICT
    }
}

fn describe(event: &Event) -> (&'static str, serde_json::Value) {
    let code = match event {
        Event::Found => "found",
        Event::MarkedFixed => "marked_fixed",
        Event::Confirmed => "confirmed",
        Event::Reopened => "reopened",
        Event::Dismissed => "dismissed",
        Event::Clock(_) => "clock",
    };
    (code, serde_json::json!({}))
}

platform::recorded!(Event, finding::FixClock, describe);

/// One finding of a crawl, as the crawler reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    pub kind: String,
    pub url: String,
    pub detail: String,
}

/// What recording a crawl did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Recorded {
    /// New findings, each a task of the unit.
    pub new: usize,
    /// Findings seen again.
    pub again: usize,
    /// Findings marked fixed that the re-check no longer found: closed.
    pub closed: usize,
    /// Findings marked fixed that are still there: open again.
    pub reopened: usize,
}

/// WEB-INSPECT: records the findings of one crawl of `site` at `context.now`, in one
/// transaction: new ones become tasks of `unit` with the fix clock, known ones are seen
/// again (a fixed one still there is opened again), and when `complete` (the crawl read the
/// whole site and its start page answered) the fixed ones not seen are closed.
pub async fn record_crawl(
    db: &Db,
    context: &Context<'_>,
    site: SiteId,
    unit: UnitId,
    seen: &[Seen],
    complete: bool,
) -> Result<Recorded> {
    let acting = Acting::system();
    let machine = Findings { acting: &acting };
    let limit = context.profile.website.inspection_fix.limit();
    let now = context.now;
    let mut outcome = Recorded::default();
    let mut prints = std::collections::HashSet::new();
    let mut tx = db.begin().await?;
    for item in seen.iter().filter(|item| is_task_kind(&item.kind)) {
        let print = store::fingerprint(&item.kind, &item.url, &item.detail);
        if !prints.insert(print.clone()) {
            continue;
        }
        match store::by_fingerprint(&mut tx, site, &print).await? {
            None => {
                // The column's responsible unit when the page is a column or an article of
                // the site, else the site's.
                let unit = match store::column_unit(&mut tx, site, &item.url).await? {
                    Some(column_unit) => UnitId(column_unit),
                    None => unit,
                };
                let (mut finding, events) = finding::found(
                    site,
                    unit,
                    &item.kind,
                    &item.url,
                    &item.detail,
                    limit,
                    now,
                    context.calendar,
                );
                store::insert(&mut tx, &mut finding, now.millis()).await?;
                let subject = Subject {
                    id: finding.id,
                    loaded: None,
                    state: &finding,
                };
                workflow::record(&mut tx, &machine, context, subject, "find", &events).await?;
                outcome.new += 1;
            }
            Some((id, Status::Fixed)) => {
                let recheck = Command::Recheck { found: true };
                workflow::execute_in(&mut tx, &machine, context, id, recheck, None).await?;
                outcome.reopened += 1;
            }
            Some((id, Status::Open)) => {
                store::seen(&mut tx, id, now.millis()).await?;
                outcome.again += 1;
            }
            // Closed and dismissed findings stay so; a closed one found again is a new
            // sighting of the same digest: open it as new work.
            Some((id, Status::Closed)) => {
                reopen_closed(&mut tx, context, id, limit).await?;
                outcome.new += 1;
            }
            Some((_, Status::Dismissed)) => {}
        }
    }
    if complete {
        for (id, print) in store::awaiting_recheck(&mut tx, site).await? {
            if prints.contains(&print) {
                continue;
            }
            let recheck = Command::Recheck { found: false };
            workflow::execute_in(&mut tx, &machine, context, id, recheck, None).await?;
            outcome.closed += 1;
        }
    }
    tx.commit().await?;
    Ok(outcome)
}

/// A closed finding seen again: open with a new clock (recorded as a new finding's step).
async fn reopen_closed(
    tx: &mut Tx,
    context: &Context<'_>,
    id: FindingId,
    limit: calendar::Limit,
) -> Result<()> {
    let stored = store::get_in(tx, id).await?;
    let (mut finding, events) = finding::found(
        stored.finding.site,
        stored.finding.unit,
        &stored.finding.kind,
        &stored.finding.url,
        &stored.finding.detail,
        limit,
        context.now,
        context.calendar,
    );
    finding.id = id;
    finding.first_seen = stored.finding.first_seen;
    store::update(tx, &finding, stored.version, context.now.millis()).await?;
    let acting = Acting::system();
    let machine = Findings { acting: &acting };
    let subject = Subject {
        id,
        loaded: Some(&stored),
        state: &finding,
    };
    workflow::record(tx, &machine, context, subject, "find", &events).await
}

/// A finding as a back-office page shows it.
#[derive(Debug, Clone)]
pub struct OfficeFinding {
    pub stored: StoredFinding,
    /// The commands the viewer may run now.
    pub available: Vec<CommandKind>,
}

/// Finding `id` for the staff of its responsible unit and the inspection's overseers (the
/// system administrator); anyone else learns nothing of it.
pub async fn office_finding(db: &Db, id: FindingId, acting: &Acting) -> Result<OfficeFinding> {
    let stored = store::get(db, id).await?;
    let of_unit = acting.unit == stored.finding.unit;
    if !of_unit && !acting.has(Role::SystemAdmin) {
        return Err(Error::not_found(format!("巡检问题 {id}")));
    }
    let available = finding::available(&stored.finding, acting);
    Ok(OfficeFinding { stored, available })
}

/// WEB-INSPECT: runs `command` on finding `id` through the kernel's one path; a false
/// positive's phrase joins the whitelist (audited) in the same transaction. A finding outside
/// the acting user's reach is not found, a refusal changes nothing.
pub async fn execute(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    id: FindingId,
    command: Command,
    expected_version: Option<i64>,
) -> Result<(Finding, i64)> {
    office_finding(db, id, acting).await?;
    if matches!(command, Command::Recheck { .. }) {
        return Err(Error::invalid("复查由巡检任务完成"));
    }
    let machine = Findings { acting };
    let mut tx = db.begin().await?;
    let (finding, version) =
        workflow::execute_in(&mut tx, &machine, context, id, command, expected_version).await?;
    if let Some(phrase) = finding.phrase.as_deref()
        && finding.status == Status::Dismissed
    {
        let now = context.now.millis();
        let by = context.actor.user_id.unwrap_or(0);
        if let Some(row) = crate::store::inspect::add_phrase(&mut tx, phrase, by, now).await? {
            let event = AuditEvent::new("inspect.whitelist.add", "inspect_whitelist", row)
                .detail(format!("白名单添加“{phrase}”（巡检误报）"));
            audit::record(&mut tx, context.actor, event, now).await?;
        }
    }
    tx.commit().await?;
    Ok((finding, version))
}
