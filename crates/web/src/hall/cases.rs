//! What the back-office pages of the hall's registered cases share (the supervision box,
//! HALL-BOX; the hard cases, HALL-HARDCASE): the clocks read with the rules in force, the
//! page's version of a command form, and whether the viewer may reveal the contact.

use platform::roles::Role;

use crate::openness::subject::Clocks;
use crate::staff::{Judged, Staff};

/// Runs `read` with the clocks of the rules in force for the viewer (CAL-LIGHT).
pub(super) fn with_clocks<R>(judged: &Judged, read: impl FnOnce(&Clocks<'_>) -> R) -> R {
    let rule = platform::clocks::light_rule(&judged.profile);
    let clocks = Clocks {
        calendar: &judged.calendar,
        rule: &rule,
        now: judged.now,
    };
    read(&clocks)
}

/// The page's version a command form carries.
pub(super) fn page_version(text: &str) -> platform::Result<i64> {
    text.trim()
        .parse::<i64>()
        .map_err(|_| platform::Error::invalid("页面已过期，请刷新后重试"))
}

/// The most characters of a command's text.
pub(super) fn checked_text(text: &str) -> platform::Result<()> {
    if text.chars().count() > 1_000 {
        return Err(platform::Error::invalid("填写的内容不能超过 1000 字"));
    }
    Ok(())
}

/// The centre's leader may reveal a contact there is, not yet shown in clear.
pub(super) fn may_reveal(centre_view: bool, staff: &Staff, sealed: bool, shown: bool) -> bool {
    centre_view && staff.actor.has(Role::UnitLeader) && sealed && !shown
}
