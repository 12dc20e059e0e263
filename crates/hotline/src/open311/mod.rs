//! Open311 GeoReport v2 over the hotline (issue 4): API keys ([`keys`]), the mapping of
//! categories and statuses ([`map`]), filing a service request as an appeal through
//! [`usecase::register_appeal`] (HL-REGISTER) and reading requests by id or by filter with
//! no personal data in any answer (HL-PRIVACY). `web/src/hotline/open311.rs` builds the
//! HTTP answers.
//!
//! An Open311 POST is an appeal of channel [`Channel::App`] (移动应用): Open311 clients are
//! third-party apps calling an API, not the district's own web form (which files `Web`).

pub mod keys;
pub mod map;

use calendar::Instant;
use platform::audit::AuditActor;
use platform::db::Db;
use platform::personal::{DataKey, PhoneNumber};
use platform::{Error, Result};
use sqlx::Row as _;

pub use keys::{CreatedKey, DEMO_KEY, KeyId, create_key, revoke, seed_demo_key, verify};
pub use map::{OpenStatus, Service, ServiceRequest};

use crate::appeal::{Category, Channel, Origin};
use crate::order::Status;
use crate::usecase::{self, Appellant, NewAppeal};

/// GET requests without dates covers the last 90 days (GeoReport v2's suggested default).
pub const DEFAULT_WINDOW_DAYS: i64 = 90;
/// At most this many requests in one answer (GeoReport v2's suggested maximum).
pub const MAX_REQUESTS: i64 = 1000;
const MILLIS_PER_DAY: i64 = 86_400_000;

/// A POST requests as the client sent it (form fields, not yet checked).
#[derive(Debug, Clone, Default)]
pub struct RequestInput {
    pub service_code: String,
    pub lat: String,
    pub long: String,
    pub address_string: String,
    pub description: String,
    pub first_name: String,
    pub last_name: String,
    pub phone: String,
    /// Accepted and discarded: the hotline contacts appellants by phone and stores no email.
    pub email: String,
    /// Accepted and discarded: attachments are not taken over the API.
    pub media_url: String,
    /// `attribute[code]` values.
    pub attributes: Vec<(String, String)>,
}

/// What the client is told once: the request id (the appeal number) and a notice that
/// carries the citizen's query code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreatedRequest {
    pub service_request_id: String,
    pub service_notice: String,
}

fn is_blank(text: &str) -> bool {
    text.trim().is_empty()
}

/// HL-REGISTER: checks the Open311 fields, registers the appeal (channel `App`, origin
/// local) and records the key that filed it and the coordinates. Missing service code,
/// description or location, an unknown service or a phone that does not parse is
/// `Invalid` with a Chinese message and nothing is stored.
pub async fn create_request(
    db: &Db,
    data_key: &DataKey,
    key_id: KeyId,
    input: RequestInput,
    ip: &str,
    now: Instant,
) -> Result<CreatedRequest> {
    if is_blank(&input.service_code) {
        return Err(Error::invalid("缺少 service_code（诉求类别）"));
    }
    let category = Category::parse(&input.service_code).map_err(Error::from)?;
    if is_blank(&input.description) {
        return Err(Error::invalid("缺少 description（诉求内容）"));
    }
    let has_point = !is_blank(&input.lat) || !is_blank(&input.long);
    if !has_point && is_blank(&input.address_string) {
        return Err(Error::invalid(
            "缺少诉求地点：请提供 lat 和 long，或 address_string",
        ));
    }
    let point = if has_point {
        Some((
            map::coordinate(&input.lat, "lat", 90.0)?,
            map::coordinate(&input.long, "long", 180.0)?,
        ))
    } else {
        None
    };
    let location = match (&point, input.address_string.trim()) {
        (_, address) if !address.is_empty() => address.to_owned(),
        (Some((lat, long)), _) => format!("坐标 {lat},{long}"),
        (None, _) => String::new(),
    };
    let is_private = match input
        .attributes
        .iter()
        .find(|(code, _)| code == map::PRIVATE_ATTRIBUTE)
        .map(|(_, value)| value.trim())
    {
        None | Some("") | Some("no") => false,
        Some("yes") => true,
        Some(other) => {
            return Err(Error::invalid(format!(
                "attribute[private] 应为 yes 或 no，而不是“{other}”"
            )));
        }
    };
    let phone = Some(input.phone.trim())
        .filter(|phone| !phone.is_empty())
        .map(PhoneNumber::parse)
        .transpose()?;
    let appellant = Appellant {
        name: map::person_name(&input.first_name, &input.last_name)?,
        phone,
        address: None,
        employer: None,
    };
    let new = NewAppeal {
        channel: Channel::App,
        category,
        origin: Origin::Local,
        content: input.description.clone(),
        location,
        is_private,
        confidential: false,
        province_due: None,
        appellant,
        ip: (!ip.is_empty()).then(|| ip.to_owned()),
    };
    let actor = AuditActor::anonymous(ip);
    let registration = usecase::register_appeal(db, data_key, &actor, new, now).await?;
    let (lat, long) = point.unzip();
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO open311_requests (appeal_id, key_id, lat, lon, created_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(registration.appeal_id.0)
    .bind(key_id.0)
    .bind(lat)
    .bind(long)
    .bind(now.millis())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    tracing::info!(order.id = %registration.appeal_id, open311_key.id = key_id.0, "open311 request filed");
    Ok(CreatedRequest {
        service_notice: format!(
            "诉求已登记，编号 {}，查询码 {}（请妥善保存，凭编号和查询码在门户查询办理进度）",
            registration.number, registration.query_code
        ),
        service_request_id: registration.number,
    })
}

/// The filters of GET requests (ignored when ids are given, as the spec says).
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub service_code: Option<Category>,
    pub status: Option<OpenStatus>,
    pub start: Option<Instant>,
    pub end: Option<Instant>,
}

