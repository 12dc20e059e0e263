//! The back office of the site group (WEB-REGISTRY, WEB-COLUMNS, WEB-REVIEW, WEB-ARTICLE,
//! PUB-ABOLISH, WEB-FRESH, SEC-TAMPER, SEC-HOSTING): the registry of sites with their
//! applications (`registry`, `registration`) and hosting declarations (`hosting`), each
//! site's column tree and its columns (`columns`, `column_form`), the 三审三校 queues and
//! an article's page with the commands of its stage
//! (`articles`, `commands`) with the content check's findings marked in red and the editor's
//! 忽略，误报 (`findings`; WEB-INSPECT), the draft editor (`editor`), versions and their diff and files
//! (`versions`), the freshness and tamper pages (`watch`), the units' submissions to the
//! editors with their weekly quota (`submissions`, `submission_queues`, `submission_page`,
//! `submission_commands`, `submission_weeks`; WEB-SUBMIT) and the sites' annual reports
//! (`annual`, `annual_view`, `annual_export`; WEB-ANNUAL) and the units' accountability
//! records with the principal's 书面检查 (`accountability`; WEB-ACCOUNT). The guard is the role
//! (`platform::access::site_*`); a site, column or article is shown only to the staff of the
//! units involved in it (404 otherwise, its existence not revealed); what may be done is the
//! domain's `available(…, acting)` — the pages offer exactly those commands.

mod accountability;
mod annual;
mod annual_export;
pub(super) mod annual_view;
mod articles;
mod column_form;
mod columns;
mod commands;
mod editor;
mod findings;
mod from_document;
mod hosting;
mod registration;
mod registry;
mod submission_commands;
mod submission_page;
mod submission_queues;
mod submission_weeks;
mod submissions;
mod versions;
mod watch;

use std::collections::HashMap;

use axum::http::Method;
use axum::routing::{get, post};
use platform::access::{self, ArticleOp, ColumnOp, Op};
use sites::usecase::{self, OfficeArticle, OfficeSite};
use sites::{Acting, ArticleId, ColumnId, SiteId};

use crate::AppState;
use crate::error::PageError;
use crate::extract::path_id;
use crate::guard::{Guard, OfficeRoute, route};
use crate::staff::Staff;

/// A site's id in a back-office path.
pub(crate) struct SiteNo(pub i64);
path_id!(SiteNo, "网站");
/// A column's id in a back-office path.
pub(crate) struct ColumnNo(pub i64);
path_id!(ColumnNo, "栏目");
/// An article's id in a back-office path.
pub(crate) struct ArticleNo(pub i64);
path_id!(ArticleNo, "稿件");

