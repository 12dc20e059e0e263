//! One gateway call (DATA-CALL, DATA-GRANT; 000 共享 §5(一), §12): the authorization code
//! (missing or unknown: 401; another resource's, suspended, revoked, terminated or expired:
//! 403; so is a code whose issuer's platform account is handing over, DATA-ACCOUNTS),
//! announced service-stopping maintenance of the resource or the platform under way (503,
//! DATA-MAINT, SEC-NOTICE), the grant's rate limit (429), the resource online and hosted, the
//! query planned against the grant ([`crate::gateway::plan`]: a field outside the grant is
//! refused naming it), the page read and written as JSON or CSV — and then, before anything is
//! answered, the call's row in the chained call log. If the row cannot be written, the call
//! answers 503 and no data (fail closed).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant as Timer;

use calendar::Instant;
use platform::db::Db;
use serde_json::{Map, Value, json};

use crate::calllog::{CallLog, CallRecord};
use crate::entry::ResourceKind;
use crate::gateway::{self, Format, Plan, Refusal};
use crate::maintenance::{is_under_way, local_minute};
use crate::store::{entries, grants, maintenance, rows};
use crate::{resource_key, split_resource_key};

/// The answer of a call, ready for HTTP.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallAnswer {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    /// The call log's sequence number of this call (absent when the log failed).
    pub logged_as: Option<i64>,
}

/// Calls per grant in the current second (in this process).
#[derive(Debug, Default)]
pub struct RateLimiter {
    windows: Mutex<HashMap<i64, (i64, i64)>>,
}

impl RateLimiter {
    /// Counts one call of `grant` at `now_ms`; false when its limit for this second is spent.
    pub fn admit(&self, grant: i64, limit: i64, now_ms: i64) -> bool {
        let second = now_ms.div_euclid(1000);
        let Ok(mut windows) = self.windows.lock() else {
            return false;
        };
        let window = windows.entry(grant).or_insert((second, 0));
        if window.0 != second {
            *window = (second, 0);
        }
        if window.1 >= limit {
            return false;
        }
        window.1 += 1;
        true
    }
}

/// DATA-MAINT, SEC-NOTICE: the announced service-stopping maintenance not yet over, read
/// from the database at most once a second (announcements come days ahead; a cancellation
/// is seen within the second).
#[derive(Debug, Default)]
pub struct Outages {
    /// When the windows were read (the caller's "now") and the windows.
    cached: Mutex<Option<(i64, Vec<Window>)>>,
}

/// One stopping window: the resource (entry, number) or the whole platform (`None`).
#[derive(Debug, Clone, Copy)]
struct Window {
    resource: Option<(i64, i64)>,
    starts_at: Instant,
    ends_at: Instant,
}

impl Outages {
    /// The window stopping `resource` at `now`, if any.
    async fn stopping(
        &self,
        db: &Db,
        resource: i64,
        now: Instant,
    ) -> platform::Result<Option<(Instant, Instant)>> {
        let fresh = self.cached.lock().ok().and_then(|cached| {
            cached
                .as_ref()
                .filter(|(at, _)| (now.millis() - at).abs() < 1000)
                .map(|(_, windows)| windows.clone())
        });
        let windows = match fresh {
            Some(windows) => windows,
            None => {
                let read: Vec<Window> = maintenance::outages(db, now)
                    .await?
                    .into_iter()
                    .map(|m| Window {
                        resource: m.announcement.resource,
                        starts_at: m.announcement.starts_at,
                        ends_at: m.announcement.ends_at,
                    })
                    .collect();
                if let Ok(mut cached) = self.cached.lock() {
                    *cached = Some((now.millis(), read.clone()));
                }
                read
            }
        };
        let (entry, number) = split_resource_key(resource);
        Ok(windows
            .iter()
            .filter(|w| w.resource.is_none_or(|r| r == (entry.0, number.0)))
            .find(|w| is_under_way(w.starts_at, w.ends_at, now))
            .map(|w| (w.starts_at, w.ends_at)))
    }
}

