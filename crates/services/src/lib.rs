//! Online government services (rules SVC-*, EVAL-ALL): the pure domain core and the use
//! cases around it.
//!
//! The core — [`case`], [`item`] and the small value modules — is plain Rust with no IO and
//! no clock reads (architecture invariant 3; the tidy test checks it):
//! [`case::apply`] and [`item::apply`] are `(state, command, now, profile, calendar) ->
//! Result<(new state, events), error>`. Limits come from the item's guide (promised, legal,
//! acceptance, stage and special-procedure limits) and from
//! [`platform::profile::RuleProfile`] (`services.prereview`, `services.one_time_notice_only`).
//! Storage ([`store`]) and the use cases ([`usecase`], [`backoffice`], [`supervision`]) do
//! the IO; the demo catalogue is the `demo` crate's, published through these use cases. See
//! `README.md` for the clock semantics and the article behind each choice.

pub mod backoffice;
pub mod bundle;
pub mod case;
pub mod email;
pub mod enterprise;
pub mod error;
pub mod export;
pub mod item;
pub mod reuse;
pub mod search;
pub mod snapshot;
pub mod store;
pub mod supervision;
pub mod usecase;

pub use error::{ErrorKind, ServiceError};

/// The service case as a subject of the workflow kernel (OPS-ESUPERVISE): its stages share the
/// promise's rule, so 超期办件 is the e-supervision job's flag (SVC-PROMISE), counted for cases
/// still under the promise.
pub const SUBJECT: platform::workflow::SubjectKind = platform::workflow::SubjectKind {
    code: store::CLOCK_SUBJECT,
    label: "政务服务办件",
    number_table: "svc_cases",
    page: "/office/services/cases/",
    main_rule: "SVC-PROMISE",
    overdue_flag: Some(platform::workflow::OverdueFlag {
        column: "overdue_at",
        count_by_unit_sql: "SELECT department_unit_id AS unit_id, COUNT(*) AS n FROM svc_cases \
            WHERE status IN ('in_review', 'special', 'awaiting_decision') \
            AND overdue_at IS NOT NULL AND ($1 = 0 OR department_unit_id = $1) \
            GROUP BY department_unit_id",
    }),
    clock_name: supervision::rule_label,
    waits: WAITS,
    history: platform::workflow::HistoryTable {
        table: "svc_case_events",
        subject_column: "case_id",
    },
    command_label: case::CommandKind::label_of_code,
    effect_words: store::events::effect_words,
    counting: platform::workflow::counters::Counting::NONE,
};

/// The cases of the viewer's unit (`$1`) in `status`: its department's, and those of the
/// items whose comprehensive window it runs (the case's item version, as the desk finds them;
/// SVC-ACCEPT, SVC-WINDOW).
macro_rules! at_window {
    ($status:literal) => {
        concat!(
            "SELECT c.id AS id, c.number AS number FROM svc_cases c WHERE c.status IN (",
            $status,
            ") AND (c.department_unit_id = $1 OR c.accepting_unit_id = $1 OR EXISTS (\
             SELECT 1 FROM svc_item_versions v WHERE v.item_id = c.item_id \
             AND v.version = c.item_version \
             AND v.snapshot LIKE '%{\"Comprehensive\":{\"window\":' || $1 || '}}%'))"
        )
    };
}

/// What a case waits for at each role (issue 11 point 2: the workbench): the window accepts
/// and delivers, the department's handler reviews, its leader decides; the supervisor sees the
/// red ones of every unit.
const WAITS: &[platform::workflow::Wait] = &[
    platform::workflow::Wait {
        role: platform::roles::Role::WindowClerk,
        label: "待受理",
        sql: at_window!("'submitted', 'prereviewed', 'resubmitted'"),
        red_only: false,
        unit_clocks: false,
    },
    platform::workflow::Wait {
        role: platform::roles::Role::WindowClerk,
        label: "待送达",
        sql: at_window!("'decided'"),
        red_only: false,
        unit_clocks: false,
    },
    platform::workflow::Wait {
        role: platform::roles::Role::UnitHandler,
        label: "待审查",
        sql: "SELECT id, number FROM svc_cases WHERE department_unit_id = $1 \
              AND status IN ('in_review', 'special')",
        red_only: false,
        unit_clocks: true,
    },
    platform::workflow::Wait {
        role: platform::roles::Role::UnitLeader,
        label: "待决定",
        sql: "SELECT id, number FROM svc_cases WHERE department_unit_id = $1 \
              AND status = 'awaiting_decision'",
        red_only: false,
        unit_clocks: true,
    },
    platform::workflow::Wait {
        role: platform::roles::Role::HotlineSupervisor,
        label: "红灯办件",
        sql: "SELECT id, number FROM svc_cases \
              WHERE status NOT IN ('rejected', 'concluded', 'withdrawn')",
        red_only: true,
        unit_clocks: false,
    },
];

/// The id of a service item (事项) record; its versions share it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct ItemId(pub i64);

impl std::fmt::Display for ItemId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// The id of a case (办件); its number is shown to the applicant (SVC-STATUS).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct CaseId(pub i64);

impl From<CaseId> for i64 {
    fn from(id: CaseId) -> i64 {
        id.0
    }
}

impl std::fmt::Display for CaseId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// The id of a unit (a department or a service centre): the platform's, shared by every
/// domain.
pub use platform::UnitId;

/// The id of an applicant (natural or legal person) account.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct ApplicantId(pub i64);

impl std::fmt::Display for ApplicantId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// The id of a stored attachment (sample, blank form, uploaded material).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct AttachmentId(pub i64);

impl std::fmt::Display for AttachmentId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Trims `text` and rejects it when empty, naming the field in the Chinese message.
pub(crate) fn required(text: &str, field: &str) -> Result<String, ServiceError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(ServiceError::Invalid(format!("{field}不能为空")));
    }
    Ok(trimmed.to_owned())
}
