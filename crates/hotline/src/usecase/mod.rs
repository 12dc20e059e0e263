//! Use cases of the hotline: registering an appeal and executing every command on its order
//! through the kernel's one path (architecture invariant 3, `platform::workflow::command`):
//! load, `order::apply`, and in one transaction store the snapshot, history, clocks,
//! notifications and the audit row.

mod catalogue;
mod clearance;
mod collab;
mod desk;
mod effects;
pub mod history;
mod intake;
mod machine;
mod queries;
mod search;
mod suggest;

pub use catalogue::{dispatch_catalogue, parse_keywords, save_dispatch_keywords};
pub use clearance::{clear_attachment, cleared_attachments};
pub use collab::{
    ArchiveFiles, RESULT_MAX_FILES, ReviewFormUpload, archive, attachments_of, merge,
    submit_held_result, submit_result, upload_review_form,
};
pub use desk::{DeskOrder, desk_orders};
pub use intake::{HeldFiles, IntakeQueue, register_appeal, register_appeal_with};
pub use queries::{
    AppellantView, CitizenView, ContactField, OrderView, QueueClock, QueueItem, SimilarAppeal,
    find_by_number, history, order_view, reveal_contact, similar_open, similar_to, unit_queue,
};
pub use search::{
    FoundOrder, FoundPage, HOTLINE_QUEUES, OrderQuery, SearchScope, order_light, search_orders,
};
pub use suggest::{DispatchSuggestion, dispatch_suggestions};

use calendar::{Calendar, Instant};
use platform::Result;
use platform::audit::AuditActor;
use platform::db::{Db, Tx};
use platform::personal::{Address, DataKey, PersonName, PhoneNumber};
use platform::profile::RuleProfile;
use platform::query_code;
use platform::workflow::{self, Context};

use crate::AppealId;
use crate::appeal::{Category, Channel, Origin};
use crate::order::{Command, Order};
use machine::Orders;

/// The owner kind of an appellant's attachments (`platform::attachments`).
pub const APPEAL_ATTACHMENT: &str = "appeal";
/// The owner kind of what is filed with an archived order: recordings, leaders'
/// instructions (HL-ARCHIVE). Only the hotline sees them: a recording is the caller's voice.
pub const ARCHIVE_ATTACHMENT: &str = "order_archive";
/// The owner kind of the head-signed review forms kept with an order (HL-CALLBACK).
pub const REVIEW_FORM_ATTACHMENT: &str = "review_form";
/// The owner kind of the files the lead attaches to its result (HL-RESULT, issue 14 item
/// 11): shown with the result to the hotline and the lead unit only.
pub const RESULT_ATTACHMENT: &str = "order_result";

/// The appellant's identity and contact, each optional (anonymous appeals are allowed).
#[derive(Debug, Clone, Default)]
pub struct Appellant {
    pub name: Option<PersonName>,
    pub phone: Option<PhoneNumber>,
    pub address: Option<Address>,
    pub employer: Option<String>,
}

impl Appellant {
    /// Parses form fields; an empty field is absent, a phone that does not parse is refused.
    pub fn parse(name: &str, phone: &str, address: &str, employer: &str) -> Result<Self> {
        let present = |text: &str| (!text.trim().is_empty()).then(|| text.trim().to_owned());
        Ok(Self {
            name: present(name).map(|n| PersonName::parse(&n)).transpose()?,
            phone: present(phone).map(|p| PhoneNumber::parse(&p)).transpose()?,
            address: present(address).map(|a| Address::parse(&a)).transpose()?,
            employer: present(employer)
                .map(|e| crate::required_within(&e, "工作单位", crate::SHORT_MAX_CHARS))
                .transpose()?,
        })
    }
}

/// A new appeal as the form or the operator's desk gives it (HL-REGISTER).
#[derive(Debug, Clone)]
pub struct NewAppeal {
    pub channel: Channel,
    pub category: Category,
    pub origin: Origin,
    pub content: String,
    pub location: String,
    pub is_private: bool,
    /// HL-PRIVACY (issue 12 finding 12): the appellant agreed to publish the content without
    /// personal data (同意公开诉求内容（不含个人信息）); off unless they said so. A complaint
    /// or report is never published, whatever this says.
    pub publish_consent: bool,
    /// HL-PRIVACY: the appellant asked that the handling unit not contact them.
    pub confidential: bool,
    /// HL-SUPERVISE: the province's due time of a provincial order.
    pub province_due: Option<Instant>,
    pub appellant: Appellant,
    /// The submitter's IP (portal), sealed.
    pub ip: Option<String>,
}

