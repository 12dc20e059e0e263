//! What a complaint about disclosure records (PUB-COMPLAINT; 002 投诉举报 §2, §6): the
//! registration (《政务公开投诉举报登记表》: complainant, contact, time and channel, the unit
//! complained about, the matter, the ground), the stages and what each step recorded, and the
//! clocks of the kernel it carries.

use calendar::Instant;
use platform::workflow::SubjectClock;

use crate::complaint::{ComplaintClock, ComplaintId};
use crate::{UnitId, UserId};

/// The seven grounds of a complaint, verbatim from 002 投诉举报 §2 (一)–(七).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Ground {
    /// (一) 不依法履行政务公开义务的.
    NotPerformed,
    /// (二) 不编制、不提供、不及时更新政务公开信息内容的.
    NotCompiledOrUpdated,
    /// (三) 政务公开的信息不真实的.
    Untrue,
    /// (四) 违反规定收取费用或通过其他组织、个人以有偿服务方式提供应当公开的政务信息的.
    Fees,
    /// (五) 对违反政务公开规定的行为，应当纠正而不纠正，应当追究责任而不追究的.
    NotCorrected,
    /// (六) 公开信息时违反法律法规规定的.
    UnlawfulDisclosure,
    /// (七) 违反政务公开工作有关规定的其他行为.
    Other,
}

impl Ground {
    pub const ALL: [Ground; 7] = [
        Ground::NotPerformed,
        Ground::NotCompiledOrUpdated,
        Ground::Untrue,
        Ground::Fees,
        Ground::NotCorrected,
        Ground::UnlawfulDisclosure,
        Ground::Other,
    ];

    pub const fn label_zh(self) -> &'static str {
        match self {
            Ground::NotPerformed => "不依法履行政务公开义务",
            Ground::NotCompiledOrUpdated => "不编制、不提供、不及时更新政务公开信息内容",
            Ground::Untrue => "政务公开的信息不真实",
            Ground::Fees => "违反规定收取费用或以有偿服务方式提供应当公开的政务信息",
            Ground::NotCorrected => {
                "对违反政务公开规定的行为应当纠正而不纠正、应当追究责任而不追究"
            }
            Ground::UnlawfulDisclosure => "公开信息时违反法律法规规定",
            Ground::Other => "违反政务公开工作有关规定的其他行为",
        }
    }

    pub const fn code(self) -> &'static str {
        match self {
            Ground::NotPerformed => "not_performed",
            Ground::NotCompiledOrUpdated => "not_compiled_or_updated",
            Ground::Untrue => "untrue",
            Ground::Fees => "fees",
            Ground::NotCorrected => "not_corrected",
            Ground::UnlawfulDisclosure => "unlawful_disclosure",
            Ground::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<Ground> {
        Ground::ALL.into_iter().find(|g| g.code() == code)
    }
}

/// How the complaint came in (投诉举报的方式, §6(一)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Channel {
    Phone,
    Letter,
    Visit,
    Online,
    Email,
}

impl Channel {
    pub const ALL: [Channel; 5] = [
        Channel::Phone,
        Channel::Letter,
        Channel::Visit,
        Channel::Online,
        Channel::Email,
    ];

    pub const fn label_zh(self) -> &'static str {
        match self {
            Channel::Phone => "电话",
            Channel::Letter => "信函",
            Channel::Visit => "来访",
            Channel::Online => "网上",
            Channel::Email => "电子邮件",
        }
    }

    pub const fn code(self) -> &'static str {
        match self {
            Channel::Phone => "phone",
            Channel::Letter => "letter",
            Channel::Visit => "visit",
            Channel::Online => "online",
            Channel::Email => "email",
        }
    }

    pub fn from_code(code: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// Who complains (举报人姓名（名称）、联系方式): personal data, sealed when stored and never
/// shown to the unit complained about (§7).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Complainant {
    pub name: String,
    pub contact: String,
}

/// What the office registers.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Filing {
    pub complainant: Complainant,
    pub channel: Channel,
    /// When the complaint was received (投诉举报的时间); not after the registration.
    #[serde(with = "platform::snapshot::instant")]
    pub received_at: Instant,
    /// The unit complained about (被投诉举报对象).
    pub unit: UnitId,
    /// The matter (主要事项).
    pub matter: String,
    pub ground: Ground,
}

/// Where a complaint stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Status {
    /// 已登记: waits to be forwarded.
    Registered,
    /// 已转办: the unit handles it.
    Forwarded,
    /// 已回复: the unit's reply waits to be fed back.
    Replied,
    /// 已反馈: told to the complainant with their satisfaction.
    FedBack,
    /// 已办结归档.
    Closed,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Registered,
        Status::Forwarded,
        Status::Replied,
        Status::FedBack,
        Status::Closed,
    ];

    pub const fn label_zh(self) -> &'static str {
        match self {
            Status::Registered => "已登记待转办",
            Status::Forwarded => "已转办待回复",
            Status::Replied => "已回复待反馈",
            Status::FedBack => "已反馈",
            Status::Closed => "已办结归档",
        }
    }

    pub const fn code(self) -> &'static str {
        match self {
            Status::Registered => "registered",
            Status::Forwarded => "forwarded",
            Status::Replied => "replied",
            Status::FedBack => "fed_back",
            Status::Closed => "closed",
        }
    }
}

