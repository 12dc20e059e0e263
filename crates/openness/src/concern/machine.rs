//! The pure machine of a public concern (PUB-RESPOND): [`register`] starts the clocks its
//! gravity asks for, from the moment the concern was noticed; `apply(concern, command, acting,
//! now, rules) -> (concern, events)` is judged in the order: the transition table
//! ([`TRANSITIONS`]), the gravity, who may act (the office that registered it; the responding
//! unit for its releases and the consent to clarify), then the substance. A release stops its
//! clock at the time it took place, so a conference held on time and recorded late is still on
//! time; false information is released only after the recorded consent (PUB-CLARIFY).

use calendar::Instant;
use platform::roles::Role;
use platform::workflow::machine as clocks;
use platform::workflow::{ClockEvent, ClockRule, history};
use serde_json::{Value, json};

use crate::concern::{Approval, Concern, ConcernId, Filing, Gravity, Release, Status};
use crate::error::OpennessError;
use crate::{Acting, Rules, UnitId};

/// The clocks of a concern (PUB-RESPOND), all filed under the responding unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum ConcernClock {
    /// 发布权威信息: `openness.respond_major_information` (5 h).
    Information,
    /// 举行新闻发布会: `openness.respond_press_conference` (24 h).
    PressConference,
    /// 回应: `openness.respond_other` (48 h).
    Response,
}

impl ConcernClock {
    pub const ALL: [ConcernClock; 3] = [
        ConcernClock::Information,
        ConcernClock::PressConference,
        ConcernClock::Response,
    ];

    pub const fn label_zh(self) -> &'static str {
        match self {
            ConcernClock::Information => "发布权威信息期限",
            ConcernClock::PressConference => "新闻发布会期限",
            ConcernClock::Response => "回应期限",
        }
    }

    /// The label of a stored clock code.
    pub fn label_of_code(code: &str) -> &'static str {
        ConcernClock::ALL
            .into_iter()
            .find(|kind| kind.code() == code)
            .map_or("回应期限", ConcernClock::label_zh)
    }

    /// The clocks a concern of `gravity` runs, with their limits from the profile.
    fn for_gravity(gravity: Gravity, rules: Rules<'_>) -> Vec<(ConcernClock, calendar::Limit)> {
        let limits = &rules.profile.openness;
        match gravity {
            Gravity::Major => vec![
                (
                    ConcernClock::Information,
                    limits.respond_major_information.limit(),
                ),
                (
                    ConcernClock::PressConference,
                    limits.respond_press_conference.limit(),
                ),
            ],
            Gravity::Other => vec![(ConcernClock::Response, limits.respond_other.limit())],
        }
    }
}

impl ClockRule for ConcernClock {
    fn rule_id(self) -> &'static str {
        "PUB-RESPOND"
    }

    fn code(self) -> String {
        platform::workflow::command_code(&self)
    }
}

/// What the unit says and when it took place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    pub text: String,
    pub place: String,
    pub took_place_at: Instant,
}

/// PUB-CLARIFY: the consent the unit obtained to clarify false information.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Consent {
    pub by: String,
    pub reference: String,
    pub approved_at: Instant,
}

/// A command on a concern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Major: the unit released authoritative information (发布权威信息).
    ReleaseInformation(Said),
    /// Major: the unit held a press conference (举行新闻发布会); it also counts as the release
    /// of authoritative information if none came before.
    HoldPressConference(Said),
    /// Other: the unit responded (回应).
    Respond(Said),
    /// PUB-CLARIFY: the unit records the consent to clarify false information (报请同意).
    RecordApproval(Consent),
    /// The office finds an ordinary concern to be a major one (its reason): the response
    /// clock stops, the information and conference clocks start now.
    Escalate { reason: String },
    /// The office closes the concern with its outcome.
    Close { outcome: String },
}

/// The kind of a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CommandKind {
    ReleaseInformation,
    HoldPressConference,
    Respond,
    RecordApproval,
    Escalate,
    Close,
}

impl CommandKind {
    pub const ALL: [CommandKind; 6] = [
        CommandKind::ReleaseInformation,
        CommandKind::HoldPressConference,
        CommandKind::Respond,
        CommandKind::RecordApproval,
        CommandKind::Escalate,
        CommandKind::Close,
    ];

