//! The outcome of a disclosure application (PUB-ANSWER): exactly one of the rows of part (三)
//! of table 三 of the annual report (reports.md §1, format of 国办公开办函〔2021〕30号), with
//! its label verbatim, a stable code, the article of the 2019 Regulation it rests on, and the
//! title of the answer notice (告知书) it produces. Nothing else can be an answer.

const REGULATION: &str = "《中华人民共和国政府信息公开条例》";

/// （三）不予公开: the eight reasons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum NotDisclosedReason {
    StateSecret,
    ForbiddenByLaw,
    ThreeSecuritiesOneStability,
    ThirdPartyRights,
    InternalAffairs,
    ProcessInformation,
    EnforcementFile,
    AdministrativeInquiry,
}

/// （四）无法提供: the three reasons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum CannotProvideReason {
    NotHeld,
    WouldNeedCreating,
    StillUnclearAfterSupplement,
}

/// （五）不予处理: the five reasons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum NotProcessedReason {
    PetitionOrComplaint,
    Repeat,
    Publication,
    MassRepeated,
    ConfirmOrReissue,
}

/// （六）其他处理: the three reasons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum OtherReason {
    NoSupplementInTime,
    FeeNotPaid,
    Other,
}

/// The answer to a disclosure application: one row of table 三 part (三).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Outcome {
    /// （一）予以公开.
    Disclosed,
    /// （二）部分公开 (区分处理).
    PartlyDisclosed,
    /// （三）不予公开.
    NotDisclosed(NotDisclosedReason),
    /// （四）无法提供.
    CannotProvide(CannotProvideReason),
    /// （五）不予处理.
    NotProcessed(NotProcessedReason),
    /// （六）其他处理.
    Other(OtherReason),
}

use CannotProvideReason as C;
use NotDisclosedReason as N;
use NotProcessedReason as P;
use OtherReason as O;

impl Outcome {
    /// Every outcome in the order of the rows of table 三.
    pub const ALL: [Outcome; 21] = [
        Outcome::Disclosed,
        Outcome::PartlyDisclosed,
        Outcome::NotDisclosed(N::StateSecret),
        Outcome::NotDisclosed(N::ForbiddenByLaw),
        Outcome::NotDisclosed(N::ThreeSecuritiesOneStability),
        Outcome::NotDisclosed(N::ThirdPartyRights),
        Outcome::NotDisclosed(N::InternalAffairs),
        Outcome::NotDisclosed(N::ProcessInformation),
        Outcome::NotDisclosed(N::EnforcementFile),
        Outcome::NotDisclosed(N::AdministrativeInquiry),
        Outcome::CannotProvide(C::NotHeld),
        Outcome::CannotProvide(C::WouldNeedCreating),
        Outcome::CannotProvide(C::StillUnclearAfterSupplement),
        Outcome::NotProcessed(P::PetitionOrComplaint),
        Outcome::NotProcessed(P::Repeat),
        Outcome::NotProcessed(P::Publication),
        Outcome::NotProcessed(P::MassRepeated),
        Outcome::NotProcessed(P::ConfirmOrReissue),
        Outcome::Other(O::NoSupplementInTime),
        Outcome::Other(O::FeeNotPaid),
        Outcome::Other(O::Other),
    ];

    /// The row's index in [`Outcome::ALL`].
    pub fn row(self) -> usize {
        Outcome::ALL
            .iter()
            .position(|outcome| *outcome == self)
            .unwrap_or(0)
    }

