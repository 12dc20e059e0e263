//! The lead unit's result on the order page (HL-RESULT): `POST /office/hotline/orders/{id}/result`
//! with the files it attaches — photos or PDFs of the rectification (issue 14 item 11), each
//! checked by its content and stored in the command's transaction (`usecase::submit_result`).
//!
//! A form that forgives (issue 14 item 3), as the citizen's forms do: every problem at once,
//! each next to its field (`aria-invalid`, `aria-describedby`) and listed at the top of the
//! page with a link to it; a file's problem names the file. Nothing given is lost: the texts
//! and the chosen view are written back, and the files that passed are kept sealed on the
//! server (`platform::held`, 30 minutes, bound to the order and to the handler's CSRF token)
//! and shown as already attached; a file chosen again under its name replaces the held one.
//! The corrected form is sent without them: the result takes them in its own transaction
//! (`usecase::submit_held_result`). A refusal stores nothing on the order.

use axum::Extension;
use axum::extract::State;
use axum::response::Response;
use hotline::order::{HandlingResult, UnitView};
use hotline::usecase::{self, HeldFiles};
use hotline::{AppealId, UnitId};
use platform::attachments::{self, Policy, Upload};
use platform::db::now_ms;
use platform::held::{self, Held, Holder};
use serde::Deserialize;

use crate::AppState;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::Id;
use crate::forgive::{self, FieldError};
use crate::staff::{Judged, Staff};
use crate::upload::Multipart;

use super::held_slots::Slots;
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
/// The held result form of an order is named `hotline-result:{id}` (`platform::held`).
const HELD_FORM: &str = "hotline-result";
/// A held file's slot: `file-1` …; the file is labelled 办理结果附件1 … by it.
const SLOTS: Slots = Slots {
    field: "files",
    prefix: "file-",
    label: "办理结果附件",
    max: usecase::RESULT_MAX_FILES,
};

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
    /// The token of what the server holds from a refused render.
    #[serde(default)]
    held: String,
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
    /// The token of the files held for the form (empty when none).
    pub held_token: String,
    /// The files held: "name（size）", shown to the handler who chose them.
    pub held_files: Vec<String>,
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
            if !self.held_files.is_empty() {
                described.push("result_files-held".to_owned());
            }
        }
        forgive::aria(field, self.error(field).is_some(), &described)
    }
}

/// What the form gave: the result when nothing is wrong, and the files that passed with
/// their slots.
struct Read {
    result: Option<HandlingResult>,
    files: Vec<(usize, Upload)>,
}

/// Reads every field of the form (HL-RESULT), each problem into `draft`.
fn read(
    form: &ResultForm,
    upload: &Multipart,
    held: Option<&Held>,
    draft: &mut ResultDraft,
) -> Read {
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
    let (files, problems) = SLOTS.files_of(upload, held, &Policy::APPEAL);
    if !problems.is_empty() {
        draft
            .errors
            .push(FieldError::new("result_files", problems.join("；")));
    }
    let result = match (<[String; 4]>::try_from(parts), view) {
        (Ok([handling, process, opinion, result]), Some(view)) if draft.errors.is_empty() => {
            Some(HandlingResult {
                handling,
                process,
                opinion,
                result,
                appellant_view: view,
                files: Vec::new(),
            })
        }
        _ => None,
    };
    Read { result, files }
}

/// Keeps the files that passed for the next render, with those held (issue 14 item 3).
async fn keep(
    state: &AppState,
    holder: Holder<'_>,
    held: Option<&Held>,
    files: &[(usize, Upload)],
    now: i64,
) -> platform::Result<Option<Held>> {
    let key = &state.platform.key;
    let files = files
        .iter()
        .map(|(slot, upload)| {
            let sealed = attachments::seal(key, &Policy::APPEAL, upload)?;
            Ok((SLOTS.slot(*slot), sealed))
        })
        .collect::<platform::Result<Vec<_>>>()?;
    held::keep(&state.platform.db, key, holder, held, &[], &files, now).await
}

/// HL-RESULT: every part required; issue 14 item 11: with the files the lead attaches
/// (`files`), and those held from a refused render (`held`). A refused form comes back with
/// what was written, the files kept, and every problem.
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
    let now = now_ms();
    let (db, key) = (&state.platform.db, &state.platform.key);
    let form_name = format!("{HELD_FORM}:{}", id.0);
    let holder = Holder {
        form: &form_name,
        anchor: &csrf.0,
    };
    let held = held::find(db, key, holder, &form.held, now).await?;
    let mut draft = ResultDraft {
        handling: form.handling.clone(),
        process: form.process.clone(),
        opinion: form.opinion.clone(),
        result: form.result.clone(),
        appellant_view: form.appellant_view.clone(),
        ..ResultDraft::default()
    };
    let read = read(&form, &upload, held.as_ref(), &mut draft);
    let mut kept = None;
    let outcome = match read.result {
        Some(result) => {
            let judged = Judged::load(&state, &staff).await?;
            let context = judged.context(&state);
            let (unit, version) = (UnitId(staff.actor.unit_id), Some(form.version));
            match &held {
                // Nothing held: the files chosen now are stored with the result.
                None => {
                    let files: Vec<Upload> = read.files.iter().map(|(_, f)| f.clone()).collect();
                    usecase::submit_result(db, &context, id, version, (unit, result, &files))
                        .await
                        .map(|_| ())
                }
                // Held files: the new ones join them and the result takes them all.
                Some(held) => {
                    let joined = keep(&state, holder, Some(held), &read.files, now).await?;
                    let outcome = match &joined {
                        Some(joined) => {
                            let files = HeldFiles {
                                form: joined.id,
                                attachments: joined.files.iter().map(|f| f.attachment).collect(),
                            };
                            let submitted = (unit, result, &files);
                            usecase::submit_held_result(db, &context, id, version, submitted)
                                .await
                                .map(|_| ())
                        }
                        None => {
                            usecase::submit_result(db, &context, id, version, (unit, result, &[]))
                                .await
                                .map(|_| ())
                        }
                    };
                    kept = joined;
                    outcome
                }
            }
        }
        None => Err(platform::Error::invalid(format!(
            "报送办理结果未成功：请修改以下 {} 处后再提交（已填写的内容和已选择的附件均已保留）",
            draft.errors.len()
        ))),
    };
    if outcome.is_err() {
        let held = match kept {
            Some(kept) => Some(kept),
            None => keep(&state, holder, held.as_ref(), &read.files, now).await?,
        };
        if let Some(held) = held {
            draft.held_files = held
                .files
                .iter()
                .map(|file| format!("{}（{}）", file.file_name, file.size))
                .collect();
            draft.held_token = held.token;
        }
    }
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
            held: String::new(),
        };
        let mut draft = ResultDraft::default();
        let read = read(&form, &Multipart::default(), None, &mut draft);
        assert!(read.result.is_none() && read.files.is_empty());
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
