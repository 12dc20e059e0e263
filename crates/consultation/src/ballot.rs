//! What the public does on a topic (MSG-CONSULT), pure: a comment while the topic is open,
//! a ballot once per voter within the options; the yearly count per site against the
//! profile's minimum, and whether a site's consultation channel works.

use calendar::Instant;
use platform::{Error, Result};

use crate::topic::{COMMENT_MAX, Phase, QuestionKind, Topic};

fn refused(message: &str) -> Error {
    Error::invalid(message)
}

fn chars(text: &str) -> usize {
    text.chars().count()
}

/// MSG-CONSULT: a comment is taken only while the topic is open and has a comment question.
pub fn may_comment(topic: &Topic, now: Instant, body: &str) -> Result<()> {
    match topic.phase(now) {
        Phase::Open => {}
        Phase::Decided | Phase::Upcoming => return Err(refused("征集尚未开始，暂不能提交意见")),
        Phase::Closed | Phase::Reported => return Err(refused("征集已结束，不能再提交意见")),
    }
    if !topic.takes_comments() {
        return Err(refused("该征集只设调查题，不收集文字意见"));
    }
    let body = body.trim();
    if body.is_empty() || chars(body) > COMMENT_MAX {
        return Err(refused(&format!("请填写意见内容（不超过{COMMENT_MAX}字）")));
    }
    Ok(())
}

/// A ballot: for each choice question (by index), the options chosen (by index).
pub type Ballot = Vec<(usize, Vec<usize>)>;

/// MSG-CONSULT: a ballot is taken only while the topic is open, once per voter, and answers
/// every choice question within its options (one for 单选, at least one for 多选).
pub fn check_ballot(
    topic: &Topic,
    now: Instant,
    already_voted: bool,
    ballot: &Ballot,
) -> Result<()> {
    match topic.phase(now) {
        Phase::Open => {}
        Phase::Decided | Phase::Upcoming => return Err(refused("调查尚未开始，暂不能投票")),
        Phase::Closed | Phase::Reported => return Err(refused("调查已结束，不能再投票")),
    }
    if topic.choice_questions().next().is_none() {
        return Err(refused("该征集没有调查题"));
    }
    if already_voted {
        return Err(refused("该手机号已参加过本次调查，每人只能投票一次"));
    }
    for (index, question) in topic.choice_questions() {
        let chosen = ballot
            .iter()
            .find(|(q, _)| *q == index)
            .map(|(_, c)| c.as_slice())
            .unwrap_or_default();
        let n = index + 1;
        if chosen.is_empty() {
            return Err(refused(&format!("请回答第{n}个问题")));
        }
        if question.kind == QuestionKind::Single && chosen.len() > 1 {
            return Err(refused(&format!("第{n}个问题只能选一项")));
        }
        if chosen.iter().any(|c| *c >= question.options.len()) {
            return Err(refused(&format!("第{n}个问题的选项无效")));
        }
        let mut unique = chosen.to_vec();
        unique.sort_unstable();
        unique.dedup();
        if unique.len() != chosen.len() {
            return Err(refused(&format!("第{n}个问题的选项重复")));
        }
    }
    if ballot
        .iter()
        .any(|(q, _)| topic.questions.get(*q).is_none_or(|q| !q.kind.is_choice()))
    {
        return Err(refused("投票中有不属于该调查的问题"));
    }
    Ok(())
}

/// MSG-CONSULT (002 网站规范 §23(八)): a site's consultations in a year against the
/// profile's minimum (`messages.consultations_per_year`; 0 when the jurisdiction's rules set
/// none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearCount {
    pub count: u32,
    pub minimum: u32,
}

impl YearCount {
    /// Met when there is no minimum or the count reaches it.
    pub fn met(self) -> bool {
        self.count >= self.minimum
    }
}

/// The "working consultation channel" of a site (the inspection's 互动回应差, reports.md
/// §3): at least one topic published within the past year and no adoption report overdue.
pub fn channel_working(published_within_year: u32, reports_overdue: u32) -> bool {
    published_within_year > 0 && reports_overdue == 0
}
