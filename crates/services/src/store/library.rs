//! `svc_materials_on_file` and `svc_licences`: what an applicant (by the keyed hash of the ID
//! number) has handed in and holds, so that it is never demanded again (SVC-NO-RESUBMIT), and
//! the e-licence library linked to the holder (SVC-ELICENCE).

use calendar::Instant;
use platform::Result;
use platform::db::Tx;
use sqlx::AnyConnection;
use sqlx::Row as _;

use crate::case::{MaterialSource, SubmittedMaterial};
use crate::reuse::{LicenceHeld, MaterialOnFile};
use crate::{AttachmentId, CaseId, UnitId};

/// Files the uploaded materials of an accepted case under the applicant.
pub async fn file_materials(
    tx: &mut Tx,
    applicant_lookup: &str,
    case: CaseId,
    materials: &[SubmittedMaterial],
    at: Instant,
) -> Result<()> {
    for material in materials {
        let MaterialSource::Uploaded(attachment) = material.source else {
            continue;
        };
        sqlx::query(
            "INSERT INTO svc_materials_on_file (applicant_lookup, material_code, attachment_id, \
             case_id, accepted_at, valid_until) VALUES ($1, $2, $3, $4, $5, NULL)",
        )
        .bind(applicant_lookup)
        .bind(&material.code)
        .bind(attachment.0)
        .bind(case.0)
        .bind(at.millis())
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// The applicant's materials on file, newest first.
pub async fn materials_on_file(
    conn: &mut AnyConnection,
    applicant_lookup: &str,
) -> Result<Vec<MaterialOnFile>> {
    let rows = sqlx::query(
        "SELECT material_code, attachment_id, valid_until FROM svc_materials_on_file \
         WHERE applicant_lookup = $1 ORDER BY id DESC",
    )
    .bind(applicant_lookup)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(MaterialOnFile {
                code: row.try_get("material_code")?,
                attachment: AttachmentId(row.try_get("attachment_id")?),
                valid_until: row
                    .try_get::<Option<i64>, _>("valid_until")?
                    .map(Instant::from_millis),
            })
        })
        .collect()
}

/// SVC-ELICENCE: a licence issued into the library; its number is returned.
pub async fn issue_licence(
    tx: &mut Tx,
    applicant_lookup: &str,
    licence_type: &str,
    case: CaseId,
    case_number: &str,
    issuer: UnitId,
    at: Instant,
) -> Result<String> {
    let number = format!("DZZZ-{case_number}");
    sqlx::query(
        "INSERT INTO svc_licences (applicant_lookup, licence_type, number, issuer_unit_id, \
         issued_at, valid_until, case_id) VALUES ($1, $2, $3, $4, $5, NULL, $6)",
    )
    .bind(applicant_lookup)
    .bind(licence_type)
    .bind(&number)
    .bind(issuer.0)
    .bind(at.millis())
    .bind(case.0)
    .execute(&mut **tx)
    .await?;
    Ok(number)
}

/// The e-licences the applicant holds, newest first.
pub async fn licences_held(
    conn: &mut AnyConnection,
    applicant_lookup: &str,
) -> Result<Vec<LicenceHeld>> {
    let rows = sqlx::query(
        "SELECT licence_type, number, valid_until FROM svc_licences WHERE applicant_lookup = $1 \
         ORDER BY id DESC",
    )
    .bind(applicant_lookup)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(LicenceHeld {
                licence_type: row.try_get("licence_type")?,
                number: row.try_get("number")?,
                valid_until: row
                    .try_get::<Option<i64>, _>("valid_until")?
                    .map(Instant::from_millis),
            })
        })
        .collect()
}

/// Issue 23 item 3 (SVC-NO-RESUBMIT): whether `material`, chosen from 我的空间 for a new
/// application, is the holder's and valid at `now`: a material on file of that code, or an
/// e-licence of the type the material stands for (`licence_type`).
pub async fn holds(
    conn: &mut AnyConnection,
    holder_lookup: &str,
    material: &SubmittedMaterial,
    licence_type: Option<&str>,
    now: Instant,
) -> Result<bool> {
    let found = match &material.source {
        MaterialSource::OnFile(attachment) => {
            sqlx::query(
                "SELECT id FROM svc_materials_on_file WHERE applicant_lookup = $1 \
                 AND attachment_id = $2 AND material_code = $3 \
                 AND (valid_until IS NULL OR valid_until >= $4)",
            )
            .bind(holder_lookup)
            .bind(attachment.0)
            .bind(&material.code)
            .bind(now.millis())
            .fetch_optional(&mut *conn)
            .await?
        }
        MaterialSource::ELicence(number) => {
            let Some(licence_type) = licence_type else {
                return Ok(false);
            };
            sqlx::query(
                "SELECT id FROM svc_licences WHERE applicant_lookup = $1 AND number = $2 \
                 AND licence_type = $3 AND (valid_until IS NULL OR valid_until >= $4)",
            )
            .bind(holder_lookup)
            .bind(number)
            .bind(licence_type)
            .bind(now.millis())
            .fetch_optional(&mut *conn)
            .await?
        }
        MaterialSource::Uploaded(_) => None,
    };
    Ok(found.is_some())
}
