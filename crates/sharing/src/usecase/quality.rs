//! Quality problems and misuse, stored (DATA-QUALITY; 000 共享 §4(四)(五), §5(三)): a
//! consumer with a grant on a resource reports a quality problem to its provider, with the
//! due instant counted from the profile; the provider confirms, fixes or explains; a provider
//! reports a consumer's misuse of one of its grants to the platform administrator. Each write
//! has its audit row and its inbox messages (the handler told of a report, the reporter of
//! the answer) in the same transaction; a report is seen by its reporter's and its
//! handler's staff and the administrator (anyone else: not found).

use platform::audit::{self, AuditEvent};
use platform::db::Db;
use platform::workflow::Context;
use platform::{Error, Result};

use super::rules;
use super::tell::{Whom, tell};
use crate::quality::{self, Command, Kind, Report, Status};
use crate::store::{entries, grants, quality as store};
use crate::{Acting, EntryId, GrantId, ResourceId, UnitId};

/// Whether `acting` may see `report`.
pub fn may_see(report: &Report, acting: &Acting) -> bool {
    acting.is_administrator()
        || acting.unit == report.reporter
        || report.handler.is_some_and(|unit| acting.unit == unit)
}

async fn file(db: &Db, context: &Context<'_>, acting: &Acting, report: Report) -> Result<Report> {
    // DATA-ACCOUNTS: only a person holding an active platform account acts.
    super::accounts::ensure_usable(db, acting).await?;
    quality::check_description(&report.description)?;
    let mut tx = db.begin().await?;
    let id = store::insert(&mut tx, &report, acting.user.0).await?;
    let event =
        AuditEvent::new("sharing.quality.report", "sharing_quality_report", id).detail(format!(
            "{}：目录 {} 资源 {}（DATA-QUALITY）",
            report.kind.label_zh(),
            report.entry,
            report.resource_no
        ));
    audit::record(&mut tx, context.actor, event, context.now.millis()).await?;
    let whom = report.handler.map_or(Whom::Administrators, Whom::Unit);
    let subject = format!("{}待处理", report.kind.label_zh());
    let body = format!(
        "{}（处理时限 {}）",
        report.description,
        crate::maintenance::local_minute(report.due_at)
    );
    tell(
        &mut tx,
        context.key,
        whom,
        (&subject, &body, "/office/sharing/quality"),
        context.now.millis(),
    )
    .await?;
    tx.commit().await?;
    Ok(Report { id, ..report })
}

/// DATA-QUALITY: a consumer's staff reports a quality problem in resource `resource` of
/// entry `entry`, which its unit holds a grant on.
pub async fn report_problem(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    (entry, resource): (EntryId, ResourceId),
    description: &str,
) -> Result<Report> {
    let stored = entries::get(db, entry).await?;
    if stored.entry.resource(resource).is_none() {
        return Err(Error::not_found("该资源"));
    }
    let holds = grants::list_for(db, Some(acting.unit.0))
        .await?
        .iter()
        .any(|g| {
            g.grant.consumer == acting.unit
                && g.grant.entry == entry
                && g.grant.resource == resource
        });
    if !holds || !acting.acts_for(acting.unit) {
        return Err(Error::Refused(
            "数据质量问题由获得该资源授权的使用部门工作人员反馈（DATA-QUALITY）".into(),
        ));
    }
    let now = context.now;
    let report = Report {
        id: 0,
        kind: Kind::Quality,
        entry: entry.0,
        resource_no: resource.0,
        grant: None,
        reporter: acting.unit,
        handler: Some(stored.entry.provider),
        description: description.trim().to_owned(),
        status: Status::Reported,
        answer: String::new(),
        reported_at: now,
        due_at: quality::due(now, rules(context)),
        closed_at: None,
    };
    file(db, context, acting, report).await
}

/// DATA-QUALITY (000 共享 §4(五)): the provider's staff reports a consumer's misuse of grant
/// `grant` to the platform administrator.
pub async fn report_misuse(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    grant: GrantId,
    description: &str,
) -> Result<Report> {
    let stored = grants::get(db, grant).await?;
    let g = &stored.grant;
    if !acting.acts_for(g.provider) {
        if acting.unit == g.consumer || acting.is_administrator() {
            return Err(Error::Refused(
                "违规使用由提供部门的工作人员向平台管理部门报备（DATA-QUALITY）".into(),
            ));
        }
        return Err(Error::not_found("该授权"));
    }
    let now = context.now;
    let report = Report {
        id: 0,
        kind: Kind::Misuse,
        entry: g.entry.0,
        resource_no: g.resource.0,
        grant: Some(g.id.0),
        reporter: acting.unit,
        handler: None,
        description: description.trim().to_owned(),
        status: Status::Reported,
        answer: String::new(),
        reported_at: now,
        due_at: quality::due(now, rules(context)),
        closed_at: None,
    };
    file(db, context, acting, report).await
}

/// DATA-QUALITY: runs `command` on report `id`.
pub async fn execute(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    id: i64,
    command: Command,
) -> Result<Report> {
    let report = store::get(db, id).await?;
    if !may_see(&report, acting) {
        return Err(Error::not_found("该报告"));
    }
    // DATA-ACCOUNTS: only a person holding an active platform account acts.
    super::accounts::ensure_usable(db, acting).await?;
    let next = quality::apply(&report, &command, acting, context.now)?;
    let mut tx = db.begin().await?;
    store::update(&mut tx, &next).await?;
    let event =
        AuditEvent::new("sharing.quality.change", "sharing_quality_report", id).detail(format!(
            "{} {id}：{}，{} → {}（DATA-QUALITY）",
            report.kind.label_zh(),
            command.label_zh(),
            report.status.label_zh(),
            next.status.label_zh()
        ));
    audit::record(&mut tx, context.actor, event, context.now.millis()).await?;
    if next.status.is_closed() {
        let body = format!("{}：{}", next.status.label_zh(), next.answer);
        tell(
            &mut tx,
            context.key,
            Whom::Unit(report.reporter),
            ("数据质量问题已答复", &body, "/office/sharing/quality"),
            context.now.millis(),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(next)
}

/// The reports `acting` sees, newest first.
pub async fn list(db: &Db, acting: &Acting) -> Result<Vec<Report>> {
    let unit: Option<UnitId> = (!acting.is_administrator()).then_some(acting.unit);
    store::list(db, unit).await
}
