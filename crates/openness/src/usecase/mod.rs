//! The openness use cases on the workflow kernel (PUB-APPLY, PUB-ANSWER, CAL-PAUSE): a
//! disclosure application registered (online by the applicant, by letter or walk-in by the
//! unit's openness officer who fills in the form), every command of the pure machine run
//! through [`platform::workflow::execute`] — its clocks on the shared clock table, so that
//! they show in 电子监察 and the workbench — the applicant's own commands with the query
//! code, the notices kept as issued, and the files provided as attachments. [`documents`]: the
//! document register (PUB-ATTR, PUB-CONFID, PUB-COORD, SEC-SECRET) on the same kernel.

pub mod account;
pub mod annual;
pub mod annual_reports;
mod applications;
pub mod catalogue;
pub mod categories;
pub mod complaints;
pub mod concerns;
pub mod documents;
pub mod evaluation;
mod machine;
mod read;
pub mod supervisors;

pub use applications::{
    Registered, add_file, applicant_execute, execute, files, lookup, register, register_for,
    repeat_of, unmask_applicant,
};
pub use machine::Applications;
pub use read::{OfficeApplication, office_application};

/// The kind of attachment owner of a file provided to the applicant (PUB-ANSWER).
pub const FILE_OWNER: &str = "openness_application";

/// The count of failed query-code lookups of application numbers ([`platform::query_code`]).
pub const LOOKUP_SCOPE: platform::query_code::Scope = platform::query_code::Scope("openness");

/// A disclosure application as a subject of the workflow kernel: its answer clock
/// (PUB-APPLY, paused by consultations, CAL-PAUSE), the applicant's and the third party's
/// periods, its history, and what waits for the unit's openness officer and leader.
pub const APPLICATION_SUBJECT: platform::workflow::SubjectKind = platform::workflow::SubjectKind {
    code: "openness_application",
    label: "政府信息公开申请",
    number_table: "openness_applications",
    page: "/office/openness/applications/",
    main_rule: "PUB-APPLY",
    overdue_flag: None,
    clock_name: |_| "答复期限",
    waits: WAITS,
    history: platform::workflow::HistoryTable {
        table: "openness_application_events",
        subject_column: "application_id",
    },
    command_label: crate::application::CommandKind::label_of_code,
    effect_words: |_| None,
    counting: platform::workflow::counters::Counting::NONE,
};

/// PUB-APPLY: the applications waiting for the unit's openness officer.
const WAITS: &[platform::workflow::Wait] = &[platform::workflow::Wait {
    role: platform::roles::Role::OpennessOfficer,
    label: "待办理的政府信息公开申请",
    sql: "SELECT id, number FROM openness_applications \
          WHERE status IN ('received', 'in_handling', 'third_party_consultation', \
          'agency_consultation', 'answered') AND unit_id = $1",
    red_only: false,
    unit_clocks: true,
}];
