//! Access applications in the back office (NET-ELIGIBLE, NET-ACCESS; 000 外网 §9, §10): the
//! list of the viewer's unit (the applications the office reviews, or those the unit filed)
//! with each running clock's light; the application form (kind, the §9 category, basis,
//! mode, scope, the address blocks asked for, the access a change or closing names) — a
//! unit's staff apply for their unit, the extranet office may register for any unit; an
//! application's page with the filing, the steps taken, every step's clock, the addresses
//! tied to it and the forms of the commands the viewer may run now (`commands`).

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use calendar::Instant;
use extranet::UnitId;
use extranet::application::{
    AccessClock, AccessMode, Application, ApplicationId, ApplicationKind, CommandKind, Eligibility,
    Filing, RequestedBlock, Status,
};
use extranet::usecase::applications as usecase;
use extranet::usecase::ipam as ipam_usecase;
use platform::db::now_ms;
use serde::Deserialize;

use super::commands::command_path;
use super::{ApplicationNo, Clocks, acting, limited, name_in, refused, unit_names};
use crate::AppState;
use crate::chrome::{Chrome, minute_of};
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{Form, Id, Query};
use crate::staff::{Judged, Staff};

/// One line of the list.
pub struct Line {
    pub id: i64,
    pub number: String,
    pub unit: String,
    pub kind: &'static str,
    pub status: &'static str,
    pub light: &'static str,
    pub clock: String,
    pub applied: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "extranet/applications.html")]
pub struct ListPage {
    chrome: Chrome,
    unit: String,
    is_office: bool,
    lines: Vec<Line>,
}

async fn clocks_of(
    state: &AppState,
) -> Result<(calendar::Calendar, calendar::LightRule), PageError> {
    let profile = state.profile().await?;
    let calendar = platform::workcal::load_current(&state.platform.db).await?;
    Ok((calendar, platform::clocks::light_rule(&profile)))
}

/// `GET /office/extranet/applications`: the viewer's unit's applications, newest first.
pub async fn list(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
) -> Result<ListPage, PageError> {
    let db = &state.platform.db;
    let units = unit_names(&state).await?;
    let (calendar, rule) = clocks_of(&state).await?;
    let clocks = Clocks {
        calendar: &calendar,
        rule: &rule,
        now: Instant::from_millis(now_ms()),
    };
    let lines = usecase::list(db, &acting(&staff), 500)
        .await?
        .into_iter()
        .map(|stored| {
            let a = &stored.application;
            let (light, clock) = clocks.running(&a.clocks, AccessClock::label_zh);
            Line {
                id: a.id.0,
                number: stored.number.clone(),
                unit: name_in(&units, a.filing.unit.0),
                kind: a.filing.kind.label_zh(),
                status: status_words(a),
                light,
                clock,
                applied: minute_of(a.applied_at.millis()),
            }
        })
        .collect();
    Ok(ListPage {
        chrome: Chrome::office(&state, &csrf, &staff.actor).await?,
        unit: staff.actor.unit_name.clone(),
        is_office: platform::access::extranet_ipam(&staff.actor),
        lines,
    })
}

/// A status in words: an approved closing waits for its link to be closed.
fn status_words(application: &Application) -> &'static str {
    match (application.status, application.filing.kind) {
        (Status::Approved, ApplicationKind::Closing) => "已通过审核，待关闭链路",
        (Status::Approved, _) => "已通过审核，待报送技术方案",
        (status, _) => status.label_zh(),
    }
}

/// The application form as typed.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApplyForm {
    #[serde(default)]
    unit: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    eligibility: String,
    #[serde(default)]
    basis: String,
    #[serde(default)]
    mode: String,
    #[serde(default)]
    scope: String,
    #[serde(default)]
    v4: String,
    #[serde(default)]
    v6: String,
    #[serde(default)]
    of_access: String,
}

/// `/29 /32` (or `29, 32`): the blocks of one family, or the problem.
fn blocks(text: &str, v6: bool, problems: &mut Vec<String>) -> Vec<RequestedBlock> {
    let family = if v6 { "IPv6" } else { "IPv4" };
    text.split(|c: char| c.is_whitespace() || c == ',' || c == '，' || c == '、')
        .filter(|part| !part.is_empty())
        .filter_map(|part| match part.trim_start_matches('/').parse::<u8>() {
            Ok(length) => Some(RequestedBlock { v6, length }),
            Err(_) => {
                problems.push(format!("{family}地址段“{part}”应写作前缀长度，如 /29"));
                None
            }
        })
        .collect()
}

/// An application number (`WW2026000012`) or its id.
fn access_id(text: &str) -> Option<i64> {
    let text = text.trim();
    let digits = text
        .strip_prefix("WW")
        .or_else(|| text.strip_prefix("ww"))
        .map_or(text, |rest| rest.get(4..).unwrap_or_default());
    crate::extract::parse_number(digits).filter(|id| *id > 0)
}

