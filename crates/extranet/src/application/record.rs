//! What an access application records: the filing (kind, eligibility category of §9, basis,
//! mode, scope, the addresses asked for), its status, the steps taken (review, plan,
//! implementation, each business test, the closing notice) and its clocks.

use calendar::Instant;
use platform::workflow::SubjectClock;

use super::ApplicationId;
use super::machine::AccessClock;
use crate::{UnitId, UserId};

/// What is applied for (§10: 接入或变更; closing is a change request).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum ApplicationKind {
    /// 接入: a new access (also a reopening after a closing, which needs a new application).
    Access,
    /// 变更: a change of an access in operation.
    Change,
    /// 关闭: the closing of an access in operation (a change request, §10 last paragraph).
    Closing,
}

impl ApplicationKind {
    pub const ALL: [ApplicationKind; 3] = [
        ApplicationKind::Access,
        ApplicationKind::Change,
        ApplicationKind::Closing,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            ApplicationKind::Access => "access",
            ApplicationKind::Change => "change",
            ApplicationKind::Closing => "closing",
        }
    }

    pub const fn label_zh(self) -> &'static str {
        match self {
            ApplicationKind::Access => "接入申请",
            ApplicationKind::Change => "变更申请",
            ApplicationKind::Closing => "关闭申请",
        }
    }

    pub fn from_code(code: &str) -> Option<ApplicationKind> {
        Self::ALL.into_iter().find(|kind| kind.code() == code)
    }

    /// Whether it changes or closes an access in operation (and so names it).
    pub const fn names_access(self) -> bool {
        matches!(self, ApplicationKind::Change | ApplicationKind::Closing)
    }
}

/// NET-ELIGIBLE (000 外网 §9): the four kinds of unit that may be connected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Eligibility {
    /// (一) 全区党政机关及直属部门.
    PartyGovernment,
    /// (二) 要求接入电子政务外网的驻区单位.
    ResidentUnit,
    /// (三) 法律法规授权的具有社会管理和公共服务职能的机构.
    AuthorisedBody,
    /// (四) 为保障政务部门履行工作职责，确有需要接入的其他单位.
    OtherNeed,
}

impl Eligibility {
    pub const ALL: [Eligibility; 4] = [
        Eligibility::PartyGovernment,
        Eligibility::ResidentUnit,
        Eligibility::AuthorisedBody,
        Eligibility::OtherNeed,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            Eligibility::PartyGovernment => "party_government",
            Eligibility::ResidentUnit => "resident_unit",
            Eligibility::AuthorisedBody => "authorised_body",
            Eligibility::OtherNeed => "other_need",
        }
    }

    pub const fn label_zh(self) -> &'static str {
        match self {
            Eligibility::PartyGovernment => "党政机关及直属部门",
            Eligibility::ResidentUnit => "要求接入的驻区单位",
            Eligibility::AuthorisedBody => "法律法规授权的具有社会管理和公共服务职能的机构",
            Eligibility::OtherNeed => "确有需要接入的其他单位",
        }
    }

    pub fn from_code(code: &str) -> Option<Eligibility> {
        Self::ALL.into_iter().find(|kind| kind.code() == code)
    }
}

/// §10(一) 接入方式.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum AccessMode {
    /// 专线接入 (a dedicated line to the metropolitan network).
    DedicatedLine,
    /// 集中接入 (through the building's or the town's aggregation point).
    Aggregated,
    /// 安全接入平台 (VPN through the security access platform).
    SecureVpn,
}

impl AccessMode {
    pub const ALL: [AccessMode; 3] = [
        AccessMode::DedicatedLine,
        AccessMode::Aggregated,
        AccessMode::SecureVpn,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            AccessMode::DedicatedLine => "dedicated_line",
            AccessMode::Aggregated => "aggregated",
            AccessMode::SecureVpn => "secure_vpn",
        }
    }

    pub const fn label_zh(self) -> &'static str {
        match self {
            AccessMode::DedicatedLine => "专线接入",
            AccessMode::Aggregated => "集中接入",
            AccessMode::SecureVpn => "安全接入平台（VPN）",
        }
    }

    pub fn from_code(code: &str) -> Option<AccessMode> {
        Self::ALL.into_iter().find(|kind| kind.code() == code)
    }
}

