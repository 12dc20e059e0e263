//! The consultation topic (意见征集、网上调查; MSG-CONSULT, PUB-PRECONSULT), pure: a unit
//! decides to consult on a draft (the decision starts the 预公开 clock, 3 WD by the profile),
//! publishes it with its period and questions (comment questions and single or multiple
//! choice survey questions), and after the period publishes which comments were adopted and
//! why the others were not (the adoption clock, one month from the period's end by the
//! profile). `open` and `apply` are `(state, command, unit, now, rules) -> (state, events)`;
//! `TRANSITIONS` is the table the tests walk; citizens' comments and ballots are judged by
//! `may_comment` and `check_ballot`.

use calendar::{Clock, Instant};
use platform::workflow::{ClockChange, ClockEvent, ClockRule, SubjectClock, machine};
use platform::{Error, Result};
use serde::{Deserialize, Serialize};

use crate::{Rules, TopicId, UnitId};

/// Longest title, draft and question, in characters.
pub const TITLE_MAX: usize = 100;
pub const DRAFT_MAX: usize = 20_000;
pub const QUESTION_MAX: usize = 200;
pub const OPTION_MAX: usize = 50;
/// At most this many questions and options per question.
pub const QUESTIONS_MAX: usize = 20;
pub const OPTIONS_MAX: usize = 10;
/// Longest comment and adoption reason, in characters.
pub const COMMENT_MAX: usize = 2_000;
pub const REASON_MAX: usize = 500;

/// What a question asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum QuestionKind {
    /// 意见建议: free text.
    Comment,
    /// 单选.
    Single,
    /// 多选.
    Multiple,
}

impl QuestionKind {
    pub fn label_zh(self) -> &'static str {
        match self {
            QuestionKind::Comment => "意见建议",
            QuestionKind::Single => "单选",
            QuestionKind::Multiple => "多选",
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            QuestionKind::Comment => "comment",
            QuestionKind::Single => "single",
            QuestionKind::Multiple => "multiple",
        }
    }
    pub fn of_code(code: &str) -> Option<QuestionKind> {
        [Self::Comment, Self::Single, Self::Multiple]
            .into_iter()
            .find(|kind| kind.code() == code)
    }
    pub fn is_choice(self) -> bool {
        self != QuestionKind::Comment
    }
}

/// One question of a topic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub kind: QuestionKind,
    pub text: String,
    pub options: Vec<String>,
}

/// Where a topic is in its life (stored).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    /// 已决定征求意见: the draft is not yet public (预公开 clock running).
    Decided,
    /// 已发布: public; the period decides whether it takes comments.
    Published,
    /// 已公布采纳情况.
    Reported,
}

impl Status {
    pub fn code(self) -> &'static str {
        match self {
            Status::Decided => "decided",
            Status::Published => "published",
            Status::Reported => "reported",
        }
    }
}

/// Where a topic is at an instant, in the public's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Decided,
    Upcoming,
    Open,
    Closed,
    Reported,
}

impl Phase {
    pub fn label_zh(self) -> &'static str {
        match self {
            Phase::Decided => "待发布",
            Phase::Upcoming => "未开始",
            Phase::Open => "征集中",
            Phase::Closed => "已结束，待公布采纳情况",
            Phase::Reported => "已公布采纳情况",
        }
    }
}

/// The two clocks of a topic, both PUB-PRECONSULT.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClockKind {
    /// 预公开: from the decision to consult to the draft's publication.
    Prepublish,
    /// 采纳情况公布: from the period's end to the adoption report.
    Adoption,
}

impl ClockRule for ClockKind {
    fn rule_id(self) -> &'static str {
        "PUB-PRECONSULT"
    }
    fn code(self) -> String {
        match self {
            ClockKind::Prepublish => "prepublish".into(),
            ClockKind::Adoption => "adoption".into(),
        }
    }
}

/// How one comment was taken up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Adoption {
    pub comment_id: i64,
    pub adopted: bool,
    /// Why not (required when not adopted), or how (optional when adopted).
    pub reason: String,
}

/// The adoption report (征集结果及采纳情况).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub summary: String,
    pub entries: Vec<Adoption>,
    #[serde(with = "platform::snapshot::instant")]
    pub published_at: Instant,
}

