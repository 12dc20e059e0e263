//! Quality problems and misuse in the back office (DATA-QUALITY; 000 共享 §4(四)(五), §5(三)):
//! `/office/sharing/quality` lists the reports the viewer's unit filed or handles (the
//! administrator every one) with their due instant and whether it is past; a consumer reports
//! a problem in a resource its unit holds a grant on, a provider reports a consumer's misuse
//! of one of its grants to the administrator; the handler confirms, fixes or explains —
//! every write through `sharing::usecase::quality`.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::response::Response;
use calendar::Instant;
use platform::db::now_ms;
use serde::Deserialize;
use sharing::quality::{Command, Kind, Status};
use sharing::store::grants as grant_store;
use sharing::usecase::quality as usecase;
use sharing::{GrantId, resource_key};

use super::{ReportNo, acting, limited, name_in, unit_names};
use crate::AppState;
use crate::chrome::{Chrome, minute_of};
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{Form, Id, Query};
use crate::staff::{Judged, Staff};

/// One report on the page.
pub struct Line {
    pub id: i64,
    pub kind: &'static str,
    pub resource: String,
    pub reporter: String,
    pub handler: String,
    pub description: String,
    pub status: &'static str,
    pub answer: String,
    pub reported: String,
    pub due: String,
    pub overdue: bool,
    pub closed: bool,
    /// The viewer handles it (confirms, fixes, explains).
    pub handles: bool,
    pub confirmable: bool,
}

/// A grant the viewer may report on: its id and label.
pub struct Choice {
    pub id: i64,
    pub label: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "sharing/quality.html")]
pub struct QualityPage {
    chrome: Chrome,
    lines: Vec<Line>,
    /// Grants held as consumer (quality problems).
    used: Vec<Choice>,
    /// Grants given as provider (misuse).
    given: Vec<Choice>,
    error: Option<String>,
    done: bool,
}

async fn build(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    (error, done): (Option<String>, bool),
) -> Result<QualityPage, PageError> {
    let db = &state.platform.db;
    let me = acting(staff);
    let units = unit_names(state).await?;
    let entries = sharing::store::entries::list(db, &[], None).await?;
    let label = |entry: i64, resource: i64| {
        entries.iter().find(|e| e.entry.id.0 == entry).map_or_else(
            || format!("/share/v1/{}", entry * 100 + resource),
            |e| {
                let name = e
                    .entry
                    .resource(sharing::ResourceId(resource))
                    .map_or("", |r| r.name.as_str());
                format!("{} · {name}", e.entry.draft.name)
            },
        )
    };
    let now = Instant::from_millis(now_ms());
    let lines = usecase::list(db, &me)
        .await?
        .into_iter()
        .map(|r| Line {
            id: r.id,
            kind: r.kind.label_zh(),
            resource: label(r.entry, r.resource_no),
            reporter: name_in(&units, r.reporter.0),
            handler: r
                .handler
                .map_or_else(|| "平台管理部门".to_owned(), |u| name_in(&units, u.0)),
            description: r.description.clone(),
            status: r.status.label_zh(),
            answer: r.answer.clone(),
            reported: minute_of(r.reported_at.millis()),
            due: minute_of(r.due_at.millis()),
            overdue: r.is_overdue(now),
            closed: r.status.is_closed(),
            handles: r.handled_by(&me),
            confirmable: r.kind == Kind::Quality && r.status == Status::Reported,
        })
        .collect();
    let mut used = Vec::new();
    let mut given = Vec::new();
    for g in grant_store::list_for(db, Some(me.unit.0)).await? {
        let g = g.grant;
        let choice = Choice {
            id: g.id.0,
            label: format!(
                "授权 {}：{}（/share/v1/{}）",
                g.id,
                label(g.entry.0, g.resource.0),
                resource_key(g.entry, g.resource)
            ),
        };
        if me.acts_for(g.consumer) {
            used.push(choice);
        } else if me.acts_for(g.provider) {
            given.push(choice);
        }
    }
    Ok(QualityPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        lines,
        used,
        given,
        error,
        done,
    })
}

/// `GET /office/sharing/quality`.
pub async fn list(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Query(done): Query<super::Done>,
) -> Result<QualityPage, PageError> {
    build(&state, &csrf, &staff, (None, done.shown())).await
}

/// A new report: its kind, the grant it concerns and what was found.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportForm {
    kind: String,
    grant: String,
    description: String,
}

/// `POST /office/sharing/quality` (DATA-QUALITY).
pub async fn create(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(form): Form<ReportForm>,
) -> Result<Response, PageError> {
    let db = &state.platform.db;
    let me = acting(&staff);
    let judged = Judged::load(&state, &staff).await?;
    let context = judged.context(&state);
    let outcome = async {
        let description = limited(&form.description, "问题描述", 2000)?;
        let grant = form
            .grant
            .trim()
            .parse::<i64>()
            .map_err(|_| platform::Error::invalid("请选择授权"))?;
        let stored = grant_store::get(db, GrantId(grant)).await?;
        if !sharing::usecase::grants::may_see(&stored.grant, &me) {
            return Err(platform::Error::not_found("该授权"));
        }
        match Kind::parse(&form.kind) {
            Some(Kind::Quality) => usecase::report_problem(
                db,
                &context,
                &me,
                (stored.grant.entry, stored.grant.resource),
                &description,
            )
            .await
            .map(|_| ()),
            Some(Kind::Misuse) => {
                usecase::report_misuse(db, &context, &me, GrantId(grant), &description)
                    .await
                    .map(|_| ())
            }
            None => Err(platform::Error::invalid("未知的报告类型")),
        }
    }
    .await;
    super::answer(
        "/office/sharing/quality",
        outcome,
        build,
        (&state, &csrf, &staff),
    )
    .await
}

/// A command on a report: its code and answer.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommandForm {
    command: String,
    #[serde(default)]
    answer: String,
}

/// `POST /office/sharing/quality/{id}/command` (DATA-QUALITY).
pub async fn command(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(ReportNo(id)): Id<ReportNo>,
    Form(form): Form<CommandForm>,
) -> Result<Response, PageError> {
    let judged = Judged::load(&state, &staff).await?;
    let context = judged.context(&state);
    let outcome = async {
        let answer = limited(&form.answer, "处理情况", 2000)?;
        let command = match form.command.as_str() {
            "confirm" => Command::Confirm,
            "fix" => Command::Fix { answer },
            "dispute" => Command::Dispute { answer },
            _ => return Err(platform::Error::invalid("未知的办理事项")),
        };
        usecase::execute(&state.platform.db, &context, &acting(&staff), id, command)
            .await
            .map(|_| ())
    }
    .await;
    super::answer(
        "/office/sharing/quality",
        outcome,
        build,
        (&state, &csrf, &staff),
    )
    .await
}