/// §10(一) 接入地址: a block of addresses asked for, by family and prefix length
/// (`/29`, or `/32` for one IPv4 address).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct RequestedBlock {
    pub v6: bool,
    pub length: u8,
}

/// What the applying unit files (§10(一)).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Filing {
    /// The applying unit (接入单位).
    pub unit: UnitId,
    pub kind: ApplicationKind,
    pub eligibility: Eligibility,
    /// 申请依据.
    pub basis: String,
    pub mode: AccessMode,
    /// 接入范围 (which offices, buildings, systems).
    pub scope: String,
    /// 接入地址: the blocks asked for (none for a closing).
    pub addresses: Vec<RequestedBlock>,
    /// The application whose access in operation a change or closing concerns.
    pub of_access: Option<ApplicationId>,
}

/// The status of an access application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Status {
    /// 待审核: the office reviews it.
    Applied,
    /// 审核未通过 (final; the reason told to the unit).
    Refused,
    /// 待制定方案 (access, change) or 待关闭链路 (closing): approved.
    Approved,
    /// 待实施: the plan is with the office.
    Planned,
    /// 待业务测试: implemented; the unit tests.
    Implemented,
    /// 排查中: a test failed; office and unit troubleshoot, then implement again.
    Troubleshooting,
    /// 运行中 (final for this application): the test passed.
    InOperation,
    /// 已关闭 (final): the link is closed and the unit notified in writing.
    Closed,
}

impl Status {
    pub const ALL: [Status; 8] = [
        Status::Applied,
        Status::Refused,
        Status::Approved,
        Status::Planned,
        Status::Implemented,
        Status::Troubleshooting,
        Status::InOperation,
        Status::Closed,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            Status::Applied => "applied",
            Status::Refused => "refused",
            Status::Approved => "approved",
            Status::Planned => "planned",
            Status::Implemented => "implemented",
            Status::Troubleshooting => "troubleshooting",
            Status::InOperation => "in_operation",
            Status::Closed => "closed",
        }
    }

    pub const fn label_zh(self) -> &'static str {
        match self {
            Status::Applied => "待审核",
            Status::Refused => "审核未通过",
            Status::Approved => "已通过审核",
            Status::Planned => "待实施",
            Status::Implemented => "待业务测试",
            Status::Troubleshooting => "测试不正常，排查中",
            Status::InOperation => "运行中",
            Status::Closed => "已关闭",
        }
    }

    pub fn from_code(code: &str) -> Option<Status> {
        Self::ALL.into_iter().find(|status| status.code() == code)
    }

    /// No command changes it any more.
    pub const fn is_final(self) -> bool {
        matches!(self, Status::Refused | Status::InOperation | Status::Closed)
    }
}

/// Who owns a step (and its clock).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Owner {
    /// The extranet office (政务外网主管机构).
    Office,
    /// The applying unit (接入单位).
    Unit,
}

/// One step taken, as the application's page lists it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Step {
    pub command: String,
    /// The opinion, reason, plan, implementation note, test result or notice.
    pub text: String,
    pub by: UserId,
    #[serde(with = "platform::snapshot::instant")]
    pub at: Instant,
}

/// An access application: the filing, where it stands, what was done, its clocks.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Application {
    pub id: ApplicationId,
    /// The extranet office that reviews it (the 本级 office, 000 外网 §5(二)).
    pub office: UnitId,
    pub filing: Filing,
    pub status: Status,
    pub applied_by: UserId,
    #[serde(with = "platform::snapshot::instant")]
    pub applied_at: Instant,
    /// The refusal's reason (§10(二): 将理由及时告知).
    pub refusal: Option<String>,
    /// The unit's technical plan (§10(三)).
    pub plan: Option<String>,
    /// How many business tests were reported (the failed ones and the last).
    pub test_rounds: u32,
    /// The written notice of a closed link.
    pub closing_notice: Option<String>,
    pub steps: Vec<Step>,
    pub clocks: Vec<SubjectClock<AccessClock>>,
}