/// What the unit decides to consult on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub site_id: i64,
    pub title: String,
    pub draft: String,
    pub opens_at: Instant,
    pub closes_at: Instant,
    pub questions: Vec<Question>,
    /// PUB-PRECONSULT (002 预公开 §7): the unit confirms the draft holds no state or
    /// commercial secret and no one's privacy.
    pub no_secrets: bool,
}

/// A topic's snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Topic {
    pub id: TopicId,
    pub number: String,
    pub site_id: i64,
    pub unit: UnitId,
    pub title: String,
    pub draft: String,
    pub questions: Vec<Question>,
    #[serde(with = "platform::snapshot::instant")]
    pub decided_at: Instant,
    #[serde(with = "platform::snapshot::instant")]
    pub opens_at: Instant,
    #[serde(with = "platform::snapshot::instant")]
    pub closes_at: Instant,
    pub status: Status,
    #[serde(with = "platform::snapshot::opt_instant")]
    pub published_at: Option<Instant>,
    pub report: Option<Report>,
    pub clocks: Vec<SubjectClock<ClockKind>>,
}

/// A command on a topic, by a staff member of its unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// 发布: the draft goes public (预公开).
    Publish,
    /// 公布采纳情况. `shown` is filled by the use case: the comments shown on the page, each
    /// of which the report must answer.
    Report {
        summary: String,
        entries: Vec<Adoption>,
        shown: Vec<i64>,
    },
}

/// The kind of a command, for the table and the stored codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommandKind {
    Publish,
    Report,
}

impl CommandKind {
    pub fn label_zh(self) -> &'static str {
        match self {
            CommandKind::Publish => "发布征集",
            CommandKind::Report => "公布采纳情况",
        }
    }
    pub fn label_of_code(code: &str) -> &'static str {
        match code {
            "decide" => "决定征求意见",
            "publish" => "发布征集",
            "report" => "公布采纳情况",
            _ => "操作",
        }
    }
}

impl Command {
    pub fn kind(&self) -> CommandKind {
        match self {
            Command::Publish => CommandKind::Publish,
            Command::Report { .. } => CommandKind::Report,
        }
    }
}

/// What a step did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Decided,
    Published { opens_at: Instant },
    Reported { adopted: usize, not_adopted: usize },
    Clock(ClockEvent<ClockKind>),
}

platform::recorded!(Event, ClockKind, describe);

fn describe(event: &Event) -> (&'static str, serde_json::Value) {
    match event {
        Event::Decided => ("decided", serde_json::json!({})),
        Event::Published { opens_at } => (
            "published",
            serde_json::json!({ "opens_at": opens_at.millis() }),
        ),
        Event::Reported {
            adopted,
            not_adopted,
        } => (
            "reported",
            serde_json::json!({ "adopted": adopted, "not_adopted": not_adopted }),
        ),
        Event::Clock(clock) => (clock.code(), serde_json::json!({})),
    }
}

/// MSG-CONSULT, PUB-PRECONSULT: which command each stored status allows (the phase decides
/// the rest: a report only after the period).
pub const TRANSITIONS: &[(Status, CommandKind, Status)] = &[
    (Status::Decided, CommandKind::Publish, Status::Published),
    (Status::Published, CommandKind::Report, Status::Reported),
];

fn refused(message: &str) -> Error {
    Error::invalid(message)
}

fn chars(text: &str) -> usize {
    text.chars().count()
}

impl Topic {
    /// The phase at `now`.
    pub fn phase(&self, now: Instant) -> Phase {
        match self.status {
            Status::Decided => Phase::Decided,
            Status::Reported => Phase::Reported,
            Status::Published if now < self.opens_at => Phase::Upcoming,
            Status::Published if now < self.closes_at => Phase::Open,
            Status::Published => Phase::Closed,
        }
    }

    /// The clock of `kind`, if started.
    pub fn clock(&self, kind: ClockKind) -> Option<&SubjectClock<ClockKind>> {
        self.clocks.iter().find(|clock| clock.kind == kind)
    }

    /// The choice questions, with their index in `questions`.
    pub fn choice_questions(&self) -> impl Iterator<Item = (usize, &Question)> {
        self.questions
            .iter()
            .enumerate()
            .filter(|(_, q)| q.kind.is_choice())
    }

    /// Whether it has a comment question.
    pub fn takes_comments(&self) -> bool {
        self.questions
            .iter()
            .any(|q| q.kind == QuestionKind::Comment)
    }
}

