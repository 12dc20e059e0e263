//! The published catalogue through the CKAN action API subset (issue 20 item 6; DATA-CATALOG,
//! DATA-CLASS), read-only and without a key, so that CKAN clients (ckanapi, the CKAN harvester,
//! DCAT tools) can list and read it: `GET` (or `POST` with a JSON or form body, as `ckanapi`
//! sends) `/api/3/action/package_list`, `package_show?id=`, `package_search?q=&rows=&start=`
//! and `organization_list`, in CKAN's envelope `{"help", "success", "result"}` and its error
//! shape `{"help", "success": false, "error": {"__type", "message" | field: [messages]}}`
//! (404 Not Found Error, 409 Validation Error, 400 for an unknown action). A package is a
//! published entry (an entry being changed or withdrawn stays listed until it is withdrawn);
//! draft, submitted, withdrawn and not-shared (filed) entries never appear; an organization is
//! a providing unit with a published entry. A resource's `url` is its gateway path, which
//! answers only with a grant's code (DATA-CALL). No write action exists.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::{Map, Value, json};
use sharing::entry::{ResourceKind, SharingClass};
use sharing::resource_key;
use sharing::store::entries::{self as store, StoredEntry};

use crate::AppState;

/// The most packages one `package_search` answers (CKAN's own default limit).
const MAX_ROWS: usize = 1000;

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/3/action/{action}", get(action_get).post(action_post))
}

fn help(action: &str) -> String {
    format!("/api/3/action/help_show?name={action}")
}

fn ok(action: &str, result: Value) -> Response {
    let body = json!({ "help": help(action), "success": true, "result": result });
    (StatusCode::OK, axum::Json(body)).into_response()
}

fn error(action: &str, status: StatusCode, error: Value) -> Response {
    let body = json!({ "help": help(action), "success": false, "error": error });
    (status, axum::Json(body)).into_response()
}

fn not_found(action: &str) -> Response {
    error(
        action,
        StatusCode::NOT_FOUND,
        json!({ "__type": "Not Found Error", "message": "未找到：该数据目录不存在或未发布" }),
    )
}

fn invalid(action: &str, field: &str, message: &str) -> Response {
    error(
        action,
        StatusCode::CONFLICT,
        json!({ "__type": "Validation Error", field: [message] }),
    )
}

async fn action_get(
    State(state): State<AppState>,
    Path(action): Path<String>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let params: Map<String, Value> = form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .map(|(k, v)| (k.into_owned(), Value::String(v.into_owned())))
        .collect();
    run(&state, &action, &headers, &params).await
}

async fn action_post(
    State(state): State<AppState>,
    Path(action): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    let params = if body.is_empty() {
        Map::new()
    } else if is_json {
        match serde_json::from_slice::<Value>(&body) {
            Ok(Value::Object(map)) => map,
            _ => {
                return error(
                    &action,
                    StatusCode::BAD_REQUEST,
                    json!({ "__type": "Bad request", "message": "请求体须为 JSON 对象" }),
                );
            }
        }
    } else {
        form_urlencoded::parse(&body)
            .map(|(k, v)| (k.into_owned(), Value::String(v.into_owned())))
            .collect()
    };
    run(&state, &action, &headers, &params).await
}

