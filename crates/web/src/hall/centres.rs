//! The levels of centres (HALL-LEVELS, 000 中心 §2, §4(七), §11–13). Back office:
//! `/office/hall/centres` — the register (the district centre, approved sub-centres with
//! their approval, townships' centres, villages' stations under their parent), the
//! registration form for the district centre's staff, and the monthly reports the lower
//! centres sent; `/office/hall/centres/{id}` — a centre, its convenience-item list chosen
//! from the published catalogue (the district centre's staff or the centre's own unit) and
//! the monthly report form of item changes and case figures (the centre's own unit); for
//! the district centre's staff, the form that edits an active centre (`/{id}/edit`: name,
//! parent, approving document, address, hours, phone) and its deactivation
//! (`/{id}/deactivate`, refused while an active centre is under it; kept, no longer public).
//! Public: `/hall/centres` lists the centres by level, `/hall/centres/{id}` a centre's
//! address, hours and its convenience items, each linked to its guide. A refusal answers
//! with the page and its Chinese message, and changes nothing.

use std::collections::HashMap;

use ::hall::levels::{self, Centre, Edit, Level, Report};
use ::hall::store::centres::StoredCentre;
use ::hall::usecase::centres::{self as usecase, Who};
use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::response::Response;
use platform::ids::UnitId;

use super::CentreNo;
use crate::AppState;
use crate::chrome::{Chrome, minute_of};
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{Form, Id, Query};
use crate::openness::subject::{name_in, unit_names};
use crate::outcome::{DoneQuery, answer};
use crate::staff::{Judged, Staff};

/// One centre in a list.
pub struct Row {
    id: i64,
    name: String,
    level: &'static str,
    parent: String,
    unit: String,
    approval: String,
    items: i64,
    active: bool,
}

/// The centres' rows: the active ones, and with `inactive` the deactivated ones too (HALL-LEVELS:
/// the public never sees a deactivated centre).
fn rows(all: &[StoredCentre], units: &[(i64, String, bool)], inactive: bool) -> Vec<Row> {
    all.iter()
        .filter(|c| c.active || inactive)
        .map(|c| Row {
            id: c.id,
            name: c.centre.name.clone(),
            level: c.centre.level.label(),
            parent: c
                .centre
                .parent
                .and_then(|(p, _)| all.iter().find(|x| x.id == p))
                .map_or_else(|| "—".to_owned(), |p| p.centre.name.clone()),
            unit: c
                .centre
                .unit
                .map_or_else(|| "—".to_owned(), |u| name_in(units, u.0)),
            approval: c.centre.approval.clone(),
            items: c.items,
            active: c.active,
        })
        .collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "hall/centres.html")]
pub struct ListPage {
    chrome: Chrome,
    manages: bool,
    rows: Vec<Row>,
    levels: Vec<(&'static str, &'static str)>,
    /// (id, name) of the centres a new one may be under.
    parents: Vec<(i64, String)>,
    units: Vec<(i64, String)>,
    /// Centre, month, figures, item changes, reporter.
    reports: Vec<[String; 5]>,
    error: Option<String>,
    done: bool,
}

async fn list_page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    (error, done): (Option<String>, bool),
) -> Result<ListPage, PageError> {
    let db = &state.platform.db;
    let all = usecase::all(db).await?;
    let units = unit_names(state).await?;
    let reports = usecase::reports(db, &staff.actor, 200)
        .await?
        .into_iter()
        .map(|r| {
            [
                r.centre_name,
                r.report.month.format("%Y-%m").to_string(),
                format!(
                    "受理 {} 件，办结 {} 件",
                    r.report.received, r.report.completed
                ),
                if r.report.item_changes.is_empty() {
                    "无调整".to_owned()
                } else {
                    r.report.item_changes
                },
                format!("{} {}", r.reporter, minute_of(r.reported_at)),
            ]
        })
        .collect();
    Ok(ListPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        manages: usecase::manages(db, &staff.actor).await?,
        parents: all
            .iter()
            .filter(|c| c.active && c.centre.level != Level::Village)
            .map(|c| {
                (
                    c.id,
                    format!("{}（{}）", c.centre.name, c.centre.level.label()),
                )
            })
            .collect(),
        rows: rows(&all, &units, true),
        levels: Level::ALL.iter().map(|l| (l.code(), l.label())).collect(),
        units: units
            .iter()
            .filter(|u| u.2)
            .map(|u| (u.0, u.1.clone()))
            .collect(),
        reports,
        error,
        done,
    })
}

