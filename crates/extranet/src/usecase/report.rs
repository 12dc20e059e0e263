//! The annual operation report of the extranet (NET-LEDGER; 000 外网 §14: 每年对本地区电子政务
//! 外网运行管理情况进行通报): for a year, the units in operation, the access points, the
//! security findings sent, fixed and overdue, the cut-offs, the units that declared no
//! wireless device, and the address utilisation of each pool. Counted from the stored rows.

use calendar::{Calendar, Instant};
use platform::Result;
use platform::db::Db;

use crate::store::findings as findings_store;
use crate::store::ipam::Pool;
use crate::store::ledger as store;
use crate::usecase::ipam as ipam_usecase;

/// The year's figures.
#[derive(Debug, Clone)]
pub struct AnnualReport {
    pub year: i32,
    /// Units with an access in operation (now).
    pub units_in_operation: usize,
    /// Units with a ledger (leader and staff set).
    pub units_with_people: usize,
    /// Access points in service at the end of the year (entered by then, not removed).
    pub access_points: usize,
    /// Units that declared no wireless device during the year.
    pub units_declared: usize,
    pub findings_opened: usize,
    pub findings_fixed: usize,
    /// Findings of the year whose fix clock ran past its due instant.
    pub findings_overdue: usize,
    /// Cut-offs during the year.
    pub cut_offs: usize,
    /// Units cut off now.
    pub cut_off_now: usize,
    pub pools: Vec<Pool>,
}

fn year_of(millis: i64) -> i32 {
    use chrono::Datelike as _;
    Instant::from_millis(millis).local_date().year()
}

/// NET-LEDGER §14: the report of `year`, judged at `now` on `calendar`.
pub async fn annual(db: &Db, calendar: &Calendar, year: i32, now: Instant) -> Result<AnnualReport> {
    let office = crate::usecase::applications::office(db).await?;
    let findings = findings_store::of_office(db, office).await?;
    let in_year = |at: Option<Instant>| at.is_some_and(|at| year_of(at.millis()) == year);
    let of_year: Vec<_> = findings
        .iter()
        .filter(|f| in_year(Some(f.finding.sent_at)))
        .collect();
    let points = store::points(db, None).await?;
    // The last instant of the year (local time): the points that stood then (NET-LEDGER).
    let year_end = chrono::NaiveDate::from_ymd_opt(year + 1, 1, 1)
        .map_or(i64::MAX, |next| Instant::from_local(next, 0).millis() - 1);
    let mut declared: Vec<_> = store::declarations(db, None)
        .await?
        .into_iter()
        .filter(|d| year_of(d.declared_at) == year)
        .map(|d| d.unit)
        .collect();
    declared.sort();
    declared.dedup();
    let mut with_people = 0;
    for unit in store::units_with_ledger(db).await? {
        if store::people(db, unit).await?.is_some() {
            with_people += 1;
        }
    }
    let mut cut_off_now: Vec<_> = findings
        .iter()
        .filter(|f| f.finding.status.cuts_off())
        .map(|f| f.finding.unit)
        .collect();
    cut_off_now.sort();
    cut_off_now.dedup();
    Ok(AnnualReport {
        year,
        units_in_operation: store::units_in_operation(db).await?.len(),
        units_with_people: with_people,
        access_points: points.iter().filter(|p| p.stood_at(year_end)).count(),
        units_declared: declared.len(),
        findings_opened: of_year.len(),
        findings_fixed: findings
            .iter()
            .filter(|f| in_year(f.finding.fixed_at))
            .count(),
        findings_overdue: of_year
            .iter()
            .filter(|f| f.finding.went_overdue(calendar, now))
            .count(),
        cut_offs: findings
            .iter()
            .filter(|f| in_year(f.finding.cut_off_at))
            .count(),
        cut_off_now: cut_off_now.len(),
        pools: ipam_usecase::pools(db).await?,
    })
}
