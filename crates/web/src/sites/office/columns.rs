//! A site's columns (WEB-COLUMNS, WEB-FRESH): the column tree with each column's type,
//! responsible unit, A/B editors, freshness light (in words and colour) and last update; a
//! column's page with its articles; opening, changing, moving and archiving a column by the
//! site's administrators (`column::may_manage`), and a special column's approval by a leader
//! of the supervising unit. Each change is one `sites::usecase` with its audit row; a refusal
//! shows the domain's Chinese message above the form, which keeps what was typed.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use calendar::{Instant, Light};
use platform::db::now_ms;
use platform::roles::Role;
use serde::Deserialize;
use sites::column::{self, Column, ColumnKind};
use sites::store::columns::StoredColumn;
use sites::usecase::{self, OfficeSite};
use sites::{ColumnId, SiteId, UserId};

use super::column_form::{Choices, ColumnForm, choices, in_tree_order};
use super::{ArticleRow, ColumnNo, DoneQuery, Names, SiteNo, acting, column_in_scope};
use super::{shown_on_page, site_in_scope};
use crate::AppState;
use crate::chrome::{Chrome, date_of, minute_of};
use crate::csrf::CsrfToken;
use crate::error::{PageError, status_of};
use crate::extract::{Form, Id, Query};
use crate::staff::{Judged, Staff};

/// A light in words and as the colour's class: never colour alone.
pub(super) fn light_of(light: Light) -> (&'static str, &'static str) {
    (light.code(), light.label_zh())
}

/// One column in the tree.
pub struct TreeLine {
    pub id: i64,
    pub depth: usize,
    pub name: String,
    pub kind: &'static str,
    pub unit: String,
    pub editors: String,
    /// (class, word), or none for an archived column.
    pub light: Option<(&'static str, &'static str)>,
    pub last_update: String,
    pub due: String,
    pub flags: Vec<&'static str>,
}

/// What the freshness of a column shows: light, last update, next due and flags.
pub(super) struct Fresh {
    pub light: Option<(&'static str, &'static str)>,
    pub last_update: String,
    pub due: String,
    pub flags: Vec<&'static str>,
}

pub(super) fn fresh_of(stored: &StoredColumn, now: Instant, rules: &Judged) -> Fresh {
    let column = &stored.column;
    let freshness = column::freshness(
        column,
        stored.last_published_at,
        now,
        &rules.profile,
        &rules.calendar,
    );
    let mut flags = Vec::new();
    if column.archived_at.is_some() {
        flags.push("已归档");
    }
    if column
        .special
        .as_ref()
        .is_some_and(|s| s.approved.is_none())
    {
        flags.push("专题待审核同意");
    }
    if let Some(f) = &freshness {
        if f.blank {
            flags.push("空白栏目（单项否决）");
        }
        if f.stale {
            flags.push("超期未更新");
        }
        if f.special_untouched {
            flags.push("专题超期未更新，应归档、合并或撤销");
        }
    }
    Fresh {
        light: freshness.as_ref().map(|f| light_of(f.light)),
        last_update: stored
            .last_published_at
            .map_or_else(|| "从未更新".to_owned(), |at| date_of(at.millis())),
        due: freshness
            .and_then(|f| f.due)
            .map_or_else(|| "不设期限".to_owned(), |at| date_of(at.millis())),
        flags,
    }
}

fn editors_of(column: &Column, names: &Names) -> String {
    let name = |user: Option<UserId>| user.map_or_else(|| "未指定".to_owned(), |u| names.user(u.0));
    format!(
        "A岗 {}；B岗 {}",
        name(column.editors.a),
        name(column.editors.b)
    )
}

#[derive(Template, WebTemplate)]
#[template(path = "office/sites_columns.html")]
pub struct TreePage {
    chrome: Chrome,
    site_id: i64,
    site_name: String,
    lines: Vec<TreeLine>,
    can_manage: bool,
    choices: Choices,
    form: ColumnForm,
    action: String,
    submit: &'static str,
    error: Option<String>,
    done: bool,
}

