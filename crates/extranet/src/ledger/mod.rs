//! The units' ledgers and the security findings (NET-LEDGER; 000 外网 §14–§16), pure.
//!
//! - [`finding`]: a security finding (安全检查问题) the extranet office sends to a unit, with
//!   its fix clock (限期整改, `extranet.finding_fix`); a unit that lets the clock run out is
//!   cut off (阻断接入线路, 已断开) by the office until it reports the fix and the office
//!   restores its access.
//! - [`entry`]: what a unit's ledger (台账) holds — its access points, the leader in charge
//!   and the staff (§16 分管领导和工作人员), and the dated declaration that no wireless device
//!   is attached to the extranet (§16 不得搭接无线网络设备) — and the checks of each entry.

pub mod entry;
pub mod finding;

pub use entry::{NewPoint, check_declaration, check_people, check_point, check_retire};
pub use finding::{
    FINDING_TRANSITIONS, Finding, FindingClock, FindingCommand, FindingCommandKind, FindingEvent,
    FindingId, FindingStatus,
};
