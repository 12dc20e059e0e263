//! Back-office reads of the online services: which units a case involves (the scope of the
//! handling desk and of the case page, SEC-ROLES), a unit's handling desk with the lights of
//! each case's clocks (CAL-LIGHT, SVC-ACCEPT, SVC-WINDOW), one case with its item version and
//! the applicant masked, and the audited reveal of the applicant's identity (SEC-AUDIT).

use calendar::{Instant, Light};
use platform::audit::AuditActor;
use platform::clocks::{self, ClockStatus, StoredClock};
use platform::db::{Db, Tx};
use platform::personal::{DataKey, UnmaskTarget, mask_middle, unmask};
use platform::workflow::Context;
use platform::{Error, Result};
use sqlx::Row as _;

use crate::case::{Case, Channel, MaterialSource, Status};
use crate::item::{Item, WindowMode};
use crate::store::cases::{self, StoredCase};
use crate::store::{CLOCK_SUBJECT, items as item_store, unreadable};
use crate::usecase::{DeskCase, DeskClock};
use crate::{CaseId, ItemId, UnitId};

/// Every unit a case involves: the implementing department, the accepting unit, the item's
/// comprehensive window (SVC-WINDOW), the window that registered a walk-in, the stage
/// departments and the co-approving departments (SVC-PARALLEL).
pub fn involved_units(case: &Case, item: &Item, department: UnitId) -> Vec<i64> {
    let mut units = vec![department.0];
    if let Some((unit, _)) = case.accepted {
        units.push(unit.0);
    }
    if let WindowMode::Comprehensive { window } = item.basic.window {
        units.push(window.0);
    }
    if let Channel::Window { window } = case.channel {
        units.push(window.0);
    }
    units.extend(item.process.stages.iter().map(|stage| stage.department.0));
    units.extend(item.process.parallel.iter().map(|part| part.department.0));
    units.sort_unstable();
    units.dedup();
    units
}

/// The applicant as the back office sees it by default: masked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MaskedApplicant {
    pub name: String,
    pub id_no: String,
    pub phone: Option<String>,
    /// SVC-STATUS: the e-mail address for progress mails, when left (masked by default).
    pub email: Option<String>,
}

/// One case for the back office: the stored snapshot, the item version it was submitted
/// under, the units involved and the applicant masked.
#[derive(Debug, Clone)]
pub struct OfficeCase {
    pub stored: StoredCase,
    pub item: Item,
    pub item_code: String,
    pub item_name: String,
    pub involved: Vec<i64>,
    pub applicant: MaskedApplicant,
}

impl OfficeCase {
    /// Whether an attachment is one of this case's materials: uploaded with it (owner `case`),
    /// or reused from the applicant's file (SVC-NO-RESUBMIT).
    pub fn refers_to_attachment(&self, owner_kind: &str, owner_id: i64, id: i64) -> bool {
        (owner_kind == "case" && owner_id == self.stored.id.0)
            || self.stored.case.materials.iter().any(|material| {
                matches!(material.source,
                    MaterialSource::Uploaded(a) | MaterialSource::OnFile(a) if a.0 == id)
            })
    }
}

struct SealedIdentity {
    name: Vec<u8>,
    id_no: Vec<u8>,
    phone: Option<Vec<u8>>,
    email: Option<Vec<u8>>,
    /// The case's number: where the values are sealed (issue 12 finding 14).
    number: String,
}

async fn sealed_identity<'e, E>(executor: E, id: CaseId) -> Result<SealedIdentity>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let row = sqlx::query(
        "SELECT applicant_name_sealed, applicant_id_no_sealed, applicant_phone_sealed, \
         applicant_email_sealed, number FROM svc_cases WHERE id = $1",
    )
    .bind(id.0)
    .fetch_optional(executor)
    .await?
    .ok_or_else(|| Error::not_found(format!("办件 {id}")))?;
    Ok(SealedIdentity {
        name: row.try_get("applicant_name_sealed")?,
        id_no: row.try_get("applicant_id_no_sealed")?,
        phone: row.try_get("applicant_phone_sealed")?,
        email: row.try_get("applicant_email_sealed")?,
        number: row.try_get("number")?,
    })
}

