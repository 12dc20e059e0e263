//! The weekly quota of the units (WEB-SUBMIT; 004 §26: 每周至少报送1条以上信息) and its
//! accountability (004 §40: 报送信息连续3次以上不及时…单位主要领导要向市委、市政府说明情况):
//! the table of each unit's weeks (submitted, adopted, met or not), the scan that records each
//! run of `website.submission_late_run` weeks in a row without the quota as an accountability
//! event of the unit (its leaders told, audited; a run that goes on is extended, not recorded
//! twice), and the principal's written explanation.
//!
//! The units held to the quota are the active units of the jurisdiction but the government
//! itself, villages and the IT office that runs the sites (各镇（街道）、各单位), and any unit
//! that submitted.

use calendar::Instant;
use chrono::NaiveDate;
use platform::audit::{self, AuditEvent};
use platform::db::Db;
use platform::profile::RuleProfile;
use platform::roles::Role;
use platform::units::UnitKind;
use platform::workflow::Context;
use platform::{Error, Result};

use crate::store::submissions::{self as store, LateRunRecord};
use crate::submission::quota::{self, Quota, UnitWeeks};
use crate::{Acting, UnitId};

/// The most weeks one table shows.
pub const MAX_WEEKS: u32 = 53;

/// The most characters of an explanation.
pub const EXPLANATION_MAX_CHARS: usize = 2_000;

/// One unit's line of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitLine {
    pub unit: UnitId,
    pub name: String,
    pub weeks: UnitWeeks,
}

/// WEB-SUBMIT: the weekly table of the units.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeeksTable {
    /// `website.unit_weekly_submissions` (0: not required).
    pub per_week: u32,
    /// The Mondays of the weeks shown.
    pub mondays: Vec<NaiveDate>,
    pub units: Vec<UnitLine>,
}

/// The units held to the weekly quota, with their names, in the unit tree's order.
async fn obliged_units(db: &Db) -> Result<Vec<(UnitId, String)>> {
    Ok(platform::units::list(db)
        .await?
        .into_iter()
        .filter(|unit| unit.active)
        .filter(|unit| {
            !matches!(
                unit.kind,
                UnitKind::Government | UnitKind::Village | UnitKind::ItOffice
            )
        })
        .map(|unit| (UnitId(unit.id), unit.name))
        .collect())
}

async fn quota_of(db: &Db, profile: &RuleProfile, today: NaiveDate) -> Result<Quota> {
    Ok(Quota {
        per_week: profile.website.unit_weekly_submissions,
        tracked_from: store::first_site_at(db).await?.map(|at| at.local_date()),
        today,
    })
}

async fn tally(
    db: &Db,
    first: NaiveDate,
    weeks: u32,
    quota: Quota,
) -> Result<(Vec<(UnitId, String)>, Vec<UnitWeeks>)> {
    let first = quota::week_of(first);
    let from = Instant::from_local(first, 0);
    let until = Instant::from_local(quota::weeks_after(first, weeks), 0);
    let receipts = store::receipts(db, from, until).await?;
    let mut units = obliged_units(db).await?;
    let ids: Vec<UnitId> = units.iter().map(|(id, _)| *id).collect();
    let tallied = quota::tally(&ids, &receipts, first, weeks, quota);
    for line in &tallied {
        if !units.iter().any(|(id, _)| *id == line.unit) {
            let name = platform::units::get(db, line.unit.0).await?.name;
            units.push((line.unit, name));
        }
    }
    Ok((units, tallied))
}

/// WEB-SUBMIT: each unit's `weeks` weeks (at most [`MAX_WEEKS`]) from the week of `first`:
/// submitted, adopted, and whether the week met the profile's quota, as of `today`.
pub async fn submission_weeks(
    db: &Db,
    profile: &RuleProfile,
    first: NaiveDate,
    weeks: u32,
    today: NaiveDate,
) -> Result<WeeksTable> {
    if weeks == 0 || weeks > MAX_WEEKS {
        return Err(Error::invalid(format!(
            "统计周数应在 1 到 {MAX_WEEKS} 之间"
        )));
    }
    let quota = quota_of(db, profile, today).await?;
    let (names, tallied) = tally(db, first, weeks, quota).await?;
    let first = quota::week_of(first);
    Ok(WeeksTable {
        per_week: quota.per_week,
        mondays: (0..weeks).map(|n| quota::weeks_after(first, n)).collect(),
        units: tallied
            .into_iter()
            .map(|weeks| UnitLine {
                name: names
                    .iter()
                    .find(|(id, _)| *id == weeks.unit)
                    .map(|(_, name)| name.clone())
                    .unwrap_or_default(),
                unit: weeks.unit,
                weeks,
            })
            .collect(),
    })
}

