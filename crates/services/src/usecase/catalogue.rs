//! The public catalogue (SVC-ITEM-TYPES, SVC-ITEM-LIFE): the published version of every item
//! that is not terminated, browsed by department, by type, by target and life-event theme,
//! and searched by name, a page at a time. Filters use the indexed columns of `svc_items`
//! (department and type with status); the theme is matched in the published snapshot. The
//! listed names and classifications are the published version's.

use platform::Result;
use platform::db::Db;
use sqlx::Row as _;

use crate::item::{CaseType, Item, ItemType, Target, Theme};
use crate::store::unreadable;
use crate::{ItemId, UnitId};

/// Items per catalogue page.
pub const PAGE_SIZE: u32 = 20;

/// What the applicant browses by; every part is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CatalogueFilter {
    pub department: Option<UnitId>,
    pub item_type: Option<ItemType>,
    pub target: Option<Target>,
    /// A life-event theme of the target's list (its target filters too).
    pub theme: Option<Theme>,
    /// Part of the item's name or code.
    pub name: Option<String>,
    /// 1-based page.
    pub page: u32,
}

/// One line of the catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogueEntry {
    pub id: ItemId,
    pub code: String,
    pub name: String,
    pub department: UnitId,
    pub item_type: ItemType,
    pub case_type: CaseType,
    pub targets: Vec<Target>,
    pub promised_days: u32,
    /// Applications are accepted (not suspended).
    pub accepts_applications: bool,
}

/// One page of the catalogue and the number of matching items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CataloguePage {
    pub entries: Vec<CatalogueEntry>,
    pub total: i64,
    pub page: u32,
    pub pages: u32,
}

/// A value bound to the built query.
enum Bind {
    Int(i64),
    Text(String),
}

fn target_code(target: Target) -> &'static str {
    match target {
        Target::NaturalPerson => "natural_person",
        Target::LegalPerson => "legal_person",
    }
}

/// `text` with LIKE's wildcards escaped (escape character `\`).
fn like_escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The WHERE clause (from constants only) and its binds.
fn conditions(filter: &CatalogueFilter) -> Result<(String, Vec<Bind>)> {
    let mut sql = String::from(
        " FROM svc_items i JOIN svc_item_versions v ON v.item_id = i.id \
         AND v.version = i.published_version \
         WHERE i.published_version IS NOT NULL AND i.status <> 'terminated'",
    );
    let mut binds = Vec::new();
    let mut next = |sql: &mut String, clause: &str, bind: Bind| {
        binds.push(bind);
        sql.push_str(&clause.replace('?', &format!("${}", binds.len())));
    };
    if let Some(department) = filter.department {
        next(
            &mut sql,
            " AND i.department_unit_id = ?",
            Bind::Int(department.0),
        );
    }
    if let Some(item_type) = filter.item_type {
        next(
            &mut sql,
            " AND i.item_type = ?",
            Bind::Text(format!("{item_type:?}")),
        );
    }
    let target = filter.theme.as_ref().map(Theme::target).or(filter.target);
    if let Some(target) = target {
        next(
            &mut sql,
            " AND i.target LIKE ?",
            Bind::Text(format!("%{}%", target_code(target))),
        );
    }
    if let Some(theme) = &filter.theme {
        // The snapshot holds a theme as `["NaturalPerson","生育收养"]` (labels from a fixed list).
        let needle = serde_json::to_string(theme).map_err(|e| unreadable("theme", e))?;
        next(
            &mut sql,
            " AND v.snapshot LIKE ? ESCAPE '\\'",
            Bind::Text(format!("%{}%", like_escaped(&needle))),
        );
    }
    if let Some(name) = filter
        .name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
    {
        let pattern = format!("%{}%", like_escaped(name));
        next(
            &mut sql,
            " AND (i.name LIKE ? ESCAPE '\\'",
            Bind::Text(pattern.clone()),
        );
        next(
            &mut sql,
            " OR i.code LIKE ? ESCAPE '\\')",
            Bind::Text(pattern),
        );
    }
    Ok((sql, binds))
}

fn bind_all<'q>(
    mut query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>,
    binds: &'q [Bind],
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments> {
    for bind in binds {
        query = match bind {
            Bind::Int(value) => query.bind(*value),
            Bind::Text(value) => query.bind(value.as_str()),
        };
    }
    query
}

/// SVC-ITEM-TYPES: one page of the public catalogue, ordered by item code.
pub async fn catalogue(db: &Db, filter: &CatalogueFilter) -> Result<CataloguePage> {
    let (from_where, binds) = conditions(filter)?;
    let count_sql = format!("SELECT COUNT(*) AS n{from_where}");
    let total: i64 = bind_all(sqlx::query(sqlx::AssertSqlSafe(count_sql)), &binds)
        .fetch_one(&db.pool)
        .await?
        .try_get("n")?;
    let pages = u32::try_from((total + i64::from(PAGE_SIZE) - 1) / i64::from(PAGE_SIZE))
        .unwrap_or(u32::MAX)
        .max(1);
    let page = filter.page.clamp(1, pages);
    let list_sql = format!(
        "SELECT i.id, i.code, i.status, i.department_unit_id, v.snapshot{from_where} \
         ORDER BY i.code LIMIT {PAGE_SIZE} OFFSET {}",
        i64::from(page - 1) * i64::from(PAGE_SIZE)
    );
    let rows = bind_all(sqlx::query(sqlx::AssertSqlSafe(list_sql)), &binds)
        .fetch_all(&db.pool)
        .await?;
    let mut entries = Vec::with_capacity(rows.len());
    for row in &rows {
        let snapshot: String = row.try_get("snapshot")?;
        let item: Item =
            crate::snapshot::from_json(&snapshot).map_err(|e| unreadable("item snapshot", e))?;
        let status: String = row.try_get("status")?;
        let basic = &item.basic;
        entries.push(CatalogueEntry {
            id: ItemId(row.try_get("id")?),
            code: row.try_get("code")?,
            name: if basic.sub_name.trim().is_empty() {
                basic.main_name.clone()
            } else {
                format!("{}（{}）", basic.main_name, basic.sub_name)
            },
            department: basic.department,
            item_type: basic.item_type,
            case_type: basic.case_type,
            targets: basic.targets.clone(),
            promised_days: basic.promised_limit.amount,
            accepts_applications: status != "suspended",
        });
    }
    Ok(CataloguePage {
        entries,
        total,
        page,
        pages,
    })
}

/// The departments with public items and how many each has, by unit id.
pub async fn departments(db: &Db) -> Result<Vec<(UnitId, i64)>> {
    let rows = sqlx::query(
        "SELECT department_unit_id, COUNT(*) AS n FROM svc_items \
         WHERE published_version IS NOT NULL AND status <> 'terminated' \
         GROUP BY department_unit_id ORDER BY department_unit_id",
    )
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| {
            Ok((
                UnitId(row.try_get("department_unit_id")?),
                row.try_get("n")?,
            ))
        })
        .collect()
}