/// `GET /office/hall/centres`.
pub async fn list(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Query(query): Query<DoneQuery>,
) -> Result<ListPage, PageError> {
    list_page(&state, &csrf, &staff, (None, query.done.is_some())).await
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CentreForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    level: String,
    #[serde(default)]
    parent: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    approval: String,
    #[serde(default)]
    address: String,
    #[serde(default)]
    hours: String,
    #[serde(default)]
    phone: String,
}

fn optional_id(text: &str, what: &str) -> platform::Result<Option<i64>> {
    match text.trim() {
        "" => Ok(None),
        text => text
            .parse()
            .map(Some)
            .map_err(|_| platform::Error::invalid(format!("请选择{what}"))),
    }
}

/// `POST /office/hall/centres`: HALL-LEVELS, the district centre registers a centre.
pub async fn register(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(form): Form<CentreForm>,
) -> Result<Response, PageError> {
    let outcome = async {
        let level =
            Level::parse(&form.level).ok_or_else(|| platform::Error::invalid("请选择层级"))?;
        let parent = optional_id(&form.parent, "上级中心")?;
        let centre = Centre {
            name: form.name.clone(),
            level,
            // The level is the stored parent's; the use case reads it.
            parent: parent.map(|id| (id, Level::District)),
            unit: optional_id(&form.unit, "运行单位")?.map(UnitId),
            approval: form.approval.clone(),
            address: form.address.clone(),
            hours: form.hours.clone(),
            phone: form.phone.clone(),
        };
        let judged = Judged::load(&state, &staff).await?;
        let who = Who {
            actor: &staff.actor,
            audit: &judged.actor,
            now: judged.now.millis(),
        };
        usecase::register(&state.platform.db, &who, centre).await?;
        Ok(())
    }
    .await;
    answer(
        outcome,
        "/office/hall/centres?done=1".to_owned(),
        |error| async { list_page(&state, &csrf, &staff, (Some(error), false)).await },
    )
    .await
}

#[derive(Template, WebTemplate)]
#[template(path = "hall/centre.html")]
pub struct CentrePage {
    chrome: Chrome,
    id: i64,
    name: String,
    facts: Vec<(&'static str, String)>,
    /// (id, code, name, on the list)
    catalogue: Vec<(i64, String, String, bool)>,
    listed: usize,
    may_report: bool,
    /// HALL-LEVELS: the district centre's staff may edit and deactivate an active centre.
    may_edit: bool,
    active: bool,
    /// The form's values: name, parent, approval, address, hours, phone.
    form: [String; 6],
    /// (id, name, its parent now) of the centres it may be under.
    parents: Vec<(i64, String, bool)>,
    error: Option<String>,
    done: bool,
}

async fn centre_page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    id: i64,
    (error, done): (Option<String>, bool),
) -> Result<CentrePage, PageError> {
    let db = &state.platform.db;
    let (stored, items, catalogue) = usecase::office_centre(db, &staff.actor, id).await?;
    let units = unit_names(state).await?;
    let c = &stored.centre;
    let may_edit = stored.active && usecase::manages(db, &staff.actor).await?;
    let parents = match (may_edit, c.level.parent_level()) {
        (true, Some(level)) => usecase::all(db)
            .await?
            .into_iter()
            .filter(|p| p.active && p.centre.level == level)
            .map(|p| {
                (
                    p.id,
                    p.centre.name,
                    c.parent.is_some_and(|(id, _)| id == p.id),
                )
            })
            .collect(),
        _ => Vec::new(),
    };
    let form = [
        c.name.clone(),
        c.parent.map_or_else(String::new, |p| p.0.to_string()),
        c.approval.clone(),
        c.address.clone(),
        c.hours.clone(),
        c.phone.clone(),
    ];
    let facts = vec![
        ("层级", c.level.label().to_owned()),
        (
            "运行单位",
            c.unit
                .map_or_else(|| "—".to_owned(), |u| name_in(&units, u.0)),
        ),
        ("批准文件", c.approval.clone()),
        ("地址", c.address.clone()),
        ("办公时间", c.hours.clone()),
        ("联系电话", c.phone.clone()),
        (
            "状态",
            if stored.active { "在用" } else { "已停用" }.to_owned(),
        ),
    ];
    Ok(CentrePage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        id,
        name: c.name.clone(),
        facts,
        catalogue: catalogue
            .into_iter()
            .map(|i| {
                let on = items.iter().any(|x| x.id == i.id);
                (i.id, i.code, i.name, on)
            })
            .collect(),
        listed: items.len(),
        may_report: stored.active && c.level.reports() && usecase::runs(&staff.actor, c),
        may_edit,
        active: stored.active,
        form,
        parents,
        error,
        done,
    })
}

