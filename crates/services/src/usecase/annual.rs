//! What the services add to a site's annual work report (WEB-ANNUAL; `reports.md` §2, the
//! 办事服务 block of the 政府网站工作年度报表, counted for the portal that carries the service
//! catalogue): the items of the public catalogue (published, not terminated), those handled
//! fully online (到办事现场次数 0 in the published guide), and the cases of a period by the
//! applicant: a legal person's (an enterprise applied through its agent) or a natural
//! person's. Reads only.

use calendar::Instant;
use platform::Result;
use platform::db::Db;
use sqlx::Row as _;

use crate::item::Item;
use crate::store::unreadable;

/// The services' figures of the annual report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ServiceFigures {
    /// 政务服务事项数量: the items of the public catalogue.
    pub items: i64,
    /// 可全程在线办理政务服务事项数量: those needing no visit to the hall.
    pub fully_online: i64,
    /// 办件量 · 总数: the cases submitted in the period (online or at a window).
    pub cases: i64,
    /// 自然人办件量.
    pub natural_person_cases: i64,
    /// 法人办件量: the cases applied for an enterprise.
    pub legal_person_cases: i64,
}

/// WEB-ANNUAL: the catalogue as it stands and the cases submitted from `from` (included) to
/// `until` (excluded).
pub async fn annual_figures(db: &Db, from: Instant, until: Instant) -> Result<ServiceFigures> {
    let rows = sqlx::query(
        "SELECT v.snapshot FROM svc_items i JOIN svc_item_versions v ON v.item_id = i.id \
         AND v.version = i.published_version \
         WHERE i.published_version IS NOT NULL AND i.status <> 'terminated'",
    )
    .fetch_all(&db.pool)
    .await?;
    let mut figures = ServiceFigures::default();
    for row in &rows {
        let snapshot: String = row.try_get("snapshot")?;
        let item: Item =
            crate::snapshot::from_json(&snapshot).map_err(|e| unreadable("item snapshot", e))?;
        figures.items += 1;
        if item.basic.onsite_visits == 0 {
            figures.fully_online += 1;
        }
    }
    let row = sqlx::query(
        "SELECT COUNT(*) AS n, \
         CAST(COALESCE(SUM(CASE WHEN enterprise_lookup IS NULL THEN 0 ELSE 1 END), 0) AS BIGINT) \
         AS legal \
         FROM svc_cases WHERE created_at >= $1 AND created_at < $2",
    )
    .bind(from.millis())
    .bind(until.millis())
    .fetch_one(&db.pool)
    .await?;
    figures.cases = row.try_get("n")?;
    figures.legal_person_cases = row.try_get("legal")?;
    figures.natural_person_cases = figures.cases - figures.legal_person_cases;
    Ok(figures)
}
