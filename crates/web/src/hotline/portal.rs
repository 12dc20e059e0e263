//! The citizen's side of 12345 on the portal (HL-REGISTER, HL-PRIVACY): the routes of the
//! appeal form (`super::appeal_form`: file an appeal, receive its number and query code once)
//! and following its progress by number and code.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Router};
use hotline::appeal::Category;
use hotline::order::{CitizenStage, Status, citizen_stage, citizen_steps};
use hotline::usecase;
use serde::Deserialize;

use super::appeal_form::{self, View, form_page};
use crate::AppState;
use crate::chrome::Chrome;
use crate::chrome::minute_of;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{ClientIp, Query};

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/hotline", get(appeal_form::form).post(appeal_form::submit))
        .route("/hotline/query", get(query))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueryForm {
    #[serde(default)]
    number: String,
    #[serde(default)]
    code: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "portal/hotline_query.html")]
pub struct QueryPage {
    chrome: Chrome,
    number: String,
    category: String,
    /// The current stage in the appellant's words, with the unit while in hand.
    status: String,
    content: String,
    /// (when, stage, unit) in the appellant's words, oldest first (issue 14 item 5).
    stages: Vec<(String, &'static str, String)>,
    reply: Option<String>,
    /// Replied, the callback to come: the hotline will ask for the rating (HL-CALLBACK).
    callback_due: bool,
}

/// `GET /hotline/query?number=…&code=…` (SVC-STATUS's twin for 12345): a wrong number or
/// code is the same "not found", so neither can be probed; wrong codes lock the number for a
/// while, and every lookup page shares one bucket per client (issue 12 finding 3).
async fn query(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    ClientIp(ip): ClientIp,
    Query(form): Query<QueryForm>,
) -> Result<Response, PageError> {
    // Issue 13 item 5: the address without its fields (a bookmark, a shared link) is the
    // query form with what to fill in, not an error page.
    if form.number.trim().is_empty() || form.code.trim().is_empty() {
        let mut page = form_page(&state, &csrf, View::default()).await?;
        page.query_error = Some((
            form.number.trim().chars().take(32).collect(),
            "请填写诉求编号和查询码后查询（均在登记时告知，也可见登记短信）".to_owned(),
        ));
        return Ok(page.into_response());
    }
    if !state.limiter.allow_lookup(&ip) {
        return Err(platform::Error::TooManyRequests.into());
    }
    let found = usecase::find_by_number(
        &state.platform.db,
        &state.platform.key,
        form.number.trim(),
        form.code.trim(),
    )
    .await;
    // Issue 14 item 5: a wrong number or code (or a locked number) shows the query form
    // again with the message and the number typed, with the status of the refusal.
    let view = match found {
        Ok(view) => view,
        Err(error @ (platform::Error::NotFound(_) | platform::Error::TooManyAttempts(_))) => {
            let status = crate::error::status_of(&error);
            let message = match &error {
                platform::Error::NotFound(_) => {
                    "诉求编号或查询码不正确，请核对后重新查询".to_owned()
                }
                other => other.to_string(),
            };
            let mut page = form_page(&state, &csrf, View::default()).await?;
            page.query_error = Some((form.number.trim().chars().take(32).collect(), message));
            return Ok((status, page).into_response());
        }
        Err(error) => return Err(error.into()),
    };
    let history = usecase::history(&state.platform.db, view.appeal_id).await?;
    // Issue 14 item 5: the stages in the appellant's words, never a back-office state; the
    // unit in hand is the current lead (HL-DISPATCH), or the hotline between two units.
    let changes: Vec<(i64, Status)> = history
        .iter()
        .filter(|row| matches!(row.kind.as_str(), "registered" | "transitioned"))
        .filter_map(|row| {
            let to = row.to_status.as_deref()?;
            let status = Status::ALL.into_iter().find(|s| s.code() == to)?;
            Some((row.at, status))
        })
        .collect();
    let in_hand = match view.order.lead() {
        Some(lead) => platform::units::get(&state.platform.db, lead.0).await?.name,
        None => "12345热线".to_owned(),
    };
    let unit_of = |stage: CitizenStage| match stage {
        CitizenStage::Handling => in_hand.clone(),
        _ => String::new(),
    };
    let stages = citizen_steps(&changes)
        .into_iter()
        .map(|(at, stage)| (minute_of(at), stage.label_zh(), unit_of(stage)))
        .collect();
    let stage = citizen_stage(view.status);
    // The result is the appellant's once the hotline has replied (HL-REPLY).
    let replied = matches!(
        view.status,
        Status::Replied
            | Status::UnderReview
            | Status::AwaitingReviewForm
            | Status::FormUnderReview
            | Status::Closed
            | Status::Archived
    );
    let reply = view
        .order
        .results
        .last()
        .filter(|_| replied)
        .map(|r| r.result.clone());
    Ok(QueryPage {
        chrome: Chrome::public(&state, &csrf).await?,
        number: view.number,
        category: Category::parse(&view.category)
            .map(|c| c.label_zh().to_owned())
            .unwrap_or(view.category),
        status: match stage {
            CitizenStage::Handling => format!("办理中（{in_hand}）"),
            other => other.label_zh().to_owned(),
        },
        content: view.content,
        stages,
        reply,
        callback_due: stage == CitizenStage::Replied,
    }
    .into_response())
}