impl ApplyForm {
    /// The filing, or every problem of what was typed.
    fn filing(&self, own_unit: i64, is_office: bool) -> Result<Filing, String> {
        let mut problems = Vec::new();
        for (what, text, max) in [
            ("申请依据", &self.basis, 2000),
            ("接入范围", &self.scope, 2000),
        ] {
            if let Err(error) = limited(text, what, max) {
                problems.push(error.to_string());
            }
        }
        let unit = if is_office {
            let unit = crate::extract::parse_number(self.unit.trim()).filter(|id| *id > 0);
            if unit.is_none() {
                problems.push("请选择申请接入的单位".to_owned());
            }
            unit.unwrap_or_default()
        } else {
            own_unit
        };
        let kind = ApplicationKind::from_code(&self.kind);
        if kind.is_none() {
            problems.push("请选择申请类型".to_owned());
        }
        let eligibility = Eligibility::from_code(&self.eligibility);
        if eligibility.is_none() {
            problems.push("请选择单位类别（NET-ELIGIBLE）".to_owned());
        }
        let mode = AccessMode::from_code(&self.mode);
        if mode.is_none() {
            problems.push("请选择接入方式".to_owned());
        }
        let mut addresses = blocks(&self.v4, false, &mut problems);
        addresses.extend(blocks(&self.v6, true, &mut problems));
        let of_access = match self.of_access.trim() {
            "" => None,
            text => match access_id(text) {
                Some(id) => Some(ApplicationId(id)),
                None => {
                    problems.push(format!("“{text}”不是接入申请编号"));
                    None
                }
            },
        };
        match (kind, eligibility, mode) {
            (Some(kind), Some(eligibility), Some(mode)) if problems.is_empty() => Ok(Filing {
                unit: UnitId(unit),
                kind,
                eligibility,
                basis: self.basis.clone(),
                mode,
                scope: self.scope.clone(),
                addresses,
                of_access,
            }),
            _ => Err(problems.join("；")),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "extranet/application_new.html")]
pub struct ApplyPage {
    chrome: Chrome,
    form: ApplyForm,
    error: Option<String>,
    is_office: bool,
    units: Vec<(String, String)>,
    kinds: Vec<(&'static str, &'static str)>,
    categories: Vec<(&'static str, &'static str)>,
    modes: Vec<(&'static str, &'static str)>,
    /// The unit's accesses in operation (number, scope) a change or closing may name.
    accesses: Vec<(String, String)>,
}

async fn apply_page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    form: ApplyForm,
    error: Option<String>,
) -> Result<ApplyPage, PageError> {
    let db = &state.platform.db;
    let is_office = platform::access::extranet_ipam(&staff.actor);
    let office = usecase::office(db).await.ok();
    let units = unit_names(state)
        .await?
        .into_iter()
        .filter(|u| u.2 && Some(UnitId(u.0)) != office)
        .map(|u| (u.0.to_string(), u.1))
        .collect();
    let accesses = usecase::list(db, &acting(staff), 500)
        .await?
        .into_iter()
        .filter(|s| {
            let a = &s.application;
            a.filing.unit.0 == staff.actor.unit_id
                && a.status == Status::InOperation
                && a.filing.kind != ApplicationKind::Closing
        })
        .map(|s| (s.number, s.application.filing.scope))
        .collect();
    Ok(ApplyPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        form,
        error,
        is_office,
        units,
        kinds: ApplicationKind::ALL
            .map(|k| (k.code(), k.label_zh()))
            .to_vec(),
        categories: Eligibility::ALL.map(|k| (k.code(), k.label_zh())).to_vec(),
        modes: AccessMode::ALL.map(|k| (k.code(), k.label_zh())).to_vec(),
        accesses,
    })
}

/// `GET /office/extranet/applications/new`: the application form.
pub async fn new_form(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
) -> Result<ApplyPage, PageError> {
    let form = ApplyForm {
        kind: ApplicationKind::Access.code().to_owned(),
        ..ApplyForm::default()
    };
    apply_page(&state, &csrf, &staff, form, None).await
}

/// `POST /office/extranet/applications`: files the application, or shows the form again
/// with every problem (400) and nothing stored.
pub async fn create(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(form): Form<ApplyForm>,
) -> Result<Response, PageError> {
    let db = &state.platform.db;
    let is_office = platform::access::extranet_ipam(&staff.actor);
    let outcome = match form.filing(staff.actor.unit_id, is_office) {
        Ok(filing) => match usecase::office(db).await {
            Ok(office) => {
                let judged = Judged::load(&state, &staff).await?;
                let context = judged.context(&state);
                usecase::register(db, &context, &acting(&staff), office, filing).await
            }
            Err(error) => Err(error),
        },
        Err(problems) => Err(platform::Error::invalid(problems)),
    };
    match outcome {
        Ok(stored) => {
            let to = format!("/office/extranet/applications/{}", stored.application.id.0);
            Ok(Redirect::to(&to).into_response())
        }
        Err(error) if refused(&error) => {
            let page = apply_page(&state, &csrf, &staff, form, Some(error.to_string())).await?;
            Ok((axum::http::StatusCode::BAD_REQUEST, page).into_response())
        }
        Err(error) => Err(error.into()),
    }
}

