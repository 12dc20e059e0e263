//! The extranet's use cases: access applications on the workflow kernel
//! ([`applications`], NET-ACCESS) and address management ([`ipam`], NET-IPAM), each owning its
//! transaction with the audit row inside it; the units' ledgers ([`ledger`]), the security
//! findings on the kernel ([`findings`]) and the annual operation report ([`report`]),
//! NET-LEDGER.

pub mod applications;
pub mod findings;
pub mod ipam;
pub mod ledger;
pub mod report;

pub use applications::APPLICATION_SUBJECT;
pub use findings::FINDING_SUBJECT;
