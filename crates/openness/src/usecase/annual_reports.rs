//! The written sections and the publication of the openness annual report (PUB-ANNUAL;
//! reports.md §1; 2019 Regulation §49; 002 年度报告 §4,5). A unit's openness officer writes its
//! report's sections 一, 五 and 六 (the government office's officer the county's), kept per
//! year and changed until publication; beginning a report starts its due clock on the kernel's
//! clock table — a unit's by `openness.unit_annual_report_by`, the county's by
//! `openness.county_annual_report_by` of the next year — filed under the writing unit, so an
//! unpublished report is overdue in 电子监察 and on the workbench after its date. The office
//! head (the unit's leader) signs it off once the year is over: the tables and sections are
//! frozen as a snapshot (no later record changes them), the clock concludes (met or late) and
//! the report is public on the portal. Every change is audited; bad input is refused in
//! Chinese and changes nothing.

use chrono::{Datelike, NaiveDate};
use platform::audit::{self, AuditEvent};
use platform::clocks::{self, ClockStatus, NewClock};
use platform::roles::Role;
use platform::units::UnitKind;
use platform::workflow::{self, Context, SubjectKind};
use platform::{Error, Result};
use serde_json::json;

use super::annual as tables;
use crate::annual::publication::{self, Sections, Snapshot};
use crate::store::annual_reports::{self as store, DRAFT, PUBLISHED, StoredReport};
use crate::{Acting, UnitId};

/// The clocks' subject type of an annual report.
pub const SUBJECT_TYPE: &str = "openness_annual_report";

/// An annual report as a subject of the kernel's views: its due clock (PUB-ANNUAL).
pub const REPORT_SUBJECT: SubjectKind = SubjectKind {
    code: SUBJECT_TYPE,
    label: "政府信息公开工作年度报告",
    number_table: "openness_annual_reports",
    page: "/office/openness/annual?report=",
    main_rule: "PUB-ANNUAL",
    overdue_flag: None,
    clock_name: |_| "发布期限",
    waits: WAITS,
    history: workflow::HistoryTable {
        table: "openness_annual_report_events",
        subject_column: "report_id",
    },
    command_label: |code| match code {
        "save" => "保存报告正文",
        "publish" => "签发并发布",
        _ => "操作",
    },
    effect_words: |_| None,
    counting: workflow::counters::Counting::NONE,
};

/// PUB-ANNUAL: the reports the unit's officer is writing and its leader is to sign off.
const WAITS: &[workflow::Wait] = &[
    workflow::Wait {
        role: Role::OpennessOfficer,
        label: "待发布的政府信息公开工作年度报告",
        sql: "SELECT id, number FROM openness_annual_reports WHERE status = 'draft' \
              AND unit_id = $1",
        red_only: false,
        unit_clocks: true,
    },
    workflow::Wait {
        role: Role::UnitLeader,
        label: "待签发的政府信息公开工作年度报告",
        sql: "SELECT id, number FROM openness_annual_reports WHERE status = 'draft' \
              AND unit_id = $1",
        red_only: false,
        unit_clocks: true,
    },
];

/// The key of a report's scope: its unit, or 0 for the county's.
pub fn scope_key(unit: Option<UnitId>) -> i64 {
    unit.map_or(0, |unit| unit.0)
}

/// The scope of a stored key.
pub fn scope_of(key: i64) -> Option<UnitId> {
    (key != 0).then_some(UnitId(key))
}

/// PUB-ANNUAL (002 年度报告 §5): the county's report is the government's, written in its
/// office — a unit of kind 人民政府, or a unit directly under one named …政府办公室.
pub async fn county_office(db: &platform::db::Db, unit: UnitId) -> Result<bool> {
    let unit = platform::units::get(db, unit.0).await?;
    if unit.kind == UnitKind::Government {
        return Ok(true);
    }
    let Some(parent) = unit.parent_id else {
        return Ok(false);
    };
    Ok(unit.name.ends_with("政府办公室")
        && platform::units::get(db, parent).await?.kind == UnitKind::Government)
}

/// Whether `acting` holds `role` where the report of `unit` (`None`: the county's) is written:
/// in that unit, or for the county's in a government office (人民政府办公室).
async fn holds(
    db: &platform::db::Db,
    acting: &Acting,
    role: Role,
    unit: Option<UnitId>,
) -> Result<bool> {
    Ok(match unit {
        Some(unit) => acting.has_in(role, unit),
        None => acting.roles.contains(&role) && county_office(db, acting.unit).await?,
    })
}

