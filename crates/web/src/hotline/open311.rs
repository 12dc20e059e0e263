//! Open311 GeoReport v2 at `/open311/v2/` (issue 4): services, service definitions, POST
//! requests with an `api_key`, GET requests by id and by filter, each in `.json` and `.xml`.
//! The only place that builds these answers; every answer is built from records that hold
//! no personal data (HL-PRIVACY): only appeals that agreed to publication and are no
//! complaint, their text masked, a page at a time (`page_size`, default 50, at most 200;
//! `page`), each GET rate-limited per client (issue 12 findings 2 and 12). Errors are
//! Open311's `[{code, description}]`.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use calendar::Instant;
use hotline::appeal::Category;
use hotline::open311::map::{self, Attribute, Service};
use hotline::open311::{self, Filter, OpenStatus, Page, RequestInput, ServiceRequest};
use platform::Error;
use platform::db::now_ms;

use crate::AppState;
use crate::csrf::decode_form;
use crate::error::status_of;
use crate::extract::ClientIp;

/// POST requests one client may make per minute.
const POSTS_PER_MINUTE: u32 = 30;
/// GET requests one client may make per minute (issue 12 finding 2): every answer is built
/// from the database, at most a page of [`open311::MAX_PAGE_SIZE`] requests.
const GETS_PER_MINUTE: u32 = 60;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/open311/v2/{file}", get(top_get).post(top_post))
        .route("/open311/v2/services/{file}", get(service_definition))
        .route("/open311/v2/requests/{file}", get(request_by_id))
}

/// The answer format, from the path's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Xml,
}

/// Splits `services.json` into `("services", Json)`; `None` for any other extension.
fn split_format(file: &str) -> Option<(&str, Format)> {
    let (stem, extension) = file.rsplit_once('.')?;
    let format = match extension {
        "json" => Format::Json,
        "xml" => Format::Xml,
        _ => return None,
    };
    (!stem.is_empty()).then_some((stem, format))
}

/// One value of an answer record.
#[derive(Debug, Clone)]
enum Field {
    Text(String),
    Bool(bool),
    Int(i64),
    Null,
    /// A nested list: JSON array; XML a wrapper element holding one `item` element each.
    List(&'static str, Vec<Record>),
}

type Record = Vec<(&'static str, Field)>;

fn text(value: impl Into<String>) -> Field {
    Field::Text(value.into())
}

fn optional(value: Option<String>) -> Field {
    value.map_or(Field::Null, Field::Text)
}

/// Escapes text for XML element content and attribute values; drops characters XML 1.0
/// does not allow (controls other than tab, newline and carriage return).
pub fn xml_escape(raw: &str) -> String {
    let mut escaped = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            '\t' | '\n' | '\r' => escaped.push(c),
            c if c.is_control() || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => escaped.push(c),
        }
    }
    escaped
}

fn json_of(record: &Record) -> serde_json::Value {
    let map = record
        .iter()
        .map(|(name, field)| {
            let value = match field {
                Field::Text(text) => serde_json::Value::String(text.clone()),
                Field::Bool(flag) => serde_json::Value::Bool(*flag),
                Field::Int(number) => serde_json::Value::from(*number),
                Field::Null => serde_json::Value::Null,
                Field::List(_, items) => {
                    serde_json::Value::Array(items.iter().map(json_of).collect())
                }
            };
            ((*name).to_owned(), value)
        })
        .collect();
    serde_json::Value::Object(map)
}

fn push_xml(out: &mut String, tag: &str, record: &Record) {
    out.push_str(&format!("<{tag}>"));
    for (name, field) in record {
        match field {
            Field::Text(text) => out.push_str(&format!("<{name}>{}</{name}>", xml_escape(text))),
            Field::Bool(flag) => out.push_str(&format!("<{name}>{flag}</{name}>")),
            Field::Int(number) => out.push_str(&format!("<{name}>{number}</{name}>")),
            Field::Null => out.push_str(&format!("<{name}></{name}>")),
            Field::List(item, items) => {
                out.push_str(&format!("<{name}>"));
                for nested in items {
                    push_xml(out, item, nested);
                }
                out.push_str(&format!("</{name}>"));
            }
        }
    }
    out.push_str(&format!("</{tag}>"));
}

