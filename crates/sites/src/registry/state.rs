//! The state of a site in the registry (WEB-REGISTRY): its status, its registration
//! history, the applications filed for it (opening, temporary offline, permanent closing)
//! with their decisions, every time it was offline, and the temporary offline's clock.

use calendar::Instant;
use platform::workflow::{ClockRule, SubjectClock};

use crate::registry::{Registration, RegistrationHistory};
use crate::{SiteId, UserId};

/// Where the site is. [`crate::registry::TRANSITIONS`] says which command leads from which
/// to which.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Status {
    /// 待开设: registered, not open yet.
    Proposed,
    /// 开设申请审批中.
    OpeningApplied,
    /// 运行中.
    Open,
    /// 临时下线申请审批中 (still online).
    OfflineApplied,
    /// 临时下线: a temporary offline or an emergency shutdown.
    Offline,
    /// 永久下线申请审批中 (online or offline as before the application).
    ClosingApplied,
    /// 已永久下线: final; its pages stay in the archive (WEB-ARCHIVE).
    Closed,
}

impl Status {
    pub const ALL: [Status; 7] = [
        Status::Proposed,
        Status::OpeningApplied,
        Status::Open,
        Status::OfflineApplied,
        Status::Offline,
        Status::ClosingApplied,
        Status::Closed,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            Status::Proposed => "proposed",
            Status::OpeningApplied => "opening_applied",
            Status::Open => "open",
            Status::OfflineApplied => "offline_applied",
            Status::Offline => "offline",
            Status::ClosingApplied => "closing_applied",
            Status::Closed => "closed",
        }
    }

    pub const fn label_zh(self) -> &'static str {
        match self {
            Status::Proposed => "待开设",
            Status::OpeningApplied => "开设申请审批中",
            Status::Open => "运行中",
            Status::OfflineApplied => "临时下线申请审批中",
            Status::Offline => "临时下线",
            Status::ClosingApplied => "永久下线申请审批中",
            Status::Closed => "已永久下线",
        }
    }

    /// No command leads out of it.
    pub const fn is_final(self) -> bool {
        matches!(self, Status::Closed)
    }
}

/// What an application asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum ApplicationKind {
    /// 开设 (000 网站 §5).
    Open,
    /// 临时下线 for `days` natural days (000 网站 §8).
    TemporaryOffline { days: u32 },
    /// 永久下线 (000 网站 §7).
    PermanentClose,
}

impl ApplicationKind {
    pub fn label_zh(self) -> String {
        match self {
            ApplicationKind::Open => "开设".to_owned(),
            ApplicationKind::TemporaryOffline { days } => format!("临时下线{days}天"),
            ApplicationKind::PermanentClose => "永久下线".to_owned(),
        }
    }
}

/// The decision on an application.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Decision {
    pub approved: bool,
    pub by: UserId,
    #[serde(with = "platform::snapshot::instant")]
    pub at: Instant,
    /// The approver's opinion, or the reason of a refusal.
    pub opinion: String,
}

/// An application by the host unit, decided by the supervising unit (WEB-REGISTRY).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Application {
    pub kind: ApplicationKind,
    pub reason: String,
    pub by: UserId,
    #[serde(with = "platform::snapshot::instant")]
    pub at: Instant,
    /// The status it was filed from, to which a refusal returns.
    pub from: Status,
    pub decision: Option<Decision>,
}

/// Why a site was offline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum OfflineKind {
    /// 临时下线, approved; counts toward the yearly allowance and runs a clock.
    Temporary,
    /// 紧急关停 (force majeure, or ordered shut for security): reported in writing, not
    /// approved beforehand, not counted (000 网站 §8).
    Emergency,
}

/// One time the site was offline.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OfflineRecord {
    pub kind: OfflineKind,
    #[serde(with = "platform::snapshot::instant")]
    pub from: Instant,
    /// Back online (or closed for good); `None` while offline.
    #[serde(with = "platform::snapshot::opt_instant")]
    pub until: Option<Instant>,
    /// The approved days of a temporary offline.
    pub days: Option<u32>,
    /// The application's reason, or the written report of an emergency.
    pub report: String,
}

/// The clocks a site runs; each names its rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum ClockKind {
    /// WEB-REGISTRY: a temporary offline lasts at most the approved days (at most
    /// `website.temporary_offline_max`).
    TemporaryOffline,
}

impl ClockRule for ClockKind {
    fn rule_id(self) -> &'static str {
        "WEB-REGISTRY"
    }

    fn code(self) -> String {
        "temporary_offline".into()
    }
}

/// A clock of the site, the kernel's [`SubjectClock`].
pub type SiteClock = SubjectClock<ClockKind>;

/// A site of the group.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Site {
    pub id: SiteId,
    pub status: Status,
    /// WEB-REGISTRY: every registration with its date.
    pub history: RegistrationHistory,
    /// Every application, oldest first; the last is pending while it has no decision.
    pub applications: Vec<Application>,
    /// Every time it was offline, oldest first.
    pub offline: Vec<OfflineRecord>,
    pub clocks: Vec<SiteClock>,
    #[serde(with = "platform::snapshot::opt_instant")]
    pub opened_at: Option<Instant>,
    #[serde(with = "platform::snapshot::opt_instant")]
    pub closed_at: Option<Instant>,
}

impl Site {
    /// The registration in force.
    pub fn registration(&self) -> &Registration {
        self.history.current()
    }

    /// The application awaiting a decision.
    pub fn pending(&self) -> Option<&Application> {
        self.applications
            .last()
            .filter(|application| application.decision.is_none())
    }

    /// The offline period under way.
    pub fn current_offline(&self) -> Option<&OfflineRecord> {
        self.offline.last().filter(|record| record.until.is_none())
    }

    /// Whether its pages are served now: open, or waiting for a decision while open.
    pub fn is_serving(&self) -> bool {
        match self.status {
            Status::Open | Status::OfflineApplied => true,
            Status::ClosingApplied => self.pending().is_some_and(|a| a.from == Status::Open),
            _ => false,
        }
    }

    /// WEB-REGISTRY: the temporary offlines that began in the calendar year `year`
    /// (Asia/Shanghai); emergency shutdowns do not count.
    pub fn temporary_offlines_in(&self, year: i32) -> usize {
        use chrono::Datelike;
        self.offline
            .iter()
            .filter(|record| record.kind == OfflineKind::Temporary)
            .filter(|record| record.from.local_date().year() == year)
            .count()
    }
}
