//! The transition table of a message (MSG-ROUTE, MSG-REVIEW, MSG-PUBLISH, MSG-QUERY): every
//! (status, command) → status the machine allows. `apply` refuses any pair not listed; the
//! table test checks every pair, allowed and refused.

use crate::message::{CommandKind as C, Status as S};

/// Every allowed transition `(from, command, to)`.
pub const TRANSITIONS: &[(S, C, S)] = &[
    // The routing desk (MSG-ROUTE).
    (S::Received, C::Route, S::Routed),
    (S::Received, C::TransferToHotline, S::Transferred),
    (S::Received, C::MarkInvalid, S::Invalid),
    // The competent unit (MSG-LIMITS).
    (S::Routed, C::Return, S::Received),
    (S::Routed, C::MarkComplex, S::Routed),
    (S::Routed, C::Extend, S::Routed),
    (S::Routed, C::Reply, S::Replied),
    // The review before publication (MSG-REVIEW).
    (S::Replied, C::Approve, S::Approved),
    (S::Replied, C::SendBack, S::Routed),
    // The publication decision (MSG-PUBLISH).
    (S::Approved, C::Publish, S::Published),
    (S::Approved, C::Withhold, S::NotPublished),
    // The writer's rating (MSG-QUERY).
    (S::Published, C::Rate, S::Published),
    (S::NotPublished, C::Rate, S::NotPublished),
];

/// Whether any row leads from `from` by `command`.
pub(crate) fn allows(from: S, command: C) -> bool {
    TRANSITIONS
        .iter()
        .any(|&(row_from, row_command, _)| row_from == from && row_command == command)
}
