//! Address management of the extranet (NET-IPAM, 000 外网 §5(三)): the office allocates and
//! reclaims addresses and domain names; every allocation belongs to a unit and an access
//! application; no two allocations overlap, ever.
//!
//! - [`prefix`]: `Prefix`, an IPv4 or IPv6 CIDR prefix as an integer range.
//! - [`space`]: the buddy carving of a pool's free space, next-free by best fit, reclaiming.
//! - [`netbox`]: CSV import and export in NetBox's bulk-import columns.

pub mod netbox;
pub mod prefix;
pub mod space;

pub use prefix::{Family, Prefix};
pub use space::Space;

/// What an allocation is for (NetBox's status of a prefix or an IP address).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum AllocationStatus {
    /// 在用.
    Active,
    /// 预留.
    Reserved,
    /// 停用 (to be reclaimed).
    Deprecated,
}

impl AllocationStatus {
    pub const ALL: [AllocationStatus; 3] = [
        AllocationStatus::Active,
        AllocationStatus::Reserved,
        AllocationStatus::Deprecated,
    ];

    /// NetBox's code.
    pub const fn code(self) -> &'static str {
        match self {
            AllocationStatus::Active => "active",
            AllocationStatus::Reserved => "reserved",
            AllocationStatus::Deprecated => "deprecated",
        }
    }

    pub const fn label_zh(self) -> &'static str {
        match self {
            AllocationStatus::Active => "在用",
            AllocationStatus::Reserved => "预留",
            AllocationStatus::Deprecated => "停用",
        }
    }

    pub fn from_code(code: &str) -> Option<AllocationStatus> {
        Self::ALL
            .into_iter()
            .find(|status| status.code() == code.trim())
    }
}

/// A domain name of the extranet (内网域名): lowercase labels of letters, digits and
/// hyphens, dot-separated, at most 253 characters.
pub fn parse_dns_name(text: &str) -> Result<String, crate::ExtranetError> {
    let name = text.trim().trim_end_matches('.').to_ascii_lowercase();
    let label_ok = |label: &str| {
        !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    if name.is_empty() || name.len() > 253 || !name.split('.').all(label_ok) {
        return Err(crate::ExtranetError::invalid(format!(
            "“{}”不是有效的域名",
            text.trim()
        )));
    }
    Ok(name)
}