impl Filter {
    /// The `[start, end]` window: the given bounds, else 90 days back from `end` (or `now`),
    /// or 90 days forward from a lone `start`.
    pub fn window(&self, now: Instant) -> (Instant, Instant) {
        let span = DEFAULT_WINDOW_DAYS * MILLIS_PER_DAY;
        match (self.start, self.end) {
            (Some(start), Some(end)) => (start, end),
            (Some(start), None) => (start, Instant::from_millis(start.millis() + span)),
            (None, Some(end)) => (Instant::from_millis(end.millis() - span), end),
            (None, None) => (Instant::from_millis(now.millis() - span), now),
        }
    }
}

/// Never selects a sealed column: the answer cannot carry the appellant (HL-PRIVACY).
const SELECT: &str = "SELECT a.number, a.category, a.content, a.location, a.created_at, \
     o.status, o.updated_at, u.name AS lead_name, r.lat, r.lon \
     FROM hotline_appeals a JOIN hotline_orders o ON o.id = a.id \
     LEFT JOIN units u ON u.id = o.lead_unit_id \
     LEFT JOIN open311_requests r ON r.appeal_id = a.id \
     WHERE a.is_private = 0";

fn placeholders(first: usize, count: usize) -> String {
    (first..first + count)
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn from_row(row: &sqlx::any::AnyRow) -> Result<ServiceRequest> {
    let status_code: String = row.try_get("status")?;
    let status = Status::ALL
        .into_iter()
        .find(|status| status.code() == status_code)
        .ok_or_else(|| crate::store::unreadable("order status", &status_code))?;
    let category_code: String = row.try_get("category")?;
    let category = Category::parse(&category_code)
        .map_err(|error| crate::store::unreadable("appeal category", error))?;
    Ok(ServiceRequest {
        service_request_id: row.try_get("number")?,
        status: map::open_status(status),
        status_notes: map::status_notes(status).to_owned(),
        service_name: category.label_zh().to_owned(),
        service_code: category.code().to_owned(),
        description: row.try_get("content")?,
        agency_responsible: row.try_get("lead_name")?,
        requested_datetime: Instant::from_millis(row.try_get("created_at")?),
        updated_datetime: Instant::from_millis(row.try_get("updated_at")?),
        address: row.try_get("location")?,
        lat: row.try_get("lat")?,
        long: row.try_get("lon")?,
    })
}

/// The public requests with these ids (appeal numbers), at most [`MAX_REQUESTS`]; unknown
/// and private ids are simply absent.
pub async fn requests_by_ids(db: &Db, ids: &[String]) -> Result<Vec<ServiceRequest>> {
    let ids: Vec<&str> = ids
        .iter()
        .map(|id| id.trim())
        .filter(|id| !id.is_empty())
        .take(usize::try_from(MAX_REQUESTS).unwrap_or(1000))
        .collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "{SELECT} AND a.number IN ({}) ORDER BY a.id DESC",
        placeholders(1, ids.len())
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for id in &ids {
        query = query.bind(*id);
    }
    let rows = query.fetch_all(&db.pool).await?;
    rows.iter().map(from_row).collect()
}

/// One public request by id (the appeal number).
pub async fn request_by_id(db: &Db, id: &str) -> Result<ServiceRequest> {
    requests_by_ids(db, &[id.to_owned()])
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| Error::not_found(format!("服务请求 {}", id.trim())))
}

/// The public requests in the filter's window (default the last 90 days), newest first,
/// at most [`MAX_REQUESTS`].
pub async fn requests_by_filter(
    db: &Db,
    filter: &Filter,
    now: Instant,
) -> Result<Vec<ServiceRequest>> {
    let (start, end) = filter.window(now);
    if end < start {
        return Err(Error::invalid("end_date 不能早于 start_date"));
    }
    let mut sql = format!("{SELECT} AND a.created_at >= $1 AND a.created_at <= $2");
    let mut next = 3;
    if filter.service_code.is_some() {
        sql.push_str(&format!(" AND a.category = ${next}"));
        next += 1;
    }
    let statuses: Vec<&str> = filter
        .status
        .map(|status| {
            status
                .order_statuses()
                .into_iter()
                .map(Status::code)
                .collect()
        })
        .unwrap_or_default();
    if !statuses.is_empty() {
        sql.push_str(&format!(
            " AND o.status IN ({})",
            placeholders(next, statuses.len())
        ));
        next += statuses.len();
    }
    sql.push_str(&format!(" ORDER BY a.id DESC LIMIT ${next}"));
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(start.millis())
        .bind(end.millis());
    if let Some(category) = filter.service_code {
        query = query.bind(category.code());
    }
    for status in statuses {
        query = query.bind(status);
    }
    let rows = query.bind(MAX_REQUESTS).fetch_all(&db.pool).await?;
    rows.iter().map(from_row).collect()
}
