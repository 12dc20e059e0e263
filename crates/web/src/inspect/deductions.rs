//! `/office/inspect/deductions` (WEB-INSPECT, 国办秘函〔2019〕19号): the deduction points of
//! the check's indicators that the quarterly inspection report scores with — the national
//! values every jurisdiction starts from and the jurisdiction's own — each row editable (points
//! per occurrence, a cap under the indicator) by the IT office's administrators, like the
//! other inspection pages. A change is audited by the use case
//! (`sites::inspection::deductions::update`); a refused one shows its Chinese reason with its
//! status and changes nothing.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use sites::inspection::deductions::{self, Change, Deduction};

use crate::AppState;
use crate::chrome::{Chrome, minute_of};
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{Form, Query};
use crate::outcome::DoneQuery;
use crate::staff::{Judged, Staff};

/// One indicator's row.
pub struct Line {
    pub item: Deduction,
    /// Who set the jurisdiction's own value and when, or the starting value's note.
    pub changed: String,
    /// Whether the report scores it from records (else entered by hand).
    pub measured: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "office/inspect_deductions.html")]
pub struct DeductionsPage {
    chrome: Chrome,
    lines: Vec<Line>,
    max: i64,
    error: Option<String>,
    done: bool,
}

/// How the quarterly report scores an indicator: from the platform's records (the crawl's
/// finding kinds, the 找错 messages, the columns' and replies' freshness), or from the points
/// the administrator enters with a reason on a site's page.
fn measured(item: &Deduction) -> bool {
    sites::inspection::points::from_records(&item.indicator, &item.section)
}

async fn deductions_page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    error: Option<String>,
    done: bool,
) -> Result<DeductionsPage, PageError> {
    let db = &state.platform.db;
    let names: std::collections::HashMap<i64, String> = platform::users::list(db)
        .await?
        .into_iter()
        .map(|account| (account.id, account.display_name))
        .collect();
    let lines = deductions::load(db)
        .await?
        .items
        .into_iter()
        .map(|item| Line {
            changed: if item.own {
                format!(
                    "{}，{}",
                    names
                        .get(&item.updated_by)
                        .cloned()
                        .unwrap_or_else(|| "—".to_owned()),
                    minute_of(item.updated_at)
                )
            } else {
                "初始值".to_owned()
            },
            measured: measured(&item),
            item,
        })
        .collect();
    Ok(DeductionsPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        lines,
        max: deductions::MAX_POINTS,
        error,
        done,
    })
}

/// `GET /office/inspect/deductions`.
pub async fn page(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Query(query): Query<DoneQuery>,
) -> Result<DeductionsPage, PageError> {
    deductions_page(&state, &csrf, &staff, None, query.done.is_some()).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeForm {
    indicator: String,
    points: String,
    #[serde(default)]
    cap: String,
}

/// `POST /office/inspect/deductions`: sets one indicator's points and cap.
pub async fn update(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(form): Form<ChangeForm>,
) -> Result<Response, PageError> {
    let judged = Judged::load(&state, &staff).await?;
    let context = judged.context(&state);
    let change = Change {
        indicator: &form.indicator,
        points: &form.points,
        cap: &form.cap,
    };
    let outcome = deductions::update(&state.platform.db, &context, &[change])
        .await
        .map(|_| ());
    crate::outcome::answer(
        outcome,
        "/office/inspect/deductions?done=1".to_owned(),
        |error| deductions_page(&state, &csrf, &staff, Some(error), false),
    )
    .await
}
