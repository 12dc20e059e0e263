//! The deduction points of the 19号 check's indicators as editable data (国办秘函〔2019〕19号,
//! reports.md §3; WEB-INSPECT), table `inspect_deductions` (migration 0067): the values every
//! jurisdiction starts from (jurisdiction 0: the national check's points seen in a self-check,
//! and the district's own points for the crawl's finding kinds, which 19号 treats as
//! single-veto items without points), and a jurisdiction's own rows in their place. Each
//! indicator deducts `points` per occurrence, at most `cap` under the indicator (19号:
//! deductions under one indicator never exceed its points; 0 when none is set). The quarterly
//! report ([`super::report::quarterly`]) reads them; the office page changes them through
//! [`update`], audited, and a bad value changes nothing.

use platform::audit::{self, AuditEvent};
use platform::db::{Db, Tx};
use platform::workflow::Context;
use platform::{Error, Result};
use sqlx::Row as _;

/// The largest number of points an indicator may deduct per occurrence or in all (the
/// deduction part counts 100 points).
pub const MAX_POINTS: i64 = 100;

/// The jurisdiction whose rows every jurisdiction starts from.
const NATIONAL: i64 = 0;

/// One indicator's deduction points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deduction {
    /// Its code: a finding kind (`wrong-word`) or a national indicator (`site-error-open`).
    pub indicator: String,
    /// 发布解读 · 办事服务 · 互动交流 · 功能设计, or 巡检问题.
    pub section: String,
    pub name: String,
    /// Deducted per occurrence.
    pub points: i64,
    /// The most deducted under the indicator; 0 when none is set.
    pub cap: i64,
    /// Where the value comes from.
    pub source: String,
    pub sort_order: i64,
    /// Whether the jurisdiction set its own value (else the starting one applies).
    pub own: bool,
    pub updated_by: i64,
    pub updated_at: i64,
}

impl Deduction {
    /// What `occurrences` deduct under this indicator: points each, at most the cap.
    pub fn deducted(&self, occurrences: i64) -> i64 {
        let total = occurrences.max(0).saturating_mul(self.points);
        if self.cap > 0 {
            total.min(self.cap)
        } else {
            total
        }
    }
}

/// The deduction points in force: the jurisdiction's own rows over the starting ones.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Deductions {
    pub items: Vec<Deduction>,
}

impl Deductions {
    /// The indicator `code`'s row.
    pub fn get(&self, code: &str) -> Option<&Deduction> {
        self.items.iter().find(|item| item.indicator == code)
    }

    /// What `occurrences` of `code` deduct (an indicator without a row deducts nothing).
    pub fn deducted(&self, code: &str, occurrences: i64) -> i64 {
        self.get(code).map_or(0, |item| item.deducted(occurrences))
    }

    /// The rows as one line: 链接不可用（每处）1分，最多10分；…
    pub fn summary_zh(&self) -> String {
        self.items
            .iter()
            .map(|item| {
                let mut line = format!("{}{}分", item.name, item.points);
                if item.cap > 0 {
                    line.push_str(&format!("，最多{}分", item.cap));
                }
                line
            })
            .collect::<Vec<_>>()
            .join("；")
    }
}

/// The jurisdiction that runs the platform (0 before one is set up).
async fn jurisdiction(db: &Db) -> Result<i64> {
    Ok(platform::jurisdiction::current(db)
        .await?
        .map_or(NATIONAL, |found| found.id))
}

const SELECT: &str = "SELECT jurisdiction_id, indicator, section, name, points, cap, source, \
                      sort_order, updated_by, updated_at FROM inspect_deductions";

fn from_rows(rows: &[sqlx::any::AnyRow], jurisdiction: i64) -> Result<Deductions> {
    let mut items: Vec<Deduction> = Vec::new();
    for row in rows {
        let owner: i64 = row.try_get("jurisdiction_id")?;
        let item = Deduction {
            indicator: row.try_get("indicator")?,
            section: row.try_get("section")?,
            name: row.try_get("name")?,
            points: row.try_get("points")?,
            cap: row.try_get("cap")?,
            source: row.try_get("source")?,
            sort_order: row.try_get("sort_order")?,
            own: owner == jurisdiction && jurisdiction != NATIONAL,
            updated_by: row.try_get("updated_by")?,
            updated_at: row.try_get("updated_at")?,
        };
        match items
            .iter_mut()
            .find(|known| known.indicator == item.indicator)
        {
            Some(known) if item.own => *known = item,
            Some(_) => {}
            None => items.push(item),
        }
    }
    items.sort_by(|a, b| {
        a.sort_order
            .cmp(&b.sort_order)
            .then(a.indicator.cmp(&b.indicator))
    });
    Ok(Deductions { items })
}

