//! The messages' use cases on the workflow kernel (MSG-*): a message submitted on a site's
//! channel (the writer sealed, number and query code shown once, an acknowledged message
//! committed before it is answered), every staff command of the pure machine through
//! [`platform::workflow::execute`] — the reply clock on the shared clock table, so that it
//! shows in 电子监察 and the workbench —, the unit's contacts texted on arrival, the
//! transfer to 12345 as a hotline order linked both ways, the writer's lookup and rating (a
//! bad rating opens the 好差评 rectification), the audited reveal of the writer, and the
//! statistics per unit with 互动回应差 per site, and a published message drafted as an FAQ
//! entry of the knowledge base.

mod faq;
mod machine;
mod messages;
pub mod phone;
mod stats;

pub use faq::{FAQ_CATEGORY, promote_to_faq};
pub use machine::Messages;
pub use messages::{
    Submitted, execute, lookup, message_of_order, rate, submit, submit_for, transfer_to_hotline,
    unmask_writer,
};
pub use stats::{ResponseGap, UnitStatistics, response_gaps, statistics};

/// The acting staff user of a session, with whether their unit is the petition bureau
/// (which routes messages and reviews the leader mailbox's replies, MSG-ROUTE, MSG-REVIEW).
pub async fn acting(
    db: &platform::db::Db,
    actor: &platform::roles::Actor,
) -> platform::Result<crate::message::Acting> {
    let unit = platform::units::get(db, actor.unit_id).await?;
    let petition = unit.kind == platform::units::UnitKind::PetitionBureau;
    Ok(crate::message::Acting::of(actor, petition))
}

/// The count of failed query-code lookups of message numbers ([`platform::query_code`]).
pub const LOOKUP_SCOPE: platform::query_code::Scope = platform::query_code::Scope("participation");

/// A message as a subject of the workflow kernel: its reply clock (MSG-LIMITS), its history,
/// and what waits for the routing desk, the competent unit and its leader.
pub const MESSAGE_SUBJECT: platform::workflow::SubjectKind = platform::workflow::SubjectKind {
    code: "participation_message",
    label: "网站留言",
    number_table: "participation_messages",
    page: "/office/participation/messages/",
    main_rule: "MSG-LIMITS",
    overdue_flag: None,
    clock_name: |_| "答复时限",
    waits: WAITS,
    history: platform::workflow::HistoryTable {
        table: "participation_message_events",
        subject_column: "message_id",
    },
    command_label: crate::message::CommandKind::label_of_code,
    effect_words: |_| None,
    counting: platform::workflow::counters::Counting::NONE,
};

/// MSG-ROUTE, MSG-REVIEW, MSG-PUBLISH: what waits for whom.
const WAITS: &[platform::workflow::Wait] = &[
    platform::workflow::Wait {
        role: platform::roles::Role::SiteEditor,
        label: "待分办、待发布的网站留言",
        sql: "SELECT id, number FROM participation_messages \
              WHERE status IN ('received', 'approved') AND site_unit_id = $1",
        red_only: false,
        unit_clocks: false,
    },
    platform::workflow::Wait {
        role: platform::roles::Role::UnitHandler,
        label: "待答复的网站留言",
        sql: "SELECT id, number FROM participation_messages \
              WHERE status = 'routed' AND unit_id = $1",
        red_only: false,
        unit_clocks: true,
    },
    platform::workflow::Wait {
        role: platform::roles::Role::UnitLeader,
        label: "待审核的留言答复",
        sql: "SELECT id, number FROM participation_messages \
              WHERE status = 'replied' AND unit_id = $1 \
              AND channel NOT IN ('leader_mailbox', 'site_error')",
        red_only: false,
        unit_clocks: true,
    },
];
