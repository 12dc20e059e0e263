//! The commands on an article from its page (WEB-REVIEW, PUB-ABOLISH, PUB-INTERPRET): each
//! form becomes one `sites::article::Command` for the viewer and goes through
//! `sites::usecase::execute_article` — the kernel's one path, with the content check
//! (WEB-INSPECT) on submission — with the page's version. Who may act where is the domain's:
//! publishing without the reviews, reviewing one's own draft or acting outside one's column
//! or unit is refused with its Chinese message on the page, and nothing changes.

use axum::Extension;
use axum::extract::State;
use axum::http::Method;
use axum::response::Response;
use axum::routing::post;
use calendar::Instant;
use chrono::{NaiveDate, NaiveTime, Timelike as _};
use platform::access::{self, ArticleOp};
use platform::db::now_ms;
use serde::Deserialize;
use sites::ArticleId;
use sites::article::{Command, Validity};

use super::articles::article_page;
use super::{ArticleNo, acting, answer, article_in_scope};
use crate::AppState;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{Form, Id};
use crate::guard::{Guard, OfficeRoute, route};
use crate::staff::{Judged, Staff};

/// Runs one command on an article the viewer may see; answers with its page.
pub(super) async fn run(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    id: ArticleId,
    version: i64,
    command: platform::Result<Command>,
) -> Result<Response, PageError> {
    article_in_scope(state, staff, id).await?;
    let outcome = match command {
        Ok(command) => {
            let judged = Judged::load(state, staff).await?;
            let context = judged.context(state);
            usecase_run(state, &context, staff, id, command, version).await
        }
        Err(error) => Err(error),
    };
    answer(
        outcome,
        format!("/office/sites/articles/{}?done=1", id.0),
        |message| async move {
            let office = article_in_scope(state, staff, id).await?;
            article_page(state, csrf, staff, office, Some(message), false).await
        },
    )
    .await
}

async fn usecase_run(
    state: &AppState,
    context: &platform::workflow::Context<'_>,
    staff: &Staff,
    id: ArticleId,
    command: Command,
    version: i64,
) -> platform::Result<()> {
    // WEB-INSPECT: the lists in force (defaults and imported), less this article's false
    // positives.
    let check = sites::usecase::inspect::check_for(&state.platform.db, id).await?;
    sites::usecase::execute_article(
        &state.platform.db,
        context,
        &acting(staff),
        &check,
        id,
        command,
        Some(version),
    )
    .await
    .map(|_| ())
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
    reason: String,
}

/// 撤稿 with the reason; `error` checked: 纠错撤稿 (WEB-ACCOUNT).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WithdrawForm {
    version: i64,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    error: Option<String>,
    /// 定时撤稿: the date and time of a planned withdrawal; empty to withdraw now.
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    time: Option<String>,
    /// 取消定时撤稿 (the cancel button's name).
    #[serde(default)]
    cancel: Option<String>,
}

