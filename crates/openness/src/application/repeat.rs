//! The repeat-application detector (PUB-ANSWER, 2019 Regulation §36(六)): a new application
//! of the same applicant whose content is close to one already answered is offered to the
//! officer as 不予处理（重复申请）. Similarity is the Jaccard index of the character bigrams
//! of the two descriptions (punctuation and spaces ignored); the officer decides.

use std::collections::HashSet;

use crate::ApplicationId;
use crate::application::{NotProcessedReason, Outcome};

/// An earlier application the new one is compared with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Earlier {
    pub id: ApplicationId,
    /// Its applicant's key ([`crate::application::Applicant::key`]).
    pub applicant_key: String,
    pub description: String,
    /// Its outcome; only answered applications make a repeat.
    pub outcome: Option<Outcome>,
}

/// A suggestion to answer as 不予处理（重复申请）.
#[derive(Debug, Clone, PartialEq)]
pub struct RepeatSuggestion {
    /// The earlier application, to cite in the notice.
    pub earlier: ApplicationId,
    /// Its similarity, 0..=1.
    pub similarity: f64,
    pub outcome: Outcome,
}

/// The character bigrams of `text`, letters and digits only.
fn bigrams(text: &str) -> HashSet<(char, char)> {
    let chars: Vec<char> = text.chars().filter(|c| c.is_alphanumeric()).collect();
    let mut out: HashSet<(char, char)> = chars.windows(2).map(|w| (w[0], w[1])).collect();
    if out.is_empty()
        && let Some(&only) = chars.first()
    {
        out.insert((only, only));
    }
    out
}

/// The Jaccard index of the character bigrams of `a` and `b` (1 for equal texts, 0 when
/// nothing is shared or either is empty).
pub fn similarity(a: &str, b: &str) -> f64 {
    let left = bigrams(a);
    let right = bigrams(b);
    if left.is_empty() || right.is_empty() {
        return 0.0;
    }
    let shared = left.intersection(&right).count();
    let union = left.union(&right).count();
    shared as f64 / union as f64
}

/// The most similar earlier answered application of the same applicant at or above
/// `threshold`, offered as 不予处理（重复申请）; `None` when there is none.
pub fn detect_repeat(
    applicant_key: &str,
    description: &str,
    earlier: &[Earlier],
    threshold: f64,
) -> Option<RepeatSuggestion> {
    earlier
        .iter()
        .filter(|e| e.applicant_key == applicant_key && e.outcome.is_some())
        .map(|e| (e.id, similarity(description, &e.description)))
        .filter(|(_, score)| *score >= threshold)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(id, score)| RepeatSuggestion {
            earlier: id,
            similarity: score,
            outcome: Outcome::NotProcessed(NotProcessedReason::Repeat),
        })
}
