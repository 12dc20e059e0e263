//! 好差评 of a case (EVAL-ALL, EVAL-BAD) through `platform::evaluation`, the one mechanism of
//! every domain: the whole concluded case or one stage of it (咨询预约, 申请受理, 审查决定,
//! 结果送达) once that stage is done; the applicant on the web with number and query code
//! (channel `web`), and the hall terminal page at a window (channel `hall`), where the
//! logged-in window clerk enters the case number and the applicant presses one of five
//! faces. A bad rating opens the responsible unit's rectification there.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use calendar::Instant;
use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::evaluation::{EvaluationStage, Level};
use platform::roles::Role;
use platform::{Error, workcal};
use serde::Deserialize;
use services::usecase::online::{self, Rater};

use crate::AppState;
use crate::chrome::Chrome;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{ClientIp, Form, Query};
use crate::staff::Staff;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RateForm {
    #[serde(default)]
    number: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    level: String,
    #[serde(default)]
    comment: String,
    /// EVAL-ALL: the stage rated; empty is the whole case.
    #[serde(default)]
    stage: String,
}

/// One stage the form offers (EVAL-ALL).
pub struct StageChoice {
    code: &'static str,
    label: &'static str,
    selected: bool,
}

fn stages(selected: &str) -> Vec<StageChoice> {
    let selected = EvaluationStage::parse(selected).unwrap_or(EvaluationStage::Whole);
    EvaluationStage::ALL
        .into_iter()
        .map(|stage| StageChoice {
            code: stage.code(),
            label: if stage == EvaluationStage::Whole {
                "整个办件（办结后）"
            } else {
                stage.label_zh()
            },
            selected: stage == selected,
        })
        .collect()
}

/// One of the five levels as the form shows it.
pub struct LevelChoice {
    value: u32,
    label: &'static str,
    face: String,
    checked: bool,
}

/// A face for level 1 (非常满意) … 5 (非常不满意): generated SVG from constants only.
fn face(level: u32) -> String {
    let (curve, colour) = match level {
        1 => (22, "#2e7d32"),
        2 => (12, "#7cb342"),
        3 => (0, "#f9a825"),
        4 => (-12, "#ef6c00"),
        _ => (-22, "#c62828"),
    };
    let mouth_y = if curve < 0 { 72 } else { 60 };
    format!(
        "<svg viewBox=\"0 0 100 100\" aria-hidden=\"true\"><circle cx=\"50\" cy=\"50\" r=\"46\" fill=\"{colour}\"/>\
         <circle cx=\"34\" cy=\"38\" r=\"7\" fill=\"#fff\"/><circle cx=\"66\" cy=\"38\" r=\"7\" fill=\"#fff\"/>\
         <path d=\"M28,{mouth_y} Q50,{} 72,{mouth_y}\" stroke=\"#fff\" stroke-width=\"7\" fill=\"none\" stroke-linecap=\"round\"/></svg>",
        mouth_y + curve
    )
}

fn levels(selected: &str) -> Vec<LevelChoice> {
    Level::ALL
        .into_iter()
        .map(|level| LevelChoice {
            value: level.level(),
            label: level.label_zh(),
            face: face(level.level()),
            checked: selected.trim() == level.level().to_string(),
        })
        .collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "portal/services_rate.html")]
pub struct RatePage {
    chrome: Chrome,
    number: String,
    code: String,
    comment: String,
    levels: Vec<LevelChoice>,
    stages: Vec<StageChoice>,
    error: Option<String>,
    /// After a rating: whether it opened a rectification.
    done: Option<bool>,
}

/// `GET /services/cases/rate?number=…&code=…`: the rating form (values from the status link).
pub async fn form(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    Query(query): Query<RateForm>,
) -> Result<RatePage, PageError> {
    Ok(RatePage {
        chrome: Chrome::public(&state, &csrf).await?,
        number: query.number.trim().to_owned(),
        code: query.code.trim().to_owned(),
        comment: String::new(),
        levels: levels(""),
        stages: stages(&query.stage),
        error: None,
        done: None,
    })
}

fn status_of(error: &Error) -> Option<StatusCode> {
    match error {
        Error::Invalid(_) => Some(StatusCode::BAD_REQUEST),
        Error::NotFound(_) => Some(StatusCode::NOT_FOUND),
        Error::Conflict(_) => Some(StatusCode::CONFLICT),
        Error::TooManyAttempts(_) => Some(StatusCode::TOO_MANY_REQUESTS),
        _ => None,
    }
}