const XML_DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

fn respond(format: Format, status: StatusCode, json: serde_json::Value, xml: String) -> Response {
    match format {
        Format::Json => (
            status,
            [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
            json.to_string(),
        )
            .into_response(),
        Format::Xml => (
            status,
            [(header::CONTENT_TYPE, "text/xml; charset=utf-8")],
            format!("{XML_DECLARATION}{xml}"),
        )
            .into_response(),
    }
}

/// A list answer: a JSON array, or `<root><item>…</item>…</root>`.
fn list(
    format: Format,
    status: StatusCode,
    root: &str,
    item: &str,
    records: &[Record],
) -> Response {
    let json = serde_json::Value::Array(records.iter().map(json_of).collect());
    let mut xml = format!("<{root}>");
    for record in records {
        push_xml(&mut xml, item, record);
    }
    xml.push_str(&format!("</{root}>"));
    respond(format, status, json, xml)
}

/// Open311's error answer: `[{code, description}]` / `<errors><error>…`.
fn open311_error(format: Format, status: StatusCode, description: impl Into<String>) -> Response {
    let record = vec![
        ("code", Field::Int(i64::from(status.as_u16()))),
        ("description", text(description)),
    ];
    list(format, status, "errors", "error", &[record])
}

/// A use-case error as an Open311 error; a 500 never says why (the cause goes to the log).
fn from_error(format: Format, error: &Error) -> Response {
    if let Error::Unexpected(cause) = error {
        tracing::error!(error = ?cause, "unexpected error");
    }
    open311_error(format, status_of(error), error.to_string())
}

fn unknown_resource() -> Response {
    open311_error(Format::Json, StatusCode::NOT_FOUND, "未找到该 Open311 资源")
}

fn service_record(service: &Service) -> Record {
    vec![
        ("service_code", text(service.service_code)),
        ("service_name", text(service.service_name)),
        ("description", text(service.description)),
        ("metadata", Field::Bool(service.metadata)),
        ("type", text(service.service_type)),
        ("keywords", text(service.keywords)),
        ("group", text(service.group)),
    ]
}

fn attribute_record(attribute: &Attribute) -> Record {
    let values = attribute
        .values
        .iter()
        .map(|value| vec![("key", text(value.key)), ("name", text(value.name))])
        .collect();
    vec![
        ("variable", Field::Bool(attribute.variable)),
        ("code", text(attribute.code)),
        ("datatype", text(attribute.datatype)),
        ("required", Field::Bool(attribute.required)),
        ("datatype_description", text(attribute.datatype_description)),
        ("order", Field::Int(i64::from(attribute.order))),
        ("description", text(attribute.description)),
        ("values", Field::List("value", values)),
    ]
}

/// The fields of a service request: nothing of the appellant exists to be put here.
fn request_record(request: &ServiceRequest) -> Record {
    vec![
        ("service_request_id", text(&request.service_request_id)),
        ("status", text(request.status.code())),
        ("status_notes", text(&request.status_notes)),
        ("service_name", text(&request.service_name)),
        ("service_code", text(&request.service_code)),
        ("description", text(&request.description)),
        (
            "agency_responsible",
            optional(request.agency_responsible.clone()),
        ),
        ("service_notice", Field::Null),
        (
            "requested_datetime",
            text(request.requested_datetime.to_rfc3339()),
        ),
        (
            "updated_datetime",
            text(request.updated_datetime.to_rfc3339()),
        ),
        ("expected_datetime", Field::Null),
        ("address", text(&request.address)),
        ("address_id", Field::Null),
        ("zipcode", Field::Null),
        ("lat", optional(request.lat.clone())),
        ("long", optional(request.long.clone())),
        ("media_url", Field::Null),
    ]
}

fn requests_answer(format: Format, requests: &[ServiceRequest]) -> Response {
    let records: Vec<Record> = requests.iter().map(request_record).collect();
    list(
        format,
        StatusCode::OK,
        "service_requests",
        "request",
        &records,
    )
}

fn pairs(raw: Option<&str>) -> Vec<(String, String)> {
    raw.map(|query| {
        form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect()
    })
    .unwrap_or_default()
}

fn value<'a>(pairs: &'a [(String, String)], name: &str) -> &'a str {
    pairs
        .iter()
        .find(|(key, _)| key == name)
        .map_or("", |(_, value)| value.as_str())
}

