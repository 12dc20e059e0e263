//! `/office/inspect/lists` (WEB-INSPECT): the word lists in force — the defaults shipped with
//! the binary and the imported ones with their source, version, count and who imported them —
//! the import form (TXT or XLSX, multipart within the staff upload limits), deactivation, and
//! the whitelist. A refused change shows its Chinese reason (a bad file names its rows) and
//! changes nothing.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use sites::usecase::inspect::{self, ListImport};

use super::{ListNo, PhraseNo};
use crate::AppState;
use crate::chrome::{Chrome, minute_of};
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{Form, Id, Query};
use crate::outcome::DoneQuery;
use crate::staff::{Judged, Staff};
use crate::upload::Multipart;

/// One list in the table.
pub struct ListLine {
    pub id: i64,
    pub name: String,
    pub origin: &'static str,
    pub source: String,
    pub version: String,
    pub count: usize,
    pub imported: String,
    pub active: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "office/inspect_lists.html")]
pub struct ListsPage {
    chrome: Chrome,
    builtin: Vec<ListLine>,
    imported: Vec<ListLine>,
    whitelist: Vec<(i64, String)>,
    error: Option<String>,
    done: bool,
}

fn origin_label(origin: &str) -> &'static str {
    match origin {
        "issued" => "上级下发",
        _ => "本地",
    }
}

async fn lists_page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    error: Option<String>,
    done: bool,
) -> Result<ListsPage, PageError> {
    let db = &state.platform.db;
    let builtin = inspect::builtin_lists()
        .into_iter()
        .map(|(name, source, version, count)| ListLine {
            id: 0,
            name,
            origin: "系统内置",
            source,
            version,
            count,
            imported: "随系统发布".to_owned(),
            active: true,
        })
        .collect();
    let names: std::collections::HashMap<i64, String> = platform::users::list(db)
        .await?
        .into_iter()
        .map(|account| (account.id, account.display_name))
        .collect();
    let imported = inspect::lists(db)
        .await?
        .into_iter()
        .map(|list| ListLine {
            id: list.id,
            origin: origin_label(&list.origin),
            imported: format!(
                "{}，{}",
                names
                    .get(&list.imported_by)
                    .cloned()
                    .unwrap_or_else(|| "—".to_owned()),
                minute_of(list.imported_at)
            ),
            name: list.name,
            source: list.source,
            version: list.version,
            count: usize::try_from(list.count).unwrap_or(0),
            active: list.active,
        })
        .collect();
    Ok(ListsPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        builtin,
        imported,
        whitelist: inspect::whitelist(db).await?,
        error,
        done,
    })
}

/// `GET /office/inspect/lists`.
pub async fn page(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Query(query): Query<DoneQuery>,
) -> Result<ListsPage, PageError> {
    lists_page(&state, &csrf, &staff, None, query.done.is_some()).await
}

/// The page after a change: `?done=1`, or the refusal on the page with its status.
async fn answer(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    outcome: platform::Result<()>,
) -> Result<Response, PageError> {
    crate::outcome::answer(
        outcome,
        "/office/inspect/lists?done=1".to_owned(),
        |error| lists_page(state, csrf, staff, Some(error), false),
    )
    .await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ImportFields {
    #[serde(default)]
    name: String,
    #[serde(default)]
    source: String,
    #[serde(default)]
    version: String,
    origin: String,
}

/// `POST /office/inspect/lists`: imports a TXT or XLSX list (multipart).
pub async fn import(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    upload: Multipart,
) -> Result<Response, PageError> {
    let outcome = async {
        let fields: ImportFields = upload.form()?;
        let file = upload
            .files_named("file")
            .next()
            .ok_or_else(|| platform::Error::invalid("请选择要导入的词库文件（TXT 或 XLSX）"))?;
        let judged = Judged::load(&state, &staff).await?;
        let context = judged.context(&state);
        let import = ListImport {
            name: &fields.name,
            source: &fields.source,
            version: &fields.version,
            origin: &fields.origin,
            file_name: &file.file_name,
            bytes: &file.bytes,
        };
        inspect::import_list(&state.platform.db, &context, import).await?;
        Ok(())
    }
    .await;
    answer(&state, &csrf, &staff, outcome).await
}

/// A form with the CSRF token only.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmptyForm {}

/// `POST /office/inspect/lists/{id}/deactivate`.
pub async fn deactivate(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(ListNo(id)): Id<ListNo>,
    Form(_form): Form<EmptyForm>,
) -> Result<Response, PageError> {
    let judged = Judged::load(&state, &staff).await?;
    let context = judged.context(&state);
    let outcome = inspect::deactivate_list(&state.platform.db, &context, id).await;
    answer(&state, &csrf, &staff, outcome).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhraseForm {
    phrase: String,
}

/// `POST /office/inspect/whitelist`: adds a phrase.
pub async fn add_phrase(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(form): Form<PhraseForm>,
) -> Result<Response, PageError> {
    let judged = Judged::load(&state, &staff).await?;
    let context = judged.context(&state);
    let outcome = inspect::add_phrase(&state.platform.db, &context, &form.phrase)
        .await
        .map(|_| ());
    answer(&state, &csrf, &staff, outcome).await
}

/// `POST /office/inspect/whitelist/{id}/remove`.
pub async fn remove_phrase(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(PhraseNo(id)): Id<PhraseNo>,
    Form(_form): Form<EmptyForm>,
) -> Result<Response, PageError> {
    let judged = Judged::load(&state, &staff).await?;
    let context = judged.context(&state);
    let outcome = inspect::remove_phrase(&state.platform.db, &context, id).await;
    answer(&state, &csrf, &staff, outcome).await
}
