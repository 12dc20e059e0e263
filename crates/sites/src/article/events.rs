//! Events an article command emits, and their history rows on the workflow kernel
//! ([`platform::workflow::Recorded`]): the one clock of a policy document's interpretation
//! (PUB-INTERPRET, [`ArticleClock`]); notifications go to the people of the next step.

use platform::workflow::{ClockEvent, Recorded};
use serde_json::{Value, json};

use crate::article::{AccountKind, ArticleClock, CommandKind, Stage, Status, Validity};
use crate::{ArticleId, ColumnId, UnitId, UserId};

/// Who a notification is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Recipient {
    /// The column's A/B editors.
    ColumnEditors(ColumnId),
    /// The reviewers of the column's responsible unit.
    Reviewers(UnitId),
    /// The leaders of a unit.
    Leaders(UnitId),
    /// The publishers of the site's operator unit.
    Publishers(UnitId),
    /// One staff user (the author).
    User(UserId),
}

/// Something that happened; `rule` fields name the rule ID behind it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A new draft (first event of [`crate::article::draft`]).
    Drafted { column: ColumnId },
    /// The status moved (first event of every [`crate::article::apply`]).
    Transitioned {
        from: Status,
        to: Status,
        command: CommandKind,
    },
    /// A new revision of the content.
    Edited { revision: u32 },
    /// WEB-REVIEW: a sign-off of the round.
    SignedOff { stage: Stage, round: u32 },
    /// WEB-REVIEW: sent back to the editors at a stage.
    SentBack { stage: Stage, round: u32 },
    /// Scheduled to go out at an instant (epoch milliseconds).
    Scheduled { at: i64 },
    /// SEC-TAMPER: published, with the digest of the approved content.
    Published { digest: String },
    /// Withdrawn into the archive.
    Withdrawn,
    /// 定时撤稿 planned for an instant (epoch milliseconds), or cancelled (`None`).
    WithdrawalPlanned { at: Option<i64> },
    /// PUB-ABOLISH: marked 废止 or 失效.
    ValidityMarked { validity: Validity },
    /// PUB-INTERPRET: an interpretation linked; the approved digest is the new content's.
    InterpretationLinked {
        interpretation: ArticleId,
        digest: String,
    },
    /// WEB-MAP, WEB-REPOST: the marks set on the draft.
    Annotated { map: bool, repost: bool },
    /// WEB-ACCOUNT: an accountability event of the column's responsible unit — published
    /// after `due` (epoch milliseconds), or withdrawn for an error (no due).
    Accountable { kind: AccountKind, due: Option<i64> },
    /// PUB-INTERPRET: the interpretation clock started or stopped.
    Clock(ClockEvent<ArticleClock>),
    /// A notification to send.
    Notify {
        to: Recipient,
        rule: &'static str,
        text: String,
    },
}

fn recipient(to: &Recipient) -> Value {
    match to {
        Recipient::ColumnEditors(column) => json!({"column_editors": column.0}),
        Recipient::Reviewers(unit) => json!({"reviewers": unit.0}),
        Recipient::Leaders(unit) => json!({"leaders": unit.0}),
        Recipient::Publishers(unit) => json!({"publishers": unit.0}),
        Recipient::User(user) => json!({"user": user.0}),
    }
}

fn stage_code(stage: Stage) -> &'static str {
    match stage {
        Stage::Review => "review",
        Stage::Leader => "leader",
        Stage::Publish => "publish",
    }
}

/// The history row of an event: its kind code and JSON detail.
pub fn describe(event: &Event) -> (&'static str, Value) {
    match event {
        Event::Drafted { column } => ("drafted", json!({"column": column.0})),
        Event::Transitioned { from, to, command } => (
            "transitioned",
            json!({
                "from": from.code(),
                "to": to.code(),
                "command": platform::workflow::command_code(command),
            }),
        ),
        Event::Edited { revision } => ("edited", json!({"revision": revision})),
        Event::SignedOff { stage, round } => (
            "signed_off",
            json!({"stage": stage_code(*stage), "round": round}),
        ),
        Event::SentBack { stage, round } => (
            "sent_back",
            json!({"stage": stage_code(*stage), "round": round}),
        ),
        Event::Scheduled { at } => ("scheduled", json!({"at": at})),
        Event::Published { digest } => ("published", json!({"digest": digest})),
        Event::Withdrawn => ("withdrawn", json!({})),
        Event::WithdrawalPlanned { at } => ("withdrawal_planned", json!({"at": at})),
        Event::ValidityMarked { validity } => (
            "validity_marked",
            json!({"validity": format!("{validity:?}").to_lowercase()}),
        ),
        Event::InterpretationLinked {
            interpretation,
            digest,
        } => (
            "interpretation_linked",
            json!({"interpretation": interpretation.0, "digest": digest}),
        ),
        Event::Annotated { map, repost } => ("annotated", json!({"map": map, "repost": repost})),
        Event::Accountable { kind, due } => (
            "accountable",
            json!({"kind": kind.code(), "rule": kind.rule(), "due": due}),
        ),
        Event::Clock(clock) => platform::workflow::history::describe_clock(clock),
        Event::Notify { to, rule, text } => (
            "notify",
            json!({"to": recipient(to), "rule": rule, "text": text}),
        ),
    }
}

impl Recorded for Event {
    type Clock = ArticleClock;

    fn clock(&self) -> Option<&ClockEvent<ArticleClock>> {
        match self {
            Event::Clock(clock) => Some(clock),
            _ => None,
        }
    }

    fn describe(&self) -> (&'static str, Value) {
        describe(self)
    }
}
