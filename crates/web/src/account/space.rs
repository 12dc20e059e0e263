//! 我的空间 (issue 23 item 3, WEB-PERSONAL) and the rights over one's data (item 4): the
//! account's business with its status now, the claim of older business by number and query
//! code, one item (another account's item is the same 404 as an unknown one), the download
//! as a readable page and as JSON, and the deletion with the answer of what is kept.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE, SET_COOKIE};
use axum::response::{IntoResponse, Response};
use platform::db::now_ms;
use serde::Deserialize;

use super::{cookie_name, current, to_login};
use crate::AppState;
use crate::chrome::{Chrome, date_of};
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{ClientIp, Form, Id};

/// An item's id in a path.
pub(crate) struct ItemNo(pub i64);
crate::extract::path_id!(ItemNo, "事项");

pub struct Line {
    id: i64,
    kind: &'static str,
    number: String,
    status: String,
    summary: String,
    how: &'static str,
    linked: String,
}

fn line(view: &accounts::space::ItemView) -> Line {
    let how = if view.item.how == "filed" {
        accounts::model::How::Filed.label_zh()
    } else {
        accounts::model::How::Claimed.label_zh()
    };
    Line {
        id: view.item.id,
        kind: view.item.kind.label_zh(),
        number: view.item.number.clone(),
        status: view.status.clone(),
        summary: view.summary.clone(),
        how,
        linked: date_of(view.item.linked_at),
    }
}

pub struct KindOption {
    code: &'static str,
    label: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "account/space.html")]
