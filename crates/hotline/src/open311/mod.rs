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
mod read;

use calendar::Instant;
use platform::audit::AuditActor;
use platform::db::Db;
use platform::personal::{DataKey, PhoneNumber};
use platform::{Error, Result};

pub use keys::{CreatedKey, DEMO_KEY, KeyId, create_key, revoke, seed_demo_key, verify};
pub use map::{OpenStatus, Service, ServiceRequest};
pub use read::{
    DEFAULT_PAGE_SIZE, DEFAULT_WINDOW_DAYS, DESCRIPTION_MAX_CHARS, Filter, MAX_PAGE_SIZE, Page,
    request_by_id, requests_by_filter, requests_by_ids,
};

use crate::appeal::{Category, Channel, Origin};
use crate::usecase::{self, Appellant, NewAppeal};

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

/// A `yes`/`no` list attribute; absent or empty is no.
fn yes_or_no(input: &RequestInput, attribute: &str) -> Result<bool> {
    match input
        .attributes
        .iter()
        .find(|(code, _)| code == attribute)
        .map(|(_, value)| value.trim())
    {
        None | Some("") | Some("no") => Ok(false),
        Some("yes") => Ok(true),
        Some(other) => Err(Error::invalid(format!(
            "attribute[{attribute}] 应为 yes 或 no，而不是“{other}”"
        ))),
    }
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
    let is_private = yes_or_no(&input, map::PRIVATE_ATTRIBUTE)?;
    // HL-PRIVACY (issue 12 finding 12): published only when the client says the appellant
    // agreed; absent is no.
    let publish_consent = yes_or_no(&input, map::PUBLISH_ATTRIBUTE)?;
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
        publish_consent,
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
