//! The hard cases' back office (HALL-HARDCASE, 000 中心 §7(四)): `/office/hall/hardcases` —
//! the registration form of the 办不成事反映 and 陇商通 windows' clerks (the channel, the
//! person or enterprise, the contact, what could not be done) and the list with the running
//! clock (the centre sees every case with the contact masked; the department those
//! transferred to it, the clerk those the clerk registered, never the contact). A case's page
//! (`/{id}`) shows its clocks, urges and history and the commands the viewer may run
//! (transfer to a department, urge past the deadline, the department's result, return,
//! feedback with the day told, close), each through `hall::usecase::hardcases::execute` with
//! the page's version; `/{id}/reveal` shows the centre's leader the contact, audited. A
//! refusal answers with the page and its Chinese message, and changes nothing.

use ::hall::hardcase::{Channel, Command, CommandKind, Filing, HardClock, HardcaseId};
use ::hall::usecase::hardcases as usecase;
use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use platform::ids::UnitId;

use super::HardcaseNo;
use super::cases::{checked_text, may_reveal, page_version, with_clocks};
use crate::AppState;
use crate::chrome::{Chrome, minute_of};
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{Form, Id, Query};
use crate::openness::subject::{name_in, unit_names};
use crate::outcome::{DoneQuery, answer};
use crate::staff::{Judged, Staff};

fn clock_label(kind: HardClock) -> &'static str {
    kind.label()
}

/// One case in the list.
pub struct Line {
    id: i64,
    number: String,
    channel: &'static str,
    requester: String,
    department: String,
    status: &'static str,
    light: &'static str,
    clock: String,
    overdue: bool,
    contact: String,
    registered: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "hall/hardcases.html")]
pub struct ListPage {
    chrome: Chrome,
    may_register: bool,
    centre_view: bool,
    channels: Vec<(&'static str, &'static str)>,
    lines: Vec<Line>,
    error: Option<String>,
}

async fn list_page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    error: Option<String>,
) -> Result<ListPage, PageError> {
    let db = &state.platform.db;
    let judged = Judged::load(state, staff).await?;
    let centre = ::hall::usecase::complaints::centre(db).await?;
    let centre_view = ::hall::usecase::complaints::is_centre_staff(&staff.actor, centre);
    let units = unit_names(state).await?;
    let rows = usecase::list(db, &staff.actor, 500).await?;
    let lines = with_clocks(&judged, |clocks| {
        rows.into_iter()
            .map(|stored| {
                let c = &stored.case;
                let (light, clock) = clocks.running(&c.clocks, clock_label);
                Line {
                    id: c.id.0,
                    number: stored.number.clone(),
                    channel: c.channel.label(),
                    requester: c.requester.clone(),
                    department: c
                        .department
                        .map_or_else(|| "—".to_owned(), |u| name_in(&units, u.0)),
                    status: c.status.label(),
                    light,
                    clock,
                    overdue: c.overdue(&judged.calendar, judged.now),
                    contact: c.contact.clone(),
                    registered: minute_of(c.registered_at.millis()),
                }
            })
            .collect()
    });
    Ok(ListPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        may_register: usecase::may_register(&staff.actor, centre),
        centre_view,
        channels: Channel::ALL.iter().map(|c| (c.code(), c.label())).collect(),
        lines,
        error,
    })
}

