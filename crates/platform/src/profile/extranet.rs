//! NET-*: the time limits of the e-government extranet (电子政务外网, 000 外网 §10, §15). File
//! 000 orders the steps of an access application but names no day counts ("及时"), so each
//! default is a platform default the system administrator may change (see `notes/`).

use serde::{Deserialize, Serialize};

use super::TimeLimit;

/// NET-ACCESS, NET-LEDGER.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ExtranetRules {
    /// NET-ACCESS §10(二): the office's compliance review of an application.
    pub review: TimeLimit,
    /// NET-ACCESS §10(三): the applying unit's technical plan after approval.
    pub plan: TimeLimit,
    /// NET-ACCESS §10(四): the office's (guided) implementation, and each round of joint
    /// troubleshooting after a failed business test (§10(五)).
    pub implement: TimeLimit,
    /// NET-ACCESS §10(五): the applying unit's business test and its report.
    pub test: TimeLimit,
    /// NET-ACCESS §10 last paragraph: the office closes an approved closing request's link and
    /// notifies the unit in writing.
    pub close_link: TimeLimit,
    /// NET-LEDGER §15: the time a unit is given to fix a security finding (限期整改).
    pub finding_fix: TimeLimit,
}

impl Default for ExtranetRules {
    fn default() -> Self {
        Self {
            review: TimeLimit::of("5wd"),
            plan: TimeLimit::of("10wd"),
            implement: TimeLimit::of("10wd"),
            test: TimeLimit::of("5wd"),
            close_link: TimeLimit::of("5wd"),
            finding_fix: TimeLimit::of("10wd"),
        }
    }
}
