//! The list-valued hotline fields of the profile, kept as editable text (`；`-separated) and
//! parsed here: hanging-ledger scopes (HL-HANG), limits set by law (HL-LIMITS) and the units
//! that serve 7×24 (HL-LIMITS).

use calendar::Limit;

use super::HotlineRules;
use crate::error::{Error, Result};

/// A handling limit set by a law or regulation, overriding the class limit (HL-LIMITS:
/// 法律法规规章等对办理时限另有规定的，从其规定).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegalLimit {
    /// What it applies to, e.g. 消费者投诉受理决定.
    pub name: String,
    /// The limit.
    pub limit: Limit,
    /// The law and article.
    pub basis: String,
}

fn items(text: &str) -> impl Iterator<Item = &str> {
    text.split(['；', ';', '\n'])
        .map(str::trim)
        .filter(|item| !item.is_empty())
}

impl HotlineRules {
    /// HL-HANG: the ledger's scope categories.
    pub fn hang_scope_list(&self) -> Vec<&str> {
        items(&self.hang_scopes).collect()
    }

    /// HL-LIMITS: the units (codes) whose clocks run in natural time.
    pub fn round_the_clock_unit_codes(&self) -> Vec<&str> {
        self.round_the_clock_units
            .split([',', '，', '、', ';', '；', ' '])
            .map(str::trim)
            .filter(|code| !code.is_empty())
            .collect()
    }

    /// HL-LIMITS: the limits set by law, each `名称=时限=依据`.
    pub fn legal_limit_list(&self) -> Result<Vec<LegalLimit>> {
        items(&self.legal_limits)
            .map(|item| {
                let mut parts = item.splitn(3, '=').map(str::trim);
                let (Some(name), Some(limit), Some(basis)) =
                    (parts.next(), parts.next(), parts.next())
                else {
                    return Err(Error::invalid(format!(
                        "法定办理时限“{item}”应写作 名称=时限=依据，如 消费者投诉受理决定=7wd=《…》第十五条"
                    )));
                };
                let limit: Limit = limit.parse().map_err(|_| {
                    Error::invalid(format!("法定办理时限“{name}”的时限“{limit}”格式不正确"))
                })?;
                if name.is_empty() || basis.is_empty() || limit.amount == 0 {
                    return Err(Error::invalid(format!(
                        "法定办理时限“{item}”须有名称、大于 0 的时限和法律依据"
                    )));
                }
                Ok(LegalLimit {
                    name: name.to_owned(),
                    limit,
                    basis: basis.to_owned(),
                })
            })
            .collect()
    }
}