/// One allocation on the application's page.
pub struct Held {
    pub id: i64,
    pub prefix: String,
    pub pool: String,
    pub status: &'static str,
    pub blocked: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "extranet/application.html")]
pub struct ApplicationPage {
    chrome: Chrome,
    id: i64,
    number: String,
    version: i64,
    status: &'static str,
    facts: Vec<(&'static str, String)>,
    steps: Vec<(&'static str, String, String)>,
    clocks: Vec<(&'static str, String)>,
    commands: Vec<&'static str>,
    held: Vec<Held>,
    /// The office may allocate to it: the pools (id, name and prefix) and the length asked.
    may_allocate: bool,
    pools: Vec<(i64, String)>,
    length: String,
    may_reclaim: bool,
    error: Option<String>,
    done: bool,
}

impl ApplicationPage {
    fn can(&self, code: &str) -> bool {
        self.commands.contains(&code)
    }
}

fn facts(a: &Application, units: &[(i64, String, bool)]) -> Vec<(&'static str, String)> {
    let f = &a.filing;
    let asked: Vec<String> = f
        .addresses
        .iter()
        .map(|b| format!("{} /{}", if b.v6 { "IPv6" } else { "IPv4" }, b.length))
        .collect();
    let mut facts = vec![
        ("申请单位", name_in(units, f.unit.0)),
        ("申请类型", f.kind.label_zh().to_owned()),
        ("单位类别", f.eligibility.label_zh().to_owned()),
        ("申请依据", f.basis.clone()),
        ("接入方式", f.mode.label_zh().to_owned()),
        ("接入范围", f.scope.clone()),
        (
            "所需地址",
            if asked.is_empty() {
                "—".into()
            } else {
                asked.join("、")
            },
        ),
        ("审核机构", name_in(units, a.office.0)),
        ("申请时间", minute_of(a.applied_at.millis())),
    ];
    if let Some(of) = f.of_access {
        facts.push(("所涉接入", format!("申请 {of}")));
    }
    if let Some(reason) = &a.refusal {
        facts.push(("不通过理由", reason.clone()));
    }
    if let Some(plan) = &a.plan {
        facts.push(("技术方案", plan.clone()));
    }
    if a.test_rounds > 0 {
        facts.push(("业务测试次数", a.test_rounds.to_string()));
    }
    if let Some(notice) = &a.closing_notice {
        facts.push(("关闭书面通知", notice.clone()));
    }
    facts
}

/// The page of application `id` for the viewer; not found outside its office and its unit.
pub(super) async fn build(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    id: ApplicationId,
    (error, done): (Option<String>, bool),
) -> Result<ApplicationPage, PageError> {
    let db = &state.platform.db;
    let seen = usecase::office_application(db, id, &acting(staff)).await?;
    let a = &seen.stored.application;
    let units = unit_names(state).await?;
    let (calendar, rule) = clocks_of(state).await?;
    let clocks = Clocks {
        calendar: &calendar,
        rule: &rule,
        now: Instant::from_millis(now_ms()),
    }
    .lines(&a.clocks, AccessClock::label_zh);
    let steps = a
        .steps
        .iter()
        .map(|s| {
            (
                CommandKind::label_of_code(&s.command),
                s.text.clone(),
                minute_of(s.at.millis()),
            )
        })
        .collect();
    let pools = ipam_usecase::pools(db).await?;
    let pool_name = |pool: i64| {
        pools
            .iter()
            .find(|p| p.id == pool)
            .map_or_else(|| pool.to_string(), |p| p.name.clone())
    };
    let held = ipam_usecase::of_application(db, id)
        .await?
        .into_iter()
        .map(|x| Held {
            id: x.id,
            prefix: x.prefix.to_string(),
            pool: pool_name(x.pool_id),
            status: x.status.label_zh(),
            blocked: x.blocked,
        })
        .collect();
    let is_ipam =
        platform::access::extranet_ipam(&staff.actor) && a.office.0 == staff.actor.unit_id;
    let may_allocate = is_ipam
        && a.filing.kind != ApplicationKind::Closing
        && !matches!(a.status, Status::Refused | Status::Closed);
    let length = a
        .filing
        .addresses
        .first()
        .map_or_else(|| "29".to_owned(), |b| b.length.to_string());
    Ok(ApplicationPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        id: id.0,
        number: seen.stored.number.clone(),
        version: seen.stored.version,
        status: status_words(a),
        facts: facts(a, &units),
        steps,
        clocks,
        commands: seen.available.iter().map(|k| command_path(*k)).collect(),
        held,
        may_allocate,
        pools: pools
            .iter()
            .map(|p| (p.id, format!("{}（{}）", p.name, p.prefix)))
            .collect(),
        length,
        may_reclaim: is_ipam,
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

/// `GET /office/extranet/applications/{id}`.
pub async fn show(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(ApplicationNo(id)): Id<ApplicationNo>,
    Query(done): Query<Done>,
) -> Result<ApplicationPage, PageError> {
    build(
        &state,
        &csrf,
        &staff,
        ApplicationId(id),
        (None, done.done.is_some()),
    )
    .await
}
