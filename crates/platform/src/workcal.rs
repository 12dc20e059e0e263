//! The jurisdiction's working calendar (CAL-WD, CAL-WH): the shipped national schedules with
//! the years an administrator imported or edited and the local closed days stored in
//! `calendar_days`, and the working hours of the rule profile, loaded as one
//! `calendar::Calendar`. Imports and day edits are audited in their own transaction.
//!
//! Layering: a year with any stored `holiday`/`makeup` row is wholly that stored schedule
//! (an imported year replaces the shipped data of that year); other years use the shipped
//! data. `closed` rows (本级关闭) make a day non-working on top of either.

use std::collections::BTreeSet;

use calendar::{
    Calendar, EntryKind, LocalClosedDay, ScheduleEntry, WorkingHours, national_entries,
    national_notices,
};
use chrono::{Datelike, NaiveDate};
use sqlx::Row as _;

use crate::audit::{self, AuditActor, AuditEvent};
use crate::db::{Db, Tx};
use crate::error::{Error, Result};
use crate::profile::RuleProfile;

/// The source recorded for a local closed day.
pub const LOCAL_CLOSED_SOURCE: &str = "本级关闭";
/// The source recorded for a day edited one by one in the back office or the CLI.
pub const EDITED_SOURCE: &str = "逐日修改";

/// What a stored row says about its date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DayMark {
    /// A statutory holiday of an imported or edited year.
    Holiday,
    /// A make-up working day (调休上班) of an imported or edited year.
    Makeup,
    /// A day the jurisdiction's halls are closed by order.
    Closed,
}

impl DayMark {
    /// `holiday`, `makeup`, `closed` (the stored code).
    pub const fn code(self) -> &'static str {
        match self {
            DayMark::Holiday => "holiday",
            DayMark::Makeup => "makeup",
            DayMark::Closed => "closed",
        }
    }

    /// 节假日, 调休上班, 本级关闭.
    pub const fn label_zh(self) -> &'static str {
        match self {
            DayMark::Holiday => "节假日",
            DayMark::Makeup => "调休上班",
            DayMark::Closed => "本级关闭",
        }
    }

    /// Parses the stored code.
    pub fn parse(code: &str) -> Result<DayMark> {
        match code.trim() {
            "holiday" => Ok(DayMark::Holiday),
            "makeup" => Ok(DayMark::Makeup),
            "closed" => Ok(DayMark::Closed),
            other => Err(Error::invalid(format!(
                "未知的日期类别“{other}”，应为 holiday、makeup 或 closed"
            ))),
        }
    }

    fn of_entry(kind: EntryKind) -> DayMark {
        match kind {
            EntryKind::Holiday => DayMark::Holiday,
            EntryKind::Makeup => DayMark::Makeup,
        }
    }
}

/// One row of `calendar_days`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDay {
    pub date: NaiveDate,
    pub mark: DayMark,
    /// The festival, or the reason of a closure.
    pub name: String,
    /// The notice number, `本级关闭` or `逐日修改`.
    pub source: String,
}

/// Which layer of a date `clear_day` removes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layer {
    /// The holiday or make-up entry of the year's schedule.
    Schedule,
    /// The local closure.
    LocalClosed,
}

/// The working hours of the rule profile (CAL-WH), with its summer schedule when all three
/// summer fields are set.
pub fn working_hours(profile: &RuleProfile) -> Result<WorkingHours> {
    let rules = &profile.calendar;
    let summer_set = !rules.summer_working_hours.trim().is_empty()
        && !rules.summer_from.trim().is_empty()
        && !rules.summer_until.trim().is_empty();
    let text = if summer_set {
        format!(
            "{};summer {}..{} {}",
            rules.working_hours.trim(),
            rules.summer_from.trim(),
            rules.summer_until.trim(),
            rules.summer_working_hours.trim()
        )
    } else {
        rules.working_hours.trim().to_owned()
    };
    text.parse::<WorkingHours>()
        .map_err(|e| Error::invalid(format!("规则配置中的工作时间无效：{e}")))
}

