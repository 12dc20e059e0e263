//! The commands on a service case from the back office (SVC-PREREVIEW, SVC-ACCEPT,
//! SVC-SPECIAL, SVC-PARALLEL, SVC-WINDOW, SVC-ELICENCE): each form becomes one
//! `services::case::Command` with the actor's own unit as the acting unit and goes through
//! `services::usecase::execute_case` — the one path — with the page's version. A refused
//! command re-renders the case page with the domain's Chinese message and changes nothing.

use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use services::case::{Command, Decision, MaterialDefect};
use services::item::{DeliveryMethod, SpecialProcedure};
use services::{CaseId, UnitId};

use super::case::{Extras, case_in_scope, case_page, delivery_code};
use crate::AppState;
use crate::csrf::CsrfToken;
use crate::error::{PageError, status_of};
use crate::extract::{Form, Id};
use crate::staff::{Judged, Staff};

/// Runs one command on a case the viewer may see; answers with the case page.
async fn run(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    id: CaseId,
    version: i64,
    command: platform::Result<Command>,
) -> Result<Response, PageError> {
    case_in_scope(state, staff, id).await?;
    let outcome = match command {
        Ok(command) => {
            let judged = Judged::load(state, staff).await?;
            let context = judged.context(state);
            let db = &state.platform.db;
            services::usecase::execute_case(db, &context, id, command, Some(version))
                .await
                .map(|_| ())
        }
        Err(error) => Err(error),
    };
    match outcome {
        Ok(()) => Ok(Redirect::to(&format!("/office/services/cases/{}", id.0)).into_response()),
        Err(
            error @ (platform::Error::Invalid(_)
            | platform::Error::InvalidTransition { .. }
            | platform::Error::Conflict(_)
            | platform::Error::Forbidden
            | platform::Error::Refused(_)),
        ) => {
            let status = status_of(&error);
            let message = match error {
                platform::Error::Forbidden => "本单位不能办理此环节".to_owned(),
                other => other.to_string(),
            };
            let office = case_in_scope(state, staff, id).await?;
            let extras = Extras {
                error: Some(message),
                ..Extras::default()
            };
            let page = case_page(state, csrf, staff, office, extras).await?;
            Ok((status, page).into_response())
        }
        Err(error) => Err(error.into()),
    }
}

