//! `/office/assessment/weights` (OPS-ASSESS): the system administrator sets the weights of the
//! annual assessment — rule values of the jurisdiction's profile (`profile.assessment`), saved
//! through the profile's one path (validated as a whole, each changed value audited). A value
//! that is not a whole number in range re-renders the form with a Chinese message and saves
//! nothing.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::profile::{AssessmentRules, note_for};
use serde::Deserialize;

use crate::AppState;
use crate::chrome::Chrome;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::Form;
use crate::staff::Staff;

/// The profile keys of the weights, in form order.
const KEYS: [&str; 8] = [
    "weight_timeliness",
    "weight_response",
    "weight_completion",
    "weight_satisfaction",
    "weight_evaluation",
    "overdue_deduction_tenths",
    "accountability_deduction_tenths",
    "deduction_cap",
];

fn values(rules: &AssessmentRules) -> [u32; 8] {
    [
        rules.weight_timeliness,
        rules.weight_response,
        rules.weight_completion,
        rules.weight_satisfaction,
        rules.weight_evaluation,
        rules.overdue_deduction_tenths,
        rules.accountability_deduction_tenths,
        rules.deduction_cap,
    ]
}

/// One input of the form.
pub struct Field {
    pub key: &'static str,
    pub label: &'static str,
    pub value: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "office/assessment_weights.html")]
pub struct WeightsPage {
    chrome: Chrome,
    fields: Vec<Field>,
    formula: Vec<String>,
    notice: Option<String>,
    error: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeightsForm {
    weight_timeliness: String,
    weight_response: String,
    weight_completion: String,
    weight_satisfaction: String,
    weight_evaluation: String,
    overdue_deduction_tenths: String,
    accountability_deduction_tenths: String,
    deduction_cap: String,
}

impl WeightsForm {
    fn texts(&self) -> [&str; 8] {
        [
            &self.weight_timeliness,
            &self.weight_response,
            &self.weight_completion,
            &self.weight_satisfaction,
            &self.weight_evaluation,
            &self.overdue_deduction_tenths,
            &self.accountability_deduction_tenths,
            &self.deduction_cap,
        ]
    }
}

fn label_of(key: &str) -> &'static str {
    note_for(&format!("assessment.{key}")).map_or("考核参数", |note| note.label)
}

async fn page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    shown: Option<[String; 8]>,
    notice: Option<String>,
    error: Option<String>,
) -> Result<WeightsPage, PageError> {
    let profile = state.profile().await?;
    let shown = shown.unwrap_or_else(|| values(&profile.assessment).map(|v| v.to_string()));
    let fields = KEYS
        .iter()
        .zip(shown)
        .map(|(key, value)| Field {
            key,
            label: label_of(key),
            value,
        })
        .collect();
    Ok(WeightsPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        fields,
        formula: platform::assessment::formula_zh(&profile),
        notice,
        error,
    })
}

/// `GET /office/assessment/weights`.
pub async fn view(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
) -> Result<WeightsPage, PageError> {
    page(&state, &csrf, &staff, None, None, None).await
}

/// Each value a whole number from 0 to 100, named in the message when it is not.
fn parse(form: &WeightsForm) -> platform::Result<Vec<(String, String)>> {
    KEYS.iter()
        .zip(form.texts())
        .map(|(key, text)| {
            let text = text.trim();
            match text.parse::<u32>() {
                Ok(value) if value <= 100 => Ok((format!("assessment.{key}"), value.to_string())),
                _ => Err(platform::Error::invalid(format!(
                    "“{}”应填写 0 到 100 的整数，“{text}”不正确",
                    label_of(key)
                ))),
            }
        })
        .collect()
}

/// `POST /office/assessment/weights`: saved through the profile (validated, audited).
pub async fn save(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(form): Form<WeightsForm>,
) -> Result<Response, PageError> {
    let db = &state.platform.db;
    let jurisdiction = platform::jurisdiction::require_current(db).await?;
    let result = match parse(&form) {
        Ok(edits) => match jurisdiction.profile.with_edits(&edits) {
            Ok(edited) => {
                let actor = AuditActor::staff(&staff.actor, &staff.ip);
                platform::jurisdiction::save_profile(db, &actor, &jurisdiction, &edited, now_ms())
                    .await
            }
            Err(error) => Err(error),
        },
        Err(error) => Err(error),
    };
    match result {
        Ok(0) => {
            let notice = Some("没有修改任何考核参数".into());
            Ok(page(&state, &csrf, &staff, None, notice, None)
                .await?
                .into_response())
        }
        Ok(n) => {
            let notice = Some(format!("已保存 {n} 项考核参数，并记入审计日志"));
            Ok(page(&state, &csrf, &staff, None, notice, None)
                .await?
                .into_response())
        }
        Err(platform::Error::Invalid(message)) => {
            let shown = form.texts().map(|text| text.trim().to_owned());
            let error = Some(format!("{message}；未保存任何修改"));
            let page = page(&state, &csrf, &staff, Some(shown), None, error).await?;
            Ok((StatusCode::BAD_REQUEST, page).into_response())
        }
        Err(error) => Err(error.into()),
    }
}
