//! WEB-PERSONAL for a logged-in person (issue 23 item 3): `POST /account/subscriptions`
//! subscribes to a site column or ends the subscription — from the column's page or from
//! 我的空间 — and goes back there. The list is in the space; the new articles come as the
//! platform's messages (`accounts::inbox`). An anonymous visitor is sent to the login.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use platform::db::now_ms;
use serde::Deserialize;

use super::{current, to_login};
use crate::AppState;
use crate::error::PageError;
use crate::extract::{ClientIp, Form};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FollowForm {
    column: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    back: String,
}

/// `POST /account/subscriptions`: `action=add` subscribes, `action=remove` unsubscribes.
pub async fn change(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Form(form): Form<FollowForm>,
) -> Result<Response, PageError> {
    let Some((_, session)) = current(&state, &headers).await? else {
        return Ok(to_login());
    };
    let column = form
        .column
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| platform::Error::invalid("栏目编号不正确"))?;
    let db = &state.platform.db;
    let who = session.account_id;
    match form.action.as_str() {
        "add" => accounts::subscriptions::subscribe(db, who, column, &ip, now_ms()).await?,
        "remove" => accounts::subscriptions::unsubscribe(db, who, column, &ip, now_ms()).await?,
        _ => return Err(platform::Error::invalid("请选择订阅或取消订阅").into()),
    }
    // Back to where the form was: the column's page or the space (never a given address).
    let to = if form.back == "space" {
        "/account/space".to_owned()
    } else {
        format!("/columns/{column}")
    };
    Ok(Redirect::to(&to).into_response())
}
