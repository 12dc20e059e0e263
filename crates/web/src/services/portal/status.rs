//! `GET /services/cases/query` (SVC-STATUS, SVC-SPECIAL): the case by number and query code
//! with every step's start, end and duration, special procedures with the reason told to the
//! applicant, one-time notices with every listed material, the decision and the delivery,
//! and, once concluded, the link to rate it (EVAL-ALL). A wrong number or code is the same
//! "not found"; wrong codes lock the number for a while (`platform::query_code`).

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse as _, Response};
use calendar::Instant;
use platform::db::now_ms;
use platform::evaluation::{Channel as RatingChannel, EvaluationStage};
use platform::workcal;
use serde::Deserialize;
use services::case::{Decision, MaterialSource};

use super::{duration_text, minute, query_string, unit_name, unit_names};
use crate::AppState;
use crate::chrome::Chrome;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{ClientIp, Query};

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct StatusQuery {
    #[serde(default)]
    number: String,
    #[serde(default)]
    code: String,
}

pub struct StepLine {
    name: String,
    unit: String,
    start: String,
    end: String,
    duration: String,
    working: String,
    note: String,
}

pub struct SpecialLine {
    procedure: &'static str,
    reason: String,
    limit: String,
    start: String,
    end: String,
}

pub struct NoticeLine {
    submission: u32,
    at: String,
    defects: Vec<(String, String)>,
}

