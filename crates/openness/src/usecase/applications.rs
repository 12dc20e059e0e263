//! The disclosure applications' use cases (PUB-APPLY, PUB-ANSWER, HL-PRIVACY): registration
//! (online by the applicant, by letter or walk-in by the unit's openness officer), the staff's
//! and the applicant's commands through the kernel's one path, the query-code lookup, the
//! audited reveal of the applicant, the repeat detector over the stored applications, and the
//! files provided to the applicant (attachments, downloaded with the query code, PUB-FREE).

use platform::attachments::{self, Meta, Owner, Policy, Upload};
use platform::audit::{self, AuditEvent};
use platform::db::Db;
use platform::filed_by::{self, FiledBy};
use platform::personal::{self, UnmaskTarget, aad};
use platform::roles::Role;
use platform::workflow::{self, Context, Subject};
use platform::{Error, Result, query_code};

use super::machine::{Applications, load_in};
use super::{FILE_OWNER, LOOKUP_SCOPE};
use crate::application::{
    self, Applicant, Application, Command, Filing, RepeatSuggestion, detect_repeat,
};
use crate::store::applications::{
    self as store, APPLICANT_COLUMN, StoredApplication, applicant_key_hash, masked,
};
use crate::{Acting, ApplicationId, Issuer, Rules, UnitId};

/// A registered application: its id, public number, query code (in clear, shown once) and
/// version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registered {
    pub id: ApplicationId,
    pub number: String,
    pub query_code: String,
    pub version: i64,
}

/// The application as a page may show it: the applicant masked.
fn shown(mut application: Application) -> Application {
    application.filing.applicant = masked(&application.filing.applicant);
    let name = application.filing.applicant.name.clone();
    if let Some(answer) = application.answer.as_mut() {
        answer.notice.addressee = name;
    }
    application
}

/// PUB-APPLY: registers an application to `unit` received at `context.now` — online by the
/// applicant, or a letter or walk-in filled in by the unit's openness officer (代为填写) —
/// every problem at once; the applicant sealed to the row, the answer clock started on the
/// kernel's clock table, the history and the audit row in one transaction.
pub async fn register(
    db: &Db,
    context: &Context<'_>,
    issuer: &Issuer,
    unit: UnitId,
    filing: Filing,
) -> Result<Registered> {
    register_for(db, context, issuer, (unit, filing), None).await
}

/// [`register`] for the citizen's account `filed_by` (issue 23 item 3): the application is
/// linked to it in the registration's transaction.
pub async fn register_for(
    db: &Db,
    context: &Context<'_>,
    issuer: &Issuer,
    (unit, filing): (UnitId, Filing),
    filed_by: Option<FiledBy>,
) -> Result<Registered> {
    platform::units::get(db, unit.0)
        .await
        .map_err(|_| Error::invalid("请选择受理申请的机关"))?;
    let rules = Rules {
        profile: context.profile,
        calendar: context.calendar,
    };
    let (mut application, events) =
        application::register(ApplicationId(0), unit, filing, issuer, context.now, rules)?;
    let mut tx = db.begin().await?;
    let (stored, code) =
        store::insert(&mut tx, context.key, &mut application, context.now.millis()).await?;
    let machine = Applications {
        issuer,
        key: context.key,
    };
    let subject = Subject {
        id: application.id,
        loaded: None,
        state: &application,
    };
    workflow::record(&mut tx, &machine, context, subject, "register", &events).await?;
    let event = AuditEvent::new(
        "openness.application.register",
        "openness_application",
        application.id,
    )
    .detail(format!(
        "政府信息公开申请 {}：{}登记",
        stored.number,
        application.filing.channel.label_zh()
    ));
    let link = (application.id.0, stored.number.as_str());
    filed_by::link_in(
        &mut tx,
        filed_by,
        filed_by::APPLICATION,
        link,
        context.now.millis(),
    )
    .await?;
    audit::record(&mut tx, context.actor, event, context.now.millis()).await?;
    tx.commit().await?;
    Ok(Registered {
        id: application.id,
        number: stored.number,
        query_code: code,
        version: stored.version,
    })
}

/// PUB-APPLY, PUB-ANSWER, CAL-PAUSE: runs `command` on application `id` for the staff user
/// `acting` through the kernel's one path (the transition table, who may act by role and
/// unit, the rules; then snapshot, history, clocks, notices and audit row in one
/// transaction). A refusal changes nothing. Returns the application (applicant masked) and
/// its version.
pub async fn execute(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    id: ApplicationId,
    command: Command,
    expected_version: Option<i64>,
) -> Result<(Application, i64)> {
    let issuer = Issuer::Staff(acting.clone());
    let machine = Applications {
        issuer: &issuer,
        key: context.key,
    };
    let (application, version) =
        workflow::execute(db, &machine, context, id, command, expected_version).await?;
    Ok((shown(application), version))
}