    pub const fn label_zh(self) -> &'static str {
        match self {
            CommandKind::ReleaseInformation => "发布权威信息",
            CommandKind::HoldPressConference => "举行新闻发布会",
            CommandKind::Respond => "回应关切",
            CommandKind::RecordApproval => "记录上级同意澄清",
            CommandKind::Escalate => "升级为重大舆情",
            CommandKind::Close => "办结",
        }
    }

    /// The name of a stored command code.
    pub fn label_of_code(code: &str) -> &'static str {
        CommandKind::ALL
            .into_iter()
            .find(|kind| platform::workflow::command_code(kind) == code)
            .map_or("登记", CommandKind::label_zh)
    }

    /// Whether the responding unit runs it (else the office).
    pub const fn is_unit_s(self) -> bool {
        matches!(
            self,
            CommandKind::ReleaseInformation
                | CommandKind::HoldPressConference
                | CommandKind::Respond
                | CommandKind::RecordApproval
        )
    }

    /// The gravity it belongs to, if only one.
    const fn gravity(self) -> Option<Gravity> {
        match self {
            CommandKind::ReleaseInformation | CommandKind::HoldPressConference => {
                Some(Gravity::Major)
            }
            CommandKind::Respond | CommandKind::Escalate => Some(Gravity::Other),
            CommandKind::RecordApproval | CommandKind::Close => None,
        }
    }
}

impl Command {
    pub fn kind(&self) -> CommandKind {
        match self {
            Command::ReleaseInformation(_) => CommandKind::ReleaseInformation,
            Command::HoldPressConference(_) => CommandKind::HoldPressConference,
            Command::Respond(_) => CommandKind::Respond,
            Command::RecordApproval(_) => CommandKind::RecordApproval,
            Command::Escalate { .. } => CommandKind::Escalate,
            Command::Close { .. } => CommandKind::Close,
        }
    }
}

/// Every allowed transition `(from, command, to)`; any other pair is refused.
pub const TRANSITIONS: &[(Status, CommandKind, Status)] = &[
    (Status::Open, CommandKind::ReleaseInformation, Status::Open),
    (
        Status::Open,
        CommandKind::HoldPressConference,
        Status::Responded,
    ),
    (Status::Open, CommandKind::Respond, Status::Responded),
    (Status::Open, CommandKind::RecordApproval, Status::Open),
    (Status::Open, CommandKind::Escalate, Status::Open),
    (Status::Responded, CommandKind::Close, Status::Closed),
];

/// What a command did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Registered (the first event).
    Registered,
    /// A step of the table was taken.
    Stepped {
        command: CommandKind,
        from: Status,
        to: Status,
    },
    /// A clock changed.
    Clock(ClockEvent<ConcernClock>),
}

/// The history row of an event.
pub fn describe(event: &Event) -> (&'static str, Value) {
    match event {
        Event::Registered => ("registered", json!({})),
        Event::Stepped { command, from, to } => (
            "stepped",
            json!({
                "command": platform::workflow::command_code(command),
                "from": from.code(),
                "to": to.code(),
            }),
        ),
        Event::Clock(clock) => history::describe_clock(clock),
    }
}

platform::recorded!(Event, ConcernClock, describe);

fn is_office(concern: &Concern, acting: &Acting) -> bool {
    acting.has_in(Role::OpennessOfficer, concern.office)
}

/// Whether `acting` is staff of the responding unit who may answer for it.
pub fn is_unit(concern: &Concern, acting: &Acting) -> bool {
    let unit = concern.filing.unit;
    [Role::OpennessOfficer, Role::UnitLeader, Role::UnitHandler]
        .into_iter()
        .any(|role| acting.has_in(role, unit))
}

fn permits(concern: &Concern, acting: &Acting, kind: CommandKind) -> Result<(), OpennessError> {
    if kind.is_unit_s() {
        if is_unit(concern, acting) {
            return Ok(());
        }
        return Err(OpennessError::not_permitted(
            "由政策的解读单位（回应主体）发布回应",
        ));
    }
    if is_office(concern, acting) {
        Ok(())
    } else {
        Err(OpennessError::not_permitted(format!(
            "“{}”由登记舆情的政务公开办公室办理",
            kind.label_zh()
        )))
    }
}

fn fits(concern: &Concern, kind: CommandKind) -> Result<(), OpennessError> {
    match kind.gravity() {
        Some(gravity) if gravity != concern.filing.gravity => Err(OpennessError::invalid(format!(
            "{}不适用于{}（PUB-RESPOND）",
            kind.label_zh(),
            concern.filing.gravity.label_zh()
        ))),
        _ => Ok(()),
    }
}

/// The commands `acting` may run now.
pub fn available(concern: &Concern, acting: &Acting) -> Vec<CommandKind> {
    TRANSITIONS
        .iter()
        .filter(|(from, kind, _)| {
            *from == concern.status
                && fits(concern, *kind).is_ok()
                && permits(concern, acting, *kind).is_ok()
        })
        .map(|(_, kind, _)| *kind)
        .filter(|kind| *kind != CommandKind::ReleaseInformation || concern.information.is_none())
        .filter(|kind| {
            // PUB-CLARIFY: false information waits for the consent before any release.
            let release = kind.is_unit_s() && *kind != CommandKind::RecordApproval;
            match awaits_approval(concern) {
                true => !release,
                false => *kind != CommandKind::RecordApproval,
            }
        })
        .collect()
}

