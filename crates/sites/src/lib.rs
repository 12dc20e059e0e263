//! Government websites (站群, rules WEB-*, PUB-ABOLISH, SEC-TAMPER): the pure domain core.
//!
//! The core is plain Rust with no IO and no clock reads (architecture invariant 3; the tidy
//! test checks it): "now" is always a parameter, limits come from
//! [`platform::profile::RuleProfile`] (`website.*`) and the calendar. [`store`], [`usecase`]
//! and [`jobs`] do the IO: they run these machines on the workflow kernel
//! (`platform::workflow::Machine`), whose event vocabulary the events implement
//! ([`platform::workflow::Recorded`]). Pages are the `web` crate's.
//!
//! - [`registry`]: a site's registration (WEB-REGISTRY) with its dated history, the
//!   applications that open, take offline and close it, the header (WEB-HEADER) and footer
//!   (WEB-FOOTER) its registration gives.
//! - [`column`]: the column tree of a site, each column's type, responsible unit and A/B
//!   editors (WEB-COLUMNS), and its freshness: next due update, light, stale, blank and
//!   untouched special topics (WEB-FRESH).
//! - [`article`]: the 三审三校 workflow of an article (WEB-REVIEW), its page elements and the
//!   policy document's (WEB-ARTICLE), validity marks (PUB-ABOLISH) and the digest of the
//!   approved content (SEC-TAMPER).
//! - [`sanitize`]: the article HTML's allow-list (ammonia); [`check`]: the content check
//!   before submission (WEB-INSPECT, SEC-SECRET); [`diff`]: the difference of two versions.
//! - [`submission`]: units' submissions to a site's editors (报送信息, WEB-SUBMIT), approved by
//!   the unit's leader, adopted as a draft article or returned within the profile's limit; the
//!   weekly quota and the runs of weeks without it.
//! - [`annual`]: the site's annual work report (政府网站工作年度报表, WEB-ANNUAL): every field of
//!   the national form in its order with its label, what fills it, its due date.
//!
//! Each machine is `(state, command, acting, now, …) -> Result<(state, events), SiteError>`
//! with a transition table (`TRANSITIONS`) and `available`, the commands an actor may run
//! now, derived from the same table and the same permission check `apply` uses.

pub mod acting;
pub mod annual;
pub mod article;
pub mod check;
pub mod column;
pub mod diff;
pub mod error;
pub mod inspection;
pub mod jobs;
pub mod registry;
pub mod sanitize;
mod serde_date;
pub mod store;
pub mod submission;
pub mod usecase;

pub use acting::Acting;
pub use error::{ErrorKind, SiteError};
pub use platform::ids::{UnitId, UserId};

/// The id of a site (网站).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct SiteId(pub i64);

/// The id of a column (栏目).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct ColumnId(pub i64);

/// The id of an article (稿件).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct ArticleId(pub i64);

macro_rules! id_display {
    ($($id:ty),*) => {
        $(
            impl std::fmt::Display for $id {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    write!(f, "{}", self.0)
                }
            }

            impl From<$id> for i64 {
                fn from(id: $id) -> i64 {
                    id.0
                }
            }
        )*
    };
}

/// The id of a unit's submission (报送信息).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct SubmissionId(pub i64);

id_display!(SiteId, ColumnId, ArticleId, SubmissionId);

/// A site as a subject of the workflow kernel (its history, the temporary offline's clock,
/// the supervising unit's waiting applications on the workbench).
pub const SITE_SUBJECT: platform::workflow::SubjectKind = platform::workflow::SubjectKind {
    code: "site",
    label: "政府网站",
    number_table: "sites",
    page: "/office/sites/",
    main_rule: "WEB-REGISTRY",
    overdue_flag: None,
    clock_name: |_| "临时下线期限",
    waits: SITE_WAITS,
    history: platform::workflow::HistoryTable {
        table: "site_events",
        subject_column: "site_id",
    },
    command_label: registry::CommandKind::label_of_code,
    effect_words: |_| None,
    counting: platform::workflow::counters::Counting::NONE,
};

/// WEB-REGISTRY: the supervising unit's leaders decide the applications filed.
const SITE_WAITS: &[platform::workflow::Wait] = &[platform::workflow::Wait {
    role: platform::roles::Role::UnitLeader,
    label: "待审批网站申请",
    sql: "SELECT id, number FROM sites WHERE supervising_unit_id = $1 \
          AND status IN ('opening_applied', 'offline_applied', 'closing_applied')",
    red_only: false,
    unit_clocks: false,
}];

