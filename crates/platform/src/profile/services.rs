//! SVC-*: the rule values of online services and the catalogue (the pre-review and supplement
//! limits, the review chain and legal review of items, the hosts of online addresses).

use serde::{Deserialize, Serialize};

use super::TimeLimit;

/// SVC-*.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServiceRules {
    pub prereview: TimeLimit,
    pub one_time_notice_only: bool,
    /// SVC-SPECIAL: the time limit of 补齐补正 requested after acceptance (the applicant's
    /// time to hand in the materials; paused from the promised limit).
    pub supplement_after_acceptance: TimeLimit,
    /// SVC-ITEM-LIFE: the review steps of a submitted item, in order (`→` or `；`-separated);
    /// each passes before the next. See [`ServiceRules::item_review_steps`].
    pub item_review_chain: String,
    /// SVC-ITEM-LIFE: who performs the legal review of a new or changed legal basis.
    pub item_legal_review: String,
    /// SVC-ITEM-LIFE: the legal review comes before the review chain (chengde: 法制办 审核同意后
    /// 报审改办), not after it.
    pub legal_review_first: bool,
    /// SVC-ONLINE-URL: the hosts an item's online address may be on (`；`-separated; a
    /// subdomain of a listed host is allowed).
    pub online_hosts: String,
    /// SVC-WINDOW 限时签收: the time a department has to sign for a case its comprehensive
    /// window accepted (事进人不进), from the acceptance.
    pub window_sign: TimeLimit,
}

impl ServiceRules {
    /// SVC-ITEM-LIFE: the review steps, in order (at least one).
    pub fn item_review_steps(&self) -> Vec<&str> {
        let steps: Vec<&str> = self
            .item_review_chain
            .split(['→', '；', ';', '\n'])
            .map(str::trim)
            .filter(|step| !step.is_empty())
            .collect();
        if steps.is_empty() {
            vec!["审核"]
        } else {
            steps
        }
    }

    /// SVC-ONLINE-URL: the allowed hosts.
    pub fn online_host_list(&self) -> Vec<&str> {
        self.online_hosts
            .split(['；', ';', '\n', ','])
            .map(str::trim)
            .filter(|host| !host.is_empty())
            .collect()
    }
}

impl Default for ServiceRules {
    fn default() -> Self {
        Self {
            prereview: TimeLimit::of("2wd"),
            one_time_notice_only: true,
            supplement_after_acceptance: TimeLimit::of("10wd"),
            item_review_chain: "省级行业主管部门审核".into(),
            item_legal_review: "区司法局合法性审查".into(),
            legal_review_first: false,
            online_hosts: "zwfw.gansu.gov.cn；gszwfw.gov.cn".into(),
            window_sign: TimeLimit::of("1wd"),
        }
    }
}