async fn tree_page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    office: &OfficeSite,
    form: ColumnForm,
    error: Option<String>,
    done: bool,
) -> Result<TreePage, PageError> {
    let site = &office.site;
    let all = sites::store::columns::of_site(&state.platform.db, site.id).await?;
    let names = Names::load(state).await?;
    let rules = Judged::load(state, staff).await?;
    let now = Instant::from_millis(now_ms());
    let lines = in_tree_order(&all)
        .into_iter()
        .map(|(depth, stored)| {
            let column = &stored.column;
            let fresh = fresh_of(stored, now, &rules);
            TreeLine {
                id: column.id.0,
                depth,
                name: column.name.clone(),
                kind: column.kind.label_zh(),
                unit: names.unit(column.responsible_unit.0),
                editors: editors_of(column, &names),
                light: fresh.light,
                last_update: fresh.last_update,
                due: fresh.due,
                flags: fresh.flags,
            }
        })
        .collect();
    Ok(TreePage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        site_id: site.id.0,
        site_name: site.registration().name.clone(),
        lines,
        can_manage: column::may_manage(site, &acting(staff)).is_ok(),
        choices: choices(state, &names, &all, None).await?,
        form,
        action: format!("/office/sites/{}/columns", site.id.0),
        submit: "开设栏目",
        error,
        done,
    })
}

/// `GET /office/sites/{id}/columns`.
pub async fn tree(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(SiteNo(id)): Id<SiteNo>,
    Query(query): Query<DoneQuery>,
) -> Result<TreePage, PageError> {
    let office = site_in_scope(&state, &staff, SiteId(id)).await?;
    let form = ColumnForm {
        kind: ColumnKind::News.code().to_owned(),
        responsible_unit: staff.actor.unit_id.to_string(),
        ..ColumnForm::default()
    };
    let done = query.done.is_some();
    tree_page(&state, &csrf, &staff, &office, form, None, done).await
}

/// `POST /office/sites/{id}/columns`: WEB-COLUMNS, a new column by the site's administrators.
pub async fn create(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(SiteNo(id)): Id<SiteNo>,
    Form(form): Form<ColumnForm>,
) -> Result<Response, PageError> {
    let office = site_in_scope(&state, &staff, SiteId(id)).await?;
    let outcome = match form.input() {
        Ok(input) => {
            let judged = Judged::load(&state, &staff).await?;
            let context = judged.context(&state);
            let db = &state.platform.db;
            usecase::create_column(db, &context, &acting(&staff), SiteId(id), input).await
        }
        Err(error) => Err(error),
    };
    match outcome {
        Ok(column) => {
            Ok(Redirect::to(&format!("/office/sites/columns/{}?done=1", column.0)).into_response())
        }
        Err(error) if shown_on_page(&error) => {
            let status = status_of(&error);
            let message = Some(error.to_string());
            let page = tree_page(&state, &csrf, &staff, &office, form, message, false).await?;
            Ok((status, page).into_response())
        }
        Err(error) => Err(error.into()),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "office/sites_column.html")]
pub struct ColumnPage {
    chrome: Chrome,
    id: i64,
    site_id: i64,
    site_name: String,
    name: String,
    kind: &'static str,
    path: String,
    unit: String,
    editors: String,
    special: String,
    opened_at: String,
    fresh: Fresh,
    window: String,
    articles: Vec<ArticleRow>,
    total: i64,
    version: i64,
    can_manage: bool,
    can_archive: bool,
    can_approve: bool,
    can_draft: bool,
    choices: Choices,
    form: ColumnForm,
    action: String,
    submit: &'static str,
    error: Option<String>,
    done: bool,
}

async fn column_page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    id: ColumnId,
    form: Option<ColumnForm>,
    error: Option<String>,
    done: bool,
) -> Result<ColumnPage, PageError> {
    let (stored, office) = column_in_scope(state, staff, id).await?;
    let db = &state.platform.db;
    let site = &office.site;
    let column = &stored.column;
    let names = Names::load(state).await?;
    let rules = Judged::load(state, staff).await?;
    let now = Instant::from_millis(now_ms());
    let all = sites::store::columns::of_site(db, site.id).await?;
    let path = sites::usecase::read::column_tree(db, site.id)
        .await?
        .path(column.id)
        .iter()
        .map(|c| c.name.clone())
        .collect::<Vec<_>>()
        .join(" › ");
    let (total, articles) = usecase::office::column_articles(db, id, 50).await?;
    let acting = acting(staff);
    let can_manage = column::may_manage(site, &acting).is_ok();
    let supervising = site.registration().supervising_unit;
    let pending_special = column
        .special
        .as_ref()
        .is_some_and(|s| s.approved.is_none());
    let special = match &column.special {
        None => String::new(),
        Some(special) => format!(
            "开设单位：{}；{}",
            names.unit(special.opened_by.0),
            match &special.approved {
                Some(approval) => format!(
                    "{} 于 {} 审核同意",
                    names.user(approval.by.0),
                    minute_of(approval.at.millis())
                ),
                None => "待主管单位负责人审核同意（WEB-COLUMNS）".to_owned(),
            }
        ),
    };
    Ok(ColumnPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        id: column.id.0,
        site_id: site.id.0,
        site_name: site.registration().name.clone(),
        name: column.name.clone(),
        kind: column.kind.label_zh(),
        path,
        unit: names.unit(column.responsible_unit.0),
        editors: editors_of(column, &names),
        special,
        opened_at: date_of(column.opened_at.millis()),
        fresh: fresh_of(&stored, now, &rules),
        window: column.kind.window(&rules.profile).map_or_else(
            || "不设更新期限".to_owned(),
            |w| format!("每{}至少更新一次", w.label_zh()),
        ),
        articles: articles.iter().map(ArticleRow::of).collect(),
        total,
        version: stored.version,
        can_archive: can_manage && column.archived_at.is_none(),
        can_manage,
        can_approve: pending_special && acting.has_in(Role::UnitLeader, supervising),
        can_draft: acting.has(Role::SiteEditor)
            && column.editors.includes(acting.user)
            && column.check_open().is_ok(),
        choices: choices(state, &names, &all, Some(column.id)).await?,
        form: form.unwrap_or_else(|| ColumnForm::of(&stored)),
        action: format!("/office/sites/columns/{}/edit", column.id.0),
        submit: "保存修改",
        error,
        done,
    })
}

