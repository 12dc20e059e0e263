//! The annual work report's use cases (WEB-ANNUAL, WEB-STATS; `reports.md` §2): the report of
//! a site for a year with every field the platform's records fill (`annual::fill`: the
//! registration, the visits, the pages per column type, special columns, interpretations, the
//! portal's services, the drill) and the host unit's inputs; saving the inputs and signatures
//! (every problem at once, audited); publishing it — after the year, signed — against its due
//! date (`website.annual_report_by` of the next year), a later one marked late. A published
//! report is frozen: it reads back as published.

use std::collections::BTreeMap;

use calendar::Instant;
use chrono::{Datelike, NaiveDate};
use platform::audit::{self, AuditEvent};
use platform::db::Db;
use platform::profile::RuleProfile;
use platform::workflow::Context;
use platform::{Error, Result};

use super::{public, read};
use crate::annual::{self, AnnualReport, Publication, Records, ServiceCounts, due_date, year_span};
use crate::column::{ColumnKind, administrators};
use crate::registry::{Site, SiteKind};
use crate::store::annual::{self as store, StoredAnnual};
use crate::store::sites;
use crate::{Acting, SiteId};

/// A report as a page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnnualView {
    pub report: AnnualReport,
    /// 0 before anything was saved.
    pub version: i64,
    pub updated_at: Option<Instant>,
    /// Set once published (the report is then as published).
    pub publication: Option<Publication>,
}

/// WEB-ANNUAL: who fills in and publishes a site's report — its administrators (a leader of
/// its host or operator unit, a publisher of its operator unit).
fn permits(site: &Site, acting: &Acting) -> Result<()> {
    if administrators(site)
        .iter()
        .any(|(unit, role)| acting.has_in(*role, *unit))
    {
        Ok(())
    } else {
        Err(Error::Refused(format!(
            "只有“{}”主办单位、承办单位的负责人或承办单位的发布人员可以填报和发布年度报表（WEB-ANNUAL）",
            site.registration().name
        )))
    }
}

/// The year is one the site existed in, and not in the future.
fn check_year(site: &Site, year: i32, now: Instant) -> Result<()> {
    let (_, until) = year_span(year);
    if year < 2000 || year > now.local_date().year() {
        return Err(Error::invalid(format!("年度“{year}”无效")));
    }
    if site.history.registered_at() >= until {
        return Err(Error::invalid(format!(
            "网站“{}”{year}年尚未登记",
            site.registration().name
        )));
    }
    Ok(())
}

async fn records(db: &Db, site: &Site, year: i32) -> Result<Records> {
    let (from, until) = year_span(year);
    let registration = site
        .history
        .as_of(Instant::from_millis(until.millis() - 1))
        .unwrap_or_else(|| site.registration())
        .clone();
    let first = NaiveDate::from_ymd_opt(year, 1, 1);
    let last = NaiveDate::from_ymd_opt(year, 12, 31);
    let visits = match (first, last) {
        (Some(first), Some(last)) => {
            let totals = public::visit_totals(db, site.id, first, last).await?;
            Some((totals.visitors, totals.views))
        }
        _ => None,
    };
    let mut pages = Vec::new();
    for (code, n) in store::pages_by_column_kind(db, site.id, from, until).await? {
        let kind = ColumnKind::ALL
            .into_iter()
            .find(|kind| kind.code() == code)
            .ok_or_else(|| crate::store::unreadable("column kind", &code))?;
        pages.push((kind, n));
    }
    let services = if registration.kind == SiteKind::Portal {
        let figures = services::usecase::annual::annual_figures(db, from, until).await?;
        Some(ServiceCounts {
            items: figures.items,
            fully_online: figures.fully_online,
            cases: figures.cases,
            natural_person_cases: figures.natural_person_cases,
            legal_person_cases: figures.legal_person_cases,
            registered_users: platform::filed_by::registered_count(db, until.millis()).await?,
        })
    } else {
        None
    };
    Ok(Records {
        visits,
        pages,
        columns: read::column_tree(db, site.id).await?.columns().to_vec(),
        interpretations: store::interpretations(db, site.id, from, until).await?,
        services,
        drill_held: platform::security::drills::year_status(db, year)
            .await?
            .met(),
        registration,
    })
}

