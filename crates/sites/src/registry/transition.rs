//! The pure transition of a site (WEB-REGISTRY): `register` (the first step) and
//! `apply(site, command, acting, now, rules) -> (site, events)`. A refused command changes
//! nothing. Order of the checks: the transition table, then who may act, then the rules.

use calendar::{Calendar, Instant, Limit, LimitUnit};
use chrono::Datelike;
use platform::profile::RuleProfile;
use platform::workflow::machine as clocks;

use crate::registry::available::permits;
use crate::registry::table;
use crate::registry::{
    Application, ApplicationKind, ClockKind, Command, Decision, Event, OfflineKind, OfflineRecord,
    Recipient, Registration, RegistrationHistory, Site, SiteKind, Status,
};
use crate::{Acting, SiteError, SiteId};

/// The rules a site is judged by: the jurisdiction's profile and calendar.
#[derive(Debug, Clone, Copy)]
pub struct Rules<'a> {
    pub profile: &'a RuleProfile,
    pub calendar: &'a Calendar,
}

/// WEB-REGISTRY (fenggang 002 网站规范 §6): a department, township or thematic site only
/// where the profile allows one.
fn check_kind_allowed(kind: SiteKind, profile: &RuleProfile) -> Result<(), SiteError> {
    if kind != SiteKind::Portal && !profile.website.department_sites_allowed {
        return Err(SiteError::LimitReached(format!(
            "本级规则不允许开设{}：各部门、乡镇应依托政府门户网站的栏目发布信息（WEB-REGISTRY）",
            kind.label_zh()
        )));
    }
    Ok(())
}

/// A new site in [`Status::Proposed`], registered by a leader of its host or supervising
/// unit with `registration` (normalised and checked; WEB-REGISTRY). Uniqueness against the
/// group's other sites is [`crate::registry::check_unique`], which the caller runs with them.
pub fn register(
    id: SiteId,
    registration: Registration,
    acting: &Acting,
    now: Instant,
    profile: &RuleProfile,
) -> Result<(Site, Vec<Event>), SiteError> {
    let registration = registration.normalised();
    if !crate::registry::available::is_leader_of(
        acting,
        &[registration.host_unit, registration.supervising_unit],
    ) {
        return Err(SiteError::not_permitted(
            "只有主办单位或主管单位的负责人可以登记网站（WEB-REGISTRY）",
        ));
    }
    registration.check()?;
    check_kind_allowed(registration.kind, profile)?;
    let site = Site {
        id,
        status: Status::Proposed,
        history: RegistrationHistory::new(registration, now),
        applications: Vec::new(),
        offline: Vec::new(),
        clocks: Vec::new(),
        opened_at: None,
        closed_at: None,
    };
    let events = vec![Event::Registered {
        kind: site.registration().kind,
    }];
    Ok((site, events))
}

/// What `command` by `acting` does to `site` at `now`.
pub fn apply(
    site: &Site,
    command: &Command,
    acting: &Acting,
    now: Instant,
    rules: Rules<'_>,
) -> Result<(Site, Vec<Event>), SiteError> {
    let kind = command.kind();
    if !table::allows(site.status, kind) {
        return Err(SiteError::InvalidTransition {
            from: site.status.label_zh(),
            command: kind.label_zh(),
        });
    }
    permits(site, acting, kind)?;
    let mut next = site.clone();
    let mut events = Vec::new();
    match command {
        Command::ApplyOpen { reason } => {
            check_kind_allowed(site.registration().kind, rules.profile)?;
            file(
                &mut next,
                &mut events,
                ApplicationKind::Open,
                reason,
                acting,
                now,
            )?;
        }
        Command::ApplyOffline { days, reason } => {
            check_offline(site, *days, now, rules)?;
            let kind = ApplicationKind::TemporaryOffline { days: *days };
            file(&mut next, &mut events, kind, reason, acting, now)?;
        }
        Command::ApplyClose { reason } => {
            // WEB-REGISTRY (000 网站 §9): the portal is not shut.
            if site.registration().kind == SiteKind::Portal {
                return Err(SiteError::LimitReached(
                    "政府门户网站原则上不得关停（WEB-REGISTRY）".to_owned(),
                ));
            }
            let kind = ApplicationKind::PermanentClose;
            file(&mut next, &mut events, kind, reason, acting, now)?;
        }
        Command::Approve { opinion } => {
            decide(&mut next, &mut events, true, opinion, acting, now, rules)?
        }
        Command::Reject { reason } => {
            if reason.trim().is_empty() {
                return Err(SiteError::invalid("请填写不予批准的理由"));
            }
            decide(&mut next, &mut events, false, reason, acting, now, rules)?;
        }
        Command::Restore => {
            end_offline(&mut next, &mut events, now, rules.calendar);
            next.status = Status::Open;
        }
        Command::ReportEmergency { report } => {
            // WEB-REGISTRY (000 网站 §8): an emergency shutdown is reported in writing.
            if report.trim().is_empty() {
                return Err(SiteError::invalid(
                    "请填写紧急关停的书面报备内容（原因、时间、处置措施）",
                ));
            }
            next.offline.push(OfflineRecord {
                kind: OfflineKind::Emergency,
                from: now,
                until: None,
                days: None,
                report: report.trim().to_owned(),
            });
            next.status = Status::Offline;
            let name = &site.registration().name;
            events.push(Event::Notify {
                to: Recipient::SupervisingUnit(site.registration().supervising_unit),
                rule: "WEB-REGISTRY",
                text: format!("“{name}”紧急关停，已书面报备：{}", report.trim()),
            });
        }
        Command::ChangeRegistration {
            registration,
            reason,
        } => {
            let registration = (**registration).clone().normalised();
            registration.check()?;
            if registration.kind != site.registration().kind {
                check_kind_allowed(registration.kind, rules.profile)?;
            }
            let fields = next.history.record(registration, now, reason)?;
            events.push(Event::RegistrationChanged { fields });
        }
    }
    events.insert(
        0,
        Event::Transitioned {
            from: site.status,
            to: next.status,
            command: kind,
        },
    );
    Ok((next, events))
}