/// Every stored day of a jurisdiction, by date.
pub async fn stored_days(db: &Db, jurisdiction_id: i64) -> Result<Vec<StoredDay>> {
    let rows = sqlx::query(
        "SELECT date, kind, name, source FROM calendar_days WHERE jurisdiction_id = $1 \
         ORDER BY date, kind",
    )
    .bind(jurisdiction_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(day_from_row).collect()
}

fn day_from_row(row: &sqlx::any::AnyRow) -> Result<StoredDay> {
    let date: String = row.try_get("date")?;
    let kind: String = row.try_get("kind")?;
    Ok(StoredDay {
        date: NaiveDate::parse_from_str(&date, "%Y-%m-%d")
            .map_err(|_| Error::invalid(format!("工作日历中的日期“{date}”无效")))?,
        mark: DayMark::parse(&kind)?,
        name: row.try_get("name")?,
        source: row.try_get("source")?,
    })
}

fn shipped_entries() -> Result<Vec<ScheduleEntry>> {
    national_entries()
        .map_err(|e| Error::Unexpected(anyhow::anyhow!("shipped holiday data does not parse: {e}")))
}

fn schedule_entry(day: &StoredDay) -> Option<ScheduleEntry> {
    let kind = match day.mark {
        DayMark::Holiday => EntryKind::Holiday,
        DayMark::Makeup => EntryKind::Makeup,
        DayMark::Closed => return None,
    };
    Some(ScheduleEntry {
        date: day.date,
        kind,
        name: (!day.name.is_empty()).then(|| day.name.clone()),
    })
}

/// The schedule entries and local closed days of the stored rows over the shipped data.
fn layered(days: &[StoredDay]) -> Result<(Vec<ScheduleEntry>, Vec<LocalClosedDay>)> {
    let stored_years: BTreeSet<i32> = days
        .iter()
        .filter(|day| day.mark != DayMark::Closed)
        .map(|day| day.date.year())
        .collect();
    let mut entries: Vec<ScheduleEntry> = shipped_entries()?
        .into_iter()
        .filter(|entry| !stored_years.contains(&entry.date.year()))
        .collect();
    entries.extend(days.iter().filter_map(schedule_entry));
    let closed = days
        .iter()
        .filter(|day| day.mark == DayMark::Closed)
        .map(|day| LocalClosedDay {
            date: day.date,
            reason: day.name.clone(),
        })
        .collect();
    Ok((entries, closed))
}

/// The calendar of stored rows over the shipped data, with the profile's working hours.
pub fn build(days: &[StoredDay], profile: &RuleProfile) -> Result<Calendar> {
    let (entries, closed) = layered(days)?;
    Calendar::new(entries, closed, working_hours(profile)?)
        .map_err(|e| Error::invalid(format!("工作日历无法建立：{e}")))
}

/// The jurisdiction's calendar (CAL-WD, CAL-WH).
pub async fn load(db: &Db, jurisdiction_id: i64, profile: &RuleProfile) -> Result<Calendar> {
    build(&stored_days(db, jurisdiction_id).await?, profile)
}

/// The calendar of this installation's jurisdiction, or the national calendar with the
/// default working hours before a jurisdiction exists.
pub async fn load_current(db: &Db) -> Result<Calendar> {
    match crate::jurisdiction::current(db).await? {
        Some(jurisdiction) => load(db, jurisdiction.id, &jurisdiction.profile).await,
        None => build(&[], &RuleProfile::default()),
    }
}

/// The citation of a `# YYYY: notice` header line in pasted schedule text, if any (the
/// shipped data's format), to record as the imported rows' source.
pub fn citation_in(text: &str, year: i32) -> Option<String> {
    text.lines().find_map(|line| {
        let rest = line.trim().strip_prefix('#')?.trim();
        let (head, citation) = rest.split_once(':').or_else(|| rest.split_once('：'))?;
        (head.trim() == year.to_string() && !citation.trim().is_empty())
            .then(|| citation.trim().to_owned())
    })
}

/// What an import stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportSummary {
    pub year: i32,
    pub holidays: usize,
    pub makeups: usize,
    /// Stored schedule rows of that year that were replaced.
    pub replaced: u64,
}

fn year_bounds(year: i32) -> (String, String) {
    (format!("{year:04}-01-01"), format!("{year:04}-12-31"))
}

/// Checks that `entries` can be `year`'s schedule on top of what is stored: every date in
/// the year, a date once, at least one holiday, and no gap after the known years.
fn check_year(days: &[StoredDay], year: i32, entries: &[ScheduleEntry]) -> Result<()> {
    if !entries.iter().any(|entry| entry.kind == EntryKind::Holiday) {
        return Err(Error::invalid(format!(
            "{year} 年的安排中没有任何节假日：每年至少应有一条 holiday"
        )));
    }
    let (mut all, closed) = layered(days)?;
    all.retain(|entry| entry.date.year() != year);
    let base = Calendar::new(all, closed, WorkingHours::default())
        .map_err(|e| Error::invalid(e.to_string()))?;
    base.with_year(year, entries.to_vec())
        .map_err(|e| Error::invalid(e.to_string()))?;
    Ok(())
}

