//! The unified identity provider's settings as the system administrator keeps them (issue 23
//! item 1; migration 0093): issuer, client id, client secret (sealed, never shown or sent
//! back: the page says only whether one is set, and an empty field keeps it), our callback
//! and logout addresses, the name the login page shows, the scopes, the claim names, and
//! whether the login offers it. Every field is checked before anything is written, each
//! problem in Chinese beside its field; a saved change is audited with what changed (the
//! secret only as "已更换"). The relying party reads the same row through
//! `oidc::configured`, which `oidc::configure` (the code path the tests and installations
//! used before the page) still writes, switched on.

use platform::audit::{self, AuditActor, AuditEvent};
use platform::db::Db;
use platform::personal::DataKey;
use platform::{Error, Result};
use sqlx::Row as _;

use crate::oidc::{self, ClaimNames, ProviderConfig};

/// What the page shows: the settings without the secret.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    pub issuer: String,
    pub client_id: String,
    /// A client secret is stored (it is never read out).
    pub secret_set: bool,
    pub redirect_url: String,
    pub post_logout_url: String,
    pub display_name: String,
    pub scopes: String,
    pub claims: ClaimNames,
    pub enabled: bool,
    /// When last saved (epoch ms); 0 when never.
    pub updated_at: i64,
}

/// The form as typed; `client_secret` empty keeps the stored one.
#[derive(Debug, Clone, Default)]
pub struct Submitted {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
    pub redirect_url: String,
    pub post_logout_url: String,
    pub display_name: String,
    pub scopes: String,
    pub claims: ClaimNames,
    pub enabled: bool,
}

