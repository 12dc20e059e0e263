//! What the portal publishes of the catalogue besides the guides (issue 22): SVC-ONE-DOOR's
//! negative list as the formal documents that approved it (000 中心 §16 以正式文件公布) and the
//! fee list of the items that charge (§18 收费事项和标准要在门户网站进行公示), and SVC-STATUS's
//! 结果公示 (002 网站规范 §21(三)4): the concluded cases of the items whose published guide
//! asks for it, the applicant masked. Every list is read from the published versions only.

use std::collections::HashMap;

use platform::Result;
use platform::db::Db;
use platform::personal::DataKey;
use sqlx::Row as _;

use super::item_office::{self, DocumentIssue, NegativeListRow};
use crate::backoffice::{self, item_title};
use crate::case::Decision;
use crate::item::{Fee, Item};
use crate::store::{cases, unreadable};
use crate::{CaseId, ItemId, UnitId};

/// The most concluded cases one 结果公示 page lists, newest first.
pub const RESULTS_LISTED: i64 = 200;

/// One published item: id, code and the published guide.
pub struct PublicGuide {
    pub id: ItemId,
    pub code: String,
    pub item: Item,
}

/// Every item the public sees (published, not terminated), by code.
pub async fn public_guides(db: &Db) -> Result<Vec<PublicGuide>> {
    let rows = sqlx::query(
        "SELECT i.id, i.code, v.snapshot FROM svc_items i JOIN svc_item_versions v \
         ON v.item_id = i.id AND v.version = i.published_version \
         WHERE i.published_version IS NOT NULL AND i.status <> 'terminated' ORDER BY i.code",
    )
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| {
            let snapshot: String = row.try_get("snapshot")?;
            Ok(PublicGuide {
                id: ItemId(row.try_get("id")?),
                code: row.try_get("code")?,
                item: crate::snapshot::from_json(&snapshot)
                    .map_err(|e| unreadable("item snapshot", e))?,
            })
        })
        .collect()
}

/// One line of the fee list (SVC-ONE-DOOR, 000 中心 §18).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeeLine {
    pub code: String,
    pub name: String,
    pub department: UnitId,
    /// 收费标准.
    pub standard: String,
    /// 收费依据.
    pub basis: String,
    /// 收费方式.
    pub method: String,
}

/// SVC-ONE-DOOR: the fee elements of every public item that charges, by code.
pub async fn fee_list(db: &Db) -> Result<Vec<FeeLine>> {
    Ok(public_guides(db)
        .await?
        .into_iter()
        .filter_map(|guide| match &guide.item.basic.fee {
            Fee::Free => None,
            Fee::Charged { standard, basis } => Some(FeeLine {
                name: item_title(&guide.item),
                department: guide.item.basic.department,
                standard: standard.clone(),
                basis: basis.clone(),
                method: guide.item.basic.more.fee_method.clone(),
                code: guide.code,
            }),
        })
        .collect())
}

/// One approving document of the negative list with the items it keeps out of the hall.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NegativeDocument {
    /// 文号.
    pub number: String,
    pub title: String,
    pub issue: DocumentIssue,
    pub entries: Vec<NegativeListRow>,
}

/// SVC-ONE-DOOR: the negative list as its formal documents, newest date first (an entry kept
/// before the issuing unit and date were asked shows them empty).
pub async fn negative_documents(db: &Db) -> Result<Vec<NegativeDocument>> {
    let mut documents: Vec<NegativeDocument> = Vec::new();
    for row in item_office::negative_list(db).await? {
        match documents
            .iter_mut()
            .find(|document| document.number == row.document.number)
        {
            Some(document) => {
                if document.issue.issuer.is_empty() {
                    document.issue = row.issue.clone();
                }
                document.entries.push(row);
            }
            None => documents.push(NegativeDocument {
                number: row.document.number.clone(),
                title: row.document.title.clone(),
                issue: row.issue.clone(),
                entries: vec![row],
            }),
        }
    }
    documents.sort_by(|a, b| {
        b.issue
            .date
            .cmp(&a.issue.date)
            .then(a.number.cmp(&b.number))
    });
    Ok(documents)
}

/// One concluded case announced (结果公示).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultLine {
    pub number: String,
    pub item_code: String,
    pub item_name: String,
    /// The applicant's name masked (张*), never the ID number or phone.
    pub applicant: String,
    /// 准予 or 不予批准 (the reason stays with the applicant).
    pub result: &'static str,
    /// The result's name (e.g. 食品经营许可证) for an approval.
    pub result_name: String,
    /// When the case concluded (the result delivered), epoch milliseconds.
    pub concluded_at: i64,
}

/// SVC-STATUS 结果公示: the newest [`RESULTS_LISTED`] concluded cases of the public items
/// whose published guide is marked for publication (`MoreElements::publish_results`), of
/// `item_code` alone when given.
pub async fn result_announcements(
    db: &Db,
    key: &DataKey,
    item_code: Option<&str>,
) -> Result<Vec<ResultLine>> {
    let published: HashMap<i64, PublicGuide> = public_guides(db)
        .await?
        .into_iter()
        .filter(|guide| guide.item.basic.more.publish_results)
        .filter(|guide| item_code.is_none_or(|code| guide.code == code))
        .map(|guide| (guide.id.0, guide))
        .collect();
    if published.is_empty() {
        return Ok(Vec::new());
    }
    let mut ids: Vec<i64> = published.keys().copied().collect();
    ids.sort_unstable();
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    // The ids are integers read from the database, never input.
    let sql = format!(
        "SELECT id FROM svc_cases WHERE status = 'concluded' AND item_id IN ({list}) \
         ORDER BY updated_at DESC, id DESC LIMIT {RESULTS_LISTED}"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(&db.pool)
        .await?;
    let mut lines = Vec::with_capacity(rows.len());
    for row in &rows {
        let id = CaseId(row.try_get("id")?);
        let stored = cases::get(db, id).await?;
        let Some(guide) = published.get(&stored.case.item.0) else {
            continue;
        };
        let Some((method_at, (decision, _))) = stored
            .case
            .delivery
            .map(|(_, at)| at)
            .zip(stored.case.decision.as_ref())
        else {
            continue;
        };
        let applicant = backoffice::masked_applicant(db, key, id).await?;
        let approved = matches!(decision, Decision::Approve);
        lines.push(ResultLine {
            number: stored.number.clone(),
            item_code: guide.code.clone(),
            item_name: item_title(&guide.item),
            applicant: applicant.name,
            result: if approved { "准予" } else { "不予批准" },
            result_name: if approved {
                guide.item.basic.result.name.clone()
            } else {
                String::new()
            },
            concluded_at: method_at.millis(),
        });
    }
    Ok(lines)
}