/// `GET /office/hall/hardcases`.
pub async fn list(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
) -> Result<ListPage, PageError> {
    list_page(&state, &csrf, &staff, None).await
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisterForm {
    #[serde(default)]
    channel: String,
    #[serde(default)]
    requester: String,
    #[serde(default)]
    contact: String,
    #[serde(default)]
    content: String,
}

/// `POST /office/hall/hardcases`: HALL-HARDCASE, the window clerk registers a case.
pub async fn register(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(form): Form<RegisterForm>,
) -> Result<Response, PageError> {
    let outcome = async {
        let channel = Channel::parse(&form.channel)
            .ok_or_else(|| platform::Error::invalid("请选择受理窗口（办不成事反映或陇商通）"))?;
        let judged = Judged::load(&state, &staff).await?;
        let context = judged.context(&state);
        let filing = Filing {
            channel,
            requester: form.requester.clone(),
            contact: form.contact.clone(),
            content: form.content.clone(),
        };
        usecase::register(&state.platform.db, &context, &staff.actor, filing).await
    }
    .await;
    match outcome {
        // The query code, told to the person once (only its hash is kept).
        Ok((stored, code)) => {
            let page = build(&state, &csrf, &staff, stored.case.id, (None, false, None)).await?;
            Ok(CasePage {
                code: Some(code),
                ..page
            }
            .into_response())
        }
        Err(error) => {
            answer(Err(error), String::new(), |error| async {
                list_page(&state, &csrf, &staff, Some(error)).await
            })
            .await
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "hall/hardcase.html")]
pub struct CasePage {
    chrome: Chrome,
    id: i64,
    number: String,
    version: i64,
    status: &'static str,
    facts: Vec<(&'static str, String)>,
    clocks: Vec<(&'static str, String)>,
    urges: Vec<String>,
    commands: Vec<&'static str>,
    /// (unit id, name) a case may be transferred to.
    departments: Vec<(i64, String)>,
    today: String,
    may_reveal: bool,
    /// Just registered: the query code to tell the person, shown once.
    code: Option<String>,
    error: Option<String>,
    done: bool,
}

impl CasePage {
    fn can(&self, name: &str) -> bool {
        self.commands.contains(&name)
    }
}

async fn build(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    id: HardcaseId,
    (error, done, clear): (Option<String>, bool, Option<String>),
) -> Result<CasePage, PageError> {
    let db = &state.platform.db;
    let judged = Judged::load(state, staff).await?;
    let seen =
        usecase::office_hardcase(db, id, &staff.actor, (&judged.calendar, judged.now)).await?;
    let c = &seen.stored.case;
    let units = unit_names(state).await?;
    let clocks = with_clocks(&judged, |clocks| clocks.lines(&c.clocks, clock_label));
    let mut facts = vec![
        ("受理窗口", c.channel.label().to_owned()),
        ("反映人或企业", c.requester.clone()),
        ("反映事项", c.content.clone()),
        ("受理时间", minute_of(c.registered_at.millis())),
    ];
    if seen.centre_view {
        facts.push((
            "联系方式",
            clear.clone().unwrap_or_else(|| c.contact.clone()),
        ));
    }
    if let Some(unit) = c.department {
        facts.push(("承办部门", name_in(&units, unit.0)));
    }
    if !c.instruction.is_empty() {
        facts.push(("转办意见或退回理由", c.instruction.clone()));
    }
    if !c.result.is_empty() {
        facts.push(("办理结果", c.result.clone()));
    }
    if !c.feedback.is_empty() {
        facts.push(("反馈内容", c.feedback.clone()));
    }
    if let Some(day) = &c.told_on {
        facts.push(("反馈日期", day.clone()));
    }
    if let Some(at) = c.closed_at {
        facts.push(("办结时间", minute_of(at.millis())));
    }
    let urges = c
        .urges
        .iter()
        .map(|u| format!("{} 督办：{}", minute_of(u.at.millis()), u.note))
        .collect();
    let departments = units
        .iter()
        .filter(|u| u.2 && u.0 != c.centre.0)
        .map(|u| (u.0, u.1.clone()))
        .collect();
    let sealed = !seen.stored.contact_sealed.is_empty();
    let may_reveal = may_reveal(seen.centre_view, staff, sealed, clear.is_some());
    Ok(CasePage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        id: id.0,
        number: seen.stored.number.clone(),
        version: seen.stored.version,
        status: c.status.label(),
        facts,
        clocks,
        urges,
        commands: seen.available.iter().map(|k| k.name()).collect(),
        departments,
        today: judged.now.local_date().format("%Y-%m-%d").to_string(),
        may_reveal,
        code: None,
        error,
        done,
    })
}

/// `GET /office/hall/hardcases/{id}`.
pub async fn show(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(HardcaseNo(id)): Id<HardcaseNo>,
    Query(query): Query<DoneQuery>,
) -> Result<CasePage, PageError> {
    let done = query.done.is_some();
    build(&state, &csrf, &staff, HardcaseId(id), (None, done, None)).await
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActForm {
    #[serde(default)]
    version: String,
    #[serde(default, rename = "do")]
    action: String,
    #[serde(default)]
    department: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    told_on: String,
}

fn command(form: &ActForm) -> platform::Result<Command> {
    checked_text(&form.text)?;
    let text = form.text.clone();
    let kind = CommandKind::ALL
        .into_iter()
        .find(|k| k.name() == form.action)
        .ok_or_else(|| platform::Error::invalid("请选择要办理的操作"))?;
    Ok(match kind {
        CommandKind::Transfer => Command::Transfer {
            department: UnitId(
                form.department
                    .trim()
                    .parse()
                    .map_err(|_| platform::Error::invalid("请选择承办部门"))?,
            ),
            note: text,
        },
        CommandKind::Urge => Command::Urge { note: text },
        CommandKind::Handle => Command::Handle { result: text },
        CommandKind::Return => Command::Return { reason: text },
        CommandKind::Feedback => Command::Feedback {
            content: text,
            told_on: NaiveDate::parse_from_str(form.told_on.trim(), "%Y-%m-%d")
                .map_err(|_| platform::Error::invalid("反馈日期应为 2026-03-02 这样的日期"))?,
        },
        CommandKind::Close => Command::Close,
    })
}

/// `POST /office/hall/hardcases/{id}/act`: one command through the kernel.
pub async fn act(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(HardcaseNo(id)): Id<HardcaseNo>,
    Form(form): Form<ActForm>,
) -> Result<Response, PageError> {
    let id = HardcaseId(id);
    let db = &state.platform.db;
    let judged = Judged::load(&state, &staff).await?;
    // Outside the centre, the department and the clerk: not found (before anything else).
    usecase::office_hardcase(db, id, &staff.actor, (&judged.calendar, judged.now)).await?;
    let outcome = async {
        let version = page_version(&form.version)?;
        let command = command(&form)?;
        let context = judged.context(&state);
        usecase::execute(db, &context, &staff.actor, id, command, Some(version)).await?;
        Ok(())
    }
    .await;
    let done = format!("/office/hall/hardcases/{}?done=1", id.0);
    answer(outcome, done, |error| async {
        build(&state, &csrf, &staff, id, (Some(error), false, None)).await
    })
    .await
}

/// `POST /office/hall/hardcases/{id}/reveal`: the contact in clear for the centre's leader
/// (audited); anyone else is refused and learns nothing.
pub async fn reveal(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(HardcaseNo(id)): Id<HardcaseNo>,
) -> Result<Response, PageError> {
    let id = HardcaseId(id);
    let db = &state.platform.db;
    let judged = Judged::load(&state, &staff).await?;
    usecase::office_hardcase(db, id, &staff.actor, (&judged.calendar, judged.now)).await?;
    let context = judged.context(&state);
    let clear = usecase::reveal_contact(db, &context, &staff.actor, id).await?;
    let page = build(&state, &csrf, &staff, id, (None, false, Some(clear))).await?;
    Ok(page.into_response())
}
