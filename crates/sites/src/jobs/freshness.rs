//! The freshness scan (WEB-FRESH) over the columns of every site, the overview over every
//! column and the live report of one site the office page reads. Each column's next due update,
//! light (the profile's yellow rule), stale, blank and special-untouched flags are the pure
//! `column::freshness`, or `column::freshness_at` of its stored marks (the same, proven by the
//! tests). The scan visits only the columns whose freshness changed since its last visit (their
//! `fresh_next_at` has come: a mark passed, or a publication, an edit or a new column cleared
//! their marks) — every column when the profile's windows or the calendar changed (their
//! fingerprint) —, stores their marks, records what it found, warns the column's A/B editors
//! once when it turns yellow (before it goes stale), marks it stale once after its due update,
//! and flags a special column untouched for its window — each once per due instant, so a second
//! run does nothing twice. One transaction per batch with one audit row naming what it did.

use std::collections::BTreeMap;

use calendar::{Calendar, Instant, Light};
use platform::Result;
use platform::audit::{self, AuditActor, AuditEvent};
use platform::db::Db;
use platform::personal::DataKey;
use platform::profile::RuleProfile;
use platform::workflow::Context;

use crate::SiteId;
use crate::column::{self, Column, ColumnKind, Freshness, FreshnessCount, Marks};
use crate::store::column_marks;
use crate::store::columns::{self as store, Scan};
use crate::usecase::effects;

/// Columns read and written per transaction.
const BATCH: i64 = 1_000;

/// What one scan did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ScanReport {
    /// Columns visited: those whose freshness changed since the last visit.
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

