//! A submission's page (WEB-SUBMIT), the kernel's subject page of `SUBMISSION_SUBJECT`
//! (`/office/sites/submissions/{id}`): what was submitted and by whom, the author's mobile
//! masked with an audited reveal for the writer, the unit's leaders and the column's editors,
//! the leader's approval and send-backs, the editors' clock with its light and due, their
//! decision — the draft article it became, linked, or the reason of a return — its history,
//! and the commands `submission::available` gives the viewer, each one form through
//! `sites::usecase::execute_submission` (an adoption through `adopt_submission`, the draft
//! article made in the same transaction). Who may not read a submission gets 404.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::http::Method;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use calendar::Instant;
use platform::access::{self, SubmissionOp};
use platform::db::now_ms;
use serde::Deserialize;
use sites::submission::{Command, CommandKind, Outcome, Status};
use sites::usecase::{self, OfficeSubmission};
use sites::{ColumnId, SubmissionId};

use super::acting;
use super::submissions::SubmissionNo;
use crate::AppState;
use crate::chrome::{Chrome, minute_of};
use crate::csrf::CsrfToken;
use crate::error::{PageError, status_of};
use crate::extract::{Form, Id, Query};
use crate::guard::{Guard, OfficeRoute, route};
use crate::staff::{Judged, Staff};

/// The rows of the commands on a submission.
pub(super) fn command_rows() -> Vec<OfficeRoute> {
    use Guard::Staff as S;
    let write = || S(|a| access::site_submissions(a, SubmissionOp::Write));
    let approve = || S(|a| access::site_submissions(a, SubmissionOp::Approve));
    let adopt = || S(|a| access::site_submissions(a, SubmissionOp::Adopt));
    vec![
        route(
            Method::POST,
            "/office/sites/submissions/{id}/submit",
            write(),
            post(submit),
        ),
        route(
            Method::POST,
            "/office/sites/submissions/{id}/withdraw",
            write(),
            post(withdraw),
        ),
        route(
            Method::POST,
            "/office/sites/submissions/{id}/approve",
            approve(),
            post(approve_submission),
        ),
        route(
            Method::POST,
            "/office/sites/submissions/{id}/send-back",
            approve(),
            post(send_back),
        ),
        route(
            Method::POST,
            "/office/sites/submissions/{id}/adopt",
            adopt(),
            post(adopt_submission),
        ),
        route(
            Method::POST,
            "/office/sites/submissions/{id}/return",
            adopt(),
            post(return_submission),
        ),
        route(
            Method::POST,
            "/office/sites/submissions/{id}/mobile",
            S(|a| access::site_submissions(a, SubmissionOp::View)),
            post(reveal),
        ),
    ]
}

/// The submission `id` for the viewer, or 404 (whoever may not read it learns nothing of it).
pub(super) async fn in_scope(
    state: &AppState,
    staff: &Staff,
    id: SubmissionId,
) -> Result<OfficeSubmission, PageError> {
    let db = &state.platform.db;
    match usecase::office_submission(db, &state.platform.key, id, &acting(staff)).await {
        Ok(office) => Ok(office),
        Err(platform::Error::NotFound(_) | platform::Error::Refused(_)) => {
            Err(PageError(platform::Error::not_found("报送信息")))
        }
        Err(error) => Err(error.into()),
    }
}

/// The commands the page offers (`submission::available` for the viewer).
#[derive(Default)]
pub struct Can {
    pub edit: bool,
    pub submit: bool,
    pub approve: bool,
    pub send_back: bool,
    pub withdraw: bool,
    pub adopt: bool,
    pub return_it: bool,
}

impl Can {
    fn of(available: &[CommandKind]) -> Can {
        let has = |kind| available.contains(&kind);
        Can {
            edit: has(CommandKind::Edit),
            submit: has(CommandKind::Submit),
            approve: has(CommandKind::Approve),
            send_back: has(CommandKind::SendBack),
            withdraw: has(CommandKind::Withdraw),
            adopt: has(CommandKind::Adopt),
            return_it: has(CommandKind::Return),
        }
    }

    fn any(&self) -> bool {
        self.edit
            || self.submit
            || self.approve
            || self.send_back
            || self.withdraw
            || self.adopt
            || self.return_it
    }
}