/// WEB-SUBMIT (004 §40): records every run of `website.submission_late_run` or more weeks in
/// a row that ended without the quota, from the site group's first week to the last week
/// over at `context.now`: a new run is an accountability event of the unit (its leaders are
/// told that the principal explains in writing), a run that went on is extended; each with
/// its audit row, in one transaction. Returns the runs recorded or extended. Nothing when the
/// profile asks for no quota or no run.
pub async fn record_late_runs(db: &Db, context: &Context<'_>) -> Result<Vec<LateRunRecord>> {
    let website = &context.profile.website;
    let run = website.submission_late_run;
    let today = context.now.local_date();
    let quota = quota_of(db, context.profile, today).await?;
    let Some(tracked_from) = quota.tracked_from else {
        return Ok(Vec::new());
    };
    if quota.per_week == 0 || run == 0 {
        return Ok(Vec::new());
    }
    let first = quota::week_of(tracked_from);
    let this_week = quota::week_of(today);
    let weeks = u32::try_from((this_week - first).num_weeks()).unwrap_or(0);
    if weeks < run {
        return Ok(Vec::new());
    }
    let (names, tallied) = tally(db, first, weeks, quota).await?;
    let mut tx = db.begin().await?;
    let mut changed = Vec::new();
    for unit_weeks in &tallied {
        let name = names
            .iter()
            .find(|(id, _)| *id == unit_weeks.unit)
            .map_or("", |(_, name)| name.as_str());
        for found in quota::late_runs(&unit_weeks.weeks, run) {
            let unit = unit_weeks.unit;
            let detail = format!(
                "{name}自{}所在周起连续{}周未按要求报送信息（每周至少{}条），须由单位主要领导书面说明情况",
                found.first, found.weeks, quota.per_week
            );
            let id = match store::late_run_in(&mut tx, unit, found.first).await? {
                None => {
                    let id = store::insert_late_run(
                        &mut tx,
                        unit,
                        (found.first, found.last, found.weeks),
                        context.now,
                    )
                    .await?;
                    let text = format!("{detail}（WEB-SUBMIT）");
                    super::submission_machine::notify_leaders(&mut tx, context, unit, &text)
                        .await?;
                    let event = AuditEvent::new("sites.submission.late_run", "site_unit", unit)
                        .detail(format!("记录报送问责：{detail}"));
                    audit::record(&mut tx, context.actor, event, context.now.millis()).await?;
                    id
                }
                Some(known) if known.weeks < found.weeks => {
                    store::extend_late_run(&mut tx, known.id, found.last, found.weeks).await?;
                    let event = AuditEvent::new("sites.submission.late_run", "site_unit", unit)
                        .detail(format!("报送问责记录延续：{detail}"));
                    audit::record(&mut tx, context.actor, event, context.now.millis()).await?;
                    known.id
                }
                Some(_) => continue,
            };
            changed.push(store::late_run_by_id_in(&mut tx, id).await?);
        }
    }
    tx.commit().await?;
    Ok(changed)
}

/// WEB-SUBMIT (004 §40): the principal's written explanation (说明情况) of run `id`, by a
/// leader of its unit; given once.
pub async fn explain_late_run(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    id: i64,
    explanation: &str,
    expected_version: Option<i64>,
) -> Result<LateRunRecord> {
    let text = explanation.trim();
    if text.is_empty() {
        return Err(Error::invalid("请填写书面说明"));
    }
    if text.chars().count() > EXPLANATION_MAX_CHARS {
        return Err(Error::invalid(format!(
            "书面说明不能超过 {EXPLANATION_MAX_CHARS} 个字"
        )));
    }
    let mut tx = db.begin().await?;
    let record = store::late_run_by_id_in(&mut tx, id).await?;
    if !acting.has_in(Role::UnitLeader, record.unit) {
        return Err(Error::Refused(
            "只有该单位的主要领导可以书面说明情况（WEB-SUBMIT）".to_owned(),
        ));
    }
    if record.explanation.is_some() {
        return Err(Error::conflict("该问责记录已书面说明"));
    }
    if expected_version.is_some_and(|expected| expected != record.version) {
        return Err(Error::conflict("问责记录已被他人更新，请刷新后重试"));
    }
    store::explain_late_run(
        &mut tx,
        id,
        (text, acting.user),
        record.version,
        context.now,
    )
    .await?;
    let event =
        AuditEvent::new("sites.submission.explain", "site_unit", record.unit).detail(format!(
            "报送问责书面说明（{}起连续{}周）",
            record.first_week, record.weeks
        ));
    audit::record(&mut tx, context.actor, event, context.now.millis()).await?;
    let explained = store::late_run_by_id_in(&mut tx, id).await?;
    tx.commit().await?;
    Ok(explained)
}

/// WEB-SUBMIT: the recorded runs of `unit` (or of every unit), latest first.
pub async fn late_runs(db: &Db, unit: Option<UnitId>) -> Result<Vec<LateRunRecord>> {
    store::late_runs(db, unit).await
}