/// The inputs stored, read back onto `report` (keys no longer an input of the site are left).
fn apply_inputs(report: &mut AnnualReport, inputs: &BTreeMap<String, String>) -> Result<()> {
    let portal = report.portal;
    for (key, text) in inputs {
        let Some(field) = annual::field(key).filter(|field| field.is_input(portal)) else {
            continue;
        };
        let value = annual::parse(field, text)
            .map_err(|message| crate::store::unreadable("annual input", message))?;
        report.set(key, value)?;
    }
    Ok(())
}

fn publication_of(stored: &StoredAnnual) -> Option<Publication> {
    stored.published.as_ref().map(|published| Publication {
        at: published.at,
        by: published.by,
        due: stored.due_on,
        late: published.late,
    })
}

/// The report as published, read back from its texts.
fn frozen(mut report: AnnualReport, texts: &[(String, String)]) -> Result<AnnualReport> {
    for (key, text) in texts {
        if let Some(field) = annual::field(key) {
            let value = annual::parse(field, text)
                .map_err(|message| crate::store::unreadable("annual report", message))?;
            report.set(key, value)?;
        }
    }
    Ok(report)
}

/// The live report: the records' fields and the stored inputs.
async fn compute(
    db: &Db,
    profile: &RuleProfile,
    site: &Site,
    year: i32,
    stored: Option<&StoredAnnual>,
) -> Result<AnnualReport> {
    let portal = site.registration().kind == SiteKind::Portal;
    let mut report = AnnualReport::new(site.id, year, portal, due_date(year, profile));
    annual::fill(&mut report, &records(db, site, year).await?)?;
    if let Some(stored) = stored {
        apply_inputs(&mut report, &stored.inputs)?;
    }
    Ok(report)
}

/// WEB-ANNUAL: the report of `site` for `year` — as published once it is, else computed now
/// from the records with the inputs saved.
pub async fn annual_report(
    db: &Db,
    profile: &RuleProfile,
    site: SiteId,
    year: i32,
) -> Result<AnnualView> {
    let site = sites::get(db, site).await?.site;
    let stored = store::get(db, site.id, year).await?;
    let publication = stored.as_ref().and_then(publication_of);
    let report = match stored.as_ref().and_then(|s| s.published.as_ref()) {
        Some(published) => {
            let portal = site.registration().kind == SiteKind::Portal;
            let due = stored
                .as_ref()
                .map_or(due_date(year, profile), |s| s.due_on);
            frozen(
                AnnualReport::new(site.id, year, portal, due),
                &published.texts,
            )?
        }
        None => compute(db, profile, &site, year, stored.as_ref()).await?,
    };
    Ok(AnnualView {
        report,
        version: stored.as_ref().map_or(0, |s| s.version),
        updated_at: stored.as_ref().map(|s| s.updated_at),
        publication,
    })
}

/// WEB-ANNUAL: saves the host unit's inputs `texts` (`(field key, text)`; an empty text
/// clears the field) to `site`'s report for `year`, by one of the site's administrators:
/// every problem at once, nothing saved on any; refused once published. With
/// `expected_version` (0 before the first save), a stale page is a conflict. The new version.
pub async fn save_annual_inputs(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    (site, year): (SiteId, i32),
    texts: &[(String, String)],
    expected_version: Option<i64>,
) -> Result<i64> {
    let now = context.now;
    let mut tx = db.begin().await?;
    let site = sites::get_in(&mut tx, site).await?.site;
    permits(&site, acting)?;
    check_year(&site, year, now)?;
    let portal = site.registration().kind == SiteKind::Portal;
    let read = annual::read_inputs(texts, portal)?;
    let stored = store::get_in(&mut tx, site.id, year).await?;
    if stored.as_ref().is_some_and(|s| s.published.is_some()) {
        return Err(Error::conflict(format!("{year}年度报表已发布，不能再修改")));
    }
    let version = stored.as_ref().map_or(0, |s| s.version);
    if expected_version.is_some_and(|expected| expected != version) {
        return Err(Error::conflict("年度报表已被他人更新，请刷新后重试"));
    }
    let mut inputs = stored.map(|s| s.inputs).unwrap_or_default();
    let mut labels = Vec::new();
    for (field, value) in &read {
        match value {
            Some(value) => inputs.insert(field.key.to_owned(), value.text()),
            None => inputs.remove(field.key),
        };
        labels.push(field.full_label());
    }
    let due = due_date(year, context.profile);
    let key = (site.id, year);
    let new_version =
        store::save_inputs(&mut tx, key, &inputs, (due, acting.user), version, now).await?;
    let event = AuditEvent::new(
        "sites.annual.save",
        "site_annual_report",
        format!("{}-{year}", site.id),
    )
    .detail(format!(
        "“{}”{year}年度报表填报：{}",
        site.registration().name,
        labels.join("、")
    ));
    audit::record(&mut tx, context.actor, event, now.millis()).await?;
    tx.commit().await?;
    Ok(new_version)
}

