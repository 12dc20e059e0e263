//! The consultation use cases: topics on the workflow kernel (MSG-CONSULT, PUB-PRECONSULT) —
//! decided, published and reported through [`platform::workflow::execute`], their clocks on
//! the shared clock table so that they show in 电子监察 and the workbench — the public's
//! comments (content-safety check, phone sealed) and ballots (one per verified phone), the
//! live results, the yearly count per site and whether a site's channel works; interviews
//! (MSG-INTERVIEW) and their questions.

pub mod interviews;
mod machine;
pub mod phone;
pub mod topics;

pub use machine::Topics;
pub use topics::{
    ChannelStatus, channel_working, comment, decide, execute, results, vote, year_count,
};

/// A consultation topic as a subject of the workflow kernel: its 预公开 and adoption clocks
/// (PUB-PRECONSULT), its history, and what waits for the unit's editors.
pub const TOPIC_SUBJECT: platform::workflow::SubjectKind = platform::workflow::SubjectKind {
    code: "consultation_topic",
    label: "意见征集",
    number_table: "consultation_topics",
    page: "/office/consultations/",
    main_rule: "PUB-PRECONSULT",
    overdue_flag: None,
    clock_name: |_| "预公开或采纳情况公布期限",
    waits: WAITS,
    history: platform::workflow::HistoryTable {
        table: "consultation_topic_events",
        subject_column: "topic_id",
    },
    command_label: crate::topic::CommandKind::label_of_code,
    effect_words: |_| None,
    counting: platform::workflow::counters::Counting::NONE,
};

/// PUB-PRECONSULT: the topics waiting for the unit's editor — to be published, or past their
/// period without the adoption report.
const WAITS: &[platform::workflow::Wait] = &[platform::workflow::Wait {
    role: platform::roles::Role::SiteEditor,
    label: "待发布或待公布采纳情况的意见征集",
    sql: "SELECT id, number FROM consultation_topics \
          WHERE status IN ('decided', 'published') AND unit_id = $1",
    red_only: false,
    unit_clocks: true,
}];
