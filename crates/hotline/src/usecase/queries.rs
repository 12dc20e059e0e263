//! Reads of the hotline: a unit's queue, one order as a viewer may see it (HL-PRIVACY),
//! audited unmasking, the citizen's lookup by number and code, same-or-similar open
//! appeals (HL-MERGE) and the history.

use calendar::{Calendar, Instant, Light};
use platform::attachments::{self, Meta, Owner};
use platform::audit::AuditActor;
use platform::clocks::{self, ClockStatus};
use platform::db::Db;
use platform::personal::{self, DataKey, PhoneNumber, UnmaskTarget, mask_middle};
use platform::profile::RuleProfile;
use platform::roles::{Actor, Role};
use platform::{Error, Result};
use sqlx::Row as _;

use super::query_code_input;
use crate::order::{Order, Status, UnitRole};
use crate::store::{CLOCK_SUBJECT, appeals, orders};
use crate::{AppealId, UnitId};
use platform::workflow::HistoryRow;

const HOTLINE_ROLES: [Role; 2] = [Role::HotlineOperator, Role::HotlineSupervisor];

fn open_status_codes() -> Vec<&'static str> {
    Status::ALL
        .into_iter()
        .filter(|status| status.is_open())
        .map(Status::code)
        .collect()
}

/// One running clock of a queue item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueClock {
    pub rule_id: String,
    pub light: Light,
    pub due: Instant,
    pub paused: bool,
}

/// One order of a unit's queue (no personal data).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueItem {
    pub order_id: AppealId,
    pub number: String,
    pub category: String,
    pub location: String,
    pub status: String,
    pub role: UnitRole,
    pub signed: bool,
    /// The unit's open clocks, soonest due first.
    pub clocks: Vec<QueueClock>,
}

impl QueueItem {
    fn urgency(&self) -> (u8, i64) {
        let worst = self.clocks.iter().map(|clock| match clock.light {
            Light::Red => 0,
            Light::Yellow => 1,
            Light::Green => 2,
        });
        let soonest = self.clocks.iter().map(|clock| clock.due.millis()).min();
        (worst.min().unwrap_or(3), soonest.unwrap_or(i64::MAX))
    }
}

/// The open orders where `unit` is lead or assisting, with the unit's clocks; red first,
/// then yellow, then by the soonest due time (CAL-LIGHT, HL-SIGN, HL-LIMITS).
pub async fn unit_queue(
    db: &Db,
    unit: UnitId,
    calendar: &Calendar,
    profile: &RuleProfile,
    now: Instant,
) -> Result<Vec<QueueItem>> {
    let rule = clocks::light_rule(profile);
    let rows = orders::queue_rows(db, unit, &open_status_codes()).await?;
    let mut items = Vec::with_capacity(rows.len());
    for row in rows {
        let mut unit_clocks: Vec<QueueClock> =
            clocks::by_subject(db, CLOCK_SUBJECT, &row.order_id.to_string())
                .await?
                .into_iter()
                .filter(|clock| clock.unit_id == unit.0 && clock.status.is_open())
                .map(|clock| QueueClock {
                    light: clock.clock.light(calendar, now, &rule),
                    due: clock.clock.due(calendar).at,
                    paused: clock.status == ClockStatus::Paused,
                    rule_id: clock.rule_id,
                })
                .collect();
        unit_clocks.sort_by_key(|clock| clock.due);
        items.push(QueueItem {
            order_id: row.order_id,
            number: row.number,
            category: row.category,
            location: row.location,
            status: row.status,
            role: row.role,
            signed: row.signed_at.is_some(),
            clocks: unit_clocks,
        });
    }
    items.sort_by_key(QueueItem::urgency);
    Ok(items)
}

/// The appellant as a viewer sees them: masked values, or nothing at all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AppellantView {
    pub name: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub employer: Option<String>,
}

/// One order with its appeal, as `viewer` may see it.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderView {
    pub appeal_id: AppealId,
    pub number: String,
    pub channel: String,
    pub category: String,
    pub content: String,
    pub location: String,
    pub is_private: bool,
    pub order: Order,
    pub version: i64,
    pub appellant: AppellantView,
    /// The appellant's attachments, the review-form scans, the archived files and the
    /// current result's files the viewer may open.
    pub attachments: Vec<Meta>,
    /// Appellant's attachments kept from this viewer (a complaint's accused unit, HL-PRIVACY).
    pub attachments_withheld: usize,
}

