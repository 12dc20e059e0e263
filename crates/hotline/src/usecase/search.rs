//! Issue 14 item 7: the order search and the hotline's stage queues. Every order, open or
//! concluded, is found by number, the appellant's phone (by its keyed index, never by
//! decrypting; HL-PRIVACY: for the hotline's own roles only, and each such search is audited),
//! words of the content or place, unit, status and date of registration. A unit's staff
//! search only the orders their unit handles.

use calendar::{Calendar, Instant, Light};
use platform::audit::{self, AuditActor, AuditEvent};
use platform::clocks::{self, ClockStatus};
use platform::db::Db;
use platform::db::filter::{Bind, Filter, like_escaped};
use platform::error::{Error, Result};
use platform::personal::{DataKey, PhoneNumber};
use platform::profile::RuleProfile;
use sqlx::Row as _;

use crate::UnitId;
use crate::order::Status;
use crate::store::CLOCK_SUBJECT;

/// What to look for; empty fields do not filter.
#[derive(Debug, Clone, Default)]
pub struct OrderQuery {
    /// The order number or its beginning.
    pub number: String,
    pub phone: Option<PhoneNumber>,
    /// Words of the content or the place.
    pub text: String,
    /// Orders this unit leads or assists in.
    pub unit: Option<UnitId>,
    pub status: Option<Status>,
    /// Registered on or after / before (instants).
    pub from: Option<Instant>,
    pub until: Option<Instant>,
}

/// Who searches: the hotline sees every order; a unit only the orders it handles, and
/// never by the appellant's phone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchScope {
    Hotline,
    Unit(UnitId),
}

/// One order found (no personal data).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundOrder {
    pub order_id: i64,
    pub number: String,
    /// `Channel::code`.
    pub channel: String,
    /// `Category::code`.
    pub category: String,
    pub content: String,
    pub location: String,
    pub status: Status,
    pub lead_unit: Option<String>,
    pub created_at: i64,
}

/// A page of the search: the orders, newest first, and how many match in all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundPage {
    pub orders: Vec<FoundOrder>,
    pub total: i64,
}

