//! The interpretation deadline of a policy document (PUB-INTERPRET): a policy document and its
//! interpretation (政策解读) are published together and linked; at the latest the
//! interpretation follows within the profile's `openness.interpretation` (3 WD). A policy
//! document published without a linked interpretation starts a kernel clock of the column's
//! responsible unit (so it runs in 电子监察 and the workbench); linking an interpretation
//! stops it, met or late, and withdrawing the document stops it as moot.

use calendar::{Calendar, Instant, Limit};
use platform::workflow::machine as clocks;
use platform::workflow::{ClockEvent, ClockRule, SubjectClock};

use crate::article::{Article, Status};

/// The clock an article carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum ArticleClock {
    /// PUB-INTERPRET: the interpretation of a published policy document.
    Interpretation,
}

impl ClockRule for ArticleClock {
    fn rule_id(self) -> &'static str {
        "PUB-INTERPRET"
    }

    fn code(self) -> String {
        "interpretation".into()
    }
}

/// Whether `article` is a published policy document with no interpretation linked.
fn waits(article: &Article) -> bool {
    article.status == Status::Published
        && article
            .content
            .policy
            .as_ref()
            .is_some_and(|policy| policy.interpretations.is_empty())
}

/// PUB-INTERPRET: after a command moved `before` to `after`, the interpretation clock started
/// (a policy document first published without its interpretation, with `limit`) or stopped
/// (an interpretation linked, or the document withdrawn).
pub fn follow(
    before: &Article,
    after: &mut Article,
    limit: Limit,
    now: Instant,
    calendar: &Calendar,
) -> Vec<ClockEvent<ArticleClock>> {
    let running = after
        .interpretation_clock
        .as_ref()
        .is_some_and(SubjectClock::is_running);
    let first = before.status != Status::Published && before.published_at.is_none();
    if !running && first && after.interpretation_clock.is_none() && waits(after) {
        let mut started = Vec::new();
        let event = clocks::start(
            &mut started,
            ArticleClock::Interpretation,
            None,
            limit,
            now,
            calendar,
        );
        after.interpretation_clock = started.pop();
        return vec![event];
    }
    let stops = running && !waits(after);
    match after.interpretation_clock.as_mut() {
        Some(clock) if stops => clocks::stop(std::slice::from_mut(clock), now, calendar, |_| true),
        _ => Vec::new(),
    }
}
