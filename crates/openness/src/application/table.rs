//! The transition table of a disclosure application (PUB-APPLY, PUB-ANSWER): every (status,
//! command) → status the machine allows. `apply` refuses any pair not listed; the table test
//! checks every pair, allowed and refused, and that every row is reached.

use crate::application::{CommandKind as C, Status as S};

/// Every allowed transition `(from, command, to)`.
pub const TRANSITIONS: &[(S, C, S)] = &[
    // The one supplement notice and the correction (PUB-APPLY).
    (S::Received, C::RequestSupplement, S::Supplementing),
    (S::Supplementing, C::Supplemented, S::Received),
    (S::Supplementing, C::CloseUnsupplemented, S::Answered),
    // Handling and the consultations that pause the answer clock (CAL-PAUSE).
    (S::Received, C::StartHandling, S::InHandling),
    (
        S::InHandling,
        C::ConsultThirdParty,
        S::ThirdPartyConsultation,
    ),
    (
        S::ThirdPartyConsultation,
        C::ThirdPartyReplied,
        S::InHandling,
    ),
    (S::InHandling, C::ConsultAgency, S::AgencyConsultation),
    (S::AgencyConsultation, C::AgencyReplied, S::InHandling),
    // The one extension (PUB-APPLY).
    (S::InHandling, C::Extend, S::InHandling),
    // The answer (PUB-ANSWER): at once on receipt (e.g. already public) or after handling.
    (S::Received, C::Answer, S::Answered),
    (S::InHandling, C::Answer, S::Answered),
    (S::Answered, C::Deliver, S::Concluded),
    // Withdrawal by the applicant, before the answer.
    (S::Received, C::Withdraw, S::Concluded),
    (S::Supplementing, C::Withdraw, S::Concluded),
    (S::InHandling, C::Withdraw, S::Concluded),
    (S::ThirdPartyConsultation, C::Withdraw, S::Concluded),
    (S::AgencyConsultation, C::Withdraw, S::Concluded),
];

/// Whether any row leads from `from` by `command`.
pub(crate) fn allows(from: S, command: C) -> bool {
    TRANSITIONS
        .iter()
        .any(|&(row_from, row_command, _)| row_from == from && row_command == command)
}