/// What the appellant is told once: the number and the query code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registration {
    pub appeal_id: AppealId,
    pub number: String,
    pub query_code: String,
}

/// The keyed hash of a query code (bound to the number, so equal codes differ), over the
/// code as [`query_code::normalise`] reads it: `k7mx 3qpa` is `K7MX-3QPA`, and a six-digit
/// code of an appeal registered before issue 12 hashes as it always did.
pub(crate) fn query_code_hash(key: &DataKey, number: &str, code: &str) -> String {
    key.lookup_hash(&query_code_input(number, code))
}

/// What a query code's blind index is computed over.
pub(crate) fn query_code_input(number: &str, code: &str) -> String {
    format!(
        "hotline-query-code:{number}:{}",
        query_code::normalise(code)
    )
}

/// The blind indexes of the hotline whose clear value is sealed beside them, rebuilt once
/// per database made before issue 12 finding 14: the appellant's phone, also kept by the
/// credit records (HL-CREDIT).
pub const BLIND_INDEXES: &[platform::personal::reindex::BlindIndex] =
    &[platform::personal::reindex::BlindIndex {
        name: "hotline_appeals.phone_lookup",
        source: "SELECT appellant_phone_sealed AS sealed, phone_lookup AS lookup, number AS row \
                 FROM hotline_appeals",
        place: phone_place,
        input: str::to_owned,
        targets: &[
            ("hotline_appeals", "phone_lookup"),
            ("hotline_credit_records", "phone_lookup"),
        ],
    }];

/// HL-REGISTER, issue 12 finding 3: eight characters without look-alikes, `K7MX-3QPA`.
fn new_query_code() -> String {
    query_code::generate()
}

/// The count of failed lookups of appeal numbers (`platform::query_code`).
pub(crate) const LOOKUP_SCOPE: query_code::Scope = query_code::Scope("hotline");

fn phone_place(number: &str) -> String {
    place("appellant_phone_sealed", number)
}

/// Issue 12 finding 14: where an appellant's value is sealed — its column of
/// `hotline_appeals` and the appeal's number — bound into the sealed value, so that it opens
/// nowhere else.
pub fn place(column: &str, number: &str) -> String {
    platform::personal::aad(&format!("hotline_appeals.{column}"), number)
}

fn seal(key: &DataKey, value: Option<&str>, column: &str, number: &str) -> Result<Option<Vec<u8>>> {
    value
        .map(|v| key.seal_for(v, &place(column, number)))
        .transpose()
}

/// The calendar and profile a command is judged by.
#[derive(Debug, Clone, Copy)]
pub struct Rules<'a> {
    pub calendar: &'a Calendar,
    pub profile: &'a RuleProfile,
}

impl<'a> Rules<'a> {
    /// The kernel's context of a use case judged by these rules: who acts and when.
    pub fn context(self, key: &'a DataKey, actor: &'a AuditActor, now: Instant) -> Context<'a> {
        Context {
            key,
            actor,
            calendar: self.calendar,
            profile: self.profile,
            now,
        }
    }

    /// The rules of a use-case context.
    pub fn of(context: &Context<'a>) -> Rules<'a> {
        Rules {
            calendar: context.calendar,
            profile: context.profile,
        }
    }
}

/// THE one path of every command on an order: the kernel's (`platform::workflow::execute`)
/// with the order's machine ([`machine::Orders`]). With `expected_version`, a stale page is
/// a conflict; in any case a concurrent change between load and store is a conflict. A
/// refused command changes nothing.
pub async fn execute(
    db: &Db,
    context: &Context<'_>,
    order_id: AppealId,
    command: Command,
    expected_version: Option<i64>,
) -> Result<(Order, i64)> {
    workflow::execute(db, &Orders, context, order_id, command, expected_version).await
}

/// [`execute`] inside the caller's transaction, for use cases that change more than one
/// order or store a file with the command; the caller commits.
pub(crate) async fn execute_in(
    tx: &mut Tx,
    context: &Context<'_>,
    order_id: AppealId,
    command: Command,
    expected_version: Option<i64>,
) -> Result<(Order, i64)> {
    workflow::execute_in(tx, &Orders, context, order_id, command, expected_version).await
}