async fn rate(
    state: &AppState,
    actor: &AuditActor,
    form: &RateForm,
    rater: Rater,
) -> platform::Result<platform::evaluation::Rated> {
    let level = Level::from_level(
        form.level
            .trim()
            .parse()
            .map_err(|_| Error::invalid("请选择评价等级"))?,
    )?;
    let stage = EvaluationStage::parse(&form.stage)?;
    let calendar = workcal::load_current(&state.platform.db).await?;
    let profile = state.profile().await?;
    online::rate_case_stage(
        &state.platform.db,
        &platform::workflow::Context::new(
            &state.platform.key,
            actor,
            &calendar,
            &profile,
            Instant::from_millis(now_ms()),
        ),
        form.number.trim(),
        rater,
        stage,
        level,
        &form.comment,
    )
    .await
}

/// `POST /services/cases/rate`: channel web; number and query code identify the case.
pub async fn submit(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    ClientIp(ip): ClientIp,
    Form(form): Form<RateForm>,
) -> Result<Response, PageError> {
    // Issue 12 finding 3: a rating takes the query code, so it is a lookup like the status
    // page's and shares its bucket.
    let result = if state.limiter.allow_lookup(&ip) {
        let rater = Rater::Web {
            query_code: form.code.trim().to_owned(),
        };
        rate(&state, &AuditActor::anonymous(&ip), &form, rater).await
    } else {
        Err(Error::TooManyRequests)
    };
    let mut page = RatePage {
        chrome: Chrome::public(&state, &csrf).await?,
        number: form.number.trim().to_owned(),
        code: form.code.trim().to_owned(),
        comment: form.comment.clone(),
        levels: levels(&form.level),
        stages: stages(&form.stage),
        error: None,
        done: None,
    };
    match result {
        Ok(rated) => {
            page.done = Some(rated.rectification_id.is_some());
            Ok(page.into_response())
        }
        Err(Error::TooManyRequests) => {
            page.error = Some("提交过于频繁，请一分钟后再试".into());
            Ok((StatusCode::TOO_MANY_REQUESTS, page).into_response())
        }
        Err(error) => match status_of(&error) {
            Some(status) => {
                page.error = Some(error.to_string());
                Ok((status, page).into_response())
            }
            None => Err(error.into()),
        },
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "portal/services_hall_rate.html")]
pub struct HallPage {
    chrome: Chrome,
    clerk: String,
    levels: Vec<LevelChoice>,
    stages: Vec<StageChoice>,
    error: Option<String>,
    done: Option<(String, bool)>,
}

fn require_clerk(staff: &Staff) -> Result<(), PageError> {
    if staff.actor.has(Role::WindowClerk) {
        Ok(())
    } else {
        Err(Error::Forbidden.into())
    }
}

/// `GET /hall/rate`: the evaluation terminal of a window, opened by the window clerk.
pub async fn hall_form(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
) -> Result<HallPage, PageError> {
    require_clerk(&staff)?;
    Ok(HallPage {
        chrome: Chrome::public(&state, &csrf).await?,
        clerk: format!("{}（{}）", staff.actor.display_name, staff.actor.unit_name),
        levels: levels(""),
        stages: stages(""),
        error: None,
        done: None,
    })
}

/// `POST /hall/rate`: channel hall; the clerk's unit must have accepted or handled the case.
pub async fn hall_submit(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(form): Form<RateForm>,
) -> Result<Response, PageError> {
    require_clerk(&staff)?;
    let rater = Rater::HallTerminal {
        clerk_user_id: Some(staff.actor.user_id),
        clerk_unit: staff.actor.unit_id,
    };
    let actor = AuditActor::staff(&staff.actor, &staff.ip);
    let result = rate(&state, &actor, &form, rater).await;
    let mut page = HallPage {
        chrome: Chrome::public(&state, &csrf).await?,
        clerk: format!("{}（{}）", staff.actor.display_name, staff.actor.unit_name),
        levels: levels(""),
        stages: stages(""),
        error: None,
        done: None,
    };
    match result {
        Ok(rated) => {
            page.done = Some((
                form.number.trim().to_owned(),
                rated.rectification_id.is_some(),
            ));
            Ok(page.into_response())
        }
        Err(error) => match status_of(&error) {
            Some(status) => {
                page.error = Some(error.to_string());
                Ok((status, page).into_response())
            }
            None => Err(error.into()),
        },
    }
}
