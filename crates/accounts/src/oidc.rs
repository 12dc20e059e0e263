//! The relying party of the unified identity login (统一身份认证, issue 23 item 1): the
//! OpenID Connect authorization-code flow with PKCE through `openidconnect`. The provider is
//! found by discovery; the state sent to it is kept by its hash, bound to the browser by a
//! cookie's hash and spent by the first callback (a replayed or foreign state finds nothing);
//! the ID token is checked against the provider's published keys, its issuer, audience,
//! expiry and our nonce; the person's details come from the claims the installation names.
//! Logout goes through the provider's end-session endpoint with the ID token as hint.

use std::str::FromStr as _;

use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreIdToken};
use openidconnect::{
    AccessToken, AuthorizationCode, ClientId, ClientSecret, CsrfToken, IssuerUrl, LogoutRequest,
    Nonce, OAuth2TokenResponse as _, PkceCodeChallenge, PkceCodeVerifier, PostLogoutRedirectUrl,
    ProviderMetadataWithLogout, RedirectUrl, Scope, TokenResponse as _,
};
use platform::db::Db;
use platform::personal::DataKey;
use platform::{Error, Result};
use sqlx::Row as _;

/// How long a login may take at the provider before its state is refused.
pub const FLOW_MINUTES: i64 = 10;

/// The claims that carry a person's or an enterprise's details (per installation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimNames {
    pub name: String,
    pub id_number: String,
    pub phone: String,
    pub uscc: String,
    pub enterprise_name: String,
}

impl Default for ClaimNames {
    fn default() -> Self {
        Self {
            name: "name".into(),
            id_number: "id_number".into(),
            phone: "phone_number".into(),
            uscc: "uscc".into(),
            enterprise_name: "enterprise_name".into(),
        }
    }
}

/// The installation's unified identity provider.
#[derive(Debug, Clone)]
pub struct ProviderConfig {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
    /// Our callback, registered with the provider: `https://…/account/oidc/callback`.
    pub redirect_url: String,
    /// Where the provider sends the browser after logout.
    pub post_logout_url: String,
    /// What the login page calls it (如 “赣服通统一身份认证”).
    pub display_name: String,
    /// The scopes asked for besides `openid`, separated by spaces.
    pub scopes: String,
    pub claims: ClaimNames,
}

/// Stores the installation's provider (the client secret sealed), switched on. The system
/// administrator's page (`provider::save`) writes through [`configure_in`] too.
pub async fn configure(db: &Db, key: &DataKey, config: &ProviderConfig, now: i64) -> Result<()> {
    let mut tx = db.begin().await?;
    configure_in(&mut tx, key, config, now).await?;
    tx.commit().await?;
    Ok(())
}

