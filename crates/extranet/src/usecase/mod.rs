//! The extranet's use cases: access applications on the workflow kernel
//! ([`applications`], NET-ACCESS) and address management ([`ipam`], NET-IPAM), each owning its
//! transaction with the audit row inside it.

pub mod applications;
pub mod ipam;

pub use applications::APPLICATION_SUBJECT;
