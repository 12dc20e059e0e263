//! The public 政府信息公开目录 and 政府信息公开指南 (PUB-CATALOG, PUB-PROACTIVE, PUB-APPLY,
//! PUB-FREE): `GET /openness/catalogue` lists the catalogue generated from the register
//! (`openness::usecase::catalogue`), by 主题分类 and by issuing unit, each entry with its
//! 索引号 and the page that published it; `GET /openness/guide` is the guide, its time limits
//! read from the jurisdiction's profile, so that what it promises is what the clocks enforce.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::routing::get;
use openness::UnitId;
use openness::register::Topic;
use openness::usecase::catalogue::{self, Filter};
use serde::Deserialize;

use crate::AppState;
use crate::chrome::{Chrome, minute_of};
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::Query;

pub(super) fn routes() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/openness/catalogue", get(list))
        .route("/openness/guide", get(guide))
}

/// The catalogue's filters as the page sends them; anything unknown lists everything.
#[derive(Deserialize, Default)]
pub struct CatalogueQuery {
    #[serde(default)]
    topic: String,
    #[serde(default)]
    unit: String,
}

pub struct Line {
    index_number: String,
    title: String,
    issue_number: String,
    unit: String,
    topic: &'static str,
    date: String,
    url: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "openness/catalogue.html")]
pub struct CataloguePage {
    chrome: Chrome,
    lines: Vec<Line>,
    topics: Vec<(String, &'static str, usize)>,
    units: Vec<(i64, String)>,
    topic: String,
    unit: i64,
    update_limit: String,
    /// PUB-ANNUAL: the published annual reports.
    reports: Vec<super::annual_report::Listed>,
}

/// `GET /openness/catalogue`: PUB-CATALOG, the entries of the register's published documents.
async fn list(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    Query(query): Query<CatalogueQuery>,
) -> Result<CataloguePage, PageError> {
    let db = &state.platform.db;
    let all = catalogue::entries(db, Filter::default()).await?;
    let topic = Topic::of_code(query.topic.trim());
    let unit = query.unit.trim().parse::<i64>().ok().map(UnitId);
    let kept = |e: &&catalogue::Entry| {
        topic.is_none_or(|t| t == e.topic) && unit.is_none_or(|u| u == e.unit)
    };
    let lines = all
        .iter()
        .filter(kept)
        .map(|e| Line {
            index_number: e.index_number.clone(),
            title: e.title.clone(),
            issue_number: e.issue_number.clone(),
            unit: e.unit_name.clone(),
            topic: e.topic.label_zh(),
            date: minute_of(e.published_at.millis())
                .chars()
                .take(10)
                .collect(),
            url: e.url.clone(),
        })
        .collect();
    let topics = Topic::ALL
        .into_iter()
        .map(|t| {
            let count = all.iter().filter(|e| e.topic == t).count();
            (t.code(), t.label_zh(), count)
        })
        .filter(|(_, _, count)| *count > 0)
        .collect();
    let mut units: Vec<(i64, String)> = Vec::new();
    for e in &all {
        if !units.iter().any(|(id, _)| *id == e.unit.0) {
            units.push((e.unit.0, e.unit_name.clone()));
        }
    }
    let profile = state.profile().await?;
    Ok(CataloguePage {
        chrome: Chrome::public(&state, &csrf).await?,
        lines,
        topics,
        units,
        topic: topic.map(Topic::code).unwrap_or_default(),
        unit: unit.map_or(0, |u| u.0),
        update_limit: profile.openness.catalogue_update.0.label_zh(),
        reports: super::annual_report::listed(&state).await?,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "openness/guide.html")]
pub struct GuidePage {
    chrome: Chrome,
    jurisdiction: String,
    proactive: String,
    policy: String,
    catalogue_update: String,
    supplement: String,
    answer: String,
    extension: String,
    third_party: String,
    complaint: String,
}

/// `GET /openness/guide`: the 政府信息公开指南 with the profile's time limits.
async fn guide(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
) -> Result<GuidePage, PageError> {
    let db = &state.platform.db;
    let jurisdiction = platform::jurisdiction::current(db)
        .await?
        .map(|j| j.name)
        .unwrap_or_default();
    let profile = state.profile().await?;
    let o = &profile.openness;
    Ok(GuidePage {
        chrome: Chrome::public(&state, &csrf).await?,
        jurisdiction,
        proactive: o.proactive.0.label_zh(),
        policy: o.policy_document.0.label_zh(),
        catalogue_update: o.catalogue_update.0.label_zh(),
        supplement: o.application_supplement.0.label_zh(),
        answer: o.application_answer.0.label_zh(),
        extension: o.application_extension.0.label_zh(),
        third_party: o.third_party_opinion.0.label_zh(),
        complaint: o.complaint_conclude.0.label_zh(),
    })
}
