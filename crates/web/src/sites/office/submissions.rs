//! Units' submissions to the sites' editors (报送信息, WEB-SUBMIT; 004 §26–28): the routes of
//! the submissions' pages and the form a unit's staff write a submission with (title, body,
//! the column it proposes, author, mobile, 重大信息), new or edited: every problem at once,
//! each next to its field, nothing stored until all pass. The lists and queues are
//! `submission_queues`, the submission's page and its commands `submission_page`, the weekly
//! quota table `submission_weeks`.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use platform::access::{self, SubmissionOp};
use serde::Deserialize;
use sites::submission::{self, Command, SubmissionInput};
use sites::usecase::{self, read};
use sites::{ColumnId, SubmissionId};

use super::{acting, submission_commands, submission_page, submission_queues, submission_weeks};
use crate::AppState;
use crate::chrome::Chrome;
use crate::csrf::CsrfToken;
use crate::error::{PageError, status_of};
use crate::extract::{Form, Id, path_id};
use crate::guard::{Guard, OfficeRoute, route};
use crate::staff::{Judged, Staff};

/// A submission's id in a back-office path.
pub(crate) struct SubmissionNo(pub i64);
path_id!(SubmissionNo, "报送信息");

/// The rows of the submissions' pages in the guard table. The paths without an id come
/// before `/office/sites/submissions/{id}`.
pub(super) fn rows() -> Vec<OfficeRoute> {
    use Guard::Staff as S;
    let mut rows = vec![
        route(
            Method::GET,
            "/office/sites/submissions",
            S(|a| access::site_submissions(a, SubmissionOp::View)),
            get(submission_queues::queues),
        ),
        route(
            Method::GET,
            "/office/sites/submissions/new",
            S(|a| access::site_submissions(a, SubmissionOp::Write)),
            get(new_form),
        ),
        route(
            Method::POST,
            "/office/sites/submissions/new",
            S(|a| access::site_submissions(a, SubmissionOp::Write)),
            post(create),
        ),
    ];
    rows.extend(submission_weeks::rows());
    rows.extend([
        route(
            Method::GET,
            "/office/sites/submissions/{id}",
            S(|a| access::site_submissions(a, SubmissionOp::View)),
            get(submission_page::show),
        ),
        route(
            Method::GET,
            "/office/sites/submissions/{id}/edit",
            S(|a| access::site_submissions(a, SubmissionOp::Write)),
            get(edit_form),
        ),
        route(
            Method::POST,
            "/office/sites/submissions/{id}/edit",
            S(|a| access::site_submissions(a, SubmissionOp::Write)),
            post(edit),
        ),
    ]);
    rows.extend(submission_commands::rows());
    rows
}

/// The submission form as typed.
#[derive(Deserialize, Default, Clone)]
#[serde(deny_unknown_fields)]
pub struct SubmissionForm {
    #[serde(default)]
    pub column: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub author: String,
    #[serde(default)]
    pub mobile: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub major: Option<String>,
    #[serde(default)]
    pub version: Option<i64>,
}

/// One problem of the form: the id of its field (empty for the form as a whole).
pub struct Problem {
    pub field: &'static str,
    pub message: String,
}

/// The field a problem of the domain's check belongs to (its messages name the field).
fn field_of(problem: &str) -> &'static str {
    [
        ("作者", "author"),
        ("手机", "mobile"),
        ("信息名称", "title"),
        ("标题", "title"),
        ("正文", "body"),
        ("图片", "body"),
        ("栏目", "column"),
    ]
    .into_iter()
    .find(|(words, _)| problem.contains(words))
    .map_or("", |(_, field)| field)
}

/// Every problem of a refusal's message (the domain joins them with “；”).
fn problems_of(message: &str) -> Vec<Problem> {
    message
        .split('；')
        .map(str::trim)
        .filter(|problem| !problem.is_empty())
        .map(|problem| Problem {
            field: field_of(problem),
            message: problem.to_owned(),
        })
        .collect()
}

/// A column the submission may propose: an open column of a site that serves.
pub struct ColumnChoice {
    pub id: i64,
    pub label: String,
}

/// The sites that serve, each with its open columns (WEB-COLUMNS), portal first.
async fn column_choices(state: &AppState) -> platform::Result<Vec<(String, Vec<ColumnChoice>)>> {
    let db = &state.platform.db;
    let profile = state.profile().await?;
    let mut groups = Vec::new();
    for site in read::group_sites(db, &profile).await? {
        if !site.serving {
            continue;
        }
        let tree = read::column_tree(db, site.id).await?;
        let columns: Vec<ColumnChoice> = tree
            .columns()
            .iter()
            .filter(|column| column.check_open().is_ok())
            .map(|column| ColumnChoice {
                id: column.id.0,
                label: tree
                    .path(column.id)
                    .iter()
                    .map(|c| c.name.as_str())
                    .collect::<Vec<_>>()
                    .join(" › "),
            })
            .collect();
        if !columns.is_empty() {
            groups.push((site.registration.name, columns));
        }
    }
    Ok(groups)
}