/// Every problem of a draft, in Chinese; empty when it may be decided.
pub fn problems(draft: &Draft) -> Vec<String> {
    let mut out = Vec::new();
    let title = draft.title.trim();
    if title.is_empty() || chars(title) > TITLE_MAX {
        out.push(format!("请填写征集标题（不超过{TITLE_MAX}字）"));
    }
    let body = draft.draft.trim();
    if body.is_empty() || chars(body) > DRAFT_MAX {
        out.push(format!("请填写征集的草案内容（不超过{DRAFT_MAX}字）"));
    }
    // PUB-PRECONSULT (002 预公开 §7): never for secrets or privacy.
    if !draft.no_secrets {
        out.push("请确认草案不涉及国家秘密、商业秘密和个人隐私".into());
    }
    if !platform::privacy::find(body).is_empty() {
        out.push("草案中含有个人信息（电话、证件号码等），不得预公开".into());
    }
    if draft.closes_at <= draft.opens_at {
        out.push("征集截止时间须晚于开始时间".into());
    }
    if draft.questions.is_empty() || draft.questions.len() > QUESTIONS_MAX {
        out.push(format!("请设置1至{QUESTIONS_MAX}个问题"));
    }
    for (n, question) in draft.questions.iter().enumerate() {
        let n = n + 1;
        let text = question.text.trim();
        if text.is_empty() || chars(text) > QUESTION_MAX {
            out.push(format!("第{n}个问题：请填写问题（不超过{QUESTION_MAX}字）"));
        }
        let options = &question.options;
        if question.kind.is_choice() {
            if options.len() < 2 || options.len() > OPTIONS_MAX {
                out.push(format!("第{n}个问题：选择题须有2至{OPTIONS_MAX}个选项"));
            }
            if options
                .iter()
                .any(|o| o.trim().is_empty() || chars(o.trim()) > OPTION_MAX)
            {
                out.push(format!(
                    "第{n}个问题：选项不能为空，每项不超过{OPTION_MAX}字"
                ));
            }
        } else if !options.is_empty() {
            out.push(format!("第{n}个问题：意见建议题不设选项"));
        }
    }
    out
}

/// PUB-PRECONSULT: the decision to consult. The draft is checked and the 预公开 clock starts
/// (`openness.preconsultation`, 3 WD in every preset).
pub fn decide(
    draft: &Draft,
    id: TopicId,
    number: String,
    unit: UnitId,
    now: Instant,
    rules: Rules<'_>,
) -> Result<(Topic, Vec<Event>)> {
    let problems = problems(draft);
    if !problems.is_empty() {
        return Err(refused(&problems.join("；")));
    }
    let mut clocks = Vec::new();
    // PUB-PRECONSULT: published within 3 WD of the decision.
    let started = machine::start(
        &mut clocks,
        ClockKind::Prepublish,
        Some(unit),
        rules.profile.openness.preconsultation.limit(),
        now,
        rules.calendar,
    );
    let topic = Topic {
        id,
        number,
        site_id: draft.site_id,
        unit,
        title: draft.title.trim().to_owned(),
        draft: draft.draft.trim().to_owned(),
        questions: draft
            .questions
            .iter()
            .map(|q| Question {
                kind: q.kind,
                text: q.text.trim().to_owned(),
                options: q.options.iter().map(|o| o.trim().to_owned()).collect(),
            })
            .collect(),
        decided_at: now,
        opens_at: draft.opens_at,
        closes_at: draft.closes_at,
        status: Status::Decided,
        published_at: None,
        report: None,
        clocks,
    };
    Ok((topic, vec![Event::Decided, Event::Clock(started)]))
}

/// Whether the table allows `kind` from `status`.
pub fn allowed(status: Status, kind: CommandKind) -> Option<Status> {
    TRANSITIONS
        .iter()
        .find(|(from, k, _)| *from == status && *k == kind)
        .map(|(_, _, to)| *to)
}

/// The commands a member of `unit` may give on `topic` at `now`.
pub fn available(topic: &Topic, unit: UnitId, now: Instant) -> Vec<CommandKind> {
    if unit != topic.unit {
        return Vec::new();
    }
    [CommandKind::Publish, CommandKind::Report]
        .into_iter()
        .filter(|kind| allowed(topic.status, *kind).is_some())
        .filter(|kind| match kind {
            CommandKind::Publish => now < topic.closes_at,
            CommandKind::Report => now >= topic.closes_at,
        })
        .collect()
}