pub struct CaseView {
    number: String,
    item_name: String,
    item_code: String,
    department: String,
    status: &'static str,
    promised_due: Option<String>,
    steps: Vec<StepLine>,
    specials: Vec<SpecialLine>,
    notices: Vec<NoticeLine>,
    materials: Vec<(String, &'static str)>,
    prereview: Option<String>,
    rejection: Option<String>,
    decision: Option<String>,
    delivery: Option<String>,
    withdrawal: Option<String>,
    rate_href: Option<String>,
    rated_on_web: bool,
    /// EVAL-ALL: (stage, rating link) of each stage done and not yet rated on the web.
    stage_links: Vec<(&'static str, String)>,
    /// SVC-ACCEPT: where the applicant answers the one-time notice online.
    supplement_href: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "portal/services_status.html")]
pub struct StatusPage {
    chrome: Chrome,
    view: Option<CaseView>,
    /// A refused query: the number typed and why (issue 13 item 5: the form again).
    error: Option<(String, String)>,
}

pub async fn query(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    ClientIp(ip): ClientIp,
    Query(form): Query<StatusQuery>,
) -> Result<Response, PageError> {
    let chrome = Chrome::public(&state, &csrf).await?;
    if form.number.trim().is_empty() && form.code.trim().is_empty() {
        return Ok(StatusPage {
            chrome,
            view: None,
            error: None,
        }
        .into_response());
    }
    // Issue 12 finding 3: one bucket for every lookup by number and code, on every portal.
    if !state.limiter.allow_lookup(&ip) {
        return Err(platform::Error::TooManyRequests.into());
    }
    let calendar = workcal::load_current(&state.platform.db).await?;
    let now = Instant::from_millis(now_ms());
    let found = match services::usecase::online::public_case(
        &state.platform.db,
        &state.platform.key,
        form.number.trim(),
        form.code.trim(),
        &calendar,
        now,
    )
    .await
    {
        Ok(found) => found,
        // A wrong number or code (or a locked number) is the form again with the message
        // and the number typed, under the refusal's status.
        Err(error @ (platform::Error::NotFound(_) | platform::Error::TooManyAttempts(_))) => {
            let message = match &error {
                platform::Error::NotFound(_) => {
                    "办件编号或查询码不正确，请核对后重新查询".to_owned()
                }
                other => other.to_string(),
            };
            let page = StatusPage {
                chrome,
                view: None,
                error: Some((form.number.trim().chars().take(32).collect(), message)),
            };
            return Ok((crate::error::status_of(&error), page).into_response());
        }
        Err(error) => return Err(error.into()),
    };
    let units = unit_names(&state).await?;
    let case = &found.case;
    let material_name = |code: &str| {
        found
            .item
            .materials
            .list()
            .iter()
            .find(|m| m.code == code)
            .map_or_else(|| code.to_owned(), |m| m.name.clone())
    };
    let basic = &found.item.basic;
    // EVAL-ALL: the whole case once concluded, and each stage done and not yet rated on the web.
    let rated_on_web = |stage: EvaluationStage| found.rated.contains(&(RatingChannel::Web, stage));
    let rate_query = |stage: EvaluationStage| {
        query_string(&[
            ("number", &found.status.number),
            ("code", form.code.trim()),
            ("stage", stage.code()),
        ])
    };
    let stage_links: Vec<(&'static str, String)> = found
        .rateable_stages
        .iter()
        .filter(|stage| **stage != EvaluationStage::Whole && !rated_on_web(**stage))
        .map(|stage| {
            let href = format!("/services/cases/rate?{}", rate_query(*stage));
            (stage.label_zh(), href)
        })
        .collect();
    let rated_on_web = rated_on_web(EvaluationStage::Whole);
    let view = CaseView {
        number: found.status.number.clone(),
        item_name: if basic.sub_name.is_empty() {
            basic.main_name.clone()
        } else {
            format!("{}（{}）", basic.main_name, basic.sub_name)
        },
        item_code: found.item_code.clone(),
        department: unit_name(&units, found.department.0),
        status: found.status.status.label_zh(),
        promised_due: found.status.promised_due.map(minute),
        steps: found
            .status
            .steps
            .iter()
            .map(|step| StepLine {
                name: step.name.clone(),
                unit: step
                    .unit
                    .map_or_else(|| "申请人".into(), |u| unit_name(&units, u.0)),
                start: minute(step.start),
                end: step.end.map_or_else(|| "办理中".into(), minute),
                duration: duration_text(step.duration_millis),
                working: duration_text(step.working_millis),
                note: step.note.clone(),
            })
            .collect(),
        specials: case
            .specials
            .iter()
            .map(|s| SpecialLine {
                procedure: s.procedure.label_zh(),
                reason: s.reason.clone(),
                limit: s.limit.label_zh(),
                start: minute(s.start),
                end: s
                    .end
                    .map_or_else(|| "进行中（承诺时限暂停计时）".into(), minute),
            })
            .collect(),
        notices: case
            .notices
            .iter()
            .map(|n| NoticeLine {
                submission: n.submission,
                at: minute(n.at),
                defects: n
                    .defects
                    .iter()
                    .map(|d| (d.material.clone(), d.problem.clone()))
                    .collect(),
            })
            .collect(),
        materials: case
            .materials
            .iter()
            .map(|m| {
                let source = match m.source {
                    MaterialSource::Uploaded(_) => "本次上传",
                    MaterialSource::OnFile(_) => "材料库复用",
                    MaterialSource::ELicence(_) => "电子证照",
                };
                (material_name(&m.code), source)
            })
            .collect(),
        prereview: case.prereview.clone(),
        rejection: case.rejection.clone(),
        decision: case.decision.as_ref().map(|(decision, at)| match decision {
            Decision::Approve => format!("准予（{}）", minute(*at)),
            Decision::Deny(reason) => format!("不予批准：{reason}（{}）", minute(*at)),
        }),
        delivery: case
            .delivery
            .map(|(method, at)| format!("{}（{}）", method.label_zh(), minute(at))),
        withdrawal: case.withdrawal.clone(),
        rate_href: (found.can_rate && !rated_on_web).then(|| {
            format!(
                "/services/cases/rate?{}",
                query_string(&[("number", &found.status.number), ("code", form.code.trim())])
            )
        }),
        rated_on_web,
        stage_links,
        // SVC-ACCEPT one-time notice, or SVC-SPECIAL 补齐补正 after acceptance.
        supplement_href: case.requested_materials().is_some().then(|| {
            format!(
                "/services/cases/supplement?{}",
                query_string(&[("number", &found.status.number), ("code", form.code.trim())])
            )
        }),
    };
    Ok(StatusPage {
        chrome,
        view: Some(view),
        error: None,
    }
    .into_response())
}