/// The item's name: main name and sub-item.
pub fn item_title(item: &Item) -> String {
    let basic = &item.basic;
    if basic.sub_name.trim().is_empty() {
        basic.main_name.clone()
    } else {
        format!("{}（{}）", basic.main_name, basic.sub_name)
    }
}

/// One case for the back office; the caller checks the viewer's scope with `involved`.
pub async fn office_case(db: &Db, key: &DataKey, id: CaseId) -> Result<OfficeCase> {
    let stored = cases::get(db, id).await?;
    let mut tx = db.begin().await?;
    let item = item_store::version_in(&mut tx, stored.case.item, stored.case.item_version).await?;
    let record = item_store::get_in(&mut tx, stored.case.item).await?;
    tx.commit().await?;
    let applicant = masked_applicant(db, key, id).await?;
    Ok(OfficeCase {
        involved: involved_units(&stored.case, &item, stored.department),
        item_name: item_title(&item),
        item_code: record.code,
        item,
        stored,
        applicant,
    })
}

/// The applicant of a case masked: the family name, the ID number's first six and last four,
/// the phone's first three and last four, the e-mail's first character and its domain.
pub async fn masked_applicant(db: &Db, key: &DataKey, id: CaseId) -> Result<MaskedApplicant> {
    let sealed = sealed_identity(&db.pool, id).await?;
    let at = |column: &str| crate::usecase::place(column, &sealed.number);
    Ok(MaskedApplicant {
        name: mask_middle(
            &key.open_for(&sealed.name, &at("applicant_name_sealed"))?,
            1,
            0,
        ),
        id_no: mask_middle(
            &key.open_for(&sealed.id_no, &at("applicant_id_no_sealed"))?,
            6,
            4,
        ),
        phone: sealed
            .phone
            .as_ref()
            .map(|phone| {
                key.open_for(phone, &at("applicant_phone_sealed"))
                    .map(|clear| mask_middle(&clear, 3, 4))
            })
            .transpose()?,
        email: sealed
            .email
            .as_ref()
            .map(|email| {
                key.open_for(email, &at("applicant_email_sealed"))
                    .map(|clear| crate::email::mask(&clear))
            })
            .transpose()?,
    })
}

/// The applicant in clear for a viewer whose role needs it; each field's reveal writes its
/// `unmask` audit row in the caller's transaction (the policy is the caller's).
pub async fn reveal_applicant(
    tx: &mut Tx,
    key: &DataKey,
    actor: &AuditActor,
    id: CaseId,
    now: Instant,
) -> Result<MaskedApplicant> {
    let sealed = sealed_identity(&mut **tx, id).await?;
    let object_id = id.to_string();
    let places = [
        "applicant_name_sealed",
        "applicant_id_no_sealed",
        "applicant_phone_sealed",
        "applicant_email_sealed",
    ]
    .map(|column| crate::usecase::place(column, &sealed.number));
    let target = |field, place| UnmaskTarget {
        object_type: "svc_case",
        object_id: &object_id,
        field,
        reason: "",
        place,
    };
    let name = unmask(
        tx,
        key,
        actor,
        &sealed.name,
        &target("name", &places[0]),
        now.millis(),
    )
    .await?;
    let id_no = unmask(
        tx,
        key,
        actor,
        &sealed.id_no,
        &target("id_number", &places[1]),
        now.millis(),
    )
    .await?;
    let phone = match sealed.phone {
        Some(phone) => Some(
            unmask(
                tx,
                key,
                actor,
                &phone,
                &target("phone", &places[2]),
                now.millis(),
            )
            .await?,
        ),
        None => None,
    };
    let email = match sealed.email {
        Some(email) => Some(
            unmask(
                tx,
                key,
                actor,
                &email,
                &target("email", &places[3]),
                now.millis(),
            )
            .await?,
        ),
        None => None,
    };
    Ok(MaskedApplicant {
        name,
        id_no,
        phone,
        email,
    })
}

