//! The pure transition of a submission (WEB-SUBMIT): `create` (the first step) and
//! `apply(submission, command, acting, place, now, rules) -> (submission, events)`. A refused
//! command changes nothing. Order of the checks: the transition table, then who may act, then
//! the command's own input. The body's HTML is cleaned here ([`crate::sanitize::clean`]).

use calendar::Instant;
use platform::personal::PhoneNumber;
use platform::workflow::machine as clocks;

use crate::registry::{self, Rules};
use crate::submission::available::{Place, permits};
use crate::submission::{
    Approval, ClockKind, Command, Decision, Event, Outcome, Recipient, SendBack, Status,
    Submission, SubmissionInput, table,
};
use crate::{Acting, SiteError, SubmissionId, UnitId, problems_to_result, required, sanitize};

/// The most characters of an author's name, a title and a body.
pub const AUTHOR_MAX_CHARS: usize = 20;
pub const TITLE_MAX_CHARS: usize = 200;
pub const BODY_MAX_CHARS: usize = 200_000;
/// The most characters of a reason or an opinion.
pub const REASON_MAX_CHARS: usize = 500;

/// WEB-SUBMIT (004 §28: 图片必须命名): how many images of `html` carry no name (`alt`).
pub fn unnamed_images(html: &str) -> usize {
    let lower = html.to_ascii_lowercase();
    let mut unnamed = 0;
    let mut rest = lower.as_str();
    while let Some(start) = rest.find("<img") {
        let tag_and_more = &rest[start..];
        let end = tag_and_more.find('>').unwrap_or(tag_and_more.len());
        let tag = &tag_and_more[..end];
        if !has_named_alt(tag) {
            unnamed += 1;
        }
        rest = &tag_and_more[end..];
    }
    unnamed
}

/// Whether an `<img …` tag (lower case, as the sanitiser writes it) has a non-blank `alt`.
fn has_named_alt(tag: &str) -> bool {
    let Some(at) = tag.find(" alt=\"") else {
        return false;
    };
    let value = &tag[at + 6..];
    let value = &value[..value.find('"').unwrap_or(value.len())];
    !value.replace("&nbsp;", " ").trim().is_empty()
}

fn bounded(problems: &mut Vec<String>, label: &str, text: &str, max: usize) {
    if text.chars().count() > max {
        problems.push(format!("{label}不能超过 {max} 个字"));
    }
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        problems.push(format!("{label}含有不可见的控制字符"));
    }
}

/// WEB-SUBMIT (004 §28: 写明单位、作者姓名、手机号码、信息名称，图片必须命名): every element of
/// `input` is there and well formed — the author, a mobile number, the title, a body with text,
/// every image named; every problem at once. Returns the mobile read. The body is judged as
/// the sanitiser leaves it.
pub fn check_input(input: &SubmissionInput) -> Result<PhoneNumber, SiteError> {
    let mut problems = Vec::new();
    let author = input.author.trim();
    required(&mut problems, "作者姓名", author);
    bounded(&mut problems, "作者姓名", author, AUTHOR_MAX_CHARS);
    let mobile = if input.mobile.trim().is_empty() {
        problems.push("请填写作者的手机号码".to_owned());
        None
    } else {
        match PhoneNumber::parse(&input.mobile) {
            Ok(phone) if phone.as_str().starts_with('1') => Some(phone),
            _ => {
                problems.push("手机号码格式不正确：应为 11 位手机号".to_owned());
                None
            }
        }
    };
    let title = input.title.trim();
    required(&mut problems, "信息名称（标题）", title);
    bounded(&mut problems, "信息名称（标题）", title, TITLE_MAX_CHARS);
    bounded(&mut problems, "正文", &input.body, BODY_MAX_CHARS);
    let body = sanitize::clean(&input.body);
    if sanitize::text_of(&body).trim().is_empty() {
        problems.push("请填写正文".to_owned());
    }
    let unnamed = unnamed_images(&body);
    if unnamed > 0 {
        problems.push(format!(
            "正文中有 {unnamed} 张图片未命名：请为每张图片填写名称（WEB-SUBMIT：图片必须命名）"
        ));
    }
    problems_to_result(problems)?;
    mobile.ok_or_else(|| SiteError::invalid("请填写作者的手机号码"))
}

/// WEB-REGISTRY, WEB-COLUMNS: a submission goes to a site that is not closed, into a column of
/// it that takes articles.
fn check_place(place: Place<'_>) -> Result<(), SiteError> {
    if place.column.site != place.site.id {
        return Err(SiteError::invalid("栏目不属于该网站"));
    }
    if place.site.status == registry::Status::Closed {
        return Err(SiteError::LimitReached(format!(
            "网站“{}”已永久下线，不再接收报送信息",
            place.site.registration().name
        )));
    }
    place.column.check_open()
}

/// A new submission (草稿) of `acting`'s unit `unit_name` to `place`'s column, checked with
/// every problem at once; the body cleaned.
pub fn create(
    id: SubmissionId,
    input: &SubmissionInput,
    place: Place<'_>,
    acting: &Acting,
    unit_name: &str,
    now: Instant,
) -> Result<(Submission, Vec<Event>), SiteError> {
    if acting.user.0 == 0 || acting.unit == UnitId(0) {
        return Err(SiteError::not_permitted("只有单位工作人员可以报送信息"));
    }
    if input.column != place.column.id {
        return Err(SiteError::invalid("栏目与报送信息不符"));
    }
    check_place(place)?;
    check_input(input)?;
    let submission = Submission {
        id,
        site: place.site.id,
        column: place.column.id,
        unit: acting.unit,
        unit_name: unit_name.trim().to_owned(),
        writer: acting.user,
        author: input.author.trim().to_owned(),
        title: input.title.trim().to_owned(),
        body: sanitize::clean(&input.body),
        major: input.major,
        status: Status::Draft,
        approval: None,
        send_backs: Vec::new(),
        received_at: None,
        decision: None,
        withdrawn_at: None,
        clocks: Vec::new(),
        created_at: now,
    };
    let events = vec![Event::Created {
        column: submission.column,
        unit: submission.unit,
    }];
    Ok((submission, events))
}

