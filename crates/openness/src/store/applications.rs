//! `openness_applications` (migration 0035, PUB-APPLY, HL-PRIVACY): a disclosure application
//! as a snapshot of the pure machine with the columns the ledger and table 三 read. The
//! applicant is sealed to its row ([`APPLICANT_COLUMN`], the id) and masked in the snapshot —
//! also in the answer's addressee —, the query code is a blind index, and the applicant's
//! identity number a blind index for the repeat detector.

use calendar::Instant;
use platform::db::{Db, Tx};
use platform::personal::{DataKey, aad, mask_middle};
use platform::{Error, Result, query_code};
use sqlx::Row as _;

use super::{from_json, to_json, unreadable};
use crate::application::{Applicant, ApplicantKind, Application, Channel, Form, Outcome, Status};
use crate::{ApplicationId, UnitId};

/// Where an application's applicant is sealed.
pub const APPLICANT_COLUMN: &str = "openness_applications.applicant_sealed";

/// An application as stored, its applicant masked (never the clear values).
#[derive(Debug, Clone)]
pub struct StoredApplication {
    pub application: Application,
    /// Its public number (依申请公开编号).
    pub number: String,
    pub version: i64,
    /// The blind index of its query code.
    pub query_code_hash: String,
    /// The applicant, sealed to the row ([`APPLICANT_COLUMN`], the id).
    pub applicant_sealed: Vec<u8>,
}

impl StoredApplication {
    /// The application with its applicant in clear (for the pure machine and the notices;
    /// a person's view of the clear values goes through [`platform::personal::unmask`]).
    pub fn opened(&self, key: &DataKey) -> Result<Application> {
        let mut application = self.application.clone();
        let place = aad(APPLICANT_COLUMN, application.id);
        let clear = key.open_for(&self.applicant_sealed, &place)?;
        application.filing.applicant = from_json("applicant", &clear)?;
        if let Some(answer) = application.answer.as_mut() {
            answer.notice.addressee = application.filing.applicant.name.trim().to_owned();
        }
        Ok(application)
    }
}

/// HL-PRIVACY: the applicant as the snapshot and the ledger show it — the family name or the
/// organisation's name, the identity number's region and end, the phone's ends.
pub fn masked(applicant: &Applicant) -> Applicant {
    let name = if applicant.kind.is_organisation() {
        applicant.name.trim().to_owned()
    } else {
        mask_middle(applicant.name.trim(), 1, 0)
    };
    let blank_or = |text: &str, start: usize, end: usize| {
        if text.trim().is_empty() {
            String::new()
        } else {
            mask_middle(text.trim(), start, end)
        }
    };
    Applicant {
        kind: applicant.kind,
        name,
        id_number: blank_or(&applicant.id_number, 6, 4),
        contact_person: blank_or(&applicant.contact_person, 1, 0),
        phone: blank_or(&applicant.phone, 3, 4),
        address: blank_or(&applicant.address, 6, 0),
        email: blank_or(&applicant.email, 1, 0),
    }
}

/// The snapshot as stored: the applicant masked, the answer's addressee too.
fn snapshot(application: &Application) -> Result<String> {
    let mut stored = application.clone();
    stored.filing.applicant = masked(&application.filing.applicant);
    let addressee = stored.filing.applicant.name.clone();
    if let Some(answer) = stored.answer.as_mut() {
        answer.notice.addressee = addressee;
    }
    to_json("application snapshot", &stored)
}

/// The blind index of a query code of application `number`.
pub fn query_code_hash(key: &DataKey, number: &str, code: &str) -> String {
    key.lookup_hash(&format!(
        "openness-query-code:{number}:{}",
        query_code::normalise(code)
    ))
}

/// The blind index of an applicant's key ([`Applicant::key`]), for the repeat detector.
pub fn applicant_key_hash(key: &DataKey, applicant: &Applicant) -> String {
    key.lookup_hash(&format!("openness-applicant:{}", applicant.key()))
}

pub fn kind_code(kind: ApplicantKind) -> &'static str {
    match kind {
        ApplicantKind::NaturalPerson => "natural_person",
        ApplicantKind::Commercial => "commercial",
        ApplicantKind::Research => "research",
        ApplicantKind::PublicInterest => "public_interest",
        ApplicantKind::LegalService => "legal_service",
        ApplicantKind::OtherOrganisation => "other_organisation",
    }
}

