//! Where a site is hosted (SEC-HOSTING; 000 网站 §22: servers and cloud platforms run inside
//! China, no physical servers or virtual hosts of foreign providers; 004 §32(七): the
//! inspection checks whether a site is hosted outside the jurisdiction's region), pure: the
//! declaration of the registration (kind, provider, the provider's flag 境内/境外, location,
//! server addresses as IPv4/IPv6 addresses or CIDR prefixes), its checks, and the comparison
//! of the addresses a site's domains resolve to with the declared ones. No geo-IP database is
//! used: the checks work from the declaration and the resolved addresses only.

use std::net::IpAddr;

use serde::{Deserialize, Serialize};

use crate::SiteError;

/// 托管方式.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HostingKind {
    /// 自建机房.
    OwnRoom,
    /// 政务云.
    GovCloud,
    /// 商业云或虚拟主机.
    Commercial,
}

impl HostingKind {
    pub const ALL: [HostingKind; 3] = [
        HostingKind::OwnRoom,
        HostingKind::GovCloud,
        HostingKind::Commercial,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            HostingKind::OwnRoom => "own_room",
            HostingKind::GovCloud => "gov_cloud",
            HostingKind::Commercial => "commercial",
        }
    }

    pub const fn label_zh(self) -> &'static str {
        match self {
            HostingKind::OwnRoom => "自建机房",
            HostingKind::GovCloud => "政务云",
            HostingKind::Commercial => "商业云或虚拟主机",
        }
    }

    pub fn from_code(code: &str) -> Option<HostingKind> {
        HostingKind::ALL
            .into_iter()
            .find(|kind| kind.code() == code)
    }
}

/// A declared server address: one address or a CIDR prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ServerAddress {
    pub address: IpAddr,
    pub prefix: u8,
}

impl ServerAddress {
    /// Reads `192.0.2.10`, `192.0.2.0/24`, `2001:db8::1` or `2001:db8::/32`; `None` when it
    /// is not an address or the prefix is longer than the address.
    pub fn parse(text: &str) -> Option<ServerAddress> {
        let text = text.trim();
        let (address, prefix) = match text.split_once('/') {
            Some((address, prefix)) => (address, Some(prefix)),
            None => (text, None),
        };
        let address: IpAddr = address.parse().ok()?;
        let max = if address.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(prefix) if prefix.len() <= 3 && prefix.bytes().all(|b| b.is_ascii_digit()) => {
                prefix.parse::<u8>().ok()?
            }
            Some(_) => return None,
            None => max,
        };
        (prefix <= max).then_some(ServerAddress { address, prefix })
    }

    /// Whether `ip` is this address or within this prefix (an IPv4 address mapped into
    /// IPv6 counts as the IPv4 address).
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            v4 => v4,
        };
        match (self.address, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

impl std::fmt::Display for ServerAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let full = if self.address.is_ipv4() { 32 } else { 128 };
        if self.prefix == full {
            write!(f, "{}", self.address)
        } else {
            write!(f, "{}/{}", self.address, self.prefix)
        }
    }
}

/// A site's hosting declaration (SEC-HOSTING).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hosting {
    pub kind: HostingKind,
    /// 服务提供方: the cloud, the host or the unit running the room.
    pub provider: String,
    /// The provider is a foreign organisation (境外机构).
    pub provider_abroad: bool,
    /// The servers run abroad (服务器在境外).
    pub located_abroad: bool,
    pub province: String,
    pub city: String,
    pub county: String,
    pub addresses: Vec<ServerAddress>,
}

/// Limits of the declaration's texts.
pub const PROVIDER_MAX: usize = 60;
pub const PLACE_MAX: usize = 20;
pub const ADDRESSES_MAX: usize = 32;

impl Hosting {
    /// Reads the declaration from a form's texts (addresses one a line or separated by
    /// commas); every problem at once, in Chinese.
    #[allow(clippy::too_many_arguments)]
    pub fn from_form(
        kind: &str,
        provider: &str,
        provider_abroad: bool,
        located_abroad: bool,
        province: &str,
        city: &str,
        county: &str,
        addresses: &str,
    ) -> Result<Hosting, SiteError> {
        let mut problems = Vec::new();
        let kind = HostingKind::from_code(kind.trim());
        if kind.is_none() {
            problems.push("请选择托管方式".to_owned());
        }
        let provider = provider.trim();
        if provider.is_empty() {
            problems.push("请填写服务提供方".to_owned());
        } else if provider.chars().count() > PROVIDER_MAX {
            problems.push(format!("服务提供方不能超过{PROVIDER_MAX}个字"));
        }
        let places = [("省", province), ("市", city), ("县（区）", county)];
        for (label, place) in places {
            let place = place.trim();
            if place.is_empty() {
                problems.push(format!("请填写服务器所在{label}"));
            } else if place.chars().count() > PLACE_MAX {
                problems.push(format!("服务器所在{label}不能超过{PLACE_MAX}个字"));
            }
        }
        let mut parsed = Vec::new();
        for text in addresses
            .split(['\n', ',', '，', ';'])
            .map(str::trim)
            .filter(|text| !text.is_empty())
        {
            match ServerAddress::parse(text) {
                Some(address) if !parsed.contains(&address) => parsed.push(address),
                Some(_) => {}
                None => problems.push(format!(
                    "服务器地址“{}”不是有效的IPv4、IPv6地址或地址段",
                    text.chars().take(50).collect::<String>()
                )),
            }
        }
        if parsed.is_empty() && problems.iter().all(|p| !p.starts_with("服务器地址")) {
            problems.push("请填写至少一个服务器地址".to_owned());
        }
        if parsed.len() > ADDRESSES_MAX {
            problems.push(format!("服务器地址不能超过{ADDRESSES_MAX}个"));
        }
        match (kind, problems.is_empty()) {
            (Some(kind), true) => Ok(Hosting {
                kind,
                provider: provider.to_owned(),
                provider_abroad,
                located_abroad,
                province: province.trim().to_owned(),
                city: city.trim().to_owned(),
                county: county.trim().to_owned(),
                addresses: parsed,
            }),
            _ => Err(SiteError::Invalid(problems.join("；"))),
        }
    }