fn unit(staff: &Staff) -> UnitId {
    UnitId(staff.actor.unit_id)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersionForm {
    version: i64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpinionForm {
    version: i64,
    opinion: String,
}

/// SVC-PREREVIEW: the pre-review opinion with the next steps.
pub async fn prereview(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(id): Id<CaseId>,
    Form(form): Form<OpinionForm>,
) -> Result<Response, PageError> {
    let command = Ok(Command::PreReview {
        by: unit(&staff),
        opinion: form.opinion,
    });
    run(&state, &csrf, &staff, id, form.version, command).await
}

/// SVC-ACCEPT, SVC-WINDOW: accept (by the department or its comprehensive window).
pub async fn accept(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(id): Id<CaseId>,
    Form(form): Form<VersionForm>,
) -> Result<Response, PageError> {
    let command = Ok(Command::Accept { by: unit(&staff) });
    run(&state, &csrf, &staff, id, form.version, command).await
}

/// SVC-WINDOW: the department signs for a case its comprehensive window accepted.
pub async fn sign(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(id): Id<CaseId>,
    Form(form): Form<VersionForm>,
) -> Result<Response, PageError> {
    let command = Ok(Command::Sign { by: unit(&staff) });
    run(&state, &csrf, &staff, id, form.version, command).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReasonForm {
    version: i64,
    reason: String,
}

/// SVC-ACCEPT: reject with the reason told to the applicant.
pub async fn reject(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(id): Id<CaseId>,
    Form(form): Form<ReasonForm>,
) -> Result<Response, PageError> {
    let command = Ok(Command::Reject {
        by: unit(&staff),
        reason: form.reason,
    });
    run(&state, &csrf, &staff, id, form.version, command).await
}

/// The defects of a supplement form: `problem.{material code}` per material of the item (an
/// empty one is no defect) and one free `other_material` / `other_problem` pair.
fn supplement_defects(
    fields: &[(String, String)],
    materials: &[(String, String)],
) -> platform::Result<(i64, Vec<MaterialDefect>)> {
    let mut version = None;
    let mut defects = Vec::new();
    let (mut other_material, mut other_problem) = (String::new(), String::new());
    for (name, value) in fields {
        match name.as_str() {
            "version" => {
                version = Some(
                    value
                        .trim()
                        .parse::<i64>()
                        .map_err(|_| platform::Error::invalid("表单内容无法解析：版本号不正确"))?,
                );
            }
            "other_material" => other_material = value.clone(),
            "other_problem" => other_problem = value.clone(),
            _ => {
                let code = name
                    .strip_prefix("problem.")
                    .ok_or_else(|| platform::Error::invalid("表单包含未知字段"))?;
                let (_, material) = materials
                    .iter()
                    .find(|(c, _)| c == code)
                    .ok_or_else(|| platform::Error::invalid("表单包含未知字段"))?;
                if !value.trim().is_empty() {
                    defects.push(MaterialDefect {
                        material: material.clone(),
                        problem: value.clone(),
                    });
                }
            }
        }
    }
    let version = version.ok_or_else(|| platform::Error::invalid("表单缺少必填项"))?;
    match (
        other_material.trim().is_empty(),
        other_problem.trim().is_empty(),
    ) {
        (true, true) => {}
        (false, false) => defects.push(MaterialDefect {
            material: other_material,
            problem: other_problem,
        }),
        _ => {
            return Err(platform::Error::invalid(
                "其他材料须同时填写材料名称和存在的问题",
            ));
        }
    }
    Ok((version, defects))
}

/// SVC-ACCEPT (000 §中心-20): ONE notice listing every missing or defective material, each
/// with what is wrong. The printable notice is `/office/services/cases/{id}/notice`. After
/// acceptance the same form asks for 补齐补正, the special procedure that pauses the promised
/// clock (SVC-SPECIAL, 001 §11); the domain decides which by the case's status.
pub async fn supplement(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(id): Id<CaseId>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let office = case_in_scope(&state, &staff, id).await?;
    let materials: Vec<(String, String)> = office
        .item
        .materials
        .list()
        .iter()
        .map(|m| (m.code.clone(), m.name.clone()))
        .collect();
    let (version, defects) = supplement_defects(&fields, &materials)?;
    let command = Ok(Command::RequestSupplement {
        by: unit(&staff),
        defects,
    });
    run(&state, &csrf, &staff, id, version, command).await
}

/// Staged review: the current stage's department completes it.
pub async fn stage(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(id): Id<CaseId>,
    Form(form): Form<OpinionForm>,
) -> Result<Response, PageError> {
    let command = Ok(Command::CompleteStage {
        by: unit(&staff),
        opinion: form.opinion,
    });
    run(&state, &csrf, &staff, id, form.version, command).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpecialForm {
    version: i64,
    procedure: String,
    reason: String,
}

/// SVC-SPECIAL: start a published special procedure; the promised clock pauses and the
/// applicant is told the reason. Only the implementing department starts one.
pub async fn special_start(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(id): Id<CaseId>,
    Form(form): Form<SpecialForm>,
) -> Result<Response, PageError> {
    let command = department_only(&state, &staff, id).await.and_then(|()| {
        let procedure = SpecialProcedure::ALL
            .into_iter()
            .find(|p| format!("{p:?}") == form.procedure)
            .ok_or_else(|| platform::Error::invalid("请选择特别程序"))?;
        Ok(Command::StartSpecial {
            procedure,
            reason: form.reason,
        })
    });
    run(&state, &csrf, &staff, id, form.version, command).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutcomeForm {
    version: i64,
    outcome: String,
}

/// SVC-SPECIAL: end the procedure; the paused clocks resume. Refused when no procedure is
/// under way (resuming a clock that is not paused).
pub async fn special_end(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(id): Id<CaseId>,
    Form(form): Form<OutcomeForm>,
) -> Result<Response, PageError> {
    let command = department_only(&state, &staff, id)
        .await
        .map(|()| Command::EndSpecial {
            outcome: form.outcome,
        });
    run(&state, &csrf, &staff, id, form.version, command).await
}

/// The special-procedure commands carry no acting unit: the implementing department's staff
/// only (a window or co-approving department is refused).
async fn department_only(state: &AppState, staff: &Staff, id: CaseId) -> platform::Result<()> {
    let office = case_in_scope(state, staff, id).await.map_err(|e| e.0)?;
    if office.stored.department.0 == staff.actor.unit_id {
        Ok(())
    } else {
        Err(platform::Error::Forbidden)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JointForm {
    version: i64,
    approve: String,
    opinion: String,
}

/// SVC-PARALLEL: a co-approving department's opinion, under its own limit.
pub async fn joint(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(id): Id<CaseId>,
    Form(form): Form<JointForm>,
) -> Result<Response, PageError> {
    let command = match form.approve.as_str() {
        "yes" => Ok(true),
        "no" => Ok(false),
        _ => Err(platform::Error::invalid("请选择是否同意")),
    }
    .map(|approve| Command::JointOpinion {
        department: unit(&staff),
        approve,
        opinion: form.opinion,
    });
    run(&state, &csrf, &staff, id, form.version, command).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecideForm {
    version: i64,
    decision: String,
    #[serde(default)]
    reason: String,
}

/// The decision, by the implementing department (SVC-WINDOW: never the window).
pub async fn decide(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(id): Id<CaseId>,
    Form(form): Form<DecideForm>,
) -> Result<Response, PageError> {
    let decision = match form.decision.as_str() {
        "approve" => Ok(Decision::Approve),
        "deny" if !form.reason.trim().is_empty() => Ok(Decision::Deny(form.reason.trim().into())),
        "deny" => Err(platform::Error::invalid("不予的决定须写明理由")),
        _ => Err(platform::Error::invalid("请选择审批决定")),
    };
    let command = decision.map(|decision| Command::Decide {
        by: unit(&staff),
        decision,
    });
    run(&state, &csrf, &staff, id, form.version, command).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeliverForm {
    version: i64,
    method: String,
}

/// Delivery by the accepting unit (SVC-WINDOW); an approved licence item issues its
/// e-licence into the library (SVC-ELICENCE).
pub async fn deliver(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(id): Id<CaseId>,
    Form(form): Form<DeliverForm>,
) -> Result<Response, PageError> {
    let method = [
        DeliveryMethod::PickUp,
        DeliveryMethod::Post,
        DeliveryMethod::Electronic,
    ]
    .into_iter()
    .find(|m| delivery_code(*m) == form.method)
    .ok_or_else(|| platform::Error::invalid("请选择送达方式"));
    let command = method.map(|method| Command::Deliver {
        by: unit(&staff),
        method,
    });
    run(&state, &csrf, &staff, id, form.version, command).await
}
