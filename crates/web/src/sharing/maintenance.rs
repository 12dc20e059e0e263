//! Planned maintenance in the back office (DATA-MAINT, SEC-NOTICE; 000 共享 §14):
//! `/office/sharing/maintenance` shows the service-stopping maintenance still ahead or under
//! way (the notice on the affected pages; the grants page shows it too), the announcements
//! the viewer's unit made or was told about (reading the page marks its notices read), and
//! the form to announce maintenance of one of the unit's resources (the administrator: any
//! resource or the whole platform), judged by `sharing::maintenance::check` — at least the
//! profile's notice ahead, a rest day in principle — and cancelled before it starts.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::response::Response;
use calendar::Instant;
use platform::db::now_ms;
use serde::Deserialize;
use sharing::maintenance::{Announcement, is_under_way};
use sharing::store::maintenance::{self as store, Stored};
use sharing::usecase::maintenance as usecase;

use super::{MaintenanceNo, acting, limited, name_in, unit_names};
use crate::AppState;
use crate::chrome::{Chrome, minute_of};
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{Form, Id, Query};
use crate::staff::{Judged, Staff};

/// One announcement on the page.
pub struct Line {
    pub id: i64,
    pub scope: String,
    pub unit: String,
    pub window: String,
    pub description: String,
    pub stops_service: bool,
    pub schema_change: bool,
    pub workday_reason: String,
    pub announced: String,
    pub cancelled: bool,
    pub under_way: bool,
    /// The viewer's unit was told and had not read it yet.
    pub unread: bool,
    pub cancellable: bool,
}

/// A resource the viewer may announce maintenance of.
pub struct Choice {
    pub value: String,
    pub label: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "sharing/maintenance.html")]
pub struct MaintenancePage {
    chrome: Chrome,
    /// SEC-NOTICE: service-stopping maintenance still ahead or under way.
    outages: Vec<Line>,
    lines: Vec<Line>,
    choices: Vec<Choice>,
    notice: String,
    error: Option<String>,
    done: bool,
}

/// The lines of `stored` as the viewer `me` sees them.
pub(super) async fn lines_of(
    state: &AppState,
    stored: Vec<Stored>,
    me: &sharing::Acting,
) -> Result<Vec<Line>, PageError> {
    let units = unit_names(state).await?;
    let entries = sharing::store::entries::list(&state.platform.db, &[], None).await?;
    let now = Instant::from_millis(now_ms());
    Ok(stored
        .into_iter()
        .map(|s| {
            let a = &s.announcement;
            let scope = match a.resource {
                None => "整个共享平台".to_owned(),
                Some((entry, resource)) => {
                    entries.iter().find(|e| e.entry.id.0 == entry).map_or_else(
                        || format!("资源 /share/v1/{}", entry * 100 + resource),
                        |e| {
                            let name = e
                                .entry
                                .resource(sharing::ResourceId(resource))
                                .map_or("", |r| r.name.as_str());
                            format!("{} · {name}", e.entry.draft.name)
                        },
                    )
                }
            };
            Line {
                id: s.id,
                scope,
                unit: name_in(&units, s.unit.0),
                window: format!(
                    "{} 至 {}",
                    minute_of(a.starts_at.millis()),
                    minute_of(a.ends_at.millis())
                ),
                description: a.description.clone(),
                stops_service: a.stops_service,
                schema_change: a.schema_change,
                workday_reason: a.workday_reason.clone(),
                announced: minute_of(s.announced_at.millis()),
                cancelled: s.cancelled_at.is_some(),
                under_way: is_under_way(a.starts_at, a.ends_at, now),
                unread: s.notified == Some(false),
                cancellable: s.cancelled_at.is_none()
                    && a.starts_at > now
                    && (me.is_administrator() || me.acts_for(s.unit)),
            }
        })
        .collect())
}

/// SEC-NOTICE: the lines of the service-stopping maintenance not yet over.
pub(super) async fn outages(
    state: &AppState,
    me: &sharing::Acting,
) -> Result<Vec<Line>, PageError> {
    let now = Instant::from_millis(now_ms());
    let stored = store::outages(&state.platform.db, now).await?;
    lines_of(state, stored, me).await
}