#[derive(Template, WebTemplate)]
#[template(path = "sites/office_submission_form.html")]
pub struct FormPage {
    chrome: Chrome,
    /// `(id, number, column label)` of an edited submission; `None` for a new one.
    editing: Option<(i64, String, String)>,
    form: SubmissionForm,
    groups: Vec<(String, Vec<ColumnChoice>)>,
    problems: Vec<Problem>,
    unit_name: String,
}

impl FormPage {
    /// The problem of `field`, if any.
    pub fn error(&self, field: &str) -> Option<&str> {
        self.problems
            .iter()
            .find(|problem| problem.field == field)
            .map(|problem| problem.message.as_str())
    }

    /// `aria-invalid` and `aria-describedby` of `field` (the page's own ids only).
    pub fn aria(&self, field: &str) -> String {
        match self.error(field) {
            Some(_) => format!(" aria-invalid=\"true\" aria-describedby=\"{field}-error\""),
            None => String::new(),
        }
    }

    fn action(&self) -> String {
        match &self.editing {
            Some((id, _, _)) => format!("/office/sites/submissions/{id}/edit"),
            None => "/office/sites/submissions/new".to_owned(),
        }
    }

    fn chosen(&self, id: &i64) -> bool {
        self.form.column == id.to_string()
    }
}

async fn form_page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    editing: Option<(i64, String, String)>,
    form: SubmissionForm,
    problems: Vec<Problem>,
) -> Result<FormPage, PageError> {
    let groups = if editing.is_some() {
        Vec::new()
    } else {
        column_choices(state).await?
    };
    Ok(FormPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        editing,
        form,
        groups,
        problems,
        unit_name: staff.actor.unit_name.clone(),
    })
}

/// `GET /office/sites/submissions/new`.
pub async fn new_form(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
) -> Result<FormPage, PageError> {
    let form = SubmissionForm {
        author: staff.actor.display_name.clone(),
        ..SubmissionForm::default()
    };
    form_page(&state, &csrf, &staff, None, form, Vec::new()).await
}

/// The input the form gives for `column`, with the problems the domain's check finds (all
/// at once: WEB-SUBMIT — author, mobile, title, body with every image named).
fn read_input(form: &SubmissionForm, column: ColumnId, mobile: String) -> SubmissionInput {
    SubmissionInput {
        column,
        author: form.author.clone(),
        mobile,
        title: form.title.clone(),
        body: super::editor::body_html(&form.body),
        major: form.major.is_some(),
    }
}

fn checked(input: &SubmissionInput) -> Vec<Problem> {
    match submission::check_input(input) {
        Ok(_) => Vec::new(),
        Err(error) => problems_of(&platform::Error::from(error).to_string()),
    }
}

/// The form again with its problems: 400, or the refusal's status.
async fn refused(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    editing: Option<(i64, String, String)>,
    form: SubmissionForm,
    (status, problems): (StatusCode, Vec<Problem>),
) -> Result<Response, PageError> {
    let mut form = form;
    // A mobile typed is never written back into a page (an edit's shows the stored one
    // masked, set by the caller).
    if editing.is_none() {
        form.mobile = String::new();
    }
    let page = form_page(state, csrf, staff, editing, form, problems).await?;
    Ok((status, page).into_response())
}

fn refusal(error: &platform::Error) -> (StatusCode, Vec<Problem>) {
    let problems = match error {
        platform::Error::Invalid(message) => problems_of(message),
        other => vec![Problem {
            field: "",
            message: other.to_string(),
        }],
    };
    (status_of(error), problems)
}

/// `POST /office/sites/submissions/new`: WEB-SUBMIT, a new submission (草稿) of the viewer's
/// unit, its mobile sealed.
pub async fn create(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(form): Form<SubmissionForm>,
) -> Result<Response, PageError> {
    let column = form.column.trim().parse::<i64>().ok().filter(|id| *id > 0);
    let input = read_input(&form, ColumnId(column.unwrap_or(0)), form.mobile.clone());
    let mut problems = checked(&input);
    if column.is_none() {
        problems.insert(
            0,
            Problem {
                field: "column",
                message: "请选择建议采用的网站栏目".to_owned(),
            },
        );
    }
    if !problems.is_empty() {
        let answer = (StatusCode::BAD_REQUEST, problems);
        return refused(&state, &csrf, &staff, None, form, answer).await;
    }
    let judged = Judged::load(&state, &staff).await?;
    let context = judged.context(&state);
    let db = &state.platform.db;
    match usecase::create_submission(db, &context, &acting(&staff), input).await {
        Ok((id, _)) => {
            let to = format!("/office/sites/submissions/{}?done=1", id.0);
            Ok(Redirect::to(&to).into_response())
        }
        Err(platform::Error::NotFound(_)) => {
            let problem = Problem {
                field: "column",
                message: "所选栏目不存在，请重新选择".to_owned(),
            };
            let answer = (StatusCode::BAD_REQUEST, vec![problem]);
            refused(&state, &csrf, &staff, None, form, answer).await
        }
        Err(error) if super::shown_on_page(&error) => {
            refused(&state, &csrf, &staff, None, form, refusal(&error)).await
        }
        Err(error) => Err(error.into()),
    }
}