/// [`configure`] in the caller's transaction.
pub async fn configure_in(
    tx: &mut platform::db::Tx,
    key: &DataKey,
    config: &ProviderConfig,
    now: i64,
) -> Result<()> {
    IssuerUrl::new(config.issuer.clone())
        .map_err(|_| Error::invalid("统一身份认证的签发者地址不正确"))?;
    RedirectUrl::new(config.redirect_url.clone())
        .map_err(|_| Error::invalid("统一身份认证的回调地址不正确"))?;
    let sealed = key.seal_for(&config.client_secret, "account_identity_provider.secret:1")?;
    sqlx::query("DELETE FROM account_identity_provider WHERE id = 1")
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO account_identity_provider (id, issuer, client_id, client_secret_sealed, \
         redirect_url, post_logout_url, display_name, scopes, claim_name, claim_id_number, \
         claim_phone, claim_uscc, claim_enterprise_name, updated_at) \
         VALUES (1, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(&config.issuer)
    .bind(&config.client_id)
    .bind(sealed)
    .bind(&config.redirect_url)
    .bind(&config.post_logout_url)
    .bind(&config.display_name)
    .bind(&config.scopes)
    .bind(&config.claims.name)
    .bind(&config.claims.id_number)
    .bind(&config.claims.phone)
    .bind(&config.claims.uscc)
    .bind(&config.claims.enterprise_name)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The installation's provider, if it has one and it is switched on (the login offers it).
pub async fn configured(db: &Db, key: &DataKey) -> Result<Option<ProviderConfig>> {
    provider(db, key, true).await
}

/// The installation's provider, on or off (for its settings page).
pub async fn configured_any(db: &Db, key: &DataKey) -> Result<Option<ProviderConfig>> {
    provider(db, key, false).await
}

async fn provider(db: &Db, key: &DataKey, only_on: bool) -> Result<Option<ProviderConfig>> {
    let Some(row) = sqlx::query("SELECT * FROM account_identity_provider WHERE id = 1")
        .fetch_optional(&db.pool)
        .await?
    else {
        return Ok(None);
    };
    if only_on && row.try_get::<i64, _>("enabled")? == 0 {
        return Ok(None);
    }
    let sealed: Vec<u8> = row.try_get("client_secret_sealed")?;
    Ok(Some(ProviderConfig {
        issuer: row.try_get("issuer")?,
        client_id: row.try_get("client_id")?,
        client_secret: key.open_for(&sealed, "account_identity_provider.secret:1")?,
        redirect_url: row.try_get("redirect_url")?,
        post_logout_url: row.try_get("post_logout_url")?,
        display_name: row.try_get("display_name")?,
        scopes: row.try_get("scopes")?,
        claims: ClaimNames {
            name: row.try_get("claim_name")?,
            id_number: row.try_get("claim_id_number")?,
            phone: row.try_get("claim_phone")?,
            uscc: row.try_get("claim_uscc")?,
            enterprise_name: row.try_get("claim_enterprise_name")?,
        },
    }))
}

/// The HTTP client of the back channel: no redirects followed (the library's advice).
pub fn http_client() -> Result<openidconnect::reqwest::Client> {
    openidconnect::reqwest::ClientBuilder::new()
        .redirect(openidconnect::reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(15))
        .build()
        .map_err(|e| Error::invalid(format!("无法创建统一身份认证的网络客户端：{e}")))
}

fn unreachable_provider(detail: impl std::fmt::Display) -> Error {
    tracing::warn!(%detail, "unified identity provider");
    Error::invalid("暂时无法连接统一身份认证平台，请稍后再试或使用本站账号登录")
}

async fn discover(
    config: &ProviderConfig,
    http: &openidconnect::reqwest::Client,
) -> Result<ProviderMetadataWithLogout> {
    let issuer = IssuerUrl::new(config.issuer.clone())
        .map_err(|_| Error::invalid("统一身份认证的签发者地址不正确"))?;
    ProviderMetadataWithLogout::discover_async(issuer, http)
        .await
        .map_err(unreachable_provider)
}

/// The client made from discovery (authorization endpoint set; token and user-info
/// endpoints as the provider published them).
type DiscoveredClient = openidconnect::Client<
    openidconnect::EmptyAdditionalClaims,
    openidconnect::core::CoreAuthDisplay,
    openidconnect::core::CoreGenderClaim,
    openidconnect::core::CoreJweContentEncryptionAlgorithm,
    openidconnect::core::CoreJsonWebKey,
    openidconnect::core::CoreAuthPrompt,
    openidconnect::StandardErrorResponse<openidconnect::core::CoreErrorResponseType>,
    openidconnect::core::CoreTokenResponse,
    openidconnect::core::CoreTokenIntrospectionResponse,
    openidconnect::core::CoreRevocableToken,
    openidconnect::core::CoreRevocationErrorResponse,
    openidconnect::EndpointSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointMaybeSet,
    openidconnect::EndpointMaybeSet,
>;

fn client_of(
    config: &ProviderConfig,
    metadata: ProviderMetadataWithLogout,
) -> Result<DiscoveredClient> {
    let redirect = RedirectUrl::new(config.redirect_url.clone())
        .map_err(|_| Error::invalid("统一身份认证的回调地址不正确"))?;
    Ok(CoreClient::from_provider_metadata(
        metadata,
        ClientId::new(config.client_id.clone()),
        Some(ClientSecret::new(config.client_secret.clone())),
    )
    .set_redirect_uri(redirect))
}

fn digest(text: &str) -> String {
    use sm3::Digest as _;
    hex::encode(sm3::Sm3::digest(text.as_bytes()))
}

/// A login begun: where to send the browser, and the value of the cookie that binds the
/// state to this browser.
#[derive(Debug, Clone)]
pub struct Begun {
    pub authorize_url: String,
    pub browser_token: String,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct FlowSecrets {
    nonce: String,
    verifier: String,
}

/// Starts a login: discovery, a PKCE pair, state and nonce; the flow stored.
pub async fn begin(
    db: &Db,
    key: &DataKey,
    http: &openidconnect::reqwest::Client,
    config: &ProviderConfig,
    now: i64,
) -> Result<Begun> {
    let metadata = discover(config, http).await?;
    let client = client_of(config, metadata)?;
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let mut request = client
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .set_pkce_challenge(challenge);
    for scope in config.scopes.split_whitespace().filter(|s| *s != "openid") {
        request = request.add_scope(Scope::new(scope.to_owned()));
    }
    let (url, state, nonce) = request.url();
    let browser_token = platform::auth::session::random_token();
    let secrets = serde_json::to_string(&FlowSecrets {
        nonce: nonce.secret().clone(),
        verifier: verifier.secret().clone(),
    })
    .map_err(|e| Error::invalid(e.to_string()))?;
    let state_hash = digest(state.secret());
    let sealed = key.seal_for(&secrets, &format!("account_oidc_flows:{state_hash}"))?;
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM account_oidc_flows WHERE expires_at < $1")
        .bind(now)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO account_oidc_flows (state_hash, browser_hash, secrets_sealed, expires_at) \
         VALUES ($1, $2, $3, $4)",
    )
    .bind(&state_hash)
    .bind(digest(&browser_token))
    .bind(sealed)
    .bind(now + FLOW_MINUTES * 60_000)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Begun {
        authorize_url: url.to_string(),
        browser_token,
    })
}

/// Who the provider says logged in, with the claims the installation names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub subject: String,
    pub name: Option<String>,
    pub id_number: Option<String>,
    pub phone: Option<String>,
    pub uscc: Option<String>,
    pub enterprise_name: Option<String>,
    /// The ID token as received (for the provider's logout).
    pub id_token: String,
}

