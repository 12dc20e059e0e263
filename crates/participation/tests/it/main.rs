//! Integration tests of the e-participation domain, built as one binary: the message machine
//! (every pair of its table, who may act, the limits of each jurisdiction) and the stored
//! messages on both backends. The fixtures are a county: its government office (whose portal
//! receives the messages and whose editors route them), the petition bureau, the education
//! bureau (a competent unit) and a unit with nothing to do with the message.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod message_rules;
mod message_table;
mod stored_faq;
mod stored_messages;

use std::sync::LazyLock;

use calendar::{Calendar, Instant, Limit, LimitUnit};
use participation::message::{self, Acting, Channel, Command, Filing, Issuer, Message, Writer};
use participation::{MessageId, Rules, UnitId, UserId};
use platform::profile::{RuleProfile, preset};
use platform::roles::Role;

pub static CAL: LazyLock<Calendar> = LazyLock::new(|| Calendar::try_national().unwrap());
pub static GANZHOU: LazyLock<RuleProfile> = LazyLock::new(RuleProfile::default);

pub fn profile(name: &str) -> RuleProfile {
    preset(name).unwrap().build()
}

pub fn rules() -> Rules<'static> {
    Rules {
        profile: &GANZHOU,
        calendar: &CAL,
    }
}

/// 县人民政府办公室: its portal receives the messages.
pub const SITE: UnitId = UnitId(1);
/// 县信访局.
pub const BUREAU: UnitId = UnitId(2);
/// 县教育局: the competent unit.
pub const DEPT: UnitId = UnitId(3);
/// A unit with nothing to do with the message.
pub const OTHER: UnitId = UnitId(9);

pub fn staff(acting: Acting) -> Issuer {
    Issuer::Staff(acting)
}

/// The portal's editor.
pub fn editor() -> Issuer {
    staff(Acting::new(UserId(20), SITE, &[Role::SiteEditor]))
}

/// A handler of the petition bureau.
pub fn bureau() -> Issuer {
    staff(Acting::petition_bureau(
        UserId(21),
        BUREAU,
        &[Role::UnitHandler],
    ))
}

/// The education bureau's handler.
pub fn handler() -> Issuer {
    staff(Acting::new(UserId(30), DEPT, &[Role::UnitHandler]))
}

/// The education bureau's leader.
pub fn leader() -> Issuer {
    staff(Acting::new(UserId(31), DEPT, &[Role::UnitLeader]))
}

/// A handler of another unit.
pub fn other_handler() -> Issuer {
    staff(Acting::new(
        UserId(90),
        OTHER,
        &[Role::UnitHandler, Role::UnitLeader],
    ))
}

pub fn at(text: &str) -> Instant {
    Instant::parse_rfc3339(&format!("{text}:00+08:00")).unwrap()
}

/// Monday 2 March 2026, 09:00.
pub fn t0() -> Instant {
    at("2026-03-02T09:00")
}

pub fn wd(amount: u32) -> Limit {
    Limit::new(amount, LimitUnit::WorkingDays)
}

pub fn filing(channel: Channel, allow_publication: bool) -> Filing {
    Filing {
        channel,
        writer: Writer {
            name: "王小明".into(),
            phone: "13900000001".into(),
            email: String::new(),
        },
        title: "学校门口道路积水".into(),
        content: "实验小学门口每逢下雨积水严重，请尽快处理。".into(),
        allow_publication,
        page: String::new(),
    }
}

/// A message on `channel` received at [`t0`] under `rules`.
pub fn received_on(channel: Channel, allow: bool, rules: Rules<'_>) -> Message {
    message::submit(MessageId(1), SITE, &filing(channel, allow), t0(), rules)
        .unwrap()
        .0
}

/// A consultation received at [`t0`] (ganzhou), publication allowed.
pub fn received() -> Message {
    received_on(Channel::Consultation, true, rules())
}

/// Runs `command` by `issuer` at `now`; panics with the refusal.
pub fn run(message: &Message, command: Command, issuer: &Issuer, now: Instant) -> Message {
    message::apply(message, &command, issuer, now, rules())
        .unwrap_or_else(|e| panic!("{:?}: {e}", command.kind()))
        .0
}