/// PUB-ANNUAL: may `acting` write the sections of the report of `unit`?
pub async fn may_write(
    db: &platform::db::Db,
    acting: &Acting,
    unit: Option<UnitId>,
) -> Result<bool> {
    holds(db, acting, Role::OpennessOfficer, unit).await
}

/// PUB-ANNUAL: may `acting` sign off and publish the report of `unit`?
pub async fn may_publish(
    db: &platform::db::Db,
    acting: &Acting,
    unit: Option<UnitId>,
) -> Result<bool> {
    holds(db, acting, Role::UnitLeader, unit).await
}

/// The report of `unit` for `year`, if begun.
pub async fn find(
    db: &platform::db::Db,
    unit: Option<UnitId>,
    year: i32,
) -> Result<Option<StoredReport>> {
    store::find(db, scope_key(unit), year).await
}

/// PUB-ANNUAL: the office's text of section 一 offered while none is written — a summary
/// generated from the records.
pub async fn summary(
    db: &platform::db::Db,
    unit: Option<UnitId>,
    year: i32,
    whose: &str,
) -> Result<String> {
    let report = tables::report(db, unit, year).await?;
    Ok(publication::summary(
        whose,
        &report.two,
        &report.three,
        &report.four,
    ))
}

fn number(unit: Option<UnitId>, year: i32) -> String {
    match unit {
        Some(unit) => format!("GKNB-{year}-{}", unit.0),
        None => format!("GKNB-{year}-QX"),
    }
}

