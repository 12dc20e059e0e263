//! The lead unit's result on the order page (HL-RESULT): `POST /office/hotline/orders/{id}/result`
//! with the files it attaches — photos or PDFs of the rectification (issue 14 item 11), each
//! checked by its content and stored in the command's transaction (`usecase::submit_result`).
//!
//! A form that forgives (issue 14 item 3), as the citizen's forms do: every problem at once,
//! each next to its field (`aria-invalid`, `aria-describedby`) and listed at the top of the
//! page with a link to it; a file's problem names the file; what the handler wrote and chose
//! is written back into the form, so that a refused file never costs the four texts. A
//! refusal stores nothing. The files themselves are not kept: those that passed are named,
//! to be chosen again.

use axum::Extension;
use axum::extract::State;
use axum::response::Response;
use hotline::order::{HandlingResult, UnitView};
use hotline::usecase;
use hotline::{AppealId, UnitId};
use platform::attachments::{Policy, Upload};
use serde::Deserialize;

use crate::AppState;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::Id;
use crate::forgive::{self, FieldError};
use crate::staff::{Judged, Staff};
use crate::upload::Multipart;

use super::order::respond_drafted;

/// The parts of a result (HL-RESULT): the id of the field and what it is called.
const PARTS: [(&str, &str); 4] = [
    ("handling", "办理情况"),
    ("process", "办理过程"),
    ("opinion", "处理意见"),
    ("result_text", "办理结果"),
];
/// The views of the appellant the unit may record (the select's values).
const VIEWS: [(&str, &str); 3] = [
    ("satisfied", "满意"),
    ("basically_satisfied", "基本满意"),
    ("unsatisfied", "不满意"),
];
/// A file's name is shown in a message up to this many characters.
const NAME_CHARS: usize = 60;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResultForm {
    version: i64,
    #[serde(default)]
    handling: String,
    #[serde(default)]
    process: String,
    #[serde(default)]
    opinion: String,
    #[serde(default)]
    result: String,
    #[serde(default)]
    appellant_view: String,
}

/// What the handler gave in a refused result form, written back into it (issue 14 item 3),
/// and every problem, each under the id of its field.
#[derive(Debug, Clone, Default)]
pub struct ResultDraft {
    pub handling: String,
    pub process: String,
    pub opinion: String,
    pub result: String,
    pub appellant_view: String,
    pub errors: Vec<FieldError>,
    /// The files that passed but were not stored with the refused form: to choose again.
    pub dropped: Vec<String>,
}

impl ResultDraft {
    /// The appellant's views for the select: value, label, whether chosen (none by default,
    /// issue 14 item 9).
    pub fn views(&self) -> Vec<(&'static str, &'static str, bool)> {
        VIEWS
            .iter()
            .map(|(value, label)| (*value, *label, self.appellant_view == *value))
            .collect()
    }

    pub fn error(&self, field: &str) -> Option<&str> {
        forgive::error_of(&self.errors, field)
    }

    /// The `aria-*` attributes of a field of the result form.
    pub fn aria(&self, field: &str) -> String {
        let mut described = Vec::new();
        if field == "result_files" {
            described.push("result_files-hint".to_owned());
            if !self.dropped.is_empty() {
                described.push("result_files-dropped".to_owned());
            }
        }
        forgive::aria(field, self.error(field).is_some(), &described)
    }
}

fn shown(name: &str, index: usize) -> String {
    let name: String = name.trim().chars().take(NAME_CHARS).collect();
    if name.is_empty() {
        format!("第 {} 个文件", index + 1)
    } else {
        name
    }
}