const STATE_REFUSED: &str = "登录请求无效或已使用（state 不匹配），请重新登录";

/// Spends the flow of `state` (deleted whatever follows: a state answers once) and checks
/// that the same browser began it and that it is not expired.
async fn take_flow(
    db: &Db,
    key: &DataKey,
    state: &str,
    browser_token: Option<&str>,
    now: i64,
) -> Result<FlowSecrets> {
    let state_hash = digest(state);
    let row = sqlx::query(
        "DELETE FROM account_oidc_flows WHERE state_hash = $1 \
         RETURNING browser_hash, secrets_sealed, expires_at",
    )
    .bind(&state_hash)
    .fetch_optional(&db.pool)
    .await?;
    let Some(row) = row else {
        return Err(Error::invalid(STATE_REFUSED));
    };
    let browser_hash: String = row.try_get("browser_hash")?;
    if browser_token.map(digest).as_deref() != Some(browser_hash.as_str()) {
        return Err(Error::invalid(STATE_REFUSED));
    }
    let expires_at: i64 = row.try_get("expires_at")?;
    if expires_at < now {
        return Err(Error::invalid("登录请求已过期，请重新登录"));
    }
    let sealed: Vec<u8> = row.try_get("secrets_sealed")?;
    let clear = key.open_for(&sealed, &format!("account_oidc_flows:{state_hash}"))?;
    serde_json::from_str(&clear).map_err(|e| Error::invalid(e.to_string()))
}

