//! The hard case's public lookup (HALL-HARDCASE, 000 中心 §7(四)): `/hall/hardcase`, the
//! form of the case's number and the query code told at registration; `/hall/hardcase/query`
//! answers where it stands — the window it was brought to, its status and its stages in
//! words with their times — never who handled it, never the centre's or the department's
//! notes, never the contact. The checks, the lookups' rate and the count of wrong codes are
//! the supervision box's lookup's ([`super::complaint::lookup_answer`]).

use ::hall::hardcase::public_stages;
use ::hall::usecase::hardcases;
use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Response};

use super::complaint::{QueryForm, lookup_answer};
use crate::AppState;
use crate::chrome::{Chrome, minute_of};
use crate::csrf::CsrfToken;
use crate::error::{PageError, status_of};
use crate::extract::{ClientIp, Form};

/// A case found by the lookup: its number, facts and stages (time, words).
type Found = (
    String,
    Vec<(&'static str, String)>,
    Vec<(String, &'static str)>,
);

#[derive(Template, WebTemplate)]
#[template(path = "hall/hardcase_public.html")]
pub struct LookupPage {
    chrome: Chrome,
    /// The case found: its number, facts and stages (time, words).
    found: Option<Found>,
    error: Option<String>,
}

/// `GET /hall/hardcase`: the lookup form.
pub async fn page(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
) -> Result<LookupPage, PageError> {
    Ok(LookupPage {
        chrome: Chrome::public(&state, &csrf).await?,
        found: None,
        error: None,
    })
}

/// `POST /hall/hardcase/query`: the case by number and query code (a wrong code counts
/// against the number).
pub async fn query(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    ClientIp(client): ClientIp,
    Form(form): Form<QueryForm>,
) -> Result<Response, PageError> {
    let db = &state.platform.db;
    let key = &state.platform.key;
    lookup_answer(
        &state,
        &client,
        (&form.number, &form.code, "事项编号"),
        async || hardcases::lookup(db, key, &form.number, &form.code).await,
        async |stored| {
            let c = &stored.case;
            let facts = vec![
                ("受理窗口", c.channel.label().to_owned()),
                ("受理时间", minute_of(c.registered_at.millis())),
                ("办理状态", c.status.label().to_owned()),
            ];
            let stages = public_stages(c)
                .into_iter()
                .map(|(at, words)| (minute_of(at.millis()), words))
                .collect();
            Ok(LookupPage {
                chrome: Chrome::public(&state, &csrf).await?,
                found: Some((stored.number.clone(), facts, stages)),
                error: None,
            }
            .into_response())
        },
        async |error| {
            let status = status_of(&error);
            let page = LookupPage {
                chrome: Chrome::public(&state, &csrf).await?,
                found: None,
                error: Some(error.to_string()),
            };
            Ok((status, page).into_response())
        },
    )
    .await
}