pub struct SpacePage {
    chrome: Chrome,
    name: String,
    kind: &'static str,
    origin: &'static str,
    phone: String,
    id_number: String,
    lines: Vec<Line>,
    kinds: Vec<KindOption>,
    enterprises: Vec<String>,
    message: String,
    ok: bool,
    /// WEB-PERSONAL: the columns subscribed: (column id, "site · column", since).
    subscriptions: Vec<(i64, String, String)>,
    /// The ratings given: (kind, number, stars, comment).
    ratings: Vec<(&'static str, String, String, String)>,
    /// The platform's messages: (date, body, link, unread).
    notices: Vec<(String, String, String, bool)>,
    /// Issue 23 item 3: the materials on file of the person's cases: (id, material, file,
    /// case, accepted).
    materials: Vec<(i64, String, String, String, String)>,
    /// The e-licences of the person's concluded cases: (id, type, number, issuer, issued).
    licences: Vec<(i64, String, String, String, String)>,
}

async fn space_page(
    state: &AppState,
    csrf: &CsrfToken,
    account_id: i64,
    (message, ok): (String, bool),
) -> Result<Response, PageError> {
    let db = &state.platform.db;
    let key = &state.platform.key;
    let Some(account) = accounts::account::get(db, key, account_id).await? else {
        return Ok(to_login());
    };
    let lines = accounts::space::views(db, account_id)
        .await?
        .iter()
        .map(line)
        .collect();
    let enterprises = accounts::enterprise::enterprises_of(db, key, account_id)
        .await?
        .into_iter()
        .map(|e| e.display_name())
        .collect();
    let now = now_ms();
    accounts::inbox::refresh(db, account_id, now).await?;
    let notices = accounts::inbox::recent(db, account_id)
        .await?
        .into_iter()
        .map(|m| (date_of(m.created_at), m.body, m.link, !m.read))
        .collect();
    accounts::inbox::mark_read(db, account_id, now).await?;
    let subscriptions = accounts::subscriptions::list(db, account_id)
        .await?
        .into_iter()
        .map(|s| {
            (
                s.column_id,
                format!("{} · {}", s.site, s.column),
                date_of(s.since),
            )
        })
        .collect();
    let ratings = accounts::space::ratings(db, account_id)
        .await?
        .into_iter()
        .map(|r| {
            let level = usize::try_from(r.level.clamp(0, 5)).unwrap_or(0);
            let stars = format!("{}{}", "★".repeat(level), "☆".repeat(5 - level));
            (r.kind.label_zh(), r.number, stars, r.comment)
        })
        .collect();
    let materials = accounts::library::materials(db, account_id)
        .await?
        .into_iter()
        .map(|m| {
            let file = format!(
                "{}，{} KB",
                m.file_kind.to_uppercase(),
                (m.size + 1023) / 1024
            );
            (m.id, m.label, file, m.case_number, date_of(m.accepted_at))
        })
        .collect();
    let licences = accounts::library::licences(db, account_id)
        .await?
        .into_iter()
        .map(|l| {
            (
                l.id,
                l.licence_type,
                l.number,
                l.issuer,
                date_of(l.issued_at),
            )
        })
        .collect();
    Ok(SpacePage {
        chrome: Chrome::public(state, csrf).await?,
        name: account.display_name(),
        kind: account.kind.label_zh(),
        origin: account.origin.label_zh(),
        phone: account.masked_phone(),
        id_number: account.masked_id_number(),
        lines,
        kinds: accounts::ItemKind::ALL
            .into_iter()
            .map(|k| KindOption {
                code: k.code(),
                label: k.label_zh(),
            })
            .collect(),
        enterprises,
        message,
        ok,
        subscriptions,
        ratings,
        notices,
        materials,
        licences,
    }
    .into_response())
}

/// `GET /account/space`: 我的空间.
pub async fn home(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let Some((_, session)) = current(&state, &headers).await? else {
        return Ok(to_login());
    };
    space_page(&state, &csrf, session.account_id, (String::new(), false)).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimForm {
    kind: String,
    number: String,
    code: String,
}

/// `POST /account/space/claim`: an older business claimed with its number and query code.
pub async fn claim(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Form(form): Form<ClaimForm>,
) -> Result<Response, PageError> {
    let Some((_, session)) = current(&state, &headers).await? else {
        return Ok(to_login());
    };
    let Some(kind) = accounts::ItemKind::from_code(&form.kind) else {
        let message = ("请选择要认领的事项类型".to_owned(), false);
        return space_page(&state, &csrf, session.account_id, message).await;
    };
    let claimed = accounts::space::claim(
        &state.platform.db,
        &state.platform.key,
        session.account_id,
        (kind, &form.number, &form.code),
        &ip,
        now_ms(),
    )
    .await;
    let message = match claimed {
        Ok(_) => (
            format!(
                "已将{} {} 加入我的空间",
                kind.label_zh(),
                form.number.trim()
            ),
            true,
        ),
        Err(error) => (error.to_string(), false),
    };
    space_page(&state, &csrf, session.account_id, message).await
}

#[derive(Template, WebTemplate)]
#[template(path = "account/item.html")]
pub struct ItemPage {
    chrome: Chrome,
    line: Line,
}

/// `GET /account/space/items/{id}`: one item of the account's own; any other is 404.
pub async fn item(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    headers: HeaderMap,
    Id(ItemNo(id)): Id<ItemNo>,
) -> Result<Response, PageError> {
    let Some((_, session)) = current(&state, &headers).await? else {
        return Ok(to_login());
    };
    let view = accounts::space::item(&state.platform.db, session.account_id, id).await?;
    Ok(ItemPage {
        chrome: Chrome::public(&state, &csrf).await?,
        line: line(&view),
    }
    .into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "account/data.html")]
pub struct DataPage {
    chrome: Chrome,
    exported: String,
    fields: Vec<(&'static str, String)>,
    lines: Vec<Line>,
    audit: Vec<(String, String, String)>,
    erases: Vec<String>,
    keeps: Vec<String>,
}

/// `GET /account/data`: what the platform holds about the account, readable.
pub async fn data_page(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let Some((_, session)) = current(&state, &headers).await? else {
        return Ok(to_login());
    };
    let now = now_ms();
    let export = accounts::rights::export(
        &state.platform.db,
        &state.platform.key,
        session.account_id,
        &ip,
        now,
    )
    .await?;
    let a = &export.account;
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let fields = vec![
        ("账号编号", a.id.to_string()),
        ("账号类型", a.kind.label_zh().to_owned()),
        ("来源", a.origin.label_zh().to_owned()),
        ("姓名", text(&a.name)),
        ("手机号码", text(&a.phone)),
        ("身份证号码", text(&a.id_number)),
        ("统一社会信用代码", text(&a.uscc)),
        ("企业名称", text(&a.enterprise_name)),
        ("注册时间", date_of(a.created_at)),
    ];
    Ok(DataPage {
        chrome: Chrome::public(&state, &csrf).await?,
        exported: date_of(now),
        fields,
        lines: export.items.iter().map(line).collect(),
        audit: export
            .audit
            .iter()
            .map(|l| (date_of(l.at), l.action.clone(), l.detail.clone()))
            .collect(),
        erases: export.deletion_erases.clone(),
        keeps: export.deletion_keeps.clone(),
    }
    .into_response())
}

/// `GET /account/data.json`: the same, machine-readable, as a download.
pub async fn data_json(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let Some((_, session)) = current(&state, &headers).await? else {
        return Ok(to_login());
    };
    let export = accounts::rights::export(
        &state.platform.db,
        &state.platform.key,
        session.account_id,
        &ip,
        now_ms(),
    )
    .await?;
    let body = serde_json::to_string_pretty(&export)
        .map_err(|e| platform::Error::invalid(e.to_string()))?;
    Ok((
        [
            (CONTENT_TYPE, "application/json; charset=utf-8"),
            (CONTENT_DISPOSITION, "attachment; filename=\"my-data.json\""),
        ],
        body,
    )
        .into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "account/deleted.html")]
pub struct DeletedPage {
    chrome: Chrome,
    erased: Vec<String>,
    kept: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeleteForm {
    confirm: String,
}

/// `POST /account/delete`: the account deleted after the holder typed 注销; the answer says
/// what was erased and what is kept.
pub async fn delete(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Form(form): Form<DeleteForm>,
) -> Result<Response, PageError> {
    let Some((_, session)) = current(&state, &headers).await? else {
        return Ok(to_login());
    };
    if form.confirm.trim() != "注销" {
        let message = ("请在确认框中输入“注销”两字后再提交".to_owned(), false);
        return space_page(&state, &csrf, session.account_id, message).await;
    }
    let deletion =
        accounts::rights::delete(&state.platform.db, session.account_id, &ip, now_ms()).await?;
    let secure = state.platform.config.secure_cookies;
    let clear = crate::cookies::build(cookie_name(secure), "", secure, "Lax", Some(0));
    let mut response = DeletedPage {
        chrome: Chrome::public(&state, &csrf).await?,
        erased: deletion.erased,
        kept: deletion.kept,
    }
    .into_response();
    if let Ok(value) = axum::http::HeaderValue::from_str(&clear) {
        response.headers_mut().append(SET_COOKIE, value);
    }
    Ok(response)
}
