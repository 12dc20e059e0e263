//! What the pages of the registers on the kernel share (PUB-COMPLAINT, PUB-RESPOND; the
//! extranet's applications, NET-ACCESS): the units by name, a running clock's light and due
//! time for a list, each clock's line for a subject's page (its limit, start, due time and
//! where it stands), the refusals a page shows (400, nothing changed), and the minute a
//! `datetime-local` field holds.

use calendar::{Calendar, Instant, LightRule};
use chrono::{NaiveDateTime, Timelike};
use platform::db::now_ms;
use platform::workflow::SubjectClock;

use crate::AppState;
use crate::chrome::minute_of;
use crate::error::PageError;

/// Every unit: id, name, active.
pub(crate) async fn unit_names(state: &AppState) -> Result<Vec<(i64, String, bool)>, PageError> {
    Ok(platform::units::list(&state.platform.db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name, u.active))
        .collect())
}

/// The name of unit `id` (its number when unknown).
pub(crate) fn name_in(units: &[(i64, String, bool)], id: i64) -> String {
    units
        .iter()
        .find(|u| u.0 == id)
        .map_or_else(|| id.to_string(), |u| u.1.clone())
}

/// The active units other than `except`, as choices of a form.
pub(super) fn choices(units: Vec<(i64, String, bool)>, except: i64) -> Vec<(String, String)> {
    units
        .into_iter()
        .filter(|u| u.2 && u.0 != except)
        .map(|u| (u.0.to_string(), u.1))
        .collect()
}

/// A refusal the page shows (400, nothing changed), as opposed to not found or a failure.
pub(crate) fn refused(error: &platform::Error) -> bool {
    matches!(
        error,
        platform::Error::Invalid(_)
            | platform::Error::Refused(_)
            | platform::Error::Conflict(_)
            | platform::Error::InvalidTransition { .. }
    )
}

/// Now as a `datetime-local` value.
pub(super) fn now_local() -> String {
    minute_of(now_ms()).replace(' ', "T")
}

/// The minute of a `datetime-local` value (`2026-12-01T09:30`), Beijing time; `now` when empty.
pub(super) fn local_minute(text: &str, now: Instant) -> Option<Instant> {
    match text.trim() {
        "" => Some(now),
        text => NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M")
            .ok()
            .map(|at| Instant::from_local(at.date(), at.hour() * 60 + at.minute())),
    }
}

/// The clocks of one subject on a page.
pub(crate) struct Clocks<'a> {
    pub calendar: &'a Calendar,
    pub rule: &'a LightRule,
    pub now: Instant,
}

impl Clocks<'_> {
    /// The first running clock's light code and words (label, due, light), or none.
    pub fn running<K: Copy>(
        &self,
        clocks: &[SubjectClock<K>],
        label: fn(K) -> &'static str,
    ) -> (&'static str, String) {
        match clocks.iter().find(|c| c.is_running()) {
            Some(clock) => {
                let light = clock.light(self.calendar, self.now, self.rule);
                let due = minute_of(clock.due(self.calendar).millis());
                let words = format!("{} {due} · {}", label(clock.kind), light.label_zh());
                (light.code(), words)
            }
            None => ("", "—".to_owned()),
        }
    }

    /// Each clock's line: its limit, due time and where it stands (met or late when stopped).
    pub fn lines<K: Copy>(
        &self,
        clocks: &[SubjectClock<K>],
        label: fn(K) -> &'static str,
    ) -> Vec<(&'static str, String)> {
        clocks
            .iter()
            .map(|clock| {
                let light = clock.light(self.calendar, self.now, self.rule);
                let due = clock.due(self.calendar);
                let state = match clock.stopped_at {
                    None if clock.is_overdue(self.calendar, self.now) => "已超期".to_owned(),
                    None => light.label_zh().to_owned(),
                    Some(at) if at <= due => format!("{} 按期完成", minute_of(at.millis())),
                    Some(at) => format!("{} 超期完成", minute_of(at.millis())),
                };
                let words = format!(
                    "{}（{}）：{} 起算，期限 {} · {state}",
                    label(clock.kind),
                    clock.clock.limit().label_zh(),
                    minute_of(clock.clock.start().millis()),
                    minute_of(due.millis())
                );
                (if clock.is_running() { light.code() } else { "" }, words)
            })
            .collect()
    }
}

/// A command's form: the page's version and the command (or the problem of what was typed).
pub(super) trait CommandForm<C>: serde::de::DeserializeOwned + Send + 'static {
    fn version(&self) -> i64;
    fn command(self) -> platform::Result<C>;
}

/// `text` when it is at most `max` characters, else the problem naming `what`.
pub(super) fn limited(text: String, what: &str, max: usize) -> platform::Result<String> {
    if text.chars().count() > max {
        return Err(platform::Error::invalid(format!("{what}不能超过{max}个字")));
    }
    Ok(text)
}

/// The `version` method of a form whose `version` field is the page's.
macro_rules! versioned {
    () => {
        fn version(&self) -> i64 {
            self.version
        }
    };
}
pub(super) use versioned;
