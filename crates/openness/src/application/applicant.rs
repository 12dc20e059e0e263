//! The applicant of a disclosure application (PUB-APPLY): a natural person or one of the
//! five kinds of organisation of table 三 of the annual report (reports.md §1), how the
//! application came in, and the key that tells two applications of the same applicant apart.

use crate::UserId;

/// The column of table 三 an applicant is counted in.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum ApplicantKind {
    /// 自然人.
    NaturalPerson,
    /// 法人或其他组织：商业企业.
    Commercial,
    /// 法人或其他组织：科研机构.
    Research,
    /// 法人或其他组织：社会公益组织.
    PublicInterest,
    /// 法人或其他组织：法律服务机构.
    LegalService,
    /// 法人或其他组织：其他.
    OtherOrganisation,
}

impl ApplicantKind {
    /// The columns of table 三 in their order (总计 is the table's own).
    pub const ALL: [ApplicantKind; 6] = [
        ApplicantKind::NaturalPerson,
        ApplicantKind::Commercial,
        ApplicantKind::Research,
        ApplicantKind::PublicInterest,
        ApplicantKind::LegalService,
        ApplicantKind::OtherOrganisation,
    ];

    /// The column label of table 三, verbatim.
    pub const fn label_zh(self) -> &'static str {
        match self {
            ApplicantKind::NaturalPerson => "自然人",
            ApplicantKind::Commercial => "商业企业",
            ApplicantKind::Research => "科研机构",
            ApplicantKind::PublicInterest => "社会公益组织",
            ApplicantKind::LegalService => "法律服务机构",
            ApplicantKind::OtherOrganisation => "其他",
        }
    }

    pub const fn is_organisation(self) -> bool {
        !matches!(self, ApplicantKind::NaturalPerson)
    }

    /// The column index in table 三 (0 = 自然人 … 5 = 其他; 6 is 总计).
    pub fn column(self) -> usize {
        ApplicantKind::ALL
            .iter()
            .position(|kind| *kind == self)
            .unwrap_or(0)
    }
}

/// How the application came in (PUB-APPLY).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Channel {
    /// 网上申请, filled in by the applicant.
    Online,
    /// 信函申请, registered by staff on receipt.
    Letter,
    /// 当面申请 (written or oral), registered by staff who fill in the form for the applicant
    /// (代为填写).
    WalkIn,
}

impl Channel {
    pub const ALL: [Channel; 3] = [Channel::Online, Channel::Letter, Channel::WalkIn];

    pub const fn label_zh(self) -> &'static str {
        match self {
            Channel::Online => "网上申请",
            Channel::Letter => "信函申请",
            Channel::WalkIn => "当面申请",
        }
    }
}

/// The form in which the applicant asks to get the information (所需信息的提供形式).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Form {
    /// 纸质.
    Paper,
    /// 电子文档 (downloaded with the query code).
    Electronic,
    /// 查阅 (inspection at the office).
    Inspection,
}

impl Form {
    pub const fn label_zh(self) -> &'static str {
        match self {
            Form::Paper => "纸质文本",
            Form::Electronic => "电子文档",
            Form::Inspection => "当场查阅",
        }
    }
}

/// Who applies (PUB-APPLY): name, identity document or unified social credit code, contact.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Applicant {
    pub kind: ApplicantKind,
    /// The person's name, or the organisation's.
    pub name: String,
    /// 身份证件号码 of a person, 统一社会信用代码 of an organisation.
    pub id_number: String,
    /// The organisation's legal representative or contact person; empty for a person.
    pub contact_person: String,
    pub phone: String,
    /// Postal address (for paper notices), may be empty when an e-mail is given.
    pub address: String,
    pub email: String,
}

impl Applicant {
    /// Every problem of the applicant, in Chinese.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if self.name.trim().is_empty() {
            problems.push("申请人姓名或名称不能为空".to_owned());
        }
        if self.id_number.trim().is_empty() {
            problems.push(if self.kind.is_organisation() {
                "请填写统一社会信用代码".to_owned()
            } else {
                "请填写身份证件号码".to_owned()
            });
        }
        if self.kind.is_organisation() && self.contact_person.trim().is_empty() {
            problems.push("法人或其他组织须填写联系人".to_owned());
        }
        if self.phone.trim().is_empty()
            && self.address.trim().is_empty()
            && self.email.trim().is_empty()
        {
            problems.push("请至少填写一种联系方式（电话、通信地址或电子邮箱）".to_owned());
        }
        problems
    }

    /// The key that identifies the applicant across applications: the identity number
    /// (or credit code) without spaces, upper case; the name when there is none.
    pub fn key(&self) -> String {
        let id: String = self
            .id_number
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_uppercase();
        if id.is_empty() {
            self.name.trim().to_owned()
        } else {
            id
        }
    }
}

/// What is registered when an application comes in (PUB-APPLY).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Filing {
    pub applicant: Applicant,
    pub channel: Channel,
    /// 所需政府信息的名称、文号或者便于查询的其他特征性描述.
    pub description: String,
    /// 用途 as the applicant states it (not required by the 2019 Regulation).
    pub purpose: String,
    pub form: Form,
    /// The staff user who filled in the form for the applicant (代为填写) or registered the
    /// letter; `None` online.
    pub registered_by: Option<UserId>,
}
