//! The 12345 contacts of a unit (HL-CONTACTS; 000 §12345-5(一): 确定1名分管领导，2名工作人员
//! （互为AB岗）具体经办…，值班电话要保持24小时畅通): the leader in charge, the A and B staff
//! and the 24 h duty phone a handling unit registers, kept current, and the list of units whose
//! registration is missing or out of date. The three contacts are staff accounts of the unit;
//! the duty phone is sealed like every phone number (a duty officer's mobile is personal data)
//! and shown masked unless it is an office line. Every change is audited.

use sqlx::Row as _;

use crate::audit::{self, AuditActor, AuditEvent};
use crate::db::{Db, Tx, flag};
use crate::error::{Error, Result};
use crate::personal::{DataKey, PhoneNumber};
use crate::roles::Role;
use crate::units::{self, Unit, UnitKind};

/// Whether a unit of this kind must register contacts: the handling units (各承办单位) —
/// departments, townships, streets and the centres that take orders. Not the government
/// itself (its office is the department), the hotline centre (it is the hotline) or a
/// village committee (orders reach it through its township). Our reading of §12345-5.
pub fn required(kind: UnitKind) -> bool {
    !matches!(
        kind,
        UnitKind::Government | UnitKind::HotlineCentre | UnitKind::Village
    )
}

/// A registration as entered: three accounts of the unit and the duty phone.
#[derive(Debug, Clone)]
pub struct NewContacts {
    pub leader: i64,
    pub staff_a: i64,
    pub staff_b: i64,
    pub duty_phone: PhoneNumber,
}

/// One registered person and whether the registration still holds for them: the account is
/// active, still in the unit and still holds the post's role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactPerson {
    pub user_id: i64,
    pub display_name: String,
    pub current: bool,
}

/// A unit's stored registration (the duty phone still sealed).
#[derive(Debug, Clone)]
pub struct Registration {
    pub unit_id: i64,
    pub leader: ContactPerson,
    pub staff_a: ContactPerson,
    pub staff_b: ContactPerson,
    duty_phone_sealed: Vec<u8>,
    pub updated_at: i64,
}

impl Registration {
    /// The duty phone in clear, for delivering a text (never for display).
    pub fn duty_phone(&self, key: &DataKey) -> Result<PhoneNumber> {
        PhoneNumber::parse(&key.open(&self.duty_phone_sealed)?)
    }

    /// The duty phone for a page: an office line (area code first) is the unit's and shown
    /// whole; a mobile is a person's and shown masked.
    pub fn duty_phone_shown(&self, key: &DataKey) -> Result<String> {
        Ok(shown(&self.duty_phone(key)?))
    }

    /// The registered A and B staff whose registration still holds, A first.
    pub fn current_staff(&self) -> Vec<i64> {
        [&self.staff_a, &self.staff_b]
            .into_iter()
            .filter(|person| person.current)
            .map(|person| person.user_id)
            .collect()
    }

    /// What keeps it from being current, in Chinese; empty when complete.
    pub fn gaps(&self) -> Vec<&'static str> {
        let posts = [
            (&self.leader, "分管领导账号已停用、调离或不再是单位负责人"),
            (&self.staff_a, "A岗账号已停用、调离或不再是承办人员"),
            (&self.staff_b, "B岗账号已停用、调离或不再是承办人员"),
        ];
        posts
            .into_iter()
            .filter(|(person, _)| !person.current)
            .map(|(_, gap)| gap)
            .collect()
    }
}

fn shown(phone: &PhoneNumber) -> String {
    if phone.as_str().starts_with('0') {
        phone.as_str().to_owned()
    } else {
        phone.masked()
    }
}

/// The select of registrations with each contact's account and whether it is still current.
const SELECT: &str = "SELECT c.unit_id, c.duty_phone_sealed, c.updated_at, \
    l.id AS l_id, l.display_name AS l_name, l.active AS l_active, l.unit_id AS l_unit, \
    (SELECT COUNT(*) FROM user_roles r WHERE r.user_id = l.id AND r.role = 'unit_leader') AS l_role, \
    a.id AS a_id, a.display_name AS a_name, a.active AS a_active, a.unit_id AS a_unit, \
    (SELECT COUNT(*) FROM user_roles r WHERE r.user_id = a.id AND r.role = 'unit_handler') AS a_role, \
    b.id AS b_id, b.display_name AS b_name, b.active AS b_active, b.unit_id AS b_unit, \
    (SELECT COUNT(*) FROM user_roles r WHERE r.user_id = b.id AND r.role = 'unit_handler') AS b_role \
    FROM unit_contacts c JOIN users l ON l.id = c.leader_user_id \
    JOIN users a ON a.id = c.staff_a_user_id JOIN users b ON b.id = c.staff_b_user_id";

