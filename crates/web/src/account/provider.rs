//! 统一身份认证配置 (issue 23 item 1): the system administrator's page for the installation's
//! OpenID Connect provider — issuer, client id, client secret (sealed; the page shows only
//! whether one is set and never sends it back, an empty field keeps it), the callback and
//! logout addresses, the name the login page shows, the scopes, the claim names, and whether
//! the login offers it. Every problem is shown at once in Chinese beside its field and nothing
//! is saved; a save is audited with what changed (`accounts::provider`).

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use platform::audit::AuditActor;
use platform::db::now_ms;
use serde::Deserialize;

use accounts::oidc::ClaimNames;
use accounts::provider::{Problem, Submitted};

use crate::AppState;
use crate::chrome::{Chrome, minute_of};
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::Form;
use crate::staff::Staff;

#[derive(Template, WebTemplate)]
#[template(path = "office/identity_provider.html")]
pub struct ProviderPage {
    chrome: Chrome,
    /// The values shown in the fields (never the secret).
    form: Shown,
    secret_set: bool,
    updated: String,
    problems: Vec<Problem>,
    saved: bool,
}

impl ProviderPage {
    fn problem(&self, field: &str) -> Option<&str> {
        self.problems
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    }
}

/// The fields as the page shows them.
#[derive(Debug, Clone, Default)]
pub struct Shown {
    issuer: String,
    client_id: String,
    redirect_url: String,
    post_logout_url: String,
    display_name: String,
    scopes: String,
    claims: ClaimNames,
    enabled: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProviderForm {
    #[serde(default)]
    issuer: String,
    #[serde(default)]
    client_id: String,
    #[serde(default)]
    client_secret: String,
    #[serde(default)]
    redirect_url: String,
    #[serde(default)]
    post_logout_url: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    scopes: String,
    #[serde(default)]
    claim_name: String,
    #[serde(default)]
    claim_id_number: String,
    #[serde(default)]
    claim_phone: String,
    #[serde(default)]
    claim_uscc: String,
    #[serde(default)]
    claim_enterprise_name: String,
    #[serde(default)]
    enabled: String,
}

async fn page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    typed: Option<Shown>,
    (problems, saved): (Vec<Problem>, bool),
) -> Result<ProviderPage, PageError> {
    let stored = accounts::provider::settings(&state.platform.db).await?;
    let form = typed.unwrap_or_else(|| match &stored {
        Some(s) => Shown {
            issuer: s.issuer.clone(),
            client_id: s.client_id.clone(),
            redirect_url: s.redirect_url.clone(),
            post_logout_url: s.post_logout_url.clone(),
            display_name: s.display_name.clone(),
            scopes: s.scopes.clone(),
            claims: s.claims.clone(),
            enabled: s.enabled,
        },
        None => Shown {
            display_name: "统一身份认证".into(),
            scopes: "profile phone".into(),
            claims: ClaimNames::default(),
            ..Shown::default()
        },
    });
    Ok(ProviderPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        form,
        secret_set: stored.as_ref().is_some_and(|s| s.secret_set),
        updated: stored
            .as_ref()
            .map(|s| minute_of(s.updated_at))
            .unwrap_or_default(),
        problems,
        saved,
    })
}

/// `GET /office/identity-provider`.
pub async fn show(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
) -> Result<ProviderPage, PageError> {
    page(&state, &csrf, &staff, None, (Vec::new(), false)).await
}

/// `POST /office/identity-provider`: saves the settings when every field passes.
pub async fn save(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(form): Form<ProviderForm>,
) -> Result<Response, PageError> {
    let claims = ClaimNames {
        name: form.claim_name,
        id_number: form.claim_id_number,
        phone: form.claim_phone,
        uscc: form.claim_uscc,
        enterprise_name: form.claim_enterprise_name,
    };
    let submitted = Submitted {
        issuer: form.issuer,
        client_id: form.client_id,
        client_secret: form.client_secret,
        redirect_url: form.redirect_url,
        post_logout_url: form.post_logout_url,
        display_name: form.display_name,
        scopes: form.scopes,
        claims,
        enabled: form.enabled == "1",
    };
    let actor = AuditActor::staff(&staff.actor, &staff.ip);
    let (db, key) = (&state.platform.db, &state.platform.key);
    match accounts::provider::save(db, key, &actor, &submitted, now_ms()).await? {
        Ok(()) => {
            let shown = page(&state, &csrf, &staff, None, (Vec::new(), true)).await?;
            Ok(shown.into_response())
        }
        Err(problems) => {
            let typed = Shown {
                issuer: submitted.issuer,
                client_id: submitted.client_id,
                redirect_url: submitted.redirect_url,
                post_logout_url: submitted.post_logout_url,
                display_name: submitted.display_name,
                scopes: submitted.scopes,
                claims: submitted.claims,
                enabled: submitted.enabled,
            };
            let shown = page(&state, &csrf, &staff, Some(typed), (problems, false)).await?;
            Ok((StatusCode::BAD_REQUEST, shown).into_response())
        }
    }
}
