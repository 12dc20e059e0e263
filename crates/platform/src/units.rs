//! Units (单位): a tree of departments, townships/streets, villages and the centres.

use sqlx::Row as _;

use crate::audit::{self, AuditActor, AuditEvent};
use crate::db::{Db, Tx, flag};
use crate::error::{Error, Result};

/// What kind of unit it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitKind {
    Government,
    Department,
    Township,
    Street,
    Village,
    HotlineCentre,
    ServiceCentre,
    ItOffice,
    PetitionBureau,
}

impl UnitKind {
    pub const ALL: [UnitKind; 9] = [
        UnitKind::Government,
        UnitKind::Department,
        UnitKind::Township,
        UnitKind::Street,
        UnitKind::Village,
        UnitKind::HotlineCentre,
        UnitKind::ServiceCentre,
        UnitKind::ItOffice,
        UnitKind::PetitionBureau,
    ];

    pub fn code(self) -> &'static str {
        match self {
            UnitKind::Government => "government",
            UnitKind::Department => "department",
            UnitKind::Township => "township",
            UnitKind::Street => "street",
            UnitKind::Village => "village",
            UnitKind::HotlineCentre => "hotline_centre",
            UnitKind::ServiceCentre => "service_centre",
            UnitKind::ItOffice => "it_office",
            UnitKind::PetitionBureau => "petition_bureau",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            UnitKind::Government => "人民政府",
            UnitKind::Department => "部门",
            UnitKind::Township => "乡镇",
            UnitKind::Street => "街道",
            UnitKind::Village => "村（社区）",
            UnitKind::HotlineCentre => "12345热线中心",
            UnitKind::ServiceCentre => "政务服务中心",
            UnitKind::ItOffice => "信息化办公室",
            UnitKind::PetitionBureau => "信访局",
        }
    }

    pub fn parse(code: &str) -> Result<Self> {
        UnitKind::ALL
            .into_iter()
            .find(|kind| kind.code() == code)
            .ok_or_else(|| Error::invalid(format!("未知的单位类型“{code}”")))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub id: i64,
    pub jurisdiction_id: i64,
    pub parent_id: Option<i64>,
    pub code: String,
    pub name: String,
    pub kind: UnitKind,
    pub path: String,
    pub depth: usize,
    pub active: bool,
}

/// A new unit under `parent_id` (or a root when `None`).
#[derive(Debug, Clone)]
pub struct NewUnit {
    pub jurisdiction_id: i64,
    pub parent_id: Option<i64>,
    pub code: String,
    pub name: String,
    pub kind: UnitKind,
}

pub async fn create(tx: &mut Tx, actor: &AuditActor, new: NewUnit, now: i64) -> Result<i64> {
    let name = new.name.trim();
    if name.is_empty() || name.chars().count() > 60 {
        return Err(Error::invalid("单位名称应为 1 至 60 个字符"));
    }
    let code = new.code.trim();
    if code.is_empty()
        || code.len() > 40
        || !code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(Error::invalid("单位编码应为 1 至 40 位字母、数字、- 或 _"));
    }
    let parent_path = match new.parent_id {
        Some(parent_id) => Some(
            sqlx::query("SELECT path FROM units WHERE id = $1")
                .bind(parent_id)
                .fetch_optional(&mut **tx)
                .await?
                .ok_or_else(|| Error::not_found("上级单位"))?
                .try_get::<String, _>("path")?,
        ),
        None => None,
    };
    let row = sqlx::query(
        "INSERT INTO units (jurisdiction_id, parent_id, code, name, kind, path, created_at) \
         VALUES ($1, $2, $3, $4, $5, '', $6) RETURNING id",
    )
    .bind(new.jurisdiction_id)
    .bind(new.parent_id)
    .bind(code)
    .bind(name)
    .bind(new.kind.code())
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    let id: i64 = row.try_get("id")?;
    let path = format!("{}{id}/", parent_path.unwrap_or_else(|| "/".into()));
    sqlx::query("UPDATE units SET path = $1 WHERE id = $2")
        .bind(&path)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    audit::record(
        tx,
        actor,
        AuditEvent::new("unit.create", "unit", id)
            .detail(format!("{name}（{}）", new.kind.label_zh())),
        now,
    )
    .await?;
    Ok(id)
}

fn unit_from_row(row: &sqlx::any::AnyRow) -> Result<Unit> {
    let path: String = row.try_get("path")?;
    Ok(Unit {
        id: row.try_get("id")?,
        jurisdiction_id: row.try_get("jurisdiction_id")?,
        parent_id: row.try_get("parent_id")?,
        code: row.try_get("code")?,
        name: row.try_get("name")?,
        kind: UnitKind::parse(&row.try_get::<String, _>("kind")?)?,
        depth: path.matches('/').count().saturating_sub(2),
        path,
        active: flag(row.try_get("active")?),
    })
}

const UNIT_COLUMNS: &str = "id, jurisdiction_id, parent_id, code, name, kind, path, active";

/// The whole tree in display order (depth-first by path).
pub async fn list(db: &Db) -> Result<Vec<Unit>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {UNIT_COLUMNS} FROM units ORDER BY path"
    )))
    .fetch_all(&db.pool)
    .await?;
    let mut units: Vec<Unit> = rows.iter().map(unit_from_row).collect::<Result<_>>()?;
    units.sort_by_key(|u| path_key(&u.path));
    Ok(units)
}

fn path_key(path: &str) -> Vec<i64> {
    path.split('/')
        .filter_map(|part| part.parse().ok())
        .collect()
}

pub async fn get(db: &Db, id: i64) -> Result<Unit> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {UNIT_COLUMNS} FROM units WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(&db.pool)
    .await?
    .ok_or_else(|| Error::not_found("单位"))?;
    unit_from_row(&row)
}

pub async fn find_by_code(db: &Db, code: &str) -> Result<Option<Unit>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {UNIT_COLUMNS} FROM units WHERE code = $1"
    )))
    .bind(code)
    .fetch_optional(&db.pool)
    .await?;
    row.as_ref().map(unit_from_row).transpose()
}