/// `GET /office/hall/centres/{id}`.
pub async fn show(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(CentreNo(id)): Id<CentreNo>,
    Query(query): Query<DoneQuery>,
) -> Result<CentrePage, PageError> {
    centre_page(&state, &csrf, &staff, id, (None, query.done.is_some())).await
}

/// `POST /office/hall/centres/{id}/items`: HALL-LEVELS §4(七), the convenience-item list
/// (a checkbox `item_{id}` per catalogue item).
pub async fn set_items(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(CentreNo(id)): Id<CentreNo>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let db = &state.platform.db;
    usecase::office_centre(db, &staff.actor, id).await?;
    let outcome = async {
        let mut items = Vec::new();
        for key in form.keys() {
            if key == "_csrf" {
                continue;
            }
            let item = key
                .strip_prefix("item_")
                .and_then(|n| n.parse::<i64>().ok())
                .ok_or_else(|| platform::Error::invalid("请勾选政务服务事项"))?;
            items.push(item);
        }
        let judged = Judged::load(&state, &staff).await?;
        let who = Who {
            actor: &staff.actor,
            audit: &judged.actor,
            now: judged.now.millis(),
        };
        usecase::set_items(db, &who, id, &items).await?;
        Ok(())
    }
    .await;
    let done = format!("/office/hall/centres/{id}?done=1");
    answer(outcome, done, |error| async {
        centre_page(&state, &csrf, &staff, id, (Some(error), false)).await
    })
    .await
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EditForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    parent: String,
    #[serde(default)]
    approval: String,
    #[serde(default)]
    address: String,
    #[serde(default)]
    hours: String,
    #[serde(default)]
    phone: String,
}

