//! Five-level satisfaction ratings (EVAL-ALL) and the bad-rating threshold (EVAL-BAD), used
//! by the hotline's callback (HL-CALLBACK) and by every other rated domain.

use calendar::{Calendar, Instant, Limit};
use platform::profile::EvaluationRules;

use crate::error::HotlineError;

/// A rating on the five levels of EVAL-ALL; `level()` is 1 (best) ..= 5 (worst).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Rating {
    /// 非常满意 (1).
    VerySatisfied,
    /// 满意 (2).
    Satisfied,
    /// 基本满意 (3).
    BasicallySatisfied,
    /// 不满意 (4).
    Unsatisfied,
    /// 非常不满意 (5).
    VeryUnsatisfied,
}

impl Rating {
    /// Every level, best first.
    pub const ALL: [Rating; 5] = [
        Rating::VerySatisfied,
        Rating::Satisfied,
        Rating::BasicallySatisfied,
        Rating::Unsatisfied,
        Rating::VeryUnsatisfied,
    ];

    /// 1 = 非常满意 … 5 = 非常不满意.
    pub const fn level(self) -> u32 {
        match self {
            Rating::VerySatisfied => 1,
            Rating::Satisfied => 2,
            Rating::BasicallySatisfied => 3,
            Rating::Unsatisfied => 4,
            Rating::VeryUnsatisfied => 5,
        }
    }

    /// The Chinese label.
    pub const fn label_zh(self) -> &'static str {
        match self {
            Rating::VerySatisfied => "非常满意",
            Rating::Satisfied => "满意",
            Rating::BasicallySatisfied => "基本满意",
            Rating::Unsatisfied => "不满意",
            Rating::VeryUnsatisfied => "非常不满意",
        }
    }

    /// The rating of a level 1..=5.
    pub fn from_level(level: u32) -> Result<Rating, HotlineError> {
        Rating::ALL
            .into_iter()
            .find(|rating| rating.level() == level)
            .ok_or_else(|| HotlineError::invalid(format!("评价等级应为 1 到 5，而不是 {level}")))
    }

    /// EVAL-BAD: bad when the level is at or below (worse than or equal to)
    /// `profile.evaluation.bad_rating_from_level`.
    pub fn is_bad(self, rules: &EvaluationRules) -> bool {
        self.level() >= rules.bad_rating_from_level
    }
}

/// A rectification task opened by a bad rating (EVAL-BAD): the responsible unit rectifies
/// by `due`, the result is fed back to the rater and reviewed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rectification {
    /// `profile.evaluation.rectification`.
    pub limit: Limit,
    /// When the rating was given.
    pub start: Instant,
    /// The due instant on the calendar.
    pub due: Instant,
}

/// EVAL-BAD: the rectification a rating opens, if it is bad.
pub fn rectification_for(
    rating: Rating,
    rated_at: Instant,
    rules: &EvaluationRules,
    calendar: &Calendar,
) -> Option<Rectification> {
    if !rating.is_bad(rules) {
        return None;
    }
    let limit = rules.rectification.limit();
    Some(Rectification {
        limit,
        start: rated_at,
        due: calendar.due(rated_at, limit).at,
    })
}