/// Whether `ip` may make one more GET (issue 12 finding 2); the 429 answer otherwise.
fn limit_get(state: &AppState, ip: &str, format: Format) -> Option<Response> {
    (!state.limiter.allow("open311-get", ip, GETS_PER_MINUTE)).then(|| {
        open311_error(
            format,
            StatusCode::TOO_MANY_REQUESTS,
            "查询过于频繁，请一分钟后再试",
        )
    })
}

/// `GET /open311/v2/services.{json,xml}` and `GET /open311/v2/requests.{json,xml}`.
async fn top_get(
    State(state): State<AppState>,
    Path(file): Path<String>,
    ClientIp(ip): ClientIp,
    RawQuery(query): RawQuery,
) -> Response {
    let format = split_format(&file).map_or(Format::Json, |(_, format)| format);
    if let Some(refused) = limit_get(&state, &ip, format) {
        return refused;
    }
    match split_format(&file) {
        Some(("services", format)) => {
            let records: Vec<Record> = map::services().iter().map(service_record).collect();
            list(format, StatusCode::OK, "services", "service", &records)
        }
        Some(("requests", format)) => {
            let pairs = pairs(query.as_deref());
            match find_requests(&state, &pairs).await {
                Ok(requests) => requests_answer(format, &requests),
                Err(error) => from_error(format, &error),
            }
        }
        _ => unknown_resource(),
    }
}

fn parse_date(text: &str, field: &str) -> platform::Result<Option<Instant>> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    Instant::parse_rfc3339(text).map(Some).map_err(|_| {
        Error::invalid(format!(
            "{field} 应为 W3C 日期时间，如 2025-03-03T09:00:00+08:00"
        ))
    })
}

async fn find_requests(
    state: &AppState,
    pairs: &[(String, String)],
) -> platform::Result<Vec<ServiceRequest>> {
    let db = &state.platform.db;
    let ids = value(pairs, "service_request_id");
    if !ids.trim().is_empty() {
        let ids: Vec<String> = ids.split(',').map(|id| id.trim().to_owned()).collect();
        return open311::requests_by_ids(db, &ids).await;
    }
    let service_code = value(pairs, "service_code");
    let status = value(pairs, "status");
    let filter = Filter {
        service_code: (!service_code.trim().is_empty())
            .then(|| Category::parse(service_code).map_err(Error::from))
            .transpose()?,
        status: (!status.trim().is_empty())
            .then(|| OpenStatus::parse(status))
            .transpose()?,
        start: parse_date(value(pairs, "start_date"), "start_date")?,
        end: parse_date(value(pairs, "end_date"), "end_date")?,
        page: Page::parse(value(pairs, "page_size"), value(pairs, "page"))?,
    };
    open311::requests_by_filter(db, &filter, Instant::from_millis(now_ms())).await
}

/// `GET /open311/v2/services/{code}.{json,xml}`: the service definition.
async fn service_definition(
    State(state): State<AppState>,
    Path(file): Path<String>,
    ClientIp(ip): ClientIp,
) -> Response {
    let Some((code, format)) = split_format(&file) else {
        return unknown_resource();
    };
    if let Some(refused) = limit_get(&state, &ip, format) {
        return refused;
    }
    let Ok(category) = Category::parse(code) else {
        return open311_error(format, StatusCode::NOT_FOUND, format!("未找到服务“{code}”"));
    };
    let (service, attributes) = map::service_definition(category);
    let record: Record = vec![
        ("service_code", text(service.service_code)),
        (
            "attributes",
            Field::List(
                "attribute",
                attributes.iter().map(attribute_record).collect(),
            ),
        ),
    ];
    let mut xml = String::new();
    push_xml(&mut xml, "service_definition", &record);
    respond(format, StatusCode::OK, json_of(&record), xml)
}

