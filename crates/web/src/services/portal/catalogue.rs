//! `GET /services`: the public catalogue by department, by life event for persons and for
//! enterprises, by item type, and by name (SVC-ITEM-TYPES); published versions only.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use serde::Deserialize;
use services::UnitId;
use services::item::{ItemType, LEGAL_PERSON_THEMES, PERSON_THEMES, Target, Theme};
use services::usecase::catalogue::{self, CatalogueFilter};

use super::{query_string, unit_name, unit_names};
use crate::AppState;
use crate::chrome::Chrome;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::Query;

/// The query of the catalogue page; every value is optional text (an empty select is "all").
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct CatalogueQuery {
    #[serde(default)]
    dept: String,
    #[serde(default, rename = "type")]
    item_type: String,
    #[serde(default)]
    target: String,
    #[serde(default)]
    theme: String,
    #[serde(default)]
    q: String,
    #[serde(default)]
    page: String,
}

/// A link of a filter list, marked when it is the current one.
pub struct Choice {
    label: String,
    href: String,
    count: Option<i64>,
    current: bool,
}

pub struct Row {
    code: String,
    name: String,
    department: String,
    item_type: &'static str,
    case_type: &'static str,
    targets: String,
    promised: String,
    accepts: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "portal/services_catalogue.html")]
pub struct CataloguePage {
    chrome: Chrome,
    heading: String,
    q: String,
    departments: Vec<Choice>,
    types: Vec<Choice>,
    person_themes: Vec<Choice>,
    enterprise_themes: Vec<Choice>,
    rows: Vec<Row>,
    total: i64,
    page: u32,
    pages: u32,
    prev_href: Option<String>,
    next_href: Option<String>,
}

fn target_of(code: &str) -> Option<Target> {
    match code {
        "person" => Some(Target::NaturalPerson),
        "enterprise" => Some(Target::LegalPerson),
        _ => None,
    }
}

fn target_code(target: Target) -> &'static str {
    match target {
        Target::NaturalPerson => "person",
        Target::LegalPerson => "enterprise",
    }
}

fn type_code(item_type: ItemType) -> String {
    format!("{item_type:?}")
}

/// Parses the query into the use case's filter; unknown values are ignored (a stale link
/// shows the whole catalogue rather than an error).
fn filter_of(query: &CatalogueQuery) -> CatalogueFilter {
    let target = target_of(query.target.trim());
    CatalogueFilter {
        department: query.dept.trim().parse().ok().map(UnitId),
        item_type: ItemType::ALL
            .into_iter()
            .find(|t| type_code(*t) == query.item_type.trim()),
        target,
        theme: target.and_then(|target| Theme::parse(target, &query.theme).ok()),
        name: Some(query.q.trim().to_owned()).filter(|q| !q.is_empty()),
        page: query.page.trim().parse().unwrap_or(1),
    }
}

fn href(pairs: &[(&str, &str)]) -> String {
    let query = query_string(pairs);
    if query.is_empty() {
        "/services".into()
    } else {
        format!("/services?{query}")
    }
}

fn theme_choices(target: Target, themes: &[&str], filter: &CatalogueFilter) -> Vec<Choice> {
    themes
        .iter()
        .map(|theme| Choice {
            label: (*theme).to_owned(),
            href: href(&[("target", target_code(target)), ("theme", theme)]),
            count: None,
            current: filter
                .theme
                .as_ref()
                .is_some_and(|t| t.target() == target && t.label() == *theme),
        })
        .collect()
}

pub async fn index(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    Query(query): Query<CatalogueQuery>,
) -> Result<CataloguePage, PageError> {
    let filter = filter_of(&query);
    let db = &state.platform.db;
    let names = unit_names(&state).await?;
    let result = catalogue::catalogue(db, &filter).await?;
    let departments = catalogue::departments(db)
        .await?
        .into_iter()
        .map(|(unit, count)| Choice {
            label: unit_name(&names, unit.0),
            href: href(&[("dept", &unit.0.to_string())]),
            count: Some(count),
            current: filter.department == Some(unit),
        })
        .collect();
    let types = ItemType::ALL
        .into_iter()
        .map(|t| Choice {
            label: t.label_zh().to_owned(),
            href: href(&[("type", &type_code(t))]),
            count: None,
            current: filter.item_type == Some(t),
        })
        .collect();
    let heading = match (
        &filter.theme,
        filter.target,
        filter.department,
        filter.item_type,
    ) {
        (Some(theme), _, _, _) => format!(
            "{}办事 · {}",
            if theme.target() == Target::NaturalPerson {
                "个人"
            } else {
                "法人"
            },
            theme.label()
        ),
        (None, Some(Target::NaturalPerson), _, _) => "个人办事".into(),
        (None, Some(Target::LegalPerson), _, _) => "法人办事".into(),
        (None, None, Some(unit), _) => format!("{} 的事项", unit_name(&names, unit.0)),
        (None, None, None, Some(t)) => format!("{}事项", t.label_zh()),
        (None, None, None, None) => "全部事项".into(),
    };
    let rows = result
        .entries
        .iter()
        .map(|entry| Row {
            code: entry.code.clone(),
            name: entry.name.clone(),
            department: unit_name(&names, entry.department.0),
            item_type: entry.item_type.label_zh(),
            case_type: entry.case_type.label_zh(),
            targets: entry
                .targets
                .iter()
                .map(|t| t.label_zh())
                .collect::<Vec<_>>()
                .join("、"),
            promised: if entry.promised_days == 0 {
                "即办".into()
            } else {
                format!("{}个工作日", entry.promised_days)
            },
            accepts: entry.accepts_applications,
        })
        .collect();
    let page_href = |page: u32| {
        let page = page.to_string();
        href(&[
            ("dept", query.dept.trim()),
            ("type", query.item_type.trim()),
            ("target", query.target.trim()),
            ("theme", query.theme.trim()),
            ("q", query.q.trim()),
            ("page", &page),
        ])
    };
    Ok(CataloguePage {
        chrome: Chrome::public(&state, &csrf).await?,
        heading,
        q: query.q.trim().to_owned(),
        departments,
        types,
        person_themes: theme_choices(Target::NaturalPerson, PERSON_THEMES, &filter),
        enterprise_themes: theme_choices(Target::LegalPerson, LEGAL_PERSON_THEMES, &filter),
        rows,
        total: result.total,
        page: result.page,
        pages: result.pages,
        prev_href: (result.page > 1).then(|| page_href(result.page - 1)),
        next_href: (result.page < result.pages).then(|| page_href(result.page + 1)),
    })
}
