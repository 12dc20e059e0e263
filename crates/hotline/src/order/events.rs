//! Events a transition emits: plain data the app layer turns into history rows, clock rows,
//! notifications and accountability candidates in the same transaction.

use platform::workflow::ClockEvent;

use crate::UnitId;
use crate::account::AccountKind;
use crate::appeal::{Category, Channel, Origin};
use crate::evaluation::Rating;
use crate::kb::EntryRef;
use crate::order::{ArchiveItem, ClockKind, CommandKind, Status};

/// Who a notification is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Recipient {
    /// The handlers (经办人员, A/B posts) of a unit.
    UnitHandlers(UnitId),
    /// The unit's leader in charge (分管领导).
    UnitLeader(UnitId),
    /// The hotline's operators.
    Hotline,
    /// The hotline's supervision group (督办组).
    Supervisors,
    /// The appellant, by SMS (the app layer holds the masked contact).
    Appellant,
    /// HL-REMIND: the unit that receives reports after an urge (the profile's
    /// `hotline.urge_report_unit`, 区营商环境建设局) and the supervision group.
    UrgeReportUnit,
}

/// Something that happened; `rule` fields name the rule ID that caused it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// HL-REGISTER: a new order (first event of [`crate::order::register`]).
    Registered {
        /// The channel.
        channel: Channel,
        /// The category.
        category: Category,
        /// Local or provincial.
        origin: Origin,
    },
    /// The status moved (first event of every [`crate::order::apply`]): the history row.
    Transitioned {
        /// Before.
        from: Status,
        /// After (may equal `from`).
        to: Status,
        /// The command.
        command: CommandKind,
    },
    /// A clock started, stopped, paused, resumed or extended (the kernel's vocabulary): one
    /// clock row or a change of it.
    Clock(ClockEvent<ClockKind>),
    /// A message to someone (in-app inbox and SMS adapter).
    Notify {
        /// Who.
        to: Recipient,
        /// The rule ID.
        rule: &'static str,
        /// The Chinese message (no personal data).
        message: String,
    },
    /// A possible accountability event (HL-ACCOUNT) for supervisors to confirm.
    AccountabilityCandidate {
        /// The unit.
        unit: UnitId,
        /// Which situation of 000 §12345-26.
        kind: AccountKind,
        /// The rule ID that found it.
        rule: &'static str,
        /// Details.
        note: String,
    },
    /// KB-STATS: an entry was used to answer.
    KbEntryUsed {
        /// The entry.
        entry: EntryRef,
    },
    /// EVAL-ALL: a rating was given; `bad` per EVAL-BAD.
    Rated {
        /// The rating.
        rating: Rating,
        /// At or below the profile's threshold.
        bad: bool,
    },
    /// HL-ARCHIVE: what was filed.
    Archived {
        /// The items.
        items: Vec<ArchiveItem>,
    },
}
