//! Use cases of the online services: submitting an application and executing every command
//! on its case through the kernel's one path (architecture invariant 3,
//! `platform::workflow::command`): load, `case::apply`, and in one transaction store the
//! snapshot, history, clocks, notifications, filed materials, issued e-licences and the audit
//! row. Item catalogue use cases are in [`items`].

pub mod acceptance;
pub mod annual;
pub mod catalogue;
pub mod catalogue_import;
mod effects;
pub mod guide_files;
pub mod item_office;
pub mod items;
mod machine;
pub mod online;
mod online_queue;
pub mod phone_check;
pub mod public_lists;
mod queries;
pub mod rating;
pub mod supplement;

pub use items::{
    PublishedItem, add_to_negative_list, item_command, publish_item, published_item,
    save_item_version,
};
pub use online_queue::SubmissionQueue;
pub use queries::{
    DeskCase, DeskClock, OverdueCase, StatusView, case_history, case_status, desk, overdue_cases,
};

use calendar::Instant;
use platform::audit::{self, AuditEvent};
use platform::db::{Db, Tx};
use platform::personal::reindex::BlindIndex;
use platform::personal::{CitizenIdNo, DataKey, PersonName, PhoneNumber};
use platform::query_code;
use platform::workflow::{self, Context};
use platform::{Error, Result};

use crate::case::{Application, Case, Channel, Command, SubmittedMaterial, submit};
use crate::enterprise::{CreditCode, Enterprise, EnterpriseName};
use crate::store::{cases, library};
use crate::{ApplicantId, CaseId, reuse};
use machine::{Cases, NewCaseFacts};

/// The applicant's identity: sealed on storage, looked up by a keyed hash of the ID number.
/// For an enterprise (issue 14 item 4) the person is its agent (经办人).
#[derive(Debug, Clone)]
pub struct Applicant {
    /// The applicant's portal account.
    pub account: ApplicantId,
    pub name: PersonName,
    pub id_no: CitizenIdNo,
    pub phone: Option<PhoneNumber>,
    /// SVC-STATUS: an e-mail address for the progress mails (optional), sealed like the phone.
    pub email: Option<crate::email::ApplicantEmail>,
    /// The applicant proved they hold the phone (a code sent to it): only then are materials
    /// on file and licences reused online (SVC-NO-RESUBMIT, issue 12 finding 13).
    pub phone_proof: Option<phone_check::PhoneProof>,
    /// The enterprise the person applies for, as its agent: the case, its materials on file
    /// and its e-licences are then the enterprise's (SVC-NO-RESUBMIT, SVC-ELICENCE).
    pub enterprise: Option<Enterprise>,
}

impl Applicant {
    /// The index the case's materials are filed and its licences issued under, and reuse
    /// looks in (SVC-NO-RESUBMIT, SVC-ELICENCE): the enterprise's when the person applies
    /// for one, else the person's.
    pub fn holder_lookup(&self, key: &DataKey) -> String {
        match &self.enterprise {
            Some(enterprise) => enterprise_lookup(key, &enterprise.credit_code),
            None => applicant_lookup(key, &self.id_no),
        }
    }
}

/// An application as the form or the window clerk gives it.
#[derive(Debug, Clone)]
pub struct NewApplication {
    pub applicant: Applicant,
    pub channel: Channel,
    /// The materials uploaded now; the rest are offered from file and the licence library.
    pub uploads: Vec<SubmittedMaterial>,
}

/// What the applicant is told once: the case, its number and the query code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submission {
    pub case_id: CaseId,
    pub number: String,
    pub query_code: String,
    /// The optimistic version of the new case (1).
    pub version: i64,
    /// Materials taken from file or the licence library instead of being asked (SVC-NO-RESUBMIT).
    pub reused: Vec<SubmittedMaterial>,
}

/// The keyed hash of a query code (bound to the number, so equal codes differ), over the
/// code as [`query_code::normalise`] reads it: `k7mx 3qpa` is `K7MX-3QPA`, and a six-digit
/// code of a case submitted before issue 12 hashes as it always did.
pub(crate) fn query_code_hash(key: &DataKey, number: &str, code: &str) -> String {
    key.lookup_hash(&query_code_input(number, code))
}

/// What a query code's blind index is computed over.
fn query_code_input(number: &str, code: &str) -> String {
    format!("svc-query-code:{number}:{}", query_code::normalise(code))
}

/// The count of failed lookups of case numbers (`platform::query_code`).
const LOOKUP_SCOPE: query_code::Scope = query_code::Scope("services");

