//! The freshness scan (WEB-FRESH) over every column of every site, and the live report the
//! office page reads. Each column's next due update, light (the profile's yellow rule), stale,
//! blank and special-untouched flags are the pure `column::freshness`; the scan records them,
//! warns the column's A/B editors once when it turns yellow (before it goes stale), marks it
//! stale once after its due update, and flags a special column untouched for its window — each
//! once per due instant, so a second run does nothing twice. One transaction per batch with
//! one audit row naming what it did.

use calendar::{Calendar, Instant, Light};
use platform::Result;
use platform::audit::{self, AuditActor, AuditEvent};
use platform::db::Db;
use platform::personal::DataKey;
use platform::profile::RuleProfile;
use platform::workflow::Context;

use crate::SiteId;
use crate::column::{self, Column, ColumnKind, Freshness, FreshnessCount};
use crate::store::columns::{self as store, Scan};
use crate::usecase::effects;

/// Columns read and written per transaction.
const BATCH: i64 = 1_000;

/// What one scan did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ScanReport {
    pub columns: usize,
    /// Columns whose editors were warned (yellow: stale soon).
    pub warned: usize,
    /// Columns marked stale.
    pub marked_stale: usize,
    /// Special columns flagged untouched for their window.
    pub special_flagged: usize,
    pub blank: usize,
}

fn light_code(light: Light) -> &'static str {
    match light {
        Light::Green => "green",
        Light::Yellow => "yellow",
        Light::Red => "red",
    }
}

/// What the scan records of a column, and what it must tell its editors.
fn next_scan(before: &Scan, freshness: &Freshness, now: Instant) -> (Scan, Vec<Notice>) {
    let mut scan = Scan {
        due_at: freshness.due,
        light: Some(light_code(freshness.light)),
        stale: freshness.stale,
        blank: freshness.blank,
        special_untouched: freshness.special_untouched,
        warned_due: before.warned_due,
        stale_due: before.stale_due,
        checked_at: Some(now),
    };
    let mut notices = Vec::new();
    if let Some(due) = freshness.due {
        // WEB-FRESH: warned once before it goes stale, marked once after.
        if freshness.light == Light::Yellow && !freshness.stale && before.warned_due != Some(due) {
            scan.warned_due = Some(due);
            notices.push(Notice::Warn(due));
        }
        if freshness.stale && before.stale_due != Some(due) {
            scan.stale_due = Some(due);
            notices.push(Notice::Stale(due));
        }
    }
    if freshness.special_untouched && !before.special_untouched {
        notices.push(Notice::SpecialUntouched);
    }
    (scan, notices)
}

/// What the editors are told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Notice {
    Warn(Instant),
    Stale(Instant),
    SpecialUntouched,
}

fn date(at: Instant) -> String {
    at.local_date().format("%Y年%m月%d日").to_string()
}

fn notice_text(column: &Column, notice: Notice) -> String {
    match notice {
        Notice::Warn(due) => format!(
            "栏目“{}”（{}）应在{}前更新，请及时发布新信息（WEB-FRESH）",
            column.name,
            column.kind.label_zh(),
            date(due)
        ),
        Notice::Stale(due) => format!(
            "栏目“{}”（{}）自{}起超期未更新，已标记为未按时更新栏目（WEB-FRESH）",
            column.name,
            column.kind.label_zh(),
            date(due)
        ),
        Notice::SpecialUntouched => format!(
            "专题专栏“{}”已超过更新期限未更新，应及时归档、合并或撤销（WEB-FRESH）",
            column.name
        ),
    }
}

