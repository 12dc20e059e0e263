//! Coordination with other units (会签确认, PUB-COORD): a document that involves other units
//! waits for each one's written confirmation, asked for in writing and answered within the
//! profile's `openness.coordination_confirm`, each request a kernel clock filed under the unit
//! asked. A disagreement holds publication (it goes to the county openness authority).

use calendar::{Calendar, Instant};
use platform::roles::Role;
use platform::workflow::machine as clocks;
use platform::workflow::{ClockEvent, SubjectClock};

use crate::register::{Document, DocumentClock, Refusal};
use crate::{Acting, Rules, UnitId, UserId};

/// A unit's answer.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CoordinationReply {
    pub agreed: bool,
    pub opinion: String,
    pub by: UserId,
    #[serde(with = "platform::snapshot::instant")]
    pub at: Instant,
}

/// One request to one unit.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Coordination {
    pub unit: UnitId,
    /// What the unit is asked to confirm (in writing).
    pub matter: String,
    pub clock: SubjectClock<DocumentClock>,
    pub reply: Option<CoordinationReply>,
}

impl Coordination {
    pub fn is_pending(&self) -> bool {
        self.reply.is_none()
    }
}

/// PUB-COORD: asks each of `units` to confirm `matter`; each request starts its clock.
pub fn request_coordination(
    document: &Document,
    units: &[UnitId],
    matter: &str,
    requester: &Acting,
    now: Instant,
    rules: Rules<'_>,
) -> Result<(Document, Vec<ClockEvent<DocumentClock>>), Refusal> {
    if !requester.has_in(Role::OpennessOfficer, document.unit)
        && !requester.has_in(Role::UnitLeader, document.unit)
    {
        return Err(Refusal::new("PUB-COORD", "会签确认由牵头单位发起"));
    }
    let mut problems = Vec::new();
    if units.is_empty() {
        problems.push("请选择需要会签确认的单位".to_owned());
    }
    if matter.trim().is_empty() {
        problems.push("请写明需要确认的事项（书面征求）".to_owned());
    }
    if units.contains(&document.unit) {
        problems.push("牵头单位无需向本单位征求确认".to_owned());
    }
    for (i, unit) in units.iter().enumerate() {
        if units[..i].contains(unit) {
            problems.push(format!("单位 {unit} 重复"));
        }
        let pending = document
            .coordination
            .iter()
            .any(|c| c.unit == *unit && c.is_pending());
        if pending {
            problems.push(format!("已向单位 {unit} 征求确认，尚待答复"));
        }
    }
    Refusal::check_all("PUB-COORD", problems)?;
    let limit = rules.profile.openness.coordination_confirm.limit();
    let mut next = document.clone();
    let mut events = Vec::new();
    for unit in units {
        let mut started = Vec::new();
        events.push(clocks::start(
            &mut started,
            DocumentClock::Confirm,
            Some(*unit),
            limit,
            now,
            rules.calendar,
        ));
        for clock in started {
            next.coordination.push(Coordination {
                unit: *unit,
                matter: matter.trim().to_owned(),
                clock,
                reply: None,
            });
        }
    }
    Ok((next, events))
}

/// PUB-COORD: the unit asked answers (a leader of it); its clock stops, met or late.
pub fn reply_coordination(
    document: &Document,
    agreed: bool,
    opinion: &str,
    by: &Acting,
    now: Instant,
    calendar: &Calendar,
) -> Result<(Document, Vec<ClockEvent<DocumentClock>>), Refusal> {
    if !by.roles.contains(&Role::UnitLeader) && !by.roles.contains(&Role::OpennessOfficer) {
        return Err(Refusal::new(
            "PUB-COORD",
            "会签意见由被征求单位的负责人或政务公开工作人员答复",
        ));
    }
    if !agreed && opinion.trim().is_empty() {
        return Err(Refusal::new("PUB-COORD", "不同意发布的须写明意见"));
    }
    let mut next = document.clone();
    let Some(request) = next
        .coordination
        .iter_mut()
        .find(|c| c.unit == by.unit && c.is_pending())
    else {
        return Err(Refusal::new("PUB-COORD", "没有向本单位征求确认的待办事项"));
    };
    let events = clocks::stop(
        std::slice::from_mut(&mut request.clock),
        now,
        calendar,
        |_| true,
    );
    request.reply = Some(CoordinationReply {
        agreed,
        opinion: opinion.trim().to_owned(),
        by: by.user,
        at: now,
    });
    Ok((next, events))
}
