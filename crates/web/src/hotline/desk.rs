//! 12345 in the back office: the operator's desk (register a call, see what waits for
//! dispatch and every open order) and a handling unit's queue with its lights.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use hotline::UnitId;
use hotline::appeal::{Category, Channel, Origin};
use hotline::order::UnitRole;
use hotline::usecase::{self, Appellant, NewAppeal};
use platform::audit::AuditActor;
use platform::db::now_ms;
use serde::Deserialize;

use crate::AppState;
use crate::chrome::Chrome;
use crate::chrome::minute_of;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::Form;
use crate::staff::Staff;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct CallForm {
    #[serde(default)]
    content: String,
    #[serde(default)]
    location: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    address: String,
    private: Option<String>,
    /// HL-PRIVACY (issue 12 finding 12): the caller agreed to publish the content without
    /// personal data; off unless the operator ticks it on the caller's word.
    publish: Option<String>,
    /// HL-PRIVACY: the appellant asks that the handling unit not contact them.
    confidential: Option<String>,
    /// HL-SUPERVISE: a provincial order's due time as the province set it
    /// (`YYYY-MM-DDTHH:MM`, local time); empty for the district's own appeals.
    #[serde(default)]
    province_due: String,
}

/// HL-SUPERVISE: a provincial order (省级派件) is registered with the province's due time.
fn province_due(text: &str) -> platform::Result<Option<calendar::Instant>> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let at = chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M").map_err(|_| {
        platform::Error::invalid("省级派件的到期时间格式不正确，应如 2026-12-08T18:00")
    })?;
    let minute = chrono::Timelike::hour(&at) * 60 + chrono::Timelike::minute(&at);
    Ok(Some(calendar::Instant::from_local(at.date(), minute)))
}

#[derive(Clone)]
pub struct OrderLine {
    id: i64,
    number: String,
    category: &'static str,
    location: String,
    status: &'static str,
    lead: String,
}

/// An order in one of the hotline's stage queues (issue 14 item 7).
pub struct StageLine {
    id: i64,
    number: String,
    registered: String,
    channel: &'static str,
    content: String,
    status: &'static str,
    /// The most urgent running clock: its light code and due minute.
    light: Option<(&'static str, String)>,
}

pub struct StageQueue {
    name: &'static str,
    lines: Vec<StageLine>,
}

#[derive(Template, WebTemplate)]
#[template(path = "office/hotline_desk.html")]
pub struct DeskPage {
    chrome: Chrome,
    categories: Vec<(&'static str, &'static str)>,
    form: CallForm,
    queues: Vec<StageQueue>,
    open: Vec<OrderLine>,
    error: Option<String>,
}

/// The hotline's queues by stage (待派单, 待回复, 待回访, 待复核, 待归档), oldest first, each
/// order with its most urgent light; at most 50 of each status.
async fn stage_queues(state: &AppState, staff: &Staff) -> platform::Result<Vec<StageQueue>> {
    let db = &state.platform.db;
    let profile = state.profile().await?;
    let calendar = platform::workcal::load_current(db).await?;
    let now = calendar::Instant::from_millis(now_ms());
    let actor = AuditActor::staff(&staff.actor, &staff.ip);
    let mut queues = Vec::new();
    for (name, statuses) in usecase::HOTLINE_QUEUES {
        let mut lines = Vec::new();
        for status in statuses {
            let query = usecase::OrderQuery {
                status: Some(*status),
                ..Default::default()
            };
            let found = usecase::search_orders(
                db,
                &state.platform.key,
                &actor,
                usecase::SearchScope::Hotline,
                &query,
                50,
                0,
            )
            .await?;
            for order in found.orders {
                let light = usecase::order_light(db, order.order_id, &calendar, &profile, now)
                    .await?
                    .map(|(light, due)| (light.code(), minute_of(due.millis())));
                lines.push(StageLine {
                    id: order.order_id,
                    number: order.number,
                    registered: minute_of(order.created_at),
                    channel: Channel::parse(&order.channel).map_or("其他", Channel::label_zh),
                    content: order.content.chars().take(40).collect(),
                    status: order.status.label_zh(),
                    light,
                });
            }
        }
        lines.sort_by_key(|line| line.id);
        queues.push(StageQueue { name, lines });
    }
    Ok(queues)
}

pub fn category_label(code: &str) -> &'static str {
    Category::parse(code)
        .map(|c| c.label_zh())
        .unwrap_or("其他")
}

pub fn status_label(code: &str) -> &'static str {
    hotline::order::Status::ALL
        .iter()
        .find(|s| s.code() == code)
        .map(|s| s.label_zh())
        .unwrap_or("未知")
}