/// The rows of the site group's back office in the guard table.
pub(super) fn table() -> Vec<OfficeRoute> {
    use Guard::Staff as S;
    let mut rows = vec![
        route(
            Method::GET,
            "/office/sites",
            S(|a| access::site_registry(a, Op::View)),
            get(registry::list),
        ),
        route(
            Method::GET,
            "/office/sites/new",
            S(|a| access::site_registry(a, Op::Edit)),
            get(registration::new_form),
        ),
        route(
            Method::POST,
            "/office/sites",
            S(|a| access::site_registry(a, Op::Edit)),
            post(registration::register),
        ),
        route(
            Method::GET,
            "/office/sites/{id}",
            S(|a| access::site_registry(a, Op::View)),
            get(registry::show),
        ),
        route(
            Method::GET,
            "/office/sites/{id}/registration",
            S(|a| access::site_registry(a, Op::Edit)),
            get(registration::change_form),
        ),
        route(
            Method::POST,
            "/office/sites/{id}/registration",
            S(|a| access::site_registry(a, Op::Edit)),
            post(registration::change),
        ),
        route(
            Method::GET,
            "/office/sites/{id}/hosting",
            S(|a| access::site_registry(a, Op::View)),
            get(hosting::show),
        ),
        route(
            Method::POST,
            "/office/sites/{id}/hosting",
            S(|a| access::site_registry(a, Op::Edit)),
            post(hosting::declare),
        ),
    ];
    rows.extend(registry::command_rows());
    rows.extend([
        route(
            Method::GET,
            "/office/sites/{id}/columns",
            S(|a| access::site_columns(a, ColumnOp::View)),
            get(columns::tree),
        ),
        route(
            Method::POST,
            "/office/sites/{id}/columns",
            S(|a| access::site_columns(a, ColumnOp::Manage)),
            post(columns::create),
        ),
        route(
            Method::GET,
            "/office/sites/columns/{id}",
            S(|a| access::site_columns(a, ColumnOp::View)),
            get(columns::show),
        ),
        route(
            Method::POST,
            "/office/sites/columns/{id}/edit",
            S(|a| access::site_columns(a, ColumnOp::Manage)),
            post(columns::edit),
        ),
        route(
            Method::POST,
            "/office/sites/columns/{id}/archive",
            S(|a| access::site_columns(a, ColumnOp::Manage)),
            post(columns::archive),
        ),
        route(
            Method::POST,
            "/office/sites/columns/{id}/approve",
            S(|a| access::site_columns(a, ColumnOp::ApproveSpecial)),
            post(columns::approve),
        ),
        route(
            Method::GET,
            "/office/sites/columns/{id}/draft",
            S(|a| access::site_articles(a, ArticleOp::Write)),
            get(editor::new_form),
        ),
        route(
            Method::POST,
            "/office/sites/columns/{id}/draft",
            S(|a| access::site_articles(a, ArticleOp::Write)),
            post(editor::create),
        ),
        route(
            Method::POST,
            "/office/sites/columns/{id}/from-document",
            S(|a| access::site_articles(a, ArticleOp::Write)),
            post(from_document::create),
        ),
        route(
            Method::GET,
            "/office/sites/articles",
            S(|a| access::site_articles(a, ArticleOp::View)),
            get(articles::queues),
        ),
        route(
            Method::GET,
            "/office/sites/articles/{id}",
            S(|a| access::site_articles(a, ArticleOp::View)),
            get(articles::show),
        ),
        route(
            Method::GET,
            "/office/sites/articles/{id}/edit",
            S(|a| access::site_articles(a, ArticleOp::Write)),
            get(editor::edit_form),
        ),
        route(
            Method::POST,
            "/office/sites/articles/{id}/edit",
            S(|a| access::site_articles(a, ArticleOp::Write)),
            post(editor::edit),
        ),
        route(
            Method::GET,
            "/office/sites/articles/{id}/diff",
            S(|a| access::site_articles(a, ArticleOp::View)),
            get(versions::diff),
        ),
        route(
            Method::GET,
            "/office/sites/articles/{id}/files/{file}",
            S(|a| access::site_articles(a, ArticleOp::View)),
            get(versions::file),
        ),
    ]);
    rows.extend(commands::rows());
    rows.extend(findings::rows());
    rows.extend([
        route(
            Method::GET,
            "/office/sites/freshness",
            S(access::site_freshness),
            get(watch::freshness),
        ),
        route(
            Method::GET,
            "/office/sites/alarms",
            S(access::site_tamper_alarms),
            get(watch::alarms),
        ),
    ]);
    // WEB-SUBMIT, WEB-ANNUAL: units' submissions and the sites' annual reports.
    rows.extend(submissions::rows());
    rows.extend(annual::rows());
    // WEB-ACCOUNT: the units' accountability records.
    rows.extend(accountability::rows());
    rows
}

/// The viewer as the site group's machines judge them.
pub(super) fn acting(staff: &Staff) -> Acting {
    Acting::from(&staff.actor)
}

/// The names pages print: units and staff users by id.
pub(super) struct Names {
    units: HashMap<i64, String>,
    users: HashMap<i64, String>,
}

impl Names {
    pub async fn load(state: &AppState) -> platform::Result<Names> {
        let db = &state.platform.db;
        let units = platform::units::list(db)
            .await?
            .into_iter()
            .map(|unit| (unit.id, unit.name))
            .collect();
        let users = platform::users::list(db)
            .await?
            .into_iter()
            .map(|account| {
                let name = format!("{}（{}）", account.display_name, account.unit_name);
                (account.id, name)
            })
            .collect();
        Ok(Names { units, users })
    }

    pub fn unit(&self, id: i64) -> String {
        self.units
            .get(&id)
            .cloned()
            .unwrap_or_else(|| format!("单位 {id}"))
    }

    pub fn user(&self, id: i64) -> String {
        match id {
            0 => "系统".to_owned(),
            id => self
                .users
                .get(&id)
                .cloned()
                .unwrap_or_else(|| format!("用户 {id}")),
        }
    }

