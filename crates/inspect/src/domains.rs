//! Links a government site may not carry (WEB-NOADS: no commercial advertising, no links to
//! illegal sites): a list of domains, each with its category (广告, 赌博, 非法), matched by
//! suffix on whole labels (`ads.doubleclick.net` is `doubleclick.net`'s, `notdoubleclick.net`
//! is not). The default list ships with the binary; more lists (sent down from above) are read
//! from the same text form. Pure: no IO.

use std::collections::HashMap;
use std::sync::LazyLock;

/// The list that ships with the binary (header line, then `domain<TAB>category` lines).
const DEFAULT_FILE: &str = include_str!("../lists/blocked_domains.txt");

/// A blocked domain and its category.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blocked {
    pub domain: String,
    pub category: String,
}

/// Domains whose links are blocked.
#[derive(Debug, Clone, Default)]
pub struct BlockedDomains {
    domains: HashMap<String, String>,
}

/// Why a list line was refused, in Chinese.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("第{line}行：{message}")]
pub struct DomainLineError {
    pub line: usize,
    pub message: String,
}

/// Whether `domain` is a plausible host name: labels of letters, digits and dashes.
fn plausible(domain: &str) -> bool {
    domain.contains('.')
        && domain.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

impl BlockedDomains {
    /// Reads `domain category` lines (`#` comments; a missing category is 非法).
    pub fn parse(text: &str) -> Result<Self, DomainLineError> {
        let mut list = Self::default();
        list.add(text)?;
        Ok(list)
    }

    /// Adds the lines of `text` to the list.
    pub fn add(&mut self, text: &str) -> Result<(), DomainLineError> {
        for (index, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut parts = line.split_whitespace();
            let domain = parts
                .next()
                .unwrap_or_default()
                .trim_start_matches("*.")
                .trim_end_matches('.')
                .to_ascii_lowercase();
            if !plausible(&domain) {
                return Err(DomainLineError {
                    line: index + 1,
                    message: format!("“{domain}”不是域名"),
                });
            }
            let category = parts.next().unwrap_or("非法").to_owned();
            self.domains.insert(domain, category);
        }
        Ok(())
    }

    /// How many domains the list holds.
    pub fn len(&self) -> usize {
        self.domains.len()
    }

    pub fn is_empty(&self) -> bool {
        self.domains.is_empty()
    }

    /// The blocked domain `host` belongs to (itself or a parent domain), if any.
    pub fn blocked(&self, host: &str) -> Option<Blocked> {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        let mut candidate = host.as_str();
        loop {
            if let Some(category) = self.domains.get(candidate) {
                return Some(Blocked {
                    domain: candidate.to_owned(),
                    category: category.clone(),
                });
            }
            candidate = candidate.split_once('.')?.1;
        }
    }
}

static DEFAULT: LazyLock<BlockedDomains> = LazyLock::new(|| {
    BlockedDomains::parse(DEFAULT_FILE).unwrap_or_else(|error| {
        // A test proves the shipped list parses; never reached in a build that passed it.
        tracing::error!(error = %error, "default blocked domains did not load");
        BlockedDomains::default()
    })
});

/// The list of blocked domains shipped with the binary.
pub fn default_blocked_domains() -> &'static BlockedDomains {
    &DEFAULT
}

/// Whether the shipped list parses (for the test proving it).
pub fn default_blocked_domains_parse() -> Result<usize, DomainLineError> {
    BlockedDomains::parse(DEFAULT_FILE).map(|list| list.len())
}
