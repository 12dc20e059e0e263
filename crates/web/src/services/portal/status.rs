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
use services::case::{Case, CitizenStage, Decision, MaterialSource, Status, citizen_stage};

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
    pub(super) number: String,
    #[serde(default)]
    pub(super) code: String,
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

/// One stage of the case in the applicant's words (issue 14 item 5): when, what, which unit.
pub struct StageLine {
    at: String,
    stage: &'static str,
    unit: String,
}

pub struct CaseView {
    number: String,
    item_name: String,
    item_code: String,
    department: String,
    /// The current stage in the applicant's words, with the department while in hand.
    status: String,
    /// SVC-STATUS: the stages reached, oldest first, with their dates.
    stages: Vec<StageLine>,
    promised_due: Option<String>,
    /// SVC-SPECIAL: the case had a special procedure, so its due date left paused time out.
    had_special: bool,
    /// SVC-ACCEPT (issue 14 item 6): the printable 受理通知书 once accepted.
    acceptance_href: Option<String>,
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

/// A wrong number or code (or a locked number) is the query form again with the message
/// and the number typed, under the refusal's status; any other error is the error page.
pub(super) fn refused(
    chrome: Chrome,
    number: &str,
    error: platform::Error,
) -> Result<Response, PageError> {
    let message = match &error {
        platform::Error::NotFound(_) => "办件编号或查询码不正确，请核对后重新查询".to_owned(),
        platform::Error::TooManyAttempts(_) => error.to_string(),
        _ => return Err(error.into()),
    };
    let page = StatusPage {
        chrome,
        view: None,
        error: Some((number.trim().chars().take(32).collect(), message)),
    };
    Ok((crate::error::status_of(&error), page).into_response())
}

/// The query form, empty.
pub(super) fn form_page(chrome: Chrome) -> Response {
    StatusPage {
        chrome,
        view: None,
        error: None,
    }
    .into_response()
}

pub async fn query(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    ClientIp(ip): ClientIp,
    Query(form): Query<StatusQuery>,
) -> Result<Response, PageError> {
    let chrome = Chrome::public(&state, &csrf).await?;
    if form.number.trim().is_empty() && form.code.trim().is_empty() {
        return Ok(form_page(chrome));
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
        Err(error) => return refused(chrome, &form.number, error),
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
    let case_query = query_string(&[("number", &found.status.number), ("code", form.code.trim())]);
    let history = services::usecase::case_history(&state.platform.db, case.id).await?;
    let department = unit_name(&units, found.department.0);
    let view = CaseView {
        number: found.status.number.clone(),
        item_name: if basic.sub_name.is_empty() {
            basic.main_name.clone()
        } else {
            format!("{}（{}）", basic.main_name, basic.sub_name)
        },
        item_code: found.item_code.clone(),
        status: match citizen_stage(case.status) {
            CitizenStage::Handling => format!("办理中（{department}）"),
            other => other.label_zh().to_owned(),
        },
        stages: stage_lines(&history, case, &units, &department),
        department,
        promised_due: found.status.promised_due.map(minute),
        had_special: !case.specials.is_empty(),
        acceptance_href: case
            .accepted
            .is_some()
            .then(|| format!("/services/cases/acceptance?{case_query}")),
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
        rate_href: (found.can_rate && !rated_on_web)
            .then(|| format!("/services/cases/rate?{case_query}")),
        rated_on_web,
        stage_links,
        // SVC-ACCEPT one-time notice, or SVC-SPECIAL 补齐补正 after acceptance.
        supplement_href: case
            .requested_materials()
            .is_some()
            .then(|| format!("/services/cases/supplement?{case_query}")),
    };
    Ok(StatusPage {
        chrome,
        view: Some(view),
        error: None,
    }
    .into_response())
}

/// SVC-STATUS (issue 14 item 5): the stages of the case from its history's status changes, in
/// the applicant's words (`services::case::citizen_steps`), with the accepting unit at 已受理
/// and the department while in hand.
fn stage_lines(
    history: &[platform::workflow::HistoryRow],
    case: &Case,
    units: &std::collections::HashMap<i64, String>,
    department: &str,
) -> Vec<StageLine> {
    let mut changes: Vec<(Instant, Status)> = Vec::new();
    for row in history {
        let Some(status) = row
            .to_status
            .as_deref()
            .and_then(|code| Status::ALL.into_iter().find(|s| s.code() == code))
        else {
            continue;
        };
        // Every event row of a command carries its status; `citizen_steps` lists a stage once.
        changes.push((Instant::from_millis(row.at), status));
    }
    services::case::citizen_steps(&changes)
        .into_iter()
        .map(|(at, stage)| StageLine {
            at: minute(at),
            stage: stage.label_zh(),
            unit: match stage {
                CitizenStage::Accepted => case
                    .accepted
                    .map(|(unit, _)| unit_name(units, unit.0))
                    .unwrap_or_default(),
                CitizenStage::Handling | CitizenStage::Decided => department.to_owned(),
                _ => String::new(),
            },
        })
        .collect()
}
