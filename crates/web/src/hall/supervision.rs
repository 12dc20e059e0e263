//! The supervision box's back office (HALL-BOX, 000 中心 §35): `/office/hall/complaints` —
//! for the centre's leaders and handlers, the box (the openings by the named person, whether
//! the next is due by the profile's `hall.box_opening_days`, the opening form, the slip
//! registration under an opening) and every complaint with its handling clock, the contact
//! masked; for a department, the complaints it was given, without any contact. A
//! complaint's page (`/{id}`) shows the clock and the commands the viewer may run (accept or
//! give to the window's department, refer, conclude with an outcome of §35, tell the
//! complainant), each through `hall::usecase::complaints::execute` with the page's version;
//! `/{id}/reveal` shows the centre's leader the contact in clear, audited. A refusal answers
//! 400 with the page and its Chinese message, and changes nothing.

use ::hall::store::complaints::StoredComplaint;
use ::hall::supervision::{BoxClock, Command, CommandKind, ComplaintId, Handler, Outcome};
use ::hall::usecase::complaints as usecase;
use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use platform::ids::UnitId;

use super::ComplaintNo;
use super::cases::{checked_text, may_reveal, page_version, with_clocks};
use crate::AppState;
use crate::chrome::{Chrome, minute_of};
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{Form, Id, Query};
use crate::openness::subject::{name_in, refused, unit_names};
use crate::staff::{Judged, Staff};

fn clock_label(_: BoxClock) -> &'static str {
    "投诉办理时限"
}

/// One complaint in the list.
pub struct Line {
    id: i64,
    number: String,
    source: &'static str,
    window: String,
    status: &'static str,
    light: &'static str,
    clock: String,
    contact: String,
    registered: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "hall/complaints.html")]
pub struct ListPage {
    chrome: Chrome,
    centre_view: bool,
    /// 上次开箱 … / 从未开箱, and whether an opening is due.
    last_opening: String,
    opening_due: bool,
    every_days: u32,
    /// (id, words) of the openings, newest first.
    openings: Vec<(i64, String)>,
    lines: Vec<Line>,
    error: Option<String>,
}

fn window_words(stored: &StoredComplaint) -> String {
    stored
        .complaint
        .window
        .map_or_else(|| "未指明".to_owned(), |(_, n)| format!("{n} 号窗口"))
}

async fn list_page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    error: Option<String>,
) -> Result<ListPage, PageError> {
    let db = &state.platform.db;
    let judged = Judged::load(state, staff).await?;
    let centre = usecase::centre(db).await?;
    let centre_view = usecase::is_centre_staff(&staff.actor, centre);
    let rows = usecase::list(db, &staff.actor, 500).await?;
    let lines = with_clocks(&judged, |clocks| {
        rows.into_iter()
            .map(|stored| {
                let c = &stored.complaint;
                let (light, clock) = clocks.running(&c.clocks, clock_label);
                Line {
                    id: c.id.0,
                    number: stored.number.clone(),
                    source: c.source.label(),
                    window: window_words(&stored),
                    status: c.status.label(),
                    light,
                    clock,
                    contact: c.contact.clone().unwrap_or_else(|| "匿名".to_owned()),
                    registered: minute_of(c.registered_at.millis()),
                }
            })
            .collect()
    });
    let every_days = judged.profile.hall.box_opening_days;
    let (openings, last) = if centre_view {
        let openings = usecase::openings(db, 20).await?;
        let last = openings.first().map(|o| o.opened_at);
        let words = openings
            .iter()
            .map(|o| {
                let words = format!(
                    "{} {} 开箱，信件 {} 封，已登记 {} 件",
                    minute_of(o.opened_at.millis()),
                    o.opener,
                    o.letters,
                    o.registered
                );
                (o.id, words)
            })
            .collect();
        (words, last)
    } else {
        (Vec::new(), None)
    };
    // HALL-BOX (§35: 定期开箱): due when never opened or the profile's interval has passed.
    let opening_due = ::hall::supervision::opening_due(last, every_days, judged.now);
    Ok(ListPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        centre_view,
        last_opening: last.map_or_else(|| "从未开箱".to_owned(), |at| minute_of(at.millis())),
        opening_due,
        every_days,
        openings,
        lines,
        error,
    })
}

/// `GET /office/hall/complaints`.
pub async fn list(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
) -> Result<ListPage, PageError> {
    list_page(&state, &csrf, &staff, None).await
}

