//! The catalogue's public lists (issue 22): `/services/negative-list` — SVC-ONE-DOOR's negative
//! list published as its formal documents (文号, title, issuing unit, date, and the items each
//! keeps out of the hall, 000 中心 §16); `/services/fees` — the fee list of the items that
//! charge (§18 收费事项和标准要在门户网站进行公示); `/services/results` — SVC-STATUS's 结果公示
//! of the items marked for it (002 网站规范 §21(三)4), the applicant masked. No login; every
//! list reads the published versions only.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use platform::Error;
use services::usecase::public_lists::{self, RESULTS_LISTED};

use super::{minute, unit_name, unit_names};
use crate::AppState;
use crate::chrome::Chrome;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::Query;

/// One item kept out of the hall by a document.
pub struct NegativeRow {
    code: String,
    name: String,
    department: String,
    reason: String,
}

/// One formal document of the negative list.
pub struct Document {
    number: String,
    title: String,
    issuer: String,
    date: String,
    rows: Vec<NegativeRow>,
}

#[derive(Template, WebTemplate)]
#[template(path = "portal/services_negative_list.html")]
pub struct NegativeListPage {
    chrome: Chrome,
    documents: Vec<Document>,
}

/// `GET /services/negative-list`.
pub async fn negative_list(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
) -> Result<NegativeListPage, PageError> {
    let db = &state.platform.db;
    let units = unit_names(&state).await?;
    let documents = public_lists::negative_documents(db)
        .await?
        .into_iter()
        .map(|document| Document {
            rows: document
                .entries
                .into_iter()
                .map(|row| NegativeRow {
                    department: unit_name(&units, row.department.0),
                    code: row.code,
                    name: row.name,
                    reason: row.reason,
                })
                .collect(),
            number: document.number,
            title: document.title,
            issuer: document.issue.issuer,
            date: document.issue.date,
        })
        .collect();
    Ok(NegativeListPage {
        chrome: Chrome::public(&state, &csrf).await?,
        documents,
    })
}

/// One line of the fee list.
pub struct FeeRow {
    code: String,
    name: String,
    department: String,
    standard: String,
    basis: String,
    method: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "portal/services_fees.html")]
pub struct FeesPage {
    chrome: Chrome,
    rows: Vec<FeeRow>,
}

/// `GET /services/fees`.
pub async fn fees(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
) -> Result<FeesPage, PageError> {
    let units = unit_names(&state).await?;
    let rows = public_lists::fee_list(&state.platform.db)
        .await?
        .into_iter()
        .map(|line| FeeRow {
            department: unit_name(&units, line.department.0),
            code: line.code,
            name: line.name,
            standard: line.standard,
            basis: line.basis,
            method: line.method,
        })
        .collect();
    Ok(FeesPage {
        chrome: Chrome::public(&state, &csrf).await?,
        rows,
    })
}

/// The query of the 结果公示 page: an item's code, optional.
#[derive(serde::Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct ResultsQuery {
    item: String,
}

/// One concluded case announced.
pub struct ResultRow {
    number: String,
    item_code: String,
    item_name: String,
    applicant: String,
    result: String,
    date: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "portal/services_results.html")]
pub struct ResultsPage {
    chrome: Chrome,
    item: String,
    rows: Vec<ResultRow>,
    listed: i64,
}

/// `GET /services/results[?item=CODE]`.
pub async fn results(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    Query(query): Query<ResultsQuery>,
) -> Result<ResultsPage, PageError> {
    let item = query.item.trim().to_owned();
    if item.chars().count() > 40 {
        return Err(Error::invalid("事项编码不超过40个字符").into());
    }
    let filter = (!item.is_empty()).then_some(item.as_str());
    let rows = public_lists::result_announcements(&state.platform.db, &state.platform.key, filter)
        .await?
        .into_iter()
        .map(|line| ResultRow {
            result: if line.result_name.is_empty() {
                line.result.to_owned()
            } else {
                format!("{}（{}）", line.result, line.result_name)
            },
            date: minute(calendar::Instant::from_millis(line.concluded_at)),
            number: line.number,
            item_code: line.item_code,
            item_name: line.item_name,
            applicant: line.applicant,
        })
        .collect();
    Ok(ResultsPage {
        chrome: Chrome::public(&state, &csrf).await?,
        item,
        rows,
        listed: RESULTS_LISTED,
    })
}