/// WEB-FRESH: scans the columns whose freshness changed since the last scan (every column
/// after a change of the profile's windows or the calendar); returns what it did.
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
    let fingerprint = fingerprint(profile, calendar);
    if column_marks::fingerprint(db).await?.as_deref() != Some(fingerprint.as_str()) {
        // WEB-FRESH: the windows, the yellow rule or the calendar changed: every column again.
        column_marks::recompute_all(db, &fingerprint, now).await?;
    }
    let mut after = (i64::MIN, 0);
    loop {
        let batch = column_marks::due_for_scan(db, now, after, BATCH).await?;
        let Some((last, visit)) = batch.last() else {
            break;
        };
        after = (*visit, last.column.id.0);
        let mut tx = db.begin().await?;
        let mut told = ScanReport::default();
        for (stored, _) in &batch {
            report.columns += 1;
            let last_update = stored.last_published_at;
            if stored.column.archived_at.is_some() {
                // No longer watched: marked, never visited again until its inputs change.
                column_marks::record(&mut tx, stored, None, None, now).await?;
                continue;
            }
            let marks = column::marks(&stored.column, last_update, profile, calendar);
            column_marks::record(&mut tx, stored, Some(&marks), marks.next_after(now), now).await?;
            let freshness = column::freshness_at(&marks, now);
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
                AuditEvent::new("sites.freshness_scan", "site_column", after.1).detail(format!(
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

/// WEB-FRESH: what the stored marks depend on besides each column — every column type's
/// window, the special columns' window, the yellow rule and the work calendar — as a digest.
/// The scan recomputes every column's marks when it changes.
pub fn fingerprint(profile: &RuleProfile, calendar: &Calendar) -> String {
    use sm3::{Digest as _, Sm3};
    let windows: Vec<_> = ColumnKind::ALL
        .into_iter()
        .map(|kind| kind.window(profile))
        .collect();
    let text = format!(
        "{windows:?}|{:?}|{}/{}|{:?}|{:?}|{:?}",
        profile.website.fresh_special_columns,
        profile.calendar.yellow_percent,
        profile.calendar.yellow_working_days,
        calendar.entries(),
        calendar.local_closed_days(),
        calendar.working_hours(),
    );
    hex::encode(Sm3::digest(text.as_bytes()))
}

/// The freshness over every column at an instant.
#[derive(Debug, Clone, Default)]
pub struct Overview {
    /// The national check's counts of each site with open columns.
    pub counts: BTreeMap<SiteId, FreshnessCount>,
    /// The watched columns — yellow, red (stale or blank) or special untouched —, by site and
    /// id.
    pub watched: Vec<ColumnFreshness>,
}

impl Overview {
    /// The counts of every site together.
    pub fn total(&self) -> FreshnessCount {
        let mut total = FreshnessCount::default();
        for count in self.counts.values() {
            add(&mut total, count);
        }
        total
    }

    /// Counts `item` in its site and keeps it when it is watched.
    fn push(&mut self, item: ColumnFreshness) {
        let count = tally(std::slice::from_ref(&item));
        add(self.counts.entry(item.column.site).or_default(), &count);
        let f = &item.freshness;
        if f.light != Light::Green || f.blank || f.special_untouched {
            self.watched.push(item);
        }
    }
}

fn add(into: &mut FreshnessCount, more: &FreshnessCount) {
    into.stale_core += more.stale_core;
    into.stale += more.stale;
    into.blank += more.blank;
    into.yellow += more.yellow;
    into.special_untouched += more.special_untouched;
}

/// WEB-FRESH: the freshness over every column at `now` — the watched columns, found in SQL by
/// comparing their stored marks with `now` (only those rows read), and each site's counts,
/// tallied from them — equal to `report(None)` and `tally` per site. A column without marks (published in or edited since
/// the last scan) is computed live; when the marks were computed under another profile or
/// calendar (the scan has not run since the change), everything is.
pub async fn overview(
    db: &Db,
    now: Instant,
    profile: &RuleProfile,
    calendar: &Calendar,
) -> Result<Overview> {
    let mut overview = Overview::default();
    let fingerprint = fingerprint(profile, calendar);
    if column_marks::fingerprint(db).await?.as_deref() != Some(fingerprint.as_str()) {
        for item in report(db, None, now, profile, calendar).await? {
            overview.push(item);
        }
    } else {
        // The watched rows in four id ranges at once, each on its own connection: decoding
        // the rows is the cost. Every column the national check counts (stale, blank, yellow,
        // special untouched) is among them, so they give each site's counts.
        let max = store::max_id(db).await?;
        let quarter = max / 4 + 1;
        let range =
            |n: i64| column_marks::watched(db, now, n * quarter, ((n + 1) * quarter).min(max));
        let (sites, a, b, c, d) = tokio::try_join!(
            column_marks::sites_watched(db),
            range(0),
            range(1),
            range(2),
            range(3)
        )?;
        overview.counts = sites
            .into_iter()
            .map(|site| (site, FreshnessCount::default()))
            .collect();
        for (column, last_update, stored) in [a, b, c, d].into_iter().flatten() {
            let freshness = match stored {
                Some(stored) => column::freshness_at(
                    &Marks {
                        window: column.kind.window(profile),
                        last_update,
                        due_at: stored.due_at,
                        warn_at: stored.warn_at,
                        special_due_at: stored.special_due_at,
                    },
                    now,
                ),
                // No marks (published in or edited since the last scan): live.
                None => match column::freshness(&column, last_update, now, profile, calendar) {
                    Some(freshness) => freshness,
                    None => continue,
                },
            };
            overview.push(ColumnFreshness {
                first_level: column.parent.is_none(),
                column,
                freshness,
            });
        }
    }
    overview
        .watched
        .sort_by_key(|item| (item.column.site, item.column.id));
    Ok(overview)
}

/// WEB-FRESH (reports.md §3): the national check's counts of `columns`.
pub fn tally(columns: &[ColumnFreshness]) -> FreshnessCount {
    FreshnessCount::tally(columns.iter().map(|c| {
        let kind: ColumnKind = c.column.kind;
        (kind, c.first_level, &c.freshness)
    }))
}
