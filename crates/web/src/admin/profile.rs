//! The rule profile editor: every field with its label, rule, value and source; edits are
//! validated as a whole and audited value by value.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use platform::access::{self, Op};
use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::profile::{RuleProfile, note_for, preset};
use serde_json::Value;

use crate::AppState;
use crate::chrome::Chrome;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::Form;
use crate::staff::Staff;

pub struct FieldLine {
    key: String,
    group: &'static str,
    /// The first field of its group: the table opens a group header row.
    group_start: bool,
    label: &'static str,
    rule: &'static str,
    source: &'static str,
    value: String,
    hint: String,
    is_bool: bool,
    changed: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "office/profile.html")]
pub struct ProfilePage {
    chrome: Chrome,
    jurisdiction: String,
    preset_label: &'static str,
    preset_document: &'static str,
    fields: Vec<FieldLine>,
    can_edit: bool,
    notice: Option<String>,
    error: Option<String>,
}

fn group_label(key: &str) -> &'static str {
    match key.split('.').next().unwrap_or_default() {
        "calendar" => "工作日历",
        "services" => "政务服务",
        "evaluation" => "好差评",
        "hotline" => "12345热线",
        "knowledge" => "知识库",
        "openness" => "政务公开",
        "website" => "政府网站",
        "messages" => "政民互动",
        "datashare" => "数据共享",
        "security" => "安全",
        "reports" => "统计报告",
        "assessment" => "年度考核",
        _ => "其他",
    }
}

fn text_of(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// `3wd` → `3个工作日` as a hint beside the input.
fn hint_of(text: &str) -> String {
    text.parse::<calendar::Limit>()
        .map(|limit| limit.label_zh())
        .unwrap_or_default()
}

async fn page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    shown: Option<&RuleProfile>,
    notice: Option<String>,
    error: Option<String>,
) -> Result<ProfilePage, PageError> {
    let jurisdiction = platform::jurisdiction::require_current(&state.platform.db).await?;
    let preset = preset(&jurisdiction.profile_preset)?;
    let base = preset.build().leaves()?;
    let profile = shown.unwrap_or(&jurisdiction.profile);
    let mut previous_group = "";
    let fields = profile
        .leaves()?
        .into_iter()
        .map(|(key, value)| {
            let note = note_for(&key);
            let text = text_of(&value);
            let group = group_label(&key);
            let group_start = group != previous_group;
            previous_group = group;
            FieldLine {
                group,
                group_start,
                label: note.map(|n| n.label).unwrap_or("（未命名配置项）"),
                rule: note.map(|n| n.rule).unwrap_or_default(),
                source: preset.source_of(&key).unwrap_or_default(),
                hint: hint_of(&text),
                is_bool: value.is_boolean(),
                changed: base.iter().any(|(k, v)| *k == key && *v != value),
                value: text,
                key,
            }
        })
        .collect();
    Ok(ProfilePage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        jurisdiction: jurisdiction.name,
        preset_label: preset.label,
        preset_document: preset.document,
        fields,
        can_edit: access::profile(&staff.actor, Op::Edit),
        notice,
        error,
    })
}

pub async fn view(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
) -> Result<ProfilePage, PageError> {
    page(&state, &csrf, &staff, None, None, None).await
}

pub async fn save(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let jurisdiction = platform::jurisdiction::require_current(&state.platform.db).await?;
    let current: Vec<(String, String)> = jurisdiction
        .profile
        .leaves()?
        .into_iter()
        .map(|(k, v)| (k, text_of(&v)))
        .collect();
    let edits: Vec<(String, String)> = pairs
        .into_iter()
        .filter(|(key, value)| !current.iter().any(|(k, v)| k == key && v == value.trim()))
        .collect();
    let result = match jurisdiction.profile.with_edits(&edits) {
        Ok(edited) => {
            let actor = AuditActor::staff(&staff.actor, &staff.ip);
            platform::jurisdiction::save_profile(
                &state.platform.db,
                &actor,
                &jurisdiction,
                &edited,
                now_ms(),
            )
            .await
        }
        Err(error) => Err(error),
    };
    match result {
        Ok(0) => Ok(page(
            &state,
            &csrf,
            &staff,
            None,
            Some("没有修改任何配置项".into()),
            None,
        )
        .await?
        .into_response()),
        Ok(n) => Ok(page(
            &state,
            &csrf,
            &staff,
            None,
            Some(format!("已保存 {n} 项修改，并记入审计日志")),
            None,
        )
        .await?
        .into_response()),
        Err(platform::Error::Invalid(message)) => {
            let page = page(
                &state,
                &csrf,
                &staff,
                None,
                None,
                Some(format!("{message}；未保存任何修改")),
            )
            .await?;
            Ok((StatusCode::BAD_REQUEST, page).into_response())
        }
        Err(error) => Err(error.into()),
    }
}
