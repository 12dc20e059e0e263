//! The registry of the site group (WEB-REGISTRY): `/office/sites` lists the sites of the
//! viewer's units (name, kind, domain, 网站标识码, status); a site's page shows its
//! registration, its dated registration history, its applications (opening, temporary offline,
//! permanent closing) and offline periods, and the commands the viewer may run now
//! (`registry::available`), in the order of the transition table, the destructive ones in a
//! danger zone; each command goes through `sites::usecase::execute_site` with the page's
//! version, and a refusal shows the domain's Chinese message on the page, nothing changed.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::http::Method;
use axum::response::Response;
use axum::routing::post;
use platform::access::{self, Op};
use platform::roles::Role;
use serde::Deserialize;
use sites::registry::{
    ApplicationKind, CommandKind, OfflineKind, Registration, RegistrationEntry, SiteKind,
};
use sites::usecase::{self, OfficeSite};
use sites::{SiteId, UnitId, UserId};

use super::{DoneQuery, Names, SiteNo, acting, answer, site_in_scope};
use crate::AppState;
use crate::chrome::{Chrome, minute_of};
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{Form, Id, Query};
use crate::guard::{Guard, OfficeRoute, route};
use crate::staff::{Judged, Staff};

/// One site in the registry list.
pub struct SiteLine {
    pub id: i64,
    pub name: String,
    pub kind: &'static str,
    pub domains: String,
    pub code: String,
    pub status: &'static str,
    pub host: String,
    pub pending: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "office/sites_list.html")]
pub struct ListPage {
    chrome: Chrome,
    lines: Vec<SiteLine>,
    can_register: bool,
}

/// `GET /office/sites`: the sites the viewer's unit is involved in (or whose columns they
/// edit), the portal first.
pub async fn list(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
) -> Result<ListPage, PageError> {
    let db = &state.platform.db;
    let actor = &staff.actor;
    let editor = actor.has(Role::SiteEditor).then_some(UserId(actor.user_id));
    let mine = usecase::office::sites_involving(db, UnitId(actor.unit_id), editor).await?;
    let names = Names::load(&state).await?;
    let lines = sites::store::sites::list(db)
        .await?
        .into_iter()
        .filter(|stored| mine.contains(&stored.site.id))
        .map(|stored| {
            let site = stored.site;
            let registration = site.registration();
            SiteLine {
                id: site.id.0,
                name: registration.name.clone(),
                kind: registration.kind.label_zh(),
                domains: registration.domains.join("、"),
                code: registration.site_code.clone(),
                status: site.status.label_zh(),
                host: names.unit(registration.host_unit.0),
                pending: site
                    .pending()
                    .map(|application| format!("{}申请待审批", application.kind.label_zh()))
                    .unwrap_or_default(),
            }
        })
        .collect();
    Ok(ListPage {
        chrome: Chrome::office(&state, &csrf, actor).await?,
        lines,
        can_register: access::site_registry(actor, Op::Edit),
    })
}

/// A registration as label–value lines, in the form's order.
pub(super) fn registration_lines(
    registration: &Registration,
    names: &Names,
) -> Vec<(&'static str, String)> {
    let mut lines = vec![
        ("网站名称", registration.name.clone()),
        ("网站类型", registration.kind.label_zh().to_owned()),
        ("域名", registration.domains.join("、")),
        ("网站标识码", registration.site_code.clone()),
        ("ICP备案编号", registration.icp_number.clone()),
        ("公安机关备案号", registration.police_number.clone()),
        (
            "主办单位",
            format!(
                "{}（{}）",
                registration.host_unit_name,
                names.unit(registration.host_unit.0)
            ),
        ),
        ("承办单位", names.unit(registration.operator_unit.0)),
        ("主管单位", names.unit(registration.supervising_unit.0)),
        ("联系电话", registration.contact_phone.clone()),
        ("联系地址", registration.contact_address.clone()),
    ];
    for person in &registration.responsible {
        lines.push((person.duty.label_zh(), person.name.clone()));
    }
    lines
}