/// PUB-ANNUAL: the acting officer saves the sections of the report of `unit` (`None`: the
/// county's) for `year`; the first save begins the report and starts its due clock. A
/// published report is never changed.
pub async fn save(
    db: &platform::db::Db,
    context: &Context<'_>,
    acting: &Acting,
    unit: Option<UnitId>,
    year: i32,
    sections: Sections,
) -> Result<()> {
    if !may_write(db, acting, unit).await? {
        return Err(Error::Refused(
            "年度报告由本单位的政务公开工作人员编写（全县报告由政府办公室编写）".to_owned(),
        ));
    }
    if !tables::YEARS.contains(&year) {
        return Err(Error::invalid("年度须在2019年以后（PUB-ANNUAL）"));
    }
    let problems = sections.draft_problems();
    if !problems.is_empty() {
        return Err(Error::invalid(problems.join("；")));
    }
    let sections = Sections {
        overview: sections.overview.trim().to_owned(),
        problems: sections.problems.trim().to_owned(),
        other: sections.other.trim().to_owned(),
    };
    let now = context.now.millis();
    let mut tx = db.begin().await?;
    let id = match store::find_in(&mut tx, scope_key(unit), year).await? {
        Some(report) if report.snapshot.is_some() => {
            return Err(Error::conflict("该年度报告已发布，不能再修改"));
        }
        Some(report) => {
            if !store::save(&mut tx, report.id, report.version, &sections, now).await? {
                return Err(Error::conflict(
                    "该年度报告刚被他人修改或已发布，请刷新后重试",
                ));
            }
            store::event(
                &mut tx,
                report.id,
                "save",
                Some(DRAFT),
                DRAFT,
                acting.user.0,
                &json!({}),
                now,
            )
            .await?;
            report.id
        }
        None => {
            let id = store::insert(
                &mut tx,
                &number(unit, year),
                scope_key(unit),
                acting.unit.0,
                year,
                &sections,
                now,
            )
            .await?;
            // PUB-ANNUAL: the report's due date as a clock of the writing unit.
            let due = publication::due_date(context.profile, year, unit.is_none());
            let (start, limit) = publication::clock(year, due);
            clocks::start(
                &mut tx,
                None,
                NewClock {
                    subject_type: SUBJECT_TYPE.to_owned(),
                    subject_id: id.to_string(),
                    rule_id: "PUB-ANNUAL".to_owned(),
                    unit_id: acting.unit.0,
                    start,
                    limit,
                },
                context.calendar,
                context.profile,
                context.now,
            )
            .await?;
            store::event(
                &mut tx,
                id,
                "save",
                None,
                DRAFT,
                acting.user.0,
                &json!({"due": due.to_string()}),
                now,
            )
            .await?;
            id
        }
    };
    audit::record(
        &mut tx,
        context.actor,
        AuditEvent::new("openness.annual_report.save", "openness_annual_report", id)
            .detail(format!("{year}年度报告：保存总体情况、存在问题和其他事项")),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// PUB-ANNUAL: the office head signs off the report of `unit` for `year` and publishes it —
/// once the year is over and sections 一, 五 and 六 are written. Its tables and sections are
/// frozen; its due clock concludes (met, or late after the profile's date).
pub async fn publish(
    db: &platform::db::Db,
    context: &Context<'_>,
    acting: &Acting,
    unit: Option<UnitId>,
    year: i32,
) -> Result<()> {
    if !may_publish(db, acting, unit).await? {
        return Err(Error::Refused(
            "年度报告由本单位负责人签发（全县报告由政府办公室负责人签发）".to_owned(),
        ));
    }
    let today = context.now.local_date();
    let mut problems = Vec::new();
    if year >= today.year() {
        problems.push(format!("{year}年尚未结束，年度报告须在次年发布"));
    }
    let report = store::find(db, scope_key(unit), year).await?;
    if report.as_ref().is_some_and(|r| r.snapshot.is_some()) {
        return Err(Error::conflict("该年度报告已发布"));
    }
    let sections = report
        .as_ref()
        .map(|r| r.sections.clone())
        .unwrap_or_default();
    problems.extend(sections.publication_problems());
    let Some(report) = report.filter(|_| problems.is_empty()) else {
        return Err(Error::invalid(problems.join("；")));
    };
    let whose = match unit {
        Some(unit) => platform::units::get(db, unit.0).await?.name,
        None => "全县".to_owned(),
    };
    let figures = tables::report(db, unit, year).await?;
    let due = publication::due_date(context.profile, year, unit.is_none());
    let snapshot = Snapshot {
        year,
        whose,
        sections,
        two: figures.two,
        three: figures.three,
        four: figures.four,
        signed_by: platform::users::get(db, acting.user.0).await?.display_name,
        published_on: today,
        due,
    };
    let open: Vec<i64> = clocks::by_subject(db, SUBJECT_TYPE, &report.id.to_string())
        .await?
        .into_iter()
        .filter(|clock| clock.status.is_open())
        .map(|clock| clock.id)
        .collect();
    let now = context.now.millis();
    let mut tx = db.begin().await?;
    if !store::publish(
        &mut tx,
        report.id,
        report.version,
        &snapshot,
        acting.user.0,
        now,
    )
    .await?
    {
        return Err(Error::conflict(
            "该年度报告刚被他人修改或已发布，请刷新后重试",
        ));
    }
    let mut met = true;
    for clock in open {
        let status = clocks::conclude(
            &mut tx,
            None,
            clock,
            context.now,
            context.calendar,
            context.profile,
        )
        .await?;
        met &= status == ClockStatus::Met;
    }
    store::event(
        &mut tx,
        report.id,
        "publish",
        Some(DRAFT),
        PUBLISHED,
        acting.user.0,
        &json!({"due": due.to_string(), "late": snapshot.late()}),
        now,
    )
    .await?;
    audit::record(
        &mut tx,
        context.actor,
        AuditEvent::new(
            "openness.annual_report.publish",
            "openness_annual_report",
            report.id,
        )
        .detail(format!(
            "{year}年度报告签发并发布（截止 {due}{}）",
            if met && !snapshot.late() {
                "，按时"
            } else {
                "，逾期"
            }
        )),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// PUB-ANNUAL: the published report of `unit` for `year`, as frozen.
pub async fn published(
    db: &platform::db::Db,
    unit: Option<UnitId>,
    year: i32,
) -> Result<Option<Snapshot>> {
    Ok(store::find(db, scope_key(unit), year)
        .await?
        .and_then(|report| report.snapshot))
}

/// PUB-ANNUAL: every published report with its scope, newest year first.
pub async fn published_list(db: &platform::db::Db) -> Result<Vec<(Option<UnitId>, Snapshot)>> {
    Ok(store::published(db)
        .await?
        .into_iter()
        .filter_map(|report| Some((scope_of(report.scope_key), report.snapshot?)))
        .collect())
}

/// The due date of the report of `unit` for `year` (PUB-ANNUAL).
pub fn due(context: &Context<'_>, unit: Option<UnitId>, year: i32) -> NaiveDate {
    publication::due_date(context.profile, year, unit.is_none())
}
