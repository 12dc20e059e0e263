//! The extranet's addresses in the back office (NET-IPAM; 000 外网 §5(三)): the pools with
//! their utilisation and the form of a new one; a pool's page — each unit's share, the live
//! allocations by address (each tied to its access application, reclaimable), the internal
//! domain names and the form of a new one, the NetBox CSV export of its prefixes and of its
//! addresses; and the NetBox CSV import (one bad row refuses the whole file, named by its
//! line). The extranet administrators only; every write is an `extranet::usecase::ipam`.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Redirect, Response};
use extranet::ipam::Prefix;
use extranet::usecase::ipam::{self as usecase, Sheet};
use serde::Deserialize;

use super::{AllocationNo, PoolNo, acting, limited, name_in, refused, unit_names};
use crate::AppState;
use crate::chrome::Chrome;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{Form, Id, Query};
use crate::staff::{Judged, Staff};
use crate::upload::Multipart;

/// A pool on the list.
pub struct PoolLine {
    pub id: i64,
    pub name: String,
    pub prefix: String,
    pub family: &'static str,
    pub used: String,
    pub size: String,
    pub percent: String,
    /// The bar's width in per cent (at least a sliver when anything is used).
    pub bar: String,
    pub description: String,
}

fn line(pool: &extranet::store::ipam::Pool) -> PoolLine {
    let percent = pool.utilisation_percent();
    let bar = if pool.used > 0 { percent.max(0.5) } else { 0.0 };
    PoolLine {
        id: pool.id,
        name: pool.name.clone(),
        prefix: pool.prefix.to_string(),
        family: if pool.prefix.family == extranet::ipam::Family::V6 {
            "IPv6"
        } else {
            "IPv4"
        },
        used: pool.used.to_string(),
        size: pool.prefix.size().to_string(),
        percent: format!("{percent:.1}%"),
        bar: format!("{:.1}", bar.min(100.0)),
        description: pool.description.clone(),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "extranet/pools.html")]
pub struct ListPage {
    chrome: Chrome,
    pools: Vec<PoolLine>,
    form: PoolForm,
    error: Option<String>,
    imported: Option<usize>,
}

/// The new pool's form.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PoolForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    prefix: String,
    #[serde(default)]
    description: String,
}

/// `?imported=N` after an import.
#[derive(Debug, Default, Deserialize)]
pub struct Imported {
    #[serde(default)]
    imported: Option<usize>,
}

async fn list_page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    (form, error, imported): (PoolForm, Option<String>, Option<usize>),
) -> Result<ListPage, PageError> {
    let pools = usecase::pools(&state.platform.db).await?;
    Ok(ListPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        pools: pools.iter().map(line).collect(),
        form,
        error,
        imported,
    })
}

/// `GET /office/extranet/pools`: the pools and their utilisation.
pub async fn list(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Query(imported): Query<Imported>,
) -> Result<ListPage, PageError> {
    let seen = (PoolForm::default(), None, imported.imported);
    list_page(&state, &csrf, &staff, seen).await
}

/// `POST /office/extranet/pools`: a new pool, or the list again with the refusal (400).
pub async fn create(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(form): Form<PoolForm>,
) -> Result<Response, PageError> {
    let db = &state.platform.db;
    let outcome = match (
        limited(&form.name, "地址池名称", 100),
        limited(&form.description, "说明", 500),
    ) {
        (Ok(name), Ok(description)) => {
            let judged = Judged::load(&state, &staff).await?;
            let context = judged.context(&state);
            let acting = acting(&staff);
            usecase::create_pool(db, &context, &acting, &name, &form.prefix, &description).await
        }
        (Err(error), _) | (_, Err(error)) => Err(error),
    };
    match outcome {
        Ok(pool) => {
            Ok(Redirect::to(&format!("/office/extranet/pools/{}", pool.id)).into_response())
        }
        Err(error) if refused(&error) => {
            let seen = (form, Some(error.to_string()), None);
            let page = list_page(&state, &csrf, &staff, seen).await?;
            Ok((StatusCode::BAD_REQUEST, page).into_response())
        }
        Err(error) => Err(error.into()),
    }
}

