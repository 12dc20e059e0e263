//! `POST /office/services/catalogue/{id}/files` (multipart, issue 22; SVC-ITEM-FIELDS): the
//! item's own department uploads a material's sample (样表) or blank form (空白表格) from the
//! editor. The type is sniffed from the content (`usecase::guide_files::GUIDE_FILE`), the file
//! stored sealed like every attachment, the working version's material pointed at it (a
//! published item opens a new version). A refusal shows the editor again with the Chinese
//! message, status 400, and stores nothing.

use axum::Extension;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use services::ItemId;
use services::usecase::guide_files::{self, GuideFile, GuideUpload};
use services::usecase::item_office;

use super::editable;
use super::editor::editor_page;
use crate::AppState;
use crate::csrf::CsrfToken;
use crate::error::{PageError, status_of};
use crate::extract::Id;
use crate::staff::{Judged, Staff};
use crate::upload::Multipart;

/// The text fields of the upload form.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct FileForm {
    version: i64,
    material: String,
    which: String,
}

async fn attach(
    state: &AppState,
    staff: &Staff,
    id: ItemId,
    upload: &Multipart,
) -> platform::Result<()> {
    let form: FileForm = upload.form()?;
    let which = GuideFile::from_code(&form.which)
        .ok_or_else(|| platform::Error::invalid("请选择上传样表还是空白表格"))?;
    if form.material.chars().count() > 40 {
        return Err(platform::Error::invalid("材料编码不超过40个字符"));
    }
    let file = upload
        .files_named("file")
        .next()
        .ok_or_else(|| platform::Error::invalid("请选择要上传的文件"))?;
    let judged = Judged::load(state, staff).await?;
    let label = format!("{}{}", form.material.trim(), which.label_zh());
    guide_files::attach_guide_file(
        &state.platform.db,
        &state.platform.key,
        &judged.actor,
        GuideUpload {
            item: id,
            material: form.material.trim(),
            which,
            upload: file.upload(label),
            expected_version: form.version,
        },
        judged.now,
    )
    .await
    .map(|_| ())
}

/// The upload; back to the editor.
pub async fn upload(
    axum::extract::State(state): axum::extract::State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(id): Id<ItemId>,
    upload: Multipart,
) -> Result<Response, PageError> {
    editable(&state, &staff, id).await?;
    match attach(&state, &staff, id, &upload).await {
        Ok(()) => Ok(
            Redirect::to(&format!("/office/services/catalogue/{}/edit?saved=1", id.0))
                .into_response(),
        ),
        Err(
            error @ (platform::Error::Invalid(_)
            | platform::Error::Conflict(_)
            | platform::Error::InvalidTransition { .. }),
        ) => {
            let status = match status_of(&error) {
                StatusCode::OK => StatusCode::BAD_REQUEST,
                other => other,
            };
            let stored = item_office::office_item(&state.platform.db, id).await?;
            let item = stored
                .record
                .working()
                .map(|version| version.item.clone())
                .ok_or_else(|| PageError(platform::Error::not_found("事项版本")))?;
            let page = editor_page(
                &state,
                &csrf,
                &staff,
                &stored,
                item,
                vec![error.to_string()],
                false,
            )
            .await?;
            Ok((status, page).into_response())
        }
        Err(error) => Err(error.into()),
    }
}
