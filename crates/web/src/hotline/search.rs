//! Issue 14 item 7: 工单查询 — every order, open or concluded, found by number, phone (the
//! hotline's roles only, by the keyed index, audited: HL-PRIVACY), words, unit, status and
//! date; a unit's staff find the orders their unit handles. Twenty to a page.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use hotline::UnitId;
use hotline::order::Status;
use hotline::usecase::{self, OrderQuery, SearchScope};
use platform::audit::AuditActor;
use platform::personal::PhoneNumber;
use platform::roles::Role;
use serde::Deserialize;

use super::desk::category_label;
use crate::AppState;
use crate::chrome::{Chrome, minute_of};
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::Query;
use crate::staff::Staff;

const PAGE_SIZE: i64 = 20;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct SearchForm {
    #[serde(default)]
    number: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    page: Option<u32>,
}

pub struct FoundLine {
    id: i64,
    number: String,
    registered: String,
    category: &'static str,
    content: String,
    status: &'static str,
    lead: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "office/hotline_search.html")]
pub struct SearchPage {
    chrome: Chrome,
    form: SearchForm,
    /// The hotline's roles search by phone and every unit.
    hotline: bool,
    units: Vec<(i64, String)>,
    statuses: Vec<(&'static str, &'static str)>,
    found: Vec<FoundLine>,
    total: i64,
    page: u32,
    pages: u32,
    /// The query string without `page`, for the pager's links.
    again: String,
    error: Option<String>,
}

fn date(text: &str, what: &str) -> platform::Result<Option<chrono::NaiveDate>> {
    match text.trim() {
        "" => Ok(None),
        text => chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| platform::Error::invalid(format!("{what}格式不正确，应如 2026-12-02"))),
    }
}

/// The query the form asks for, or the message that says what is wrong with it.
fn parse(form: &SearchForm) -> platform::Result<OrderQuery> {
    let status = match form.status.trim() {
        "" => None,
        code => Some(
            Status::ALL
                .into_iter()
                .find(|s| s.code() == code)
                .ok_or_else(|| platform::Error::invalid("状态选择不正确"))?,
        ),
    };
    let unit = match form.unit.trim() {
        "" => None,
        text => Some(UnitId(
            text.parse()
                .map_err(|_| platform::Error::invalid("单位选择不正确"))?,
        )),
    };
    let phone = match form.phone.trim() {
        "" => None,
        text => Some(PhoneNumber::parse(text)?),
    };
    let day = |d: chrono::NaiveDate| calendar::Instant::from_local(d, 0);
    let from = date(&form.from, "起始日期")?.map(day);
    let until = date(&form.to, "截止日期")?
        .and_then(|d| d.succ_opt())
        .map(day);
    Ok(OrderQuery {
        number: form.number.trim().chars().take(32).collect(),
        phone,
        text: form.text.trim().chars().take(50).collect(),
        unit,
        status,
        from,
        until,
    })
}

fn again(form: &SearchForm) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (name, value) in [
        ("number", &form.number),
        ("phone", &form.phone),
        ("text", &form.text),
        ("unit", &form.unit),
        ("status", &form.status),
        ("from", &form.from),
        ("to", &form.to),
    ] {
        if !value.trim().is_empty() {
            query.append_pair(name, value.trim());
        }
    }
    query.finish()
}

/// `GET /office/hotline/orders`.
pub async fn search(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Query(form): Query<SearchForm>,
) -> Result<SearchPage, PageError> {
    let hotline = staff
        .actor
        .has_any(&[Role::HotlineOperator, Role::HotlineSupervisor]);
    let scope = if hotline {
        SearchScope::Hotline
    } else {
        SearchScope::Unit(UnitId(staff.actor.unit_id))
    };
    let page = form.page.unwrap_or(1).clamp(1, 10_000);
    let mut found = Vec::new();
    let mut total = 0;
    let mut error = None;
    match parse(&form) {
        Ok(query) => {
            let actor = AuditActor::staff(&staff.actor, &staff.ip);
            let offset = i64::from(page - 1) * PAGE_SIZE;
            match usecase::search_orders(
                &state.platform.db,
                &state.platform.key,
                &actor,
                scope,
                &query,
                PAGE_SIZE,
                offset,
            )
            .await
            {
                Ok(result) => {
                    total = result.total;
                    found = result
                        .orders
                        .into_iter()
                        .map(|o| FoundLine {
                            id: o.order_id,
                            number: o.number,
                            registered: minute_of(o.created_at),
                            category: category_label(&o.category),
                            content: o.content.chars().take(40).collect(),
                            status: o.status.label_zh(),
                            lead: o.lead_unit.unwrap_or_else(|| "—".into()),
                        })
                        .collect();
                }
                Err(e @ (platform::Error::Invalid(_) | platform::Error::Refused(_))) => {
                    error = Some(e.to_string());
                }
                Err(e) => return Err(e.into()),
            }
        }
        Err(e) => error = Some(e.to_string()),
    }
    let units = platform::units::list(&state.platform.db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let pages = u32::try_from((total + PAGE_SIZE - 1) / PAGE_SIZE).unwrap_or(u32::MAX);
    Ok(SearchPage {
        chrome: Chrome::office(&state, &csrf, &staff.actor).await?,
        again: again(&form),
        form,
        hotline,
        units,
        statuses: Status::ALL
            .into_iter()
            .map(|s| (s.code(), s.label_zh()))
            .collect(),
        found,
        total,
        page,
        pages,
        error,
    })
}
