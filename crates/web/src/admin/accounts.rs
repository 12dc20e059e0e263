//! Account administration (SEC-ACCOUNTS, SEC-ROLES): the system administrator opens accounts
//! (only with a recorded training, and for a hotline role a recorded confidentiality
//! agreement) and disables them, the security administrator assigns roles and resets
//! credentials — an administrator's account only with a second administrator's approval
//! (`resets`). A generated first password is shown once, on the page that answers the action.
//! An account's trainings and agreements are on its own page (`account`).

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use platform::access::{self, AccountOp};
use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::roles::Role;
use platform::users::records::{Agreement, Training};
use platform::users::resets::{self, Factor, Requested};
use platform::users::{NewAccount, Opening};
use serde::Deserialize;

use crate::AppState;
use crate::chrome::Chrome;
use crate::csrf::CsrfToken;
use crate::error::{PageError, status_of};
use crate::extract::{Form, Id};
use crate::staff::Staff;

use super::AccountId;

pub struct AccountLine {
    id: i64,
    username: String,
    display_name: String,
    unit_name: String,
    roles: String,
    role_codes: Vec<&'static str>,
    status: String,
    active: bool,
    /// SEC-ACCOUNTS as amended: how many trainings are recorded; for a hotline role, whether
    /// the confidentiality agreement is.
    n_trainings: i64,
    agreement_missing: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "office/accounts.html")]
pub struct AccountsPage {
    chrome: Chrome,
    accounts: Vec<AccountLine>,
    units: Vec<(i64, String)>,
    roles: Vec<(&'static str, &'static str)>,
    can_manage: bool,
    can_authorise: bool,
    n_pending_resets: usize,
    notice: Option<String>,
    error: Option<String>,
}

async fn page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    notice: Option<String>,
    error: Option<String>,
) -> Result<AccountsPage, PageError> {
    let now = now_ms();
    let files = platform::users::records::summaries(&state.platform.db).await?;
    let accounts = platform::users::list(&state.platform.db)
        .await?
        .into_iter()
        .map(|a| {
            let file = files.get(&a.id).copied().unwrap_or_default();
            let agreement_missing = !file.has_agreement
                && a.roles
                    .iter()
                    .any(|role| role.requires_confidentiality_agreement());
            let status = if !a.active {
                "已停用".to_owned()
            } else if a.login_delay_until.is_some_and(|until| until > now) {
                // Issue 12 finding 7: a delay that ends by itself, never a lock.
                "登录延迟中（连续失败）".to_owned()
            } else if a.must_change_password {
                "待首次登录".to_owned()
            } else {
                format!(
                    "正常{}",
                    if a.totp_enabled {
                        "（已绑定动态口令）"
                    } else {
                        ""
                    }
                )
            };
            AccountLine {
                id: a.id,
                username: a.username,
                display_name: a.display_name,
                unit_name: a.unit_name,
                roles: a
                    .roles
                    .iter()
                    .map(|r| r.label_zh())
                    .collect::<Vec<_>>()
                    .join("、"),
                role_codes: a.roles.iter().map(|r| r.code()).collect(),
                status,
                active: a.active,
                n_trainings: file.n_trainings,
                agreement_missing,
            }
        })
        .collect();
    let units = platform::units::list(&state.platform.db)
        .await?
        .into_iter()
        .map(|u| (u.id, format!("{}{}", "　".repeat(u.depth), u.name)))
        .collect();
    Ok(AccountsPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        accounts,
        units,
        roles: Role::ALL.iter().map(|r| (r.code(), r.label_zh())).collect(),
        can_manage: access::accounts(&staff.actor, AccountOp::Manage),
        can_authorise: access::accounts(&staff.actor, AccountOp::Authorise),
        n_pending_resets: resets::pending(&state.platform.db).await?.len(),
        notice,
        error,
    })
}

pub async fn list(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
) -> Result<AccountsPage, PageError> {
    page(&state, &csrf, &staff, None, None).await
}

