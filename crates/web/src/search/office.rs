//! The search in the back office (WEB-SEARCH): `/office/search/keywords`, the hot keywords
//! and the queries that found nothing over the last days (counts per day, never who asked),
//! which editors turn into synonyms or FAQ entries; `/office/search/synonyms`, the shipped
//! synonym groups and the administrator's own, added and removed here (audited), in force in
//! this process at once and in every other within seconds.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use platform::audit::{AuditActor, AuditEvent};
use platform::db::now_ms;
use search::stats::{self, Counted};
use serde::Deserialize;

use crate::AppState;
use crate::chrome::Chrome;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{Form, Query};
use crate::staff::Staff;

/// The periods offered (days).
const PERIODS: [i64; 3] = [7, 30, 90];

#[derive(Deserialize, Default)]
pub struct KeywordsQuery {
    #[serde(default)]
    days: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "office/search_keywords.html")]
pub struct KeywordsPage {
    chrome: Chrome,
    days: i64,
    periods: Vec<i64>,
    since: String,
    hot: Vec<Counted>,
    /// Each query with nothing found and the link that makes it a synonym.
    empty: Vec<(Counted, String)>,
}

/// `GET /office/search/keywords`.
pub async fn keywords(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Query(query): Query<KeywordsQuery>,
) -> Result<KeywordsPage, PageError> {
    let days = query
        .days
        .trim()
        .parse()
        .ok()
        .filter(|days| PERIODS.contains(days))
        .unwrap_or(30);
    let since = stats::day_of(now_ms() - (days - 1) * 24 * 3600 * 1000);
    let db = &state.platform.db;
    let hot = stats::hot(db, &since, false, 50).await?;
    let empty = stats::hot(db, &since, true, 50)
        .await?
        .into_iter()
        .map(|counted| {
            let href = format!(
                "/office/search/synonyms?q={}",
                search::store::url_component(&counted.query)
            );
            (counted, href)
        })
        .collect();
    Ok(KeywordsPage {
        chrome: Chrome::office(&state, &csrf, &staff.actor).await?,
        days,
        periods: PERIODS.to_vec(),
        since,
        hot,
        empty,
    })
}

#[derive(Deserialize, Default)]
pub struct SynonymsQuery {
    #[serde(default)]
    done: Option<String>,
    #[serde(default)]
    q: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "office/search_synonyms.html")]
pub struct SynonymsPage {
    chrome: Chrome,
    shipped: Vec<String>,
    own: Vec<(i64, String)>,
    phrasings: String,
    error: Option<String>,
    done: bool,
}

async fn synonyms_page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    phrasings: String,
    error: Option<String>,
    done: bool,
) -> Result<SynonymsPage, PageError> {
    let own = stats::synonyms(&state.platform.db).await?;
    Ok(SynonymsPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        shipped: search::Synonyms::defaults()
            .groups()
            .iter()
            .map(|group| group.join(" "))
            .collect(),
        own,
        phrasings,
        error,
        done,
    })
}

/// `GET /office/search/synonyms` (`?q=` fills the form with a query that found nothing).
pub async fn synonyms(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Query(query): Query<SynonymsQuery>,
) -> Result<SynonymsPage, PageError> {
    let phrasings: String = query.q.chars().take(30).collect();
    synonyms_page(&state, &csrf, &staff, phrasings, None, query.done.is_some()).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddForm {
    #[serde(default)]
    phrasings: String,
}

fn audit(action: &str, id: impl ToString, detail: &str) -> AuditEvent {
    let mut event = AuditEvent::new(action, "search_synonyms", id);
    event.detail = detail.to_owned();
    event
}

/// `POST /office/search/synonyms`: adds a group; a bad one is refused with its reason and
/// what was typed kept.
pub async fn add_synonyms(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(form): Form<AddForm>,
) -> Result<Response, PageError> {
    let db = &state.platform.db;
    let typed: String = form.phrasings.chars().take(400).collect();
    let now = now_ms();
    match stats::add_synonyms(db, &typed, staff.actor.user_id, now).await? {
        Ok(()) => {
            let actor = AuditActor::staff(&staff.actor, &staff.ip);
            let event = audit("search.synonyms.add", "-", &typed);
            platform::audit::record_alone(db, &actor, event, now).await?;
            reload(&state).await;
            Ok(Redirect::to("/office/search/synonyms?done=1").into_response())
        }
        Err(refused) => {
            let page = synonyms_page(
                &state,
                &csrf,
                &staff,
                typed,
                Some(refused.to_string()),
                false,
            )
            .await?;
            Ok((StatusCode::BAD_REQUEST, page).into_response())
        }
    }
}

async fn reload(state: &AppState) {
    if let Err(error) = state.search.get().await.reload_synonyms().await {
        tracing::warn!("search synonyms not reloaded: {error:#}");
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RemoveForm {
    #[serde(default)]
    id: String,
}

/// `POST /office/search/synonyms/remove`: removes one of the administrator's groups.
pub async fn remove_synonyms(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(form): Form<RemoveForm>,
) -> Result<Response, PageError> {
    let db = &state.platform.db;
    let removed = match form.id.trim().parse::<i64>() {
        Ok(id) => stats::remove_synonyms(db, id).await?.then_some(id),
        Err(_) => None,
    };
    let Some(id) = removed else {
        let page = synonyms_page(
            &state,
            &csrf,
            &staff,
            String::new(),
            Some("未找到这组同义词，可能已被删除".to_owned()),
            false,
        )
        .await?;
        return Ok((StatusCode::NOT_FOUND, page).into_response());
    };
    let now = now_ms();
    let actor = AuditActor::staff(&staff.actor, &staff.ip);
    let event = audit("search.synonyms.remove", id, "");
    platform::audit::record_alone(db, &actor, event, now).await?;
    reload(&state).await;
    Ok(Redirect::to("/office/search/synonyms?done=1").into_response())
}
