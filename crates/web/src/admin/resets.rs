//! 重置审批 (issue 12 finding 4, SEC-ACCOUNTS): the three administrators see the pending
//! resets of administrators' accounts; a second administrator — not the requester, not the
//! account itself — approves one (the use case decides who may) and is shown a password
//! reset's temporary password once, to hand to the holder in person; any of them may refuse.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use platform::db::now_ms;
use platform::users::resets::{self, Approved};

use crate::AppState;
use crate::chrome::{Chrome, minute_of};
use crate::csrf::CsrfToken;
use crate::error::{PageError, status_of};
use crate::extract::Id;
use crate::staff::Staff;

use super::ResetRequestId;

pub struct PendingLine {
    id: i64,
    username: String,
    display_name: String,
    factor: &'static str,
    requester_name: String,
    requested_at: String,
    /// Why this viewer cannot approve it, or `None` when they can.
    not_yours_to_approve: Option<&'static str>,
}

#[derive(Template, WebTemplate)]
#[template(path = "office/resets.html")]
pub struct ResetsPage {
    chrome: Chrome,
    pending: Vec<PendingLine>,
    notice: Option<String>,
    error: Option<String>,
}

async fn page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    notice: Option<String>,
    error: Option<String>,
) -> Result<ResetsPage, PageError> {
    let viewer = staff.actor.user_id;
    let pending = resets::pending(&state.platform.db)
        .await?
        .into_iter()
        .map(|r| PendingLine {
            id: r.id,
            not_yours_to_approve: if r.requested_by == viewer {
                Some("你提出的申请，须由另一位管理员批准")
            } else if r.user_id == viewer {
                Some("重置你本人账号的申请，须由另一位管理员批准")
            } else {
                None
            },
            username: r.username,
            display_name: r.display_name,
            factor: r.factor.label_zh(),
            requester_name: r.requester_name,
            requested_at: minute_of(r.requested_at),
        })
        .collect();
    Ok(ResetsPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        pending,
        notice,
        error,
    })
}

pub async fn list(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
) -> Result<ResetsPage, PageError> {
    page(&state, &csrf, &staff, None, None).await
}

/// Answers a decision with the page: the notice, or the refusal with its status.
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
            error @ (platform::Error::Refused(_)
            | platform::Error::Conflict(_)
            | platform::Error::NotFound(_)),
        ) => {
            let status = status_of(&error);
            let page = page(state, csrf, staff, None, Some(error.to_string())).await?;
            Ok((status, page).into_response())
        }
        Err(error) => Err(error.into()),
    }
}

pub async fn approve(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(ResetRequestId(id)): Id<ResetRequestId>,
) -> Result<Response, PageError> {
    let approved =
        resets::approve(&state.platform.db, (&staff.actor, &staff.ip), id, now_ms()).await;
    let result = approved.map(|Approved {
        username,
        factor,
        temporary_password,
    }| match temporary_password {
        Some(password) => format!(
            "已批准，{username} 的密码已重置。临时密码：{password}（只向你显示这一次，申请人看不到；请当面交给账号本人，其登录后须立即修改）"
        ),
        None => format!(
            "已批准，{username} 的{}已重置，账号本人下次登录时重新绑定",
            factor.label_zh()
        ),
    });
    respond(&state, &csrf, &staff, result).await
}

pub async fn refuse(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(ResetRequestId(id)): Id<ResetRequestId>,
) -> Result<Response, PageError> {
    let refused = resets::refuse(&state.platform.db, (&staff.actor, &staff.ip), id, now_ms()).await;
    let result = refused.map(|()| "已驳回该重置申请，账号未作任何更改".to_owned());
    respond(&state, &csrf, &staff, result).await
}
