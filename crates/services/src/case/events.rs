//! Events a case transition emits: plain data the app layer stores in the same transaction
//! as history rows, clock rows, notifications, e-licences and rating invitations.

use calendar::Instant;
use platform::workflow::ClockEvent;

use crate::case::{Channel, ClockKind, CommandKind, Status};
use crate::{ApplicantId, CaseId, ItemId, UnitId};

/// Who a notification is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Recipient {
    /// The applicant (SMS, portal inbox).
    Applicant,
    /// A department's back office.
    Department(UnitId),
    /// A hall window (comprehensive or professional).
    Window(UnitId),
    /// Electronic supervision (电子监察).
    Supervision,
}

/// Something that happened; `rule` fields name the rule ID that caused it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A new case (first event of [`crate::case::submit`]).
    Submitted {
        /// The item.
        item: ItemId,
        /// Online or window.
        channel: Channel,
    },
    /// The status moved (first event of every [`crate::case::apply`]): the history row.
    Transitioned {
        /// Before.
        from: Status,
        /// After (may equal `from`).
        to: Status,
        /// The command.
        command: CommandKind,
    },
    /// A clock started, stopped, paused or resumed (the kernel's vocabulary): one clock row
    /// or a change of it.
    Clock(ClockEvent<ClockKind>),
    /// A notification to send.
    Notify {
        /// To whom.
        to: Recipient,
        /// The rule ID behind it.
        rule: &'static str,
        /// The text (Chinese).
        text: String,
    },
    /// SVC-PROMISE: 超期办件, reported to e-supervision.
    Overdue {
        /// Always SVC-PROMISE.
        rule: &'static str,
        /// The implementing department.
        department: UnitId,
        /// The promised due time that passed.
        due: Instant,
    },
    /// SVC-ELICENCE: an e-licence goes into the licence library, linked to the holder.
    LicenceIssued {
        /// Always SVC-ELICENCE.
        rule: &'static str,
        /// The licence type, e.g. 营业执照.
        licence_type: String,
        /// The holder.
        holder: ApplicantId,
        /// The case that produced it.
        case: CaseId,
        /// The issuing department.
        issuer: UnitId,
        /// When.
        at: Instant,
    },
    /// EVAL-ALL: the applicant is invited to rate the concluded case (five levels).
    RatingInvited {
        /// Always EVAL-ALL.
        rule: &'static str,
        /// The case.
        case: CaseId,
        /// The rater.
        applicant: ApplicantId,
        /// The unit rated.
        unit: UnitId,
    },
}
