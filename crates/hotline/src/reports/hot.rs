//! Hot topics and places of the week (HL-RATES 每周对阶段性热点问题和群众突出诉求进行汇总分析,
//! 000 §12345-12(3)): the most frequent categories and locations of the week's appeals, and
//! the most frequent two-character terms of the latest appeals' content.

use std::collections::HashMap;

use platform::Result;
use platform::db::Db;
use sqlx::Row as _;

use super::{Period, count};
use crate::appeal::Category;

/// One hot item and its number of appeals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HotItem {
    pub label: String,
    pub count: u64,
}

/// The hot topics and places of one week.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HotReport {
    pub period: Period,
    pub total: u64,
    pub categories: Vec<HotItem>,
    pub places: Vec<HotItem>,
    pub terms: Vec<HotItem>,
}

/// How many latest appeals the term count reads (bounded work at any volume).
const TERM_SAMPLE: i64 = 2_000;

/// Terms too common to say anything.
const STOP_TERMS: [&str; 8] = [
    "问题", "反映", "诉求", "希望", "请求", "要求", "处理", "解决",
];

/// The label of a stored category code.
pub fn category_label(code: &str) -> String {
    Category::ALL
        .into_iter()
        .find(|category| category.code() == code)
        .map_or_else(
            || code.to_owned(),
            |category| category.label_zh().to_owned(),
        )
}

/// `column`'s most frequent values among appeals received in `[start, end)`.
pub(crate) async fn top_by(
    db: &Db,
    column: &str,
    start: i64,
    end: i64,
    limit: i64,
) -> Result<Vec<(String, u64)>> {
    let sql = match column {
        "category" => {
            "SELECT category AS value, COUNT(*) AS n FROM hotline_appeals \
             WHERE created_at >= $1 AND created_at < $2 GROUP BY category \
             ORDER BY n DESC, value LIMIT $3"
        }
        _ => {
            "SELECT location AS value, COUNT(*) AS n FROM hotline_appeals \
             WHERE created_at >= $1 AND created_at < $2 GROUP BY location \
             ORDER BY n DESC, value LIMIT $3"
        }
    };
    let rows = sqlx::query(sql)
        .bind(start)
        .bind(end)
        .bind(limit)
        .fetch_all(&db.pool)
        .await?;
    rows.iter()
        .map(|row| Ok((row.try_get("value")?, count(row, "n")?)))
        .collect()
}

/// Two-character terms of Chinese text, by frequency (each appeal counts a term once).
pub fn top_terms(texts: &[String], limit: usize) -> Vec<HotItem> {
    let mut counts: HashMap<String, u64> = HashMap::new();
    for text in texts {
        let chars: Vec<char> = text.chars().collect();
        let mut seen = std::collections::HashSet::new();
        for pair in chars.windows(2) {
            if pair.iter().all(|c| ('\u{4e00}'..='\u{9fff}').contains(c)) {
                let term: String = pair.iter().collect();
                if !STOP_TERMS.contains(&term.as_str()) && seen.insert(term.clone()) {
                    *counts.entry(term).or_default() += 1;
                }
            }
        }
    }
    let mut items: Vec<HotItem> = counts
        .into_iter()
        .filter(|(_, n)| *n >= 2)
        .map(|(label, count)| HotItem { label, count })
        .collect();
    items.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
    items.truncate(limit);
    items
}

/// HL-RATES: the hot categories, places and terms of `week` (any period works).
pub async fn hot_of_week(db: &Db, week: Period, limit: usize) -> Result<HotReport> {
    let (start, end) = (week.start().millis(), week.end().millis());
    let n = i64::try_from(limit).unwrap_or(10);
    let total_row = sqlx::query(
        "SELECT COUNT(*) AS n FROM hotline_appeals WHERE created_at >= $1 AND created_at < $2",
    )
    .bind(start)
    .bind(end)
    .fetch_one(&db.pool)
    .await?;
    let categories = top_by(db, "category", start, end, n)
        .await?
        .into_iter()
        .map(|(code, count)| HotItem {
            label: category_label(&code),
            count,
        })
        .collect();
    let places = top_by(db, "location", start, end, n)
        .await?
        .into_iter()
        .map(|(label, count)| HotItem { label, count })
        .collect();
    let texts = sqlx::query(
        "SELECT content FROM hotline_appeals WHERE created_at >= $1 AND created_at < $2 \
         ORDER BY created_at DESC LIMIT $3",
    )
    .bind(start)
    .bind(end)
    .bind(TERM_SAMPLE)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|row| row.try_get::<String, _>("content"))
    .collect::<std::result::Result<Vec<_>, _>>()?;
    Ok(HotReport {
        period: week,
        total: count(&total_row, "n")?,
        categories,
        places,
        terms: top_terms(&texts, limit),
    })
}
