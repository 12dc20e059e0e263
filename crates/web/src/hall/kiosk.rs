//! The kiosk (取号机, HALL-QUEUE): public, big buttons, one per window type the hall serves
//! today, and the published items; the elderly and disabled choose priority. Taking a number
//! answers the ticket page: the number, the window type, the people ahead and the hours; a
//! closed hall or a bad choice is the kiosk again with the Chinese message (400), nothing
//! taken.

use ::hall::hours::Source;
use ::hall::ticket::{ItemRef, Priority};
use ::hall::usecase::{self as hall_usecase, queue};
use ::hall::window::ServiceType;
use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use calendar::Instant;
use platform::audit::AuditActor;
use platform::db::now_ms;

use super::TICKETS_PER_MINUTE;
use crate::AppState;
use crate::chrome::Chrome;
use crate::csrf::CsrfToken;
use crate::error::{PageError, status_of};
use crate::extract::{ClientIp, Form};

pub struct Choice {
    code: String,
    label: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "hall/kiosk.html")]
pub struct KioskPage {
    chrome: Chrome,
    hours: String,
    services: Vec<Choice>,
    items: Vec<Choice>,
    error: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "hall/ticket.html")]
pub struct TicketPage {
    chrome: Chrome,
    number: String,
    service: String,
    item: String,
    priority: String,
    ahead: i64,
    taken: String,
}

async fn kiosk(
    state: &AppState,
    csrf: &CsrfToken,
    error: Option<String>,
) -> Result<KioskPage, PageError> {
    let db = &state.platform.db;
    let profile = state.profile().await?;
    let calendar = platform::workcal::load_current(db).await?;
    let now = now_ms();
    let (today, _) = hall_usecase::local_day_minute(now);
    let schedule =
        hall_usecase::schedule_for(db, &calendar, &profile.calendar.working_hours, today).await?;
    let mut services: Vec<Choice> = Vec::new();
    for window in hall_usecase::windows(db).await? {
        let code = window.window.service.code();
        if window.active && !services.iter().any(|c| c.code == code) {
            services.push(Choice {
                code,
                label: window.window.service.label(),
            });
        }
    }
    let filter = ::services::usecase::catalogue::CatalogueFilter {
        page: 1,
        ..Default::default()
    };
    let items = ::services::usecase::catalogue::catalogue(db, &filter)
        .await?
        .entries
        .into_iter()
        .filter(|entry| entry.accepts_applications)
        .map(|entry| Choice {
            code: entry.code,
            label: entry.name,
        })
        .collect();
    Ok(KioskPage {
        chrome: Chrome::public(state, csrf).await?,
        hours: schedule.describe(),
        services,
        items,
        error,
    })
}

/// `GET /hall/kiosk`.
pub async fn page(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
) -> Result<KioskPage, PageError> {
    kiosk(&state, &csrf, None).await
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TakeForm {
    #[serde(default)]
    service: String,
    #[serde(default)]
    item: String,
    #[serde(default)]
    priority: String,
}

async fn read(
    state: &AppState,
    form: &TakeForm,
) -> platform::Result<(ServiceType, Option<ItemRef>, Priority)> {
    let priority = match form.priority.trim() {
        "" => Priority::Normal,
        code => Priority::parse(code)
            .ok_or_else(|| platform::Error::invalid("请选择普通、老年人优先或残疾人优先"))?,
    };
    let code = form.item.trim();
    if !code.is_empty() {
        let published = ::services::usecase::published_item(&state.platform.db, code)
            .await?
            .filter(|p| p.accepts_applications)
            .ok_or_else(|| platform::Error::invalid("没有这个可办理的事项，请重新选择"))?;
        let basic = &published.item.basic;
        let service = queue::service_for_unit(&state.platform.db, basic.department.0).await?;
        let item = ItemRef {
            id: published.id.0,
            code: published.code.clone(),
            name: basic.main_name.clone(),
        };
        return Ok((service, Some(item), priority));
    }
    let service = ServiceType::parse(form.service.trim())
        .map_err(|_| platform::Error::invalid("请选择要办理的窗口类型或事项"))?;
    Ok((service, None, priority))
}

/// `POST /hall/kiosk`: a number by window type or item (HALL-QUEUE).
pub async fn take(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    ClientIp(client): ClientIp,
    Form(form): Form<TakeForm>,
) -> Result<Response, PageError> {
    if !state
        .limiter
        .allow("hall-kiosk", &client, TICKETS_PER_MINUTE)
    {
        return Err(platform::Error::TooManyRequests.into());
    }
    let now = now_ms();
    let result = async {
        let (service, item, priority) = read(&state, &form).await?;
        let db = &state.platform.db;
        let profile = state.profile().await?;
        let calendar = platform::workcal::load_current(db).await?;
        let (today, _) = hall_usecase::local_day_minute(now);
        let request = queue::Take {
            service,
            item,
            source: Source::Kiosk,
            priority,
            day: today,
        };
        let actor = AuditActor::anonymous(&client);
        queue::take(
            db,
            &actor,
            &calendar,
            &profile.calendar.working_hours,
            request,
            now,
        )
        .await
    }
    .await;
    match result {
        Ok(taken) => {
            let t = &taken.ticket;
            Ok(TicketPage {
                chrome: Chrome::public(&state, &csrf).await?,
                number: t.number.to_string(),
                service: t.service.label(),
                item: t.item.as_ref().map(|i| i.name.clone()).unwrap_or_default(),
                priority: if t.priority.is_priority() {
                    t.priority.label().to_owned()
                } else {
                    String::new()
                },
                ahead: taken.ahead,
                taken: crate::chrome::minute_of(Instant::from_millis(t.taken_at).millis()),
            }
            .into_response())
        }
        Err(error) => {
            let status = status_of(&error);
            if status == StatusCode::INTERNAL_SERVER_ERROR {
                return Err(error.into());
            }
            let page = kiosk(&state, &csrf, Some(error.to_string())).await?;
            Ok((status, page).into_response())
        }
    }
}
