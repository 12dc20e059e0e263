//! Grants in the back office (DATA-GRANT, DATA-CALL; 000 共享 §5(一)(二), §12): the grants of
//! the viewer's unit as consumer or provider (the administrator every one) — resource and its
//! gateway path, the granted fields, the period from the recorded approval time to its end,
//! the status at this moment (an expired grant says so), the last call; the consumer issues
//! the authorization code, shown once on the answer to that POST and kept only as its hash (a
//! new code replaces the old); the provider or administrator suspends, resumes or revokes,
//! the consumer or administrator terminates, and the provider revokes an API grant unused for
//! the profile's period — each with its reason, through `sharing::usecase::grants`.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use calendar::Instant;
use platform::db::now_ms;
use serde::Deserialize;
use sharing::grant::{Command, Status};
use sharing::store::grants::{self as store};
use sharing::usecase::grants as usecase;
use sharing::{GrantId, resource_key};

use super::{GrantNo, acting, limited, name_in, refused, unit_names};
use crate::AppState;
use crate::chrome::{Chrome, minute_of};
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{Form, Id, Query};
use crate::staff::{Judged, Staff};

/// One grant on the page.
pub struct Line {
    pub id: i64,
    pub entry: String,
    pub resource: String,
    pub gateway: String,
    pub consumer: String,
    pub provider: String,
    pub fields: String,
    pub approved: String,
    pub ends: String,
    pub status: &'static str,
    pub reason: String,
    pub last_used: String,
    pub has_code: bool,
    /// The viewer is the consumer's staff (issues the code, terminates).
    pub is_consumer: bool,
    /// The viewer is the provider's staff or the administrator (suspends, resumes, revokes).
    pub is_provider: bool,
    pub active: bool,
    pub suspended: bool,
    pub idle: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "sharing/grants.html")]
pub struct GrantsPage {
    chrome: Chrome,
    lines: Vec<Line>,
    /// SEC-NOTICE: service-stopping maintenance still ahead or under way.
    outages: Vec<super::maintenance::Line>,
    /// The grant and its code, issued just now (shown this once).
    issued: Option<(i64, String)>,
    error: Option<String>,
    done: bool,
}

async fn build(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    issued: Option<(i64, String)>,
    (error, done): (Option<String>, bool),
) -> Result<GrantsPage, PageError> {
    let db = &state.platform.db;
    let me = acting(staff);
    let unit = (!me.is_administrator()).then_some(me.unit.0);
    let units = unit_names(state).await?;
    let entries = sharing::store::entries::list(db, &[], None).await?;
    let judged = Judged::load(state, staff).await?;
    let context = judged.context(state);
    let idle: Vec<i64> = usecase::idle_api_grants(db, &context, unit)
        .await?
        .iter()
        .map(|g| g.grant.id.0)
        .collect();
    let now = Instant::from_millis(now_ms());
    let lines = store::list_for(db, unit)
        .await?
        .into_iter()
        .map(|s| {
            let g = &s.grant;
            let entry = entries.iter().find(|e| e.entry.id == g.entry);
            let state_now = g.state_at(now);
            Line {
                id: g.id.0,
                entry: entry.map_or_else(String::new, |e| e.entry.draft.name.clone()),
                resource: entry
                    .and_then(|e| e.entry.resource(g.resource))
                    .map_or_else(String::new, |r| r.name.clone()),
                gateway: format!("/share/v1/{}", resource_key(g.entry, g.resource)),
                consumer: name_in(&units, g.consumer.0),
                provider: name_in(&units, g.provider.0),
                fields: g.fields.join("、"),
                approved: minute_of(g.approved_at.millis()),
                ends: minute_of(g.ends_at.millis()),
                status: state_now.label_zh(),
                reason: g.reason.clone(),
                last_used: g
                    .last_used_at
                    .map_or_else(|| "未调用".to_owned(), |at| minute_of(at.millis())),
                has_code: s.has_code,
                is_consumer: me.acts_for(g.consumer),
                is_provider: me.acts_for(g.provider) || me.is_administrator(),
                active: state_now == Status::Active,
                suspended: state_now == Status::Suspended,
                idle: idle.contains(&g.id.0) && me.acts_for(g.provider),
            }
        })
        .collect();
    Ok(GrantsPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        lines,
        outages: super::maintenance::outages(state, &me).await?,
        issued,
        error,
        done,
    })
}

/// `GET /office/sharing/grants`.
pub async fn list(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Query(done): Query<super::Done>,
) -> Result<GrantsPage, PageError> {
    build(&state, &csrf, &staff, None, (None, done.shown())).await
}

/// The code form: nothing but the CSRF token.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeForm {}

/// `POST /office/sharing/grants/{id}/code` (DATA-CALL): the consumer issues a new code, shown
/// in this answer only (never cached) and stored as its hash.
pub async fn issue_code(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(GrantNo(id)): Id<GrantNo>,
    Form(_form): Form<CodeForm>,
) -> Result<Response, PageError> {
    let judged = Judged::load(&state, &staff).await?;
    let context = judged.context(&state);
    let outcome =
        usecase::issue_code(&state.platform.db, &context, &acting(&staff), GrantId(id)).await;
    let (issued, error) = match outcome {
        Ok(code) => (Some((id, code)), None),
        Err(error) if refused(&error) => (None, Some(error.to_string())),
        Err(error) => return Err(error.into()),
    };
    let status = if error.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    let page = build(&state, &csrf, &staff, issued, (error, false)).await?;
    let mut response = (status, page).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// One command on a grant: its code and reason.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommandForm {
    command: String,
    #[serde(default)]
    reason: String,
}

fn parse(form: &CommandForm) -> platform::Result<Command> {
    let reason = limited(&form.reason, "理由", 2000)?;
    Ok(match form.command.as_str() {
        "suspend" => Command::Suspend { reason },
        "resume" => Command::Resume,
        "revoke" => Command::Revoke { reason },
        "terminate" => Command::Terminate { reason },
        // DATA-GRANT: an API grant unused for the profile's period.
        "revoke-unused" => Command::RevokeUnused,
        _ => return Err(platform::Error::invalid("未知的办理事项")),
    })
}

/// `POST /office/sharing/grants/{id}/command`.
pub async fn command(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(GrantNo(id)): Id<GrantNo>,
    Form(form): Form<CommandForm>,
) -> Result<Response, PageError> {
    let db = &state.platform.db;
    let stored = store::get(db, GrantId(id)).await?;
    if !usecase::may_see(&stored.grant, &acting(&staff)) {
        return Err(platform::Error::not_found("该授权").into());
    }
    let outcome = match parse(&form) {
        Ok(command) => {
            let judged = Judged::load(&state, &staff).await?;
            let context = judged.context(&state);
            usecase::execute(db, &context, &acting(&staff), GrantId(id), command)
                .await
                .map(|_| ())
        }
        Err(error) => Err(error),
    };
    match outcome {
        Ok(()) => Ok(Redirect::to("/office/sharing/grants?done=1").into_response()),
        Err(error) if refused(&error) => {
            let page = build(
                &state,
                &csrf,
                &staff,
                None,
                (Some(error.to_string()), false),
            )
            .await?;
            Ok((StatusCode::BAD_REQUEST, page).into_response())
        }
        Err(error) => Err(error.into()),
    }
}
