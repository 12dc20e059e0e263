//! Reuse from 我的空间 on a new application (issue 23 item 3, SVC-NO-RESUBMIT): a logged-in
//! person's form offers, per material of the item, an e-licence or a material on file from
//! their own cases (`accounts::library`) as a checkbox instead of an upload — without the
//! ID number, the phone or the SMS check the anonymous form needs, since the account already
//! proved who they are. Only what the same holder holds is offered (the person's own, or the
//! enterprise's when acting for it); what comes back is taken again from the account's own
//! cases — another account's id is refused and audited — and the services domain checks
//! once more that it is the applicant's and valid.

use accounts::library::{Licence, MaterialOnFile};
use platform::personal::{CitizenIdNo, DataKey};
use services::AttachmentId;
use services::case::{MaterialSource, SubmittedMaterial};
use services::enterprise::CreditCode;
use services::item::Item;

use crate::AppState;
use crate::chrome::date_of;
use crate::forgive::FieldError;

/// The prefix of a material's reuse checkbox: `reuse_<material code>`.
pub(crate) const REUSE_PREFIX: &str = "reuse_";

/// One material offered from the space.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Offer {
    pub code: String,
    /// `f<id>` (a material on file) or `l<id>` (an e-licence).
    pub value: String,
    pub text: String,
    pub checked: bool,
}

/// The holder's index the form applies under: the enterprise's when it gives one, else the
/// person's (as `services::usecase::Applicant::holder_lookup`).
pub(crate) fn holder(
    key: &DataKey,
    id_no: Option<&CitizenIdNo>,
    enterprise: Option<&CreditCode>,
) -> Option<String> {
    match (enterprise, id_no) {
        (Some(code), _) => Some(services::usecase::enterprise_lookup(key, code)),
        (None, Some(id_no)) => Some(services::usecase::applicant_lookup(key, id_no)),
        (None, None) => None,
    }
}

/// What the form offers for each material of `item`: an e-licence of the type the material
/// stands for, else the newest material on file of its code — valid at `now` and the
/// holder's. `picked` are the values ticked on the page sent back (`None`: all ticked).
pub(crate) async fn offers(
    state: &AppState,
    account_id: i64,
    item: &Item,
    holder: &str,
    (picked, now): (Option<&[(String, String)]>, i64),
) -> platform::Result<Vec<Offer>> {
    let db = &state.platform.db;
    let on_file = accounts::library::materials(db, account_id).await?;
    let licences = accounts::library::licences(db, account_id).await?;
    let mut out = Vec::new();
    for material in item.materials.list() {
        let licence = material.licence_type.as_deref().and_then(|wanted| {
            licences.iter().find(|l: &&Licence| {
                l.licence_type == wanted && l.holder_lookup == holder && l.valid_at(now)
            })
        });
        let (value, text) = match licence {
            Some(l) => (
                format!("l{}", l.id),
                format!("使用电子证照：{} {}", l.licence_type, l.number),
            ),
            None => {
                let Some(file) = on_file.iter().find(|f: &&MaterialOnFile| {
                    f.material_code == material.code && f.holder_lookup == holder && f.valid_at(now)
                }) else {
                    continue;
                };
                (
                    format!("f{}", file.id),
                    format!(
                        "使用我的空间中已提交的材料（办件 {}，{} 受理）",
                        file.case_number,
                        date_of(file.accepted_at)
                    ),
                )
            }
        };
        let field = format!("{REUSE_PREFIX}{}", material.code);
        let checked =
            picked.is_none_or(|picked| picked.iter().any(|(k, v)| *k == field && *v == value));
        out.push(Offer {
            code: material.code.clone(),
            value,
            text,
            checked,
        });
    }
    Ok(out)
}

/// The materials ticked (`reuse_<code>` = `f<id>` | `l<id>`), each taken from the account's
/// own cases. A value that is not the account's (another account's id, an unknown one, a
/// licence of another type) is a problem next to its material, audited; nothing is reused
/// without an account. A problem is named by the material's file input
/// (`file_prefix` + its code).
pub(crate) async fn chosen(
    state: &AppState,
    account: Option<(i64, &str)>,
    (item, file_prefix): (&Item, &str),
    picked: &[(String, String)],
) -> platform::Result<(Vec<SubmittedMaterial>, Vec<FieldError>)> {
    let (mut out, mut errors) = (Vec::new(), Vec::new());
    if picked.is_empty() {
        return Ok((out, errors));
    }
    let Some((account_id, ip)) = account else {
        errors.push(FieldError::new("", "请先登录，再使用我的空间中的材料"));
        return Ok((out, errors));
    };
    let db = &state.platform.db;
    for (field, value) in picked {
        let code = field.strip_prefix(REUSE_PREFIX).unwrap_or_default();
        let Some(material) = item.materials.list().iter().find(|m| m.code == code) else {
            errors.push(FieldError::new("", "所选的已有材料不属于本事项"));
            continue;
        };
        let (kind, id) = value.split_at(value.len().min(1));
        let id = id.parse::<i64>().unwrap_or(0);
        let source = match kind {
            "f" => accounts::library::material(db, account_id, id)
                .await
                .ok()
                .filter(|f| f.material_code == material.code)
                .map(|f| MaterialSource::OnFile(AttachmentId(f.attachment_id))),
            "l" => accounts::library::licence(db, account_id, id)
                .await
                .ok()
                .filter(|l| material.licence_type.as_deref() == Some(l.licence_type.as_str()))
                .map(|l| MaterialSource::ELicence(l.number)),
            _ => None,
        };
        match source {
            Some(source) => out.push(SubmittedMaterial {
                code: material.code.clone(),
                source,
            }),
            None => {
                let why = format!(
                    "复用材料被拒绝：{value} 不是本账号办件的“{}”",
                    material.name
                );
                let who = accounts::account::actor(account_id, ip);
                accounts::account::audit_refusal(
                    db,
                    &who,
                    "account.reuse",
                    &why,
                    platform::db::now_ms(),
                )
                .await;
                errors.push(FieldError::new(
                    &format!("{file_prefix}{}", material.code),
                    format!("所选的已有材料“{}”不可用，请上传该材料", material.name),
                ));
            }
        }
    }
    Ok((out, errors))
}

/// The logged-in account's id, or `None` for an anonymous visitor.
pub(crate) async fn account_id(
    state: &AppState,
    headers: &axum::http::HeaderMap,
) -> platform::Result<Option<i64>> {
    Ok(super::current(state, headers)
        .await?
        .map(|(_, session)| session.account_id))
}

/// Takes the reuse checkboxes out of a multipart form's fields (the typed form knows none).
pub(crate) fn take_picks(fields: &mut Vec<(String, String)>) -> Vec<(String, String)> {
    let picks = fields
        .iter()
        .filter(|(name, _)| name.starts_with(REUSE_PREFIX))
        .cloned()
        .collect();
    fields.retain(|(name, _)| !name.starts_with(REUSE_PREFIX));
    picks
}
