//! The 12345 hotline (rules HL-*, KB-*, EVAL-*): its pure domain core and the use cases
//! around it.
//!
//! The core — [`order`], [`appeal`], [`limits`], [`supervise`] and the small value modules
//! — is plain Rust with no IO and no clock reads (architecture invariant 3; the tidy test
//! checks it): [`order::apply`] is `(state, command, now, profile, calendar) -> Result<(new state,
//! events), error>`. Every time limit comes from [`platform::profile::RuleProfile`]; the
//! application layer loads an [`order::Order`], applies a [`order::Command`], and stores the
//! new state with the [`order::Event`]s (clock rows, notifications, accountability
//! candidates) in one transaction. Storage ([`store`]), the use cases ([`usecase`],
//! [`supervision`], [`kb_store`], [`credit`]), the reports and Open311 do the IO. See
//! `README.md` for the clock semantics.

pub mod account;
pub mod appeal;
pub mod callback;
pub mod credit;
pub mod error;
pub mod evaluation;
pub mod export;
pub mod kb;
pub mod kb_store;
pub mod limits;
pub mod open311;
pub mod order;
pub mod publication;
pub mod recipients;
pub mod refuse;
pub mod reports;
pub mod snapshot;
pub mod store;
pub mod supervise;
pub mod supervision;
pub mod usecase;
pub mod warn;

pub use error::{ErrorKind, HotlineError};

/// The id of an appeal and of its work order (one row: the order is formed on receipt,
/// 000 §12345-9(三)1 即时形成诉求工单).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct AppealId(pub i64);

/// The id of a unit: the platform's, shared by every domain.
pub use platform::UnitId;

impl From<AppealId> for i64 {
    fn from(id: AppealId) -> i64 {
        id.0
    }
}

impl std::fmt::Display for AppealId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// The 12345 work order as a subject of the workflow kernel: what electronic supervision and
/// the cross-domain lists show of it (OPS-ESUPERVISE). 超期 is its handling limit passed.
pub const SUBJECT: platform::workflow::SubjectKind = platform::workflow::SubjectKind {
    code: store::CLOCK_SUBJECT,
    label: "12345工单",
    number_table: "hotline_appeals",
    page: "/office/hotline/orders/",
    main_rule: "HL-LIMITS",
    overdue_flag: None,
    clock_name: order::clock_name,
    waits: WAITS,
    history: platform::workflow::HistoryTable {
        table: "hotline_events",
        subject_column: "order_id",
    },
    command_label: order::CommandKind::label_of_code,
    effect_words: usecase::history::effect_words,
    counting: reports::COUNTING,
};