    /// The group label of table 三, verbatim (reports.md §1).
    pub const fn group_label(self) -> &'static str {
        match self {
            Outcome::Disclosed => "（一）予以公开",
            Outcome::PartlyDisclosed => "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            Outcome::NotDisclosed(_) => "（三）不予公开",
            Outcome::CannotProvide(_) => "（四）无法提供",
            Outcome::NotProcessed(_) => "（五）不予处理",
            Outcome::Other(_) => "（六）其他处理",
        }
    }

    /// The reason's label within its group, verbatim; empty for （一） and （二）.
    pub const fn reason_label(self) -> &'static str {
        match self {
            Outcome::Disclosed | Outcome::PartlyDisclosed => "",
            Outcome::NotDisclosed(reason) => match reason {
                N::StateSecret => "1.属于国家秘密",
                N::ForbiddenByLaw => "2.其他法律行政法规禁止公开",
                // reports.md writes the quotes straight, as here.
                N::ThreeSecuritiesOneStability => "3.危及\"三安全一稳定\"",
                N::ThirdPartyRights => "4.保护第三方合法权益",
                N::InternalAffairs => "5.属于三类内部事务信息",
                N::ProcessInformation => "6.属于四类过程性信息",
                N::EnforcementFile => "7.属于行政执法案卷",
                N::AdministrativeInquiry => "8.属于行政查询事项",
            },
            Outcome::CannotProvide(reason) => match reason {
                C::NotHeld => "1.本机关不掌握相关政府信息",
                C::WouldNeedCreating => "2.没有现成信息需要另行制作",
                C::StillUnclearAfterSupplement => "3.补正后申请内容仍不明确",
            },
            Outcome::NotProcessed(reason) => match reason {
                P::PetitionOrComplaint => "1.信访举报投诉类申请",
                P::Repeat => "2.重复申请",
                P::Publication => "3.要求提供公开出版物",
                P::MassRepeated => "4.无正当理由大量反复申请",
                P::ConfirmOrReissue => "5.要求行政机关确认或重新出具已获取信息",
            },
            Outcome::Other(reason) => match reason {
                O::NoSupplementInTime => {
                    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
                }
                O::FeeNotPaid => {
                    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
                }
                O::Other => "3.其他",
            },
        }
    }

    /// The whole label: the group, and the reason when there is one.
    pub fn label_zh(self) -> String {
        let reason = self.reason_label();
        if reason.is_empty() {
            self.group_label().to_owned()
        } else {
            format!("{}：{}", self.group_label(), reason)
        }
    }

    /// The label an answer notice gives the applicant: the whole label without table 三's
    /// counting note of （二） (区分处理的，只计这一情形…), which speaks to the report's author.
    pub fn notice_label(self) -> String {
        match self {
            Outcome::PartlyDisclosed => "（二）部分公开".to_owned(),
            other => other.label_zh(),
        }
    }

    /// A stable code for storage (`not_disclosed.state_secret`).
    pub fn code(self) -> String {
        let group = match self {
            Outcome::Disclosed => return "disclosed".to_owned(),
            Outcome::PartlyDisclosed => return "partly_disclosed".to_owned(),
            Outcome::NotDisclosed(_) => "not_disclosed",
            Outcome::CannotProvide(_) => "cannot_provide",
            Outcome::NotProcessed(_) => "not_processed",
            Outcome::Other(_) => "other",
        };
        let reason = match self {
            Outcome::NotDisclosed(r) => platform::workflow::command_code(&r),
            Outcome::CannotProvide(r) => platform::workflow::command_code(&r),
            Outcome::NotProcessed(r) => platform::workflow::command_code(&r),
            Outcome::Other(r) => platform::workflow::command_code(&r),
            Outcome::Disclosed | Outcome::PartlyDisclosed => String::new(),
        };
        format!("{group}.{reason}")
    }

    /// The outcome of a stored code.
    pub fn from_code(code: &str) -> Option<Outcome> {
        Outcome::ALL
            .into_iter()
            .find(|outcome| outcome.code() == code)
    }

    /// Whether information is provided to the applicant (and the answer needs the form and
    /// the items provided).
    pub const fn provides_information(self) -> bool {
        matches!(self, Outcome::Disclosed | Outcome::PartlyDisclosed)
    }

    /// Whether the answer must give a legal reason for what is withheld (PUB-ANSWER).
    pub const fn needs_reason(self) -> bool {
        !matches!(self, Outcome::Disclosed)
    }

    /// The article(s) of the 2019 Regulation the answer rests on (PUB-ANSWER); printed as
    /// the notice's basis. 予以公开 rests on §36(一) when the information is already public.
    pub fn basis(self, already_public: bool) -> String {
        let article = match self {
            Outcome::Disclosed if already_public => "第三十六条第（一）项",
            Outcome::Disclosed => "第三十六条第（二）项",
            Outcome::PartlyDisclosed => "第三十六条第（三）项、第三十七条",
            Outcome::NotDisclosed(reason) => match reason {
                N::StateSecret | N::ForbiddenByLaw | N::ThreeSecuritiesOneStability => {
                    "第十四条、第三十六条第（三）项"
                }
                N::ThirdPartyRights => "第十五条、第三十二条、第三十六条第（三）项",
                N::InternalAffairs => "第十六条第一款、第三十六条第（三）项",
                N::ProcessInformation | N::EnforcementFile => {
                    "第十六条第二款、第三十六条第（三）项"
                }
                N::AdministrativeInquiry => "第三十六条第（七）项",
            },
            Outcome::CannotProvide(reason) => match reason {
                C::NotHeld => "第三十六条第（四）项、第（五）项",
                C::WouldNeedCreating => "第三十八条",
                C::StillUnclearAfterSupplement => "第二十九条、第三十条",
            },
            Outcome::NotProcessed(reason) => match reason {
                P::PetitionOrComplaint => "第三十九条第一款",
                P::Repeat => "第三十六条第（六）项",
                P::Publication => "第三十九条第二款",
                P::MassRepeated => "第三十五条",
                P::ConfirmOrReissue => "第三十八条、第三十九条",
            },
            Outcome::Other(reason) => match reason {
                O::NoSupplementInTime => "第三十条",
                O::FeeNotPaid => "第四十二条",
                O::Other => "",
            },
        };
        if article.is_empty() {
            String::new()
        } else {
            format!("{REGULATION}{article}")
        }
    }

    /// The title of the answer notice (告知书) it produces.
    pub const fn notice_title(self) -> &'static str {
        match self {
            Outcome::Disclosed => "政府信息公开申请予以公开告知书",
            Outcome::PartlyDisclosed => "政府信息公开申请部分公开告知书",
            Outcome::NotDisclosed(_) => "政府信息公开申请不予公开告知书",
            Outcome::CannotProvide(_) => "政府信息公开申请无法提供告知书",
            Outcome::NotProcessed(_) => "政府信息公开申请不予处理告知书",
            Outcome::Other(_) => "政府信息公开申请终止处理告知书",
        }
    }
}