/// SVC-STATUS (issue 12 finding 3): the case of `number` when `code` is its query code.
/// Every page that opens a case by number and code (status, rating, supplement) comes here:
/// a wrong code or an unknown number is the same NotFound and counts against the number; a
/// number locked by failed lookups is refused whatever the code, with the wait.
pub(crate) async fn case_by_code(
    db: &Db,
    key: &DataKey,
    number: &str,
    code: &str,
) -> Result<cases::StoredCase> {
    let number = query_code::normalise_number(number);
    let found = cases::by_number(db, &number).await?;
    query_code::verify(
        db,
        LOOKUP_SCOPE,
        &number,
        found,
        // Codes given before issue 12 finding 14 are recognised by their old blind index.
        |stored| {
            key.lookup_matches(
                &stored.query_code_hash,
                &query_code_input(&stored.number, code),
            )
        },
        || Error::not_found("办件编号或查询码不正确"),
    )
    .await
}

/// The keyed hash identifying an applicant across cases (SVC-NO-RESUBMIT).
pub fn applicant_lookup(key: &DataKey, id_no: &CitizenIdNo) -> String {
    key.lookup_hash(&applicant_input(id_no.as_str()))
}

/// Where a case's applicant ID number is sealed (issue 12 finding 14).
fn id_no_place(number: &str) -> String {
    place("applicant_id_no_sealed", number)
}

/// Issue 12 finding 14: where an applicant's value is sealed — its column of `svc_cases` and
/// the case's number — bound into the sealed value, so that it opens nowhere else.
pub fn place(column: &str, number: &str) -> String {
    platform::personal::aad(&format!("svc_cases.{column}"), number)
}

/// What an applicant's blind index is computed over.
fn applicant_input(id_no: &str) -> String {
    format!("svc-applicant:{id_no}")
}

/// Issue 14 item 4: the keyed hash identifying an enterprise across cases by its
/// 统一社会信用代码 (SVC-NO-RESUBMIT, SVC-ELICENCE), as the applicant's ID number is.
pub fn enterprise_lookup(key: &DataKey, code: &CreditCode) -> String {
    key.lookup_hash(&enterprise_input(code.as_str()))
}

/// What an enterprise's blind index is computed over: apart from every person's.
fn enterprise_input(code: &str) -> String {
    format!("svc-enterprise:{code}")
}

/// Where a case's enterprise credit code is sealed.
fn enterprise_code_place(number: &str) -> String {
    place("enterprise_code_sealed", number)
}

/// The enterprise a case was applied for (issue 14 item 4), opened from its sealed values;
/// `None` for a person's own case. Not personal data: the back office and the applicant's
/// notice show it whole.
pub async fn case_enterprise(db: &Db, key: &DataKey, id: CaseId) -> Result<Option<Enterprise>> {
    let Some((number, name, code)) = cases::enterprise_sealed(db, id).await? else {
        return Ok(None);
    };
    let name = key.open_for(&name, &place("enterprise_name_sealed", &number))?;
    let code = key.open_for(&code, &enterprise_code_place(&number))?;
    Ok(Some(Enterprise {
        name: EnterpriseName::parse(&name).map_err(Error::from)?,
        credit_code: CreditCode::parse(&code).map_err(Error::from)?,
    }))
}

/// The blind indexes of the services domain whose clear value is sealed beside them,
/// rebuilt once per database made before issue 12 finding 14.
/// The enterprises' index (issue 14 item 4) came after, so it is never old; it is listed so
/// that every index of the domain is named in one place.
pub const BLIND_INDEXES: &[BlindIndex] = &[
    BlindIndex {
        name: "svc_cases.applicant_lookup",
        source: "SELECT applicant_id_no_sealed AS sealed, applicant_lookup AS lookup, \
                 number AS row FROM svc_cases",
        place: id_no_place,
        input: applicant_input,
        targets: &[
            ("svc_cases", "applicant_lookup"),
            ("svc_materials_on_file", "applicant_lookup"),
            ("svc_licences", "applicant_lookup"),
        ],
    },
    BlindIndex {
        name: "svc_cases.enterprise_lookup",
        source: "SELECT enterprise_code_sealed AS sealed, enterprise_lookup AS lookup, \
                 number AS row FROM svc_cases WHERE enterprise_lookup IS NOT NULL",
        place: enterprise_code_place,
        input: enterprise_input,
        targets: &[
            ("svc_cases", "enterprise_lookup"),
            ("svc_materials_on_file", "applicant_lookup"),
            ("svc_licences", "applicant_lookup"),
        ],
    },
];