/// An allocation on the pool's page.
pub struct AllocationLine {
    pub id: i64,
    pub prefix: String,
    pub unit: String,
    pub application: i64,
    pub status: &'static str,
    pub description: String,
    pub blocked: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "extranet/pool.html")]
pub struct PoolPage {
    chrome: Chrome,
    pool: PoolLine,
    /// Unit, allocations, addresses, cut-off allocations.
    shares: Vec<(String, i64, String, i64)>,
    allocations: Vec<AllocationLine>,
    /// The next page's start (the last address shown), when there may be more.
    next: Option<String>,
    names: Vec<(String, String)>,
    error: Option<String>,
    done: bool,
}

/// The pool page's query: `after` (the page's start) and `done`.
#[derive(Debug, Default, Deserialize)]
pub struct PoolQuery {
    #[serde(default)]
    after: Option<String>,
    #[serde(default)]
    done: Option<String>,
}

const PAGE: i64 = 200;

async fn pool_page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    id: i64,
    (after, error, done): (Option<u128>, Option<String>, bool),
) -> Result<PoolPage, PageError> {
    let view = usecase::pool_view(&state.platform.db, id, after, PAGE).await?;
    let units = unit_names(state).await?;
    let next = (view.allocations.len() == usize::try_from(PAGE).unwrap_or(usize::MAX))
        .then(|| view.allocations.last().map(|a| Prefix::key(a.prefix.start)))
        .flatten();
    Ok(PoolPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        pool: line(&view.pool),
        shares: view
            .shares
            .iter()
            .map(|s| {
                (
                    name_in(&units, s.unit.0),
                    s.allocations,
                    s.addresses.to_string(),
                    s.blocked,
                )
            })
            .collect(),
        allocations: view
            .allocations
            .into_iter()
            .map(|a| AllocationLine {
                id: a.id,
                prefix: a.prefix.to_string(),
                unit: name_in(&units, a.unit.0),
                application: a.application.0,
                status: a.status.label_zh(),
                description: a.description,
                blocked: a.blocked,
            })
            .collect(),
        next,
        names: view
            .names
            .into_iter()
            .map(|n| (n.name, n.address.address()))
            .collect(),
        error,
        done,
    })
}

/// `GET /office/extranet/pools/{id}`: the pool's shares, allocations and names.
pub async fn show(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(PoolNo(id)): Id<PoolNo>,
    Query(query): Query<PoolQuery>,
) -> Result<PoolPage, PageError> {
    let after = query.after.as_deref().and_then(Prefix::from_key);
    let seen = (after, None, query.done.is_some());
    pool_page(&state, &csrf, &staff, id, seen).await
}

/// `POST /office/extranet/allocations/{id}/reclaim`: the allocation is given back.
pub async fn reclaim(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(AllocationNo(id)): Id<AllocationNo>,
) -> Result<Response, PageError> {
    let db = &state.platform.db;
    let allocation = usecase::allocation(db, id).await?;
    let judged = Judged::load(&state, &staff).await?;
    let context = judged.context(&state);
    match usecase::reclaim(db, &context, &acting(&staff), id).await {
        Ok(()) => {
            let to = format!("/office/extranet/pools/{}?done=1", allocation.pool_id);
            Ok(Redirect::to(&to).into_response())
        }
        Err(error) if refused(&error) => {
            let seen = (None, Some(error.to_string()), false);
            let page = pool_page(&state, &csrf, &staff, allocation.pool_id, seen).await?;
            Ok((StatusCode::BAD_REQUEST, page).into_response())
        }
        Err(error) => Err(error.into()),
    }
}