/// CAL-LIGHT at `now` from the stored due and yellow instants (the sweep may lag a minute);
/// a paused clock keeps the light it had.
pub fn live_light(clock: &StoredClock, now: Instant) -> Light {
    if clock.status == ClockStatus::Paused || !clock.status.is_open() {
        return clock.light;
    }
    if now.millis() > clock.due_at.millis() {
        Light::Red
    } else if clock
        .yellow_at
        .is_some_and(|yellow| yellow.millis() <= now.millis())
    {
        Light::Yellow
    } else {
        Light::Green
    }
}

/// Issue 14 item 10: each stored clock row of `case` with what it measures
/// ([`crate::case::clock_labels`]; the stages named by `item` when given), in the rows'
/// order: one line per clock, a stage and the promised limit (both SVC-PROMISE) or a
/// restarted acceptance clock never reading alike. A row the snapshot does not know keeps
/// its rule's words.
pub fn labelled_clocks(
    case: &Case,
    item: Option<&Item>,
    department: UnitId,
    rows: Vec<StoredClock>,
) -> Vec<(String, StoredClock)> {
    use crate::case::{ClockRowKey, clock_labels, match_rows};
    let labels = clock_labels(case, item);
    let keys: Vec<ClockRowKey<'_>> = rows
        .iter()
        .map(|row| ClockRowKey {
            rule_id: &row.rule_id,
            unit_id: row.unit_id,
            start: row.clock.start(),
            limit: row.clock.limit(),
        })
        .collect();
    let matched = match_rows(case, department, &keys);
    rows.into_iter()
        .zip(matched)
        .map(|(row, index)| {
            let label = index
                .and_then(|index| labels.get(index).cloned())
                .unwrap_or_else(|| crate::supervision::rule_label(&row.rule_id).to_owned());
            (label, row)
        })
        .collect()
}

/// One row of a unit's handling desk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeskRow {
    pub case: DeskCase,
    pub item_name: String,
    /// The worst light of the open clocks (green when none).
    pub light: Light,
}

/// Items whose comprehensive window is `unit` (SVC-WINDOW), in any version.
pub(crate) async fn window_items(db: &Db, unit: UnitId) -> Result<Vec<i64>> {
    let rows = sqlx::query("SELECT item_id, snapshot FROM svc_item_versions ORDER BY item_id")
        .fetch_all(&db.pool)
        .await?;
    let mut ids = Vec::new();
    for row in &rows {
        let id: i64 = row.try_get("item_id")?;
        if ids.last() == Some(&id) {
            continue;
        }
        let snapshot: String = row.try_get("snapshot")?;
        let item: Item =
            crate::snapshot::from_json(&snapshot).map_err(|e| unreadable("item snapshot", e))?;
        if item.basic.window == (WindowMode::Comprehensive { window: unit }) {
            ids.push(id);
        }
    }
    Ok(ids)
}

fn severity(light: Light) -> u8 {
    match light {
        Light::Green => 0,
        Light::Yellow => 1,
        Light::Red => 2,
    }
}

