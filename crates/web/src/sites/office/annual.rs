//! A site's annual work report in the back office (政府网站工作年度报表, WEB-ANNUAL, WEB-STATS;
//! `reports.md` §2): `/office/sites/annual` is every site's report of a year — published, late,
//! overdue — and `/office/sites/{id}/annual/{year}` the report of one site: every field of the
//! form in its layout, the values the records fill shown read-only with their origin, the host
//! unit's inputs and the five signatures as form fields (every problem at once next to its
//! field, nothing saved until all pass), and publication — offered only when the year is over
//! and the signatures are in, marked late after `website.annual_report_by` — after which the
//! report is frozen and public on the site. Print view and Excel are `annual_export`. A site
//! is shown only to the staff involved in it (404 otherwise); filling in and publishing are
//! its administrators' (the domain checks).

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use calendar::Instant;
use chrono::Datelike as _;
use platform::access::{self, AnnualOp};
use platform::db::now_ms;
use serde::Deserialize;
use sites::annual::{self, year_span};
use sites::usecase::{self, AnnualView, OfficeSite};
use sites::{SiteId, UnitId, UserId};

use super::annual_view::{Block, blocks};
use super::{SiteNo, acting, annual_export, site_in_scope};
use crate::AppState;
use crate::chrome::{Chrome, date_of};
use crate::csrf::CsrfToken;
use crate::error::{PageError, status_of};
use crate::extract::{Form, Ids, Query, path_id};
use crate::guard::{Guard, OfficeRoute, route};
use crate::staff::{Judged, Staff};

/// A year in a back-office path.
pub(crate) struct YearNo(pub i64);
path_id!(YearNo, "年度报表");

/// The rows of the annual report's pages.
pub(super) fn rows() -> Vec<OfficeRoute> {
    use Guard::Staff as S;
    let view = || S(|a| access::site_annual(a, AnnualOp::View));
    let fill = || S(|a| access::site_annual(a, AnnualOp::Fill));
    vec![
        route(Method::GET, "/office/sites/annual", view(), get(overview)),
        route(
            Method::GET,
            "/office/sites/{id}/annual/{year}",
            view(),
            get(show),
        ),
        route(
            Method::POST,
            "/office/sites/{id}/annual/{year}",
            fill(),
            post(save),
        ),
        route(
            Method::POST,
            "/office/sites/{id}/annual/{year}/publish",
            fill(),
            post(publish),
        ),
        route(
            Method::GET,
            "/office/sites/{id}/annual/{year}/print",
            view(),
            get(annual_export::print),
        ),
        route(
            Method::GET,
            "/office/sites/{id}/annual/{year}/report.xlsx",
            view(),
            get(annual_export::xlsx),
        ),
    ]
}

/// The site and year of a report's path, for the viewer: 404 unless the viewer is involved
/// in the site and the year is one it existed in, not in the future.
pub(super) async fn report_in_scope(
    state: &AppState,
    staff: &Staff,
    (site, year): (i64, i64),
) -> Result<(OfficeSite, i32), PageError> {
    let office = site_in_scope(state, staff, SiteId(site)).await?;
    let current = Instant::from_millis(now_ms()).local_date().year();
    let year = i32::try_from(year)
        .ok()
        .filter(|year| (2000..=current).contains(year))
        .filter(|year| office.site.history.registered_at() < year_span(*year).1)
        .ok_or_else(|| PageError(platform::Error::not_found("年度报表")))?;
    Ok((office, year))
}

/// How a report stands, in words.
pub struct Standing {
    pub published: Option<String>,
    pub late: bool,
    pub due: String,
    pub overdue: bool,
}