pub fn channel_code(channel: Channel) -> &'static str {
    match channel {
        Channel::Online => "online",
        Channel::Letter => "letter",
        Channel::WalkIn => "walk_in",
    }
}

pub fn form_code(form: Form) -> &'static str {
    match form {
        Form::Paper => "paper",
        Form::Electronic => "electronic",
        Form::Inspection => "inspection",
    }
}

/// Inserts a new application (its id given by the table, then written into the snapshot;
/// its number `YSQ`year-id) with the applicant sealed to the row and the query code's blind
/// index; version 1. Returns the stored row and the query code in clear, shown once.
pub async fn insert(
    tx: &mut Tx,
    key: &DataKey,
    application: &mut Application,
    now: i64,
) -> Result<(StoredApplication, String)> {
    let row = sqlx::query(
        "INSERT INTO openness_applications (number, query_code, unit_id, applicant_kind, \
         channel, form, applicant_sealed, applicant_key, description, status, received_at, \
         state, version, created_at, updated_at) \
         VALUES ('', '', $1, $2, $3, $4, $5, $6, $7, $8, $9, '{}', 1, $10, $10) RETURNING id",
    )
    .bind(application.unit.0)
    .bind(kind_code(application.filing.applicant.kind))
    .bind(channel_code(application.filing.channel))
    .bind(form_code(application.filing.form))
    .bind(Vec::<u8>::new())
    .bind(applicant_key_hash(key, &application.filing.applicant))
    .bind(application.filing.description.trim())
    .bind(application.status.code())
    .bind(application.received_at.millis())
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    application.id = ApplicationId(row.try_get("id")?);
    let year = application.received_at.local_date().format("%Y");
    let number = format!("YSQ{year}{:06}", application.id.0);
    let code = query_code::generate();
    let code_hash = query_code_hash(key, &number, &code);
    let clear = to_json("applicant", &application.filing.applicant)?;
    let sealed = key.seal_for(&clear, &aad(APPLICANT_COLUMN, application.id))?;
    sqlx::query(
        "UPDATE openness_applications SET number = $1, query_code = $2, applicant_sealed = $3, \
         state = $4 WHERE id = $5",
    )
    .bind(&number)
    .bind(&code_hash)
    .bind(sealed.clone())
    .bind(snapshot(application)?)
    .bind(application.id.0)
    .execute(&mut **tx)
    .await?;
    let stored = StoredApplication {
        application: from_json("application snapshot", &snapshot(application)?)?,
        number,
        version: 1,
        query_code_hash: code_hash,
        applicant_sealed: sealed,
    };
    Ok((stored, code))
}

/// Stores the new snapshot when the version is still `expected`; zero rows is a conflict.
pub async fn update(
    tx: &mut Tx,
    application: &Application,
    expected: i64,
    now: i64,
) -> Result<i64> {
    let changed = sqlx::query(
        "UPDATE openness_applications SET status = $1, description = $2, outcome = $3, \
         decided_at = $4, state = $5, version = version + 1, updated_at = $6 \
         WHERE id = $7 AND version = $8",
    )
    .bind(application.status.code())
    .bind(application.filing.description.trim())
    .bind(application.outcome().map(Outcome::code))
    .bind(application.decided_at().map(Instant::millis))
    .bind(snapshot(application)?)
    .bind(now)
    .bind(application.id.0)
    .bind(expected)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(Error::conflict("该申请已被他人更新，请刷新后重试"));
    }
    Ok(expected + 1)
}

const SELECT: &str = "SELECT state, number, version, query_code, applicant_sealed \
    FROM openness_applications";

fn from_row(row: &sqlx::any::AnyRow) -> Result<StoredApplication> {
    let state: String = row.try_get("state")?;
    Ok(StoredApplication {
        application: from_json("application snapshot", &state)?,
        number: row.try_get("number")?,
        version: row.try_get("version")?,
        query_code_hash: row.try_get("query_code")?,
        applicant_sealed: row.try_get("applicant_sealed")?,
    })
}

fn not_found(id: impl std::fmt::Display) -> Error {
    Error::not_found(format!("政府信息公开申请 {id}"))
}

