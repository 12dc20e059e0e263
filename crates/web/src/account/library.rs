//! The downloads of 我的空间's materials on file and e-licences (issue 23 item 3;
//! SVC-NO-RESUBMIT, SVC-ELICENCE): `/account/space/materials/{id}` gives the file of a
//! material on file, opened from its seal; `/account/space/licences/{id}` the e-licence's
//! record as a document. Only the person's own (`accounts::library`): another account's id
//! is the same 404 as an unknown one, the attempt audited, and every download audited.

use askama::Template;
use axum::body::Body;
use axum::http::HeaderMap;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use platform::attachments::Kind;
use platform::db::now_ms;

use super::{current, to_login};
use crate::AppState;
use crate::chrome::date_of;
use crate::error::PageError;
use crate::extract::{ClientIp, Id};

/// A material on file's id in a path.
pub(crate) struct MaterialNo(pub i64);
crate::extract::path_id!(MaterialNo, "材料");

/// An e-licence's id in a path.
pub(crate) struct LicenceNo(pub i64);
crate::extract::path_id!(LicenceNo, "电子证照");

/// `GET /account/space/materials/{id}`: the file of one of the person's materials on file.
pub async fn material(
    axum::extract::State(state): axum::extract::State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Id(MaterialNo(id)): Id<MaterialNo>,
) -> Result<Response, PageError> {
    let Some((_, session)) = current(&state, &headers).await? else {
        return Ok(to_login());
    };
    let (db, key) = (&state.platform.db, &state.platform.key);
    let (found, content) =
        accounts::library::download_material(db, key, session.account_id, id, (&ip, now_ms()))
            .await?;
    let kind = Kind::from_code(&found.file_kind).unwrap_or(Kind::Pdf);
    let name = format!("{}.{}", found.label, kind.code());
    let encoded = utf8_percent_encode(&name, NON_ALPHANUMERIC).to_string();
    Ok((
        [
            (CONTENT_TYPE, kind.content_type().to_owned()),
            (
                CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"material.{}\"; filename*=UTF-8''{encoded}",
                    kind.code()
                ),
            ),
        ],
        Body::from(content),
    )
        .into_response())
}

#[derive(Template)]
#[template(path = "account/licence.html")]
struct LicenceDocument {
    licence: accounts::library::Licence,
    issued: String,
    valid_until: String,
    downloaded: String,
}

/// `GET /account/space/licences/{id}`: one of the person's e-licences as a document.
pub async fn licence(
    axum::extract::State(state): axum::extract::State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Id(LicenceNo(id)): Id<LicenceNo>,
) -> Result<Response, PageError> {
    let Some((_, session)) = current(&state, &headers).await? else {
        return Ok(to_login());
    };
    let now = now_ms();
    let licence =
        accounts::library::download_licence(&state.platform.db, session.account_id, id, (&ip, now))
            .await?;
    let document = LicenceDocument {
        issued: date_of(licence.issued_at),
        valid_until: licence
            .valid_until
            .map_or_else(|| "长期".to_owned(), date_of),
        downloaded: date_of(now),
        licence,
    };
    let body = document
        .render()
        .map_err(|e| platform::Error::from(anyhow::anyhow!("licence document: {e}")))?;
    let name = format!("licence-{}.html", document.licence.number);
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    Ok((
        [
            (CONTENT_TYPE, "text/html; charset=utf-8".to_owned()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{safe}\""),
            ),
        ],
        body,
    )
        .into_response())
}
