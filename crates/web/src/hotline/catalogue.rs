//! 派单目录 `/office/hotline/catalogue` (issue 14 item 9, HL-DISPATCH): the hotline's
//! supervisors keep, for each unit, the words of the matters it is competent for; the order
//! page suggests a unit whose word the appeal holds. Each change is audited.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use hotline::usecase;
use platform::audit::AuditActor;
use platform::db::now_ms;
use serde::Deserialize;

use crate::AppState;
use crate::chrome::Chrome;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{Form, Query};
use crate::staff::Staff;

pub struct CatalogueLine {
    id: i64,
    name: String,
    keywords: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "office/hotline_catalogue.html")]
pub struct CataloguePage {
    chrome: Chrome,
    lines: Vec<CatalogueLine>,
    saved: bool,
    /// A refused change: the unit, the words typed and why.
    error: Option<(i64, String, String)>,
}

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct PageQuery {
    saved: Option<String>,
}

async fn page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    saved: bool,
    error: Option<(i64, String, String)>,
) -> Result<CataloguePage, PageError> {
    let db = &state.platform.db;
    let catalogue = usecase::dispatch_catalogue(db).await?;
    let lines = platform::units::list(db)
        .await?
        .into_iter()
        .filter(|unit| unit.active && unit.depth > 0)
        .map(|unit| {
            let keywords = match &error {
                Some((id, typed, _)) if *id == unit.id => typed.clone(),
                _ => catalogue
                    .iter()
                    .find(|(id, _)| *id == unit.id)
                    .map(|(_, words)| words.join(" "))
                    .unwrap_or_default(),
            };
            CatalogueLine {
                id: unit.id,
                name: unit.name,
                keywords,
            }
        })
        .collect();
    Ok(CataloguePage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        lines,
        saved,
        error,
    })
}

/// `GET /office/hotline/catalogue`.
pub async fn show(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Query(query): Query<PageQuery>,
) -> Result<CataloguePage, PageError> {
    page(&state, &csrf, &staff, query.saved.is_some(), None).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SaveForm {
    unit: i64,
    #[serde(default)]
    keywords: String,
}

/// `POST /office/hotline/catalogue`: one unit's words; a refusal shows the page again with
/// the words typed and the message beside that unit.
pub async fn save(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(form): Form<SaveForm>,
) -> Result<Response, PageError> {
    let actor = AuditActor::staff(&staff.actor, &staff.ip);
    let db = &state.platform.db;
    match usecase::save_dispatch_keywords(db, &actor, form.unit, &form.keywords, now_ms()).await {
        Ok(()) => Ok(Redirect::to(&format!(
            "/office/hotline/catalogue?saved=1#unit-{}",
            form.unit
        ))
        .into_response()),
        Err(error @ platform::Error::Invalid(_)) => {
            let typed = form.keywords.chars().take(1000).collect();
            let refused = Some((form.unit, typed, error.to_string()));
            let page = page(&state, &csrf, &staff, false, refused).await?;
            Ok((StatusCode::BAD_REQUEST, page).into_response())
        }
        Err(error) => Err(error.into()),
    }
}