/// The name form: the name, the address, the pool whose page sent it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NameForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    address: String,
    #[serde(default)]
    pool: String,
}

/// `POST /office/extranet/names`: an internal domain name for an allocated address.
pub async fn name(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(form): Form<NameForm>,
) -> Result<Response, PageError> {
    let db = &state.platform.db;
    let pool = crate::extract::parse_number(form.pool.trim())
        .ok_or_else(|| platform::Error::invalid("请从地址池页面设置域名"))?;
    usecase::pool(db, pool).await?;
    let judged = Judged::load(&state, &staff).await?;
    let context = judged.context(&state);
    match usecase::name_address(db, &context, &acting(&staff), &form.name, &form.address).await {
        Ok(_) => Ok(Redirect::to(&format!("/office/extranet/pools/{pool}?done=1")).into_response()),
        Err(error) if refused(&error) => {
            let seen = (None, Some(error.to_string()), false);
            let page = pool_page(&state, &csrf, &staff, pool, seen).await?;
            Ok((StatusCode::BAD_REQUEST, page).into_response())
        }
        Err(error) => Err(error.into()),
    }
}

/// The export's query: which NetBox file.
#[derive(Debug, Default, Deserialize)]
pub struct ExportQuery {
    #[serde(default)]
    sheet: Option<String>,
}

fn sheet_of(code: Option<&str>) -> platform::Result<Sheet> {
    match code {
        Some("prefixes") | None => Ok(Sheet::Prefixes),
        Some("addresses") => Ok(Sheet::Addresses),
        Some(_) => Err(platform::Error::invalid("请选择导出前缀或 IP 地址")),
    }
}

/// `GET /office/extranet/pools/{id}/export?sheet=prefixes|addresses`: NetBox CSV.
pub async fn export(
    State(state): State<AppState>,
    Id(PoolNo(id)): Id<PoolNo>,
    Query(query): Query<ExportQuery>,
) -> Result<Response, PageError> {
    let sheet = sheet_of(query.sheet.as_deref())?;
    let db = &state.platform.db;
    usecase::pool(db, id).await?;
    let text = usecase::export(db, id, sheet).await?;
    let file = match sheet {
        Sheet::Prefixes => format!("extranet-pool-{id}-prefixes.csv"),
        Sheet::Addresses => format!("extranet-pool-{id}-ip-addresses.csv"),
    };
    Ok((
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file}\""),
            ),
        ],
        text,
    )
        .into_response())
}

/// `POST /office/extranet/import` (multipart: `sheet`, `file`): a NetBox CSV of prefixes or
/// IP addresses; one bad row refuses the whole file with its line.
pub async fn import(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    multipart: Multipart,
) -> Result<Response, PageError> {
    let db = &state.platform.db;
    let outcome = async {
        let sheet = sheet_of(multipart.field("sheet"))?;
        let file = multipart
            .files_named("file")
            .next()
            .ok_or_else(|| platform::Error::invalid("请选择要导入的 CSV 文件"))?;
        let text = String::from_utf8(file.bytes.clone()).map_err(|_| {
            platform::Error::invalid("CSV 文件应为 UTF-8 编码（NetBox 导出的格式）")
        })?;
        let judged = Judged::load(&state, &staff).await?;
        let context = judged.context(&state);
        usecase::import(
            db,
            &context,
            &acting(&staff),
            sheet,
            text.trim_start_matches('\u{feff}'),
        )
        .await
    }
    .await;
    match outcome {
        Ok(rows) => {
            Ok(Redirect::to(&format!("/office/extranet/pools?imported={rows}")).into_response())
        }
        Err(error) if refused(&error) => {
            let seen = (PoolForm::default(), Some(error.to_string()), None);
            let page = list_page(&state, &csrf, &staff, seen).await?;
            Ok((StatusCode::BAD_REQUEST, page).into_response())
        }
        Err(error) => Err(error.into()),
    }
}