/// WEB-FRESH: scans every column; returns what it did.
pub async fn scan(
    db: &Db,
    key: &DataKey,
    calendar: &Calendar,
    profile: &RuleProfile,
    now: Instant,
) -> Result<ScanReport> {
    let actor = AuditActor::system("sites.freshness_scan");
    let context = Context::new(key, &actor, calendar, profile, now);
    let mut report = ScanReport::default();
    let mut after = 0;
    loop {
        let batch = store::batch(db, after, BATCH).await?;
        let Some(last) = batch.last() else { break };
        after = last.column.id.0;
        let mut tx = db.begin().await?;
        let mut told = ScanReport::default();
        for stored in &batch {
            report.columns += 1;
            let last_update = stored.last_published_at;
            let Some(freshness) =
                column::freshness(&stored.column, last_update, now, profile, calendar)
            else {
                continue;
            };
            report.blank += usize::from(freshness.blank);
            let (next, notices) = next_scan(&stored.scan, &freshness, now);
            let changed = Scan {
                checked_at: stored.scan.checked_at,
                ..next
            } != stored.scan;
            if !changed {
                continue;
            }
            store::record_scan(&mut tx, stored.column.id, &next).await?;
            if notices.is_empty() {
                continue;
            }
            let editors = effects::column_editors(&mut tx, stored.column.id).await?;
            let link = format!("/office/sites/columns/{}", stored.column.id);
            for notice in notices {
                let text = notice_text(&stored.column, notice);
                let subject = format!("网站栏目“{}”", stored.column.name);
                effects::send(&mut tx, &context, &editors, (&subject, &text, &link)).await?;
                match notice {
                    Notice::Warn(_) => told.warned += 1,
                    Notice::Stale(_) => told.marked_stale += 1,
                    Notice::SpecialUntouched => told.special_flagged += 1,
                }
            }
        }
        if told != ScanReport::default() {
            let event =
                AuditEvent::new("sites.freshness_scan", "site_column", after).detail(format!(
                    "栏目更新检查：提醒{}个栏目，标记{}个栏目未按时更新，{}个专题专栏超期未更新",
                    told.warned, told.marked_stale, told.special_flagged
                ));
            audit::record(&mut tx, &actor, event, now.millis()).await?;
        }
        tx.commit().await?;
        report.warned += told.warned;
        report.marked_stale += told.marked_stale;
        report.special_flagged += told.special_flagged;
    }
    if report.warned + report.marked_stale + report.special_flagged > 0 {
        tracing::info!(
            columns = report.columns,
            warned = report.warned,
            stale = report.marked_stale,
            special = report.special_flagged,
            "column freshness scanned"
        );
    }
    Ok(report)
}

/// One column in the freshness report.
#[derive(Debug, Clone)]
pub struct ColumnFreshness {
    pub column: Column,
    pub first_level: bool,
    pub freshness: Freshness,
}

/// WEB-FRESH: the columns of `site` (every site when `None`) that are watched, with their
/// freshness at `now`, computed live; the office page sorts them by unit and light.
pub async fn report(
    db: &Db,
    site: Option<SiteId>,
    now: Instant,
    profile: &RuleProfile,
    calendar: &Calendar,
) -> Result<Vec<ColumnFreshness>> {
    let columns: Vec<(Column, Option<Instant>)> = match site {
        Some(site) => store::of_site(db, site)
            .await?
            .into_iter()
            .map(|stored| (stored.column, stored.last_published_at))
            .collect(),
        None => every_watched(db).await?,
    };
    Ok(columns
        .into_iter()
        .filter_map(|(column, last_update)| {
            let freshness = column::freshness(&column, last_update, now, profile, calendar)?;
            Some(ColumnFreshness {
                first_level: column.parent.is_none(),
                column,
                freshness,
            })
        })
        .collect())
}

/// Every open column with its latest publication, read in four id ranges at once (each on
/// its own connection of the pool): reading, not computing, is what the freshness over every
/// column spends its time on.
async fn every_watched(db: &Db) -> Result<Vec<(Column, Option<Instant>)>> {
    let max = store::max_id(db).await?;
    let quarter = max / 4 + 1;
    let range = |n: i64| store::watched(db, n * quarter, ((n + 1) * quarter).min(max));
    let (a, b, c, d) = tokio::try_join!(range(0), range(1), range(2), range(3))?;
    Ok([a, b, c, d].into_iter().flatten().collect())
}

/// WEB-FRESH (reports.md §3): the national check's counts of `columns`.
pub fn tally(columns: &[ColumnFreshness]) -> FreshnessCount {
    FreshnessCount::tally(columns.iter().map(|c| {
        let kind: ColumnKind = c.column.kind;
        (kind, c.first_level, &c.freshness)
    }))
}