/// The gateway: the database, the call log's writer, the rate limiter and the outages.
#[derive(Debug, Clone)]
pub struct Gateway {
    pub db: Db,
    pub log: CallLog,
    pub limiter: std::sync::Arc<RateLimiter>,
    pub outages: std::sync::Arc<Outages>,
}

/// What a call asked for, as the log keeps it.
struct Asked {
    grant: Option<i64>,
    consumer: Option<i64>,
    fields: String,
    filter: String,
}

fn error_body(refusal: &Refusal) -> Vec<u8> {
    json!({ "error": { "code": refusal.code, "message": refusal.message } })
        .to_string()
        .into_bytes()
}

impl Gateway {
    pub fn new(db: Db) -> Gateway {
        let log = crate::calllog::call_log(db.clone());
        Gateway {
            db,
            log,
            limiter: std::sync::Arc::default(),
            outages: std::sync::Arc::default(),
        }
    }

    /// DATA-CALL: answers `GET /share/v1/{resource}` with `bearer` and the query `pairs` at
    /// `now`; every call, allowed or refused, is logged before it is answered.
    pub async fn call(
        &self,
        bearer: Option<&str>,
        resource: i64,
        pairs: &[(String, String)],
        now: Instant,
    ) -> CallAnswer {
        let timer = Timer::now();
        let mut asked = Asked {
            grant: None,
            consumer: None,
            fields: String::new(),
            filter: filter_text(pairs),
        };
        let outcome = self.answer(bearer, resource, pairs, now, &mut asked).await;
        let (status, content_type, body, rows, message) = match outcome {
            Ok((content_type, body, rows)) => (200, content_type, body, rows, String::new()),
            Err(refusal) => (
                refusal.status,
                "application/json; charset=utf-8",
                error_body(&refusal),
                0,
                refusal.message,
            ),
        };
        let record = CallRecord {
            at: now.millis(),
            grant: asked.grant,
            consumer: asked.consumer,
            resource,
            fields: asked.fields,
            filter: asked.filter,
            rows,
            bytes: i64::try_from(body.len()).unwrap_or(i64::MAX),
            status: i64::from(status),
            duration_us: i64::try_from(timer.elapsed().as_micros()).unwrap_or(i64::MAX),
            message,
        };
        match self.log.submit(record).await {
            Ok(seq) => CallAnswer {
                status,
                content_type,
                body,
                logged_as: Some(seq),
            },
            Err(error) => {
                tracing::error!(%error, resource, "call log write failed: call refused");
                let refusal = Refusal::new(
                    503,
                    "log_unavailable",
                    "调用日志暂不可写，本次调用未执行，请稍后重试",
                );
                CallAnswer {
                    status: 503,
                    content_type: "application/json; charset=utf-8",
                    body: error_body(&refusal),
                    logged_as: None,
                }
            }
        }
    }

