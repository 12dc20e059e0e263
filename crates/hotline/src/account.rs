//! Accountability event kinds (HL-ACCOUNT, 000 §12345-26,27) recorded per unit for the
//! annual assessment.

/// One of the situations of 000 §12345-26 that are reported to discipline inspection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AccountKind {
    /// (一) 弄虚作假.
    Fraud,
    /// (二) 无正当理由逾期未反馈或超期办结.
    OverdueWithoutReason,
    /// (三) 同一诉求反映三次以上仍未解决.
    RepeatedUnsolved,
    /// (四) 主办、协办推诿扯皮.
    BuckPassing,
    /// (五) 经督办后仍不及时反馈 (also HL-REMIND: 2 WD after an urge).
    NoFeedbackAfterSupervision,
    /// (六) 服务态度生硬、作风粗暴被投诉.
    AttitudeComplaint,
    /// (七) 打击报复、扣压销毁举报信息、向被举报人透露.
    RetaliationOrLeak,
    /// (八) 应对不及时造成不良影响或重大损失.
    LateResponseHarm,
    /// (九) 其他违法违规行为.
    Other,
}

impl AccountKind {
    /// Every kind, in the article's order.
    pub const ALL: [AccountKind; 9] = [
        AccountKind::Fraud,
        AccountKind::OverdueWithoutReason,
        AccountKind::RepeatedUnsolved,
        AccountKind::BuckPassing,
        AccountKind::NoFeedbackAfterSupervision,
        AccountKind::AttitudeComplaint,
        AccountKind::RetaliationOrLeak,
        AccountKind::LateResponseHarm,
        AccountKind::Other,
    ];

    /// The stable code.
    pub const fn code(self) -> &'static str {
        match self {
            AccountKind::Fraud => "fraud",
            AccountKind::OverdueWithoutReason => "overdue_without_reason",
            AccountKind::RepeatedUnsolved => "repeated_unsolved",
            AccountKind::BuckPassing => "buck_passing",
            AccountKind::NoFeedbackAfterSupervision => "no_feedback_after_supervision",
            AccountKind::AttitudeComplaint => "attitude_complaint",
            AccountKind::RetaliationOrLeak => "retaliation_or_leak",
            AccountKind::LateResponseHarm => "late_response_harm",
            AccountKind::Other => "other",
        }
    }

    /// The Chinese label.
    pub const fn label_zh(self) -> &'static str {
        match self {
            AccountKind::Fraud => "办理转办事项弄虚作假",
            AccountKind::OverdueWithoutReason => "无正当理由逾期未反馈或超期办结",
            AccountKind::RepeatedUnsolved => "同一诉求反映三次以上仍未解决",
            AccountKind::BuckPassing => "主办、协办单位推诿扯皮",
            AccountKind::NoFeedbackAfterSupervision => "经督办后仍不及时反馈办理结果",
            AccountKind::AttitudeComplaint => "服务态度生硬、作风粗暴被投诉",
            AccountKind::RetaliationOrLeak => "打击报复或向被举报人透露举报情况",
            AccountKind::LateResponseHarm => "应对诉求不及时造成不良影响或重大损失",
            AccountKind::Other => "其他违法违规行为",
        }
    }
}

/// HL-ACCOUNT (三): how many times the same appeal must have been brought, unsolved, before it
/// is an accountability event. The article says 三次以上, which in Chinese legal usage includes
/// three. Not yet a profile field; the reports slice may move it there.
pub const REPEATED_UNSOLVED_TIMES: u32 = 3;

/// HL-ACCOUNT (三): the same appeal brought `times` times and still unsolved.
pub fn is_repeated_unsolved(times: u32) -> bool {
    times >= REPEATED_UNSOLVED_TIMES
}