fn person(row: &sqlx::any::AnyRow, prefix: &str, unit_id: i64) -> Result<ContactPerson> {
    let column = |name: &str| format!("{prefix}_{name}");
    let active = flag(row.try_get(column("active").as_str())?);
    let in_unit = row.try_get::<i64, _>(column("unit").as_str())? == unit_id;
    let has_role = row.try_get::<i64, _>(column("role").as_str())? > 0;
    Ok(ContactPerson {
        user_id: row.try_get(column("id").as_str())?,
        display_name: row.try_get(column("name").as_str())?,
        current: active && in_unit && has_role,
    })
}

fn registration_from_row(row: &sqlx::any::AnyRow) -> Result<Registration> {
    let unit_id: i64 = row.try_get("unit_id")?;
    Ok(Registration {
        unit_id,
        leader: person(row, "l", unit_id)?,
        staff_a: person(row, "a", unit_id)?,
        staff_b: person(row, "b", unit_id)?,
        duty_phone_sealed: row.try_get("duty_phone_sealed")?,
        updated_at: row.try_get("updated_at")?,
    })
}

/// A unit's registration, or `None` when it has registered nothing.
pub async fn get(db: &Db, unit_id: i64) -> Result<Option<Registration>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE c.unit_id = $1"
    )))
    .bind(unit_id)
    .fetch_optional(&db.pool)
    .await?;
    row.as_ref().map(registration_from_row).transpose()
}

/// [`get`] inside the caller's transaction: whom a reminder of the unit goes to (HL-REMIND).
pub async fn get_in(tx: &mut Tx, unit_id: i64) -> Result<Option<Registration>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE c.unit_id = $1"
    )))
    .bind(unit_id)
    .fetch_optional(&mut **tx)
    .await?;
    row.as_ref().map(registration_from_row).transpose()
}

/// Every registration.
pub async fn list(db: &Db) -> Result<Vec<Registration>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} ORDER BY c.unit_id")))
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(registration_from_row).collect()
}

/// The post a contact is registered for, with the role the account must hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Post {
    Leader,
    StaffA,
    StaffB,
}

impl Post {
    fn role(self) -> Role {
        match self {
            Post::Leader => Role::UnitLeader,
            Post::StaffA | Post::StaffB => Role::UnitHandler,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Post::Leader => "分管领导",
            Post::StaffA => "A岗",
            Post::StaffB => "B岗",
        }
    }
}

/// The account's display name when it can hold `post` for `unit_id`, else a clear refusal.
async fn check_account(tx: &mut Tx, unit_id: i64, user_id: i64, post: Post) -> Result<String> {
    let row = sqlx::query(
        "SELECT u.display_name, u.unit_id, u.active, \
         (SELECT COUNT(*) FROM user_roles r WHERE r.user_id = u.id AND r.role = $2) AS n_role \
         FROM users u WHERE u.id = $1",
    )
    .bind(user_id)
    .bind(post.role().code())
    .fetch_optional(&mut **tx)
    .await?;
    let refusal = || {
        Error::invalid(format!(
            "{}须为本单位在用的{}账号",
            post.label(),
            post.role().label_zh()
        ))
    };
    let Some(row) = row else {
        return Err(refusal());
    };
    let fits = row.try_get::<i64, _>("unit_id")? == unit_id
        && flag(row.try_get("active")?)
        && row.try_get::<i64, _>("n_role")? > 0;
    if !fits {
        return Err(refusal());
    }
    Ok(row.try_get("display_name")?)
}