async fn list_answer(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    outcome: platform::Result<String>,
) -> Result<Response, PageError> {
    match outcome {
        Ok(to) => Ok(Redirect::to(&to).into_response()),
        Err(error) if refused(&error) => {
            let page = list_page(state, csrf, staff, Some(error.to_string())).await?;
            Ok((StatusCode::BAD_REQUEST, page).into_response())
        }
        Err(error) => Err(error.into()),
    }
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpeningForm {
    #[serde(default)]
    letters: String,
    #[serde(default)]
    note: String,
}

/// `POST /office/hall/complaints/openings`: HALL-BOX, the named person opened the box.
pub async fn open_box(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(form): Form<OpeningForm>,
) -> Result<Response, PageError> {
    let outcome = async {
        let letters = form
            .letters
            .trim()
            .parse::<i64>()
            .map_err(|_| platform::Error::invalid("信件数应为 0 至 500"))?;
        if form.note.chars().count() > 200 {
            return Err(platform::Error::invalid("开箱备注不能超过 200 字"));
        }
        let judged = Judged::load(&state, &staff).await?;
        let context = judged.context(&state);
        let db = &state.platform.db;
        usecase::record_opening(db, &context, &staff.actor, letters, &form.note).await?;
        Ok("/office/hall/complaints?opened=1".to_owned())
    }
    .await;
    list_answer(&state, &csrf, &staff, outcome).await
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SlipForm {
    #[serde(default)]
    opening: String,
    #[serde(default)]
    window: String,
    #[serde(default)]
    content: String,
    #[serde(default)]
    contact: String,
}

/// `POST /office/hall/complaints`: HALL-BOX, a box slip registered under an opening.
pub async fn register_slip(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(form): Form<SlipForm>,
) -> Result<Response, PageError> {
    let outcome = async {
        let opening = form
            .opening
            .trim()
            .parse::<i64>()
            .map_err(|_| platform::Error::invalid("请选择本中心的开箱记录"))?;
        let window = match form.window.trim() {
            "" => None,
            text => Some(
                text.parse::<u16>()
                    .map_err(|_| platform::Error::invalid("窗口号应为正整数"))?,
            ),
        };
        if form.content.chars().count() > 1_000 || form.contact.chars().count() > 50 {
            return Err(platform::Error::invalid(
                "投诉内容不能超过 1000 字，联系方式不能超过 50 字",
            ));
        }
        let judged = Judged::load(&state, &staff).await?;
        let context = judged.context(&state);
        let contact = Some(form.contact.as_str()).filter(|c| !c.trim().is_empty());
        let db = &state.platform.db;
        let (stored, _) = usecase::register_slip(
            db,
            &context,
            &staff.actor,
            opening,
            window,
            &form.content,
            contact,
        )
        .await?;
        Ok(format!("/office/hall/complaints/{}", stored.complaint.id.0))
    }
    .await;
    list_answer(&state, &csrf, &staff, outcome).await
}

#[derive(Template, WebTemplate)]
#[template(path = "hall/complaint.html")]
pub struct ComplaintPage {
    chrome: Chrome,
    id: i64,
    number: String,
    version: i64,
    status: &'static str,
    facts: Vec<(&'static str, String)>,
    clocks: Vec<(&'static str, String)>,
    commands: Vec<&'static str>,
    /// The window's department may be given it.
    department: Option<String>,
    outcomes: Vec<(&'static str, &'static str)>,
    /// The centre's leader may reveal the contact.
    may_reveal: bool,
    error: Option<String>,
    done: bool,
}

impl ComplaintPage {
    fn can(&self, name: &str) -> bool {
        self.commands.contains(&name)
    }
}

fn command_name(kind: CommandKind) -> &'static str {
    match kind {
        CommandKind::Accept => "accept",
        CommandKind::Refer => "refer",
        CommandKind::Conclude => "conclude",
        CommandKind::Feedback => "feedback",
    }
}

async fn build(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    id: ComplaintId,
    (error, done, clear): (Option<String>, bool, Option<String>),
) -> Result<ComplaintPage, PageError> {
    let db = &state.platform.db;
    let seen = usecase::office_complaint(db, id, &staff.actor).await?;
    let c = &seen.stored.complaint;
    let units = unit_names(state).await?;
    let judged = Judged::load(state, staff).await?;
    let clocks = with_clocks(&judged, |clocks| clocks.lines(&c.clocks, clock_label));
    let mut facts = vec![
        ("投诉渠道", c.source.label().to_owned()),
        ("被投诉窗口", window_words(&seen.stored)),
        (
            "窗口所属单位",
            c.window_unit
                .map_or_else(|| "—".to_owned(), |u| name_in(&units, u.0)),
        ),
        ("投诉内容", c.content.clone()),
        ("登记时间", minute_of(c.registered_at.millis())),
    ];
    if seen.centre_view {
        let contact = clear
            .clone()
            .or_else(|| c.contact.clone())
            .unwrap_or_else(|| "匿名".to_owned());
        facts.push(("联系方式", contact));
    }
    if let Some(handler) = c.handler {
        let unit = name_in(&units, handler.unit(c.centre).0);
        facts.push(("受理单位", format!("{}（{unit}）", handler.label())));
    }
    if let Some(outcome) = c.outcome {
        facts.push(("处理结果", outcome.label().to_owned()));
    }
    if !c.finding.is_empty() {
        facts.push(("核查处理情况或转办理由", c.finding.clone()));
    }
    if let Some(at) = c.concluded_at {
        facts.push(("办结时间", minute_of(at.millis())));
    }
    let sealed = !seen.stored.contact_sealed.is_empty();
    let may_reveal = may_reveal(seen.centre_view, staff, sealed, clear.is_some());
    Ok(ComplaintPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        id: id.0,
        number: seen.stored.number.clone(),
        version: seen.stored.version,
        status: c.status.label(),
        facts,
        clocks,
        commands: seen.available.iter().map(|k| command_name(*k)).collect(),
        department: c.window_unit.map(|u| name_in(&units, u.0)),
        outcomes: Outcome::ALL.iter().map(|o| (o.code(), o.label())).collect(),
        may_reveal,
        error,
        done,
    })
}

/// `?done=1` after a command.
#[derive(Debug, Default, serde::Deserialize)]
pub struct ShowQuery {
    #[serde(default)]
    done: Option<String>,
}

/// `GET /office/hall/complaints/{id}`.
pub async fn show(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(ComplaintNo(id)): Id<ComplaintNo>,
    Query(query): Query<ShowQuery>,
) -> Result<ComplaintPage, PageError> {
    let done = query.done.is_some();
    build(&state, &csrf, &staff, ComplaintId(id), (None, done, None)).await
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActForm {
    #[serde(default)]
    version: String,
    #[serde(default, rename = "do")]
    action: String,
    #[serde(default)]
    handler: String,
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    text: String,
}

fn command(form: &ActForm, window_unit: Option<UnitId>) -> platform::Result<Command> {
    checked_text(&form.text)?;
    Ok(match form.action.as_str() {
        "accept" => match (form.handler.as_str(), window_unit) {
            ("centre", _) => Command::Accept(Handler::Centre),
            ("department", Some(unit)) => Command::Accept(Handler::Department(unit)),
            _ => return Err(platform::Error::invalid("请选择受理单位")),
        },
        "refer" => Command::Refer {
            reason: form.text.clone(),
        },
        "conclude" => Command::Conclude {
            outcome: Outcome::parse(&form.outcome)
                .ok_or_else(|| platform::Error::invalid("请选择处理结果"))?,
            finding: form.text.clone(),
        },
        "feedback" => Command::Feedback,
        _ => return Err(platform::Error::invalid("请选择要办理的操作")),
    })
}

/// `POST /office/hall/complaints/{id}/act`: one command through the kernel.
pub async fn act(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(ComplaintNo(id)): Id<ComplaintNo>,
    Form(form): Form<ActForm>,
) -> Result<Response, PageError> {
    let id = ComplaintId(id);
    let db = &state.platform.db;
    // Outside the centre and the accepting unit, not found (before anything else).
    let seen = usecase::office_complaint(db, id, &staff.actor).await?;
    let outcome = async {
        let version = page_version(&form.version)?;
        let command = command(&form, seen.stored.complaint.window_unit)?;
        let judged = Judged::load(&state, &staff).await?;
        let context = judged.context(&state);
        usecase::execute(db, &context, &staff.actor, id, command, Some(version)).await
    }
    .await;
    match outcome {
        Ok(_) => {
            let to = format!("/office/hall/complaints/{}?done=1", id.0);
            Ok(Redirect::to(&to).into_response())
        }
        Err(error) if refused(&error) => {
            let page = build(
                &state,
                &csrf,
                &staff,
                id,
                (Some(error.to_string()), false, None),
            )
            .await?;
            Ok((StatusCode::BAD_REQUEST, page).into_response())
        }
        Err(error) => Err(error.into()),
    }
}

/// `POST /office/hall/complaints/{id}/reveal`: the contact in clear for the centre's leader
/// (audited); anyone else is refused (403) and learns nothing.
pub async fn reveal(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(ComplaintNo(id)): Id<ComplaintNo>,
) -> Result<Response, PageError> {
    let id = ComplaintId(id);
    let db = &state.platform.db;
    usecase::office_complaint(db, id, &staff.actor).await?;
    let judged = Judged::load(&state, &staff).await?;
    let context = judged.context(&state);
    let clear = usecase::reveal_contact(db, &context, &staff.actor, id).await?;
    let page = build(&state, &csrf, &staff, id, (None, false, Some(clear))).await?;
    Ok(page.into_response())
}
