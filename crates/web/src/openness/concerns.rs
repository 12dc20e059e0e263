//! The register of public concerns in the back office (回应社会关切, PUB-RESPOND; 002 重大政策
//! 解读回应制度 §6): the list of the viewer's unit — the concerns its openness office registered
//! and those it must respond to — with each running clock's light; the office's registration
//! form (the policy, or the register number of its document, whose drafting unit then
//! responds; where and when the concern was noticed; its gravity); a concern's page with its
//! records, its clocks (met or late at the time the release took place) and the forms of the
//! commands the viewer may run now (`concerns_commands`).

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use calendar::Instant;
use openness::UnitId;
use openness::concern::{
    CommandKind, Concern, ConcernClock, ConcernId, Filing, Gravity, Release, Source,
};
use openness::store::concerns as store;
use openness::usecase::concerns as usecase;
use platform::db::now_ms;
use serde::Deserialize;

use super::ConcernNo;
use super::office::acting;
use super::subject::{Clocks, choices, local_minute, name_in, now_local, refused, unit_names};
use crate::AppState;
use crate::chrome::{Chrome, minute_of};
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{Form, Id, Query};
use crate::staff::{Judged, Staff};

/// One line of the list.
pub struct ConcernLine {
    pub id: i64,
    pub number: String,
    pub policy: String,
    pub unit: String,
    pub gravity: &'static str,
    pub status: &'static str,
    pub light: &'static str,
    pub clock: String,
    pub noticed: String,
    /// The viewer's unit responds to it.
    pub ours: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "openness/concerns.html")]
pub struct ListPage {
    chrome: Chrome,
    unit: String,
    may_register: bool,
    lines: Vec<ConcernLine>,
}

/// `GET /office/openness/concerns`: the viewer's unit's concerns, newest first.
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
        let (light, clock) = clocks.running(&stored.concern.clocks, ConcernClock::label_zh);
        lines.push(ConcernLine {
            id: line.id.0,
            number: line.number,
            policy: line.policy,
            unit: name_in(&units, line.unit.0),
            gravity: line.gravity.label_zh(),
            status: line.status.label_zh(),
            light,
            clock,
            noticed: minute_of(line.noticed_at.millis()),
            ours: line.unit == unit,
        });
    }
    Ok(ListPage {
        chrome: Chrome::office(&state, &csrf, &staff.actor).await?,
        unit: staff.actor.unit_name.clone(),
        may_register: platform::access::openness_concern_register(&staff.actor),
        lines,
    })
}

/// The registration form as typed.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisterForm {
    #[serde(default)]
    policy: String,
    #[serde(default)]
    document: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    source: String,
    #[serde(default)]
    noticed_at: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    gravity: String,
    /// PUB-CLARIFY: a checkbox, `on` when false information is to be clarified.
    #[serde(default)]
    false_information: Option<String>,
}

