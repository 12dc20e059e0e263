//! Usage statistics of the gateway (DATA-MAINT: 使用情况统计; DATA-CALL): the call log
//! counted per resource and consumer over a period — calls, answered calls, refused calls,
//! rows and bytes — with each resource's provider from the catalogue, so the office can sum
//! it per provider, per resource and per consumer. Read-only; the log itself is never
//! changed here.

use platform::Result;
use platform::db::Db;
use sqlx::Row as _;

use crate::split_resource_key;
use crate::store::entries;

/// The calls of one consumer (none: an unknown code) to one resource in the period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageLine {
    /// The resource's platform-wide key (the gateway's `{resource}`).
    pub resource: i64,
    /// The resource's name, or its key when the catalogue no longer has it.
    pub resource_name: String,
    /// The providing unit (none when the resource is not in the catalogue).
    pub provider: Option<i64>,
    pub consumer: Option<i64>,
    pub calls: i64,
    pub answered: i64,
    pub refused: i64,
    pub rows: i64,
    pub bytes: i64,
}

/// The usage lines of calls made in `[from, to)` (epoch milliseconds), by resource and
/// consumer; `unit` keeps only the lines whose provider or consumer it is.
pub async fn lines(db: &Db, from: i64, to: i64, unit: Option<i64>) -> Result<Vec<UsageLine>> {
    let rows = sqlx::query(
        "SELECT resource_id, consumer_unit_id, COUNT(*) AS calls, \
         CAST(SUM(CASE WHEN status = 200 THEN 1 ELSE 0 END) AS BIGINT) AS answered, \
         CAST(COALESCE(SUM(rows_returned), 0) AS BIGINT) AS row_sum, \
         CAST(COALESCE(SUM(bytes), 0) AS BIGINT) AS byte_sum \
         FROM sharing_calls WHERE at >= $1 AND at < $2 \
         GROUP BY resource_id, consumer_unit_id ORDER BY resource_id, consumer_unit_id",
    )
    .bind(from)
    .bind(to)
    .fetch_all(&db.pool)
    .await?;
    let catalogue = entries::list(db, &[], None).await?;
    let mut out = Vec::new();
    for row in rows {
        let resource: i64 = row.try_get("resource_id")?;
        let (entry, number) = split_resource_key(resource);
        let found = catalogue.iter().find(|s| s.entry.id == entry);
        let provider = found.map(|s| s.entry.provider.0);
        let resource_name = found
            .and_then(|s| {
                s.entry
                    .resource(number)
                    .map(|r| format!("{}·{}", s.entry.draft.name, r.name))
            })
            .unwrap_or_else(|| format!("资源 {resource}"));
        let consumer: Option<i64> = row.try_get("consumer_unit_id")?;
        if let Some(unit) = unit
            && provider != Some(unit)
            && consumer != Some(unit)
        {
            continue;
        }
        let calls: i64 = row.try_get("calls")?;
        let answered: i64 = row.try_get("answered")?;
        out.push(UsageLine {
            resource,
            resource_name,
            provider,
            consumer,
            calls,
            answered,
            refused: calls - answered,
            rows: row.try_get("row_sum")?,
            bytes: row.try_get("byte_sum")?,
        });
    }
    Ok(out)
}

/// The lines summed by `key` (provider, resource or consumer), in key order.
pub fn sum_by<K: Ord + Clone>(
    lines: &[UsageLine],
    key: impl Fn(&UsageLine) -> K,
) -> Vec<(K, UsageLine)> {
    let mut sums: std::collections::BTreeMap<K, UsageLine> = std::collections::BTreeMap::new();
    for line in lines {
        let sum = sums.entry(key(line)).or_insert_with(|| UsageLine {
            calls: 0,
            answered: 0,
            refused: 0,
            rows: 0,
            bytes: 0,
            ..line.clone()
        });
        sum.calls += line.calls;
        sum.answered += line.answered;
        sum.refused += line.refused;
        sum.rows += line.rows;
        sum.bytes += line.bytes;
    }
    sums.into_iter().collect()
}
