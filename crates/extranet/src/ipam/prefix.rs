//! `Prefix`: an IPv4 or IPv6 CIDR prefix as an integer range (NET-IPAM) — its first address
//! as a `u128` (IPv4 in the low 32 bits) and its length, so that containment, overlap and the
//! buddy halves are arithmetic, and the store compares fixed-width keys.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::error::ExtranetError;

/// The address family.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Family {
    V4,
    V6,
}

impl Family {
    /// The bits of an address.
    pub const fn bits(self) -> u8 {
        match self {
            Family::V4 => 32,
            Family::V6 => 128,
        }
    }

    pub const fn code(self) -> &'static str {
        match self {
            Family::V4 => "v4",
            Family::V6 => "v6",
        }
    }

    pub const fn label(self) -> &'static str {
        match self {
            Family::V4 => "IPv4",
            Family::V6 => "IPv6",
        }
    }

    pub fn from_code(code: &str) -> Option<Family> {
        [Family::V4, Family::V6]
            .into_iter()
            .find(|family| family.code() == code)
    }
}

/// A CIDR prefix whose host bits are zero; a single address is a /32 or /128.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct Prefix {
    pub family: Family,
    /// The first address.
    pub start: u128,
    pub length: u8,
}

impl Prefix {
    /// A prefix from its first address and length, refused when host bits are set.
    pub fn new(family: Family, start: u128, length: u8) -> Result<Prefix, ExtranetError> {
        if length > family.bits() {
            return Err(ExtranetError::invalid(format!(
                "{}前缀长度不能超过 /{}",
                family.label(),
                family.bits()
            )));
        }
        let prefix = Prefix {
            family,
            start,
            length,
        };
        if family == Family::V4 && start > u128::from(u32::MAX) {
            return Err(ExtranetError::invalid("IPv4 地址超出范围"));
        }
        if start & prefix.host_mask() != 0 {
            return Err(ExtranetError::invalid(format!(
                "“{}/{length}”的主机位不为零，应写作“{}”",
                address_text(family, start),
                Prefix {
                    start: start & !prefix.host_mask(),
                    ..prefix
                }
            )));
        }
        Ok(prefix)
    }

    /// Parses `10.1.0.0/16`, `2001:db8::/32`, or one address (`10.1.2.3`, a /32 or /128).
    pub fn parse(text: &str) -> Result<Prefix, ExtranetError> {
        let text = text.trim();
        let bad = || ExtranetError::invalid(format!("“{text}”不是有效的 IP 地址或前缀"));
        let (address, length) = match text.split_once('/') {
            Some((address, length)) => (address, Some(length.parse::<u8>().map_err(|_| bad())?)),
            None => (text, None),
        };
        let address: IpAddr = address.parse().map_err(|_| bad())?;
        let (family, start) = match address {
            IpAddr::V4(v4) => (Family::V4, u128::from(u32::from(v4))),
            IpAddr::V6(v6) => (Family::V6, u128::from(v6)),
        };
        Prefix::new(family, start, length.unwrap_or(family.bits()))
    }

    /// Parses an address given with its subnet's mask (NetBox's `10.1.2.3/24`) as the one
    /// address; the mask only has to be valid.
    pub fn parse_address(text: &str) -> Result<Prefix, ExtranetError> {
        let text = text.trim();
        let address = match text.split_once('/') {
            Some((address, length)) => {
                let bad = || ExtranetError::invalid(format!("“{text}”不是有效的 IP 地址"));
                let length: u8 = length.parse().map_err(|_| bad())?;
                let parsed: IpAddr = address.parse().map_err(|_| bad())?;
                let bits = if parsed.is_ipv4() { 32 } else { 128 };
                if length > bits {
                    return Err(bad());
                }
                address
            }
            None => text,
        };
        Prefix::parse(address)
    }

    fn host_bits(self) -> u8 {
        self.family.bits() - self.length
    }

    fn host_mask(self) -> u128 {
        match self.host_bits() {
            128 => u128::MAX,
            bits => (1u128 << bits) - 1,
        }
    }

    /// The last address.
    pub fn end(self) -> u128 {
        self.start | self.host_mask()
    }

    /// How many addresses it holds (a whole IPv6 space counts one less).
    pub fn size(self) -> u128 {
        self.host_mask().saturating_add(1)
    }

    pub fn is_single_address(self) -> bool {
        self.length == self.family.bits()
    }

    pub fn contains(self, other: Prefix) -> bool {
        self.family == other.family && self.start <= other.start && other.end() <= self.end()
    }

    pub fn overlaps(self, other: Prefix) -> bool {
        self.family == other.family && self.start <= other.end() && other.start <= self.end()
    }

    /// Whether it holds the address `address` of its family.
    pub fn holds(self, address: u128) -> bool {
        self.start <= address && address <= self.end()
    }

    /// Its two halves, one bit longer; none for a single address.
    pub fn halves(self) -> Option<(Prefix, Prefix)> {
        if self.is_single_address() {
            return None;
        }
        let length = self.length + 1;
        let half = Prefix { length, ..self };
        let upper = Prefix {
            start: self.start | (1u128 << (self.family.bits() - length)),
            ..half
        };
        Some((half, upper))
    }

    /// Its buddy: the other half of its parent; none for a whole address space.
    pub fn buddy(self) -> Option<Prefix> {
        if self.length == 0 {
            return None;
        }
        Some(Prefix {
            start: self.start ^ (1u128 << self.host_bits()),
            ..self
        })
    }

    /// The prefix one bit shorter that holds it.
    pub fn parent(self) -> Option<Prefix> {
        if self.length == 0 {
            return None;
        }
        let length = self.length - 1;
        let parent = Prefix { length, ..self };
        Some(Prefix {
            start: self.start & !parent.host_mask(),
            ..parent
        })
    }

    /// The store's key of an address: 32 hex digits, ordered as the numbers are.
    pub fn key(address: u128) -> String {
        format!("{address:032x}")
    }

    /// The address from a store key.
    pub fn from_key(key: &str) -> Option<u128> {
        u128::from_str_radix(key, 16).ok()
    }

    /// The first address as text (`10.1.0.0`).
    pub fn address(self) -> String {
        address_text(self.family, self.start)
    }
}

/// An address of `family` as text.
pub fn address_text(family: Family, address: u128) -> String {
    match family {
        Family::V4 => Ipv4Addr::from(u32::try_from(address).unwrap_or(u32::MAX)).to_string(),
        Family::V6 => Ipv6Addr::from(address).to_string(),
    }
}

impl fmt::Display for Prefix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.address(), self.length)
    }
}
