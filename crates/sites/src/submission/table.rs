//! The transition table of a submission (WEB-SUBMIT): every (status, command) → status the
//! workflow allows. `apply` refuses any pair not listed; tests check every pair.

use crate::submission::{CommandKind as C, Status as S};

/// Every allowed transition `(from, command, to)`.
pub const TRANSITIONS: &[(S, C, S)] = &[
    // The unit's staff write; 004 §26: 经分管领导审核同意后，方可报送.
    (S::Draft, C::Edit, S::Draft),
    (S::Draft, C::Submit, S::AtLeader),
    (S::Draft, C::Withdraw, S::Withdrawn),
    (S::AtLeader, C::Approve, S::AtEditors),
    (S::AtLeader, C::SendBack, S::Draft),
    (S::AtLeader, C::Withdraw, S::Withdrawn),
    // 004 §27: the editors edit and publish it, or return it, within 1 WD of receipt.
    (S::AtEditors, C::Adopt, S::Adopted),
    (S::AtEditors, C::Return, S::Returned),
];

/// Whether any row leads from `from` by `command`.
pub(crate) fn allows(from: S, command: C) -> bool {
    TRANSITIONS
        .iter()
        .any(|&(row_from, row_command, _)| row_from == from && row_command == command)
}