/// `GET /open311/v2/requests/{id}.{json,xml}`: one published request (id = the appeal
/// number), as a list of one, per the spec. It shows what the list shows and nothing a query
/// code protects (the reply, the history), so it has the GET bucket, not the lookups' one.
async fn request_by_id(
    State(state): State<AppState>,
    Path(file): Path<String>,
    ClientIp(ip): ClientIp,
) -> Response {
    let Some((id, format)) = split_format(&file) else {
        return unknown_resource();
    };
    if let Some(refused) = limit_get(&state, &ip, format) {
        return refused;
    }
    match open311::request_by_id(&state.platform.db, id).await {
        Ok(request) => requests_answer(format, &[request]),
        Err(error) => from_error(format, &error),
    }
}

fn request_input(pairs: &[(String, String)]) -> RequestInput {
    let attributes = pairs
        .iter()
        .filter_map(|(key, value)| {
            let code = key.strip_prefix("attribute[")?.strip_suffix(']')?;
            Some((code.to_owned(), value.clone()))
        })
        .collect();
    RequestInput {
        service_code: value(pairs, "service_code").to_owned(),
        lat: value(pairs, "lat").to_owned(),
        long: value(pairs, "long").to_owned(),
        address_string: value(pairs, "address_string").to_owned(),
        description: value(pairs, "description").to_owned(),
        first_name: value(pairs, "first_name").to_owned(),
        last_name: value(pairs, "last_name").to_owned(),
        phone: value(pairs, "phone").to_owned(),
        email: value(pairs, "email").to_owned(),
        media_url: value(pairs, "media_url").to_owned(),
        attributes,
    }
}

/// `POST /open311/v2/requests.{json,xml}` (form-encoded): rate-limited per IP, `api_key`
/// required (403), bad input 400; the appeal is committed before the id is returned.
async fn top_post(
    State(state): State<AppState>,
    Path(file): Path<String>,
    ClientIp(ip): ClientIp,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Response {
    let format = match split_format(&file) {
        Some(("requests", format)) => format,
        _ => return unknown_resource(),
    };
    if !state.limiter.allow("open311", &ip, POSTS_PER_MINUTE) {
        return open311_error(
            format,
            StatusCode::TOO_MANY_REQUESTS,
            "提交过于频繁，请一分钟后再试",
        );
    }
    let Some(mut pairs) = decode_form(&body) else {
        return open311_error(
            format,
            StatusCode::BAD_REQUEST,
            "请求内容应为 UTF-8 编码的表单（application/x-www-form-urlencoded）",
        );
    };
    pairs.extend(pairs_from_query(query.as_deref()));
    let platform = &state.platform;
    let key_id = match open311::verify(&platform.db, &platform.key, value(&pairs, "api_key")).await
    {
        Ok(Some(key_id)) => key_id,
        Ok(None) => {
            return open311_error(format, StatusCode::FORBIDDEN, "api_key 缺失或无效");
        }
        Err(error) => return from_error(format, &error),
    };
    let created = open311::create_request(
        &platform.db,
        &platform.key,
        key_id,
        request_input(&pairs),
        &ip,
        Instant::from_millis(now_ms()),
    )
    .await;
    match created {
        Ok(created) => {
            let record = vec![
                ("service_request_id", text(created.service_request_id)),
                ("service_notice", text(created.service_notice)),
                ("account_id", Field::Null),
            ];
            list(
                format,
                StatusCode::OK,
                "service_requests",
                "request",
                &[record],
            )
        }
        Err(error) => from_error(format, &error),
    }
}

/// Only `api_key` is taken from the query string (some clients put it there).
fn pairs_from_query(query: Option<&str>) -> Vec<(String, String)> {
    pairs(query)
        .into_iter()
        .filter(|(key, _)| key == "api_key")
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escape_escapes_markup_and_quotes_and_keeps_chinese() {
        assert_eq!(
            xml_escape("<script>&\"'</script> 路灯不亮"),
            "&lt;script&gt;&amp;&quot;&apos;&lt;/script&gt; 路灯不亮"
        );
        assert_eq!(xml_escape("a\u{0}b\u{1b}c\td"), "abc\td");
    }

    #[test]
    fn the_format_comes_from_the_extension_only() {
        assert_eq!(
            split_format("services.json"),
            Some(("services", Format::Json))
        );
        assert_eq!(
            split_format("GZ20250303000001.xml"),
            Some(("GZ20250303000001", Format::Xml))
        );
        assert_eq!(split_format("services.html"), None);
        assert_eq!(split_format("services"), None);
        assert_eq!(split_format(".json"), None);
    }
}
