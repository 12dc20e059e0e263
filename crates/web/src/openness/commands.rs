//! The commands on a disclosure application from its page (PUB-APPLY, PUB-ANSWER,
//! CAL-PAUSE, HL-PRIVACY): each form becomes one `openness::application::Command` for the
//! viewer and goes through `openness::usecase::execute` — the kernel's one path — with the
//! page's version; who may act is the domain's (`application::available`), a refusal shown
//! on the page with its Chinese message and nothing changed. The applicant is revealed here
//! too, audited, and a provided file is added.

use axum::Extension;
use axum::extract::State;
use axum::http::Method;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{MethodRouter, post};
use calendar::{Limit, LimitUnit};
use openness::ApplicationId;
use openness::application::{AnswerInput, Command, Outcome, ThirdPartyOpinion};
use openness::usecase;
use platform::access::{self, OpennessApplicationOp as Op};
use serde::Deserialize;

use super::ApplicationNo;
use super::office::{acting, build, in_scope};
use super::portal::form_of;
use crate::AppState;
use crate::csrf::CsrfToken;
use crate::error::{PageError, status_of};
use crate::extract::{Form, Id};
use crate::guard::{Guard, OfficeRoute, route};
use crate::staff::{Judged, Staff};
use crate::upload::Multipart;

/// The rows of the commands on an application.
pub(super) fn rows() -> Vec<OfficeRoute> {
    use Guard::Staff as S;
    let handle = || S(|a| access::openness_applications(a, Op::Handle));
    let handled: [(&'static str, MethodRouter<AppState>); 9] = [
        (
            "/office/openness/applications/{id}/supplement",
            handler::<SupplementForm>(),
        ),
        (
            "/office/openness/applications/{id}/close",
            handler::<CloseForm>(),
        ),
        (
            "/office/openness/applications/{id}/handle",
            handler::<HandleForm>(),
        ),
        (
            "/office/openness/applications/{id}/consult",
            handler::<ConsultForm>(),
        ),
        (
            "/office/openness/applications/{id}/reply",
            handler::<ReplyForm>(),
        ),
        (
            "/office/openness/applications/{id}/answer",
            handler::<AnswerForm>(),
        ),
        (
            "/office/openness/applications/{id}/deliver",
            handler::<DeliverForm>(),
        ),
        (
            "/office/openness/applications/{id}/withdraw",
            handler::<WithdrawForm>(),
        ),
        ("/office/openness/applications/{id}/applicant", post(reveal)),
    ];
    let mut rows: Vec<OfficeRoute> = handled
        .into_iter()
        .map(|(path, handler)| route(Method::POST, path, handle(), handler))
        .collect();
    rows.push(route(
        Method::POST,
        "/office/openness/applications/{id}/files",
        handle(),
        post(add_file),
    ));
    rows.push(route(
        Method::POST,
        "/office/openness/applications/{id}/extend",
        S(|a| access::openness_applications(a, Op::Extend)),
        handler::<ExtendForm>(),
    ));
    rows
}

fn shown_on_page(error: &platform::Error) -> bool {
    matches!(
        error,
        platform::Error::Invalid(_)
            | platform::Error::InvalidTransition { .. }
            | platform::Error::Conflict(_)
            | platform::Error::Refused(_)
    )
}

/// Runs `command` on application `id` the viewer may read; answers with its page.
async fn run(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    (id, version): (ApplicationId, i64),
    command: platform::Result<Command>,
) -> Result<Response, PageError> {
    in_scope(state, staff, id).await?;
    let outcome = match command {
        Ok(command) => {
            let judged = Judged::load(state, staff).await?;
            let context = judged.context(state);
            let db = &state.platform.db;
            usecase::execute(db, &context, &acting(staff), id, command, Some(version))
                .await
                .map(|_| ())
        }
        Err(error) => Err(error),
    };
    refusal_or_done(state, csrf, staff, id, outcome).await
}

async fn refusal_or_done(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    id: ApplicationId,
    outcome: platform::Result<()>,
) -> Result<Response, PageError> {
    match outcome {
        Ok(()) => {
            let to = format!("/office/openness/applications/{}?done=1", id.0);
            Ok(Redirect::to(&to).into_response())
        }
        Err(error) if shown_on_page(&error) => {
            let office = in_scope(state, staff, id).await?;
            let page = build(
                state,
                csrf,
                staff,
                office,
                (Some(error.to_string()), false, None),
            )
            .await?;
            Ok((status_of(&error), page).into_response())
        }
        Err(error) => Err(error.into()),
    }
}

/// A number of working days typed on a form.
fn working_days(text: &str, what: &str) -> platform::Result<Limit> {
    text.trim()
        .parse::<u32>()
        .ok()
        .filter(|days| (1..=366).contains(days))
        .map(|days| Limit::new(days, LimitUnit::WorkingDays))
        .ok_or_else(|| platform::Error::invalid(format!("请填写{what}（工作日数）")))
}

/// A form of a command on the application: the page's version and the command it asks for
/// (or the problem of what was typed).
trait CommandForm: serde::de::DeserializeOwned + Send + 'static {
    fn version(&self) -> i64;
    fn command(self) -> platform::Result<Command>;
}

