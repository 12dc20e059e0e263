//! A finding of the site inspector as work (WEB-INSPECT, issue 19 item 6), pure: found on a
//! crawl, it is a task of the unit responsible for the site with the profile's fix clock
//! (`website.inspection_fix`); the unit marks it fixed (the clock stops), and it closes only
//! when a re-check no longer finds it — a re-check that still finds it opens it again with a
//! new clock. A reviewer may mark a word hit a false positive with a whitelist phrase
//! (误报: closed, the phrase feeds the whitelist). No IO: `now` and the limit are parameters.

use calendar::{Calendar, Instant, Limit};
use platform::roles::Role;
use platform::workflow::{ClockEvent, ClockRule, SubjectClock, machine as clocks};
use serde::{Deserialize, Serialize};

use crate::{Acting, SiteId, UnitId};

/// The id of a stored finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct FindingId(pub i64);

impl std::fmt::Display for FindingId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl From<FindingId> for i64 {
    fn from(id: FindingId) -> i64 {
        id.0
    }
}

/// The one clock of a finding: the responsible unit's time to fix it (WEB-INSPECT).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FixClock {
    Fix,
}

impl ClockRule for FixClock {
    fn rule_id(self) -> &'static str {
        "WEB-INSPECT"
    }
    fn code(self) -> String {
        "fix".into()
    }
}

/// Where a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// 待整改: found, the unit's clock runs.
    Open,
    /// 已整改待复查: the unit says it is fixed; the next crawl decides.
    Fixed,
    /// 已关闭: a re-check no longer found it.
    Closed,
    /// 误报: a reviewer judged the word hit a false positive.
    Dismissed,
}

impl Status {
    pub fn code(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Fixed => "fixed",
            Status::Closed => "closed",
            Status::Dismissed => "dismissed",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Status::Open => "待整改",
            Status::Fixed => "已整改待复查",
            Status::Closed => "已关闭",
            Status::Dismissed => "误报",
        }
    }

    pub fn from_code(code: &str) -> Option<Status> {
        [
            Status::Open,
            Status::Fixed,
            Status::Closed,
            Status::Dismissed,
        ]
        .into_iter()
        .find(|status| status.code() == code)
    }

    /// Still work (open or awaiting its re-check).
    pub fn is_active(self) -> bool {
        matches!(self, Status::Open | Status::Fixed)
    }
}

/// A finding: what the crawl reported (kind code, page, masked detail) on which site, the
/// responsible unit, when it was first and last seen, and its clocks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub id: FindingId,
    pub site: SiteId,
    pub unit: UnitId,
    /// `broken-link`, `sensitive-word` … (the inspector's kinds).
    pub kind: String,
    pub url: String,
    /// What was found; personal data masked.
    pub detail: String,
    pub status: Status,
    #[serde(with = "platform::snapshot::instant")]
    pub first_seen: Instant,
    #[serde(with = "platform::snapshot::instant")]
    pub last_seen: Instant,
    /// The unit's note when it marked the finding fixed, or the reviewer's reason.
    pub note: String,
    /// The whitelist phrase of a false positive.
    pub phrase: Option<String>,
    pub clocks: Vec<SubjectClock<FixClock>>,
}

/// What may be done to a finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// The responsible unit has fixed it (with what it did).
    MarkFixed { note: String },
    /// A crawl re-checked the site: `found` when the finding is still there.
    Recheck { found: bool },
    /// WEB-INSPECT: a word hit is a false positive; `phrase` (containing the word) goes to
    /// the whitelist.
    Dismiss { reason: String, phrase: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommandKind {
    Find,
    MarkFixed,
    Recheck,
    Dismiss,
}

impl CommandKind {
    pub fn label_zh(self) -> &'static str {
        match self {
            CommandKind::Find => "发现",
            CommandKind::MarkFixed => "整改完成",
            CommandKind::Recheck => "复查",
            CommandKind::Dismiss => "误报",
        }
    }

    pub fn label_of_code(code: &str) -> &'static str {
        match code {
            "find" => "发现",
            "mark_fixed" => "整改完成",
            "recheck" => "复查",
            "dismiss" => "误报",
            _ => "操作",
        }
    }
}