/// MSG-CONSULT, PUB-PRECONSULT: a command of a staff member of `unit` at `now`.
pub fn apply(
    topic: &Topic,
    command: &Command,
    unit: UnitId,
    now: Instant,
    rules: Rules<'_>,
) -> Result<(Topic, Vec<Event>)> {
    if unit != topic.unit {
        return Err(refused("只有发起征集的单位可以操作该征集"));
    }
    let Some(to) = allowed(topic.status, command.kind()) else {
        return Err(refused(match (topic.status, command.kind()) {
            (Status::Decided, CommandKind::Report) => "征集尚未发布，不能公布采纳情况",
            (_, CommandKind::Publish) => "该征集已经发布",
            _ => "采纳情况已经公布",
        }));
    };
    let mut next = topic.clone();
    next.status = to;
    let mut events = Vec::new();
    match command {
        Command::Publish => {
            if now >= topic.closes_at {
                return Err(refused("征集截止时间已过，不能发布"));
            }
            // PUB-PRECONSULT: the 预公开 clock stops (met if within 3 WD).
            let stopped = machine::stop(&mut next.clocks, now, rules.calendar, |c| {
                c.kind == ClockKind::Prepublish
            });
            events.extend(stopped.into_iter().map(Event::Clock));
            next.opens_at = topic.opens_at.max(now);
            next.published_at = Some(now);
            events.push(Event::Published {
                opens_at: next.opens_at,
            });
            // PUB-PRECONSULT (000 门户 §20): the adoption report within a month of the
            // period's end; the clock runs from that end.
            let limit = rules.profile.openness.adoption_publish.limit();
            let clock = Clock::new(next.closes_at, limit);
            let due = clock.due(rules.calendar).at;
            next.clocks.push(SubjectClock {
                kind: ClockKind::Adoption,
                unit: Some(topic.unit),
                clock,
                stopped_at: None,
            });
            events.push(Event::Clock(ClockEvent {
                kind: ClockKind::Adoption,
                unit: Some(topic.unit),
                start: next.closes_at,
                limit,
                change: ClockChange::Started { due },
            }));
        }
        Command::Report {
            summary,
            entries,
            shown,
        } => {
            if now < topic.closes_at {
                return Err(refused("征集期尚未结束，不能公布采纳情况"));
            }
            report_problems(summary, entries, shown)?;
            let stopped = machine::stop(&mut next.clocks, now, rules.calendar, |c| {
                c.kind == ClockKind::Adoption
            });
            events.extend(stopped.into_iter().map(Event::Clock));
            let adopted = entries.iter().filter(|e| e.adopted).count();
            next.report = Some(Report {
                summary: summary.trim().to_owned(),
                entries: entries
                    .iter()
                    .map(|e| Adoption {
                        reason: e.reason.trim().to_owned(),
                        ..e.clone()
                    })
                    .collect(),
                published_at: now,
            });
            events.push(Event::Reported {
                adopted,
                not_adopted: entries.len() - adopted,
            });
        }
    }
    Ok((next, events))
}

/// PUB-PRECONSULT: the report answers every comment shown, once, and gives the reason of
/// each one not adopted.
fn report_problems(summary: &str, entries: &[Adoption], shown: &[i64]) -> Result<()> {
    let summary = summary.trim();
    if summary.is_empty() || chars(summary) > DRAFT_MAX {
        return Err(refused("请填写征集结果说明"));
    }
    for id in shown {
        if entries.iter().filter(|e| e.comment_id == *id).count() != 1 {
            return Err(refused("请逐条说明每条意见是否采纳"));
        }
    }
    if entries.iter().any(|e| !shown.contains(&e.comment_id)) {
        return Err(refused("采纳情况中有不属于该征集的意见"));
    }
    if entries
        .iter()
        .any(|e| !e.adopted && e.reason.trim().is_empty())
    {
        return Err(refused("未采纳的意见须说明理由"));
    }
    if entries.iter().any(|e| chars(e.reason.trim()) > REASON_MAX) {
        return Err(refused(&format!("每条说明不超过{REASON_MAX}字")));
    }
    Ok(())
}

pub use crate::ballot::{Ballot, YearCount, channel_working, check_ballot, may_comment};