/// SVC-NO-RESUBMIT: what the item's form would reuse for this applicant and what it asks.
pub async fn reuse_offer(
    db: &Db,
    key: &DataKey,
    item_code: &str,
    id_no: &CitizenIdNo,
    now: Instant,
) -> Result<reuse::ReusePlan> {
    let mut tx = db.begin_read().await?;
    let published = items::public_in(&mut tx, item_code).await?;
    let lookup = applicant_lookup(key, id_no);
    let on_file = library::materials_on_file(&mut tx, &lookup).await?;
    let held = library::licences_held(&mut tx, &lookup).await?;
    tx.commit().await?;
    Ok(reuse::plan(
        published.item.materials.list(),
        &on_file,
        &held,
        now,
    ))
}

/// SVC-ACCEPT, SVC-NO-RESUBMIT: validates through `case::submit` (a missing required material
/// is refused and nothing is stored), offers materials on file and e-licences held in place
/// of what was not uploaded, seals the identity, numbers the case, starts its clocks and
/// commits with the audit row before the number is returned.
pub async fn submit_case(
    db: &Db,
    context: &Context<'_>,
    item_code: &str,
    application: NewApplication,
) -> Result<Submission> {
    let Context {
        key, actor, now, ..
    } = *context;
    let number = new_case_number(db, now).await?;
    let mut tx = db.begin().await?;
    let published = items::public_in(&mut tx, item_code).await?;
    let applicant = &application.applicant;
    let lookup = applicant_lookup(key, &applicant.id_no);
    let holder = applicant.holder_lookup(key);
    let on_file = library::materials_on_file(&mut tx, &holder).await?;
    let held = library::licences_held(&mut tx, &holder).await?;
    let plan = reuse::plan(published.item.materials.list(), &on_file, &held, now);
    let reused: Vec<SubmittedMaterial> = plan
        .reuse
        .into_iter()
        .filter(|offer| !application.uploads.iter().any(|u| u.code == offer.code))
        .collect();
    let mut materials = application.uploads.clone();
    materials.extend(reused.iter().cloned());
    let (id, number, query_code) =
        insert_case_row(&mut tx, key, number, &published, applicant, &lookup, now).await?;
    let new_case = NewCase {
        id,
        number: &number,
        account: applicant.account,
        channel: application.channel,
        materials,
        reused: reused.len(),
        applicant_lookup: &holder,
    };
    let event = submission_written(&mut tx, context, &published, new_case).await?;
    audit::record(&mut tx, actor, event, now.millis()).await?;
    tx.commit().await?;
    tracing::info!(case.id = %id, "service case submitted");
    Ok(Submission {
        case_id: id,
        number,
        query_code,
        version: 1,
        reused,
    })
}

/// Numbers a new case (`SV<day><seq>`), draws its query code and inserts its row with the
/// sealed identity, in the caller's transaction; the snapshot follows in
/// [`submission_written`]. Returns the id, the number and the clear query code.
/// A new case number `SV` + day + sequence, reserved before the submission's transaction.
pub(crate) async fn new_case_number(db: &Db, now: Instant) -> Result<String> {
    Ok(new_case_numbers(db, now, 1).await?.remove(0))
}

/// `count` new case numbers of `now`'s day, reserved with one statement before the
/// submissions' transaction (a refused submission leaves a gap, never a duplicate).
pub(crate) async fn new_case_numbers(db: &Db, now: Instant, count: usize) -> Result<Vec<String>> {
    let day = now.local_date().format("%Y%m%d").to_string();
    let wanted = i64::try_from(count).map_err(|_| anyhow::anyhow!("too many case numbers"))?;
    let first = cases::reserve_numbers(db, &day, wanted).await?;
    Ok((first..first + wanted)
        .map(|sequence| format!("SV{day}{sequence:06}"))
        .collect())
}