/// Deletes `year`'s stored schedule rows and stores `entries` instead; returns the rows
/// deleted. Local closed days are kept.
async fn replace_year(
    tx: &mut Tx,
    jurisdiction_id: i64,
    year: i32,
    entries: &[(ScheduleEntry, String)],
    now: i64,
) -> Result<u64> {
    let (first, last) = year_bounds(year);
    let replaced = sqlx::query(
        "DELETE FROM calendar_days WHERE jurisdiction_id = $1 AND kind IN ('holiday', 'makeup') \
         AND date >= $2 AND date <= $3",
    )
    .bind(jurisdiction_id)
    .bind(&first)
    .bind(&last)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    for (entry, source) in entries {
        insert_day(
            tx,
            jurisdiction_id,
            entry.date,
            DayMark::of_entry(entry.kind),
            entry.name.as_deref().unwrap_or_default(),
            source,
            now,
        )
        .await?;
    }
    Ok(replaced)
}

async fn insert_day(
    tx: &mut Tx,
    jurisdiction_id: i64,
    date: NaiveDate,
    mark: DayMark,
    name: &str,
    source: &str,
    now: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO calendar_days (jurisdiction_id, date, kind, name, source, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(jurisdiction_id)
    .bind(date.to_string())
    .bind(mark.code())
    .bind(name)
    .bind(source)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Stores `year`'s schedule (CAL-WD), replacing the year's imported rows and the shipped
/// data of that year, in one transaction with its audit row. `source` is the notice
/// (`国办发明电〔2026〕N号`); empty records `管理员导入`.
pub async fn import_year(
    db: &Db,
    actor: &AuditActor,
    jurisdiction_id: i64,
    year: i32,
    entries: Vec<ScheduleEntry>,
    source: &str,
    now: i64,
) -> Result<ImportSummary> {
    let days = stored_days(db, jurisdiction_id).await?;
    check_year(&days, year, &entries)?;
    let source = match source.trim() {
        "" => "管理员导入",
        given => given,
    };
    let sourced: Vec<(ScheduleEntry, String)> = entries
        .into_iter()
        .map(|entry| (entry, source.to_owned()))
        .collect();
    let holidays = sourced
        .iter()
        .filter(|(entry, _)| entry.kind == EntryKind::Holiday)
        .count();
    let makeups = sourced.len() - holidays;
    let mut tx = db.begin().await?;
    let replaced = replace_year(&mut tx, jurisdiction_id, year, &sourced, now).await?;
    audit::record(
        &mut tx,
        actor,
        AuditEvent::new(
            "calendar.import",
            "calendar_year",
            format!("{jurisdiction_id}:{year}"),
        )
        .detail(format!(
            "导入 {year} 年节假日安排：节假日 {holidays} 天，调休上班 {makeups} 天，\
                 来源 {source}；替换原有 {replaced} 条"
        )),
        now,
    )
    .await?;
    tx.commit().await?;
    tracing::info!(
        jurisdiction.id = jurisdiction_id,
        year,
        holidays,
        makeups,
        "calendar year imported"
    );
    Ok(ImportSummary {
        year,
        holidays,
        makeups,
        replaced,
    })
}

/// `year`'s schedule as it stands, each entry with its source: the stored rows, or the
/// shipped data of that year cited by its notice.
fn year_schedule(days: &[StoredDay], year: i32) -> Result<Vec<(ScheduleEntry, String)>> {
    let stored: Vec<(ScheduleEntry, String)> = days
        .iter()
        .filter(|day| day.date.year() == year)
        .filter_map(|day| schedule_entry(day).map(|entry| (entry, day.source.clone())))
        .collect();
    if !stored.is_empty() {
        return Ok(stored);
    }
    let notice = national_notices()
        .into_iter()
        .find(|notice| notice.year == year)
        .map(|notice| notice.citation)
        .unwrap_or_default();
    Ok(shipped_entries()?
        .into_iter()
        .filter(|entry| entry.date.year() == year)
        .map(|entry| (entry, notice.clone()))
        .collect())
}

/// Sets one date (CAL-WD): a holiday (with its name) or a make-up working day in that year's
/// schedule, or a local closed day (with its reason). Audited.
pub async fn set_day(
    db: &Db,
    actor: &AuditActor,
    jurisdiction_id: i64,
    date: NaiveDate,
    mark: DayMark,
    name: &str,
    now: i64,
) -> Result<()> {
    let name = name.trim();
    match mark {
        DayMark::Holiday if name.is_empty() => {
            return Err(Error::invalid(format!(
                "{date}：节假日必须填写名称，如 元旦"
            )));
        }
        DayMark::Closed if name.is_empty() => {
            return Err(Error::invalid(format!("{date}：本级关闭必须填写原因")));
        }
        _ => {}
    }
    let days = stored_days(db, jurisdiction_id).await?;
    let mut tx = db.begin().await?;
    let before;
    if mark == DayMark::Closed {
        before = days
            .iter()
            .find(|day| day.date == date && day.mark == DayMark::Closed)
            .map(|day| day.name.clone());
        sqlx::query(
            "DELETE FROM calendar_days WHERE jurisdiction_id = $1 AND date = $2 AND kind = 'closed'",
        )
        .bind(jurisdiction_id)
        .bind(date.to_string())
        .execute(&mut *tx)
        .await?;
        insert_day(
            &mut tx,
            jurisdiction_id,
            date,
            mark,
            name,
            LOCAL_CLOSED_SOURCE,
            now,
        )
        .await?;
    } else {
        let year = date.year();
        let mut schedule = year_schedule(&days, year)?;
        before = schedule
            .iter()
            .find(|(entry, _)| entry.date == date)
            .map(|(entry, _)| entry.to_line());
        schedule.retain(|(entry, _)| entry.date != date);
        let kind = match mark {
            DayMark::Holiday => EntryKind::Holiday,
            _ => EntryKind::Makeup,
        };
        schedule.push((
            ScheduleEntry {
                date,
                kind,
                name: (!name.is_empty()).then(|| name.to_owned()),
            },
            EDITED_SOURCE.to_owned(),
        ));
        schedule.sort_by_key(|(entry, _)| entry.date);
        let entries: Vec<ScheduleEntry> = schedule.iter().map(|(entry, _)| entry.clone()).collect();
        check_year(&days, year, &entries)?;
        replace_year(&mut tx, jurisdiction_id, year, &schedule, now).await?;
    }
    audit::record(
        &mut tx,
        actor,
        AuditEvent::new(
            "calendar.day.set",
            "calendar_day",
            format!("{jurisdiction_id}:{date}"),
        )
        .detail(format!(
            "{date} 设为{}{}（原为 {}）",
            mark.label_zh(),
            if name.is_empty() {
                String::new()
            } else {
                format!("：{name}")
            },
            before.unwrap_or_else(|| "无".into())
        )),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Removes one date's holiday or make-up entry from its year's schedule, or its local
/// closure. Audited. A date with nothing to remove is `NotFound`.
pub async fn clear_day(
    db: &Db,
    actor: &AuditActor,
    jurisdiction_id: i64,
    date: NaiveDate,
    layer: Layer,
    now: i64,
) -> Result<()> {
    let days = stored_days(db, jurisdiction_id).await?;
    let mut tx = db.begin().await?;
    let removed = match layer {
        Layer::LocalClosed => {
            let removed = days
                .iter()
                .find(|day| day.date == date && day.mark == DayMark::Closed)
                .map(|day| format!("本级关闭：{}", day.name))
                .ok_or_else(|| Error::not_found(format!("{date} 的本级关闭记录")))?;
            sqlx::query(
                "DELETE FROM calendar_days WHERE jurisdiction_id = $1 AND date = $2 AND kind = 'closed'",
            )
            .bind(jurisdiction_id)
            .bind(date.to_string())
            .execute(&mut *tx)
            .await?;
            removed
        }
        Layer::Schedule => {
            let year = date.year();
            let mut schedule = year_schedule(&days, year)?;
            let removed = schedule
                .iter()
                .find(|(entry, _)| entry.date == date)
                .map(|(entry, _)| entry.to_line())
                .ok_or_else(|| Error::not_found(format!("{date} 的节假日或调休安排")))?;
            schedule.retain(|(entry, _)| entry.date != date);
            let entries: Vec<ScheduleEntry> =
                schedule.iter().map(|(entry, _)| entry.clone()).collect();
            check_year(&days, year, &entries)?;
            replace_year(&mut tx, jurisdiction_id, year, &schedule, now).await?;
            removed
        }
    };
    audit::record(
        &mut tx,
        actor,
        AuditEvent::new(
            "calendar.day.clear",
            "calendar_day",
            format!("{jurisdiction_id}:{date}"),
        )
        .detail(format!("删除 {removed}")),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// From 1 December, a warning when next year's schedule is missing (and at any time when
/// this year's is): every deadline crossing New Year is then computed with weekends only and
/// shown as provisional.
pub fn missing_next_year_warning(calendar: &Calendar, today: NaiveDate) -> Option<String> {
    let year = today.year();
    if !calendar.has_year(year) {
        return Some(format!(
            "尚未导入 {year} 年的节假日安排：本年的期限只按周末计算，可能与国务院办公厅通知不符，\
             显示为“暂定”。请系统管理员在“工作日历”中导入 {year} 年安排。"
        ));
    }
    let next = year + 1;
    (today.month() == 12 && !calendar.has_year(next)).then(|| {
        format!(
            "尚未导入 {next} 年的节假日安排：凡跨越新年的期限暂按仅周末休息计算，标为“暂定”，\
             导入后会重新计算。国务院办公厅通常在 11 月或 12 月公布次年安排，请系统管理员及时导入。"
        )
    })
}