    /// Every unit, by id, as a form's choices.
    pub fn unit_choices(&self) -> Vec<(i64, String)> {
        let mut units: Vec<(i64, String)> = self
            .units
            .iter()
            .map(|(id, name)| (*id, name.clone()))
            .collect();
        units.sort();
        units
    }
}

/// Every active site editor, as the choices of a column's A/B editors (WEB-COLUMNS).
pub(super) async fn editor_choices(state: &AppState) -> platform::Result<Vec<(i64, String)>> {
    Ok(platform::users::list(&state.platform.db)
        .await?
        .into_iter()
        .filter(|account| {
            account.active && account.roles.contains(&platform::roles::Role::SiteEditor)
        })
        .map(|account| {
            let label = format!("{}（{}）", account.display_name, account.unit_name);
            (account.id, label)
        })
        .collect())
}

fn not_found(what: &str) -> impl FnOnce(platform::Error) -> PageError + '_ {
    move |error| match error {
        platform::Error::NotFound(_) => PageError(platform::Error::not_found(what)),
        other => PageError(other),
    }
}

/// The site `id` for the viewer's page, if they may see it (the staff of a unit involved
/// in it, or an editor of one of its columns); otherwise 404, as for an unknown site.
pub(super) async fn site_in_scope(
    state: &AppState,
    staff: &Staff,
    id: SiteId,
) -> Result<OfficeSite, PageError> {
    let db = &state.platform.db;
    let office = usecase::office_site(db, id, &acting(staff))
        .await
        .map_err(not_found("网站"))?;
    let involved = usecase::office::involved(db, &office.site).await?;
    if !access::site_in_scope(&staff.actor, &involved.units, &involved.editors) {
        return Err(PageError(platform::Error::not_found("网站")));
    }
    Ok(office)
}

/// The article `id` for the viewer's page, if they may see it: the staff of its column's
/// responsible unit or of its site's host, operator or supervising unit, or the column's A/B
/// editors; otherwise 404.
pub(super) async fn article_in_scope(
    state: &AppState,
    staff: &Staff,
    id: ArticleId,
) -> Result<OfficeArticle, PageError> {
    let db = &state.platform.db;
    let office = usecase::office_article(db, id, &acting(staff))
        .await
        .map_err(not_found("稿件"))?;
    let registration = office.site.registration();
    let units = [
        office.column.responsible_unit.0,
        registration.host_unit.0,
        registration.operator_unit.0,
        registration.supervising_unit.0,
    ];
    let editors: Vec<i64> = [office.column.editors.a, office.column.editors.b]
        .into_iter()
        .flatten()
        .map(|user| user.0)
        .collect();
    if !access::site_in_scope(&staff.actor, &units, &editors) {
        return Err(PageError(platform::Error::not_found("稿件")));
    }
    Ok(office)
}

/// A column with its site for the viewer's page, if they may see the site; otherwise 404.
pub(super) async fn column_in_scope(
    state: &AppState,
    staff: &Staff,
    id: ColumnId,
) -> Result<(sites::store::columns::StoredColumn, OfficeSite), PageError> {
    let stored = sites::store::columns::get(&state.platform.db, id)
        .await
        .map_err(not_found("栏目"))?;
    let site = site_in_scope(state, staff, stored.column.site)
        .await
        .map_err(|_| PageError(platform::Error::not_found("栏目")))?;
    Ok((stored, site))
}

pub(super) use crate::outcome::{DoneQuery, answer, shown_on_page};

/// An article in a list: a queue or a column's articles.
pub struct ArticleRow {
    pub id: i64,
    pub number: String,
    pub title: String,
    pub status: &'static str,
    pub major: bool,
    pub column_id: i64,
    pub column: String,
    pub site: String,
    pub updated: String,
    /// The publish-at instant of a scheduled one, or the publication of a published one.
    pub when: String,
}

impl ArticleRow {
    pub fn of(line: &usecase::office::ArticleLine) -> ArticleRow {
        let when = line
            .publish_at
            .or(line.published_at)
            .map(|at| crate::chrome::minute_of(at.millis()))
            .unwrap_or_default();
        ArticleRow {
            id: line.id.0,
            number: line.number.clone(),
            title: line.title.clone(),
            status: line.status.label_zh(),
            major: line.major,
            column_id: line.column.0,
            column: line.column_name.clone(),
            site: line.site_name.clone(),
            updated: crate::chrome::minute_of(line.updated_at.millis()),
            when,
        }
    }
}