/// The submission `id` as its writer edits it, or 404 for whoever may not read it, or the
/// page with why it cannot be edited.
async fn editable(
    state: &AppState,
    staff: &Staff,
    id: SubmissionId,
) -> Result<usecase::OfficeSubmission, PageError> {
    submission_page::in_scope(state, staff, id).await
}

fn editing_of(office: &usecase::OfficeSubmission) -> (i64, String, String) {
    (
        office.submission.id.0,
        office.number.clone(),
        format!(
            "{} › {}",
            office.site.registration().name,
            office.column.name
        ),
    )
}

/// `GET /office/sites/submissions/{id}/edit`: the writer's draft (sent back or not) in the
/// form; the mobile shown masked (left so, or emptied, it stays as it was).
pub async fn edit_form(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(SubmissionNo(id)): Id<SubmissionNo>,
) -> Result<Response, PageError> {
    let office = editable(&state, &staff, SubmissionId(id)).await?;
    if !office.available.contains(&submission::CommandKind::Edit) {
        let message = "只有报送信息的填写人可以在草稿状态下修改".to_owned();
        let page = submission_page::page(&state, &csrf, &staff, office, Some(message)).await?;
        return Ok((StatusCode::CONFLICT, page).into_response());
    }
    let s = &office.submission;
    let form = SubmissionForm {
        column: s.column.0.to_string(),
        title: s.title.clone(),
        author: s.author.clone(),
        mobile: office.mobile_masked.clone(),
        body: s.body.clone(),
        major: s.major.then(|| "1".to_owned()),
        version: Some(office.version),
    };
    let editing = Some(editing_of(&office));
    Ok(form_page(&state, &csrf, &staff, editing, form, Vec::new())
        .await?
        .into_response())
}

/// `POST /office/sites/submissions/{id}/edit`: WEB-SUBMIT, the writer's edit of the draft
/// (the proposed column stays); a mobile left masked or emptied keeps the one given.
pub async fn edit(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(SubmissionNo(id)): Id<SubmissionNo>,
    Form(form): Form<SubmissionForm>,
) -> Result<Response, PageError> {
    let id = SubmissionId(id);
    let office = editable(&state, &staff, id).await?;
    let editing = Some(editing_of(&office));
    let mut form = form;
    let typed = std::mem::replace(&mut form.mobile, office.mobile_masked.clone());
    // Left as shown (masked) or emptied: the stored mobile stays.
    let mobile = if typed.trim().is_empty() || typed.contains('*') {
        // Opened on the server to keep it as it was; never shown, so not an unmasking.
        let stored = sites::store::submissions::get(&state.platform.db, id).await?;
        let place = platform::personal::aad(sites::store::submissions::MOBILE_COLUMN, id);
        state.platform.key.open_for(&stored.mobile_sealed, &place)?
    } else {
        typed
    };
    let input = read_input(&form, office.submission.column, mobile);
    let problems = checked(&input);
    if !problems.is_empty() {
        let answer = (StatusCode::BAD_REQUEST, problems);
        return refused(&state, &csrf, &staff, editing, form, answer).await;
    }
    let Some(version) = form.version else {
        let problem = Problem {
            field: "",
            message: "页面已过期，请刷新后重新填写".to_owned(),
        };
        let answer = (StatusCode::CONFLICT, vec![problem]);
        return refused(&state, &csrf, &staff, editing, form, answer).await;
    };
    let judged = Judged::load(&state, &staff).await?;
    let context = judged.context(&state);
    let command = Command::Edit {
        input: Box::new(input),
    };
    let db = &state.platform.db;
    match usecase::execute_submission(db, &context, &acting(&staff), id, command, Some(version))
        .await
    {
        Ok(_) => {
            let to = format!("/office/sites/submissions/{}?done=1", id.0);
            Ok(Redirect::to(&to).into_response())
        }
        Err(error) if super::shown_on_page(&error) => {
            refused(&state, &csrf, &staff, editing, form, refusal(&error)).await
        }
        Err(error) => Err(error.into()),
    }
}