/// A parameter as text (CKAN clients send numbers as JSON numbers or strings).
fn text(params: &Map<String, Value>, key: &str) -> Option<String> {
    match params.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The published, shared entries, oldest first (CKAN lists by name).
async fn published(state: &AppState) -> platform::Result<Vec<StoredEntry>> {
    let mut entries = store::list(
        &state.platform.db,
        &["published", "changing", "withdrawal_applied"],
        None,
    )
    .await?;
    // DATA-CLASS: a not-shared entry is never in the open catalogue.
    entries.retain(|e| e.entry.draft.class.is_shared() && e.entry.status.is_published());
    entries.sort_by_key(|e| e.entry.id);
    Ok(entries)
}

fn package_name(stored: &StoredEntry) -> String {
    stored.number.to_lowercase()
}

/// The base URL of the gateway as the client reached this server.
fn origin(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .filter(|h| {
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        });
    let proto = match headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
    {
        Some("https") => "https",
        _ => "http",
    };
    host.map_or_else(String::new, |h| format!("{proto}://{h}"))
}

fn iso(millis: i64) -> String {
    chrono::DateTime::from_timestamp_millis(millis)
        .map(|at| at.naive_utc().format("%Y-%m-%dT%H:%M:%S%.6f").to_string())
        .unwrap_or_default()
}

fn organization(id: i64, units: &[(i64, String, bool)], code: &str) -> Value {
    json!({
        "id": format!("unit-{id}"),
        "name": code,
        "title": super::name_in(units, id),
        "type": "organization",
        "is_organization": true,
        "state": "active",
        "description": "",
    })
}

/// The CKAN package dict of a published entry.
fn package(
    stored: &StoredEntry,
    units: &[(i64, String, bool)],
    codes: &[(i64, String)],
    origin: &str,
) -> Value {
    let e = &stored.entry;
    let name = package_name(stored);
    let code = codes
        .iter()
        .find(|(id, _)| *id == e.provider.0)
        .map_or_else(|| format!("unit-{}", e.provider.0), |(_, c)| c.clone());
    let published = e.published_at.map_or(0, |at| at.millis());
    let fields: Vec<String> = e
        .draft
        .fields
        .iter()
        .map(|f| format!("{}（{}，{}）", f.label, f.code, f.kind.label_zh()))
        .collect();
    let mut extras = vec![
        json!({ "key": "sharing_class", "value": e.draft.class.label_zh() }),
        json!({ "key": "update_frequency", "value": e.draft.frequency }),
        json!({ "key": "catalogue_number", "value": stored.number }),
    ];
    if let SharingClass::Conditional { materials } = &e.draft.class {
        extras.push(json!({ "key": "conditions", "value": materials.join("；") }));
    }
    let resources: Vec<Value> = e
        .draft
        .resources
        .iter()
        .filter(|r| r.online)
        .enumerate()
        .map(|(position, r)| {
            let key = resource_key(e.id, r.id);
            let (format, description) = match &r.kind {
                ResourceKind::Table { frequency } => {
                    ("JSON", format!("库表，更新频率：{frequency}；凭授权码调用"))
                }
                ResourceKind::Api { method, .. } => {
                    ("API", format!("服务接口（{method}）；凭授权码调用"))
                }
                ResourceKind::Files { frequency, .. } => {
                    ("文件", format!("文件，更新频率：{frequency}"))
                }
            };
            json!({
                "id": key.to_string(),
                "package_id": name,
                "name": r.name,
                "description": description,
                "format": format,
                "url": format!("{origin}/share/v1/{key}"),
                "position": position,
                "state": "active",
                "created": iso(published),
            })
        })
        .collect();
    json!({
        "id": name,
        "name": name,
        "title": e.draft.name,
        "notes": format!("{}；数据字典：{}", e.draft.class.label_zh(), fields.join("、")),
        "type": "dataset",
        "state": "active",
        "private": false,
        "metadata_created": iso(published),
        "metadata_modified": iso(published),
        "owner_org": format!("unit-{}", e.provider.0),
        "organization": organization(e.provider.0, units, &code),
        "maintainer": super::name_in(units, e.provider.0),
        "num_resources": resources.len(),
        "resources": resources,
        "num_tags": 0,
        "tags": [],
        "groups": [],
        "extras": extras,
    })
}

/// Unit ids and codes.
async fn unit_codes(state: &AppState) -> platform::Result<Vec<(i64, String)>> {
    Ok(platform::units::list(&state.platform.db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.code))
        .collect())
}