/// The editors' clock as the page shows it.
pub struct ClockLine {
    pub light: &'static str,
    pub words: &'static str,
    pub due: String,
    pub state: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "sites/office_submission.html")]
pub struct SubmissionPage {
    chrome: Chrome,
    id: i64,
    number: String,
    version: i64,
    title: String,
    status: &'static str,
    major: bool,
    unit: String,
    author: String,
    mobile: String,
    revealed: bool,
    may_reveal: bool,
    site: String,
    column: String,
    created: String,
    received: String,
    body: String,
    approval: Option<String>,
    send_backs: Vec<(String, String, String)>,
    open_send_back: Option<String>,
    adopted: Option<(i64, String)>,
    returned: Option<String>,
    withdrawn: Option<String>,
    clocks: Vec<ClockLine>,
    limit: String,
    can: Can,
    other_columns: Vec<(i64, String)>,
    history: Vec<crate::history::HistoryLine>,
    error: Option<String>,
    done: bool,
}

impl SubmissionPage {
    fn any_command(&self) -> bool {
        self.can.any()
    }
}

fn status_label(code: &str) -> &'static str {
    Status::ALL
        .into_iter()
        .find(|status| status.code() == code)
        .map_or("—", Status::label_zh)
}

async fn user_name(state: &AppState, id: i64) -> String {
    match platform::users::get(&state.platform.db, id).await {
        Ok(account) => format!("{}（{}）", account.display_name, account.unit_name),
        Err(_) => format!("用户 {id}"),
    }
}

/// The submission's page for the viewer, with `error` (a refused command).
pub(super) async fn page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    office: OfficeSubmission,
    error: Option<String>,
) -> Result<SubmissionPage, PageError> {
    build(state, csrf, staff, office, (error, false, None)).await
}

async fn build(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    office: OfficeSubmission,
    (error, done, revealed): (Option<String>, bool, Option<String>),
) -> Result<SubmissionPage, PageError> {
    let db = &state.platform.db;
    let s = &office.submission;
    let profile = state.profile().await?;
    let calendar = platform::workcal::load_current(db).await?;
    let rule = platform::clocks::light_rule(&profile);
    let now = Instant::from_millis(now_ms());
    let clocks = s
        .clocks
        .iter()
        .map(|clock| {
            let light = clock.light(&calendar, now, &rule);
            let state = match clock.stopped_at {
                Some(at) if clock.is_overdue(&calendar, at) || at > clock.due(&calendar) => {
                    format!("已于 {} 办结（超时）", minute_of(at.millis()))
                }
                Some(at) => format!("已于 {} 办结", minute_of(at.millis())),
                None if clock.is_overdue(&calendar, now) => "已超时".to_owned(),
                None => "计时中".to_owned(),
            };
            ClockLine {
                light: light.code(),
                words: light.label_zh(),
                due: minute_of(clock.due(&calendar).millis()),
                state,
            }
        })
        .collect();
    let approval = match &s.approval {
        Some(a) => Some(format!(
            "{} 于 {} {}{}",
            user_name(state, a.by.0).await,
            minute_of(a.at.millis()),
            if a.as_principal {
                "以主要领导身份审核同意"
            } else {
                "审核同意"
            },
            if a.opinion.trim().is_empty() {
                String::new()
            } else {
                format!("：{}", a.opinion.trim())
            }
        )),
        None => None,
    };
    let mut send_backs = Vec::new();
    for back in &s.send_backs {
        send_backs.push((
            user_name(state, back.by.0).await,
            minute_of(back.at.millis()),
            back.reason.clone(),
        ));
    }
    let open_send_back = s.open_send_back().map(|back| back.reason.clone());
    let (adopted, returned) = match s.decision.as_ref().map(|d| &d.outcome) {
        Some(Outcome::Adopted { article, .. }) => {
            let number = sites::store::articles::get(db, *article)
                .await
                .map(|stored| stored.number)
                .unwrap_or_else(|_| article.to_string());
            (Some((article.0, number)), None)
        }
        Some(Outcome::Returned { reason }) => (None, Some(reason.clone())),
        None => (None, None),
    };
    let can = Can::of(&office.available);
    let other_columns = if can.adopt {
        sites::usecase::office::editor_columns(db, sites::UserId(staff.actor.user_id))
            .await?
            .into_iter()
            .filter(|c| c.stored.column.site == s.site && c.stored.column.id != s.column)
            .filter(|c| c.stored.column.check_open().is_ok())
            .map(|c| (c.stored.column.id.0, c.stored.column.name.clone()))
            .collect()
    } else {
        Vec::new()
    };
    let kind = &sites::SUBMISSION_SUBJECT;
    let rows = platform::workflow::history::rows(db, kind, s.id.0).await?;
    let history = crate::history::lines(db, kind, &rows, status_label).await?;
    Ok(SubmissionPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        id: s.id.0,
        number: office.number.clone(),
        version: office.version,
        title: s.title.clone(),
        status: s.status.label_zh(),
        major: s.major,
        unit: s.unit_name.clone(),
        author: s.author.clone(),
        revealed: revealed.is_some(),
        mobile: revealed.unwrap_or_else(|| office.mobile_masked.clone()),
        may_reveal: office.may_reveal_mobile,
        site: office.site.registration().name.clone(),
        column: office.column.name.clone(),
        created: minute_of(s.created_at.millis()),
        received: s
            .received_at
            .map(|at| minute_of(at.millis()))
            .unwrap_or_default(),
        body: sites::sanitize::clean(&s.body),
        approval,
        send_backs,
        open_send_back,
        adopted,
        returned,
        withdrawn: s.withdrawn_at.map(|at| minute_of(at.millis())),
        clocks,
        limit: profile.website.submission_publish.0.label_zh(),
        can,
        other_columns,
        history,
        error,
        done,
    })
}