/// One problem of the form: its field and what to do.
pub type Problem = (&'static str, String);

/// The stored settings, or `None` when the installation has no provider yet.
pub async fn settings(db: &Db) -> Result<Option<Settings>> {
    let Some(row) = sqlx::query("SELECT * FROM account_identity_provider WHERE id = 1")
        .fetch_optional(&db.pool)
        .await?
    else {
        return Ok(None);
    };
    let sealed: Vec<u8> = row.try_get("client_secret_sealed")?;
    Ok(Some(Settings {
        issuer: row.try_get("issuer")?,
        client_id: row.try_get("client_id")?,
        secret_set: !sealed.is_empty(),
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
        enabled: row.try_get::<i64, _>("enabled")? != 0,
        updated_at: row.try_get("updated_at")?,
    }))
}

/// An address of the provider or of ours: `https://`, or `http://` on this machine only
/// (a provider run locally for a test or a trial).
fn address(value: &str, field: &'static str, what: &str, problems: &mut Vec<Problem>) {
    let value = value.trim();
    let local = ["http://127.0.0.1", "http://localhost", "http://[::1]"]
        .iter()
        .any(|prefix| {
            value.strip_prefix(prefix).is_some_and(|rest| {
                rest.is_empty() || rest.starts_with(':') || rest.starts_with('/')
            })
        });
    if value.is_empty() {
        problems.push((field, format!("请填写{what}")));
    } else if value.len() > 300 {
        problems.push((field, format!("{what}不能超过 300 个字符")));
    } else if !(value.starts_with("https://") || local)
        || value.chars().any(char::is_whitespace)
        || url_host_missing(value)
    {
        problems.push((
            field,
            format!("{what}应为以 https:// 开头的完整网址（本机调试可用 http://127.0.0.1）"),
        ));
    }
}

fn url_host_missing(value: &str) -> bool {
    let rest = value.split_once("://").map_or("", |(_, rest)| rest);
    rest.split(['/', '?', '#'])
        .next()
        .unwrap_or_default()
        .is_empty()
}

/// A claim name: letters, digits, `_ - . :`, at most 64.
fn claim(value: &str, field: &'static str, what: &str, problems: &mut Vec<Problem>) {
    let value = value.trim();
    if value.is_empty() {
        problems.push((field, format!("请填写承载{what}的声明名称")));
    } else if value.len() > 64
        || !value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-.:".contains(c))
    {
        problems.push((
            field,
            format!("{what}的声明名称只能由字母、数字和 _ - . : 组成，不超过 64 个字符"),
        ));
    }
}

fn text(value: &str, field: &'static str, what: &str, max: usize, problems: &mut Vec<Problem>) {
    let value = value.trim();
    if value.is_empty() {
        problems.push((field, format!("请填写{what}")));
    } else if value.chars().count() > max {
        problems.push((field, format!("{what}不能超过 {max} 个字符")));
    } else if value.chars().any(char::is_control) {
        problems.push((field, format!("{what}不能包含控制字符")));
    }
}

/// Every problem of the form at once; empty when it may be saved. `secret_stored` says
/// whether an empty secret keeps one.
pub fn check(form: &Submitted, secret_stored: bool) -> Vec<Problem> {
    let mut problems = Vec::new();
    address(
        &form.issuer,
        "issuer",
        "签发者地址（issuer）",
        &mut problems,
    );
    if !form.client_id.trim().is_empty()
        && (form.client_id.trim().len() > 200
            || !form.client_id.trim().chars().all(|c| c.is_ascii_graphic()))
    {
        problems.push((
            "client_id",
            "客户端标识只能由英文字母、数字和符号组成，不超过 200 个字符".into(),
        ));
    } else if form.client_id.trim().is_empty() {
        problems.push(("client_id", "请填写客户端标识（client id）".into()));
    }
    let secret = form.client_secret.trim();
    if secret.is_empty() && !secret_stored {
        problems.push(("client_secret", "请填写客户端密钥".into()));
    } else if secret.len() > 500 || secret.chars().any(char::is_control) {
        problems.push(("client_secret", "客户端密钥不能超过 500 个字符".into()));
    }
    address(
        &form.redirect_url,
        "redirect_url",
        "回调地址",
        &mut problems,
    );
    if !form.redirect_url.trim().is_empty()
        && !form.redirect_url.trim().ends_with("/account/oidc/callback")
    {
        problems.push((
            "redirect_url",
            "回调地址应以 /account/oidc/callback 结尾".into(),
        ));
    }
    address(
        &form.post_logout_url,
        "post_logout_url",
        "退出后返回地址",
        &mut problems,
    );
    text(
        &form.display_name,
        "display_name",
        "登录页显示的名称",
        50,
        &mut problems,
    );
    if form.scopes.trim().len() > 200
        || !form
            .scopes
            .chars()
            .all(|c| c == ' ' || c.is_ascii_alphanumeric() || "_-.:".contains(c))
    {
        problems.push((
            "scopes",
            "申请范围以空格分隔，只能由字母、数字和 _ - . : 组成".into(),
        ));
    }
    let c = &form.claims;
    claim(&c.name, "claim_name", "姓名", &mut problems);
    claim(&c.id_number, "claim_id_number", "身份证号", &mut problems);
    claim(&c.phone, "claim_phone", "手机号码", &mut problems);
    claim(&c.uscc, "claim_uscc", "统一社会信用代码", &mut problems);
    claim(
        &c.enterprise_name,
        "claim_enterprise_name",
        "企业名称",
        &mut problems,
    );
    problems
}

/// What changed, for the audit row: field names, the secret only as replaced.
fn changes(before: Option<&Settings>, form: &Submitted) -> Vec<&'static str> {
    let Some(before) = before else {
        return vec!["新建"];
    };
    let mut out = Vec::new();
    let pairs: [(&'static str, &str, &str); 11] = [
        ("签发者地址", &before.issuer, &form.issuer),
        ("客户端标识", &before.client_id, &form.client_id),
        ("回调地址", &before.redirect_url, &form.redirect_url),
        (
            "退出后返回地址",
            &before.post_logout_url,
            &form.post_logout_url,
        ),
        ("显示名称", &before.display_name, &form.display_name),
        ("申请范围", &before.scopes, &form.scopes),
        ("姓名声明", &before.claims.name, &form.claims.name),
        (
            "身份证号声明",
            &before.claims.id_number,
            &form.claims.id_number,
        ),
        ("手机号码声明", &before.claims.phone, &form.claims.phone),
        ("信用代码声明", &before.claims.uscc, &form.claims.uscc),
        (
            "企业名称声明",
            &before.claims.enterprise_name,
            &form.claims.enterprise_name,
        ),
    ];
    for (label, old, new) in pairs {
        if old.trim() != new.trim() {
            out.push(label);
        }
    }
    if !form.client_secret.trim().is_empty() {
        out.push("客户端密钥已更换");
    }
    if before.enabled != form.enabled {
        out.push(if form.enabled { "启用" } else { "停用" });
    }
    out
}

/// Saves the form when every field passes (the problems otherwise, nothing written), through [`oidc::configure`], then the switch; audited with what changed.
pub async fn save(
    db: &Db,
    key: &DataKey,
    actor: &AuditActor,
    form: &Submitted,
    now: i64,
) -> Result<std::result::Result<(), Vec<Problem>>> {
    let before = settings(db).await?;
    let problems = check(form, before.as_ref().is_some_and(|b| b.secret_set));
    if !problems.is_empty() {
        // A refused form changes nothing, the audit log included (the role × route battery
        // holds every refusal to that); the saved change is the audited one.
        return Ok(Err(problems));
    }
    let secret = match form.client_secret.trim() {
        "" => {
            let Some(config) = oidc::configured_any(db, key).await? else {
                return Err(Error::invalid("请填写客户端密钥"));
            };
            config.client_secret
        }
        typed => typed.to_owned(),
    };
    let trimmed = |s: &str| s.trim().to_owned();
    let config = ProviderConfig {
        issuer: trimmed(&form.issuer),
        client_id: trimmed(&form.client_id),
        client_secret: secret,
        redirect_url: trimmed(&form.redirect_url),
        post_logout_url: trimmed(&form.post_logout_url),
        display_name: trimmed(&form.display_name),
        scopes: form.scopes.split_whitespace().collect::<Vec<_>>().join(" "),
        claims: ClaimNames {
            name: trimmed(&form.claims.name),
            id_number: trimmed(&form.claims.id_number),
            phone: trimmed(&form.claims.phone),
            uscc: trimmed(&form.claims.uscc),
            enterprise_name: trimmed(&form.claims.enterprise_name),
        },
    };
    let changed = changes(before.as_ref(), form);
    let mut tx = db.begin().await?;
    oidc::configure_in(&mut tx, key, &config, now).await?;
    sqlx::query("UPDATE account_identity_provider SET enabled = $1 WHERE id = 1")
        .bind(i64::from(form.enabled))
        .execute(&mut *tx)
        .await?;
    let detail = if changed.is_empty() {
        "保存统一身份认证配置（无变化）".to_owned()
    } else {
        format!("保存统一身份认证配置：{}", changed.join("、"))
    };
    let event = AuditEvent::new("account.provider", "account_identity_provider", 1).detail(detail);
    audit::record(&mut tx, actor, event, now).await?;
    tx.commit().await?;
    Ok(Ok(()))
}