/// The handler of the command form `F`: the viewer's command on application `{id}` through
/// [`run`], the kernel's one path.
fn handler<F: CommandForm>() -> MethodRouter<AppState> {
    post(
        |State(state): State<AppState>,
         Extension(csrf): Extension<CsrfToken>,
         staff: Staff,
         Id(ApplicationNo(id)): Id<ApplicationNo>,
         Form(form): Form<F>| async move {
            let key = (ApplicationId(id), form.version());
            run(&state, &csrf, &staff, key, form.command()).await
        },
    )
}

/// `CommandForm::version` of a form with a `version` field.
macro_rules! versioned {
    () => {
        fn version(&self) -> i64 {
            self.version
        }
    };
}

/// PUB-APPLY: the applicant's period passed without a correction; the application is closed.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CloseForm {
    version: i64,
}

impl CommandForm for CloseForm {
    versioned!();
    fn command(self) -> platform::Result<Command> {
        Ok(Command::CloseUnsupplemented)
    }
}

/// The officer takes the application into handling.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HandleForm {
    version: i64,
}

impl CommandForm for HandleForm {
    versioned!();
    fn command(self) -> platform::Result<Command> {
        Ok(Command::StartHandling)
    }
}

/// PUB-APPLY: the one supplement notice, every item at once (one a line).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SupplementForm {
    version: i64,
    #[serde(default)]
    items: String,
    #[serde(default)]
    days: String,
}

impl CommandForm for SupplementForm {
    versioned!();
    fn command(self) -> platform::Result<Command> {
        working_days(&self.days, "补正期限").map(|period| Command::RequestSupplement {
            items: self.items.lines().map(str::to_owned).collect(),
            period,
        })
    }
}

/// CAL-PAUSE: a third party or another agency is consulted; the answer clock pauses.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsultForm {
    version: i64,
    #[serde(default)]
    whom: String,
    #[serde(default)]
    party: String,
    #[serde(default)]
    matter: String,
}

impl CommandForm for ConsultForm {
    versioned!();
    fn command(self) -> platform::Result<Command> {
        match self.whom.trim() {
            "third_party" => Ok(Command::ConsultThirdParty {
                party: self.party,
                matter: self.matter,
            }),
            "agency" => Ok(Command::ConsultAgency {
                agency: self.party,
                matter: self.matter,
            }),
            _ => Err(platform::Error::invalid(
                "请选择征求意见的对象（第三方或其他机关）",
            )),
        }
    }
}

/// CAL-PAUSE: the reply resumes the answer clock.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplyForm {
    version: i64,
    #[serde(default)]
    opinion: String,
    #[serde(default)]
    reply: String,
}

impl CommandForm for ReplyForm {
    versioned!();
    fn command(self) -> platform::Result<Command> {
        let opinion = match self.opinion.trim() {
            "consents" => ThirdPartyOpinion::Consents,
            "objects" => ThirdPartyOpinion::Objects,
            "no_answer" => ThirdPartyOpinion::NoAnswer,
            "agency" | "" => return Ok(Command::AgencyReplied { reply: self.reply }),
            _ => return Err(platform::Error::invalid("请选择第三方的意见")),
        };
        Ok(Command::ThirdPartyReplied {
            opinion,
            reply: self.reply,
        })
    }
}

/// PUB-APPLY: the one extension, approved by the office head (the unit's leader).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtendForm {
    version: i64,
    #[serde(default)]
    days: String,
    #[serde(default)]
    reason: String,
}

