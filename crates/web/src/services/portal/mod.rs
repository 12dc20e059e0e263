//! The citizen's and enterprise's side of online government services on the portal (issue 5):
//! the catalogue, guides with the generated flow chart, print view and downloads
//! (SVC-ITEM-FIELDS), applying with uploaded and reused materials (SVC-NO-RESUBMIT), the
//! case status (SVC-STATUS, SVC-SPECIAL) and ratings on the web and at the hall terminal
//! (EVAL-ALL, EVAL-BAD). No login: a case is followed by its number and query code.

mod acceptance;
mod apply;
pub(super) mod apply_check;
mod apply_steps;
mod catalogue;
mod flow_svg;
mod guide;
mod published;
mod rating;
mod status;
mod supplement;

use std::collections::HashMap;

use axum::Router;
use axum::routing::get;
use services::item::{CrossRegion, MaterialKind, SourceChannel};

use crate::AppState;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/services", get(catalogue::index))
        .route("/services/items/{code}", get(guide::page))
        .route("/services/items/{code}/print", get(guide::print))
        .route("/services/items/{code}/files/{id}", get(guide::download))
        .route(
            "/services/items/{code}/apply",
            get(apply::form).post(apply::submit),
        )
        // Issue 22: SVC-ONE-DOOR's negative list and fee list, SVC-STATUS's 结果公示.
        .route("/services/negative-list", get(published::negative_list))
        .route("/services/fees", get(published::fees))
        .route("/services/results", get(published::results))
        .route("/services/cases/query", get(status::query))
        .route("/services/cases/acceptance", get(acceptance::page))
        .route(
            "/services/cases/supplement",
            get(supplement::form).post(supplement::submit),
        )
        .route(
            "/services/cases/rate",
            get(rating::form).post(rating::submit),
        )
        .route(
            "/hall/rate",
            get(rating::hall_form).post(rating::hall_submit),
        )
}

/// Unit names by id, for departments shown on public pages.
async fn unit_names(state: &AppState) -> platform::Result<HashMap<i64, String>> {
    Ok(platform::units::list(&state.platform.db)
        .await?
        .into_iter()
        .map(|unit| (unit.id, unit.name))
        .collect())
}

fn unit_name(names: &HashMap<i64, String>, id: i64) -> String {
    names
        .get(&id)
        .cloned()
        .unwrap_or_else(|| format!("单位 {id}"))
}

fn cross_region_label(scope: CrossRegion) -> &'static str {
    match scope {
        CrossRegion::None => "不支持通办",
        CrossRegion::City => "市内通办",
        CrossRegion::Province => "省内通办",
        CrossRegion::National => "跨省通办",
    }
}

fn material_kind_label(kind: MaterialKind) -> &'static str {
    match kind {
        MaterialKind::Original => "原件",
        MaterialKind::Copy => "复印件",
        MaterialKind::OriginalAndCopy => "原件和复印件",
        MaterialKind::Electronic => "电子材料",
    }
}

fn source_label(source: SourceChannel) -> &'static str {
    match source {
        SourceChannel::Applicant => "申请人自备",
        SourceChannel::Government => "政府部门核发",
        SourceChannel::Intermediary => "中介机构出具",
        SourceChannel::Other => "其他",
    }
}

/// `2025-03-03 09:00` in Beijing time.
fn minute(instant: calendar::Instant) -> String {
    crate::chrome::minute_of(instant.millis())
}

/// A duration for people: `2天3小时`, `3小时5分钟`, `12分钟`.
fn duration_text(millis: i64) -> String {
    let minutes = millis.max(0) / 60_000;
    let (days, hours, mins) = (minutes / 1440, minutes % 1440 / 60, minutes % 60);
    match (days, hours, mins) {
        (0, 0, m) => format!("{m}分钟"),
        (0, h, m) => format!("{h}小时{m}分钟"),
        (d, h, _) => format!("{d}天{h}小时"),
    }
}

/// `key=value&…` with each value percent-encoded, for links.
fn query_string(pairs: &[(&str, &str)]) -> String {
    let mut encoded = form_urlencoded::Serializer::new(String::new());
    for (key, value) in pairs.iter().filter(|(_, value)| !value.is_empty()) {
        encoded.append_pair(key, value);
    }
    encoded.finish()
}