/// A required reason or opinion, trimmed and bounded.
fn reason_of(label: &str, text: &str) -> Result<String, SiteError> {
    let text = text.trim();
    let mut problems = Vec::new();
    required(&mut problems, label, text);
    bounded(&mut problems, label, text, REASON_MAX_CHARS);
    problems_to_result(problems)?;
    Ok(text.to_owned())
}

/// What `command` by `acting` does to `submission` in `place` at `now`.
pub fn apply(
    submission: &Submission,
    command: &Command,
    acting: &Acting,
    place: Place<'_>,
    now: Instant,
    rules: Rules<'_>,
) -> Result<(Submission, Vec<Event>), SiteError> {
    let kind = command.kind();
    if !table::allows(submission.status, kind) {
        return Err(SiteError::InvalidTransition {
            from: submission.status.label_zh(),
            command: kind.label_zh(),
        });
    }
    permits(submission, place, acting, kind)?;
    let mut next = submission.clone();
    let mut events = Vec::new();
    let title = &submission.title;
    let writer = Recipient::User(submission.writer);
    match command {
        Command::Edit { input } => {
            if input.column != submission.column {
                return Err(SiteError::invalid(
                    "报送栏目不能修改：请撤回后重新填写报送信息",
                ));
            }
            check_input(input)?;
            next.author = input.author.trim().to_owned();
            next.title = input.title.trim().to_owned();
            next.body = sanitize::clean(&input.body);
            next.major = input.major;
        }
        Command::Submit => {
            let who = if submission.major {
                "重大信息，须经单位主要领导审核同意"
            } else {
                "须经单位分管领导审核同意"
            };
            events.push(Event::Notify {
                to: Recipient::Leaders(submission.unit),
                rule: "WEB-SUBMIT",
                text: format!("报送信息“{title}”待审核：{who}后方可报送"),
            });
        }
        Command::Approve { opinion } => {
            check_place(place)?;
            next.approval = Some(Approval {
                by: acting.user,
                at: now,
                as_principal: submission.major,
                opinion: opinion.trim().chars().take(REASON_MAX_CHARS).collect(),
            });
            next.received_at = Some(now);
            events.push(Event::Approved {
                as_principal: submission.major,
            });
            // WEB-SUBMIT (004 §27): the editors' clock runs from receipt.
            let limit = rules.profile.website.submission_publish.limit();
            let started = clocks::start(
                &mut next.clocks,
                ClockKind::Handling,
                Some(place.site.registration().operator_unit),
                limit,
                now,
                rules.calendar,
            );
            events.push(Event::Clock(started));
            events.push(Event::Notify {
                to: Recipient::ColumnEditors(submission.column),
                rule: "WEB-SUBMIT",
                text: format!(
                    "{}报送“{title}”，请在{}内采用或退回",
                    submission.unit_name,
                    limit.label_zh()
                ),
            });
        }
        Command::SendBack { reason } => {
            let reason = reason_of("退回理由", reason)?;
            events.push(Event::Notify {
                to: writer,
                rule: "WEB-SUBMIT",
                text: format!("报送信息“{title}”被单位领导退回：{reason}"),
            });
            next.send_backs.push(SendBack {
                by: acting.user,
                at: now,
                reason,
            });
        }
        Command::Withdraw => next.withdrawn_at = Some(now),
        Command::Adopt { column, article } => {
            let Some(article) = *article else {
                return Err(SiteError::invalid("采用报送信息须同时生成网站稿件"));
            };
            let column = column.unwrap_or(submission.column);
            next.decision = Some(Decision {
                by: acting.user,
                at: now,
                outcome: Outcome::Adopted { article, column },
            });
            events.push(Event::Adopted { article, column });
            stop_clock(&mut next, &mut events, now, rules);
            events.push(Event::Notify {
                to: writer,
                rule: "WEB-SUBMIT",
                text: format!("报送信息“{title}”已采用，转为网站稿件"),
            });
        }
        Command::Return { reason } => {
            let reason = reason_of("退回理由", reason)?;
            events.push(Event::Returned);
            stop_clock(&mut next, &mut events, now, rules);
            events.push(Event::Notify {
                to: writer,
                rule: "WEB-SUBMIT",
                text: format!("报送信息“{title}”未被采用，已退回：{reason}"),
            });
            next.decision = Some(Decision {
                by: acting.user,
                at: now,
                outcome: Outcome::Returned { reason },
            });
        }
    }
    next.status = to_status(submission.status, command);
    events.insert(
        0,
        Event::Transitioned {
            from: submission.status,
            to: next.status,
            command: kind,
        },
    );
    Ok((next, events))
}

/// The status `command` leads to from `from` (one row per pair in the table).
fn to_status(from: Status, command: &Command) -> Status {
    table::TRANSITIONS
        .iter()
        .find(|&&(row_from, row_command, _)| row_from == from && row_command == command.kind())
        .map_or(from, |&(_, _, to)| to)
}

/// WEB-SUBMIT: the handling clock stops at the editors' decision.
fn stop_clock(next: &mut Submission, events: &mut Vec<Event>, now: Instant, rules: Rules<'_>) {
    let stopped = clocks::stop(&mut next.clocks, now, rules.calendar, |_| true);
    events.extend(stopped.into_iter().map(Event::Clock));
}