/// The rules in force' instant and the audit's actor for a centre's command.
async fn run_centre<F>(state: &AppState, staff: &Staff, run: F) -> platform::Result<()>
where
    F: AsyncFnOnce(&Who<'_>) -> platform::Result<()>,
{
    let judged = Judged::load(state, staff).await?;
    let who = Who {
        actor: &staff.actor,
        audit: &judged.actor,
        now: judged.now.millis(),
    };
    run(&who).await
}

/// `POST /office/hall/centres/{id}/edit`: HALL-LEVELS, the district centre changes a centre's
/// name, parent, approving document, address, hours and phone.
pub async fn edit(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(CentreNo(id)): Id<CentreNo>,
    Form(form): Form<EditForm>,
) -> Result<Response, PageError> {
    let db = &state.platform.db;
    usecase::office_centre(db, &staff.actor, id).await?;
    let outcome = async {
        let edit = Edit {
            name: form.name.clone(),
            parent: optional_id(&form.parent, "上级中心")?,
            approval: form.approval.clone(),
            address: form.address.clone(),
            hours: form.hours.clone(),
            phone: form.phone.clone(),
        };
        run_centre(&state, &staff, async |who| {
            usecase::edit(db, who, id, &edit).await
        })
        .await
    }
    .await;
    let done = format!("/office/hall/centres/{id}?done=1");
    answer(outcome, done, |error| async {
        centre_page(&state, &csrf, &staff, id, (Some(error), false)).await
    })
    .await
}

/// `POST /office/hall/centres/{id}/deactivate`: HALL-LEVELS, the district centre deactivates
/// a centre with no active centre under it (kept, no longer public).
pub async fn deactivate(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(CentreNo(id)): Id<CentreNo>,
) -> Result<Response, PageError> {
    let db = &state.platform.db;
    usecase::office_centre(db, &staff.actor, id).await?;
    let outcome = run_centre(&state, &staff, async |who| {
        usecase::deactivate(db, who, id).await
    })
    .await;
    let done = format!("/office/hall/centres/{id}?done=1");
    answer(outcome, done, |error| async {
        centre_page(&state, &csrf, &staff, id, (Some(error), false)).await
    })
    .await
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportForm {
    #[serde(default)]
    month: String,
    #[serde(default)]
    item_changes: String,
    #[serde(default)]
    received: String,
    #[serde(default)]
    completed: String,
    #[serde(default)]
    note: String,
}

fn figure(text: &str, what: &str) -> platform::Result<i64> {
    text.trim()
        .parse()
        .map_err(|_| platform::Error::invalid(format!("{what}应为 0 至 1000000 的整数")))
}

/// `POST /office/hall/centres/{id}/reports`: HALL-LEVELS §13, the month's report.
pub async fn report(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(CentreNo(id)): Id<CentreNo>,
    Form(form): Form<ReportForm>,
) -> Result<Response, PageError> {
    let db = &state.platform.db;
    usecase::office_centre(db, &staff.actor, id).await?;
    let outcome = async {
        let report = Report {
            month: levels::parse_month(&form.month)
                .ok_or_else(|| platform::Error::invalid("报送月份应为 2026-03 这样的月份"))?,
            item_changes: form.item_changes.clone(),
            received: figure(&form.received, "受理件数")?,
            completed: figure(&form.completed, "办结件数")?,
            note: form.note.clone(),
        };
        let judged = Judged::load(&state, &staff).await?;
        let who = Who {
            actor: &staff.actor,
            audit: &judged.actor,
            now: judged.now.millis(),
        };
        usecase::file_report(db, &who, id, &report).await?;
        Ok(())
    }
    .await;
    let done = format!("/office/hall/centres/{id}?done=1");
    answer(outcome, done, |error| async {
        centre_page(&state, &csrf, &staff, id, (Some(error), false)).await
    })
    .await
}

#[derive(Template, WebTemplate)]
#[template(path = "hall/centres_public.html")]
pub struct PublicList {
    chrome: Chrome,
    /// (level label, its centres)
    groups: Vec<(&'static str, Vec<Row>)>,
}

/// `GET /hall/centres`: every centre by level (HALL-LEVELS).
pub async fn public_list(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
) -> Result<PublicList, PageError> {
    let all = usecase::all(&state.platform.db).await?;
    let units = unit_names(&state).await?;
    let mut groups = Vec::new();
    for level in Level::ALL {
        let of_level: Vec<StoredCentre> = all
            .iter()
            .filter(|c| c.centre.level == level)
            .cloned()
            .collect();
        let mut listed = rows(&all, &units, false);
        listed.retain(|r| of_level.iter().any(|c| c.id == r.id));
        if !listed.is_empty() {
            groups.push((level.label(), listed));
        }
    }
    Ok(PublicList {
        chrome: Chrome::public(&state, &csrf).await?,
        groups,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "hall/centre_public.html")]
pub struct PublicCentre {
    chrome: Chrome,
    name: String,
    facts: Vec<(&'static str, String)>,
    /// (code, name)
    items: Vec<(String, String)>,
}

/// `GET /hall/centres/{id}`: a centre and its convenience-item list (HALL-LEVELS §4(七)).
pub async fn public_centre(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    Id(CentreNo(id)): Id<CentreNo>,
) -> Result<PublicCentre, PageError> {
    let (stored, items) = usecase::public_centre(&state.platform.db, id).await?;
    let c = stored.centre;
    let mut facts = vec![("类别", c.level.label().to_owned())];
    for (label, value) in [
        ("地址", c.address),
        ("办公时间", c.hours),
        ("联系电话", c.phone),
    ] {
        if !value.is_empty() {
            facts.push((label, value));
        }
    }
    Ok(PublicCentre {
        chrome: Chrome::public(&state, &csrf).await?,
        name: c.name,
        facts,
        items: items.into_iter().map(|i| (i.code, i.name)).collect(),
    })
}
