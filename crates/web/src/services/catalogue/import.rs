//! `/office/services/catalogue/import` (issue 22, SVC-ITEM-LIFE): a department uploads the
//! workbook `export.xlsx` wrote, edited — one row per item on 事项, one sheet per material
//! list. Every cell is checked and every problem named by sheet, row and column; one problem
//! refuses the whole workbook (nothing changes). Accepted rows become claims and edits of the
//! department's own items, never submissions or publications: each changed item waits in
//! 编辑中 for the review chain like an item saved in the editor. Audited.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use services::UnitId;
use services::item::import::{
    self, ImportProblem, MAX_ITEM_ROWS, MAX_MATERIAL_ROWS, PROBLEMS_NAMED,
};
use services::usecase::catalogue_import::{self, ImportReport, Importer};

use super::{unit_name, workbook};
use crate::AppState;
use crate::chrome::Chrome;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::staff::{Judged, Staff};
use crate::upload::Multipart;

#[derive(Template, WebTemplate)]
#[template(path = "office/services_catalogue_import.html")]
pub struct ImportPage {
    chrome: Chrome,
    unit: String,
    max_file_mb: usize,
    max_items: usize,
    max_materials: usize,
    /// Why the workbook was refused: a sentence, then the problems named.
    refused: Option<String>,
    problems: Vec<String>,
    more_problems: usize,
    report: Option<ImportReport>,
}

async fn page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    refused: Option<String>,
    problems: &[ImportProblem],
    report: Option<ImportReport>,
) -> Result<ImportPage, PageError> {
    Ok(ImportPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        unit: staff.actor.unit_name.clone(),
        max_file_mb: workbook::MAX_FILE_BYTES / 1024 / 1024,
        max_items: MAX_ITEM_ROWS,
        max_materials: MAX_MATERIAL_ROWS,
        refused,
        problems: problems
            .iter()
            .take(PROBLEMS_NAMED)
            .map(ToString::to_string)
            .collect(),
        more_problems: problems.len().saturating_sub(PROBLEMS_NAMED),
        report,
    })
}

/// The form.
pub async fn form(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
) -> Result<ImportPage, PageError> {
    page(&state, &csrf, &staff, None, &[], None).await
}

/// Why a workbook was refused: a sentence and the problems named.
type Refusal = (String, Vec<ImportProblem>);

/// Reads the upload and applies it; `Err` is the refusal shown on the page.
async fn run(
    state: &AppState,
    staff: &Staff,
    upload: &Multipart,
) -> Result<Result<ImportReport, Refusal>, PageError> {
    let Some(file) = upload.files_named("file").next() else {
        return Ok(Err(("请选择要导入的 XLSX 文件".to_owned(), Vec::new())));
    };
    let sheets = match workbook::read(&file.bytes) {
        Ok(sheets) => sheets,
        Err(error) => return Ok(Err((error.to_string(), Vec::new()))),
    };
    let rows = match import::read_catalogue(&sheets) {
        Ok(rows) => rows,
        Err(problems) => {
            let sentence = format!("工作簿有{}处错误，未导入任何内容：", problems.len());
            return Ok(Err((sentence, problems)));
        }
    };
    let judged = Judged::load(state, staff).await?;
    let unit = UnitId(staff.actor.unit_id);
    let name = unit_name(state, unit).await;
    let importer = Importer {
        actor: &judged.actor,
        unit,
        unit_name: &name,
    };
    let outcome =
        catalogue_import::import_catalogue(&state.platform.db, importer, &rows, judged.now).await?;
    Ok(outcome.map_err(|problems| {
        let sentence = format!("工作簿有{}处错误，未导入任何内容：", problems.len());
        (sentence, problems)
    }))
}

/// `POST /office/services/catalogue/import` (multipart): all or nothing.
pub async fn upload(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    upload: Multipart,
) -> Result<Response, PageError> {
    match run(&state, &staff, &upload).await? {
        Ok(report) => {
            let page = page(&state, &csrf, &staff, None, &[], Some(report)).await?;
            Ok(page.into_response())
        }
        Err((sentence, problems)) => {
            let page = page(&state, &csrf, &staff, Some(sentence), &problems, None).await?;
            Ok((StatusCode::BAD_REQUEST, page).into_response())
        }
    }
}
