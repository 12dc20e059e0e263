//! `Refusal`: why the register refuses a draft (退文), a record, or a publication — the rule
//! that refuses and the Chinese message. A refusal changes nothing.

/// A refused draft, record or publication.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}（{rule}）")]
pub struct Refusal {
    /// The rule ID that refuses (PUB-ATTR, PUB-CONFID, PUB-COORD, SEC-SECRET).
    pub rule: &'static str,
    /// What is wrong and what to do, in Chinese; several problems joined by ；.
    pub message: String,
}

impl Refusal {
    pub(crate) fn new(rule: &'static str, message: impl Into<String>) -> Refusal {
        Refusal {
            rule,
            message: message.into(),
        }
    }

    /// Every problem at once under `rule`, or `Ok` when there is none.
    pub(crate) fn check_all(rule: &'static str, problems: Vec<String>) -> Result<(), Refusal> {
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Refusal::new(rule, problems.join("；")))
        }
    }
}

impl From<Refusal> for platform::Error {
    fn from(refusal: Refusal) -> platform::Error {
        platform::Error::Invalid(refusal.to_string())
    }
}