/// The callback: the state spent, the code exchanged with the PKCE verifier, the ID token
/// verified (signature against the provider's keys, issuer, audience, expiry, nonce), and
/// the claims read from the user-info endpoint for the same subject.
pub async fn finish(
    db: &Db,
    key: &DataKey,
    http: &openidconnect::reqwest::Client,
    config: &ProviderConfig,
    (state, code, browser_token): (&str, &str, Option<&str>),
    now: i64,
) -> Result<Identity> {
    let secrets = take_flow(db, key, state, browser_token, now).await?;
    let metadata = discover(config, http).await?;
    let userinfo_url = metadata.userinfo_endpoint().map(|u| u.url().clone());
    let client = client_of(config, metadata)?;
    let token = client
        .exchange_code(AuthorizationCode::new(code.to_owned()))
        .map_err(unreachable_provider)?
        .set_pkce_verifier(PkceCodeVerifier::new(secrets.verifier))
        .request_async(http)
        .await
        .map_err(|e| {
            tracing::warn!(error = %e, "unified identity: token request refused");
            Error::invalid("统一身份认证平台拒绝了本次登录（授权码无效或已使用），请重新登录")
        })?;
    let id_token = token
        .id_token()
        .ok_or_else(|| Error::invalid("统一身份认证平台未返回身份令牌，登录失败"))?;
    let claims = id_token
        .claims(&client.id_token_verifier(), &Nonce::new(secrets.nonce))
        .map_err(|e| {
            tracing::warn!(error = %e, "unified identity: ID token refused");
            Error::invalid(format!(
                "身份令牌校验失败（签名、签发者、有效期或随机数不符）：{e}"
            ))
        })?;
    let subject = claims.subject().as_str().to_owned();
    let mut all = serde_json::Map::new();
    if let Some(url) = userinfo_url {
        all = user_info(http, url, token.access_token()).await?;
        let same = all.get("sub").and_then(|v| v.as_str()) == Some(subject.as_str());
        if !same {
            return Err(Error::invalid(
                "统一身份认证平台返回的用户信息与身份令牌不符",
            ));
        }
    }
    if let Some(name) = claims.name().and_then(|n| n.get(None)) {
        all.entry("name")
            .or_insert_with(|| serde_json::Value::String(name.as_str().to_owned()));
    }
    let claim = |name: &str| {
        all.get(name)
            .and_then(|v| v.as_str())
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    Ok(Identity {
        subject,
        name: claim(&config.claims.name),
        id_number: claim(&config.claims.id_number),
        phone: claim(&config.claims.phone),
        uscc: claim(&config.claims.uscc),
        enterprise_name: claim(&config.claims.enterprise_name),
        id_token: id_token.to_string(),
    })
}

async fn user_info(
    http: &openidconnect::reqwest::Client,
    url: openidconnect::url::Url,
    access_token: &AccessToken,
) -> Result<serde_json::Map<String, serde_json::Value>> {
    let answer = http
        .get(url)
        .bearer_auth(access_token.secret())
        .header("accept", "application/json")
        .send()
        .await
        .map_err(unreachable_provider)?;
    if !answer.status().is_success() {
        return Err(unreachable_provider(answer.status()));
    }
    let bytes = answer.bytes().await.map_err(unreachable_provider)?;
    serde_json::from_slice(&bytes).map_err(unreachable_provider)
}

/// Where to send the browser to end the provider's session too, if it has an end-session
/// endpoint.
pub async fn logout_url(
    http: &openidconnect::reqwest::Client,
    config: &ProviderConfig,
    id_token: &str,
) -> Result<Option<String>> {
    let metadata = discover(config, http).await?;
    let Some(end) = metadata.additional_metadata().end_session_endpoint.clone() else {
        return Ok(None);
    };
    let mut request =
        LogoutRequest::from(end).set_client_id(ClientId::new(config.client_id.clone()));
    if let Ok(token) = CoreIdToken::from_str(id_token) {
        request = request.set_id_token_hint(&token);
    }
    if let Ok(back) = PostLogoutRedirectUrl::new(config.post_logout_url.clone()) {
        request = request.set_post_logout_redirect_uri(back);
    }
    Ok(Some(request.http_get_url().to_string()))
}