    async fn answer(
        &self,
        bearer: Option<&str>,
        resource: i64,
        pairs: &[(String, String)],
        now: Instant,
        asked: &mut Asked,
    ) -> Result<(&'static str, Vec<u8>, i64), Refusal> {
        let unexpected = |_| Refusal::new(500, "unexpected", "系统内部错误");
        let Some(code) = bearer.map(str::trim).filter(|c| !c.is_empty()) else {
            return Err(Refusal::new(
                401,
                "missing_code",
                "请在 Authorization: Bearer 中提供授权码",
            ));
        };
        let Some(stored) = grants::by_code_hash(&self.db, &grants::code_hash(code))
            .await
            .map_err(unexpected)?
        else {
            return Err(Refusal::new(401, "invalid_code", "授权码无效"));
        };
        let grant = stored.grant;
        asked.grant = Some(grant.id.0);
        asked.consumer = Some(grant.consumer.0);
        // DATA-ACCOUNTS: the account that issued this code is handing over; suspended until
        // the handover is filed (then the code is void).
        if stored.code_held {
            return Err(Refusal::new(
                403,
                "account_handover",
                "生成该授权码的共享平台账号正在办理人员交接，交接备案前暂停使用（DATA-ACCOUNTS）",
            ));
        }
        if resource_key(grant.entry, grant.resource) != resource {
            return Err(Refusal::new(
                403,
                "foreign_resource",
                "该授权码不能调用此资源（DATA-CALL）",
            ));
        }
        grant
            .may_call(now)
            .map_err(|why| Refusal::new(403, "grant_not_active", format!("{why}（DATA-GRANT）")))?;
        // DATA-MAINT, SEC-NOTICE: announced maintenance that stops the service is under way
        // for this resource or the whole platform: refused (and logged) until it ends.
        if let Some((starts_at, ends_at)) = self
            .outages
            .stopping(&self.db, resource, now)
            .await
            .map_err(unexpected)?
        {
            return Err(Refusal::new(
                503,
                "maintenance",
                format!(
                    "该资源正在停机维护（{} 至 {}，已提前通知），维护期间暂停服务，请在维护结束后调用（DATA-MAINT）",
                    local_minute(starts_at),
                    local_minute(ends_at)
                ),
            ));
        }
        if !self
            .limiter
            .admit(grant.id.0, stored.rate_per_second, now.millis())
        {
            return Err(Refusal::new(
                429,
                "rate_limited",
                "调用过于频繁，超出本授权的频率限制",
            ));
        }
        let (entry_id, resource_no) = split_resource_key(resource);
        let entry = entries::get(&self.db, entry_id)
            .await
            .map_err(unexpected)?
            .entry;
        let hosted = entry.resource(resource_no).filter(|r| r.online);
        let Some(hosted) = hosted.filter(|_| entry.status.is_published()) else {
            return Err(Refusal::new(
                403,
                "resource_offline",
                "该资源已下线或目录已撤销",
            ));
        };
        if !matches!(hosted.kind, ResourceKind::Table { .. }) {
            return Err(Refusal::new(501, "not_hosted", "该资源不是平台托管的库表"));
        }
        let query = gateway::parse_query(pairs)?;
        if let Some(fields) = &query.fields {
            asked.fields = fields.join(",");
        }
        let plan = gateway::plan(&grant.fields, &entry.draft.fields, &query)?;
        asked.fields = plan
            .select
            .iter()
            .map(|(_, code)| code.as_str())
            .collect::<Vec<_>>()
            .join(",");
        let select: Vec<usize> = plan.select.iter().map(|(i, _)| *i).collect();
        let page = rows::page(
            &self.db,
            resource,
            &select,
            &plan.filters,
            plan.limit,
            plan.offset,
        )
        .await
        .map_err(unexpected)?;
        let count = i64::try_from(page.len()).unwrap_or(i64::MAX);
        Ok(render(&plan, &query, page, count))
    }
}

fn filter_text(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

fn render(
    plan: &Plan,
    query: &gateway::Query,
    page: Vec<Vec<Option<String>>>,
    count: i64,
) -> (&'static str, Vec<u8>, i64) {
    match plan.format {
        Format::Json => {
            let rows: Vec<Value> = page
                .into_iter()
                .map(|cells| {
                    let mut object = Map::new();
                    for ((_, code), cell) in plan.select.iter().zip(cells) {
                        object.insert(code.clone(), cell.map_or(Value::Null, Value::String));
                    }
                    Value::Object(object)
                })
                .collect();
            let body = json!({
                "page": query.page,
                "page_size": query.page_size,
                "count": count,
                "rows": rows,
            });
            (
                "application/json; charset=utf-8",
                body.to_string().into_bytes(),
                count,
            )
        }
        Format::Csv => {
            let mut text = plan
                .select
                .iter()
                .map(|(_, code)| gateway::csv_cell(code))
                .collect::<Vec<_>>()
                .join(",");
            text.push_str("\r\n");
            for cells in page {
                let line: Vec<String> = cells
                    .iter()
                    .map(|cell| gateway::csv_cell(cell.as_deref().unwrap_or("")))
                    .collect();
                text.push_str(&line.join(","));
                text.push_str("\r\n");
            }
            ("text/csv; charset=utf-8", text.into_bytes(), count)
        }
    }
}