/// One entry of the registration history.
pub struct EntryLine {
    pub at: String,
    pub what: String,
    pub reason: String,
    pub lines: Vec<(&'static str, String)>,
}

fn entry_line(index: usize, entry: &RegistrationEntry, names: &Names) -> EntryLine {
    let what = if index == 0 {
        "初次登记".to_owned()
    } else {
        let changed: Vec<&str> = entry.changed.iter().map(|f| f.label_zh()).collect();
        format!("变更：{}", changed.join("、"))
    };
    EntryLine {
        at: minute_of(entry.at.millis()),
        what,
        reason: entry.reason.clone(),
        lines: registration_lines(&entry.registration, names),
    }
}

/// One application of the host unit, with its decision.
pub struct ApplicationLine {
    pub kind: String,
    pub reason: String,
    pub by: String,
    pub at: String,
    pub decision: String,
}

/// One time the site was offline.
pub struct OfflineLine {
    pub kind: &'static str,
    pub from: String,
    pub until: String,
    pub report: String,
}

/// The commands the page offers (`registry::available` for the viewer).
#[derive(Default)]
pub struct Can {
    pub apply_open: bool,
    pub apply_offline: bool,
    pub apply_close: bool,
    pub approve: bool,
    pub reject: bool,
    pub restore: bool,
    pub emergency: bool,
    pub change: bool,
}

impl Can {
    fn of(available: &[CommandKind]) -> Can {
        let has = |kind| available.contains(&kind);
        Can {
            apply_open: has(CommandKind::ApplyOpen),
            apply_offline: has(CommandKind::ApplyOffline),
            apply_close: has(CommandKind::ApplyClose),
            approve: has(CommandKind::Approve),
            reject: has(CommandKind::Reject),
            restore: has(CommandKind::Restore),
            emergency: has(CommandKind::ReportEmergency),
            change: has(CommandKind::ChangeRegistration),
        }
    }

    fn any(&self) -> bool {
        self.apply_open
            || self.apply_offline
            || self.apply_close
            || self.approve
            || self.reject
            || self.restore
            || self.emergency
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "office/sites_site.html")]
pub struct SitePage {
    chrome: Chrome,
    id: i64,
    name: String,
    status: &'static str,
    version: i64,
    is_portal: bool,
    registration: Vec<(&'static str, String)>,
    /// SEC-HOSTING: the hosting declaration in one line.
    hosting: String,
    entries: Vec<EntryLine>,
    pending: Option<ApplicationLine>,
    applications: Vec<ApplicationLine>,
    offline: Vec<OfflineLine>,
    opened_at: String,
    closed_at: String,
    offline_limit: String,
    offline_per_year: u32,
    can: Can,
    any_command: bool,
    history: Vec<crate::history::HistoryLine>,
    error: Option<String>,
    done: bool,
}

fn status_label(code: &str) -> &'static str {
    sites::registry::Status::ALL
        .into_iter()
        .find(|status| status.code() == code)
        .map_or("—", sites::registry::Status::label_zh)
}

fn application_line(application: &sites::registry::Application, names: &Names) -> ApplicationLine {
    let decision = match &application.decision {
        None => "待审批".to_owned(),
        Some(decision) => format!(
            "{}（{}，{}）{}",
            if decision.approved {
                "已批准"
            } else {
                "不予批准"
            },
            names.user(decision.by.0),
            minute_of(decision.at.millis()),
            if decision.opinion.is_empty() {
                String::new()
            } else {
                format!("：{}", decision.opinion)
            }
        ),
    };
    ApplicationLine {
        kind: match application.kind {
            ApplicationKind::TemporaryOffline { days } => format!("临时下线（{days}天）"),
            other => other.label_zh(),
        },
        reason: application.reason.clone(),
        by: names.user(application.by.0),
        at: minute_of(application.at.millis()),
        decision,
    }
}

/// The site's page for the viewer, with `error` (a refused command) or `done`.
pub(super) async fn site_page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    office: OfficeSite,
    error: Option<String>,
    done: bool,
) -> Result<SitePage, PageError> {
    let db = &state.platform.db;
    let names = Names::load(state).await?;
    let site = &office.site;
    let registration = site.registration();
    let rows = platform::workflow::history::rows(db, &sites::SITE_SUBJECT, site.id.0).await?;
    let history = crate::history::lines(db, &sites::SITE_SUBJECT, &rows, status_label).await?;
    let profile = state.profile().await?;
    let can = Can::of(&office.available);
    Ok(SitePage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        id: site.id.0,
        name: registration.name.clone(),
        status: site.status.label_zh(),
        version: office.version,
        is_portal: registration.kind == SiteKind::Portal,
        registration: registration_lines(registration, &names),
        hosting: super::hosting::summary(
            sites::usecase::hosting::hosting_of(db, site.id)
                .await?
                .as_ref(),
        ),
        entries: {
            let mut entries: Vec<EntryLine> = site
                .history
                .entries()
                .enumerate()
                .map(|(index, entry)| entry_line(index, entry, &names))
                .collect();
            entries.reverse();
            entries
        },
        pending: site.pending().map(|a| application_line(a, &names)),
        applications: site
            .applications
            .iter()
            .rev()
            .map(|a| application_line(a, &names))
            .collect(),
        offline: site
            .offline
            .iter()
            .rev()
            .map(|record| OfflineLine {
                kind: match record.kind {
                    OfflineKind::Temporary => "临时下线",
                    OfflineKind::Emergency => "紧急关停",
                },
                from: minute_of(record.from.millis()),
                until: record
                    .until
                    .map_or_else(|| "至今".to_owned(), |at| minute_of(at.millis())),
                report: record.report.clone(),
            })
            .collect(),
        opened_at: site
            .opened_at
            .map(|at| minute_of(at.millis()))
            .unwrap_or_default(),
        closed_at: site
            .closed_at
            .map(|at| minute_of(at.millis()))
            .unwrap_or_default(),
        offline_limit: profile.website.temporary_offline_max.0.label_zh(),
        offline_per_year: profile.website.temporary_offline_per_year,
        any_command: can.any(),
        can,
        history,
        error,
        done,
    })
}