/// `?done=1` after a command that succeeded.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct DoneQuery {
    done: Option<String>,
}

/// `GET /office/sites/submissions/{id}`.
pub async fn show(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(SubmissionNo(id)): Id<SubmissionNo>,
    Query(query): Query<DoneQuery>,
) -> Result<SubmissionPage, PageError> {
    let office = in_scope(&state, &staff, SubmissionId(id)).await?;
    let done = query.done.is_some();
    build(&state, &csrf, &staff, office, (None, done, None)).await
}

/// Runs `command` on the submission `id` the viewer may read; answers with its page.
async fn run(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    (id, version): (SubmissionId, i64),
    command: platform::Result<Command>,
) -> Result<Response, PageError> {
    in_scope(state, staff, id).await?;
    let outcome = match command {
        Ok(command) => {
            let judged = Judged::load(state, staff).await?;
            let context = judged.context(state);
            let db = &state.platform.db;
            usecase::execute_submission(db, &context, &acting(staff), id, command, Some(version))
                .await
                .map(|_| ())
        }
        Err(error) => Err(error),
    };
    match outcome {
        Ok(()) => {
            let to = format!("/office/sites/submissions/{}?done=1", id.0);
            Ok(Redirect::to(&to).into_response())
        }
        Err(error) if super::shown_on_page(&error) => {
            let office = in_scope(state, staff, id).await?;
            let page = page(state, csrf, staff, office, Some(error.to_string())).await?;
            Ok((status_of(&error), page).into_response())
        }
        Err(error) => Err(error.into()),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersionForm {
    version: i64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpinionForm {
    version: i64,
    #[serde(default)]
    opinion: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReasonForm {
    version: i64,
    #[serde(default)]
    reason: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdoptForm {
    version: i64,
    #[serde(default)]
    column: String,
}

/// The most characters of an opinion or a reason.
const TEXT_MAX_CHARS: usize = 1_000;

fn text(label: &str, text: &str, required: bool) -> platform::Result<String> {
    let text = text.trim();
    if required && text.is_empty() {
        return Err(platform::Error::invalid(format!("请填写{label}")));
    }
    if text.chars().count() > TEXT_MAX_CHARS {
        return Err(platform::Error::invalid(format!(
            "{label}不能超过 {TEXT_MAX_CHARS} 个字"
        )));
    }
    Ok(text.to_owned())
}

/// `POST …/submit`: the writer submits it to the unit's leader.
pub async fn submit(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(SubmissionNo(id)): Id<SubmissionNo>,
    Form(form): Form<VersionForm>,
) -> Result<Response, PageError> {
    let key = (SubmissionId(id), form.version);
    run(&state, &csrf, &staff, key, Ok(Command::Submit)).await
}

/// `POST …/withdraw`: the writer takes it back before it reaches the editors.
pub async fn withdraw(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(SubmissionNo(id)): Id<SubmissionNo>,
    Form(form): Form<VersionForm>,
) -> Result<Response, PageError> {
    let key = (SubmissionId(id), form.version);
    run(&state, &csrf, &staff, key, Ok(Command::Withdraw)).await
}

/// `POST …/approve`: WEB-SUBMIT (004 §26), a leader of the unit sends it to the editors (a
/// major item as the unit's principal); their clock starts.
pub async fn approve_submission(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(SubmissionNo(id)): Id<SubmissionNo>,
    Form(form): Form<OpinionForm>,
) -> Result<Response, PageError> {
    let command =
        text("审核意见", &form.opinion, false).map(|opinion| Command::Approve { opinion });
    run(
        &state,
        &csrf,
        &staff,
        (SubmissionId(id), form.version),
        command,
    )
    .await
}

/// `POST …/send-back`: the leader sends it back to its writer, with the reason.
pub async fn send_back(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(SubmissionNo(id)): Id<SubmissionNo>,
    Form(form): Form<ReasonForm>,
) -> Result<Response, PageError> {
    let command = text("退回理由", &form.reason, true).map(|reason| Command::SendBack { reason });
    run(
        &state,
        &csrf,
        &staff,
        (SubmissionId(id), form.version),
        command,
    )
    .await
}

/// `POST …/return`: WEB-SUBMIT (004 §27), an editor of the column returns it, with the reason.
pub async fn return_submission(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(SubmissionNo(id)): Id<SubmissionNo>,
    Form(form): Form<ReasonForm>,
) -> Result<Response, PageError> {
    let command = text("退回理由", &form.reason, true).map(|reason| Command::Return { reason });
    run(
        &state,
        &csrf,
        &staff,
        (SubmissionId(id), form.version),
        command,
    )
    .await
}

/// `POST …/adopt`: WEB-SUBMIT (004 §27), an editor of the column adopts it — a draft article
/// of the proposed column (or of another column of the site the editor writes for) made in
/// the same transaction.
pub async fn adopt_submission(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(SubmissionNo(id)): Id<SubmissionNo>,
    Form(form): Form<AdoptForm>,
) -> Result<Response, PageError> {
    let column = match form.column.trim() {
        "" => Ok(None),
        text => text
            .parse::<i64>()
            .ok()
            .filter(|id| *id > 0)
            .map(|id| Some(ColumnId(id)))
            .ok_or_else(|| platform::Error::invalid("请选择采用到的栏目")),
    };
    let command = column.map(|column| Command::Adopt {
        column,
        article: None,
    });
    run(
        &state,
        &csrf,
        &staff,
        (SubmissionId(id), form.version),
        command,
    )
    .await
}

/// `POST …/mobile`: WEB-SUBMIT, HL-PRIVACY — the author's mobile in clear for the writer, a
/// leader of the unit or an editor of the column, with its `unmask` audit row; the page shows
/// it once (never in an address).
pub async fn reveal(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(SubmissionNo(id)): Id<SubmissionNo>,
) -> Result<Response, PageError> {
    let id = SubmissionId(id);
    let office = in_scope(&state, &staff, id).await?;
    let judged = Judged::load(&state, &staff).await?;
    let context = judged.context(&state);
    let db = &state.platform.db;
    match usecase::reveal_mobile(db, &context, &acting(&staff), id).await {
        Ok(mobile) => {
            let page = build(&state, &csrf, &staff, office, (None, false, Some(mobile))).await?;
            Ok(page.into_response())
        }
        Err(error) if super::shown_on_page(&error) => {
            let status = status_of(&error);
            let page = page(&state, &csrf, &staff, office, Some(error.to_string())).await?;
            Ok((status, page).into_response())
        }
        Err(error) => Err(error.into()),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn statuses_are_named_in_chinese() {
        assert_eq!(super::status_label("at_editors"), "待采编");
        assert_eq!(super::status_label("draft"), "草稿");
        assert_eq!(super::status_label("nothing"), "—");
    }
}