pub(crate) async fn insert_case_row(
    tx: &mut Tx,
    key: &DataKey,
    number: String,
    published: &PublishedItem,
    applicant: &Applicant,
    lookup: &str,
    now: Instant,
) -> Result<(CaseId, String, String)> {
    // SVC-STATUS, issue 12 finding 3: eight characters without look-alikes, `K7MX-3QPA`.
    let query_code = query_code::generate();
    // Issue 14 item 4: the enterprise sealed to the case's number, with its index.
    let enterprise = applicant
        .enterprise
        .as_ref()
        .map(|enterprise| -> Result<cases::EnterpriseRow> {
            Ok(cases::EnterpriseRow {
                name_sealed: key.seal_for(
                    enterprise.name.as_str(),
                    &place("enterprise_name_sealed", &number),
                )?,
                code_sealed: key.seal_for(
                    enterprise.credit_code.as_str(),
                    &enterprise_code_place(&number),
                )?,
                lookup: enterprise_lookup(key, &enterprise.credit_code),
            })
        })
        .transpose()?;
    let row = cases::CaseRow {
        number: number.clone(),
        department: published.item.basic.department,
        name_sealed: key.seal_for(
            applicant.name.as_str(),
            &place("applicant_name_sealed", &number),
        )?,
        id_no_sealed: key.seal_for(
            applicant.id_no.as_str(),
            &place("applicant_id_no_sealed", &number),
        )?,
        phone_sealed: applicant
            .phone
            .as_ref()
            .map(|phone| key.seal_for(phone.as_str(), &place("applicant_phone_sealed", &number)))
            .transpose()?,
        email_sealed: applicant
            .email
            .as_ref()
            .map(|email| key.seal_for(email.as_str(), &place("applicant_email_sealed", &number)))
            .transpose()?,
        applicant_lookup: lookup.to_owned(),
        enterprise,
        query_code_hash: query_code_hash(key, &number, &query_code),
        created_at: now.millis(),
    };
    let id = cases::insert(tx, &row, published.id.0, published.version).await?;
    Ok((id, number, query_code))
}

/// A case whose row exists, with every material of its first submission.
pub(crate) struct NewCase<'a> {
    pub id: CaseId,
    pub number: &'a str,
    pub account: ApplicantId,
    pub channel: Channel,
    pub materials: Vec<SubmittedMaterial>,
    /// How many materials were reused (for the audit row).
    pub reused: usize,
    /// The holder's index ([`Applicant::holder_lookup`]): the enterprise's for an
    /// enterprise's application (issue 14 item 4), else the applicant's. Materials are filed
    /// and licences issued under it.
    pub applicant_lookup: &'a str,
}

/// SVC-ACCEPT: validates the submission through `case::submit` (a missing required material
/// is refused; the caller's transaction is then dropped and nothing stays), then writes the
/// snapshot, history, clocks and notifications in the caller's transaction. The audit row
/// is returned for the caller to record (a batch of submissions records all of theirs with
/// one turn at the chain's head).
pub(crate) async fn submission_written(
    tx: &mut Tx,
    context: &Context<'_>,
    published: &PublishedItem,
    new_case: NewCase<'_>,
) -> Result<AuditEvent> {
    let Context {
        key,
        actor,
        calendar,
        profile,
        now,
    } = *context;
    let NewCase {
        id,
        number,
        account,
        channel,
        materials,
        reused,
        applicant_lookup,
    } = new_case;
    let pure = Application {
        id,
        item: published.id,
        item_version: published.version,
        applicant: account,
        channel,
        materials,
    };
    let (case, emitted) =
        submit(pure, &published.item, now, profile, calendar).map_err(Error::from)?;
    cases::insert_state(tx, &case, now.millis()).await?;
    let machine = Cases {
        new: Some(NewCaseFacts {
            number,
            item: &published.item,
            holder_lookup: applicant_lookup,
        }),
    };
    let context = workflow::Context {
        key,
        actor,
        calendar,
        profile,
        now,
    };
    let subject = workflow::Subject {
        id,
        loaded: None,
        state: &case,
    };
    workflow::record(tx, &machine, &context, subject, "submit", &emitted).await?;
    Ok(
        AuditEvent::new("services.submit", "svc_case", id).detail(format!(
            "提交办件 {number}（事项 {} 第 {} 版，复用材料 {reused} 项）",
            published.code, published.version,
        )),
    )
}

/// THE one path of every command on a case: the kernel's (`platform::workflow::execute`)
/// with the case's machine ([`machine::Cases`]). With `expected_version`, a stale page is a
/// conflict; in any case a concurrent change between load and store is a conflict. A refused
/// command changes nothing (the transaction is dropped).
pub async fn execute_case(
    db: &Db,
    context: &Context<'_>,
    case_id: CaseId,
    command: Command,
    expected_version: Option<i64>,
) -> Result<(Case, i64)> {
    let machine = Cases { new: None };
    workflow::execute(db, &machine, context, case_id, command, expected_version).await
}

/// [`execute_case`] inside the caller's transaction, for use cases that store files with
/// the command; the caller commits.
pub(crate) async fn execute_case_in(
    tx: &mut Tx,
    context: &Context<'_>,
    case_id: CaseId,
    command: Command,
    expected_version: Option<i64>,
) -> Result<(Case, i64)> {
    let machine = Cases { new: None };
    workflow::execute_in(tx, &machine, context, case_id, command, expected_version).await
}