async fn build(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    (error, done): (Option<String>, bool),
) -> Result<MaintenancePage, PageError> {
    let db = &state.platform.db;
    let me = acting(staff);
    let lines = lines_of(state, usecase::list(db, &me).await?, &me).await?;
    let mut choices = Vec::new();
    if me.is_administrator() {
        choices.push(Choice {
            value: "platform".into(),
            label: "整个共享平台".into(),
        });
    }
    for e in sharing::store::entries::list(db, &[], None).await? {
        let entry = &e.entry;
        if !(me.is_administrator() || me.acts_for(entry.provider)) || !entry.status.is_published() {
            continue;
        }
        for r in &entry.draft.resources {
            choices.push(Choice {
                value: format!("{}-{}", entry.id, r.id),
                label: format!("{} · {}", entry.draft.name, r.name),
            });
        }
    }
    let profile = state.profile().await?;
    let page = MaintenancePage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        outages: outages(state, &me).await?,
        lines,
        choices,
        notice: profile.datashare.maintenance_notice.limit().label_zh(),
        error,
        done,
    };
    if !me.is_administrator() {
        store::mark_read(db, me.unit, Instant::from_millis(now_ms())).await?;
    }
    Ok(page)
}

/// `GET /office/sharing/maintenance`.
pub async fn list(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Query(done): Query<super::Done>,
) -> Result<MaintenancePage, PageError> {
    build(&state, &csrf, &staff, (None, done.shown())).await
}

/// An announcement as the form sends it (times as `datetime-local`, Beijing time).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnnounceForm {
    scope: String,
    starts_at: String,
    ends_at: String,
    #[serde(default)]
    stops_service: Option<String>,
    #[serde(default)]
    schema_change: Option<String>,
    description: String,
    #[serde(default)]
    workday_reason: String,
}

fn local_time(text: &str, what: &str) -> platform::Result<Instant> {
    let text = text.trim();
    let full = if text.len() == 16 {
        format!("{text}:00+08:00")
    } else {
        format!("{text}+08:00")
    };
    Instant::parse_rfc3339(&full)
        .map_err(|_| platform::Error::invalid(format!("{what}格式应为 2026-03-07T08:00")))
}

fn announcement(form: &AnnounceForm) -> platform::Result<Announcement> {
    let resource = if form.scope == "platform" {
        None
    } else {
        let (entry, resource) = form
            .scope
            .split_once('-')
            .and_then(|(e, r)| Some((e.parse::<i64>().ok()?, r.parse::<i64>().ok()?)))
            .ok_or_else(|| platform::Error::invalid("请选择维护的资源"))?;
        Some((entry, resource))
    };
    Ok(Announcement {
        resource,
        starts_at: local_time(&form.starts_at, "开始时间")?,
        ends_at: local_time(&form.ends_at, "结束时间")?,
        stops_service: form.stops_service.is_some(),
        schema_change: form.schema_change.is_some(),
        description: limited(&form.description, "维护内容", 2000)?,
        workday_reason: limited(&form.workday_reason, "工作日维护理由", 500)?,
    })
}

/// `POST /office/sharing/maintenance` (DATA-MAINT, SEC-NOTICE).
pub async fn create(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(form): Form<AnnounceForm>,
) -> Result<Response, PageError> {
    let judged = Judged::load(&state, &staff).await?;
    let context = judged.context(&state);
    let outcome = match announcement(&form) {
        Ok(a) => usecase::announce(&state.platform.db, &context, &acting(&staff), a)
            .await
            .map(|_| ()),
        Err(error) => Err(error),
    };
    super::answer(
        "/office/sharing/maintenance",
        outcome,
        build,
        (&state, &csrf, &staff),
    )
    .await
}

/// The cancel form: nothing but the CSRF token.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CancelForm {}

/// `POST /office/sharing/maintenance/{id}/cancel` (DATA-MAINT).
pub async fn cancel(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(MaintenanceNo(id)): Id<MaintenanceNo>,
    Form(_form): Form<CancelForm>,
) -> Result<Response, PageError> {
    let judged = Judged::load(&state, &staff).await?;
    let context = judged.context(&state);
    let outcome = usecase::cancel(&state.platform.db, &context, &acting(&staff), id).await;
    super::answer(
        "/office/sharing/maintenance",
        outcome,
        build,
        (&state, &csrf, &staff),
    )
    .await
}
