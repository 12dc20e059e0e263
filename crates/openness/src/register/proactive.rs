//! The publication deadline of a 主动公开 document (PUB-PROACTIVE): from the signer's
//! confirmation (the document is formed), a policy document is published within the profile's
//! `openness.policy_document` (ganzhou 3 WD, xingning 5 WD) and any other within
//! `openness.proactive` (20 WD). The clock is a kernel clock of the issuing unit, so it runs in
//! 电子监察 and the workbench; the first publication of an article made from the document
//! stops it (met or late), and a review that keeps the document from publication stops it as
//! moot. A document declassified later is formed for publication then, and its clock starts.

use calendar::{Calendar, Instant};
use platform::workflow::machine as clocks;
use platform::workflow::{ClockEvent, ClockRule, SubjectClock};

use crate::Rules;
use crate::register::{Attribute, Document, Refusal, Stage, stage};

/// The kinds of clock a document of the register carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum DocumentClock {
    /// PUB-COORD: a unit asked confirms within `openness.coordination_confirm`.
    Confirm,
    /// PUB-PROACTIVE: the document is published within its window from its confirmation.
    Publish,
}

impl ClockRule for DocumentClock {
    fn rule_id(self) -> &'static str {
        match self {
            DocumentClock::Confirm => "PUB-COORD",
            DocumentClock::Publish => "PUB-PROACTIVE",
        }
    }

    fn code(self) -> String {
        match self {
            DocumentClock::Confirm => "coordination_confirm",
            DocumentClock::Publish => "proactive_publish",
        }
        .into()
    }
}

impl DocumentClock {
    /// The name of a stored clock code, for 电子监察 and the workbench.
    pub fn name_of_code(code: &str) -> &'static str {
        if code == DocumentClock::Publish.code() {
            "主动公开期限"
        } else {
            "会签确认期限"
        }
    }
}

/// The first publication of the document (PUB-PROACTIVE): the article and its page.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Publication {
    /// The site article that published it.
    pub article: i64,
    /// Its page on the portal.
    pub url: String,
    #[serde(with = "platform::snapshot::instant")]
    pub at: Instant,
    /// Published by the deadline.
    pub met: bool,
}

/// The stages in which a document is on its way to publication (the clock runs).
fn on_the_way(document: &Document) -> bool {
    document.attribute == Attribute::Proactive
        && document.confirmation.is_some()
        && document.publication.is_none()
        && !matches!(
            stage(document),
            Stage::Classified | Stage::NotForPublication | Stage::Withheld
        )
}

/// PUB-PROACTIVE: after a record moved `next` on from `before`, the clock started (the
/// document is formed for publication) or stopped as moot (it will not be published).
pub fn follow(
    before: &Document,
    next: &mut Document,
    now: Instant,
    rules: Rules<'_>,
) -> Vec<ClockEvent<DocumentClock>> {
    let running = next
        .proactive
        .as_ref()
        .is_some_and(SubjectClock::is_running);
    if on_the_way(next) && !on_the_way(before) && !running {
        let limit = match next.kind.is_policy() {
            true => rules.profile.openness.policy_document.limit(),
            false => rules.profile.openness.proactive.limit(),
        };
        let mut started = Vec::new();
        let event = clocks::start(
            &mut started,
            DocumentClock::Publish,
            Some(next.unit),
            limit,
            now,
            rules.calendar,
        );
        next.proactive = started.pop();
        return vec![event];
    }
    if running && !on_the_way(next) {
        return stop(next, now, rules.calendar);
    }
    Vec::new()
}

fn stop(
    document: &mut Document,
    now: Instant,
    calendar: &Calendar,
) -> Vec<ClockEvent<DocumentClock>> {
    match document.proactive.as_mut() {
        Some(clock) => clocks::stop(std::slice::from_mut(clock), now, calendar, |_| true),
        None => Vec::new(),
    }
}

/// PUB-PROACTIVE: the first publication of the document by site article `article` at `url`
/// stops its clock, met or late. The gate has passed it (SEC-SECRET, PUB-CONFID) in the same
/// transaction; a second publication is refused here and skipped by the use case.
pub fn record_publication(
    document: &Document,
    article: i64,
    url: &str,
    now: Instant,
    calendar: &Calendar,
) -> Result<(Document, Vec<ClockEvent<DocumentClock>>), Refusal> {
    if document.publication.is_some() {
        return Err(Refusal::new("PUB-PROACTIVE", "该公文已登记公开发布"));
    }
    let mut next = document.clone();
    let events = stop(&mut next, now, calendar);
    let met = next
        .proactive
        .as_ref()
        .is_none_or(|clock| clock.clock.is_met(calendar, now));
    next.publication = Some(Publication {
        article,
        url: url.to_owned(),
        at: now,
        met,
    });
    Ok((next, events))
}
