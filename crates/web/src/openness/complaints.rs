//! The register of complaints about disclosure in the back office (政务公开投诉,
//! PUB-COMPLAINT; 002 投诉举报 §5–§7): the list of the viewer's unit — the complaints its
//! openness office registered and those made about it — with each running clock's light, the
//! registration form of the openness office (every problem at once, what was typed kept), and
//! a complaint's page with its records, clocks and the forms of the commands the viewer may
//! run now. The unit complained about sees the matter and answers it, never the complainant:
//! no page of it carries the complainant's name or contact. The commands are
//! `complaints_commands`.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use calendar::Instant;
use openness::UnitId;
use openness::complaint::{
    Channel, CommandKind, Complainant, Complaint, ComplaintClock, ComplaintId, FeedbackMeans,
    Filing, Ground, Satisfaction,
};
use openness::store::complaints as store;
use openness::usecase::complaints as usecase;
use platform::db::now_ms;
use serde::Deserialize;

use super::ComplaintNo;
use super::office::acting;
use super::subject::{Clocks, choices, local_minute, name_in, now_local, refused, unit_names};
use crate::AppState;
use crate::chrome::{Chrome, date_of, minute_of};
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{Form, Id, Query};
use crate::staff::{Judged, Staff};

/// One line of the list (never the complainant).
pub struct ComplaintLine {
    pub id: i64,
    pub number: String,
    pub unit: String,
    pub matter: String,
    pub ground: &'static str,
    pub status: &'static str,
    pub light: &'static str,
    pub clock: String,
    pub received: String,
    /// Made about the viewer's unit (it answers).
    pub about_us: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "openness/complaints.html")]
pub struct ListPage {
    chrome: Chrome,
    unit: String,
    may_register: bool,
    lines: Vec<ComplaintLine>,
}

/// `GET /office/openness/complaints`: the viewer's unit's complaints, newest first.
pub async fn list(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
) -> Result<ListPage, PageError> {
    let db = &state.platform.db;
    let unit = UnitId(staff.actor.unit_id);
    let units = unit_names(&state).await?;
    let profile = state.profile().await?;
    let calendar = platform::workcal::load_current(db).await?;
    let rule = platform::clocks::light_rule(&profile);
    let clocks = Clocks {
        calendar: &calendar,
        rule: &rule,
        now: Instant::from_millis(now_ms()),
    };
    let mut lines = Vec::new();
    for line in store::list(db, unit, 500).await? {
        let stored = store::get(db, line.id).await?;
        let (light, clock) = clocks.running(&stored.complaint.clocks, ComplaintClock::label_zh);
        lines.push(ComplaintLine {
            id: line.id.0,
            number: line.number,
            unit: name_in(&units, line.unit.0),
            matter: line.matter,
            ground: line.ground.label_zh(),
            status: line.status.label_zh(),
            light,
            clock,
            received: date_of(line.received_at.millis()),
            about_us: line.unit == unit,
        });
    }
    Ok(ListPage {
        chrome: Chrome::office(&state, &csrf, &staff.actor).await?,
        unit: staff.actor.unit_name.clone(),
        may_register: platform::access::openness_complaint_register(&staff.actor),
        lines,
    })
}

/// The registration form as typed.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisterForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    contact: String,
    #[serde(default)]
    channel: String,
    #[serde(default)]
    received_at: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    matter: String,
    #[serde(default)]
    ground: String,
}

