//! The transition table of an article (WEB-REVIEW, PUB-ABOLISH): every (status, command) →
//! status the workflow allows. `apply` refuses any pair not listed; tests check every pair.
//! No row deletes an article: a withdrawn one stays in the archive, an abolished one marked.

use crate::article::{CommandKind as C, Status as S};

/// Every allowed transition `(from, command, to)`; a command with several outcomes has one
/// row per outcome.
pub const TRANSITIONS: &[(S, C, S)] = &[
    // 一审: the column's editors write and submit.
    (S::Draft, C::Edit, S::Draft),
    (S::Draft, C::Submit, S::AtReviewer),
    // WEB-MAP, WEB-REPOST: the editors mark a map or a repost on the draft.
    (S::Draft, C::Annotate, S::Draft),
    // 二审: the responsible unit's reviewer; a major article goes to a leader first.
    (S::AtReviewer, C::Review, S::AtLeader),
    (S::AtReviewer, C::Review, S::AtPublisher),
    (S::AtReviewer, C::SendBack, S::Draft),
    (S::AtLeader, C::ApproveMajor, S::AtPublisher),
    (S::AtLeader, C::SendBack, S::Draft),
    // 三审: the site's publisher signs it out now or at an instant.
    (S::AtPublisher, C::Publish, S::Published),
    (S::AtPublisher, C::Publish, S::Scheduled),
    (S::AtPublisher, C::SendBack, S::Draft),
    (S::Scheduled, C::Unschedule, S::AtPublisher),
    (S::Scheduled, C::PublishDue, S::Published),
    // After publication: withdrawn into the archive, marked, linked — never deleted.
    (S::Published, C::Withdraw, S::Withdrawn),
    // WEB-ACCOUNT: withdrawn for an error (纠错撤稿), an accountability event.
    (S::Published, C::WithdrawError, S::Withdrawn),
    // 定时撤稿: planned, cancelled, and carried out by the scheduler when it comes.
    (S::Published, C::ScheduleWithdrawal, S::Published),
    (S::Published, C::CancelWithdrawal, S::Published),
    (S::Published, C::WithdrawDue, S::Withdrawn),
    (S::Published, C::MarkValidity, S::Published),
    (S::Published, C::LinkInterpretation, S::Published),
];

/// Whether any row leads from `from` by `command`.
pub(crate) fn allows(from: S, command: C) -> bool {
    TRANSITIONS
        .iter()
        .any(|&(row_from, row_command, _)| row_from == from && row_command == command)
}