impl Standing {
    pub async fn of(state: &AppState, view: &AnnualView) -> Standing {
        let today = Instant::from_millis(now_ms()).local_date();
        let published = match &view.publication {
            Some(p) => {
                let by = platform::users::get(&state.platform.db, p.by.0)
                    .await
                    .map(|a| a.display_name)
                    .unwrap_or_default();
                Some(format!("{} 由 {by} 发布", date_of(p.at.millis())))
            }
            None => None,
        };
        Standing {
            late: view.publication.as_ref().is_some_and(|p| p.late),
            overdue: view.publication.is_none() && today > view.report.due,
            due: view.report.due.to_string(),
            published,
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "sites/office_annual.html")]
pub struct AnnualPage {
    chrome: Chrome,
    site_id: i64,
    site_name: String,
    site_code: String,
    year: i32,
    version: i64,
    portal: bool,
    blocks: Vec<Block>,
    standing: Standing,
    may_fill: bool,
    /// Publication is offered (the year over, the signatures in, not yet published).
    may_publish: bool,
    /// Why publication is not offered yet.
    not_yet: Vec<String>,
    problems: Vec<(String, String)>,
    error: Option<String>,
    done: Option<&'static str>,
    /// Issue 23 item 5: of the portal's cases of the year, those filed while logged in.
    with_account: Option<i64>,
}

impl AnnualPage {
    fn filled(&self) -> bool {
        self.may_fill && self.standing.published.is_none()
    }
}

/// What a refused save typed (`(key, text)`), its problems (`(key, message)`), and a refused
/// command's message.
pub(super) type Shown = (Vec<(String, String)>, Vec<(String, String)>, Option<String>);

/// The report page of `office`'s site and `year`, with what a refused save typed and its
/// problems, or a refused command's message.
pub(super) async fn page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    (office, year): (&OfficeSite, i32),
    (typed, problems, error): Shown,
) -> Result<AnnualPage, PageError> {
    let db = &state.platform.db;
    let profile = state.profile().await?;
    let site = &office.site;
    let view = usecase::annual_report(db, &profile, site.id, year).await?;
    let standing = Standing::of(state, &view).await;
    let acting = acting(staff);
    let may_fill = sites::column::administrators(site)
        .iter()
        .any(|(unit, role)| acting.has_in(*role, *unit));
    let now = Instant::from_millis(now_ms());
    let mut not_yet = Vec::new();
    if now < year_span(year).1 {
        not_yet.push(format!("{year}年结束后方可发布"));
    }
    let missing = view.report.missing_signatures();
    if !missing.is_empty() {
        not_yet.push(format!("请先填写并保存签署栏：{}", missing.join("、")));
    }
    let published = view.publication.is_some();
    let inputs = may_fill && !published;
    // The signatures' phone and date, while empty, are offered as the site's registered
    // contact phone and today: the host unit sees them and saves them, or changes them.
    let mut typed = typed;
    for (key, default) in [
        ("signed_phone", site.registration().contact_phone.clone()),
        ("signed_on", now.local_date().to_string()),
    ] {
        if inputs && view.report.get(key).is_none() && !typed.iter().any(|(k, _)| k == key) {
            typed.push((key.to_owned(), default));
        }
    }
    let with_account = if view.report.portal {
        let (from, until) = year_span(year);
        let span = (from.millis(), until.millis());
        let case = platform::filed_by::CASE;
        Some(platform::filed_by::filed_count(db, case, span).await?)
    } else {
        None
    };
    Ok(AnnualPage {
        with_account,
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        site_id: site.id.0,
        site_name: site.registration().name.clone(),
        site_code: site.registration().site_code.clone(),
        year,
        version: view.version,
        portal: view.report.portal,
        blocks: blocks(&view.report, &typed, &problems, inputs),
        may_publish: may_fill && !published && not_yet.is_empty(),
        not_yet,
        standing,
        may_fill,
        problems,
        error,
        done: None,
    })
}

/// `?done=saved|published`.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct DoneQuery {
    #[serde(default)]
    done: Option<String>,
}

/// `GET /office/sites/{id}/annual/{year}`.
pub async fn show(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Ids(SiteNo(site), YearNo(year)): Ids<SiteNo, YearNo>,
    Query(query): Query<DoneQuery>,
) -> Result<AnnualPage, PageError> {
    let (office, year) = report_in_scope(&state, &staff, (site, year)).await?;
    let empty = (Vec::new(), Vec::new(), None);
    let mut page = page(&state, &csrf, &staff, (&office, year), empty).await?;
    page.done = match query.done.as_deref() {
        Some("saved") => Some("已保存。"),
        Some("published") => Some("年度报表已发布，并在网站上公开。"),
        _ => None,
    };
    Ok(page)
}