/// The deduction points in force for the platform's jurisdiction.
pub async fn load(db: &Db) -> Result<Deductions> {
    let jurisdiction = jurisdiction(db).await?;
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE jurisdiction_id = $1 OR jurisdiction_id = $2"
    )))
    .bind(NATIONAL)
    .bind(jurisdiction)
    .fetch_all(&db.pool)
    .await?;
    from_rows(&rows, jurisdiction)
}

async fn load_in(tx: &mut Tx, jurisdiction: i64) -> Result<Deductions> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE jurisdiction_id = $1 OR jurisdiction_id = $2"
    )))
    .bind(NATIONAL)
    .bind(jurisdiction)
    .fetch_all(&mut **tx)
    .await?;
    from_rows(&rows, jurisdiction)
}

/// A change of one indicator's points as typed on the page.
#[derive(Debug, Clone)]
pub struct Change<'a> {
    pub indicator: &'a str,
    pub points: &'a str,
    pub cap: &'a str,
}

/// A whole number of points within `0..=MAX_POINTS`, or the reason in Chinese.
fn points_of(text: &str, what: &str, name: &str) -> Result<i64> {
    let value: i64 = text
        .trim()
        .parse()
        .map_err(|_| Error::invalid(format!("“{name}”的{what}应为0至{MAX_POINTS}的整数")))?;
    if !(0..=MAX_POINTS).contains(&value) {
        return Err(Error::invalid(format!(
            "“{name}”的{what}应为0至{MAX_POINTS}的整数"
        )));
    }
    Ok(value)
}

/// WEB-INSPECT: sets the jurisdiction's own points of the indicators in `changes` (audited,
/// one row per changed indicator). Every value is checked before anything is written: an
/// unknown indicator, a value not a whole number within 0–100, or a cap below the points
/// (while set) refuses the whole change. Returns how many indicators changed.
pub async fn update(db: &Db, context: &Context<'_>, changes: &[Change<'_>]) -> Result<usize> {
    let now = context.now.millis();
    let by = context.actor.user_id.unwrap_or(0);
    let jurisdiction = jurisdiction(db).await?;
    if jurisdiction == NATIONAL {
        return Err(Error::invalid("尚未设置行政区划，不能修改扣分标准"));
    }
    let mut tx = db.begin().await?;
    let current = load_in(&mut tx, jurisdiction).await?;
    let mut planned = Vec::new();
    for change in changes {
        let item = current
            .get(change.indicator.trim())
            .ok_or_else(|| Error::invalid(format!("没有指标“{}”", change.indicator.trim())))?;
        let points = points_of(change.points, "每处扣分", &item.name)?;
        let cap = if change.cap.trim().is_empty() {
            0
        } else {
            points_of(change.cap, "扣分上限", &item.name)?
        };
        if cap > 0 && cap < points {
            return Err(Error::invalid(format!(
                "“{}”的扣分上限（{cap}分）不能小于每处扣分（{points}分）",
                item.name
            )));
        }
        if points != item.points || cap != item.cap {
            planned.push((item.clone(), points, cap));
        }
    }
    for (item, points, cap) in &planned {
        sqlx::query("DELETE FROM inspect_deductions WHERE jurisdiction_id = $1 AND indicator = $2")
            .bind(jurisdiction)
            .bind(&item.indicator)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO inspect_deductions (jurisdiction_id, indicator, section, name, points, \
             cap, source, sort_order, updated_by, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(jurisdiction)
        .bind(&item.indicator)
        .bind(&item.section)
        .bind(&item.name)
        .bind(points)
        .bind(cap)
        .bind("本级修改")
        .bind(item.sort_order)
        .bind(by)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let cap_text = |cap: i64| {
            if cap > 0 {
                format!("{cap}分")
            } else {
                "不设".to_owned()
            }
        };
        let event = AuditEvent::new(
            "inspect.deduction.update",
            "inspect_deduction",
            &item.indicator,
        )
        .detail(format!(
            "扣分标准“{}”（{}）：每处{}分改为{}分，上限{}改为{}",
            item.name,
            item.indicator,
            item.points,
            points,
            cap_text(item.cap),
            cap_text(*cap)
        ));
        audit::record(&mut tx, context.actor, event, now).await?;
    }
    tx.commit().await?;
    Ok(planned.len())
}