/// The orders matching `query` within `scope`, `limit` from `offset`. A search by phone is
/// refused to a unit's staff and recorded in the audit log (the phone masked) for the
/// hotline's roles.
pub async fn search_orders(
    db: &Db,
    key: &DataKey,
    actor: &AuditActor,
    scope: SearchScope,
    query: &OrderQuery,
    limit: i64,
    offset: i64,
) -> Result<FoundPage> {
    let mut filter = Filter::default();
    let number = query.number.trim();
    if !number.is_empty() {
        let prefix = format!("{}%", like_escaped(number));
        filter.add("a.number LIKE ? ESCAPE '\\'", vec![Bind::Text(prefix)]);
    }
    if let Some(phone) = &query.phone {
        if let SearchScope::Unit(_) = scope {
            // HL-PRIVACY: a unit (perhaps the accused) never learns who complained.
            return Err(Error::Refused("承办单位不能按诉求人电话查找工单".into()));
        }
        let lookup = key.lookup_hash(phone.as_str());
        filter.add("a.phone_lookup = ?", vec![Bind::Text(lookup)]);
    }
    let words = query.text.trim();
    if !words.is_empty() {
        let pattern = format!("%{}%", like_escaped(words));
        filter.add(
            "(a.content LIKE ? ESCAPE '\\' OR a.location LIKE ? ESCAPE '\\')",
            vec![Bind::Text(pattern.clone()), Bind::Text(pattern)],
        );
    }
    if let Some(status) = query.status {
        filter.add("o.status = ?", vec![Bind::Text(status.code().to_owned())]);
    }
    let scope_unit = match scope {
        SearchScope::Hotline => None,
        SearchScope::Unit(unit) => Some(unit),
    };
    for unit in [query.unit, scope_unit].into_iter().flatten() {
        filter.add(
            "(o.lead_unit_id = ? OR EXISTS (SELECT 1 FROM hotline_order_units ou \
             WHERE ou.order_id = o.id AND ou.unit_id = ?))",
            vec![Bind::Int(unit.0), Bind::Int(unit.0)],
        );
    }
    if let Some(from) = query.from {
        filter.add("a.created_at >= ?", vec![Bind::Int(from.millis())]);
    }
    if let Some(until) = query.until {
        filter.add("a.created_at < ?", vec![Bind::Int(until.millis())]);
    }
    let tables = "FROM hotline_orders o JOIN hotline_appeals a ON a.id = o.appeal_id \
                  LEFT JOIN units u ON u.id = o.lead_unit_id";
    let clause = filter.clause();
    let count_sql = format!("SELECT COUNT(*) AS n {tables} {clause}");
    let page_sql = format!(
        "SELECT o.id, a.number, a.channel, a.category, a.content, a.location, o.status, \
         u.name AS lead, a.created_at {tables} {clause} ORDER BY o.id DESC LIMIT {} OFFSET {}",
        limit.clamp(1, 200),
        offset.max(0)
    );
    let total: i64 = filter
        .bind(sqlx::query(sqlx::AssertSqlSafe(count_sql)))
        .fetch_one(&db.pool)
        .await?
        .try_get("n")?;
    let rows = filter
        .bind(sqlx::query(sqlx::AssertSqlSafe(page_sql)))
        .fetch_all(&db.pool)
        .await?;
    let orders = rows
        .iter()
        .map(|row| {
            let code: String = row.try_get("status")?;
            Ok(FoundOrder {
                order_id: row.try_get("id")?,
                number: row.try_get("number")?,
                channel: row.try_get("channel")?,
                category: row.try_get("category")?,
                content: row.try_get("content")?,
                location: row.try_get("location")?,
                status: Status::ALL
                    .into_iter()
                    .find(|s| s.code() == code)
                    .ok_or_else(|| crate::store::unreadable("order status", &code))?,
                lead_unit: row.try_get("lead")?,
                created_at: row.try_get("created_at")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    if let Some(phone) = &query.phone {
        // HL-PRIVACY: who looked for which caller (masked), and how many orders they found.
        let event = AuditEvent::new("hotline.search.phone", "hotline_orders", "").detail(format!(
            "按电话 {} 查找工单，找到 {total} 件",
            phone.masked()
        ));
        audit::record_alone(db, actor, event, platform::db::now_ms()).await?;
    }
    Ok(FoundPage { orders, total })
}

/// The hotline's own stages (issue 14 item 7): what the operator desk lists as queues.
pub const HOTLINE_QUEUES: [(&str, &[Status]); 5] = [
    ("待派单", &[Status::Registered, Status::Returned]),
    ("待回复", &[Status::ResultApproved]),
    ("待回访", &[Status::Replied]),
    (
        "待复核",
        &[
            Status::UnderReview,
            Status::AwaitingReviewForm,
            Status::FormUnderReview,
        ],
    ),
    ("待归档", &[Status::Closed]),
];

/// The light of an order: its most urgent open clock (red before yellow before green), and
/// that clock's due instant; `None` when no clock runs.
pub async fn order_light(
    db: &Db,
    order_id: i64,
    calendar: &Calendar,
    profile: &RuleProfile,
    now: Instant,
) -> Result<Option<(Light, Instant)>> {
    let rule = clocks::light_rule(profile);
    let open = clocks::by_subject(db, CLOCK_SUBJECT, &order_id.to_string())
        .await?
        .into_iter()
        .filter(|clock| clock.status.is_open() && clock.status != ClockStatus::Paused)
        .map(|clock| {
            (
                clock.clock.light(calendar, now, &rule),
                clock.clock.due(calendar).at,
            )
        });
    Ok(open.min_by_key(|(light, due)| (std::cmp::Reverse(light_rank(*light)), *due)))
}

fn light_rank(light: Light) -> u8 {
    match light {
        Light::Red => 2,
        Light::Yellow => 1,
        _ => 0,
    }
}