/// PUB-CLARIFY: whether the concern is false information still without consent to clarify.
pub fn awaits_approval(concern: &Concern) -> bool {
    concern.filing.false_information && concern.approval.is_none()
}

/// PUB-RESPOND: a concern registered by the openness officer of `office` at `now`, every
/// problem at once; the clocks of its gravity start at `noticed_at`, under the unit.
pub fn register(
    id: ConcernId,
    office: UnitId,
    filing: Filing,
    acting: &Acting,
    now: Instant,
    rules: Rules<'_>,
) -> Result<(Concern, Vec<Event>), OpennessError> {
    if !acting.has_in(Role::OpennessOfficer, office) {
        return Err(OpennessError::not_permitted(
            "社会关切由政务公开办公室的工作人员登记",
        ));
    }
    let mut problems = Vec::new();
    if filing.policy.trim().is_empty() {
        problems.push("请填写引起关切的政策文件".to_owned());
    }
    if filing.summary.trim().is_empty() {
        problems.push("请填写舆情摘要".to_owned());
    }
    if filing.noticed_at > now {
        problems.push("发现时间不能晚于登记时间".to_owned());
    }
    OpennessError::check_all(problems)?;
    let mut filing = filing;
    filing.policy = filing.policy.trim().to_owned();
    filing.summary = filing.summary.trim().to_owned();
    let mut concern = Concern {
        id,
        office,
        filing,
        status: Status::Open,
        registered_by: acting.user,
        registered_at: now,
        escalation: None,
        approval: None,
        information: None,
        press_conference: None,
        response: None,
        outcome: None,
        closed_at: None,
        clocks: Vec::new(),
    };
    let mut events = vec![Event::Registered];
    let (unit, noticed) = (concern.filing.unit, concern.filing.noticed_at);
    for (kind, limit) in ConcernClock::for_gravity(concern.filing.gravity, rules) {
        let started = clocks::start(
            &mut concern.clocks,
            kind,
            Some(unit),
            limit,
            noticed,
            rules.calendar,
        );
        events.push(Event::Clock(started));
    }
    Ok((concern, events))
}

/// The minute `at` falls in (times are typed to the minute).
fn minute_of(at: Instant) -> i64 {
    at.millis() - at.millis().rem_euclid(60_000)
}

/// A release checked: text and place given, it took place after its clock started and not
/// in the future; false information only after the consent to clarify it (PUB-CLARIFY).
fn release(
    concern: &Concern,
    said: &Said,
    clock: ConcernClock,
    acting: &Acting,
    now: Instant,
) -> Result<Release, OpennessError> {
    // PUB-CLARIFY: 报请本级政府或者上一级主管部门同意后 … 予以澄清.
    if awaits_approval(concern) {
        return Err(OpennessError::limit(
            "澄清虚假或不完整信息，须先报请本级政府或上一级主管部门同意，并记录同意后再发布（PUB-CLARIFY）",
        ));
    }
    let mut problems = Vec::new();
    if said.text.trim().is_empty() {
        problems.push("请填写发布或回应的内容".to_owned());
    }
    if said.place.trim().is_empty() {
        problems.push("请填写发布的渠道或地点".to_owned());
    }
    if said.took_place_at > now {
        problems.push("发布时间不能晚于现在".to_owned());
    }
    let started = concern
        .running(clock)
        .map_or(concern.filing.noticed_at, |c| c.clock.start());
    // Times are typed to the minute: a release in the minute the clock started is after it.
    if said.took_place_at.millis() < minute_of(started) {
        problems.push("发布时间不能早于舆情发现（或升级）的时间".to_owned());
    }
    if let Some(approval) = &concern.approval
        && said.took_place_at.millis() < minute_of(approval.approved_at)
    {
        problems.push("澄清的发布时间不能早于上级同意的时间（PUB-CLARIFY）".to_owned());
    }
    OpennessError::check_all(problems)?;
    Ok(Release {
        text: said.text.trim().to_owned(),
        place: said.place.trim().to_owned(),
        took_place_at: said.took_place_at,
        by: acting.user,
        recorded_at: now,
    })
}