    /// Whether `ip` is among the declared server addresses.
    pub fn declares(&self, ip: IpAddr) -> bool {
        self.addresses.iter().any(|address| address.contains(ip))
    }
}

/// The jurisdiction's region as the hosting check compares it (省、市、县); an empty part
/// is not compared (a city-level jurisdiction leaves the county empty).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Region {
    pub province: String,
    pub city: String,
    pub county: String,
}

/// What the hosting check found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostingIssue {
    /// No hosting declaration: a finding.
    Undeclared,
    /// Servers declared abroad: a violation (000 网站 §22).
    LocatedAbroad,
    /// A foreign provider: a violation (000 网站 §22).
    ForeignProvider(String),
    /// Hosted outside the jurisdiction's region: a finding (004 §32(七)).
    OutsideRegion(String),
    /// A domain resolves to an address not among the declared ones.
    UndeclaredAddress { domain: String, address: IpAddr },
}

impl HostingIssue {
    /// A violation of 000 网站 §22 (not merely a finding).
    pub fn is_violation(&self) -> bool {
        matches!(
            self,
            HostingIssue::LocatedAbroad | HostingIssue::ForeignProvider(_)
        )
    }

    /// The inspection finding's kind.
    pub fn kind(&self) -> &'static str {
        match self {
            HostingIssue::Undeclared => "hosting-undeclared",
            HostingIssue::LocatedAbroad | HostingIssue::ForeignProvider(_) => "hosting-abroad",
            HostingIssue::OutsideRegion(_) => "hosting-outside-region",
            HostingIssue::UndeclaredAddress { .. } => "hosting-address",
        }
    }

    /// The finding's detail, in Chinese, naming the article.
    pub fn detail(&self) -> String {
        match self {
            HostingIssue::Undeclared => "网站未登记服务器托管信息（SEC-HOSTING）".to_owned(),
            HostingIssue::LocatedAbroad => {
                "服务器登记在境外运行，违反“网站服务器应当在境内运行”（000 网站 §22）".to_owned()
            }
            HostingIssue::ForeignProvider(provider) => format!(
                "服务提供方“{provider}”为境外机构，禁止使用境外机构提供的服务器和虚拟主机（000 网站 §22）"
            ),
            HostingIssue::OutsideRegion(place) => {
                format!("网站托管在本级行政区域以外：{place}（004 §32(七)）")
            }
            HostingIssue::UndeclaredAddress { domain, address } => {
                format!("解析地址不在登记的服务器地址内：{domain} → {address}")
            }
        }
    }
}

/// SEC-HOSTING: checks a site's declaration against 000 网站 §22 and the jurisdiction's
/// region (004 §32(七)); `None` is a site with no declaration.
pub fn check(hosting: Option<&Hosting>, region: &Region) -> Vec<HostingIssue> {
    let Some(hosting) = hosting else {
        return vec![HostingIssue::Undeclared];
    };
    let mut issues = Vec::new();
    if hosting.located_abroad {
        issues.push(HostingIssue::LocatedAbroad);
    }
    if hosting.provider_abroad {
        issues.push(HostingIssue::ForeignProvider(hosting.provider.clone()));
    }
    let parts = [
        (&region.province, &hosting.province),
        (&region.city, &hosting.city),
        (&region.county, &hosting.county),
    ];
    let outside = parts
        .iter()
        .any(|(want, have)| !want.is_empty() && !same_place(want, have));
    if !hosting.located_abroad && outside {
        issues.push(HostingIssue::OutsideRegion(format!(
            "{}{}{}",
            hosting.province, hosting.city, hosting.county
        )));
    }
    issues
}

/// Two place names are the same with or without their suffix (甘肃 = 甘肃省).
fn same_place(a: &str, b: &str) -> bool {
    fn bare(name: &str) -> &str {
        let name = name.trim();
        ["省", "市", "自治区", "自治州", "地区", "区", "县", "旗"]
            .iter()
            .find_map(|suffix| name.strip_suffix(suffix).filter(|rest| !rest.is_empty()))
            .unwrap_or(name)
    }
    bare(a) == bare(b)
}

/// SEC-HOSTING: the addresses `domain` resolved to that the declaration does not name.
pub fn undeclared(hosting: &Hosting, domain: &str, resolved: &[IpAddr]) -> Vec<HostingIssue> {
    let mut issues: Vec<HostingIssue> = Vec::new();
    for &address in resolved {
        let issue = HostingIssue::UndeclaredAddress {
            domain: domain.to_owned(),
            address,
        };
        if !hosting.declares(address) && !issues.contains(&issue) {
            issues.push(issue);
        }
    }
    issues
}