impl RegisterForm {
    /// The filing, or every problem of what was typed. A register number names the document
    /// (its drafting unit responds); without one, a unit must be chosen.
    async fn filing(&self, db: &platform::db::Db, now: Instant) -> Result<Filing, String> {
        let mut problems: Vec<String> = [
            ("政策文件名称", &self.policy, 200),
            ("舆情摘要", &self.summary, 4000),
        ]
        .into_iter()
        .filter(|(_, text, max)| text.chars().count() > *max)
        .map(|(what, _, max)| format!("{what}不能超过{max}个字"))
        .collect();
        let document = match self.document.trim() {
            "" => None,
            number if number.chars().count() > 40 => {
                problems.push("公文登记号不正确".to_owned());
                None
            }
            number => match openness::store::documents::by_number(db, number).await {
                Ok(Some(stored)) => Some(stored.document.id),
                Ok(None) => {
                    problems.push(format!("公文登记簿中没有登记号为“{number}”的公文"));
                    None
                }
                Err(error) => return Err(error.to_string()),
            },
        };
        let unit = self.unit.trim().parse::<i64>().ok().filter(|id| *id > 0);
        if unit.is_none() && document.is_none() {
            problems.push("请选择回应单位，或填写公文登记号（由起草单位回应）".to_owned());
        }
        let source = Source::from_code(&self.source);
        if source.is_none() {
            problems.push("请选择舆情来源".to_owned());
        }
        let gravity = Gravity::from_code(&self.gravity);
        if gravity.is_none() {
            problems.push("请选择舆情等级".to_owned());
        }
        let noticed_at = local_minute(&self.noticed_at, now);
        if noticed_at.is_none() {
            problems.push("发现时间格式不正确".to_owned());
        }
        match (source, gravity, noticed_at) {
            (Some(source), Some(gravity), Some(noticed_at)) if problems.is_empty() => Ok(Filing {
                policy: self.policy.clone(),
                document,
                // With a document, the use case puts its drafting unit here.
                unit: UnitId(unit.unwrap_or_default()),
                source,
                noticed_at,
                summary: self.summary.clone(),
                gravity,
                false_information: self.false_information.is_some(),
            }),
            _ => Err(problems.join("；")),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "openness/concern_new.html")]
pub struct RegisterPage {
    chrome: Chrome,
    form: RegisterForm,
    error: Option<String>,
    sources: Vec<(&'static str, &'static str)>,
    gravities: Vec<(&'static str, &'static str)>,
    units: Vec<(String, String)>,
}

async fn register_page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    form: RegisterForm,
    error: Option<String>,
) -> Result<RegisterPage, PageError> {
    Ok(RegisterPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        form,
        error,
        sources: Source::ALL.map(|s| (s.code(), s.label_zh())).to_vec(),
        gravities: Gravity::ALL.map(|g| (g.code(), g.label_zh())).to_vec(),
        units: choices(unit_names(state).await?, 0),
    })
}

/// `GET /office/openness/concerns/new`: the registration form.
pub async fn new_form(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
) -> Result<RegisterPage, PageError> {
    let form = RegisterForm {
        noticed_at: now_local(),
        ..RegisterForm::default()
    };
    register_page(&state, &csrf, &staff, form, None).await
}

