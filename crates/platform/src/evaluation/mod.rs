//! 好差评 — the one evaluation mechanism of every domain (EVAL-ALL, EVAL-BAD; 000 §中心-38,
//! 003 §16,22): five-level evaluations of concluded cases, 12345 orders and replies from
//! every channel; a bad rating opens a rectification (整改) for the responsible unit on the
//! shared clock table; the unit submits, the supervising side accepts or returns, and the
//! accepted feedback goes back to the rater (评价、整改、反馈、监督); statistics per unit,
//! item and staff member.
//!
//! `model` is pure (levels, channels, transitions, checks); `store` records evaluations;
//! `rectify` runs the loop; `stats` counts. The domain that owns a subject decides that it
//! is concluded and calls `rate` in its own transaction.

pub mod export;
mod model;
mod rectify;
mod stats;
mod store;

pub use model::{
    Channel, Evaluation, EvaluationStage, Level, MAX_COMMENT_CHARS, MAX_RECTIFICATION_CHARS,
    NewEvaluation, Rectification, RectificationCommand, RectificationReport, RectificationStatus,
    SubjectType,
};
pub use rectify::{
    get_rectification, list_rectifications, rectification_of_evaluation, review_rectification,
    submit_rectification,
};
pub use stats::{EvaluationStatistics, GroupBy, GroupStatistics, satisfaction_formula, statistics};
pub use store::{
    CLOCK_SUBJECT, RECTIFICATION_RULE, Rated, get, of_subject, rate, rate_stage,
    unmask_rater_contact,
};