impl RegisterForm {
    /// The filing, or every problem of what was typed (lengths, unknown choices, dates).
    fn filing(&self, now: Instant) -> Result<Filing, String> {
        let mut problems: Vec<String> = [
            ("投诉人姓名（名称）", &self.name, 100),
            ("联系方式", &self.contact, 200),
            ("主要事项", &self.matter, 4000),
        ]
        .into_iter()
        .filter(|(_, text, max)| text.chars().count() > *max)
        .map(|(what, _, max)| format!("{what}不能超过{max}个字"))
        .collect();
        let channel = Channel::from_code(&self.channel);
        if channel.is_none() {
            problems.push("请选择投诉方式".to_owned());
        }
        let ground = Ground::from_code(&self.ground);
        if ground.is_none() {
            problems.push("请选择投诉情形（制度第二条所列七种之一）".to_owned());
        }
        let unit = self.unit.trim().parse::<i64>().ok().filter(|id| *id > 0);
        if unit.is_none() {
            problems.push("请选择被投诉单位".to_owned());
        }
        let received_at = local_minute(&self.received_at, now);
        if received_at.is_none() {
            problems.push("投诉时间格式不正确".to_owned());
        }
        match (channel, ground, unit, received_at) {
            (Some(channel), Some(ground), Some(unit), Some(received_at)) if problems.is_empty() => {
                Ok(Filing {
                    complainant: Complainant {
                        name: self.name.clone(),
                        contact: self.contact.clone(),
                    },
                    channel,
                    received_at,
                    unit: UnitId(unit),
                    matter: self.matter.clone(),
                    ground,
                })
            }
            _ => Err(problems.join("；")),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "openness/complaint_new.html")]
pub struct RegisterPage {
    chrome: Chrome,
    form: RegisterForm,
    error: Option<String>,
    channels: Vec<(&'static str, &'static str)>,
    grounds: Vec<(&'static str, &'static str)>,
    units: Vec<(String, String)>,
}

async fn register_page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    form: RegisterForm,
    error: Option<String>,
) -> Result<RegisterPage, PageError> {
    let units = choices(unit_names(state).await?, staff.actor.unit_id);
    Ok(RegisterPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        form,
        error,
        channels: Channel::ALL.map(|c| (c.code(), c.label_zh())).to_vec(),
        grounds: Ground::ALL.map(|g| (g.code(), g.label_zh())).to_vec(),
        units,
    })
}

/// `GET /office/openness/complaints/new`: the registration form (《政务公开投诉举报登记表》).
pub async fn new_form(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
) -> Result<RegisterPage, PageError> {
    let form = RegisterForm {
        received_at: now_local(),
        ..RegisterForm::default()
    };
    register_page(&state, &csrf, &staff, form, None).await
}

/// `POST /office/openness/complaints`: registers the complaint, or shows the form again with
/// every problem (400) and nothing stored.
pub async fn create(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(form): Form<RegisterForm>,
) -> Result<Response, PageError> {
    let now = Instant::from_millis(now_ms());
    let outcome = match form.filing(now) {
        Ok(filing) => {
            let judged = Judged::load(&state, &staff).await?;
            let context = judged.context(&state);
            usecase::register(&state.platform.db, &context, &acting(&staff), filing).await
        }
        Err(problems) => Err(platform::Error::invalid(problems)),
    };
    match outcome {
        Ok(stored) => {
            let to = format!("/office/openness/complaints/{}", stored.complaint.id.0);
            Ok(Redirect::to(&to).into_response())
        }
        Err(error) if refused(&error) => {
            let page = register_page(&state, &csrf, &staff, form, Some(error.to_string())).await?;
            Ok((axum::http::StatusCode::BAD_REQUEST, page).into_response())
        }
        Err(error) => Err(error.into()),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "openness/complaint.html")]