/// A sealed value of the appellant in `column` of appeal `number`, masked.
fn masked(
    key: &DataKey,
    (sealed, column, number): (Option<&[u8]>, &str, &str),
    mask: impl Fn(&str) -> String,
) -> Result<Option<String>> {
    sealed
        .map(|s| Ok(mask(&key.open_for(s, &super::place(column, number))?)))
        .transpose()
}

/// HL-PRIVACY: the hotline sees masked values (clear only through [`reveal_contact`]); a
/// handling unit sees masked values, and nothing identifying on a complaint; private
/// appeals are never shown in clear. Anyone else is refused.
pub async fn order_view(
    db: &Db,
    key: &DataKey,
    order_id: AppealId,
    viewer: &Actor,
) -> Result<OrderView> {
    let appeal = appeals::get(db, order_id)
        .await?
        .ok_or_else(|| Error::not_found(format!("诉求 {order_id}")))?;
    let is_hotline = viewer.has_any(&HOTLINE_ROLES);
    let is_unit = viewer.has_any(&[Role::UnitHandler, Role::UnitLeader])
        && orders::unit_assigned(db, order_id, UnitId(viewer.unit_id)).await?;
    let stored = orders::get(db, order_id).await?;
    // HL-REMIND (found by issue 12's battery): a leader of the business-environment bureau
    // sees the order while a report after an urge waits for the bureau's decision, so that
    // the decision can be made; never the appellant (HL-PRIVACY).
    let is_bureau = !is_hotline
        && !is_unit
        && viewer.has(Role::UnitLeader)
        && stored.order.pending_urge_report().is_some()
        && urge_report_unit(db).await? == Some(viewer.unit_id);
    if !is_hotline && !is_unit && !is_bureau {
        return Err(Error::Forbidden);
    }
    let hide_identity = is_bureau || (!is_hotline && appeal.category == "complaint_report");
    let appellant = if hide_identity {
        AppellantView::default()
    } else {
        AppellantView {
            name: masked(
                key,
                (
                    appeal.name_sealed.as_deref(),
                    "appellant_name_sealed",
                    &appeal.number,
                ),
                |v| mask_middle(v, 1, 0),
            )?,
            phone: masked(
                key,
                (
                    appeal.phone_sealed.as_deref(),
                    "appellant_phone_sealed",
                    &appeal.number,
                ),
                |v| mask_middle(v, 3, 4),
            )?,
            address: masked(
                key,
                (
                    appeal.address_sealed.as_deref(),
                    "appellant_address_sealed",
                    &appeal.number,
                ),
                |v| mask_middle(v, 6, 0),
            )?,
            employer: masked(
                key,
                (
                    appeal.employer_sealed.as_deref(),
                    "appellant_employer_sealed",
                    &appeal.number,
                ),
                |v| mask_middle(v, 2, 0),
            )?,
        }
    };
    let appeal_files = attachments::list(
        db,
        Owner {
            kind: super::APPEAL_ATTACHMENT,
            id: order_id.0,
        },
    )
    .await?;
    let forms = attachments::list(
        db,
        Owner {
            kind: super::REVIEW_FORM_ATTACHMENT,
            id: order_id.0,
        },
    )
    .await?;
    let archived = if is_hotline {
        attachments::list(
            db,
            Owner {
                kind: super::ARCHIVE_ATTACHMENT,
                id: order_id.0,
            },
        )
        .await?
    } else {
        Vec::new()
    };
    // Issue 14 item 11 (HL-RESULT, HL-PRIVACY): the files of the current result go with it
    // to the hotline and to the lead unit that attached them; not to an assisting unit (it
    // may be the accused of a complaint) nor the bureau: a photo of the site can show the
    // appellant.
    let is_lead = is_unit && stored.order.lead() == Some(UnitId(viewer.unit_id));
    let result_files = match stored.order.results.last() {
        Some(result) if (is_hotline || is_lead) && !result.files.is_empty() => {
            let owner = Owner {
                kind: super::RESULT_ATTACHMENT,
                id: order_id.0,
            };
            attachments::list(db, owner)
                .await?
                .into_iter()
                .filter(|file| result.files.contains(&file.id))
                .collect()
        }
        _ => Vec::new(),
    };
    // Issue 14 item 11: what the hotline cleared as identifying nobody is shown too.
    let cleared = if hide_identity {
        super::cleared_attachments(db, order_id).await?
    } else {
        Default::default()
    };
    let (visible, withheld): (Vec<Meta>, Vec<Meta>) = appeal_files
        .into_iter()
        .partition(|file| !hide_identity || cleared.contains(&file.id));
    let attachments_withheld = withheld.len();
    Ok(OrderView {
        attachments: visible
            .into_iter()
            .chain(forms)
            .chain(archived)
            .chain(result_files)
            .collect(),
        attachments_withheld,
        appeal_id: appeal.id,
        number: appeal.number,
        channel: appeal.channel,
        category: appeal.category,
        content: appeal.content,
        location: appeal.location,
        is_private: appeal.is_private,
        order: stored.order,
        version: stored.version,
        appellant,
    })
}

