//! The applicant's side on the portal: the reuse offer once the applicant proved they hold
//! the phone ([`super::phone_check`]) and ID number and phone both match an earlier case
//! (SVC-NO-RESUBMIT), an online application whose uploaded materials are
//! checked before anything is stored and stored with the case in one transaction, the
//! applicant's view of a case (SVC-STATUS, SVC-SPECIAL) with the stages it can be rated for
//! (the rating itself is `usecase::rating`, re-exported here).
//!
//! The ID number and the phone stand in for 统一身份认证 here: a real identity login would
//! replace the phone check (see the crate README).

use calendar::{Calendar, Instant};
use platform::attachments::{self, Owner, Policy, Sealed, Upload};
use platform::audit::{self, AuditEvent};
use platform::db::{Db, Tx};
use platform::evaluation::{self, Channel as RatingChannel, EvaluationStage, SubjectType};
use platform::personal::DataKey;
use platform::workflow::Context;
use platform::{Error, Result};
use sqlx::AnyConnection;
use sqlx::Row as _;

use super::phone_check::{PhoneProof, phone_hash};
pub use super::rating::{Rater, rate_case, rate_case_stage};
use super::{
    Applicant, NewCase, PublishedItem, StatusView, Submission, applicant_lookup, case_status,
    enterprise_lookup, insert_case_row, items, submission_written,
};
use crate::case::{Case, Channel, MaterialSource, SubmittedMaterial, check_material_codes, rating};
use crate::enterprise::{CreditCode, EnterpriseAsked};
use crate::item::Item;
use crate::reuse::{self, ReusePlan};
use crate::store::{cases, items as item_store, library};
use crate::{AttachmentId, CaseId, UnitId};

/// The owner kind of an application's uploaded materials in `attachments`.
pub const CASE_OWNER: &str = "case";
/// The owner kind of an item's samples and blank forms in `attachments`.
pub const ITEM_OWNER: &str = "item";

/// One uploaded file for one material of the item's list.
#[derive(Debug, Clone)]
pub struct MaterialUpload {
    /// The material code.
    pub code: String,
    pub upload: Upload,
}

/// Issue 14 item 3: files the form kept from an earlier refusal (`platform::held`), taken by
/// the submission in its transaction: the held form and, per material code, its attachment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HeldMaterials {
    pub form: Option<i64>,
    pub files: Vec<(String, AttachmentId)>,
    /// Issue 23 item 3: materials on file and e-licences a logged-in person chose from their
    /// space instead of uploading (the web layer took them from the account's own cases);
    /// each must still be the holder's and valid, else the application is refused.
    pub chosen: Vec<SubmittedMaterial>,
}

/// SVC-NO-RESUBMIT: a material the applicant need not hand in, by name only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReusableMaterial {
    pub code: String,
    pub name: String,
    /// An e-licence of the library (true) or a material on file (false).
    pub from_licence: bool,
}

/// True when an earlier case of the applicant (same ID number) carries the same phone:
/// the keyed hashes of the phones are compared. For an enterprise (issue 14 item 4, its index
/// given) the earlier case must be the enterprise's too: the same agent with the same phone.
async fn identity_verified(
    conn: &mut AnyConnection,
    key: &DataKey,
    proof: &PhoneProof,
    enterprise: Option<&str>,
) -> Result<bool> {
    let lookup = &proof.lookup;
    let rows = match enterprise {
        None => {
            sqlx::query(
                "SELECT applicant_phone_sealed, number FROM svc_cases \
                 WHERE applicant_lookup = $1 ORDER BY id DESC LIMIT 20",
            )
            .bind(lookup)
            .fetch_all(&mut *conn)
            .await?
        }
        Some(enterprise) => {
            sqlx::query(
                "SELECT applicant_phone_sealed, number FROM svc_cases \
                 WHERE applicant_lookup = $1 AND enterprise_lookup = $2 ORDER BY id DESC LIMIT 20",
            )
            .bind(lookup)
            .bind(enterprise)
            .fetch_all(&mut *conn)
            .await?
        }
    };
    let wanted = &proof.phone_hash;
    for row in &rows {
        let number: String = row.try_get("number")?;
        let place = super::place("applicant_phone_sealed", &number);
        if let Some(sealed) = row.try_get::<Option<Vec<u8>>, _>("applicant_phone_sealed")?
            && phone_hash(key, &key.open_for(&sealed, &place)?) == *wanted
        {
            return Ok(true);
        }
    }
    Ok(false)
}