/// Files an application of `kind` (the reason is required) and tells the supervising unit.
fn file(
    next: &mut Site,
    events: &mut Vec<Event>,
    kind: ApplicationKind,
    reason: &str,
    acting: &Acting,
    now: Instant,
) -> Result<(), SiteError> {
    if reason.trim().is_empty() {
        return Err(SiteError::invalid("请填写申请理由"));
    }
    next.applications.push(Application {
        kind,
        reason: reason.trim().to_owned(),
        by: acting.user,
        at: now,
        from: next.status,
        decision: None,
    });
    next.status = match kind {
        ApplicationKind::Open => Status::OpeningApplied,
        ApplicationKind::TemporaryOffline { .. } => Status::OfflineApplied,
        ApplicationKind::PermanentClose => Status::ClosingApplied,
    };
    events.push(Event::ApplicationFiled { kind });
    let registration = next.registration();
    events.push(Event::Notify {
        to: Recipient::SupervisingUnit(registration.supervising_unit),
        rule: "WEB-REGISTRY",
        text: format!("“{}”提出{}申请，待审批", registration.name, kind.label_zh()),
    });
    Ok(())
}

/// WEB-REGISTRY (000 网站 §8): a temporary offline of `days` at `now` stays within the
/// profile's longest (`website.temporary_offline_max`) and is the site's first of the
/// calendar year (`website.temporary_offline_per_year`).
fn check_offline(site: &Site, days: u32, now: Instant, rules: Rules<'_>) -> Result<(), SiteError> {
    let website = &rules.profile.website;
    if days == 0 {
        return Err(SiteError::invalid("临时下线天数应至少为1天"));
    }
    let max = website.temporary_offline_max.limit();
    let asked = offline_limit(days);
    if rules.calendar.due(now, asked).at > rules.calendar.due(now, max).at {
        return Err(SiteError::LimitReached(format!(
            "临时下线时间不得超过{max}（WEB-REGISTRY），本次申请{days}天",
            max = max.label_zh()
        )));
    }
    let year = now.local_date().year();
    let done = site.temporary_offlines_in(year);
    let allowed = website.temporary_offline_per_year as usize;
    if done >= allowed {
        return Err(SiteError::LimitReached(format!(
            "本网站{year}年已临时下线{done}次，每年不得超过{allowed}次（WEB-REGISTRY）"
        )));
    }
    Ok(())
}

/// The clock limit of a temporary offline of `days` natural days.
fn offline_limit(days: u32) -> Limit {
    Limit {
        amount: days,
        unit: LimitUnit::Days,
    }
}

/// Decides the pending application: approval moves the site, a refusal returns it to where
/// the application was filed from. The approver is never the applicant.
fn decide(
    next: &mut Site,
    events: &mut Vec<Event>,
    approved: bool,
    opinion: &str,
    acting: &Acting,
    now: Instant,
    rules: Rules<'_>,
) -> Result<(), SiteError> {
    let Some(pending) = next.pending().cloned() else {
        return Err(SiteError::invalid("没有待审批的申请"));
    };
    if approved {
        match pending.kind {
            ApplicationKind::Open => {
                next.status = Status::Open;
                next.opened_at = Some(now);
            }
            ApplicationKind::TemporaryOffline { days } => {
                // Checked again at the decision: the year may have turned since the filing.
                check_offline(next, days, now, rules)?;
                next.offline.push(OfflineRecord {
                    kind: OfflineKind::Temporary,
                    from: now,
                    until: None,
                    days: Some(days),
                    report: pending.reason.clone(),
                });
                let limit = offline_limit(days);
                let started = clocks::start(
                    &mut next.clocks,
                    ClockKind::TemporaryOffline,
                    None,
                    limit,
                    now,
                    rules.calendar,
                );
                events.push(Event::Clock(started));
                next.status = Status::Offline;
            }
            ApplicationKind::PermanentClose => {
                end_offline(next, events, now, rules.calendar);
                next.status = Status::Closed;
                next.closed_at = Some(now);
            }
        }
    } else {
        next.status = pending.from;
    }
    if let Some(last) = next.applications.last_mut() {
        last.decision = Some(Decision {
            approved,
            by: acting.user,
            at: now,
            opinion: opinion.trim().to_owned(),
        });
    }
    events.push(Event::ApplicationDecided {
        kind: pending.kind,
        approved,
    });
    let registration = next.registration();
    let verdict = if approved {
        "已批准"
    } else {
        "未获批准"
    };
    events.push(Event::Notify {
        to: Recipient::HostUnit(registration.host_unit),
        rule: "WEB-REGISTRY",
        text: format!(
            "“{}”的{}申请{verdict}：{}",
            registration.name,
            pending.kind.label_zh(),
            opinion.trim()
        ),
    });
    Ok(())
}

/// Ends the offline period under way, if any, and stops its clock.
fn end_offline(next: &mut Site, events: &mut Vec<Event>, now: Instant, calendar: &Calendar) {
    if let Some(record) = next.offline.last_mut().filter(|r| r.until.is_none()) {
        record.until = Some(now);
    }
    let stopped = clocks::stop(&mut next.clocks, now, calendar, |_| true);
    events.extend(stopped.into_iter().map(Event::Clock));
}
