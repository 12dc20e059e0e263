//! The eight reasons an appeal is not accepted (HL-REFUSE, 000 §12345-8).

/// One of the eight excluded categories of 000 §12345-8.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum RefuseReason {
    /// (一) litigation, arbitration, discipline, review, disclosure procedures or petitions.
    LegalProcedure,
    /// (二) state, military, commercial secrets, privacy, public order and good morals.
    Secrets,
    /// (三) contrary to laws, regulations and policies.
    ContraryToLaw,
    /// (四) fabricated or distorted facts, rumours, disturbing public order.
    Fabricated,
    /// (五) uncivil language, insults, slander, attacks.
    Abusive,
    /// (六) unclear, duplicate or without concrete content.
    Unclear,
    /// (七) being or already handled, nothing new from the appellant.
    AlreadyHandled,
    /// (八) excluded by the petition rules (《信访条例》).
    PetitionRules,
}

impl RefuseReason {
    /// Every reason, in the article's order.
    pub const ALL: [RefuseReason; 8] = [
        RefuseReason::LegalProcedure,
        RefuseReason::Secrets,
        RefuseReason::ContraryToLaw,
        RefuseReason::Fabricated,
        RefuseReason::Abusive,
        RefuseReason::Unclear,
        RefuseReason::AlreadyHandled,
        RefuseReason::PetitionRules,
    ];

    /// The stable code.
    pub const fn code(self) -> &'static str {
        match self {
            RefuseReason::LegalProcedure => "legal_procedure",
            RefuseReason::Secrets => "secrets",
            RefuseReason::ContraryToLaw => "contrary_to_law",
            RefuseReason::Fabricated => "fabricated",
            RefuseReason::Abusive => "abusive",
            RefuseReason::Unclear => "unclear",
            RefuseReason::AlreadyHandled => "already_handled",
            RefuseReason::PetitionRules => "petition_rules",
        }
    }

    /// The Chinese label shown to operators and in the record.
    pub const fn label_zh(self) -> &'static str {
        match self {
            RefuseReason::LegalProcedure => {
                "应当通过或已进入诉讼、仲裁、纪检监察、行政复议、政府信息公开等程序或已进入信访渠道"
            }
            RefuseReason::Secrets => "涉及国家、军队机密、商业秘密、个人隐私或违反社会公序良俗",
            RefuseReason::ContraryToLaw => "不符合法律法规、规章及政策规定",
            RefuseReason::Fabricated => "捏造或者歪曲事实、散布谣言、扰乱社会秩序",
            RefuseReason::Abusive => "使用不文明用语，侮辱他人，诽谤、攻击他人或机关",
            RefuseReason::Unclear => "诉求不清、重复或无具体诉求内容",
            RefuseReason::AlreadyHandled => {
                "正在办理或办理完毕，且诉求人无新情况、新理由又提出的同一诉求"
            }
            RefuseReason::PetitionRules => "《信访条例》规定不予受理",
        }
    }

    /// The item of 000 §12345-8: 1..=8.
    pub const fn article_item(self) -> u8 {
        match self {
            RefuseReason::LegalProcedure => 1,
            RefuseReason::Secrets => 2,
            RefuseReason::ContraryToLaw => 3,
            RefuseReason::Fabricated => 4,
            RefuseReason::Abusive => 5,
            RefuseReason::Unclear => 6,
            RefuseReason::AlreadyHandled => 7,
            RefuseReason::PetitionRules => 8,
        }
    }

    /// Parses a code.
    pub fn parse(code: &str) -> Result<RefuseReason, crate::HotlineError> {
        RefuseReason::ALL
            .into_iter()
            .find(|reason| reason.code() == code.trim())
            .ok_or_else(|| crate::HotlineError::invalid(format!("未知的不予受理理由“{code}”")))
    }
}
