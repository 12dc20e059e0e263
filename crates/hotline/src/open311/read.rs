//! GET requests of Open311 (HL-PRIVACY, issue 12 findings 2 and 12): only appeals whose
//! appellant agreed to publication, never a complaint or report nor a private appeal, each
//! with its published text (personal data masked at registration,
//! [`crate::publication::redact`]) cut to [`DESCRIPTION_MAX_CHARS`], a page of at most
//! [`MAX_PAGE_SIZE`] at a time.

use calendar::Instant;
use platform::db::Db;
use platform::{Error, Result};
use sqlx::Row as _;

use super::map::{self, OpenStatus, ServiceRequest};
use crate::appeal::Category;
use crate::order::Status;

/// GET requests without dates covers the last 90 days (GeoReport v2's suggested default).
pub const DEFAULT_WINDOW_DAYS: i64 = 90;
/// Requests in one answer when the client names no `page_size`.
pub const DEFAULT_PAGE_SIZE: u32 = 50;
/// The most requests one answer carries, whatever `page_size` asks (issue 12 finding 2).
pub const MAX_PAGE_SIZE: u32 = 200;
/// The furthest page: a client that wants more narrows the dates.
const MAX_PAGE: u32 = 1000;
/// The most characters of a description one answer carries; a longer one is cut with "…"
/// (issue 12 finding 2).
pub const DESCRIPTION_MAX_CHARS: usize = 1000;
const MILLIS_PER_DAY: i64 = 86_400_000;

/// One page of an answer: `page_size` requests from the `page`-th on (both from 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub size: u32,
    pub number: u32,
}

impl Default for Page {
    fn default() -> Self {
        Self {
            size: DEFAULT_PAGE_SIZE,
            number: 1,
        }
    }
}

impl Page {
    /// `page_size` and `page` as the client wrote them: blank is the default; a size over
    /// [`MAX_PAGE_SIZE`] is that maximum; anything but a positive whole number is refused.
    pub fn parse(size: &str, number: &str) -> Result<Self> {
        let positive = |text: &str, field: &str| -> Result<Option<u32>> {
            let text = text.trim();
            if text.is_empty() {
                return Ok(None);
            }
            match text.parse::<u32>() {
                Ok(value) if value > 0 => Ok(Some(value)),
                _ => Err(Error::invalid(format!("{field} 应为正整数"))),
            }
        };
        let size = positive(size, "page_size")?.map_or(DEFAULT_PAGE_SIZE, |s| s.min(MAX_PAGE_SIZE));
        let number = positive(number, "page")?.unwrap_or(1);
        if number > MAX_PAGE {
            return Err(Error::invalid(format!(
                "page 不能超过 {MAX_PAGE}，请用 start_date 和 end_date 缩小范围"
            )));
        }
        Ok(Self { size, number })
    }

    fn offset(self) -> i64 {
        i64::from(self.number - 1) * i64::from(self.size)
    }
}

/// The filters of GET requests (ignored when ids are given, as the spec says).
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub service_code: Option<Category>,
    pub status: Option<OpenStatus>,
    pub start: Option<Instant>,
    pub end: Option<Instant>,
    pub page: Page,
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

/// HL-PRIVACY (issue 12 finding 12): selects the published text only, never the content as
/// filed nor a sealed column, of appeals that agreed, are not private and are no complaint.
const SELECT: &str = "SELECT a.number, a.category, a.published_content, a.published_location, \
     a.created_at, o.status, o.updated_at, u.name AS lead_name, r.lat, r.lon \
     FROM hotline_appeals a JOIN hotline_orders o ON o.id = a.id \
     LEFT JOIN units u ON u.id = o.lead_unit_id \
     LEFT JOIN open311_requests r ON r.appeal_id = a.id \
     WHERE a.publish_consent = 1 AND a.is_private = 0 AND a.category <> 'complaint_report' \
     AND a.published_content IS NOT NULL";