/// The complainant's satisfaction (满意度, §6(四)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Satisfaction {
    Satisfied,
    Basically,
    Dissatisfied,
}

impl Satisfaction {
    pub const ALL: [Satisfaction; 3] = [
        Satisfaction::Satisfied,
        Satisfaction::Basically,
        Satisfaction::Dissatisfied,
    ];

    pub const fn label_zh(self) -> &'static str {
        match self {
            Satisfaction::Satisfied => "满意",
            Satisfaction::Basically => "基本满意",
            Satisfaction::Dissatisfied => "不满意",
        }
    }

    pub const fn code(self) -> &'static str {
        match self {
            Satisfaction::Satisfied => "satisfied",
            Satisfaction::Basically => "basically",
            Satisfaction::Dissatisfied => "dissatisfied",
        }
    }

    pub fn from_code(code: &str) -> Option<Satisfaction> {
        Satisfaction::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// How the reply was told (§6(四): 当面 signed by the complainant, 电话 with a record).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum FeedbackMeans {
    InPerson,
    Phone,
    Letter,
    Online,
}

impl FeedbackMeans {
    pub const ALL: [FeedbackMeans; 4] = [
        FeedbackMeans::InPerson,
        FeedbackMeans::Phone,
        FeedbackMeans::Letter,
        FeedbackMeans::Online,
    ];

    pub const fn label_zh(self) -> &'static str {
        match self {
            FeedbackMeans::InPerson => "当面回复",
            FeedbackMeans::Phone => "电话回复",
            FeedbackMeans::Letter => "书面回复",
            FeedbackMeans::Online => "网上回复",
        }
    }

    pub const fn code(self) -> &'static str {
        match self {
            FeedbackMeans::InPerson => "in_person",
            FeedbackMeans::Phone => "phone",
            FeedbackMeans::Letter => "letter",
            FeedbackMeans::Online => "online",
        }
    }

    pub fn from_code(code: &str) -> Option<FeedbackMeans> {
        FeedbackMeans::ALL.into_iter().find(|m| m.code() == code)
    }
}

/// A complex complaint (比较复杂疑难投诉, §5(二)) with its reason.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Complexity {
    pub reason: String,
    pub by: UserId,
    #[serde(with = "platform::snapshot::instant")]
    pub at: Instant,
}

/// The unit's reply (回复意见, §6(三)).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Reply {
    pub text: String,
    pub by: UserId,
    #[serde(with = "platform::snapshot::instant")]
    pub at: Instant,
}

/// The feedback to the complainant (§6(四)).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Feedback {
    pub means: FeedbackMeans,
    pub satisfaction: Satisfaction,
    pub note: String,
    pub by: UserId,
    #[serde(with = "platform::snapshot::instant")]
    pub at: Instant,
}

/// §5(三): the complainant told, past the limit, when the complaint will be concluded.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NewDate {
    #[serde(with = "platform::snapshot::instant")]
    pub due: Instant,
    /// How they were told (电话、短信、书面…).
    pub means: String,
    pub reason: String,
    pub by: UserId,
    #[serde(with = "platform::snapshot::instant")]
    pub at: Instant,
}

/// A complaint about disclosure.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Complaint {
    pub id: ComplaintId,
    /// The openness office that registered it, forwards and feeds back.
    pub office: UnitId,
    pub filing: Filing,
    pub status: Status,
    pub registered_by: UserId,
    #[serde(with = "platform::snapshot::instant")]
    pub registered_at: Instant,
    #[serde(with = "platform::snapshot::opt_instant")]
    pub forwarded_at: Option<Instant>,
    pub complexity: Option<Complexity>,
    pub reply: Option<Reply>,
    pub feedback: Option<Feedback>,
    pub new_dates: Vec<NewDate>,
    #[serde(with = "platform::snapshot::opt_instant")]
    pub closed_at: Option<Instant>,
    pub clocks: Vec<SubjectClock<ComplaintClock>>,
}

impl Complaint {
    /// PUB-COMPLAINT (002 投诉举报 §7): the complaint as the unit complained about sees it —
    /// the matter and everything it answers, never the complainant's name or contact.
    pub fn for_unit(&self) -> Complaint {
        let mut seen = self.clone();
        seen.filing.complainant = Complainant {
            name: String::new(),
            contact: String::new(),
        };
        seen
    }

    /// The running clock of `kind`, if any.
    pub fn running(&self, kind: ComplaintClock) -> Option<&SubjectClock<ComplaintClock>> {
        self.clocks
            .iter()
            .find(|clock| clock.kind == kind && clock.is_running())
    }
}
