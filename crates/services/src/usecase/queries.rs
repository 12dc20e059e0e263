//! Read-side use cases: the applicant's status view (SVC-STATUS), the handling desk of a
//! unit with its clocks' lights, and the e-supervision list of 超期办件 (SVC-PROMISE).

use calendar::{Calendar, Instant, Light};
use platform::Result;
use platform::clocks::{self, ClockStatus};
use platform::db::Db;
use platform::personal::DataKey;

use crate::backoffice::labelled_clocks;
use crate::case::{Status, StepProgress};
use crate::store::{CLOCK_SUBJECT, cases, events};
use crate::{CaseId, ItemId, UnitId};

/// SVC-STATUS: what the applicant sees with the number and the query code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusView {
    pub number: String,
    pub status: Status,
    /// Every step with its start, end and duration.
    pub steps: Vec<StepProgress>,
    /// The promised due time (paused time not counted), once accepted.
    pub promised_due: Option<Instant>,
}

/// SVC-STATUS: the case of `number` when `query_code` matches; a wrong code answers as an
/// unknown number (nothing is revealed) and counts against the number (issue 12 finding 3).
pub async fn case_status(
    db: &Db,
    key: &DataKey,
    number: &str,
    query_code: &str,
    calendar: &Calendar,
    now: Instant,
) -> Result<StatusView> {
    let stored = super::case_by_code(db, key, number, query_code).await?;
    Ok(StatusView {
        number: stored.number.clone(),
        status: stored.case.status,
        steps: stored.case.progress(calendar, now),
        promised_due: stored.case.promised_due(calendar),
    })
}

/// The history rows of a case (staff view).
pub async fn case_history(db: &Db, case: CaseId) -> Result<Vec<platform::workflow::HistoryRow>> {
    events::history(db, case).await
}

/// One open clock of a desk row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeskClock {
    pub rule_id: String,
    /// What it measures, in words (issue 14 item 10: `backoffice::labelled_clocks`).
    pub label: String,
    pub due_at: Instant,
    pub light: Light,
    pub status: ClockStatus,
}

/// One open case on a unit's handling desk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeskCase {
    pub case_id: CaseId,
    pub number: String,
    pub item: ItemId,
    pub status: Status,
    /// For the optimistic check of the next command.
    pub version: i64,
    /// The open clocks (promise, stage, acceptance …) with their lights.
    pub clocks: Vec<DeskClock>,
}

/// The open cases of `unit` (implementing department or accepting unit), oldest first, at
/// most `limit`, each with its open clocks' lights (CAL-LIGHT as the sweep stored them).
pub async fn desk(db: &Db, unit: UnitId, limit: i64) -> Result<Vec<DeskCase>> {
    let ids = cases::open_ids_of_unit(db, unit, limit).await?;
    let mut rows = Vec::with_capacity(ids.len());
    for stored in cases::many(db, &ids).await? {
        let stored_clocks = clocks::by_subject(db, CLOCK_SUBJECT, &stored.id.to_string()).await?;
        let clocks = labelled_clocks(&stored.case, None, stored.department, stored_clocks)
            .into_iter()
            .filter(|(_, clock)| clock.status.is_open())
            .map(|(label, clock)| DeskClock {
                rule_id: clock.rule_id,
                label,
                due_at: clock.due_at,
                light: clock.light,
                status: clock.status,
            })
            .collect();
        rows.push(DeskCase {
            case_id: stored.id,
            number: stored.number,
            item: stored.case.item,
            status: stored.case.status,
            version: stored.version,
            clocks,
        });
    }
    Ok(rows)
}

/// A 超期办件 for e-supervision (SVC-PROMISE).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverdueCase {
    pub case_id: CaseId,
    pub number: String,
    pub department: UnitId,
    pub status: Status,
    /// The promised due time that passed.
    pub due: Option<Instant>,
    /// When e-supervision flagged it, if it did.
    pub flagged: Option<Instant>,
    /// Optimistic version, for the `FlagOverdue` command.
    pub version: i64,
}

/// SVC-PROMISE: every case past its promised due time at `now` (paused time not counted),
/// or flagged 超期办件; candidates come from the clock table, the case snapshot decides.
pub async fn overdue_cases(db: &Db, calendar: &Calendar, now: Instant) -> Result<Vec<OverdueCase>> {
    let ids = cases::overdue_candidate_ids(db, now.millis()).await?;
    Ok(cases::many(db, &ids)
        .await?
        .into_iter()
        .filter(|stored| {
            stored.case.overdue_flagged.is_some() || stored.case.is_overdue(calendar, now)
        })
        .map(|stored| OverdueCase {
            case_id: stored.id,
            number: stored.number.clone(),
            department: stored.department,
            status: stored.case.status,
            due: stored.case.promised_due(calendar),
            flagged: stored.case.overdue_flagged,
            version: stored.version,
        })
        .collect())
}