fn placeholders(first: usize, count: usize) -> String {
    (first..first + count)
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `text` of at most [`DESCRIPTION_MAX_CHARS`] characters, "…" ending a cut one.
fn bounded(text: String) -> String {
    if text.chars().nth(DESCRIPTION_MAX_CHARS).is_none() {
        return text;
    }
    let mut short: String = text.chars().take(DESCRIPTION_MAX_CHARS - 1).collect();
    short.push('…');
    short
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
    let location: Option<String> = row.try_get("published_location")?;
    Ok(ServiceRequest {
        service_request_id: row.try_get("number")?,
        status: map::open_status(status),
        status_notes: map::status_notes(status).to_owned(),
        service_name: category.label_zh().to_owned(),
        service_code: category.code().to_owned(),
        description: bounded(row.try_get("published_content")?),
        agency_responsible: row.try_get("lead_name")?,
        requested_datetime: Instant::from_millis(row.try_get("created_at")?),
        updated_datetime: Instant::from_millis(row.try_get("updated_at")?),
        address: location.unwrap_or_default(),
        lat: row.try_get("lat")?,
        long: row.try_get("lon")?,
    })
}

/// The published requests with these ids (appeal numbers), the first [`MAX_PAGE_SIZE`] ids
/// only; unknown and unpublished ids are simply absent.
pub async fn requests_by_ids(db: &Db, ids: &[String]) -> Result<Vec<ServiceRequest>> {
    let ids: Vec<&str> = ids
        .iter()
        .map(|id| id.trim())
        .filter(|id| !id.is_empty())
        .take(MAX_PAGE_SIZE as usize)
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

/// One published request by id (the appeal number); an unpublished one is not found, the
/// same as an unknown one.
pub async fn request_by_id(db: &Db, id: &str) -> Result<ServiceRequest> {
    requests_by_ids(db, &[id.to_owned()])
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| Error::not_found(format!("服务请求 {}", id.trim())))
}

/// The published requests in the filter's window (default the last 90 days), newest first,
/// one page of them.
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
    sql.push_str(&format!(
        " ORDER BY a.id DESC LIMIT ${next} OFFSET ${}",
        next + 1
    ));
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(start.millis())
        .bind(end.millis());
    if let Some(category) = filter.service_code {
        query = query.bind(category.code());
    }
    for status in statuses {
        query = query.bind(status);
    }
    let rows = query
        .bind(i64::from(filter.page.size))
        .bind(filter.page.offset())
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(from_row).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_fifty_by_default_two_hundred_at_most_and_positive() {
        /// page_size, page, and the (size, number) parsed or `None` when refused.
        type Case<'a> = (&'a str, &'a str, Option<(u32, u32)>);
        let cases: &[Case] = &[
            ("", "", Some((50, 1))),
            ("10", "3", Some((10, 3))),
            (" 200 ", "1", Some((200, 1))),
            ("5000", "", Some((200, 1))),
            ("0", "", None),
            ("-1", "", None),
            ("abc", "", None),
            ("", "0", None),
            ("", "1001", None),
        ];
        for (size, number, expected) in cases {
            let parsed = Page::parse(size, number).ok().map(|p| (p.size, p.number));
            assert_eq!(parsed, *expected, "page_size {size:?} page {number:?}");
        }
        assert_eq!(Page::parse("20", "3").unwrap().offset(), 40);
    }

    #[test]
    fn a_description_over_the_bound_is_cut_with_an_ellipsis() {
        let long = "路".repeat(DESCRIPTION_MAX_CHARS + 5);
        let cut = bounded(long);
        assert_eq!(cut.chars().count(), DESCRIPTION_MAX_CHARS);
        assert!(cut.ends_with('…'));
        let exact = "灯".repeat(DESCRIPTION_MAX_CHARS);
        assert_eq!(bounded(exact.clone()), exact);
    }
}