/// The unit that decides reports after an urge (the profile's `hotline.urge_report_unit`).
async fn urge_report_unit(db: &Db) -> Result<Option<i64>> {
    let profile = platform::jurisdiction::current(db)
        .await?
        .map(|j| j.profile)
        .unwrap_or_default();
    Ok(
        platform::units::find_by_code(db, &profile.hotline.urge_report_unit)
            .await?
            .map(|unit| unit.id),
    )
}

/// A personal field of an appeal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactField {
    Name,
    Phone,
    Address,
    Employer,
}

impl ContactField {
    fn column(self) -> &'static str {
        match self {
            ContactField::Name => "appellant_name_sealed",
            ContactField::Phone => "appellant_phone_sealed",
            ContactField::Address => "appellant_address_sealed",
            ContactField::Employer => "appellant_employer_sealed",
        }
    }

    fn code(self) -> &'static str {
        match self {
            ContactField::Name => "name",
            ContactField::Phone => "phone",
            ContactField::Address => "address",
            ContactField::Employer => "employer",
        }
    }
}

/// HL-PRIVACY: the clear value through `personal::unmask`, which writes the `unmask` audit
/// row (with the reason) in the caller's transaction. The hotline may reveal any field; the
/// lead unit's handler only the phone, to answer and explain (谁承办、谁答复), with a reason,
/// and only where [`Order::unit_may_contact`] allows it.
pub async fn reveal_contact(
    db: &Db,
    key: &DataKey,
    viewer: &Actor,
    ip: &str,
    appeal_id: AppealId,
    (field, reason): (ContactField, &str),
    now: Instant,
) -> Result<String> {
    let mut transaction = db.begin().await?;
    let tx = &mut transaction;
    let is_hotline = viewer.has_any(&HOTLINE_ROLES);
    if !is_hotline {
        let may = viewer.has_any(&[Role::UnitHandler, Role::UnitLeader])
            && field == ContactField::Phone
            && orders::get_in(tx, appeal_id)
                .await?
                .order
                .unit_may_contact(UnitId(viewer.unit_id));
        if !may {
            return Err(Error::Forbidden);
        }
        if reason.trim().is_empty() {
            return Err(Error::invalid("请填写查看联系电话的事由"));
        }
    }
    let sql = format!(
        "SELECT {} AS sealed, number FROM hotline_appeals WHERE id = $1",
        field.column()
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(appeal_id.0)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| Error::not_found(format!("诉求 {appeal_id}")))?;
    let sealed: Option<Vec<u8>> = row.try_get("sealed")?;
    let sealed = sealed.ok_or_else(|| Error::not_found("该项个人信息（诉求人未提供）"))?;
    let number: String = row.try_get("number")?;
    let place = super::place(field.column(), &number);
    let object_id = appeal_id.to_string();
    let clear = personal::unmask(
        tx,
        key,
        &AuditActor::staff(viewer, ip),
        &sealed,
        &UnmaskTarget {
            object_type: "hotline_appeal",
            object_id: &object_id,
            field: field.code(),
            reason: reason.trim(),
            place: &place,
        },
        now.millis(),
    )
    .await?;
    transaction.commit().await?;
    Ok(clear)
}

/// What the citizen sees by number and code: progress, never the contact.
#[derive(Debug, Clone, PartialEq)]
pub struct CitizenView {
    pub appeal_id: AppealId,
    pub number: String,
    pub category: String,
    pub content: String,
    pub status: Status,
    pub order: Order,
}

