//! SVC-ACCEPT, SVC-SPECIAL: the applicant answers a request for materials online — the
//! one-time notice before acceptance, or 补齐补正 after acceptance. With the case number and
//! query code, the materials asked for are uploaded; the files are checked first and stored
//! with the `Resubmit` command in one transaction. Before acceptance the acceptance clock
//! restarts (a resubmission is a new submission); during 补齐补正 the special procedure ends
//! and the paused promised clock resumes (CAL-PAUSE).

use platform::attachments::{self, Owner, Policy, Upload};
use platform::db::Db;
use platform::personal::DataKey;
use platform::workflow::Context;
use platform::{Error, Result};

use super::execute_case_in;
use super::online::{CASE_OWNER, HeldMaterials, MaterialUpload, store_materials};
use crate::case::{Case, Command, MaterialSource, Status, SubmittedMaterial};
use crate::store::{cases, items};

/// What the applicant is asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requested {
    /// (code, name, what is wrong); a material outside the guide's list has an empty code.
    pub materials: Vec<(String, String, String)>,
    /// 补齐补正 after acceptance (SVC-SPECIAL): the answer resumes the promised clock. Otherwise
    /// the one-time notice before acceptance, whose answer restarts the acceptance clock.
    pub after_acceptance: bool,
}

/// The materials asked for when the case of `number` awaits them (one-time notice or
/// 补齐补正) and `query_code` matches.
pub async fn requested_materials(
    db: &Db,
    key: &DataKey,
    number: &str,
    query_code: &str,
) -> Result<Requested> {
    // Issue 12 finding 3: the code is checked, and a wrong one counted, as on the status page.
    let stored = super::case_by_code(db, key, number, query_code).await?;
    let defects = stored
        .case
        .requested_materials()
        .ok_or_else(|| Error::invalid("该办件当前不需要补齐补正材料"))?;
    let mut tx = db.begin().await?;
    let item = items::version_in(&mut tx, stored.case.item, stored.case.item_version).await?;
    tx.commit().await?;
    // A material outside the guide's list (named freely in the notice) has no code: it is
    // shown, and brought to the window.
    let materials = defects
        .iter()
        .map(|defect| {
            let code = item
                .materials
                .list()
                .iter()
                .find(|material| material.name == defect.material)
                .map(|material| material.code.clone())
                .unwrap_or_default();
            (code, defect.material.clone(), defect.problem.clone())
        })
        .collect();
    Ok(Requested {
        materials,
        after_acceptance: stored.case.status == Status::Special,
    })
}

/// SVC-ACCEPT, SVC-SPECIAL: stores the files and applies `Resubmit`; every file is checked
/// before anything is stored, and only materials the request named are taken. Files the form
/// held from an earlier refusal (issue 14 item 3, `platform::held`) are taken in the same
/// transaction, a file chosen now replacing the held one of its material.
pub async fn resubmit_online(
    db: &Db,
    context: &Context<'_>,
    (number, query_code): (&str, &str),
    files: Vec<MaterialUpload>,
    mut held: HeldMaterials,
) -> Result<Case> {
    let Context { key, now, .. } = *context;
    let requested = requested_materials(db, key, number, query_code)
        .await?
        .materials;
    let asked = |code: &str| !code.is_empty() && requested.iter().any(|(c, ..)| c == code);
    if let Some(file) = files.iter().find(|file| !asked(&file.code)) {
        return Err(Error::invalid(format!(
            "“{}”不在一次性告知的补正材料中",
            file.upload.label
        )));
    }
    held.files
        .retain(|(code, _)| !files.iter().any(|file| file.code == *code));
    if let Some((code, _)) = held.files.iter().find(|(code, _)| !asked(code)) {
        return Err(Error::invalid(format!(
            "保存的材料“{code}”不在一次性告知的补正材料中"
        )));
    }
    let uploads: Vec<Upload> = files.iter().map(|file| file.upload.clone()).collect();
    attachments::check_all(&Policy::MATERIAL, &uploads)?;
    if files.is_empty() && held.files.is_empty() {
        return Err(Error::invalid("请上传补正后的材料"));
    }
    let stored = cases::by_number(db, &platform::query_code::normalise_number(number))
        .await?
        .ok_or_else(|| Error::not_found("办件编号或查询码不正确"))?;
    let mut tx = db.begin().await?;
    let mut materials = store_materials(&mut tx, key, stored.id, &files, now).await?;
    if let Some(form) = held.form {
        let ids: Vec<i64> = held.files.iter().map(|(_, id)| id.0).collect();
        let owner = Owner {
            kind: CASE_OWNER,
            id: stored.id.0,
        };
        platform::held::claim_in(&mut tx, form, &ids, owner).await?;
        materials.extend(held.files.iter().map(|(code, id)| SubmittedMaterial {
            code: code.clone(),
            source: MaterialSource::Uploaded(*id),
        }));
    }
    let (case, _) = execute_case_in(
        &mut tx,
        context,
        stored.id,
        Command::Resubmit { materials },
        Some(stored.version),
    )
    .await?;
    tx.commit().await?;
    Ok(case)
}