/// HL-CONTACTS: registers or replaces a unit's contacts. The leader must be an active unit
/// leader of the unit, A and B two different active handlers of it, the three different
/// people; the duty phone is sealed. Audited with names and the masked phone, before and
/// after. Refused input changes nothing.
pub async fn save(
    tx: &mut Tx,
    key: &DataKey,
    actor: &AuditActor,
    unit_id: i64,
    new: &NewContacts,
    now: i64,
) -> Result<()> {
    let unit_active = sqlx::query("SELECT active FROM units WHERE id = $1")
        .bind(unit_id)
        .fetch_optional(&mut **tx)
        .await?
        .map(|row| row.try_get("active").map(flag))
        .transpose()?
        .ok_or_else(|| Error::not_found("单位"))?;
    if !unit_active {
        return Err(Error::invalid("单位已停用，不能登记12345联络人"));
    }
    if new.staff_a == new.staff_b {
        return Err(Error::invalid("A岗与B岗须为两名不同的工作人员（互为AB岗）"));
    }
    if new.leader == new.staff_a || new.leader == new.staff_b {
        return Err(Error::invalid("分管领导与A岗、B岗须为不同的人员"));
    }
    let leader = check_account(tx, unit_id, new.leader, Post::Leader).await?;
    let staff_a = check_account(tx, unit_id, new.staff_a, Post::StaffA).await?;
    let staff_b = check_account(tx, unit_id, new.staff_b, Post::StaffB).await?;
    let before = get_in(tx, unit_id).await?;
    sqlx::query(
        "INSERT INTO unit_contacts (unit_id, leader_user_id, staff_a_user_id, staff_b_user_id, \
         duty_phone_sealed, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (unit_id) DO UPDATE SET leader_user_id = $2, staff_a_user_id = $3, \
         staff_b_user_id = $4, duty_phone_sealed = $5, updated_by = $6, updated_at = $7",
    )
    .bind(unit_id)
    .bind(new.leader)
    .bind(new.staff_a)
    .bind(new.staff_b)
    .bind(key.seal(new.duty_phone.as_str())?)
    .bind(actor.user_id)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    let after = format!(
        "分管领导 {leader}，A岗 {staff_a}，B岗 {staff_b}，值班电话 {}",
        new.duty_phone.masked()
    );
    let detail = match before {
        Some(before) => format!(
            "{after}（原：分管领导 {}，A岗 {}，B岗 {}，值班电话 {}）",
            before.leader.display_name,
            before.staff_a.display_name,
            before.staff_b.display_name,
            before.duty_phone(key)?.masked()
        ),
        None => after,
    };
    let event = AuditEvent::new("unit.contacts", "unit", unit_id).detail(detail);
    audit::record(tx, actor, event, now).await?;
    Ok(())
}

/// [`save`] in its own transaction: the page's use case.
pub async fn register(
    db: &Db,
    key: &DataKey,
    actor: &AuditActor,
    unit_id: i64,
    new: &NewContacts,
    now: i64,
) -> Result<()> {
    let mut tx = db.begin().await?;
    save(&mut tx, key, actor, unit_id, new, now).await?;
    tx.commit().await?;
    Ok(())
}

/// An account of the unit that can be chosen for a post.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub user_id: i64,
    pub display_name: String,
    pub username: String,
    pub is_leader: bool,
    pub is_handler: bool,
}

/// The active accounts of a unit holding the unit leader or handler role.
pub async fn candidates(db: &Db, unit_id: i64) -> Result<Vec<Candidate>> {
    let rows = sqlx::query(
        "SELECT u.id, u.display_name, u.username, \
         (SELECT COUNT(*) FROM user_roles r WHERE r.user_id = u.id AND r.role = 'unit_leader') AS n_leader, \
         (SELECT COUNT(*) FROM user_roles r WHERE r.user_id = u.id AND r.role = 'unit_handler') AS n_handler \
         FROM users u WHERE u.unit_id = $1 AND u.active = 1 ORDER BY u.username",
    )
    .bind(unit_id)
    .fetch_all(&db.pool)
    .await?;
    let mut candidates = Vec::with_capacity(rows.len());
    for row in &rows {
        let candidate = Candidate {
            user_id: row.try_get("id")?,
            display_name: row.try_get("display_name")?,
            username: row.try_get("username")?,
            is_leader: row.try_get::<i64, _>("n_leader")? > 0,
            is_handler: row.try_get::<i64, _>("n_handler")? > 0,
        };
        if candidate.is_leader || candidate.is_handler {
            candidates.push(candidate);
        }
    }
    Ok(candidates)
}

/// A handling unit whose registration is missing or no longer current.
#[derive(Debug, Clone)]
pub struct UnitGap {
    pub unit: Unit,
    pub gaps: Vec<&'static str>,
}

/// HL-CONTACTS, kept current: every active unit that must register ([`required`]) and has no
/// registration, or one naming an account that is disabled, moved or lost its role, in tree
/// order. The hotline supervisor's list; empty when every unit is in order.
pub async fn gaps(db: &Db) -> Result<Vec<UnitGap>> {
    let registrations = list(db).await?;
    let mut found = Vec::new();
    for unit in units::list(db).await? {
        if !unit.active || !required(unit.kind) {
            continue;
        }
        let gaps = match registrations.iter().find(|r| r.unit_id == unit.id) {
            Some(registration) => registration.gaps(),
            None => vec!["未登记分管领导、A/B岗和24小时值班电话"],
        };
        if !gaps.is_empty() {
            found.push(UnitGap { unit, gaps });
        }
    }
    Ok(found)
}
