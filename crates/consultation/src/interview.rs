//! The online interview (在线访谈; MSG-INTERVIEW), pure: announced in advance with its
//! topic, guests and time (002 网站规范 §22(三)2: 提前发布访谈预告); while announced or live the
//! public sends questions; while live the moderators publish selected questions with the
//! guests' answers; after it ends the page stays as its transcript. `announce` and `apply`
//! are `(state, command, now) -> state`; `TRANSITIONS` is the table the tests walk.

use calendar::Instant;
use platform::{Error, Result};
use serde::{Deserialize, Serialize};

use crate::{InterviewId, UnitId};

/// Longest title, summary, guest line, question and answer, in characters.
pub const TITLE_MAX: usize = 100;
pub const SUMMARY_MAX: usize = 2_000;
pub const GUESTS_MAX: usize = 500;
pub const QUESTION_MAX: usize = 500;
pub const ANSWER_MAX: usize = 5_000;

/// Where an interview is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    /// 预告.
    Announced,
    /// 直播中.
    Live,
    /// 已结束 (the transcript stays).
    Ended,
}

impl Status {
    pub fn code(self) -> &'static str {
        match self {
            Status::Announced => "announced",
            Status::Live => "live",
            Status::Ended => "ended",
        }
    }
    pub fn of_code(code: &str) -> Option<Status> {
        [Status::Announced, Status::Live, Status::Ended]
            .into_iter()
            .find(|s| s.code() == code)
    }
    pub fn label_zh(self) -> &'static str {
        match self {
            Status::Announced => "访谈预告",
            Status::Live => "正在直播",
            Status::Ended => "已结束（文字实录）",
        }
    }
}

/// A moderator's command on the interview.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// 开始访谈.
    Start,
    /// 结束访谈.
    End,
}

impl Command {
    pub fn code(self) -> &'static str {
        match self {
            Command::Start => "start",
            Command::End => "end",
        }
    }
    pub fn label_zh(self) -> &'static str {
        match self {
            Command::Start => "开始访谈",
            Command::End => "结束访谈",
        }
    }
}

/// MSG-INTERVIEW: the table of allowed commands.
pub const TRANSITIONS: &[(Status, Command, Status)] = &[
    (Status::Announced, Command::Start, Status::Live),
    (Status::Live, Command::End, Status::Ended),
];

/// What the unit announces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Announcement {
    pub site_id: i64,
    pub title: String,
    pub summary: String,
    pub guests: String,
    pub starts_at: Instant,
}

/// An interview's snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interview {
    pub id: InterviewId,
    pub site_id: i64,
    pub unit: UnitId,
    pub title: String,
    pub summary: String,
    pub guests: String,
    #[serde(with = "platform::snapshot::instant")]
    pub starts_at: Instant,
    #[serde(with = "platform::snapshot::instant")]
    pub announced_at: Instant,
    pub status: Status,
    #[serde(with = "platform::snapshot::opt_instant")]
    pub started_at: Option<Instant>,
    #[serde(with = "platform::snapshot::opt_instant")]
    pub ended_at: Option<Instant>,
}

fn refused(message: &str) -> Error {
    Error::invalid(message)
}

fn within(text: &str, max: usize) -> bool {
    let n = text.trim().chars().count();
    n > 0 && n <= max
}

/// MSG-INTERVIEW: an announcement with its topic and guests, for a time after `now`
/// (announced in advance).
pub fn announce(
    announcement: &Announcement,
    id: InterviewId,
    unit: UnitId,
    now: Instant,
) -> Result<Interview> {
    let mut problems = Vec::new();
    if !within(&announcement.title, TITLE_MAX) {
        problems.push(format!("请填写访谈主题（不超过{TITLE_MAX}字）"));
    }
    if !within(&announcement.summary, SUMMARY_MAX) {
        problems.push(format!("请填写访谈简介（不超过{SUMMARY_MAX}字）"));
    }
    if !within(&announcement.guests, GUESTS_MAX) {
        problems.push(format!("请填写访谈嘉宾（不超过{GUESTS_MAX}字）"));
    }
    if announcement.starts_at <= now {
        problems.push("访谈须提前发布预告：开始时间应晚于现在".into());
    }
    if !problems.is_empty() {
        return Err(refused(&problems.join("；")));
    }
    Ok(Interview {
        id,
        site_id: announcement.site_id,
        unit,
        title: announcement.title.trim().to_owned(),
        summary: announcement.summary.trim().to_owned(),
        guests: announcement.guests.trim().to_owned(),
        starts_at: announcement.starts_at,
        announced_at: now,
        status: Status::Announced,
        started_at: None,
        ended_at: None,
    })
}

/// MSG-INTERVIEW: a moderator of the interview's unit starts or ends it.
pub fn apply(
    interview: &Interview,
    command: Command,
    unit: UnitId,
    now: Instant,
) -> Result<Interview> {
    if unit != interview.unit {
        return Err(refused("只有举办访谈的单位可以主持该访谈"));
    }
    let Some(to) = TRANSITIONS
        .iter()
        .find(|(from, c, _)| *from == interview.status && *c == command)
        .map(|(_, _, to)| *to)
    else {
        return Err(refused(match (interview.status, command) {
            (Status::Announced, Command::End) => "访谈尚未开始，不能结束",
            (Status::Ended, _) => "访谈已经结束",
            _ => "访谈已经开始",
        }));
    };
    let mut next = interview.clone();
    next.status = to;
    match command {
        Command::Start => next.started_at = Some(now),
        Command::End => next.ended_at = Some(now),
    }
    Ok(next)
}

/// MSG-INTERVIEW: the public asks while the interview is announced or live.
pub fn may_ask(interview: &Interview, question: &str) -> Result<()> {
    if interview.status == Status::Ended {
        return Err(refused("访谈已经结束，不能再提问"));
    }
    if !within(question, QUESTION_MAX) {
        return Err(refused(&format!("请填写问题（不超过{QUESTION_MAX}字）")));
    }
    Ok(())
}

/// MSG-INTERVIEW: a moderator publishes a question with the guests' answer only while the
/// interview is live.
pub fn may_answer(interview: &Interview, unit: UnitId, answer: &str) -> Result<()> {
    if unit != interview.unit {
        return Err(refused("只有举办访谈的单位可以主持该访谈"));
    }
    match interview.status {
        Status::Live => {}
        Status::Announced => return Err(refused("访谈尚未开始，不能发布答问")),
        Status::Ended => return Err(refused("访谈已经结束，不能再发布答问")),
    }
    if !within(answer, ANSWER_MAX) {
        return Err(refused(&format!(
            "请填写嘉宾的回答（不超过{ANSWER_MAX}字）"
        )));
    }
    Ok(())
}