impl Command {
    pub fn kind(&self) -> CommandKind {
        match self {
            Command::MarkFixed { .. } => CommandKind::MarkFixed,
            Command::Recheck { .. } => CommandKind::Recheck,
            Command::Dismiss { .. } => CommandKind::Dismiss,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    Found,
    MarkedFixed,
    /// The re-check no longer found it.
    Confirmed,
    /// The re-check still found it: open again.
    Reopened,
    Dismissed,
    Clock(ClockEvent<FixClock>),
}

/// The word kinds a reviewer may judge a false positive.
pub fn is_word_kind(kind: &str) -> bool {
    matches!(kind, "sensitive-word" | "wrong-word")
}

/// The listed word of a word hit's detail (between “ and ”).
pub fn listed_word(detail: &str) -> Option<&str> {
    let start = detail.find('“')? + '“'.len_utf8();
    let end = start + detail[start..].find('”')?;
    Some(&detail[start..end])
}

/// Who may mark a finding fixed: the responsible unit's editors, publishers and leaders.
pub fn may_fix(finding: &Finding, acting: &Acting) -> bool {
    [Role::SiteEditor, Role::Publisher, Role::UnitLeader]
        .into_iter()
        .any(|role| acting.has_in(role, finding.unit))
}

/// Who may judge a word hit a false positive: a reviewer of the responsible unit.
pub fn may_dismiss(finding: &Finding, acting: &Acting) -> bool {
    is_word_kind(&finding.kind) && acting.has_in(Role::Reviewer, finding.unit)
}

/// The commands `acting` may run on `finding` now.
pub fn available(finding: &Finding, acting: &Acting) -> Vec<CommandKind> {
    let mut kinds = Vec::new();
    if finding.status == Status::Open && may_fix(finding, acting) {
        kinds.push(CommandKind::MarkFixed);
    }
    if finding.status.is_active() && may_dismiss(finding, acting) {
        kinds.push(CommandKind::Dismiss);
    }
    kinds
}

/// A finding first reported by a crawl at `now`: open, the unit's fix clock started with
/// `limit` (the profile's `website.inspection_fix`, WEB-INSPECT).
#[allow(clippy::too_many_arguments)]
pub fn found(
    site: SiteId,
    unit: UnitId,
    kind: &str,
    url: &str,
    detail: &str,
    limit: Limit,
    now: Instant,
    calendar: &Calendar,
) -> (Finding, Vec<Event>) {
    let mut finding = Finding {
        id: FindingId(0),
        site,
        unit,
        kind: kind.to_owned(),
        url: url.to_owned(),
        detail: detail.to_owned(),
        status: Status::Open,
        first_seen: now,
        last_seen: now,
        note: String::new(),
        phrase: None,
        clocks: Vec::new(),
    };
    let started = clocks::start(
        &mut finding.clocks,
        FixClock::Fix,
        Some(unit),
        limit,
        now,
        calendar,
    );
    (finding, vec![Event::Found, Event::Clock(started)])
}

/// Why a command is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Refused(pub String);

fn refuse(message: impl Into<String>) -> Refused {
    Refused(message.into())
}

/// WEB-INSPECT: runs `command` on `finding` at `now` as `acting` (the crawl's re-check is the
/// system's); `limit` is the fix clock of a finding opened again.
pub fn apply(
    finding: &Finding,
    command: &Command,
    acting: &Acting,
    now: Instant,
    limit: Limit,
    calendar: &Calendar,
) -> Result<(Finding, Vec<Event>), Refused> {
    let mut next = finding.clone();
    let mut events = Vec::new();
    match command {
        Command::MarkFixed { note } => {
            if finding.status != Status::Open {
                return Err(refuse(format!(
                    "该问题当前为“{}”，不能标记整改完成",
                    finding.status.label_zh()
                )));
            }
            if !may_fix(finding, acting) {
                return Err(refuse(
                    "只有责任单位的网站编辑、发布人员或单位领导可以标记整改完成",
                ));
            }
            let note = note.trim();
            if note.is_empty() {
                return Err(refuse("请填写整改情况"));
            }
            next.status = Status::Fixed;
            next.note = note.to_owned();
            events.push(Event::MarkedFixed);
            let stopped = clocks::stop(&mut next.clocks, now, calendar, |_| true);
            events.extend(stopped.into_iter().map(Event::Clock));
        }
        Command::Recheck { found } => {
            if !finding.status.is_active() {
                return Err(refuse("该问题已关闭"));
            }
            if *found {
                next.last_seen = now;
                if finding.status == Status::Fixed {
                    next.status = Status::Open;
                    events.push(Event::Reopened);
                    let started = clocks::start(
                        &mut next.clocks,
                        FixClock::Fix,
                        Some(finding.unit),
                        limit,
                        now,
                        calendar,
                    );
                    events.push(Event::Clock(started));
                }
            } else if finding.status == Status::Fixed {
                next.status = Status::Closed;
                events.push(Event::Confirmed);
            }
            // An open finding not found again stays open until its unit says what it did:
            // a page that could not be read this time is no proof of a fix.
        }
        Command::Dismiss { reason, phrase } => {
            if !finding.status.is_active() {
                return Err(refuse("该问题已关闭"));
            }
            if !is_word_kind(&finding.kind) {
                return Err(refuse("只有错敏词可以标记为误报"));
            }
            if !may_dismiss(finding, acting) {
                return Err(refuse("只有责任单位的审核人员可以标记误报"));
            }
            let (reason, phrase) = (reason.trim(), phrase.trim());
            if reason.is_empty() {
                return Err(refuse("请填写误报理由"));
            }
            if let Some(word) = listed_word(&finding.detail)
                && (!phrase.contains(word) || phrase == word)
            {
                return Err(refuse(format!(
                    "白名单短语须包含“{word}”且长于该词（如“原{word}”）"
                )));
            }
            next.status = Status::Dismissed;
            next.note = reason.to_owned();
            next.phrase = Some(phrase.to_owned());
            events.push(Event::Dismissed);
            let stopped = clocks::stop(&mut next.clocks, now, calendar, |_| true);
            events.extend(stopped.into_iter().map(Event::Clock));
        }
    }
    Ok((next, events))
}