/// `POST /office/openness/concerns`: registers the concern, or shows the form again with every
/// problem (400) and nothing stored.
pub async fn create(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(form): Form<RegisterForm>,
) -> Result<Response, PageError> {
    let now = Instant::from_millis(now_ms());
    let db = &state.platform.db;
    let outcome = match form.filing(db, now).await {
        Ok(filing) => {
            let judged = Judged::load(&state, &staff).await?;
            let context = judged.context(&state);
            usecase::register(db, &context, &acting(&staff), filing).await
        }
        Err(problems) => Err(platform::Error::invalid(problems)),
    };
    match outcome {
        Ok(stored) => {
            let to = format!("/office/openness/concerns/{}", stored.concern.id.0);
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
#[template(path = "openness/concern.html")]
pub struct ConcernPage {
    chrome: Chrome,
    id: i64,
    number: String,
    version: i64,
    status: &'static str,
    facts: Vec<(&'static str, String)>,
    clocks: Vec<(&'static str, String)>,
    commands: Vec<&'static str>,
    /// The release forms the viewer may fill now: path, title, what is written.
    releases: Vec<(&'static str, &'static str, &'static str)>,
    /// The release forms' default time: now.
    now: String,
    error: Option<String>,
    done: bool,
}

impl ConcernPage {
    fn can(&self, code: &str) -> bool {
        self.commands.contains(&code)
    }
}

/// The release forms: path, title, what is written.
const RELEASES: [(&str, &str, &str); 3] = [
    ("information", "发布权威信息", "发布的权威信息"),
    ("press-conference", "举行新闻发布会", "发布会的主要内容"),
    ("respond", "回应关切", "回应内容"),
];

/// The code of a command in the page's forms and paths.
pub(super) fn command_path(kind: CommandKind) -> &'static str {
    match kind {
        CommandKind::ReleaseInformation => "information",
        CommandKind::HoldPressConference => "press-conference",
        CommandKind::Respond => "respond",
        CommandKind::RecordApproval => "approval",
        CommandKind::Escalate => "escalate",
        CommandKind::Close => "close",
    }
}

fn release_words(release: &Release) -> String {
    format!(
        "{}（{}，{}；{} 登记）",
        release.text,
        release.place,
        minute_of(release.took_place_at.millis()),
        minute_of(release.recorded_at.millis())
    )
}

fn facts(concern: &Concern, units: &[(i64, String, bool)]) -> Vec<(&'static str, String)> {
    let filing = &concern.filing;
    let mut facts = vec![
        ("政策文件", filing.policy.clone()),
        ("回应单位", name_in(units, filing.unit.0)),
        ("舆情等级", filing.gravity.label_zh().to_owned()),
        ("舆情来源", filing.source.label_zh().to_owned()),
        ("发现时间", minute_of(filing.noticed_at.millis())),
        ("舆情摘要", filing.summary.clone()),
        ("登记单位", name_in(units, concern.office.0)),
    ];
    if let Some(reason) = &concern.escalation {
        facts.push(("升级理由", reason.clone()));
    }
    // PUB-CLARIFY: false information and the consent to clarify it.
    if filing.false_information {
        let consent = concern.approval.as_ref().map_or_else(
            || "尚未记录（澄清须先报请本级政府或上一级主管部门同意）".to_owned(),
            |a| {
                format!(
                    "{}同意（{}，{}；{} 登记）",
                    a.by,
                    a.reference,
                    minute_of(a.approved_at.millis()),
                    minute_of(a.recorded_at.millis())
                )
            },
        );
        facts.push(("虚假或不完整信息", "是，须发布准确信息予以澄清".to_owned()));
        facts.push(("上级同意澄清", consent));
    }
    let releases = [
        ("发布权威信息", &concern.information),
        ("新闻发布会", &concern.press_conference),
        ("回应", &concern.response),
    ];
    for (what, release) in releases {
        if let Some(release) = release {
            facts.push((what, release_words(release)));
        }
    }
    if let (Some(outcome), Some(at)) = (&concern.outcome, concern.closed_at) {
        facts.push(("办结", format!("{outcome}（{}）", minute_of(at.millis()))));
    }
    facts
}

/// The page of concern `id` for the viewer, with a refusal or a done notice; not found
/// outside its office and its responding unit.
pub(super) async fn build(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    id: ConcernId,
    (error, done): (Option<String>, bool),
) -> Result<ConcernPage, PageError> {
    let db = &state.platform.db;
    let seen = usecase::office_concern(db, id, &acting(staff)).await?;
    let units = unit_names(state).await?;
    let profile = state.profile().await?;
    let calendar = platform::workcal::load_current(db).await?;
    let rule = platform::clocks::light_rule(&profile);
    let now = Instant::from_millis(now_ms());
    let clocks = Clocks {
        calendar: &calendar,
        rule: &rule,
        now,
    }
    .lines(&seen.concern.clocks, ConcernClock::label_zh);
    let commands: Vec<&'static str> = seen.available.iter().map(|k| command_path(*k)).collect();
    let releases = RELEASES
        .into_iter()
        .filter(|r| commands.contains(&r.0))
        .collect();
    Ok(ConcernPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        id: id.0,
        number: seen.number.clone(),
        version: seen.version,
        status: seen.concern.status.label_zh(),
        facts: facts(&seen.concern, &units),
        clocks,
        commands,
        releases,
        now: now_local(),
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

/// `GET /office/openness/concerns/{id}`.
pub async fn show(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(ConcernNo(id)): Id<ConcernNo>,
    Query(done): Query<Done>,
) -> Result<ConcernPage, PageError> {
    let done = done.done.is_some();
    build(&state, &csrf, &staff, ConcernId(id), (None, done)).await
}