/// Open orders for the desk, newest first (no personal data).
async fn open_orders(state: &AppState) -> platform::Result<Vec<OrderLine>> {
    Ok(usecase::desk_orders(&state.platform.db, 200)
        .await?
        .into_iter()
        .map(|o| OrderLine {
            id: o.order_id,
            number: o.number,
            category: category_label(&o.category),
            location: o.location,
            status: o.status.label_zh(),
            lead: o.lead_unit.unwrap_or_else(|| "—".into()),
        })
        .collect())
}

async fn desk_page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    form: CallForm,
    error: Option<String>,
) -> Result<DeskPage, PageError> {
    let open = open_orders(state).await?;
    let queues = stage_queues(state, staff).await?;
    Ok(DeskPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        categories: Category::ALL
            .iter()
            .map(|c| (c.code(), c.label_zh()))
            .collect(),
        form,
        queues,
        open,
        error,
    })
}

/// `GET /office/hotline`.
pub async fn desk(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
) -> Result<DeskPage, PageError> {
    desk_page(&state, &csrf, &staff, CallForm::default(), None).await
}

/// `POST /office/hotline/appeals`: a phone appeal registered as the call goes on
/// (HL-REGISTER); the operator continues on the order's page (dispatch, refuse, transfer).
pub async fn register(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(form): Form<CallForm>,
) -> Result<Response, PageError> {
    let parsed = (|| -> platform::Result<NewAppeal> {
        Ok(NewAppeal {
            channel: Channel::Phone,
            category: Category::parse(&form.category).map_err(platform::Error::from)?,
            origin: if form.province_due.trim().is_empty() {
                Origin::Local
            } else {
                Origin::Province
            },
            content: form.content.clone(),
            location: form.location.clone(),
            is_private: form.private.is_some(),
            publish_consent: form.publish.is_some(),
            confidential: form.confidential.is_some(),
            province_due: province_due(&form.province_due)?,
            appellant: Appellant::parse(&form.name, &form.phone, &form.address, "")?,
            ip: None,
        })
    })();
    let actor = AuditActor::staff(&staff.actor, &staff.ip);
    let result = match parsed {
        Ok(new) => {
            usecase::register_appeal(
                &state.platform.db,
                &state.platform.key,
                &actor,
                new,
                calendar::Instant::from_millis(now_ms()),
            )
            .await
        }
        Err(error) => Err(error),
    };
    match result {
        Ok(registration) => Ok(Redirect::to(&format!(
            "/office/hotline/orders/{}?code={}",
            registration.appeal_id, registration.query_code
        ))
        .into_response()),
        Err(platform::Error::Invalid(message)) => Ok((
            StatusCode::BAD_REQUEST,
            desk_page(&state, &csrf, &staff, form, Some(message)).await?,
        )
            .into_response()),
        Err(error) => Err(error.into()),
    }
}

pub struct QueueClockLine {
    rule: String,
    light: &'static str,
    due: String,
    paused: bool,
}

pub struct QueueLine {
    id: i64,
    number: String,
    category: &'static str,
    location: String,
    status: &'static str,
    role: &'static str,
    signed: bool,
    clocks: Vec<QueueClockLine>,
}

#[derive(Template, WebTemplate)]
#[template(path = "office/hotline_queue.html")]
pub struct QueuePage {
    chrome: Chrome,
    unit: String,
    items: Vec<QueueLine>,
}

/// `GET /office/hotline/queue`: the own unit's open orders, red first (HL-SIGN, HL-LIMITS).
pub async fn queue(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
) -> Result<QueuePage, PageError> {
    let db = &state.platform.db;
    let profile = state.profile().await?;
    let calendar = platform::workcal::load_current(db).await?;
    let now = calendar::Instant::from_millis(now_ms());
    let items = usecase::unit_queue(db, UnitId(staff.actor.unit_id), &calendar, &profile, now)
        .await?
        .into_iter()
        .map(|item| QueueLine {
            id: item.order_id.0,
            number: item.number,
            category: category_label(&item.category),
            location: item.location,
            status: status_label(&item.status),
            role: match item.role {
                UnitRole::Lead => "主办",
                UnitRole::Assisting => "协办",
            },
            signed: item.signed,
            clocks: item
                .clocks
                .into_iter()
                .map(|c| QueueClockLine {
                    rule: hotline::order::clock_name(&c.rule_id).to_owned(),
                    light: c.light.code(),
                    due: minute_of(c.due.millis()),
                    paused: c.paused,
                })
                .collect(),
        })
        .collect();
    Ok(QueuePage {
        chrome: Chrome::office(&state, &csrf, &staff.actor).await?,
        unit: staff.actor.unit_name.clone(),
        items,
    })
}