/// WEB-ANNUAL (000 网站 §26: 每年1月31日前在网站首页发布年度报表): publishes `site`'s report of
/// `year` as it stands — after the year is over, with the five signatures — by one of the
/// site's administrators; it is frozen as published, and marked late when published after its
/// due date. With `expected_version`, a stale page is a conflict.
pub async fn publish_annual_report(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    (site, year): (SiteId, i32),
    expected_version: Option<i64>,
) -> Result<Publication> {
    let now = context.now;
    let site = sites::get(db, site).await?.site;
    permits(&site, acting)?;
    check_year(&site, year, now)?;
    if now < year_span(year).1 {
        return Err(Error::invalid(format!(
            "{year}年度报表须在{year}年结束后发布"
        )));
    }
    let stored = store::get(db, site.id, year).await?;
    let report = compute(db, context.profile, &site, year, stored.as_ref()).await?;
    let missing = report.missing_signatures();
    if !missing.is_empty() {
        return Err(Error::invalid(format!(
            "请先填写签署栏：{}",
            missing.join("、")
        )));
    }
    let Some(stored) = stored else {
        return Err(Error::invalid("请先填写签署栏"));
    };
    if stored.published.is_some() {
        return Err(Error::conflict(format!("{year}年度报表已发布")));
    }
    if expected_version.is_some_and(|expected| expected != stored.version) {
        return Err(Error::conflict("年度报表已被他人更新，请刷新后重试"));
    }
    // WEB-ANNUAL: judged by the profile in force at publication.
    let due = due_date(year, context.profile);
    let late = annual::is_late(now.local_date(), due);
    let mut tx = db.begin().await?;
    let key = (site.id, year);
    store::publish(
        &mut tx,
        key,
        &report.texts(),
        (now, acting.user, late, due),
        stored.version,
    )
    .await?;
    let mark = if late { "，逾期发布" } else { "" };
    let event = AuditEvent::new(
        "sites.annual.publish",
        "site_annual_report",
        format!("{}-{year}", site.id),
    )
    .detail(format!(
        "“{}”{year}年度报表发布（应于{due}前发布{mark}）",
        site.registration().name
    ));
    audit::record(&mut tx, context.actor, event, now.millis()).await?;
    tx.commit().await?;
    Ok(Publication {
        at: now,
        by: acting.user,
        due,
        late,
    })
}

/// How one site's report of a year stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnnualStatus {
    pub site: SiteId,
    pub name: String,
    pub due: NaiveDate,
    pub published_at: Option<Instant>,
    /// Published after the due date.
    pub late: bool,
    /// Not published and the due date passed at `now`.
    pub overdue: bool,
}

/// WEB-ANNUAL: every site of the group registered by the end of `year`, with its report's
/// publication, the late ones and those still due after their date at `now`, portal first.
pub async fn annual_overview(
    db: &Db,
    profile: &RuleProfile,
    year: i32,
    now: Instant,
) -> Result<Vec<AnnualStatus>> {
    let (_, until) = year_span(year);
    let published = store::of_year(db, year).await?;
    let due = due_date(year, profile);
    let mut lines = Vec::new();
    for view in read::group_sites(db, profile).await? {
        let site = sites::get(db, view.id).await?.site;
        if site.history.registered_at() >= until {
            continue;
        }
        let found = published.iter().find(|(id, _, _)| *id == site.id);
        let published_at = found.and_then(|(_, at, _)| *at);
        lines.push(AnnualStatus {
            site: site.id,
            name: site.registration().name.clone(),
            due,
            published_at,
            late: found.is_some_and(|(_, _, late)| *late),
            overdue: published_at.is_none() && now.local_date() > due,
        });
    }
    Ok(lines)
}