/// The application of `number` when `code` is its query code (a wrong code counts against
/// the number, [`platform::query_code::verify`]); the applicant masked.
pub async fn lookup(
    db: &Db,
    key: &platform::personal::DataKey,
    number: &str,
    code: &str,
) -> Result<StoredApplication> {
    let number = query_code::normalise_number(number);
    let found = store::by_number(db, &number).await?;
    query_code::verify(
        db,
        LOOKUP_SCOPE,
        &number,
        found,
        |stored| key.lookup_matches(&stored.query_code_hash, &code_input(&number, code)),
        || Error::not_found("该申请编号或查询码对应的申请"),
    )
    .await
}

fn code_input(number: &str, code: &str) -> String {
    format!(
        "openness-query-code:{number}:{}",
        query_code::normalise(code)
    )
}

/// PUB-APPLY: the applicant's own command (the correction, the withdrawal) with the number
/// and query code.
pub async fn applicant_execute(
    db: &Db,
    context: &Context<'_>,
    (number, code): (&str, &str),
    command: Command,
) -> Result<(Application, i64)> {
    let stored = lookup(db, context.key, number, code).await?;
    let issuer = Issuer::Applicant;
    let machine = Applications {
        issuer: &issuer,
        key: context.key,
    };
    let id = stored.application.id;
    let (application, version) =
        workflow::execute(db, &machine, context, id, command, Some(stored.version)).await?;
    Ok((shown(application), version))
}

/// HL-PRIVACY: the applicant in clear for the handling unit's openness officer or leader,
/// with the reason, and an `unmask` audit row in the same transaction.
pub async fn unmask_applicant(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    id: ApplicationId,
    reason: &str,
) -> Result<Applicant> {
    let mut tx = db.begin().await?;
    let loaded = load_in(&mut tx, context.key, id).await?;
    let unit = loaded.application.unit;
    if !(acting.has_in(Role::OpennessOfficer, unit) || acting.has_in(Role::UnitLeader, unit)) {
        return Err(Error::Refused(
            "只有受理机关的政务公开工作人员可以查看申请人信息".to_owned(),
        ));
    }
    let object_id = id.to_string();
    let place = aad(APPLICANT_COLUMN, id);
    let target = UnmaskTarget {
        object_type: "openness_application",
        object_id: &object_id,
        field: "applicant",
        reason: reason.trim(),
        place: &place,
    };
    let clear = personal::unmask(
        &mut tx,
        context.key,
        context.actor,
        &loaded.stored.applicant_sealed,
        &target,
        context.now.millis(),
    )
    .await?;
    tx.commit().await?;
    serde_json::from_str(&clear).map_err(|error| crate::store::unreadable("applicant", error))
}

/// PUB-APPLY (repeat applications): the earlier decided application of the same applicant
/// whose request is at least `threshold` alike, offered as 不予处理（重复申请）.
pub async fn repeat_of(
    db: &Db,
    key: &platform::personal::DataKey,
    id: ApplicationId,
    threshold: f64,
) -> Result<Option<RepeatSuggestion>> {
    let stored = store::get(db, id).await?;
    let applicant = stored.opened(key)?.filing.applicant;
    let applicant_key = applicant_key_hash(key, &applicant);
    let earlier = store::earlier_of_applicant(db, &applicant_key, id).await?;
    Ok(detect_repeat(
        &applicant_key,
        &stored.application.filing.description,
        &earlier,
        threshold,
    ))
}

fn owner(id: ApplicationId) -> Owner {
    Owner {
        kind: FILE_OWNER,
        id: id.0,
    }
}

/// PUB-ANSWER: a file provided to the applicant, added by the handling unit's openness
/// officer; sealed like every attachment. Returns its id.
pub async fn add_file(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    id: ApplicationId,
    upload: &Upload,
) -> Result<i64> {
    let mut tx = db.begin().await?;
    let loaded = load_in(&mut tx, context.key, id).await?;
    if !acting.has_in(Role::OpennessOfficer, loaded.application.unit) {
        return Err(Error::Refused(
            "只有受理机关的政务公开工作人员可以上传提供的信息".to_owned(),
        ));
    }
    let now = context.now.millis();
    let file = attachments::store(
        &mut tx,
        context.key,
        owner(id),
        &Policy::MATERIAL,
        upload,
        now,
    )
    .await?;
    let event =
        AuditEvent::new("openness.application.file", "openness_application", id).detail(format!(
            "政府信息公开申请 {}：上传提供的信息“{}”",
            loaded.stored.number, upload.label
        ));
    audit::record(&mut tx, context.actor, event, now).await?;
    tx.commit().await?;
    Ok(file)
}

/// The files provided with application `id` (PUB-FREE: downloaded with the query code, free).
pub async fn files(db: &Db, id: ApplicationId) -> Result<Vec<Meta>> {
    attachments::list(db, owner(id)).await
}