/// An article as a subject of the workflow kernel (its history; the 三审 waits on the
/// workbench; a policy document's interpretation clock, PUB-INTERPRET, filed under its
/// column's responsible unit).
pub const ARTICLE_SUBJECT: platform::workflow::SubjectKind = platform::workflow::SubjectKind {
    code: "article",
    label: "网站稿件",
    number_table: "site_articles",
    page: "/office/sites/articles/",
    main_rule: "WEB-REVIEW",
    overdue_flag: None,
    clock_name: |_| "政策解读期限",
    waits: ARTICLE_WAITS,
    history: platform::workflow::HistoryTable {
        table: "site_article_events",
        subject_column: "article_id",
    },
    command_label: article::CommandKind::label_of_code,
    effect_words: |_| None,
    counting: platform::workflow::counters::Counting::NONE,
};

/// WEB-REVIEW: what waits at each of the 三审 (statuses are [`article::Status::code`]): the
/// responsible unit's reviewers, a leader of it or of the host unit for a major article, the
/// operator unit's publishers.
const ARTICLE_WAITS: &[platform::workflow::Wait] = &[
    platform::workflow::Wait {
        role: platform::roles::Role::Reviewer,
        label: "待审核稿件",
        sql: "SELECT a.id AS id, a.number AS number FROM site_articles a \
              JOIN site_columns c ON c.id = a.column_id \
              WHERE a.status = 'at_reviewer' AND c.responsible_unit_id = $1",
        red_only: false,
        unit_clocks: false,
    },
    platform::workflow::Wait {
        role: platform::roles::Role::UnitLeader,
        label: "待领导审批稿件",
        sql: "SELECT a.id AS id, a.number AS number FROM site_articles a \
              JOIN site_columns c ON c.id = a.column_id JOIN sites s ON s.id = a.site_id \
              WHERE a.status = 'at_leader' \
              AND (c.responsible_unit_id = $1 OR s.host_unit_id = $1)",
        red_only: false,
        unit_clocks: false,
    },
    platform::workflow::Wait {
        role: platform::roles::Role::Publisher,
        label: "待签发稿件",
        sql: "SELECT a.id AS id, a.number AS number FROM site_articles a \
              JOIN sites s ON s.id = a.site_id \
              WHERE a.status = 'at_publisher' AND s.operator_unit_id = $1",
        red_only: false,
        unit_clocks: false,
    },
];

/// A unit's submission as a subject of the workflow kernel (its history; the editors' clock,
/// WEB-SUBMIT, filed under the site's operator unit; the leaders' and editors' waits).
pub const SUBMISSION_SUBJECT: platform::workflow::SubjectKind = platform::workflow::SubjectKind {
    code: "site_submission",
    label: "网站报送信息",
    number_table: "site_submissions",
    page: "/office/sites/submissions/",
    main_rule: "WEB-SUBMIT",
    overdue_flag: None,
    clock_name: |_| "采编时限",
    waits: SUBMISSION_WAITS,
    history: platform::workflow::HistoryTable {
        table: "site_submission_events",
        subject_column: "submission_id",
    },
    command_label: submission::CommandKind::label_of_code,
    effect_words: |_| None,
    counting: platform::workflow::counters::Counting::NONE,
};

/// WEB-SUBMIT: what waits for the submitting unit's leaders, and for the A/B editors (of the
/// viewer's unit) of the column proposed.
const SUBMISSION_WAITS: &[platform::workflow::Wait] = &[
    platform::workflow::Wait {
        role: platform::roles::Role::UnitLeader,
        label: "待审核报送信息",
        sql: "SELECT id, number FROM site_submissions WHERE status = 'at_leader' AND unit_id = $1",
        red_only: false,
        unit_clocks: false,
    },
    platform::workflow::Wait {
        role: platform::roles::Role::SiteEditor,
        label: "待采编报送信息",
        sql: "SELECT s.id AS id, s.number AS number FROM site_submissions s \
              JOIN site_columns c ON c.id = s.column_id WHERE s.status = 'at_editors' \
              AND EXISTS (SELECT 1 FROM users u WHERE u.unit_id = $1 \
              AND (u.id = c.editor_a OR u.id = c.editor_b))",
        red_only: false,
        unit_clocks: false,
    },
];

/// A required text: trimmed, not empty; the message names the field.
pub(crate) fn required(problems: &mut Vec<String>, label: &str, text: &str) {
    if text.trim().is_empty() {
        problems.push(format!("请填写{label}"));
    }
}

/// Every problem at once, or none.
pub(crate) fn problems_to_result(problems: Vec<String>) -> Result<(), SiteError> {
    if problems.is_empty() {
        Ok(())
    } else {
        Err(SiteError::Invalid(problems.join("；")))
    }
}
