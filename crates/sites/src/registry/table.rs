//! The transition table of a site (WEB-REGISTRY): every (status, command) → status the
//! registry allows. `apply` refuses any pair not listed; tests check every result is listed
//! and every row is reached.

use crate::registry::{CommandKind as C, Status as S};

/// Every allowed transition `(from, command, to)`; a command with several outcomes has one
/// row per outcome.
pub const TRANSITIONS: &[(S, C, S)] = &[
    // Opening: applied for by the host unit, approved by the supervising unit (000 网站 §5).
    (S::Proposed, C::ApplyOpen, S::OpeningApplied),
    (S::OpeningApplied, C::Approve, S::Open),
    (S::OpeningApplied, C::Reject, S::Proposed),
    // Temporary offline: at most once a year, at most 30 days (000 网站 §8).
    (S::Open, C::ApplyOffline, S::OfflineApplied),
    (S::OfflineApplied, C::Approve, S::Offline),
    (S::OfflineApplied, C::Reject, S::Open),
    (S::Offline, C::Restore, S::Open),
    // Emergency shutdown: reported in writing, not applied for (000 网站 §8).
    (S::Open, C::ReportEmergency, S::Offline),
    // Permanent closing (000 网站 §7); a refusal returns to where it was filed from.
    (S::Open, C::ApplyClose, S::ClosingApplied),
    (S::Offline, C::ApplyClose, S::ClosingApplied),
    (S::ClosingApplied, C::Approve, S::Closed),
    (S::ClosingApplied, C::Reject, S::Open),
    (S::ClosingApplied, C::Reject, S::Offline),
    // Changes of the registration data, in every status but closed (000 网站 §9).
    (S::Proposed, C::ChangeRegistration, S::Proposed),
    (S::OpeningApplied, C::ChangeRegistration, S::OpeningApplied),
    (S::Open, C::ChangeRegistration, S::Open),
    (S::OfflineApplied, C::ChangeRegistration, S::OfflineApplied),
    (S::Offline, C::ChangeRegistration, S::Offline),
    (S::ClosingApplied, C::ChangeRegistration, S::ClosingApplied),
];

/// Whether any row leads from `from` by `command`.
pub(crate) fn allows(from: S, command: C) -> bool {
    TRANSITIONS
        .iter()
        .any(|&(row_from, row_command, _)| row_from == from && row_command == command)
}