/// PUB-CLARIFY: the consent checked — only for false information, once, naming who consented
/// and its reference, given after the concern was noticed and not in the future.
fn approval(
    concern: &Concern,
    consent: &Consent,
    acting: &Acting,
    now: Instant,
) -> Result<Approval, OpennessError> {
    if !concern.filing.false_information {
        return Err(OpennessError::invalid(
            "该舆情未登记为虚假或不完整信息，发布前无须报请同意（PUB-CLARIFY）",
        ));
    }
    if concern.approval.is_some() {
        return Err(OpennessError::limit("已记录上级同意，无须重复记录"));
    }
    let mut problems = Vec::new();
    if consent.by.trim().is_empty() {
        problems.push("请填写同意澄清的本级政府或上一级主管部门".to_owned());
    }
    if consent.reference.trim().is_empty() {
        problems.push("请填写同意的批复文号或记录".to_owned());
    }
    if consent.approved_at > now {
        problems.push("同意时间不能晚于现在".to_owned());
    }
    if consent.approved_at.millis() < minute_of(concern.filing.noticed_at) {
        problems.push("同意时间不能早于舆情发现的时间".to_owned());
    }
    OpennessError::check_all(problems)?;
    Ok(Approval {
        by: consent.by.trim().to_owned(),
        reference: consent.reference.trim().to_owned(),
        approved_at: consent.approved_at,
        recorded_by: acting.user,
        recorded_at: now,
    })
}

fn stop(concern: &mut Concern, kind: ConcernClock, at: Instant, rules: Rules<'_>) -> Vec<Event> {
    clocks::stop(&mut concern.clocks, at, rules.calendar, |c| c.kind == kind)
        .into_iter()
        .map(Event::Clock)
        .collect()
}

/// PUB-RESPOND: judges `command` on `concern` for `acting` at `now`; a refusal changes
/// nothing.
pub fn apply(
    concern: &Concern,
    command: &Command,
    acting: &Acting,
    now: Instant,
    rules: Rules<'_>,
) -> Result<(Concern, Vec<Event>), OpennessError> {
    let kind = command.kind();
    let Some(&(from, _, to)) = TRANSITIONS
        .iter()
        .find(|(from, row, _)| *from == concern.status && *row == kind)
    else {
        return Err(OpennessError::InvalidTransition {
            from: concern.status.label_zh(),
            command: kind.label_zh(),
        });
    };
    fits(concern, kind)?;
    permits(concern, acting, kind)?;
    let mut next = concern.clone();
    let mut changed = Vec::new();
    match command {
        Command::ReleaseInformation(said) => {
            if next.information.is_some() {
                return Err(OpennessError::limit("权威信息已发布，请记录新闻发布会"));
            }
            let done = release(&next, said, ConcernClock::Information, acting, now)?;
            changed.extend(stop(
                &mut next,
                ConcernClock::Information,
                done.took_place_at,
                rules,
            ));
            next.information = Some(done);
        }
        Command::HoldPressConference(said) => {
            let done = release(&next, said, ConcernClock::PressConference, acting, now)?;
            if next.information.is_none() {
                changed.extend(stop(
                    &mut next,
                    ConcernClock::Information,
                    done.took_place_at,
                    rules,
                ));
                next.information = Some(done.clone());
            }
            changed.extend(stop(
                &mut next,
                ConcernClock::PressConference,
                done.took_place_at,
                rules,
            ));
            next.press_conference = Some(done);
        }
        Command::Respond(said) => {
            let done = release(&next, said, ConcernClock::Response, acting, now)?;
            changed.extend(stop(
                &mut next,
                ConcernClock::Response,
                done.took_place_at,
                rules,
            ));
            next.response = Some(done);
        }
        Command::RecordApproval(consent) => {
            next.approval = Some(approval(&next, consent, acting, now)?);
        }
        Command::Escalate { reason } => {
            if reason.trim().is_empty() {
                return Err(OpennessError::invalid("升级为重大舆情须写明理由"));
            }
            changed.extend(stop(&mut next, ConcernClock::Response, now, rules));
            next.filing.gravity = Gravity::Major;
            next.escalation = Some(reason.trim().to_owned());
            let unit = next.filing.unit;
            for (clock, limit) in ConcernClock::for_gravity(Gravity::Major, rules) {
                changed.push(Event::Clock(clocks::start(
                    &mut next.clocks,
                    clock,
                    Some(unit),
                    limit,
                    now,
                    rules.calendar,
                )));
            }
        }
        Command::Close { outcome } => {
            if outcome.trim().is_empty() {
                return Err(OpennessError::invalid("请填写舆情处置结果"));
            }
            next.outcome = Some(outcome.trim().to_owned());
            next.closed_at = Some(now);
        }
    }
    next.status = to;
    let mut events = vec![Event::Stepped {
        command: kind,
        from,
        to,
    }];
    events.extend(changed);
    Ok((next, events))
}