/// What an order waits for at each role (issue 11 point 2: the workbench; statuses are
/// [`order::Status::code`]): the units of its dispatch sign (HL-SIGN) and handle, the lead's
/// leader approves the result (HL-RESULT); the hotline dispatches (HL-DISPATCH), replies
/// (HL-REPLY) and calls back (HL-CALLBACK) for every unit; the supervisor sees the red ones.
const WAITS: &[platform::workflow::Wait] = &[
    platform::workflow::Wait {
        role: platform::roles::Role::UnitHandler,
        label: "待签收",
        sql: "SELECT o.id AS id, a.number AS number FROM hotline_order_units u \
              JOIN hotline_orders o ON o.id = u.order_id JOIN hotline_appeals a ON a.id = o.id \
              WHERE u.unit_id = $1 AND u.signed_at IS NULL \
              AND o.status IN ('dispatched', 'handling', 'hung')",
        red_only: false,
        unit_clocks: true,
    },
    platform::workflow::Wait {
        role: platform::roles::Role::UnitHandler,
        label: "待办理",
        sql: "SELECT o.id AS id, a.number AS number FROM hotline_order_units u \
              JOIN hotline_orders o ON o.id = u.order_id JOIN hotline_appeals a ON a.id = o.id \
              WHERE u.unit_id = $1 AND u.signed_at IS NOT NULL AND o.status = 'handling'",
        red_only: false,
        unit_clocks: true,
    },
    platform::workflow::Wait {
        role: platform::roles::Role::UnitLeader,
        label: "待审批",
        sql: "SELECT o.id AS id, a.number AS number FROM hotline_order_units u \
              JOIN hotline_orders o ON o.id = u.order_id JOIN hotline_appeals a ON a.id = o.id \
              WHERE u.unit_id = $1 AND u.role = 'lead' AND o.status = 'result_submitted'",
        red_only: false,
        unit_clocks: true,
    },
    platform::workflow::Wait {
        role: platform::roles::Role::HotlineOperator,
        label: "待派单",
        sql: "SELECT o.id AS id, a.number AS number FROM hotline_orders o \
              JOIN hotline_appeals a ON a.id = o.id WHERE o.status IN ('registered', 'returned')",
        red_only: false,
        unit_clocks: false,
    },
    // HL-EXTEND, HL-HANG: a unit's application waits for the hotline's decision (its decision
    // clock, filed under the hotline centre, runs).
    platform::workflow::Wait {
        role: platform::roles::Role::HotlineOperator,
        label: "待审批申请",
        sql: "SELECT DISTINCT o.id AS id, a.number AS number FROM clocks c \
              JOIN units un ON un.id = c.unit_id AND un.kind = 'hotline_centre' \
              JOIN hotline_orders o ON o.id = CAST(c.subject_id AS BIGINT) \
              JOIN hotline_appeals a ON a.id = o.id WHERE c.subject_type = 'order' \
              AND c.rule_id IN ('HL-EXTEND', 'HL-HANG') AND c.status = 'running'",
        red_only: false,
        unit_clocks: false,
    },
    platform::workflow::Wait {
        role: platform::roles::Role::HotlineOperator,
        label: "待回复",
        sql: "SELECT o.id AS id, a.number AS number FROM hotline_orders o \
              JOIN hotline_appeals a ON a.id = o.id WHERE o.status = 'result_approved'",
        red_only: false,
        unit_clocks: false,
    },
    platform::workflow::Wait {
        role: platform::roles::Role::HotlineOperator,
        label: "待回访",
        sql: "SELECT o.id AS id, a.number AS number FROM hotline_orders o \
              JOIN hotline_appeals a ON a.id = o.id WHERE o.status = 'replied'",
        red_only: false,
        unit_clocks: false,
    },
    platform::workflow::Wait {
        role: platform::roles::Role::HotlineSupervisor,
        label: "红灯工单",
        sql: "SELECT o.id AS id, a.number AS number FROM hotline_orders o \
              JOIN hotline_appeals a ON a.id = o.id WHERE o.status IN ('registered', \
              'dispatched', 'returned', 'handling', 'hung', 'result_submitted', \
              'result_approved', 'replied', 'under_review', 'awaiting_review_form', \
              'form_under_review')",
        red_only: true,
        unit_clocks: false,
    },
];

/// Trims `text` and rejects it when empty, naming the field in the Chinese message.
pub(crate) fn required(text: &str, field: &str) -> Result<String, HotlineError> {
    required_within(text, field, TEXT_MAX_CHARS)
}

/// The most characters of a free text of a command (a reason, a note, an opinion …).
pub const TEXT_MAX_CHARS: usize = 2_000;
/// The most characters of an appeal's content (issue 12: an 8.4 MB appeal was accepted).
pub const CONTENT_MAX_CHARS: usize = 4_000;
/// The most characters of an appeal's location or a short name.
pub const SHORT_MAX_CHARS: usize = 200;

/// A required text, trimmed, of at most `max` characters and without control characters
/// other than line breaks and tabs (a NUL or an escape sequence is refused, not stored).
pub(crate) fn required_within(text: &str, field: &str, max: usize) -> Result<String, HotlineError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(HotlineError::Invalid(format!("{field}不能为空")));
    }
    if trimmed.chars().count() > max {
        return Err(HotlineError::Invalid(format!("{field}不能超过 {max} 个字")));
    }
    if trimmed
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(HotlineError::Invalid(format!(
            "{field}含有不可见的控制字符"
        )));
    }
    Ok(trimmed.to_owned())
}