pub async fn get(db: &Db, id: ApplicationId) -> Result<StoredApplication> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE id = $1")))
        .bind(id.0)
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| not_found(id))?;
    from_row(&row)
}

pub async fn get_in(tx: &mut Tx, id: ApplicationId) -> Result<StoredApplication> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE id = $1")))
        .bind(id.0)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| not_found(id))?;
    from_row(&row)
}

/// The application of public `number`, if any (the query page; the code is checked by the
/// caller through [`platform::query_code::verify`]).
pub async fn by_number(db: &Db, number: &str) -> Result<Option<StoredApplication>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE number = $1")))
        .bind(number)
        .fetch_optional(&db.pool)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// One line of the ledger (登记台帐), the applicant masked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicationLine {
    pub id: ApplicationId,
    pub number: String,
    pub unit: UnitId,
    pub kind: ApplicantKind,
    pub channel: Channel,
    pub description: String,
    pub status: Status,
    pub outcome: Option<Outcome>,
    pub received_at: Instant,
    pub decided_at: Option<Instant>,
}

fn line_of(row: &sqlx::any::AnyRow) -> Result<ApplicationLine> {
    let status: String = row.try_get("status")?;
    let kind: String = row.try_get("applicant_kind")?;
    let channel: String = row.try_get("channel")?;
    let outcome: Option<String> = row.try_get("outcome")?;
    Ok(ApplicationLine {
        id: ApplicationId(row.try_get("id")?),
        number: row.try_get("number")?,
        unit: UnitId(row.try_get("unit_id")?),
        kind: ApplicantKind::ALL
            .into_iter()
            .find(|k| kind_code(*k) == kind)
            .ok_or_else(|| unreadable("applicant kind", &kind))?,
        channel: Channel::ALL
            .into_iter()
            .find(|c| channel_code(*c) == channel)
            .ok_or_else(|| unreadable("channel", &channel))?,
        description: row.try_get("description")?,
        status: Status::ALL
            .into_iter()
            .find(|s| s.code() == status)
            .ok_or_else(|| unreadable("application status", &status))?,
        outcome: outcome
            .map(|code| Outcome::from_code(&code).ok_or_else(|| unreadable("outcome", &code)))
            .transpose()?,
        received_at: Instant::from_millis(row.try_get("received_at")?),
        decided_at: row
            .try_get::<Option<i64>, _>("decided_at")?
            .map(Instant::from_millis),
    })
}

const LINE: &str = "SELECT id, number, unit_id, applicant_kind, channel, description, status, \
    outcome, received_at, decided_at FROM openness_applications";

/// The ledger of `unit` (every unit with `None`), newest first, at most `limit`.
pub async fn ledger(db: &Db, unit: Option<UnitId>, limit: i64) -> Result<Vec<ApplicationLine>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{LINE} WHERE ($1 = 0 OR unit_id = $1) ORDER BY received_at DESC, id DESC LIMIT $2"
    )))
    .bind(unit.map_or(0, |unit| unit.0))
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(line_of).collect()
}

/// PUB-APPLY (repeat applications): the decided applications of the same applicant (blind
/// index), other than `except`, for [`crate::application::detect_repeat`].
pub async fn earlier_of_applicant(
    db: &Db,
    applicant_key: &str,
    except: ApplicationId,
) -> Result<Vec<crate::application::Earlier>> {
    let rows = sqlx::query(
        "SELECT id, description, outcome FROM openness_applications \
         WHERE applicant_key = $1 AND id <> $2 AND outcome IS NOT NULL ORDER BY id",
    )
    .bind(applicant_key)
    .bind(except.0)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| {
            let outcome: Option<String> = row.try_get("outcome")?;
            Ok(crate::application::Earlier {
                id: ApplicationId(row.try_get("id")?),
                applicant_key: applicant_key.to_owned(),
                description: row.try_get("description")?,
                outcome: outcome.and_then(|code| Outcome::from_code(&code)),
            })
        })
        .collect()
}

/// The blind index of the applicant of application `id`.
pub async fn applicant_key_of(db: &Db, id: ApplicationId) -> Result<String> {
    let row = sqlx::query("SELECT applicant_key FROM openness_applications WHERE id = $1")
        .bind(id.0)
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| not_found(id))?;
    Ok(row.try_get("applicant_key")?)
}
