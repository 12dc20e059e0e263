//! Enterprises and their agents on the portal (issue 23 item 2): `/account/enterprises`
//! lists the enterprises a person may act for; the legal representative registers an
//! enterprise with its 统一社会信用代码, authorises an agent (经办人) by the phone of their
//! real-name account and revokes them; a person chooses to act for an enterprise — refused
//! and audited unless they are its representative or hold a live authorisation
//! (`accounts::enterprise::act_for`); forms pre-filled for an enterprise check the
//! authorisation again, so a revoked agent no longer acts for it.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use platform::db::now_ms;
use serde::Deserialize;

use super::{current, to_login};
use crate::AppState;
use crate::chrome::{Chrome, date_of};
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{ClientIp, Form};

/// One enterprise as the page shows it.
pub struct EnterpriseLine {
    id: i64,
    name: String,
    uscc: String,
    representative: bool,
    acting: bool,
    /// (person id, masked name, masked phone, authorised, revoked) — the representative's view.
    agents: Vec<(i64, String, String, String, String)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "account/enterprises.html")]
pub struct EnterprisesPage {
    chrome: Chrome,
    enterprises: Vec<EnterpriseLine>,
    acting_name: String,
    message: String,
    ok: bool,
}

async fn page(
    state: &AppState,
    csrf: &CsrfToken,
    (account_id, acting_for): (i64, Option<i64>),
    (message, ok): (String, bool),
) -> Result<Response, PageError> {
    let (db, key) = (&state.platform.db, &state.platform.key);
    let mut enterprises = Vec::new();
    let mut acting_name = String::new();
    for e in accounts::enterprise::enterprises_of(db, key, account_id).await? {
        let representative = e.representative_id == Some(account_id);
        let agents = if representative {
            accounts::enterprise::agents(db, key, account_id, e.id)
                .await?
                .into_iter()
                .map(|a| {
                    let revoked = a.revoked_at.map(date_of).unwrap_or_default();
                    let authorised = date_of(a.authorised_at);
                    (a.person_id, a.name, a.phone, authorised, revoked)
                })
                .collect()
        } else {
            Vec::new()
        };
        let acting = acting_for == Some(e.id);
        if acting {
            acting_name = e.display_name();
        }
        enterprises.push(EnterpriseLine {
            id: e.id,
            name: e.display_name(),
            uscc: e.uscc.clone().unwrap_or_default(),
            representative,
            acting,
            agents,
        });
    }
    Ok(EnterprisesPage {
        chrome: Chrome::public(state, csrf).await?,
        enterprises,
        acting_name,
        message,
        ok,
    }
    .into_response())
}

/// `GET /account/enterprises`.
pub async fn list(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let Some((_, session)) = current(&state, &headers).await? else {
        return Ok(to_login());
    };
    let who = (session.account_id, session.acting_for);
    page(&state, &csrf, who, (String::new(), false)).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnterpriseForm {
    #[serde(default)]
    enterprise: String,
    #[serde(default)]
    uscc: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    person: String,
}

fn id_of(text: &str, what: &str) -> platform::Result<i64> {
    text.trim()
        .parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| platform::Error::invalid(format!("{what}不正确")))
}

/// What a POST of the page does, by its path's last part.
#[derive(Clone, Copy)]
enum Step {
    Register,
    Act,
    Authorise,
    Revoke,
}

async fn run(
    state: &AppState,
    (token, account_id, ip): (&str, i64, &str),
    step: Step,
    form: &EnterpriseForm,
) -> platform::Result<(String, Option<Option<i64>>)> {
    let (db, key) = (&state.platform.db, &state.platform.key);
    let now = now_ms();
    match step {
        Step::Register => {
            let me = accounts::account::get(db, key, account_id)
                .await?
                .ok_or_else(|| platform::Error::not_found("账号"))?;
            let pair = (form.uscc.as_str(), form.name.as_str());
            accounts::enterprise::register_enterprise(db, &me, pair, ip, now).await?;
            Ok(("已登记企业账号，您是其法定代表人".into(), None))
        }
        Step::Act => {
            if form.enterprise.trim().is_empty() {
                accounts::session::set_acting_for(db, token, None).await?;
                return Ok(("已改为以个人名义办理".into(), Some(None)));
            }
            let enterprise = id_of(&form.enterprise, "企业")?;
            accounts::enterprise::act_for(db, account_id, enterprise, ip, now).await?;
            accounts::session::set_acting_for(db, token, Some(enterprise)).await?;
            Ok(("已改为以企业名义办理".into(), Some(Some(enterprise))))
        }
        Step::Authorise => {
            let enterprise = id_of(&form.enterprise, "企业")?;
            let pair = (account_id, enterprise);
            accounts::enterprise::authorise_agent(db, key, pair, &form.phone, ip, now).await?;
            Ok(("已授权经办人".into(), None))
        }
        Step::Revoke => {
            let enterprise = id_of(&form.enterprise, "企业")?;
            let person = id_of(&form.person, "经办人")?;
            let pair = (account_id, enterprise);
            accounts::enterprise::revoke_agent(db, pair, person, ip, now).await?;
            Ok(("已撤销该经办人的授权".into(), None))
        }
    }
}

async fn post(
    state: AppState,
    csrf: CsrfToken,
    (ip, headers): (String, HeaderMap),
    step: Step,
    form: EnterpriseForm,
) -> Result<Response, PageError> {
    let Some((token, session)) = current(&state, &headers).await? else {
        return Ok(to_login());
    };
    let mut acting = session.acting_for;
    let message = match run(&state, (&token, session.account_id, &ip), step, &form).await {
        Ok((done, changed)) => {
            if let Some(changed) = changed {
                acting = changed;
            }
            (done, true)
        }
        Err(error) => (error.to_string(), false),
    };
    page(&state, &csrf, (session.account_id, acting), message).await
}

/// `POST /account/enterprises`: a person registers an enterprise they represent.
pub async fn register(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Form(form): Form<EnterpriseForm>,
) -> Result<Response, PageError> {
    post(state, csrf, (ip, headers), Step::Register, form).await
}

/// `POST /account/enterprises/act`: act for an enterprise (empty: for oneself again).
pub async fn act(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Form(form): Form<EnterpriseForm>,
) -> Result<Response, PageError> {
    post(state, csrf, (ip, headers), Step::Act, form).await
}

/// `POST /account/enterprises/agents`: the representative authorises an agent by phone.
pub async fn authorise(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Form(form): Form<EnterpriseForm>,
) -> Result<Response, PageError> {
    post(state, csrf, (ip, headers), Step::Authorise, form).await
}

/// `POST /account/enterprises/agents/revoke`: the representative revokes an agent.
pub async fn revoke(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Form(form): Form<EnterpriseForm>,
) -> Result<Response, PageError> {
    post(state, csrf, (ip, headers), Step::Revoke, form).await
}