/// Reads every field of the form (HL-RESULT); the result and its files when nothing is wrong.
fn read(
    form: &ResultForm,
    upload: &Multipart,
    draft: &mut ResultDraft,
) -> Option<(HandlingResult, Vec<Upload>)> {
    let texts = [&form.handling, &form.process, &form.opinion, &form.result];
    let mut parts = Vec::new();
    for ((field, label), text) in PARTS.iter().zip(texts) {
        match HandlingResult::read_part(text, label) {
            Ok(part) => parts.push(part),
            Err(error) => draft.errors.push(FieldError::new(field, error.to_string())),
        }
    }
    let view = match form.appellant_view.as_str() {
        "satisfied" => Some(UnitView::Satisfied),
        "basically_satisfied" => Some(UnitView::BasicallySatisfied),
        "unsatisfied" => Some(UnitView::Unsatisfied),
        _ => {
            draft
                .errors
                .push(FieldError::new("appellant_view", "请选择诉求人意见"));
            None
        }
    };
    // Issue 14 item 11: each file checked by its content as the appeal's are, a refusal
    // naming the file; `usecase::submit_result` checks them again in its own terms.
    let (mut files, mut problems) = (Vec::new(), Vec::new());
    for (index, part) in upload.files_named("files").enumerate() {
        let name = shown(&part.file_name, index);
        match Policy::APPEAL.check(&part.upload(name.clone())) {
            Ok(_) => {
                files.push(part.upload(""));
                draft.dropped.push(name);
            }
            Err(error) => problems.push(error.to_string()),
        }
    }
    if files.len() + problems.len() > usecase::RESULT_MAX_FILES {
        problems.push(format!(
            "办理结果最多附 {} 个文件，请少选一些",
            usecase::RESULT_MAX_FILES
        ));
    }
    if !problems.is_empty() {
        draft
            .errors
            .push(FieldError::new("result_files", problems.join("；")));
    }
    let [handling, process, opinion, result] = <[String; 4]>::try_from(parts).ok()?;
    let result = HandlingResult {
        handling,
        process,
        opinion,
        result,
        appellant_view: view?,
        files: Vec::new(),
    };
    draft.errors.is_empty().then_some((result, files))
}

/// HL-RESULT: every part required; issue 14 item 11: with the files the lead attaches
/// (`files`). A refused form comes back with what was written and every problem.
pub async fn result(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(id): Id<AppealId>,
    upload: Multipart,
) -> Result<Response, PageError> {
    let form: ResultForm = match upload.form() {
        Ok(form) => form,
        Err(error) => {
            let draft = ResultDraft::default();
            return respond_drafted(&state, &csrf, &staff, id, Err(error), draft).await;
        }
    };
    let mut draft = ResultDraft {
        handling: form.handling.clone(),
        process: form.process.clone(),
        opinion: form.opinion.clone(),
        result: form.result.clone(),
        appellant_view: form.appellant_view.clone(),
        ..ResultDraft::default()
    };
    let outcome = match read(&form, &upload, &mut draft) {
        Some((result, files)) => {
            let judged = Judged::load(&state, &staff).await?;
            let context = judged.context(&state);
            let unit = UnitId(staff.actor.unit_id);
            let db = &state.platform.db;
            let version = Some(form.version);
            usecase::submit_result(db, &context, id, version, (unit, result, &files))
                .await
                .map(|_| ())
        }
        None => Err(platform::Error::invalid(format!(
            "报送办理结果未成功：请修改以下 {} 处后再提交（已填写的内容已保留）",
            draft.errors.len()
        ))),
    };
    respond_drafted(&state, &csrf, &staff, id, outcome, draft).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hl_result_every_problem_of_the_result_form_at_once() {
        let form = ResultForm {
            version: 1,
            handling: "已现场核查".into(),
            process: "  ".into(),
            opinion: String::new(),
            result: "已整改".into(),
            appellant_view: String::new(),
        };
        let mut draft = ResultDraft::default();
        assert!(read(&form, &Multipart::default(), &mut draft).is_none());
        let fields: Vec<&str> = draft.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["process", "opinion", "appellant_view"]);
        assert_eq!(draft.error("process"), Some("办理过程不能为空"));
        assert!(draft.aria("opinion").contains("aria-invalid=\"true\""));
        assert!(
            draft
                .aria("result_files")
                .contains("aria-describedby=\"result_files-hint\"")
        );
    }
}
