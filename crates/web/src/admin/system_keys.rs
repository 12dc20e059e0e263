//! 系统密钥 (issue 22, the integration API): the system administrator issues a key to another
//! system with its scope (read, write, personal data in clear, units), sees the key this once,
//! lists the keys with their last use, and revokes one. Issue and revocation are audited by
//! `platform::syskeys`; the key's calls by the API.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::syskeys::{self, Scope};

use super::registers::{Pairs, refusal, unit_choices};
use crate::AppState;
use crate::chrome::{Chrome, minute_of};
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::Form;
use crate::staff::Staff;

pub struct KeyLine {
    id: i64,
    name: String,
    prefix: String,
    scope: String,
    issued_at: String,
    last_used_at: String,
    active: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "office/system_keys.html")]
pub struct KeysPage {
    chrome: Chrome,
    keys: Vec<KeyLine>,
    units: Vec<(i64, String)>,
    /// The key just issued: (name, key), shown this once.
    issued: Option<(String, String)>,
    error: Option<String>,
}

fn scope_text(scope: &Scope, names: &[(i64, String)]) -> String {
    let mut parts = Vec::new();
    if scope.read {
        parts.push("读取".to_owned());
    }
    if scope.write {
        parts.push("写入".to_owned());
    }
    parts.push(
        if scope.unmasked {
            "个人信息明文"
        } else {
            "个人信息脱敏"
        }
        .to_owned(),
    );
    if scope.units.is_empty() {
        parts.push("全部单位".to_owned());
    } else {
        let units: Vec<String> = scope
            .units
            .iter()
            .map(|id| {
                names
                    .iter()
                    .find(|(u, _)| u == id)
                    .map_or_else(|| id.to_string(), |(_, n)| n.trim().to_owned())
            })
            .collect();
        parts.push(units.join("、"));
    }
    parts.join("，")
}

async fn page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    issued: Option<(String, String)>,
    error: Option<String>,
) -> Result<KeysPage, PageError> {
    let units = unit_choices(state).await?;
    let keys = syskeys::list(&state.platform.db)
        .await?
        .into_iter()
        .map(|key| KeyLine {
            id: key.id,
            scope: scope_text(&key.scope, &units),
            issued_at: minute_of(key.issued_at),
            last_used_at: key.last_used_at.map(minute_of).unwrap_or_default(),
            active: key.active(),
            name: key.name,
            prefix: key.prefix,
        })
        .collect();
    Ok(KeysPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        keys,
        units,
        issued,
        error,
    })
}

/// `GET /office/system-keys`.
pub async fn list(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
) -> Result<KeysPage, PageError> {
    page(&state, &csrf, &staff, None, None).await
}

/// `POST /office/system-keys`: issues a key and shows it once.
pub async fn issue(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let pairs = Pairs::read(pairs, &["name", "read", "write", "unmasked"])?;
    let result = async {
        let scope = Scope {
            read: pairs.one("read") == "1",
            write: pairs.one("write") == "1",
            unmasked: pairs.one("unmasked") == "1",
            units: pairs.units()?,
        };
        for unit in &scope.units {
            platform::units::get(&state.platform.db, *unit).await?;
        }
        let actor = AuditActor::staff(&staff.actor, &staff.ip);
        syskeys::issue(
            &state.platform.db,
            &staff.actor,
            &actor,
            pairs.one("name"),
            &scope,
            now_ms(),
        )
        .await
    }
    .await;
    match result {
        Ok((key, code)) => {
            let shown = page(&state, &csrf, &staff, Some((key.name, code)), None).await?;
            Ok(shown.into_response())
        }
        Err(error) => {
            let (status, message) = refusal(error)?;
            let shown = page(&state, &csrf, &staff, None, Some(message)).await?;
            Ok((status, shown).into_response())
        }
    }
}

/// `POST /office/system-keys/revoke`: revokes the key of the form's `id`.
pub async fn revoke(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let pairs = Pairs::read(pairs, &["id"])?;
    let result = async {
        let id = crate::extract::parse_number(pairs.one("id").trim())
            .ok_or_else(|| platform::Error::invalid("该密钥不存在或已吊销"))?;
        let actor = AuditActor::staff(&staff.actor, &staff.ip);
        syskeys::revoke(&state.platform.db, &staff.actor, &actor, id, now_ms()).await
    }
    .await;
    let error = match result {
        Ok(()) => None,
        Err(error) => Some(refusal(error)?),
    };
    let status = error.as_ref().map(|(s, _)| *s);
    let shown = page(&state, &csrf, &staff, None, error.map(|(_, m)| m)).await?;
    Ok(match status {
        Some(status) => (status, shown).into_response(),
        None => shown.into_response(),
    })
}