impl CommandForm for ExtendForm {
    versioned!();
    fn command(self) -> platform::Result<Command> {
        working_days(&self.days, "延长的期限").map(|amount| Command::Extend {
            amount,
            reason: self.reason,
        })
    }
}

/// PUB-ANSWER: the answer, exactly one outcome of table 三; anything else is refused.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerForm {
    version: i64,
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    reasoning: String,
    #[serde(default)]
    already_public_at: String,
    #[serde(default)]
    provided: String,
    #[serde(default)]
    form: String,
    #[serde(default)]
    refer_to: String,
}

impl CommandForm for AnswerForm {
    versioned!();
    fn command(self) -> platform::Result<Command> {
        let outcome = Outcome::from_code(self.outcome.trim()).ok_or_else(|| {
            platform::Error::invalid(
                "答复结果须为年度报告表三所列的处理结果之一，请从列表中选择（PUB-ANSWER）",
            )
        })?;
        Ok(Command::Answer {
            outcome,
            input: AnswerInput {
                reasoning: self.reasoning,
                already_public_at: self.already_public_at,
                provided: self
                    .provided
                    .lines()
                    .map(str::trim)
                    .filter(|line| !line.is_empty())
                    .map(str::to_owned)
                    .collect(),
                form: form_of(self.form.trim()),
                refer_to: self.refer_to,
            },
        })
    }
}

/// PUB-ANSWER: how the answer and the information reached the applicant.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeliverForm {
    version: i64,
    #[serde(default)]
    way: String,
    #[serde(default)]
    evidence: String,
}

impl CommandForm for DeliverForm {
    versioned!();
    fn command(self) -> platform::Result<Command> {
        Ok(Command::Deliver {
            way: self.way,
            evidence: self.evidence,
        })
    }
}

/// The applicant's withdrawal, recorded by staff for them.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WithdrawForm {
    version: i64,
    #[serde(default)]
    reason: String,
}

impl CommandForm for WithdrawForm {
    versioned!();
    fn command(self) -> platform::Result<Command> {
        Ok(Command::Withdraw {
            reason: self.reason,
        })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevealForm {
    #[serde(default)]
    reason: String,
}

/// HL-PRIVACY: the applicant in clear for the unit's openness officer, with the reason and
/// an audit row.
async fn reveal(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(ApplicationNo(id)): Id<ApplicationNo>,
    Form(form): Form<RevealForm>,
) -> Result<Response, PageError> {
    let id = ApplicationId(id);
    let office = in_scope(&state, &staff, id).await?;
    if form.reason.trim().is_empty() {
        let error = platform::Error::invalid("请写明查看申请人信息的事由");
        let page = build(
            &state,
            &csrf,
            &staff,
            office,
            (Some(error.to_string()), false, None),
        )
        .await?;
        return Ok((status_of(&error), page).into_response());
    }
    let judged = Judged::load(&state, &staff).await?;
    let context = judged.context(&state);
    let db = &state.platform.db;
    match usecase::unmask_applicant(db, &context, &acting(&staff), id, &form.reason).await {
        Ok(applicant) => {
            let page = build(
                &state,
                &csrf,
                &staff,
                office,
                (None, false, Some(applicant)),
            )
            .await?;
            Ok(page.into_response())
        }
        Err(error) if shown_on_page(&error) => {
            let page = build(
                &state,
                &csrf,
                &staff,
                office,
                (Some(error.to_string()), false, None),
            )
            .await?;
            Ok((status_of(&error), page).into_response())
        }
        Err(error) => Err(error.into()),
    }
}

/// PUB-ANSWER: a file provided to the applicant (downloaded free with the query code).
async fn add_file(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(ApplicationNo(id)): Id<ApplicationNo>,
    upload: Multipart,
) -> Result<Response, PageError> {
    let id = ApplicationId(id);
    in_scope(&state, &staff, id).await?;
    let label = upload.field("label").unwrap_or_default().trim().to_owned();
    let outcome = match upload.files_named("file").next() {
        None => Err(platform::Error::invalid("请选择要提供的文件")),
        Some(_) if label.is_empty() => Err(platform::Error::invalid("请填写文件名称")),
        Some(part) => {
            let judged = Judged::load(&state, &staff).await?;
            let context = judged.context(&state);
            let file = part.upload(label);
            usecase::add_file(&state.platform.db, &context, &acting(&staff), id, &file)
                .await
                .map(|_| ())
        }
    };
    refusal_or_done(&state, &csrf, &staff, id, outcome).await
}