/// SVC-NO-RESUBMIT: the plan for this item, reusing only when the applicant proved they
/// hold the phone (issue 12 finding 13) and ID number and phone both match an earlier case;
/// otherwise everything is asked. For an enterprise (its index given; issue 14 item 4) the
/// earlier case is the enterprise's and what is reused is the enterprise's: its materials on
/// file and its e-licences, whichever agent handed them in.
async fn verified_plan(
    conn: &mut AnyConnection,
    key: &DataKey,
    item: &Item,
    proof: &PhoneProof,
    enterprise: Option<&str>,
    now: Instant,
) -> Result<ReusePlan> {
    if !identity_verified(conn, key, proof, enterprise).await? {
        return Ok(reuse::plan(item.materials.list(), &[], &[], now));
    }
    let holder = enterprise.unwrap_or(&proof.lookup);
    let on_file = library::materials_on_file(conn, holder).await?;
    let held = library::licences_held(conn, holder).await?;
    Ok(reuse::plan(item.materials.list(), &on_file, &held, now))
}

/// SVC-NO-RESUBMIT: the materials of `item_code` the applicant need not upload (names only,
/// never content); empty unless the applicant proved they hold the phone and ID number and
/// phone match an earlier case — of `enterprise` when the applicant acts for one (issue 14
/// item 4), whose materials and licences are then offered.
pub async fn reuse_offer_verified(
    db: &Db,
    key: &DataKey,
    item_code: &str,
    proof: &PhoneProof,
    enterprise: Option<&CreditCode>,
    now: Instant,
) -> Result<Vec<ReusableMaterial>> {
    let mut tx = db.begin_read().await?;
    let published = items::public_in(&mut tx, item_code).await?;
    let enterprise = enterprise.map(|code| enterprise_lookup(key, code));
    let plan = verified_plan(
        &mut tx,
        key,
        &published.item,
        proof,
        enterprise.as_deref(),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(plan
        .reuse
        .iter()
        .filter_map(|offer| {
            let material = published
                .item
                .materials
                .list()
                .iter()
                .find(|m| m.code == offer.code)?;
            Some(ReusableMaterial {
                code: offer.code.clone(),
                name: material.name.clone(),
                from_licence: matches!(offer.source, MaterialSource::ELicence(_)),
            })
        })
        .collect())
}

/// Issue 23 item 3 (SVC-NO-RESUBMIT): the materials a logged-in person chose from their
/// space, each checked to be a material of the item, once, and the holder's and valid
/// (`library::holds`); one that is not refuses the application with its name.
async fn chosen_of(
    db: &Db,
    item: &Item,
    holder: &str,
    chosen: &[SubmittedMaterial],
    now: Instant,
) -> Result<Vec<SubmittedMaterial>> {
    if chosen.is_empty() {
        return Ok(Vec::new());
    }
    let mut conn = db.pool.acquire().await?;
    let mut out: Vec<SubmittedMaterial> = Vec::with_capacity(chosen.len());
    for choice in chosen {
        let Some(material) = item.materials.list().iter().find(|m| m.code == choice.code) else {
            return Err(Error::invalid("所选的已有材料不属于本事项"));
        };
        let licence_type = material.licence_type.as_deref();
        if out.iter().any(|kept| kept.code == choice.code)
            || !library::holds(&mut conn, holder, choice, licence_type, now).await?
        {
            return Err(Error::invalid(format!(
                "所选的已有材料“{}”不能复用，请上传该材料",
                material.name
            )));
        }
        out.push(choice.clone());
    }
    Ok(out)
}

/// Each file names a material of the item, once.
fn check_codes(published: &PublishedItem, files: &[MaterialUpload]) -> Result<()> {
    for (index, file) in files.iter().enumerate() {
        if !published
            .item
            .materials
            .list()
            .iter()
            .any(|m| m.code == file.code)
        {
            return Err(Error::invalid(format!(
                "上传的材料“{}”不属于本事项",
                file.upload.label
            )));
        }
        if files[..index].iter().any(|other| other.code == file.code) {
            return Err(Error::invalid(format!(
                "材料“{}”只能上传一个文件",
                file.upload.label
            )));
        }
    }
    Ok(())
}

/// Stores checked material uploads of case `case` (owner `case`) in the caller's
/// transaction, as the materials of the submission.
pub(crate) async fn store_materials(
    tx: &mut Tx,
    key: &DataKey,
    case: CaseId,
    files: &[MaterialUpload],
    now: Instant,
) -> Result<Vec<SubmittedMaterial>> {
    let owner = Owner {
        kind: CASE_OWNER,
        id: case.0,
    };
    let mut materials = Vec::with_capacity(files.len());
    for file in files {
        let stored = attachments::store(
            tx,
            key,
            owner,
            &Policy::MATERIAL,
            &file.upload,
            now.millis(),
        )
        .await?;
        materials.push(SubmittedMaterial {
            code: file.code.clone(),
            source: MaterialSource::Uploaded(AttachmentId(stored)),
        });
    }
    Ok(materials)
}

/// An online application that passed every check needing no write: the item as published
/// when it arrived, the materials sealed (the costly part of storing them, done before the
/// write transaction) and the materials reused in place of uploads.
pub(super) struct Prepared {
    published: PublishedItem,
    applicant: Applicant,
    lookup: String,
    /// [`Applicant::holder_lookup`]: the enterprise's index for an enterprise's application.
    holder: String,
    files: Vec<(String, Sealed)>,
    /// Held files not replaced by a new upload (issue 14 item 3).
    held: HeldMaterials,
    reused: Vec<SubmittedMaterial>,
}

/// SVC-ACCEPT, SVC-NO-RESUBMIT: checks an online application for the published item on the
/// read pool: every file (type by content, size) by `Policy::MATERIAL`, the item accepting
/// applications, an enterprise given exactly when the item's targets ask for one
/// (SVC-ITEM-TYPES, issue 14 item 4), each file naming one of its materials, every required
/// material uploaded or reused; plans the reuse when ID number and phone match an earlier
/// case (the enterprise's, for an enterprise), and seals the files. Nothing is written.
pub(super) async fn prepare(
    db: &Db,
    key: &DataKey,
    published: PublishedItem,
    applicant: Applicant,
    (files, mut held): (Vec<MaterialUpload>, HeldMaterials),
    now: Instant,
) -> Result<Prepared> {
    if !published.accepts_applications {
        return Err(Error::invalid(format!(
            "事项 {} 已暂停办理，不能申请",
            published.code
        )));
    }
    EnterpriseAsked::of(&published.item.basic.targets)
        .check(applicant.enterprise.as_ref())
        .map_err(Error::from)?;
    let uploads: Vec<Upload> = files.iter().map(|file| file.upload.clone()).collect();
    attachments::check_all(&Policy::MATERIAL, &uploads)?;
    check_codes(&published, &files)?;
    // A file chosen now replaces the one held for its material.
    held.files
        .retain(|(code, _)| !files.iter().any(|file| file.code == *code));
    let list = published.item.materials.list();
    if let Some((code, _)) = held
        .files
        .iter()
        .find(|(code, _)| !list.iter().any(|m| m.code == *code))
    {
        return Err(Error::invalid(format!("保存的材料“{code}”不属于本事项")));
    }
    let enterprise = applicant
        .enterprise
        .as_ref()
        .map(|enterprise| enterprise_lookup(key, &enterprise.credit_code));
    // The proof was redeemed for this applicant's ID number and phone (phone_check::redeem).
    let plan = match &applicant.phone_proof {
        Some(proof) => {
            let mut conn = db.pool.acquire().await?;
            let item = &published.item;
            verified_plan(&mut conn, key, item, proof, enterprise.as_deref(), now).await?
        }
        None => ReusePlan::default(),
    };
    let holder = applicant.holder_lookup(key);
    let chosen = chosen_of(db, &published.item, &holder, &held.chosen, now).await?;
    let mut offers = plan.reuse;
    for choice in chosen {
        if !offers.iter().any(|offer| offer.code == choice.code) {
            offers.push(choice);
        }
    }
    let reused: Vec<SubmittedMaterial> = offers
        .into_iter()
        .filter(|offer| !files.iter().any(|file| file.code == offer.code))
        .filter(|offer| !held.files.iter().any(|(code, _)| *code == offer.code))
        .collect();
    let given: Vec<&str> = files
        .iter()
        .map(|file| file.code.as_str())
        .chain(held.files.iter().map(|(code, _)| code.as_str()))
        .chain(reused.iter().map(|offer| offer.code.as_str()))
        .collect();
    check_material_codes(&published.item, &given).map_err(Error::from)?;
    let sealed = files
        .into_iter()
        .map(|file| {
            Ok((
                file.code,
                attachments::seal(key, &Policy::MATERIAL, &file.upload)?,
            ))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Prepared {
        lookup: applicant_lookup(key, &applicant.id_no),
        holder,
        published,
        applicant,
        files: sealed,
        held,
        reused,
    })
}

/// Writes a prepared application under `number` in the caller's transaction: the case row,
/// the files (owner `case`), the snapshot, history, clocks and notifications. Returns the
/// submission and its audit row, for the caller to record.
pub(super) async fn write_in(
    tx: &mut Tx,
    context: &Context<'_>,
    prepared: &Prepared,
    number: String,
) -> Result<(Submission, AuditEvent)> {
    let Context { key, now, .. } = *context;
    let Prepared {
        published,
        applicant,
        lookup,
        holder,
        files,
        held,
        reused,
    } = prepared;
    let (id, number, query_code) =
        insert_case_row(tx, key, number, published, applicant, lookup, now).await?;
    let owner = Owner {
        kind: CASE_OWNER,
        id: id.0,
    };
    let mut materials = Vec::with_capacity(files.len() + held.files.len() + reused.len());
    for (code, sealed) in files {
        let stored = attachments::insert_sealed(tx, owner, sealed, now.millis()).await?;
        materials.push(SubmittedMaterial {
            code: code.clone(),
            source: MaterialSource::Uploaded(AttachmentId(stored)),
        });
    }
    // Issue 14 item 3: the held files become the case's, and the held form is forgotten.
    if let Some(form) = held.form {
        let ids: Vec<i64> = held.files.iter().map(|(_, id)| id.0).collect();
        platform::held::claim_in(tx, form, &ids, owner).await?;
        materials.extend(held.files.iter().map(|(code, id)| SubmittedMaterial {
            code: code.clone(),
            source: MaterialSource::Uploaded(*id),
        }));
    }
    materials.extend(reused.iter().cloned());
    let new_case = NewCase {
        id,
        number: &number,
        account: applicant.account,
        channel: Channel::Online,
        materials,
        reused: reused.len(),
        applicant_lookup: holder,
    };
    let event = submission_written(tx, context, published, new_case).await?;
    tracing::info!(case.id = %id, files = files.len(), "online application submitted");
    let submission = Submission {
        case_id: id,
        number,
        query_code,
        version: 1,
        reused: reused.clone(),
    };
    Ok((submission, event))
}

/// SVC-ACCEPT, SVC-NO-RESUBMIT: an online application, stored alone. Every file is checked
/// (type by content, size) by `Policy::MATERIAL` before anything is stored; then, in one
/// transaction, the case row, the files (owner `case`), the materials reused when ID number
/// and phone match, the snapshot, clocks and audit row. A missing required material or one
/// bad file refuses the whole application and stores nothing. Busy channels go through
/// [`super::SubmissionQueue`], which stores the same in batches.
pub async fn submit_online(
    db: &Db,
    context: &Context<'_>,
    item_code: &str,
    applicant: Applicant,
    files: Vec<MaterialUpload>,
) -> Result<Submission> {
    let Context {
        key, actor, now, ..
    } = *context;
    let published = {
        let mut read = db.begin_read().await?;
        let published = items::public_in(&mut read, item_code).await?;
        read.commit().await?;
        published
    };
    let held = HeldMaterials::default();
    let prepared = prepare(db, key, published, applicant, (files, held), now).await?;
    let number = super::new_case_number(db, now).await?;
    let mut tx = db.begin().await?;
    let (submission, event) = write_in(&mut tx, context, &prepared, number).await?;
    audit::record(&mut tx, actor, event, now.millis()).await?;
    tx.commit().await?;
    Ok(submission)
}

/// The applicant's view of a case (SVC-STATUS): the steps with durations, and the case for
/// its notices, special procedures, decision and delivery; the item it was applied under.
#[derive(Debug, Clone)]
pub struct PublicCase {
    pub status: StatusView,
    pub case: Case,
    pub item_code: String,
    pub item: Item,
    /// The implementing department.
    pub department: UnitId,
    /// Concluded or rejected: it can be rated as a whole (EVAL-ALL).
    pub can_rate: bool,
    /// The stages that can be rated now, the whole case included (EVAL-ALL).
    pub rateable_stages: Vec<EvaluationStage>,
    /// The ratings given already: channel and stage.
    pub rated: Vec<(RatingChannel, EvaluationStage)>,
}

/// SVC-STATUS: the case of `number` when `query_code` matches (a wrong code answers as an
/// unknown number).
pub async fn public_case(
    db: &Db,
    key: &DataKey,
    number: &str,
    query_code: &str,
    calendar: &Calendar,
    now: Instant,
) -> Result<PublicCase> {
    let status = case_status(db, key, number, query_code, calendar, now).await?;
    let stored = cases::by_number(db, &status.number)
        .await?
        .ok_or_else(|| Error::not_found("办件编号或查询码不正确"))?;
    let mut tx = db.begin_read().await?;
    let item = item_store::version_in(&mut tx, stored.case.item, stored.case.item_version).await?;
    let item_code = item_store::get_in(&mut tx, stored.case.item).await?.code;
    tx.commit().await?;
    let rated = evaluation::of_subject(db, SubjectType::Case, &stored.number)
        .await?
        .into_iter()
        .map(|rated| (rated.channel, rated.stage))
        .collect();
    let rateable_stages = rating::rateable_stages(&stored.case, stored.department);
    Ok(PublicCase {
        can_rate: rateable_stages.contains(&EvaluationStage::Whole),
        rateable_stages,
        rated,
        status,
        case: stored.case,
        item_code,
        item,
        department: stored.department,
    })
}