/// `POST /office/sites/{id}/annual/{year}`: WEB-ANNUAL, the host unit's inputs and the
/// signatures: each read by its field's kind, every problem at once next to its field and
/// nothing saved on any; then `save_annual_inputs` (the site's administrators, audited).
pub async fn save(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Ids(SiteNo(site), YearNo(year)): Ids<SiteNo, YearNo>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let (office, year) = report_in_scope(&state, &staff, (site, year)).await?;
    let portal = office.site.registration().kind == sites::registry::SiteKind::Portal;
    let mut version = None;
    let mut texts: Vec<(String, String)> = Vec::new();
    let mut problems: Vec<(String, String)> = Vec::new();
    let mut stray = None;
    for (key, text) in pairs {
        if key == "version" {
            version = text.trim().parse::<i64>().ok();
            continue;
        }
        match annual::field(&key).filter(|field| field.is_input(portal)) {
            Some(field) => {
                if let Err(message) = annual::parse(field, &text) {
                    problems.push((key.clone(), message));
                }
                texts.push((key, text));
            }
            None => stray = Some("表单包含不属于本报表的填报项，请刷新后重新填写".to_owned()),
        }
    }
    let refusal = if !problems.is_empty() {
        Some((StatusCode::BAD_REQUEST, None))
    } else if let Some(message) = stray {
        Some((StatusCode::BAD_REQUEST, Some(message)))
    } else if version.is_none() {
        let message = "页面已过期，请刷新后重新填写".to_owned();
        Some((StatusCode::CONFLICT, Some(message)))
    } else {
        None
    };
    if let Some((status, message)) = refusal {
        let shown = (texts, problems, message);
        let page = page(&state, &csrf, &staff, (&office, year), shown).await?;
        return Ok((status, page).into_response());
    }
    let judged = Judged::load(&state, &staff).await?;
    let context = judged.context(&state);
    let key = (office.site.id, year);
    let db = &state.platform.db;
    match usecase::save_annual_inputs(db, &context, &acting(&staff), key, &texts, version).await {
        Ok(_) => {
            let to = format!("/office/sites/{site}/annual/{year}?done=saved");
            Ok(Redirect::to(&to).into_response())
        }
        Err(error) if super::shown_on_page(&error) => {
            let shown = (texts, Vec::new(), Some(error.to_string()));
            let page = page(&state, &csrf, &staff, (&office, year), shown).await?;
            Ok((status_of(&error), page).into_response())
        }
        Err(error) => Err(error.into()),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersionForm {
    version: i64,
}

/// `POST /office/sites/{id}/annual/{year}/publish`: WEB-ANNUAL (000 网站 §26), the report as
/// it stands, after the year and with the five signatures; frozen, public on the site, marked
/// late after its due date.
pub async fn publish(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Ids(SiteNo(site), YearNo(year)): Ids<SiteNo, YearNo>,
    Form(form): Form<VersionForm>,
) -> Result<Response, PageError> {
    let (office, year) = report_in_scope(&state, &staff, (site, year)).await?;
    let judged = Judged::load(&state, &staff).await?;
    let context = judged.context(&state);
    let key = (office.site.id, year);
    let db = &state.platform.db;
    let version = Some(form.version);
    match usecase::publish_annual_report(db, &context, &acting(&staff), key, version).await {
        Ok(_) => {
            let to = format!("/office/sites/{site}/annual/{year}?done=published");
            Ok(Redirect::to(&to).into_response())
        }
        Err(error) if super::shown_on_page(&error) => {
            let shown = (Vec::new(), Vec::new(), Some(error.to_string()));
            let page = page(&state, &csrf, &staff, (&office, year), shown).await?;
            Ok((status_of(&error), page).into_response())
        }
        Err(error) => Err(error.into()),
    }
}

/// One site's line of the overview.
pub struct OverviewLine {
    pub name: String,
    /// The report's page, when the viewer is involved in the site.
    pub href: Option<String>,
    pub published: String,
    pub late: bool,
    pub overdue: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "sites/office_annual_overview.html")]
pub struct OverviewPage {
    chrome: Chrome,
    year: i32,
    years: Vec<i32>,
    due: String,
    lines: Vec<OverviewLine>,
    published: usize,
    error: Option<String>,
}

/// `?year=2025`.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct YearQuery {
    #[serde(default)]
    year: Option<String>,
}

/// `GET /office/sites/annual?year=`: WEB-ANNUAL, every site's report of the year (the last
/// year unless asked): published when and whether late, or overdue.
pub async fn overview(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Query(query): Query<YearQuery>,
) -> Result<Response, PageError> {
    let db = &state.platform.db;
    let profile = state.profile().await?;
    let now = Instant::from_millis(now_ms());
    let current = now.local_date().year();
    let asked = query
        .year
        .as_deref()
        .map(str::trim)
        .filter(|y| !y.is_empty());
    let (year, error) = match asked.map(str::parse::<i32>) {
        None => (current - 1, None),
        Some(Ok(year)) if (2000..=current).contains(&year) => (year, None),
        Some(_) => (
            current - 1,
            Some(format!("年度应在 2000 到 {current} 之间")),
        ),
    };
    let actor = &staff.actor;
    let mine =
        usecase::office::sites_involving(db, UnitId(actor.unit_id), Some(UserId(actor.user_id)))
            .await?;
    let lines: Vec<OverviewLine> = usecase::annual_overview(db, &profile, year, now)
        .await?
        .into_iter()
        .map(|status| OverviewLine {
            href: mine
                .contains(&status.site)
                .then(|| format!("/office/sites/{}/annual/{year}", status.site.0)),
            name: status.name,
            published: status
                .published_at
                .map(|at| date_of(at.millis()))
                .unwrap_or_default(),
            late: status.late,
            overdue: status.overdue,
        })
        .collect();
    let status = if error.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    let page = OverviewPage {
        chrome: Chrome::office(&state, &csrf, actor).await?,
        year,
        years: (current - 5..=current).rev().collect(),
        due: annual::due_date(year, &profile).to_string(),
        published: lines.iter().filter(|l| !l.published.is_empty()).count(),
        lines,
        error,
    };
    Ok((status, page).into_response())
}