/// SVC-ACCEPT, SVC-WINDOW: the cases of `unit` — its department's, those it accepted, and
/// those of the items its comprehensive window accepts — open ones (or those in `status`),
/// oldest first, at most `limit`, each with its open clocks' lights at `now`.
pub async fn desk_of_unit(
    db: &Db,
    unit: UnitId,
    status: Option<Status>,
    now: Instant,
    limit: i64,
) -> Result<Vec<DeskRow>> {
    let window_items = window_items(db, unit).await?;
    // Dynamic SQL from integers only (the item ids of this database).
    let in_window = if window_items.is_empty() {
        String::new()
    } else {
        let list: Vec<String> = window_items.iter().map(i64::to_string).collect();
        format!(" OR item_id IN ({})", list.join(", "))
    };
    let sql = format!(
        "SELECT id FROM svc_cases WHERE (department_unit_id = $1 OR accepting_unit_id = $1{in_window}) \
         AND (($2 = '' AND status NOT IN ('rejected', 'concluded', 'withdrawn')) OR status = $2) \
         ORDER BY id LIMIT $3"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(unit.0)
        .bind(status.map_or("", Status::code))
        .bind(limit.clamp(1, 1000))
        .fetch_all(&db.pool)
        .await?;
    let ids = rows
        .iter()
        .map(|row| Ok(row.try_get("id")?))
        .collect::<Result<Vec<i64>>>()?;
    desk_rows(db, &ids, now).await
}

/// The desk rows of the cases `ids`, in that order, each with its open clocks' lights.
pub(crate) async fn desk_rows(db: &Db, ids: &[i64], now: Instant) -> Result<Vec<DeskRow>> {
    let names: Vec<(ItemId, String)> = sqlx::query("SELECT id, name FROM svc_items")
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|row| Ok((ItemId(row.try_get("id")?), row.try_get("name")?)))
        .collect::<Result<_>>()?;
    let mut out = Vec::with_capacity(ids.len());
    // The item versions the cases were submitted under name their stages; few per desk.
    let mut versions: Vec<((ItemId, u32), Item)> = Vec::new();
    for stored in cases::many(db, ids).await? {
        let wanted = (stored.case.item, stored.case.item_version);
        if !versions.iter().any(|(key, _)| *key == wanted) {
            let mut read = db.begin_read().await?;
            let item = item_store::version_in(&mut read, wanted.0, wanted.1).await?;
            read.commit().await?;
            versions.push((wanted, item));
        }
        let item = versions
            .iter()
            .find(|(key, _)| *key == wanted)
            .map(|(_, item)| item);
        let rows = clocks::by_subject(db, CLOCK_SUBJECT, &stored.id.to_string()).await?;
        let open: Vec<(String, StoredClock)> =
            labelled_clocks(&stored.case, item, stored.department, rows)
                .into_iter()
                .filter(|(_, clock)| clock.status.is_open())
                .collect();
        let light = open
            .iter()
            .map(|(_, clock)| live_light(clock, now))
            .max_by_key(|light| severity(*light))
            .unwrap_or(Light::Green);
        let item_name = names
            .iter()
            .find(|(id, _)| *id == stored.case.item)
            .map(|(_, name)| name.clone())
            .unwrap_or_default();
        out.push(DeskRow {
            case: DeskCase {
                case_id: stored.id,
                number: stored.number,
                item: stored.case.item,
                status: stored.case.status,
                version: stored.version,
                clocks: open
                    .iter()
                    .map(|(label, clock)| DeskClock {
                        rule_id: clock.rule_id.clone(),
                        label: label.clone(),
                        due_at: clock.due_at,
                        light: live_light(clock, now),
                        status: clock.status,
                    })
                    .collect(),
            },
            item_name,
            light,
        });
    }
    Ok(out)
}

/// One file handed in at the window for one material of the item's list: the same as an
/// online upload.
pub use crate::usecase::online::MaterialUpload as WalkInFile;

/// The materials of `item` a walk-in for `holder` (the holder's index,
/// [`crate::usecase::Applicant::holder_lookup`]: the enterprise's for an enterprise's
/// application) need not hand in, by code: on file or in the licence library at `now`
/// (SVC-NO-RESUBMIT). The walk-in form asks for the others (issue 14 item 4).
pub async fn walk_in_reusable(
    db: &Db,
    item: &Item,
    holder: &str,
    now: Instant,
) -> Result<Vec<String>> {
    use crate::store::library;
    let mut conn = db.pool.acquire().await?;
    let on_file = library::materials_on_file(&mut conn, holder).await?;
    let held = library::licences_held(&mut conn, holder).await?;
    Ok(
        crate::reuse::plan(item.materials.list(), &on_file, &held, now)
            .reuse
            .into_iter()
            .map(|offer| offer.code)
            .collect(),
    )
}

