//! Issue 14 item 7 for the service cases: a unit finds its cases — open or concluded — by
//! number (or its beginning), words of the item's name, the applicant's ID number (matched on
//! its keyed index, never by decrypting; audited with the number masked: SVC-NO-RESUBMIT's
//! index), the enterprise's 统一社会信用代码 (issue 14 item 4: matched on the case's
//! `enterprise_lookup` keyed index, never a clear-text column; audited with the code masked),
//! status and the date the case was made. The scope is the desk's: the department's cases,
//! those the unit accepted and those of the items its comprehensive window accepts.

use calendar::Instant;
use platform::audit::{self, AuditActor, AuditEvent};
use platform::db::Db;
use platform::db::filter::{Bind, Filter, like_escaped};
use platform::error::Result;
use platform::personal::{CitizenIdNo, DataKey};
use sqlx::Row as _;

use crate::UnitId;
use crate::backoffice::{DeskRow, desk_rows, window_items};
use crate::case::Status;
use crate::enterprise::CreditCode;

/// What to look for; empty fields do not filter.
#[derive(Debug, Clone, Default)]
pub struct CaseQuery {
    pub number: String,
    /// Words of the item's name.
    pub words: String,
    pub id_no: Option<CitizenIdNo>,
    /// The enterprise applying (issue 14 item 4), by its keyed index.
    pub credit_code: Option<CreditCode>,
    pub status: Option<Status>,
    /// Made on or after / before.
    pub from: Option<Instant>,
    pub until: Option<Instant>,
}

/// A page of found cases, newest first, and how many match in all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundCases {
    pub rows: Vec<DeskRow>,
    pub total: i64,
}

/// The cases of `unit` matching `query`, `limit` from `offset`, with their lights at `now`.
pub async fn search_cases(
    db: &Db,
    key: &DataKey,
    actor: &AuditActor,
    unit: UnitId,
    query: &CaseQuery,
    (limit, offset): (i64, i64),
    now: Instant,
) -> Result<FoundCases> {
    let mut filter = Filter::default();
    // The desk's scope (SVC-WINDOW): integers of this database only.
    let window: Vec<String> = window_items(db, unit)
        .await?
        .iter()
        .map(i64::to_string)
        .collect();
    let in_window = if window.is_empty() {
        String::new()
    } else {
        format!(" OR c.item_id IN ({})", window.join(", "))
    };
    filter.add(
        &format!("(c.department_unit_id = ? OR c.accepting_unit_id = ?{in_window})"),
        vec![Bind::Int(unit.0), Bind::Int(unit.0)],
    );
    let number = query.number.trim();
    if !number.is_empty() {
        let prefix = format!("{}%", like_escaped(number));
        filter.add("c.number LIKE ? ESCAPE '\\'", vec![Bind::Text(prefix)]);
    }
    let words = query.words.trim();
    if !words.is_empty() {
        let pattern = format!("%{}%", like_escaped(words));
        filter.add(
            "c.item_id IN (SELECT id FROM svc_items WHERE name LIKE ? ESCAPE '\\')",
            vec![Bind::Text(pattern)],
        );
    }
    if let Some(id_no) = &query.id_no {
        let lookup = crate::usecase::applicant_lookup(key, id_no);
        filter.add("c.applicant_lookup = ?", vec![Bind::Text(lookup)]);
    }
    if let Some(code) = &query.credit_code {
        let lookup = crate::usecase::enterprise_lookup(key, code);
        filter.add("c.enterprise_lookup = ?", vec![Bind::Text(lookup)]);
    }
    if let Some(status) = query.status {
        filter.add("c.status = ?", vec![Bind::Text(status.code().to_owned())]);
    }
    if let Some(from) = query.from {
        filter.add("c.created_at >= ?", vec![Bind::Int(from.millis())]);
    }
    if let Some(until) = query.until {
        filter.add("c.created_at < ?", vec![Bind::Int(until.millis())]);
    }
    let clause = filter.clause();
    let total: i64 = filter
        .bind(sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) AS n FROM svc_cases c {clause}"
        ))))
        .fetch_one(&db.pool)
        .await?
        .try_get("n")?;
    let rows = filter
        .bind(sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT c.id FROM svc_cases c {clause} ORDER BY c.id DESC LIMIT {} OFFSET {}",
            limit.clamp(1, 200),
            offset.max(0)
        ))))
        .fetch_all(&db.pool)
        .await?;
    let ids = rows
        .iter()
        .map(|row| Ok(row.try_get("id")?))
        .collect::<Result<Vec<i64>>>()?;
    if let Some(id_no) = &query.id_no {
        let event = AuditEvent::new("services.search.id_no", "svc_cases", "").detail(format!(
            "按身份证号 {} 查找办件，找到 {total} 件",
            id_no.masked()
        ));
        audit::record_alone(db, actor, event, now.millis()).await?;
    }
    if let Some(code) = &query.credit_code {
        let event =
            AuditEvent::new("services.search.credit_code", "svc_cases", "").detail(format!(
                "按统一社会信用代码 {} 查找办件，找到 {total} 件",
                masked_code(code)
            ));
        audit::record_alone(db, actor, event, now.millis()).await?;
    }
    Ok(FoundCases {
        rows: desk_rows(db, &ids, now).await?,
        total,
    })
}

/// A credit code as the audit log keeps it, masked as an ID number is: the first six and
/// the last four characters.
fn masked_code(code: &CreditCode) -> String {
    platform::personal::mask_middle(code.as_str(), 6, 4)
}