fn matches(package: &Value, words: &[String]) -> bool {
    let hay = format!(
        "{} {} {} {}",
        package["title"].as_str().unwrap_or_default(),
        package["notes"].as_str().unwrap_or_default(),
        package["name"].as_str().unwrap_or_default(),
        package["organization"]["title"]
            .as_str()
            .unwrap_or_default()
    )
    .to_lowercase();
    words.iter().all(|w| hay.contains(w.as_str()))
}

async fn run(
    state: &AppState,
    action: &str,
    headers: &HeaderMap,
    params: &Map<String, Value>,
) -> Response {
    match answer(state, action, headers, params).await {
        Ok(response) => response,
        Err(e) => {
            tracing::error!(error = %e, action, "ckan action failed");
            error(
                action,
                StatusCode::INTERNAL_SERVER_ERROR,
                json!({ "__type": "Internal Server Error", "message": "内部错误" }),
            )
        }
    }
}

async fn answer(
    state: &AppState,
    action: &str,
    headers: &HeaderMap,
    params: &Map<String, Value>,
) -> platform::Result<Response> {
    if !matches!(
        action,
        "package_list" | "package_show" | "package_search" | "organization_list"
    ) {
        return Ok(error(
            action,
            StatusCode::BAD_REQUEST,
            json!({ "__type": "Bad request", "message": format!("Bad request - Action name not known: {action}") }),
        ));
    }
    let entries = published(state).await?;
    let units = super::unit_names(state).await.map_err(|e| e.0)?;
    let codes = unit_codes(state).await?;
    let origin = origin(headers);
    Ok(match action {
        "package_list" => ok(
            action,
            json!(entries.iter().map(package_name).collect::<Vec<_>>()),
        ),
        "organization_list" => {
            let mut providers: Vec<i64> = entries.iter().map(|e| e.entry.provider.0).collect();
            providers.sort_unstable();
            providers.dedup();
            let names: Vec<String> = providers
                .iter()
                .map(|id| {
                    codes
                        .iter()
                        .find(|(u, _)| u == id)
                        .map_or_else(|| format!("unit-{id}"), |(_, c)| c.clone())
                })
                .collect();
            ok(action, json!(names))
        }
        "package_show" => {
            let Some(id) = text(params, "id").filter(|id| !id.trim().is_empty()) else {
                return Ok(invalid(action, "id", "Missing value"));
            };
            let id = id.trim().to_lowercase();
            match entries.iter().find(|e| package_name(e) == id) {
                Some(found) => ok(action, package(found, &units, &codes, &origin)),
                None => not_found(action),
            }
        }
        _ => {
            // A parameter that is no integer names itself (CKAN's Validation Error).
            let number = |key: &'static str, default: usize| -> Result<usize, &'static str> {
                match text(params, key) {
                    None => Ok(default),
                    Some(t) => t.trim().parse::<usize>().map_err(|_| key),
                }
            };
            let (rows, start) = match (number("rows", 10), number("start", 0)) {
                (Ok(rows), Ok(start)) => (rows.min(MAX_ROWS), start),
                (Err(key), _) | (_, Err(key)) => {
                    return Ok(invalid(action, key, "Invalid integer"));
                }
            };
            let q = text(params, "q").unwrap_or_default();
            let words: Vec<String> = q
                .split_whitespace()
                .filter(|w| *w != "*:*")
                .map(str::to_lowercase)
                .collect();
            let hits: Vec<Value> = entries
                .iter()
                .map(|e| package(e, &units, &codes, &origin))
                .filter(|p| matches(p, &words))
                .collect();
            let count = hits.len();
            let page: Vec<Value> = hits.into_iter().skip(start).take(rows).collect();
            ok(
                action,
                json!({
                    "count": count,
                    "sort": "score desc, metadata_modified desc",
                    "facets": {},
                    "search_facets": {},
                    "results": page,
                }),
            )
        }
    })
}