/// Walk-in registration (000 §中心-20 窗口受理; SVC-ACCEPT, SVC-NO-RESUBMIT): a window clerk
/// registers an application handed in at `window` into the same flow as an online one. For
/// an item whose targets ask for it the enterprise is given exactly as online (SVC-ITEM-TYPES,
/// issue 14 item 4: `EnterpriseAsked`), and the case, the materials reused and filed and the
/// e-licences are then the enterprise's. The files are checked (type by content, size)
/// before anything is stored; then in one transaction the case row, the files (owner
/// `case`), the materials reused from file and the licence library (the clerk checks the
/// identity in person, so the ID number — or the enterprise's credit code — suffices), the
/// snapshot, clocks and audit row. A missing required material or one bad file stores nothing;
/// nor does an item handled in the hall registered outside its window (SVC-ONE-DOOR).
pub async fn register_walk_in(
    db: &Db,
    context: &Context<'_>,
    item_code: &str,
    applicant: crate::usecase::Applicant,
    window: UnitId,
    files: Vec<WalkInFile>,
) -> Result<crate::usecase::Submission> {
    let Context {
        key, actor, now, ..
    } = *context;
    use platform::attachments::{self, Policy, Upload};

    use crate::case::SubmittedMaterial;
    use crate::enterprise::EnterpriseAsked;
    use crate::store::library;
    use crate::usecase::{NewCase, insert_case_row, items, submission_written};

    let uploads: Vec<Upload> = files.iter().map(|file| file.upload.clone()).collect();
    attachments::check_all(&Policy::MATERIAL, &uploads)?;
    let number = crate::usecase::new_case_number(db, now).await?;
    let mut tx = db.begin().await?;
    let published = items::public_in(&mut tx, item_code).await?;
    EnterpriseAsked::of(&published.item.basic.targets)
        .check(applicant.enterprise.as_ref())
        .map_err(Error::from)?;
    // SVC-ONE-DOOR: an item handled in the hall is taken in only at the hall's window; the
    // department's own office is refused already at registration, not later at acceptance.
    let channel = Channel::Window { window };
    crate::case::check_one_door(&published.item, channel, window).map_err(Error::from)?;
    let list = published.item.materials.list();
    if let Some(unknown) = files
        .iter()
        .find(|file| !list.iter().any(|material| material.code == file.code))
    {
        return Err(Error::invalid(format!(
            "本事项不需要材料“{}”",
            unknown.code
        )));
    }
    let lookup = crate::usecase::applicant_lookup(key, &applicant.id_no);
    let holder = applicant.holder_lookup(key);
    let on_file = library::materials_on_file(&mut tx, &holder).await?;
    let held = library::licences_held(&mut tx, &holder).await?;
    let reused: Vec<SubmittedMaterial> = crate::reuse::plan(list, &on_file, &held, now)
        .reuse
        .into_iter()
        .filter(|offer| !files.iter().any(|file| file.code == offer.code))
        .collect();
    let (id, number, query_code) =
        insert_case_row(&mut tx, key, number, &published, &applicant, &lookup, now).await?;
    let mut materials =
        crate::usecase::online::store_materials(&mut tx, key, id, &files, now).await?;
    materials.extend(reused.iter().cloned());
    let new_case = NewCase {
        id,
        number: &number,
        account: applicant.account,
        channel,
        materials,
        reused: reused.len(),
        applicant_lookup: &holder,
    };
    let event = submission_written(&mut tx, context, &published, new_case).await?;
    platform::audit::record(&mut tx, actor, event, now.millis()).await?;
    tx.commit().await?;
    tracing::info!(
        case.id = %id,
        files = files.len(),
        enterprise = applicant.enterprise.is_some(),
        "walk-in application registered"
    );
    Ok(crate::usecase::Submission {
        case_id: id,
        number,
        query_code,
        version: 1,
        reused,
    })
}

/// The published items a window registers applications for: (code, name), by code.
pub async fn published_items(db: &Db) -> Result<Vec<(String, String)>> {
    let rows = sqlx::query(
        "SELECT code, name FROM svc_items WHERE published_version IS NOT NULL \
         AND status = 'published' ORDER BY code",
    )
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| Ok((row.try_get("code")?, row.try_get("name")?)))
        .collect()
}
