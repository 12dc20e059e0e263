//! OPS-ASSESS, the annual assessment of units (000 §12345-27: the hotline's handling units
//! assessed every year and the result published; 002 考核制度 §6, 004 §37–40): per unit and
//! domain (subject kind) for a year, timeliness of the main limit, the 12345 三率, 好差评,
//! overdue subjects and accountability events, a weighted score by the weights of the rule
//! profile, and the formula printed under the table.
//!
//! [`score`] is pure; [`figures`] reads the year's counters (platform::workflow::counters) of
//! every registered kind. The three rates are the hotline's (`hotline::reports::rates` over
//! the year), which the caller fills in for the kind that has them.

pub mod score;

use std::collections::BTreeMap;

use sqlx::Row as _;

use crate::db::Db;
use crate::error::{Error, Result};
use crate::workflow::SubjectKind;
use crate::workflow::counters;

pub use score::{Figures, Ratio, Score, formula_zh, points_text};

/// The years an assessment may be asked for.
pub const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// Parses a year from a form or a query (`2026`); anything else is a clear message.
pub fn parse_year(text: &str) -> Result<i32> {
    text.trim()
        .parse::<i32>()
        .ok()
        .filter(|year| YEARS.contains(year))
        .ok_or_else(|| {
            Error::invalid(format!(
                "考核年度“{}”不正确，应为四位年份，如 2026",
                text.trim()
            ))
        })
}

/// One row of the assessment: a unit in one domain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The kind's clock code (`order`, `case`).
    pub kind: &'static str,
    /// 12345工单, 政务服务办件 …
    pub kind_label: &'static str,
    pub unit_id: i64,
    pub unit_name: String,
    pub figures: Figures,
}

/// The counters of `year` for every unit with any figure in each of `kinds`: the main
/// limit's verdicts (`met:`, `late:`, `released:<main_rule>`), the ratings
/// (`rated:<level>`) and the accountability events, by unit; the 三率 are left `None`.
/// `satisfied_levels` is 3 when 基本满意 counts, else 2.
pub async fn figures(
    db: &Db,
    kinds: &[SubjectKind],
    year: i32,
    satisfied_levels: usize,
) -> Result<Vec<Row>> {
    let (first, next) = (
        i64::from(year) * 10_000 + 101,
        i64::from(year + 1) * 10_000 + 101,
    );
    let names = unit_names(db).await?;
    let levels: Vec<String> = (1..=5).map(counters::rated_level).collect();
    let mut rows = Vec::new();
    for kind in kinds {
        let rule = kind.main_rule;
        let mut codes = vec![
            counters::met(rule),
            counters::late(rule),
            counters::released(rule),
            counters::ACCOUNTABILITY.to_owned(),
        ];
        codes.extend(levels.iter().cloned());
        let totals = counters::totals(db, kind.code, first, next, &codes).await?;
        for unit_id in totals.units() {
            let get = |code: &str| u64::try_from(totals.get(unit_id, code)).unwrap_or(0);
            let met = get(&codes[0]).saturating_sub(get(&codes[2]));
            let late = get(&codes[1]);
            let rated: Vec<u64> = levels.iter().map(|code| get(code)).collect();
            let figures = Figures {
                timeliness: Ratio::new(met, met + late),
                evaluation: Ratio::new(
                    rated.iter().take(satisfied_levels).sum(),
                    rated.iter().sum(),
                ),
                overdue: late,
                accountability: get(&codes[3]),
                ..Figures::default()
            };
            rows.push(Row {
                kind: kind.code,
                kind_label: kind.label,
                unit_id,
                unit_name: names
                    .get(&unit_id)
                    .cloned()
                    .unwrap_or_else(|| format!("单位 {unit_id}")),
                figures,
            });
        }
    }
    Ok(rows)
}

async fn unit_names(db: &Db) -> Result<BTreeMap<i64, String>> {
    let rows = sqlx::query("SELECT id, name FROM units")
        .fetch_all(&db.pool)
        .await?;
    rows.iter()
        .map(|row| Ok((row.try_get("id")?, row.try_get("name")?)))
        .collect()
}