pub struct ComplaintPage {
    chrome: Chrome,
    id: i64,
    number: String,
    version: i64,
    status: &'static str,
    facts: Vec<(&'static str, String)>,
    clocks: Vec<(&'static str, String)>,
    commands: Vec<&'static str>,
    means: Vec<(&'static str, &'static str)>,
    /// The new-date form's default: a week from today.
    week_later: String,
    satisfactions: Vec<(&'static str, &'static str)>,
    error: Option<String>,
    done: bool,
}

impl ComplaintPage {
    fn can(&self, code: &str) -> bool {
        self.commands.contains(&code)
    }
}

/// The code of a command in the page's forms and paths.
pub(super) fn command_path(kind: CommandKind) -> &'static str {
    match kind {
        CommandKind::Forward => "forward",
        CommandKind::MarkComplex => "complex",
        CommandKind::TellNewDate => "new-date",
        CommandKind::Reply => "reply",
        CommandKind::FeedBack => "feedback",
        CommandKind::Close => "close",
    }
}

fn facts(
    complaint: &Complaint,
    as_office: bool,
    units: &[(i64, String, bool)],
) -> Vec<(&'static str, String)> {
    let filing = &complaint.filing;
    let mut facts = Vec::new();
    // PUB-COMPLAINT (§7): the complainant only for the office, masked.
    if as_office {
        facts.push(("投诉人", filing.complainant.name.clone()));
        facts.push(("联系方式", filing.complainant.contact.clone()));
    }
    facts.extend([
        ("投诉时间", minute_of(filing.received_at.millis())),
        ("投诉方式", filing.channel.label_zh().to_owned()),
        ("被投诉单位", name_in(units, filing.unit.0)),
        ("投诉情形", filing.ground.label_zh().to_owned()),
        ("主要事项", filing.matter.clone()),
        ("受理单位", name_in(units, complaint.office.0)),
    ]);
    if let Some(at) = complaint.forwarded_at {
        facts.push(("转办时间", minute_of(at.millis())));
    }
    if let Some(c) = &complaint.complexity {
        facts.push((
            "复杂投诉",
            format!("{}（{}）", c.reason, minute_of(c.at.millis())),
        ));
    }
    for told in &complaint.new_dates {
        facts.push((
            "告知办理期限",
            format!(
                "{} 以{}告知投诉人，新的期限 {}，原因：{}",
                minute_of(told.at.millis()),
                told.means,
                date_of(told.due.millis()),
                told.reason
            ),
        ));
    }
    if let Some(r) = &complaint.reply {
        facts.push((
            "回复意见",
            format!("{}（{}）", r.text, minute_of(r.at.millis())),
        ));
    }
    if let Some(f) = &complaint.feedback {
        let note = if f.note.is_empty() {
            String::new()
        } else {
            format!("，{}", f.note)
        };
        facts.push((
            "反馈",
            format!(
                "{}，{}{note}（{}）",
                f.means.label_zh(),
                f.satisfaction.label_zh(),
                minute_of(f.at.millis())
            ),
        ));
    }
    if let Some(at) = complaint.closed_at {
        facts.push(("办结归档", minute_of(at.millis())));
    }
    facts
}

/// The page of complaint `id` for the viewer, with a refusal or a done notice; not found
/// outside the office and the unit complained about.
pub(super) async fn build(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    id: ComplaintId,
    (error, done): (Option<String>, bool),
) -> Result<ComplaintPage, PageError> {
    let db = &state.platform.db;
    let seen = usecase::office_complaint(db, id, &acting(staff)).await?;
    let units = unit_names(state).await?;
    let profile = state.profile().await?;
    let calendar = platform::workcal::load_current(db).await?;
    let rule = platform::clocks::light_rule(&profile);
    let now = Instant::from_millis(now_ms());
    let complaint = &seen.complaint;
    let clocks = Clocks {
        calendar: &calendar,
        rule: &rule,
        now,
    }
    .lines(&complaint.clocks, ComplaintClock::label_zh);
    Ok(ComplaintPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        id: id.0,
        number: seen.number.clone(),
        version: seen.version,
        status: complaint.status.label_zh(),
        facts: facts(complaint, seen.as_office, &units),
        clocks,
        commands: seen.available.iter().map(|k| command_path(*k)).collect(),
        week_later: date_of(now.millis() + 7 * 86_400_000),
        means: FeedbackMeans::ALL
            .map(|m| (m.code(), m.label_zh()))
            .to_vec(),
        satisfactions: Satisfaction::ALL.map(|s| (s.code(), s.label_zh())).to_vec(),
        error,
        done,
    })
}

/// `?done=1` after a command.
#[derive(Debug, Default, Deserialize)]
pub struct Done {
    #[serde(default)]
    done: Option<String>,
}

/// `GET /office/openness/complaints/{id}`.
pub async fn show(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(ComplaintNo(id)): Id<ComplaintNo>,
    Query(done): Query<Done>,
) -> Result<ComplaintPage, PageError> {
    let done = done.done.is_some();
    build(&state, &csrf, &staff, ComplaintId(id), (None, done)).await
}