/// 签发 now (no date), or at a date and time (定时发布).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublishForm {
    version: i64,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    time: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValidityForm {
    version: i64,
    validity: String,
    since: String,
    note: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkForm {
    version: i64,
    interpretation: String,
}

/// WEB-REVIEW: the publish-at instant of a scheduled publication, in Asia/Shanghai, later
/// than now; `None` to publish now.
fn publish_at(form: &PublishForm, now: Instant) -> platform::Result<Option<Instant>> {
    let date = form.date.as_deref().map(str::trim).unwrap_or_default();
    if date.is_empty() {
        return Ok(None);
    }
    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .map_err(|_| platform::Error::invalid("定时发布日期格式不正确，应如 2026-12-02"))?;
    let time = form.time.as_deref().map(str::trim).unwrap_or("09:00");
    let time = NaiveTime::parse_from_str(time, "%H:%M")
        .map_err(|_| platform::Error::invalid("定时发布时间格式不正确，应如 18:00"))?;
    let at = Instant::from_local(date, time.hour() * 60 + time.minute());
    if at <= now {
        return Err(platform::Error::invalid(
            "定时发布时间应晚于现在；立即发布请用“立即签发”",
        ));
    }
    Ok(Some(at))
}

/// The planned instant of a withdrawal (定时撤稿), in Asia/Shanghai, later than now; `None`
/// to withdraw now.
fn withdraw_at(form: &WithdrawForm, now: Instant) -> platform::Result<Option<Instant>> {
    let date = form.date.as_deref().map(str::trim).unwrap_or_default();
    if date.is_empty() {
        return Ok(None);
    }
    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .map_err(|_| platform::Error::invalid("定时撤稿日期格式不正确，应如 2026-12-31"))?;
    let time = form.time.as_deref().map(str::trim).unwrap_or("18:00");
    let time = NaiveTime::parse_from_str(time, "%H:%M")
        .map_err(|_| platform::Error::invalid("定时撤稿时间格式不正确，应如 18:00"))?;
    let at = Instant::from_local(date, time.hour() * 60 + time.minute());
    if at <= now {
        return Err(platform::Error::invalid(
            "定时撤稿时间应晚于现在；立即撤稿请不填日期",
        ));
    }
    Ok(Some(at))
}

/// 撤稿 now, 纠错撤稿, a planned withdrawal (定时撤稿) or its cancellation, from the one form.
fn withdrawal(form: WithdrawForm, now: Instant) -> platform::Result<Command> {
    if form.cancel.is_some() {
        return Ok(Command::CancelWithdrawal);
    }
    let error = form.error.as_deref().is_some_and(|v| !v.is_empty());
    match withdraw_at(&form, now)? {
        Some(_) if error => Err(platform::Error::invalid("纠错撤稿须立即撤下，不能定时")),
        Some(at) => Ok(Command::ScheduleWithdrawal {
            at,
            reason: form.reason,
        }),
        None if error => Ok(Command::WithdrawError {
            reason: form.reason,
        }),
        None => Ok(Command::Withdraw {
            reason: form.reason,
        }),
    }
}

macro_rules! article_command {
    ($name:ident, $form:ty, |$f:ident| $command:expr) => {
        pub async fn $name(
            State(state): State<AppState>,
            Extension(csrf): Extension<CsrfToken>,
            staff: Staff,
            Id(ArticleNo(id)): Id<ArticleNo>,
            Form($f): Form<$form>,
        ) -> Result<Response, PageError> {
            let version = $f.version;
            let command: platform::Result<Command> = $command;
            run(&state, &csrf, &staff, ArticleId(id), version, command).await
        }
    };
}

// WEB-REVIEW 一审: the column's editor submits, after the content check (WEB-INSPECT).
article_command!(submit, VersionForm, |_form| Ok(Command::Submit));
// WEB-REVIEW 二审: the responsible unit's reviewer, never on their own draft.
article_command!(review, OpinionForm, |form| Ok(Command::Review {
    opinion: form.opinion
}));
// WEB-REVIEW: a major article's approval by a leader.
article_command!(approve, OpinionForm, |form| Ok(Command::ApproveMajor {
    opinion: form.opinion
}));
// WEB-REVIEW: each step sends back with its reason.
article_command!(send_back, ReasonForm, |form| Ok(Command::SendBack {
    reason: form.reason
}));
// WEB-REVIEW 三审: the operator unit's publisher signs out, now or at an instant.
article_command!(publish, PublishForm, |form| publish_at(
    &form,
    Instant::from_millis(now_ms())
)
.map(|at| Command::Publish { at }));
article_command!(unschedule, VersionForm, |_form| Ok(Command::Unschedule));
// WEB-ARCHIVE: withdrawn now or at a planned instant (定时撤稿), the page stays in the
// archive; withdrawn for an error (纠错撤稿), an accountability record of the column's unit
// (WEB-ACCOUNT).
article_command!(withdraw, WithdrawForm, |form| withdrawal(
    form,
    Instant::from_millis(now_ms())
));
// PUB-ABOLISH: 废止 or 失效 since a date, marked once, never deleted.
article_command!(validity, ValidityForm, |form| {
    let validity = match form.validity.as_str() {
        "abolished" => Ok(Validity::Abolished),
        "expired" => Ok(Validity::Expired),
        _ => Err(platform::Error::invalid("请选择“废止”或“失效”")),
    };
    let since = NaiveDate::parse_from_str(form.since.trim(), "%Y-%m-%d")
        .map_err(|_| platform::Error::invalid("请填写废止或失效的日期，如 2026-12-02"));
    validity.and_then(|validity| {
        since.map(|since| Command::MarkValidity {
            validity,
            since,
            note: form.note,
        })
    })
});
// PUB-INTERPRET: a published interpretation of the same site linked to the policy document.
article_command!(link, LinkForm, |form| form
    .interpretation
    .trim()
    .parse::<i64>()
    .map_err(|_| platform::Error::invalid("请选择要关联的政策解读"))
    .map(|id| Command::LinkInterpretation {
        interpretation: ArticleId(id)
    }));

/// The article commands' rows of the guard table, each guarded by its role (the domain
/// checks the column and unit).
pub(super) fn rows() -> Vec<OfficeRoute> {
    use Guard::Staff as S;
    vec![
        route(
            Method::POST,
            "/office/sites/articles/{id}/submit",
            S(|a| access::site_articles(a, ArticleOp::Write)),
            post(submit),
        ),
        route(
            Method::POST,
            "/office/sites/articles/{id}/review",
            S(|a| access::site_articles(a, ArticleOp::Review)),
            post(review),
        ),
        route(
            Method::POST,
            "/office/sites/articles/{id}/approve",
            S(|a| access::site_articles(a, ArticleOp::ApproveMajor)),
            post(approve),
        ),
        route(
            Method::POST,
            "/office/sites/articles/{id}/send-back",
            S(|a| access::site_articles(a, ArticleOp::SendBack)),
            post(send_back),
        ),
        route(
            Method::POST,
            "/office/sites/articles/{id}/publish",
            S(|a| access::site_articles(a, ArticleOp::Publish)),
            post(publish),
        ),
        route(
            Method::POST,
            "/office/sites/articles/{id}/unschedule",
            S(|a| access::site_articles(a, ArticleOp::Publish)),
            post(unschedule),
        ),
        route(
            Method::POST,
            "/office/sites/articles/{id}/withdraw",
            S(|a| access::site_articles(a, ArticleOp::Publish)),
            post(withdraw),
        ),
        route(
            Method::POST,
            "/office/sites/articles/{id}/validity",
            S(|a| access::site_articles(a, ArticleOp::Mark)),
            post(validity),
        ),
        route(
            Method::POST,
            "/office/sites/articles/{id}/link",
            S(|a| access::site_articles(a, ArticleOp::Mark)),
            post(link),
        ),
    ]
}