/// `GET /office/sites/columns/{id}`.
pub async fn show(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(ColumnNo(id)): Id<ColumnNo>,
    Query(query): Query<DoneQuery>,
) -> Result<ColumnPage, PageError> {
    let done = query.done.is_some();
    column_page(&state, &csrf, &staff, ColumnId(id), None, None, done).await
}

/// The column's page after a change: `?done=1`, or the refusal above the kept form.
async fn after(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    id: ColumnId,
    outcome: platform::Result<i64>,
    form: Option<ColumnForm>,
) -> Result<Response, PageError> {
    match outcome {
        Ok(_) => {
            Ok(Redirect::to(&format!("/office/sites/columns/{}?done=1", id.0)).into_response())
        }
        Err(error) if shown_on_page(&error) => {
            let status = status_of(&error);
            let message = Some(error.to_string());
            let page = column_page(state, csrf, staff, id, form, message, false).await?;
            Ok((status, page).into_response())
        }
        Err(error) => Err(error.into()),
    }
}

fn version_of(text: &str) -> platform::Result<i64> {
    text.trim()
        .parse::<i64>()
        .map_err(|_| platform::Error::invalid("页面已过期，请刷新后重试"))
}

/// `POST /office/sites/columns/{id}/edit`: WEB-COLUMNS, a change or a move that keeps the
/// tree a tree.
pub async fn edit(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(ColumnNo(id)): Id<ColumnNo>,
    Form(form): Form<ColumnForm>,
) -> Result<Response, PageError> {
    column_in_scope(&state, &staff, ColumnId(id)).await?;
    let outcome = match (form.input(), version_of(&form.version)) {
        (Ok(input), Ok(version)) => {
            let judged = Judged::load(&state, &staff).await?;
            let context = judged.context(&state);
            let db = &state.platform.db;
            usecase::edit_column(db, &context, &acting(&staff), ColumnId(id), input, version).await
        }
        (Err(error), _) | (_, Err(error)) => Err(error),
    };
    after(&state, &csrf, &staff, ColumnId(id), outcome, Some(form)).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersionForm {
    version: i64,
}

/// `POST /office/sites/columns/{id}/archive`: WEB-FRESH (000 门户 §19), archived: no more
/// articles, no longer watched; its pages stay.
pub async fn archive(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(ColumnNo(id)): Id<ColumnNo>,
    Form(form): Form<VersionForm>,
) -> Result<Response, PageError> {
    column_in_scope(&state, &staff, ColumnId(id)).await?;
    let judged = Judged::load(&state, &staff).await?;
    let context = judged.context(&state);
    let db = &state.platform.db;
    let outcome =
        usecase::archive_column(db, &context, &acting(&staff), ColumnId(id), form.version).await;
    after(&state, &csrf, &staff, ColumnId(id), outcome, None).await
}

/// `POST /office/sites/columns/{id}/approve`: WEB-COLUMNS (000 门户 §22), a special column's
/// opening approved by a leader of the supervising unit.
pub async fn approve(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(ColumnNo(id)): Id<ColumnNo>,
    Form(form): Form<VersionForm>,
) -> Result<Response, PageError> {
    column_in_scope(&state, &staff, ColumnId(id)).await?;
    let judged = Judged::load(&state, &staff).await?;
    let context = judged.context(&state);
    let db = &state.platform.db;
    let outcome =
        usecase::approve_special_column(db, &context, &acting(&staff), ColumnId(id), form.version)
            .await;
    after(&state, &csrf, &staff, ColumnId(id), outcome, None).await
}
