//! Runtime configuration: where the data lives, the personal-data key, SMTP, sessions.

use std::net::IpAddr;
use std::path::PathBuf;

/// Everything a `zhengwu` process needs to know that is not in the database.
#[derive(Debug, Clone)]
pub struct Config {
    /// Directory for the SQLite database, the generated data key and uploads.
    pub data_dir: PathBuf,
    /// `postgres://…` or `sqlite://…`; `None` means `sqlite://<data_dir>/zhengwu.db`.
    pub database_url: Option<String>,
    /// Hex-encoded 16-byte SM4 key for personal data (`ZHENGWU_DATA_KEY`); when absent a
    /// key is generated once into `<data_dir>/data.key`.
    pub data_key_hex: Option<String>,
    /// Whether session cookies carry `Secure` (on unless explicitly turned off for plain HTTP
    /// on a non-loopback address during development).
    pub secure_cookies: bool,
    /// SMTP relay (`smtp://host:port`) for e-mail notifications; `None` writes them to the log.
    pub smtp_url: Option<String>,
    pub smtp_from: String,
    /// The reverse proxies in front (`ZHENGWU_TRUSTED_PROXIES`, CIDRs separated by commas):
    /// only from these peers are `X-Forwarded-For` and `X-Real-IP` believed.
    pub trusted_proxies: Vec<Cidr>,
}

impl Config {
    pub fn new(data_dir: impl Into<PathBuf>) -> Self {
        Self {
            data_dir: data_dir.into(),
            database_url: None,
            data_key_hex: None,
            secure_cookies: true,
            smtp_url: None,
            smtp_from: "zhengwu@localhost".into(),
            trusted_proxies: Vec::new(),
        }
    }

    /// Reads `DATABASE_URL`, `ZHENGWU_DATA_KEY`, `ZHENGWU_SMTP_URL`, `ZHENGWU_SMTP_FROM`,
    /// `ZHENGWU_TRUSTED_PROXIES` and `ZHENGWU_INSECURE_COOKIES=1` from the environment on top
    /// of `data_dir`. A malformed proxy list is an error: the server must not start believing
    /// the wrong peers.
    pub fn from_env(data_dir: impl Into<PathBuf>) -> anyhow::Result<Self> {
        let mut config = Self::new(data_dir);
        config.database_url = non_empty_env("DATABASE_URL");
        config.data_key_hex = non_empty_env("ZHENGWU_DATA_KEY");
        config.smtp_url = non_empty_env("ZHENGWU_SMTP_URL");
        if let Some(from) = non_empty_env("ZHENGWU_SMTP_FROM") {
            config.smtp_from = from;
        }
        config.secure_cookies = non_empty_env("ZHENGWU_INSECURE_COOKIES").as_deref() != Some("1");
        if let Some(list) = non_empty_env("ZHENGWU_TRUSTED_PROXIES") {
            config.trusted_proxies = Cidr::parse_list(&list).map_err(|bad| {
                anyhow::anyhow!("ZHENGWU_TRUSTED_PROXIES 中的地址段无法识别：{bad}")
            })?;
        }
        Ok(config)
    }

    pub fn effective_database_url(&self) -> String {
        match &self.database_url {
            Some(url) => url.clone(),
            None => format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.join("zhengwu.db").display()
            ),
        }
    }
}

fn non_empty_env(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .filter(|value| !value.trim().is_empty())
}

/// An address block such as `10.0.0.0/8`, `::1/128` or a single address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    network: IpAddr,
    prefix: u8,
}

impl Cidr {
    /// Parses `addr` or `addr/prefix`.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let (addr, prefix) = match text.split_once('/') {
            Some((addr, prefix)) => (addr, Some(prefix.parse::<u8>().ok()?)),
            None => (text, None),
        };
        let network: IpAddr = addr.parse().ok()?;
        let width = if network.is_ipv4() { 32 } else { 128 };
        let prefix = prefix.unwrap_or(width);
        (prefix <= width).then_some(Self { network, prefix })
    }

    /// Parses a comma-separated list; the error is the first entry that is not a block.
    pub fn parse_list(list: &str) -> Result<Vec<Self>, String> {
        list.split(',')
            .filter(|entry| !entry.trim().is_empty())
            .map(|entry| Self::parse(entry).ok_or_else(|| entry.trim().to_owned()))
            .collect()
    }

    pub fn contains(&self, addr: IpAddr) -> bool {
        let addr = match addr {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(addr, IpAddr::V4),
            v4 => v4,
        };
        match (self.network, addr) {
            (IpAddr::V4(net), IpAddr::V4(addr)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(net) & mask == u32::from(addr) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(addr)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(addr) & mask
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn address_blocks_parse_and_contain() {
        let cases = [
            ("10.0.0.0/8", "10.255.1.2", true),
            ("10.0.0.0/8", "11.0.0.1", false),
            ("127.0.0.1", "127.0.0.1", true),
            ("127.0.0.1", "127.0.0.2", false),
            ("0.0.0.0/0", "8.8.8.8", true),
            ("::1", "::1", true),
            ("fd00::/8", "fd12:3456::1", true),
            ("fd00::/8", "fe80::1", false),
            ("192.168.0.0/16", "::ffff:192.168.3.4", true),
            ("10.0.0.0/8", "::1", false),
        ];
        for (block, addr, inside) in cases {
            let cidr = Cidr::parse(block).unwrap();
            assert_eq!(
                cidr.contains(addr.parse().unwrap()),
                inside,
                "{block} {addr}"
            );
        }
        for bad in ["10.0.0.0/33", "::/129", "nginx", "10.0.0/8", ""] {
            assert_eq!(Cidr::parse(bad), None, "{bad}");
        }
        assert_eq!(Cidr::parse_list("10.0.0.0/8, ::1").unwrap().len(), 2);
        assert_eq!(Cidr::parse_list("10.0.0.0/8,x").unwrap_err(), "x");
    }
}