/// Answers an administrative action with the page: the notice on success, or the error
/// (with its status) when the input was refused. Nothing is half-done: each action runs in
/// one transaction.
async fn respond(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    result: platform::Result<String>,
) -> Result<Response, PageError> {
    match result {
        Ok(notice) => Ok(page(state, csrf, staff, Some(notice), None)
            .await?
            .into_response()),
        Err(
            error @ (platform::Error::Invalid(_)
            | platform::Error::Conflict(_)
            | platform::Error::Refused(_)
            | platform::Error::NotFound(_)),
        ) => {
            let status = status_of(&error);
            Ok((
                status,
                page(state, csrf, staff, None, Some(error.to_string())).await?,
            )
                .into_response())
        }
        Err(error) => Err(error.into()),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateForm {
    username: String,
    display_name: String,
    unit_id: i64,
    role: String,
    /// SEC-ACCOUNTS as amended: the training taken before the account is opened.
    #[serde(default)]
    course: String,
    #[serde(default)]
    trained_on: String,
    #[serde(default)]
    trainer: String,
    /// The hotline roles' 保密协议 (empty for other roles).
    #[serde(default)]
    agreement_signed_on: String,
    #[serde(default)]
    agreement_ref: String,
}

pub async fn create(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(form): Form<CreateForm>,
) -> Result<Response, PageError> {
    let actor = AuditActor::staff(&staff.actor, &staff.ip);
    let result = async {
        let new = NewAccount {
            unit_id: form.unit_id,
            username: form.username.trim().to_owned(),
            display_name: form.display_name,
            roles: vec![Role::parse(&form.role)?],
        };
        // SEC-ACCOUNTS as amended: opened only with the training (and a hotline role's
        // agreement); `users::open` refuses otherwise and writes nothing.
        let opening = Opening {
            training: Training::parse(&form.course, &form.trained_on, &form.trainer)?,
            agreement: Agreement::parse_optional(&form.agreement_signed_on, &form.agreement_ref)?,
        };
        let username = new.username.clone();
        let now = now_ms();
        let (_, first_password) = state
            .platform
            .db
            .write(move |tx| {
                Box::pin(async move { platform::users::open(tx, &actor, new, &opening, now).await })
            })
            .await?;
        Ok(format!(
            "已开设账号 {username}，初始密码：{first_password}（仅显示一次，首次登录须修改）"
        ))
    }
    .await;
    respond(&state, &csrf, &staff, result).await
}

async fn set_active(
    state: &AppState,
    staff: &Staff,
    id: i64,
    active: bool,
) -> platform::Result<String> {
    if !active && id == staff.actor.user_id {
        return Err(platform::Error::invalid("不能停用自己的账号"));
    }
    let actor = AuditActor::staff(&staff.actor, &staff.ip);
    let now = now_ms();
    state
        .platform
        .db
        .write(move |tx| {
            Box::pin(async move { platform::users::set_active(tx, &actor, id, active, now).await })
        })
        .await?;
    Ok(if active {
        "账号已启用"
    } else {
        "账号已停用，其会话已结束"
    }
    .to_owned())
}

pub async fn disable(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(AccountId(id)): Id<AccountId>,
) -> Result<Response, PageError> {
    let result = set_active(&state, &staff, id, false).await;
    respond(&state, &csrf, &staff, result).await
}

pub async fn enable(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(AccountId(id)): Id<AccountId>,
) -> Result<Response, PageError> {
    let result = set_active(&state, &staff, id, true).await;
    respond(&state, &csrf, &staff, result).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleForm {
    role: String,
}

pub async fn set_roles(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(AccountId(id)): Id<AccountId>,
    Form(form): Form<RoleForm>,
) -> Result<Response, PageError> {
    let result = async {
        let role = Role::parse(&form.role)?;
        let actor = AuditActor::staff(&staff.actor, &staff.ip);
        let now = now_ms();
        state
            .platform
            .db
            .write(move |tx| {
                Box::pin(
                    async move { platform::users::set_roles(tx, &actor, id, &[role], now).await },
                )
            })
            .await?;
        Ok(format!("角色已改为{}，该账号须重新登录", role.label_zh()))
    }
    .await;
    respond(&state, &csrf, &staff, result).await
}

/// Issue 12 finding 4 (SEC-ACCOUNTS): a reset goes through `resets::request` — done at once
/// for an ordinary account, a request for a second administrator for an administrator's
/// (whose temporary password the requester never sees), and refused when the same person
/// would reset both factors of the account.
async fn request_reset(
    state: &AppState,
    staff: &Staff,
    id: i64,
    factor: Factor,
) -> platform::Result<String> {
    let requested = resets::request(
        &state.platform.db,
        (&staff.actor, &staff.ip),
        id,
        factor,
        now_ms(),
    )
    .await?;
    Ok(match requested {
        Requested::Applied {
            first_password: Some(password),
        } => format!(
            "密码已重置并解除登录延迟，新的初始密码：{password}（仅显示一次，登录后须修改）"
        ),
        Requested::Applied {
            first_password: None,
        } => "动态口令已重置，该账号下次登录时重新绑定".to_owned(),
        Requested::Pending { request_id } => format!(
            "这是管理员账号：已提交{}重置申请（#{request_id}），须由另一位管理员在“重置审批”中批准后生效；\
             {}",
            factor.label_zh(),
            match factor {
                Factor::Password => "临时密码只向批准人显示，由其当面交给账号本人",
                Factor::Totp => "批准后账号本人下次登录时重新绑定",
            }
        ),
    })
}

pub async fn reset_password(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(AccountId(id)): Id<AccountId>,
) -> Result<Response, PageError> {
    let result = request_reset(&state, &staff, id, Factor::Password).await;
    respond(&state, &csrf, &staff, result).await
}

pub async fn reset_totp(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(AccountId(id)): Id<AccountId>,
) -> Result<Response, PageError> {
    let result = request_reset(&state, &staff, id, Factor::Totp).await;
    respond(&state, &csrf, &staff, result).await
}
