//! 我的空间's materials on file and e-licences (issue 23 item 3; SVC-NO-RESUBMIT,
//! SVC-ELICENCE). They are the services domain's rows — `svc_materials_on_file`, filed when
//! a case is accepted (its uploads, sealed like every attachment), and `svc_licences`, issued
//! when a case of an item whose result is a licence concludes approved — read here through
//! the account's own cases (`account_items`: filed while logged in or claimed with number
//! and query code). So a person sees and downloads only what came from their own cases:
//! another account's id is the same 404 as an unknown one, and the refusal is audited, as is
//! every download. A case not yet accepted has nothing on file; one not concluded has no
//! licence.

use platform::audit::{self, AuditEvent};
use platform::db::Db;
use platform::personal::DataKey;
use platform::{Error, Result};
use sqlx::Row as _;

use crate::account::{actor, audit_refusal};

/// A material on file from one of the account's cases.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MaterialOnFile {
    /// The row of `svc_materials_on_file`.
    pub id: i64,
    /// The material code of the item's list (材料目录化).
    pub material_code: String,
    /// What the material is (the attachment's label: the material's name).
    pub label: String,
    pub attachment_id: i64,
    /// The file's kind (`pdf`, `png` …) and size in bytes.
    pub file_kind: String,
    pub size: i64,
    pub case_number: String,
    pub accepted_at: i64,
    pub valid_until: Option<i64>,
    /// The holder's keyed index (the person's or, for an agent's case, the enterprise's):
    /// a new application reuses it only under the same holder. Never shown.
    #[serde(skip)]
    pub holder_lookup: String,
}

/// An e-licence (电子证照) issued by one of the account's concluded cases.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Licence {
    /// The row of `svc_licences`.
    pub id: i64,
    pub licence_type: String,
    /// The licence number in the library.
    pub number: String,
    /// The issuing unit's name.
    pub issuer: String,
    pub issued_at: i64,
    pub valid_until: Option<i64>,
    pub case_number: String,
    /// As [`MaterialOnFile::holder_lookup`].
    #[serde(skip)]
    pub holder_lookup: String,
}

impl Licence {
    /// Valid at `now` (a licence without an end date always is).
    pub fn valid_at(&self, now: i64) -> bool {
        self.valid_until.is_none_or(|until| until >= now)
    }
}

impl MaterialOnFile {
    /// Valid at `now` (a material without an end date always is).
    pub fn valid_at(&self, now: i64) -> bool {
        self.valid_until.is_none_or(|until| until >= now)
    }
}

const MATERIALS: &str = "SELECT f.id, f.material_code, f.attachment_id, f.accepted_at, \
     f.valid_until, f.applicant_lookup, i.number, a.label, a.kind, a.size \
     FROM svc_materials_on_file f \
     JOIN account_items i ON i.kind = 'case' AND i.object_id = f.case_id \
     JOIN attachments a ON a.id = f.attachment_id \
     WHERE i.account_id = $1";

const LICENCES: &str = "SELECT l.id, l.licence_type, l.number, l.issued_at, l.valid_until, \
     l.applicant_lookup, i.number AS case_number, u.name AS issuer \
     FROM svc_licences l \
     JOIN account_items i ON i.kind = 'case' AND i.object_id = l.case_id \
     JOIN units u ON u.id = l.issuer_unit_id \
     WHERE i.account_id = $1";

fn material_of(row: &sqlx::any::AnyRow) -> Result<MaterialOnFile> {
    Ok(MaterialOnFile {
        id: row.try_get("id")?,
        material_code: row.try_get("material_code")?,
        label: row.try_get("label")?,
        attachment_id: row.try_get("attachment_id")?,
        file_kind: row.try_get("kind")?,
        size: row.try_get("size")?,
        case_number: row.try_get("number")?,
        accepted_at: row.try_get("accepted_at")?,
        valid_until: row.try_get("valid_until")?,
        holder_lookup: row.try_get("applicant_lookup")?,
    })
}

fn licence_of(row: &sqlx::any::AnyRow) -> Result<Licence> {
    Ok(Licence {
        id: row.try_get("id")?,
        licence_type: row.try_get("licence_type")?,
        number: row.try_get("number")?,
        issuer: row.try_get("issuer")?,
        issued_at: row.try_get("issued_at")?,
        valid_until: row.try_get("valid_until")?,
        case_number: row.try_get("case_number")?,
        holder_lookup: row.try_get("applicant_lookup")?,
    })
}

/// The account's materials on file, newest first.
pub async fn materials(db: &Db, account_id: i64) -> Result<Vec<MaterialOnFile>> {
    let sql = format!("{MATERIALS} ORDER BY f.id DESC");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(account_id)
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(material_of).collect()
}

/// The account's e-licences, newest first.
pub async fn licences(db: &Db, account_id: i64) -> Result<Vec<Licence>> {
    let sql = format!("{LICENCES} ORDER BY l.id DESC");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(account_id)
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(licence_of).collect()
}

/// The material on file `id` when it comes from one of the account's cases; NotFound —
/// the same for another account's — otherwise.
pub async fn material(db: &Db, account_id: i64, id: i64) -> Result<MaterialOnFile> {
    let sql = format!("{MATERIALS} AND f.id = $2");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(account_id)
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| Error::not_found("您空间中的该材料"))?;
    material_of(&row)
}

/// The e-licence `id` when one of the account's cases issued it; NotFound otherwise.
pub async fn licence(db: &Db, account_id: i64, id: i64) -> Result<Licence> {
    let sql = format!("{LICENCES} AND l.id = $2");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(account_id)
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| Error::not_found("您空间中的该电子证照"))?;
    licence_of(&row)
}

/// The download of a material on file: the account's own only (another's is refused as
/// not found and the attempt audited); the download is audited; the content is opened from
/// its seal and checked against its digest.
pub async fn download_material(
    db: &Db,
    key: &DataKey,
    account_id: i64,
    id: i64,
    (ip, now): (&str, i64),
) -> Result<(MaterialOnFile, Vec<u8>)> {
    let who = actor(account_id, ip);
    let found = match material(db, account_id, id).await {
        Ok(found) => found,
        Err(error) => {
            let why = format!("下载材料 {id} 被拒绝：不是本账号办件的材料");
            audit_refusal(db, &who, "account.material", &why, now).await;
            return Err(error);
        }
    };
    let content = platform::attachments::content(db, key, found.attachment_id).await?;
    let event = AuditEvent::new("account.material", "account", account_id).detail(format!(
        "下载已提交材料“{}”（办件 {}）",
        found.label, found.case_number
    ));
    audit::record_alone(db, &who, event, now).await?;
    Ok((found, content))
}

/// The download of an e-licence: as [`download_material`], for the licence's record.
pub async fn download_licence(
    db: &Db,
    account_id: i64,
    id: i64,
    (ip, now): (&str, i64),
) -> Result<Licence> {
    let who = actor(account_id, ip);
    let found = match licence(db, account_id, id).await {
        Ok(found) => found,
        Err(error) => {
            let why = format!("下载电子证照 {id} 被拒绝：不是本账号办件的证照");
            audit_refusal(db, &who, "account.licence", &why, now).await;
            return Err(error);
        }
    };
    let event = AuditEvent::new("account.licence", "account", account_id).detail(format!(
        "下载电子证照 {} {}",
        found.licence_type, found.number
    ));
    audit::record_alone(db, &who, event, now).await?;
    Ok(found)
}
