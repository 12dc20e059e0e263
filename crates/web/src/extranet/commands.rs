//! The commands on an access application from its page (NET-ACCESS): each form becomes one
//! `extranet::application::Command` and goes through `extranet::usecase::applications::
//! execute` — the kernel's one path — with the page's version; and the office's allocation of
//! addresses to the application (NET-IPAM: the next free block of a length, or a given prefix
//! or address, out of a pool). Who may run what is the machine's; a refusal (a step by the
//! wrong side, a refusal without a reason, a stale page, an overlapping prefix) answers 400
//! with the page and its Chinese message, and changes nothing.

use axum::Extension;
use axum::extract::State;
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{MethodRouter, post};
use extranet::application::{ApplicationId, Command, CommandKind};
use extranet::ipam::{AllocationStatus, Prefix};
use extranet::store::ipam::Want;
use extranet::usecase::applications as usecase;
use extranet::usecase::ipam::{self as ipam_usecase, Request};
use platform::access;
use serde::Deserialize;

use super::applications::build;
use super::{ApplicationNo, acting, limited, refused};
use crate::AppState;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{Form, Id};
use crate::guard::{Guard, OfficeRoute, route};
use crate::staff::{Judged, Staff};

/// The code of a command in the page's forms and paths.
pub(super) fn command_path(kind: CommandKind) -> &'static str {
    match kind {
        CommandKind::Approve => "approve",
        CommandKind::Refuse => "refuse",
        CommandKind::SubmitPlan => "plan",
        CommandKind::Implement => "implement",
        CommandKind::PassTest => "test-passed",
        CommandKind::FailTest => "test-failed",
        CommandKind::CloseLink => "close-link",
    }
}

/// The rows of the commands on an application.
pub(super) fn rows() -> Vec<OfficeRoute> {
    [
        "approve",
        "refuse",
        "plan",
        "implement",
        "test",
        "close-link",
    ]
    .into_iter()
    .map(|name| {
        let path: &'static str = match name {
            "approve" => "/office/extranet/applications/{id}/approve",
            "refuse" => "/office/extranet/applications/{id}/refuse",
            "plan" => "/office/extranet/applications/{id}/plan",
            "implement" => "/office/extranet/applications/{id}/implement",
            "test" => "/office/extranet/applications/{id}/test",
            _ => "/office/extranet/applications/{id}/close-link",
        };
        route(
            Method::POST,
            path,
            Guard::Staff(access::extranet_applications),
            handler(name),
        )
    })
    .collect()
}

/// The form of every step: the page's version and what is written (the opinion, reason,
/// plan, implementation note, test result or notice); a test says whether it passed.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepForm {
    version: i64,
    #[serde(default)]
    text: String,
    #[serde(default)]
    passed: String,
}

fn command(name: &str, form: &StepForm) -> platform::Result<Command> {
    let text = limited(&form.text, "填写的内容", 4000)?;
    Ok(match name {
        "approve" => Command::Approve { opinion: text },
        "refuse" => Command::Refuse { reason: text },
        "plan" => Command::SubmitPlan { plan: text },
        "implement" => Command::Implement { note: text },
        "test" => match form.passed.as_str() {
            "yes" => Command::ReportTest {
                passed: true,
                result: text,
            },
            "no" => Command::ReportTest {
                passed: false,
                result: text,
            },
            _ => return Err(platform::Error::invalid("请说明业务测试是否正常")),
        },
        _ => Command::CloseLink { notice: text },
    })
}

fn handler(name: &'static str) -> MethodRouter<AppState> {
    post(
        move |State(state): State<AppState>,
              Extension(csrf): Extension<CsrfToken>,
              staff: Staff,
              Id(ApplicationNo(id)): Id<ApplicationNo>,
              Form(form): Form<StepForm>| async move {
            let id = ApplicationId(id);
            // Outside the office and the applying unit, not found (before anything else).
            usecase::office_application(&state.platform.db, id, &acting(&staff)).await?;
            let outcome = match command(name, &form) {
                Ok(command) => {
                    let judged = Judged::load(&state, &staff).await?;
                    let context = judged.context(&state);
                    let db = &state.platform.db;
                    usecase::execute(
                        db,
                        &context,
                        &acting(&staff),
                        id,
                        command,
                        Some(form.version),
                    )
                    .await
                    .map(|_| ())
                }
                Err(error) => Err(error),
            };
            answer(&state, &csrf, &staff, id, outcome).await
        },
    )
}

async fn answer(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    id: ApplicationId,
    outcome: platform::Result<()>,
) -> Result<Response, PageError> {
    match outcome {
        Ok(()) => {
            let to = format!("/office/extranet/applications/{}?done=1", id.0);
            Ok(Redirect::to(&to).into_response())
        }
        Err(error) if refused(&error) => {
            let page = build(state, csrf, staff, id, (Some(error.to_string()), false)).await?;
            Ok((StatusCode::BAD_REQUEST, page).into_response())
        }
        Err(error) => Err(error.into()),
    }
}

/// The allocation form: the pool, the next free block of a length or a given prefix, its
/// status and description.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllocateForm {
    #[serde(default)]
    pool: String,
    /// `next`: the next free block of `length`; `exact`: the given `prefix`.
    #[serde(default)]
    mode: String,
    #[serde(default)]
    length: String,
    #[serde(default)]
    prefix: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    description: String,
}

impl AllocateForm {
    fn request(
        &self,
        unit: extranet::UnitId,
        application: ApplicationId,
    ) -> platform::Result<Request> {
        let pool = crate::extract::parse_number(self.pool.trim())
            .ok_or_else(|| platform::Error::invalid("请选择地址池"))?;
        let want =
            match self.mode.as_str() {
                "exact" => match self.prefix.trim() {
                    "" => return Err(platform::Error::invalid("请填写指定的地址段或地址")),
                    prefix if prefix.contains('/') => Want::Exactly(Prefix::parse(prefix)?),
                    address => Want::Exactly(Prefix::parse_address(address)?),
                },
                _ => {
                    let length = self.length.trim();
                    Want::NextFree(length.trim_start_matches('/').parse().map_err(|_| {
                        platform::Error::invalid(format!("前缀长度“{length}”不正确"))
                    })?)
                }
            };
        let status = AllocationStatus::from_code(&self.status).unwrap_or(AllocationStatus::Active);
        Ok(Request {
            pool,
            want,
            unit,
            application,
            status,
            description: limited(&self.description, "用途说明", 200)?,
        })
    }
}

/// `POST /office/extranet/applications/{id}/allocate` (NET-IPAM): the office allocates to
/// the application; the page shows the new block, or the refusal with nothing changed.
pub async fn allocate(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(ApplicationNo(id)): Id<ApplicationNo>,
    Form(form): Form<AllocateForm>,
) -> Result<Response, PageError> {
    let id = ApplicationId(id);
    let db = &state.platform.db;
    let seen = usecase::office_application(db, id, &acting(&staff)).await?;
    let unit = seen.stored.application.filing.unit;
    let outcome = match form.request(unit, id) {
        Ok(request) => {
            let judged = Judged::load(&state, &staff).await?;
            let context = judged.context(&state);
            ipam_usecase::allocate(db, &context, &acting(&staff), &request)
                .await
                .map(|_| ())
        }
        Err(error) => Err(error),
    };
    answer(&state, &csrf, &staff, id, outcome).await
}