/// The citizen's lookup: a wrong number or a wrong code is the same NotFound, and counts
/// against the number typed; a number locked by failed lookups is refused whatever the
/// code, with the wait (issue 12 finding 3, `platform::query_code::verify`).
pub async fn find_by_number(
    db: &Db,
    key: &DataKey,
    number: &str,
    query_code: &str,
) -> Result<CitizenView> {
    let number = platform::query_code::normalise_number(number);
    let found = appeals::by_number(db, &number).await?;
    let appeal = platform::query_code::verify(
        db,
        super::LOOKUP_SCOPE,
        &number,
        found,
        // Codes given before issue 12 finding 14 are recognised by their old blind index.
        |appeal| {
            key.lookup_matches(
                &appeal.query_code_hash,
                &query_code_input(&appeal.number, query_code),
            )
        },
        || Error::not_found("该编号和查询码对应的诉求"),
    )
    .await?;
    let stored = orders::get(db, appeal.id).await?;
    Ok(CitizenView {
        appeal_id: appeal.id,
        number: appeal.number,
        category: appeal.category,
        content: appeal.content,
        status: stored.order.status,
        order: stored.order,
    })
}

/// An open appeal that may be the same matter (HL-MERGE).
#[derive(Debug, Clone, PartialEq)]
pub struct SimilarAppeal {
    pub appeal_id: AppealId,
    pub number: String,
    pub status: String,
    pub same_phone: bool,
    pub same_location: bool,
    /// Dice coefficient of the Chinese-character bigrams of the contents.
    pub text_similarity: f64,
}

fn bigrams(text: &str) -> std::collections::HashSet<(char, char)> {
    let chars: Vec<char> = text
        .chars()
        .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
        .collect();
    chars.windows(2).map(|w| (w[0], w[1])).collect()
}

/// Dice coefficient of Chinese-character bigrams, 0 to 1.
pub fn text_similarity(a: &str, b: &str) -> f64 {
    let (a, b) = (bigrams(a), bigrams(b));
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let shared = a.intersection(&b).count();
    (2 * shared) as f64 / (a.len() + b.len()) as f64
}

const SIMILAR_SCAN: i64 = 1000;
const SIMILAR_LIMIT: usize = 5;
const SIMILAR_TEXT_MIN: f64 = 0.5;

/// HL-MERGE: open appeals with the same phone, the same location text, or content whose
/// bigram overlap is at least one half; the strongest matches first, at most five.
pub async fn similar_open(
    db: &Db,
    key: &DataKey,
    phone: Option<&PhoneNumber>,
    location: &str,
    content: &str,
) -> Result<Vec<SimilarAppeal>> {
    let lookup = phone.map(|phone| key.lookup_hash(phone.as_str()));
    similar_by_lookup(db, lookup, location, content, None).await
}

/// HL-MERGE: the open appeals similar to a registered one (itself left out), matched on its
/// keyed phone hash without decrypting the phone.
pub async fn similar_to(db: &Db, appeal_id: AppealId) -> Result<Vec<SimilarAppeal>> {
    let appeal = appeals::get(db, appeal_id)
        .await?
        .ok_or_else(|| Error::not_found(format!("诉求 {appeal_id}")))?;
    similar_by_lookup(
        db,
        appeal.phone_lookup,
        &appeal.location,
        &appeal.content,
        Some(appeal_id),
    )
    .await
}

async fn similar_by_lookup(
    db: &Db,
    lookup: Option<String>,
    location: &str,
    content: &str,
    except: Option<AppealId>,
) -> Result<Vec<SimilarAppeal>> {
    let statuses: Vec<&str> = Status::ALL
        .into_iter()
        .filter(|status| status.accepts_merge())
        .map(Status::code)
        .collect();
    let location = location.trim();
    let mut found: Vec<SimilarAppeal> = appeals::recent_with_status(db, &statuses, SIMILAR_SCAN)
        .await?
        .into_iter()
        .map(|(appeal, status)| SimilarAppeal {
            same_phone: lookup.is_some() && appeal.phone_lookup == lookup,
            same_location: !location.is_empty() && appeal.location == location,
            text_similarity: text_similarity(&appeal.content, content),
            appeal_id: appeal.id,
            number: appeal.number,
            status,
        })
        .filter(|s| Some(s.appeal_id) != except)
        .filter(|s| s.same_phone || s.same_location || s.text_similarity >= SIMILAR_TEXT_MIN)
        .collect();
    found.sort_by(|a, b| {
        let score = |s: &SimilarAppeal| {
            f64::from(u8::from(s.same_phone))
                + f64::from(u8::from(s.same_location))
                + s.text_similarity
        };
        score(b).total_cmp(&score(a))
    });
    found.truncate(SIMILAR_LIMIT);
    Ok(found)
}

/// The order's history, oldest first (codes and units only, HL-PRIVACY).
pub async fn history(db: &Db, order_id: AppealId) -> Result<Vec<HistoryRow>> {
    platform::workflow::history::rows(db, &crate::SUBJECT, order_id.0).await
}
