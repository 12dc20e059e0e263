//! The clocks of a work order: the kinds an order runs (each naming the rule it enforces),
//! their Chinese names, and one clock of the order with its owner and stop instant.

use platform::workflow::{ClockRule, SubjectClock};

/// The kinds of clock an order runs; each names the rule it enforces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum ClockKind {
    /// HL-SIGN, one per handling unit.
    Sign,
    /// HL-RETURN, the lead unit's window to return.
    Return,
    /// HL-LIMITS (or the limit promised under HL-MAJOR), the lead unit's handling.
    Handling,
    /// HL-MAJOR initial opinion.
    MajorInitial,
    /// HL-MAJOR progress report.
    MajorProgress,
    /// HL-REPLY, the hotline's reply.
    Reply,
    /// HL-REPLY, the window of retries when the appellant is unreachable.
    ReplyRetry,
    /// HL-REMIND, the unit's feedback after an urge notice.
    Urge,
    /// HL-REMIND, the new feedback date the business-environment bureau accepted on the
    /// unit's report after an urge.
    AgreedFeedback,
    /// HL-EXTEND, the hotline's decision on an extension application.
    ExtensionDecision,
    /// HL-HANG, the hotline's decision on a hanging application.
    HangDecision,
    /// HL-HANG, the ledger entry's clock to its planned date.
    HangLedger,
}

impl ClockKind {
    /// The rule ID the clock enforces (stored in the clock row).
    pub const fn rule(self) -> &'static str {
        match self {
            ClockKind::Sign => "HL-SIGN",
            ClockKind::Return => "HL-RETURN",
            ClockKind::Handling => "HL-LIMITS",
            ClockKind::MajorInitial | ClockKind::MajorProgress => "HL-MAJOR",
            ClockKind::Reply | ClockKind::ReplyRetry => "HL-REPLY",
            ClockKind::Urge | ClockKind::AgreedFeedback => "HL-REMIND",
            ClockKind::ExtensionDecision => "HL-EXTEND",
            ClockKind::HangDecision | ClockKind::HangLedger => "HL-HANG",
        }
    }

    /// The stable code.
    pub const fn code(self) -> &'static str {
        match self {
            ClockKind::Sign => "sign",
            ClockKind::Return => "return",
            ClockKind::Handling => "handling",
            ClockKind::MajorInitial => "major_initial",
            ClockKind::MajorProgress => "major_progress",
            ClockKind::Reply => "reply",
            ClockKind::ReplyRetry => "reply_retry",
            ClockKind::Urge => "urge",
            ClockKind::AgreedFeedback => "agreed_feedback",
            ClockKind::ExtensionDecision => "extension_decision",
            ClockKind::HangDecision => "hang_decision",
            ClockKind::HangLedger => "hang_ledger",
        }
    }

    /// A clock of the unit's feedback: its expiry allows the 催办 (HL-REMIND applies to
    /// overdue feedback, not to a late signature, which is HL-SUPERVISE's).
    pub const fn is_feedback(self) -> bool {
        matches!(
            self,
            ClockKind::Handling | ClockKind::MajorInitial | ClockKind::MajorProgress
        )
    }
}

/// The Chinese name of an order clock by the rule ID its row carries (pages and lists show
/// the name, not the ID).
pub fn clock_name(rule: &str) -> &'static str {
    match rule {
        "HL-SIGN" => "签收时限",
        "HL-RETURN" => "退回时限",
        "HL-LIMITS" => "办理时限",
        "HL-MAJOR" => "重大事件反馈时限",
        "HL-REPLY" => "回复诉求人时限",
        "HL-REMIND" => "催办后反馈时限",
        "HL-EXTEND" => "延期审批时限",
        "HL-HANG" => "挂账时限",
        _ => "时限",
    }
}

/// One clock of the order: a calendar clock, whose it is (`None`: the hotline's own), and
/// when it stopped (the kernel's [`SubjectClock`]).
pub type OrderClock = SubjectClock<ClockKind>;

impl ClockRule for ClockKind {
    fn rule_id(self) -> &'static str {
        self.rule()
    }

    fn code(self) -> String {
        ClockKind::code(self).to_owned()
    }
}