/// `GET /office/sites/{id}`.
pub async fn show(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(SiteNo(id)): Id<SiteNo>,
    Query(query): Query<DoneQuery>,
) -> Result<SitePage, PageError> {
    let office = site_in_scope(&state, &staff, SiteId(id)).await?;
    site_page(&state, &csrf, &staff, office, None, query.done.is_some()).await
}

/// Runs one command on a site the viewer may see; answers with its page.
async fn run(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    id: SiteId,
    version: i64,
    command: platform::Result<sites::registry::Command>,
) -> Result<Response, PageError> {
    site_in_scope(state, staff, id).await?;
    let outcome = match command {
        Ok(command) => {
            let judged = Judged::load(state, staff).await?;
            let context = judged.context(state);
            usecase::execute_site(
                &state.platform.db,
                &context,
                &acting(staff),
                id,
                command,
                Some(version),
            )
            .await
            .map(|_| ())
        }
        Err(error) => Err(error),
    };
    answer(
        outcome,
        format!("/office/sites/{}?done=1", id.0),
        |message| async move {
            let office = site_in_scope(state, staff, id).await?;
            site_page(state, csrf, staff, office, Some(message), false).await
        },
    )
    .await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReasonForm {
    version: i64,
    reason: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfflineForm {
    version: i64,
    days: String,
    reason: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpinionForm {
    version: i64,
    opinion: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportForm {
    version: i64,
    report: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersionForm {
    version: i64,
}

macro_rules! site_command {
    ($name:ident, $form:ty, |$f:ident| $command:expr) => {
        pub async fn $name(
            State(state): State<AppState>,
            Extension(csrf): Extension<CsrfToken>,
            staff: Staff,
            Id(SiteNo(id)): Id<SiteNo>,
            Form($f): Form<$form>,
        ) -> Result<Response, PageError> {
            let version = $f.version;
            let command: platform::Result<sites::registry::Command> = $command;
            run(&state, &csrf, &staff, SiteId(id), version, command).await
        }
    };
}

use sites::registry::Command as C;

// WEB-REGISTRY (000 网站 §5): the host unit's leader applies to open.
site_command!(apply_open, ReasonForm, |form| Ok(C::ApplyOpen {
    reason: form.reason
}));
// WEB-REGISTRY (000 网站 §8): at most once a year and at most 30 days, checked by the domain
// at filing and again at approval.
site_command!(apply_offline, OfflineForm, |form| form
    .days
    .trim()
    .parse::<u32>()
    .map_err(|_| platform::Error::invalid("下线天数应为整数天，如 7"))
    .map(|days| C::ApplyOffline {
        days,
        reason: form.reason
    }));
// WEB-REGISTRY (000 网站 §7): never the portal (§9).
site_command!(apply_close, ReasonForm, |form| Ok(C::ApplyClose {
    reason: form.reason
}));
// WEB-REGISTRY: the supervising unit's leader decides, never on their own application.
site_command!(approve, OpinionForm, |form| Ok(C::Approve {
    opinion: form.opinion
}));
site_command!(reject, ReasonForm, |form| Ok(C::Reject {
    reason: form.reason
}));
site_command!(restore, VersionForm, |_form| Ok(C::Restore));
// WEB-REGISTRY (000 网站 §8): an emergency shutdown is reported in writing.
site_command!(emergency, ReportForm, |form| Ok(C::ReportEmergency {
    report: form.report
}));

/// The site commands' rows of the guard table: unit leaders (the domain checks the unit).
pub(super) fn command_rows() -> Vec<OfficeRoute> {
    let guard = Guard::Staff(|a| access::site_registry(a, Op::Edit));
    vec![
        route(
            Method::POST,
            "/office/sites/{id}/apply-open",
            guard,
            post(apply_open),
        ),
        route(
            Method::POST,
            "/office/sites/{id}/apply-offline",
            guard,
            post(apply_offline),
        ),
        route(
            Method::POST,
            "/office/sites/{id}/apply-close",
            guard,
            post(apply_close),
        ),
        route(
            Method::POST,
            "/office/sites/{id}/approve",
            guard,
            post(approve),
        ),
        route(
            Method::POST,
            "/office/sites/{id}/reject",
            guard,
            post(reject),
        ),
        route(
            Method::POST,
            "/office/sites/{id}/restore",
            guard,
            post(restore),
        ),
        route(
            Method::POST,
            "/office/sites/{id}/emergency",
            guard,
            post(emergency),
        ),
    ]
}
