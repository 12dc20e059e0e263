//! Tests that prove the registry's rules, each naming its rule ID (WEB-REGISTRY, WEB-HEADER,
//! WEB-FOOTER): the temporary offline's yearly allowance and longest duration, emergency
//! shutdowns, the portal never closed, who applies and who decides, the registration's
//! checks and its dated history, and what the pages show of it.

use platform::workflow::{ClockChange, ClockRule, Recorded};
use sites::ErrorKind;
use sites::SiteId;
use sites::registry::{
    self, Command, CommandKind, Event, Footer, Header, OfflineKind, Recipient, Registration,
    RegistrationField, Status, apply, available, check_unique, register,
};

use crate::*;

fn refused(site: &Site, command: Command, by: &Acting, now: Instant) -> sites::SiteError {
    apply(site, &command, by, now, rules()).unwrap_err()
}

/// A department site taken offline for 10 days on 2025-03-03 and restored on 2025-03-10.
fn back_from_offline() -> Site {
    let open = site_of(dept_registration(), true);
    let applied = run_site(&open, apply_offline(10), &dept_leader(), t0());
    let offline = run_site(&applied, approve(), &office_leader(), t0());
    run_site(
        &offline,
        Command::Restore,
        &dept_leader(),
        at("2025-03-10T09:00"),
    )
}

/// WEB-REGISTRY (000 网站 §8): a second temporary offline in the same calendar year is
/// refused with a clear message, whenever in the year; the next year it is allowed.
#[test]
fn web_registry_a_second_temporary_offline_in_a_calendar_year_is_refused() {
    let site = back_from_offline();
    assert_eq!(site.status, Status::Open);
    assert_eq!(site.temporary_offlines_in(2025), 1);
    for when in ["2025-03-11T09:00", "2025-12-31T23:59"] {
        let error = refused(&site, apply_offline(5), &dept_leader(), at(when));
        assert_eq!(error.kind(), ErrorKind::LimitReached, "{when}");
        assert_eq!(
            error.to_string(),
            "本网站2025年已临时下线1次，每年不得超过1次（WEB-REGISTRY）"
        );
    }
    let next_year = run_site(
        &site,
        apply_offline(5),
        &dept_leader(),
        at("2026-01-05T09:00"),
    );
    assert_eq!(next_year.status, Status::OfflineApplied);
}

/// WEB-REGISTRY: the allowance is checked again at the approval — an application filed in
/// one year and approved after a first offline of the new year is refused.
#[test]
fn web_registry_the_yearly_allowance_is_checked_again_at_the_approval() {
    let open = site_of(dept_registration(), true);
    let applied = run_site(
        &open,
        apply_offline(3),
        &dept_leader(),
        at("2025-12-30T09:00"),
    );
    let offline = run_site(
        &applied,
        approve(),
        &office_leader(),
        at("2026-01-04T09:00"),
    );
    assert_eq!(offline.temporary_offlines_in(2026), 1);
    let back = run_site(
        &offline,
        Command::Restore,
        &dept_leader(),
        at("2026-01-06T09:00"),
    );
    let again = refused(
        &back,
        apply_offline(3),
        &dept_leader(),
        at("2026-02-02T09:00"),
    );
    assert_eq!(again.kind(), ErrorKind::LimitReached);
}

/// WEB-REGISTRY (000 网站 §8): a temporary offline lasts at most 30 days
/// (`website.temporary_offline_max`); 31 is refused, 30 accepted, 0 invalid.
#[test]
fn web_registry_a_temporary_offline_of_more_than_30_days_is_refused() {
    let open = site_of(dept_registration(), true);
    let error = refused(&open, apply_offline(31), &dept_leader(), t0());
    assert_eq!(error.kind(), ErrorKind::LimitReached);
    assert_eq!(
        error.to_string(),
        "临时下线时间不得超过30天（WEB-REGISTRY），本次申请31天"
    );
    assert_eq!(
        refused(&open, apply_offline(0), &dept_leader(), t0()).kind(),
        ErrorKind::Invalid
    );
    let applied = run_site(&open, apply_offline(30), &dept_leader(), t0());
    assert_eq!(applied.status, Status::OfflineApplied);
}

/// WEB-REGISTRY: an approved temporary offline runs the kernel's clock for the approved days
/// (due at 24:00 of the last day); restoring stops it, met on time, late after.
#[test]
fn web_registry_the_offline_clock_runs_the_approved_days_and_restoring_stops_it() {
    let open = site_of(dept_registration(), true);
    let applied = run_site(&open, apply_offline(10), &dept_leader(), t0());
    let (offline, events) = apply(&applied, &approve(), &office_leader(), t0(), rules()).unwrap();
    let started = events.iter().find_map(|event| event.clock()).unwrap();
    assert_eq!(started.kind.rule_id(), "WEB-REGISTRY");
    assert_eq!(
        started.change,
        ClockChange::Started {
            due: at("2025-03-14T00:00")
        }
    );
    assert!(offline.clocks[0].is_running());
    for (when, met) in [("2025-03-13T23:59", true), ("2025-03-20T09:00", false)] {
        let (back, events) = apply(
            &offline,
            &Command::Restore,
            &dept_leader(),
            at(when),
            rules(),
        )
        .unwrap();
        let stopped = events.iter().find_map(|event| event.clock()).unwrap();
        assert!(
            matches!(stopped.change, ClockChange::Stopped { met: m, .. } if m == met),
            "{when}"
        );
        assert_eq!(back.status, Status::Open);
        assert_eq!(back.offline[0].until, Some(at(when)));
    }
}

/// WEB-REGISTRY (000 网站 §8): an emergency shutdown is reported in writing; it runs no clock
/// and does not use the year's temporary offline.
#[test]
fn web_registry_an_emergency_shutdown_is_reported_in_writing_and_not_counted() {
    let open = site_of(dept_registration(), true);
    let empty = Command::ReportEmergency { report: " ".into() };
    let error = refused(&open, empty, &dept_leader(), t0());
    assert_eq!(
        error.to_string(),
        "请填写紧急关停的书面报备内容（原因、时间、处置措施）"
    );
    let report = Command::ReportEmergency {
        report: "被责令紧急关停：存在高危漏洞".into(),
    };
    assert!(open.is_serving());
    let (shut, events) = apply(&open, &report, &dept_leader(), t0(), rules()).unwrap();
    assert_eq!(shut.status, Status::Offline);
    assert!(!shut.is_serving());
    assert_eq!(shut.offline[0].kind, OfflineKind::Emergency);
    assert!(shut.clocks.is_empty());
    assert!(events.iter().any(|event| matches!(
        event,
        Event::Notify {
            to: Recipient::SupervisingUnit(OFFICE),
            rule: "WEB-REGISTRY",
            ..
        }
    )));
    let back = run_site(
        &shut,
        Command::Restore,
        &dept_leader(),
        at("2025-03-05T09:00"),
    );
    assert_eq!(back.temporary_offlines_in(2025), 0);
    let applied = run_site(
        &back,
        apply_offline(5),
        &dept_leader(),
        at("2025-06-02T09:00"),
    );
    assert_eq!(applied.status, Status::OfflineApplied);
}

/// WEB-REGISTRY (000 网站 §9): the portal is not closed — the application is refused and
/// never offered.
#[test]
fn web_registry_the_portal_may_not_be_closed() {
    let portal = site_of(portal_registration(), true);
    let close = Command::ApplyClose {
        reason: "改版".into(),
    };
    let error = refused(&portal, close, &office_deputy(), t0());
    assert_eq!(error.kind(), ErrorKind::LimitReached);
    assert_eq!(
        error.to_string(),
        "政府门户网站原则上不得关停（WEB-REGISTRY）"
    );
    assert!(!available(&portal, &office_deputy()).contains(&CommandKind::ApplyClose));
}

/// WEB-REGISTRY (002 网站规范 §6): under fenggang no department, township or thematic site is
/// registered or opened; the portal is.
#[test]
fn web_registry_fenggang_registers_no_department_site() {
    let error = register(
        SiteId(2),
        dept_registration(),
        &dept_leader(),
        t0(),
        &FENGGANG,
    )
    .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::LimitReached);
    assert!(error.to_string().contains("本级规则不允许开设部门网站"));
    let portal = register(
        SiteId(1),
        portal_registration(),
        &office_leader(),
        t0(),
        &FENGGANG,
    );
    assert!(portal.is_ok());
}

/// WEB-REGISTRY: the host unit's leader applies, the supervising unit's leader decides —
/// never on their own application; the page offers each exactly that.
#[test]
fn web_registry_the_host_applies_and_the_supervising_unit_decides() {
    use CommandKind as C;
    let open = site_of(dept_registration(), true);
    for by in [editor_a(), reviewer(), office_leader(), stranger()] {
        let error = refused(&open, apply_offline(5), &by, t0());
        assert_eq!(error.kind(), ErrorKind::NotPermitted, "{by:?}");
    }
    let applied = run_site(&open, apply_offline(5), &dept_leader(), t0());
    let error = refused(&applied, approve(), &dept_leader(), t0());
    assert_eq!(
        error.to_string(),
        "只有主管单位的负责人可以审批网站开设、临时下线和永久下线申请"
    );
    // The office runs the portal: one of its leaders applies, another decides.
    let portal = site_of(portal_registration(), true);
    let applied_portal = run_site(&portal, apply_offline(5), &office_deputy(), t0());
    let own = refused(&applied_portal, approve(), &office_deputy(), t0());
    assert_eq!(own.to_string(), "不能审批本人提出的申请（WEB-REGISTRY）");
    assert_eq!(
        available(&applied_portal, &office_deputy()),
        [C::ChangeRegistration]
    );
    let rows: &[(&Site, Acting, &[C])] = &[
        (
            &open,
            dept_leader(),
            &[
                C::ApplyOffline,
                C::ApplyClose,
                C::ReportEmergency,
                C::ChangeRegistration,
            ],
        ),
        (&open, office_leader(), &[C::ChangeRegistration]),
        (&open, editor_a(), &[]),
        (
            &applied,
            office_leader(),
            &[C::Approve, C::Reject, C::ChangeRegistration],
        ),
        (&applied, dept_leader(), &[C::ChangeRegistration]),
        (&applied, stranger(), &[]),
    ];
    for (site, by, expected) in rows {
        assert_eq!(&available(site, by), expected, "{:?} {by:?}", site.status);
    }
}

/// WEB-REGISTRY: a refusal gives its reason and returns the site to where it was.
#[test]
fn web_registry_a_refusal_needs_a_reason_and_returns_to_where_it_was() {
    let open = site_of(dept_registration(), true);
    let applied = run_site(&open, apply_offline(5), &dept_leader(), t0());
    let blank = Command::Reject { reason: "".into() };
    assert_eq!(
        refused(&applied, blank, &office_leader(), t0()).to_string(),
        "请填写不予批准的理由"
    );
    let reason = Command::Reject {
        reason: "请在节假日后再下线".into(),
    };
    let back = run_site(&applied, reason, &office_leader(), t0());
    assert_eq!(back.status, Status::Open);
    let decision = back.applications.last().unwrap().decision.as_ref().unwrap();
    assert!(!decision.approved && decision.opinion == "请在节假日后再下线");
    assert_eq!(back.temporary_offlines_in(2025), 0);
}

/// WEB-REGISTRY: a registration lacking every element lists every problem at once.
#[test]
fn web_registry_a_registration_missing_elements_lists_every_problem() {
    let empty = Registration {
        name: " ".into(),
        domains: Vec::new(),
        site_code: String::new(),
        icp_number: String::new(),
        police_number: String::new(),
        host_unit_name: String::new(),
        contact_phone: String::new(),
        responsible: Vec::new(),
        ..dept_registration()
    };
    let error = register(SiteId(2), empty, &dept_leader(), t0(), &PROFILE).unwrap_err();
    let message = error.to_string();
    for expected in [
        "请填写网站名称",
        "请填写网站域名",
        "网站标识码应为10位数字或字母",
        "ICP备案编号格式不正确",
        "公安机关备案号格式不正确",
        "请填写主办单位名称",
        "请填写联系电话",
        "请登记网站负责人",
        "请登记安全管理责任人",
    ] {
        assert!(message.contains(expected), "{expected} not in {message}");
    }
}

/// WEB-REGISTRY: the formats of the identifier code, filing numbers and domains.
#[test]
fn web_registry_identifier_code_filing_numbers_and_domains_are_checked() {
    type Edit = fn(&mut Registration);
    let cases: &[(&str, Edit, bool)] = &[
        ("as given", |_| {}, true),
        ("code of 9", |r| r.site_code = "620702000".into(), false),
        ("code bm", |r| r.site_code = "bm01000001".into(), true),
        (
            "ICP without number",
            |r| r.icp_number = "陇ICP备号".into(),
            false,
        ),
        (
            "ICP no suffix",
            |r| r.icp_number = "陇ICP备05000123号".into(),
            true,
        ),
        (
            "police no space",
            |r| r.police_number = "甘公网安备62070202000125号".into(),
            true,
        ),
        (
            "police short",
            |r| r.police_number = "甘公网安备 123号".into(),
            false,
        ),
        (
            "domain with scheme",
            |r| r.domains = vec!["http://jyj.gsgz.gov.cn".into()],
            false,
        ),
        (
            "domain with path",
            |r| r.domains = vec!["www.gsgz.gov.cn/jyj".into()],
            false,
        ),
        (
            "domain upper case",
            |r| r.domains = vec![" JYJ.GSGZ.gov.cn ".into()],
            true,
        ),
        (
            "domain twice",
            |r| r.domains = vec!["jyj.gsgz.gov.cn".into(), "jyj.gsgz.gov.cn".into()],
            false,
        ),
    ];
    for (name, edit, ok) in cases {
        let mut registration = dept_registration();
        edit(&mut registration);
        let result = register(SiteId(2), registration, &dept_leader(), t0(), &PROFILE);
        assert_eq!(result.is_ok(), *ok, "{name}: {:?}", result.err());
    }
}

/// WEB-REGISTRY (000 网站 §9, 门户 §8): every change of the registration data is kept with
/// its date and reason; the registration of any date is read back; a change that changes
/// nothing, or has no reason, is refused.
#[test]
fn web_registry_every_change_of_registration_data_is_kept_with_its_date() {
    let site = site_of(dept_registration(), true);
    let change = |site: &Site, registration: Registration, reason: &str, when: &str| {
        registry::apply(
            site,
            &Command::ChangeRegistration {
                registration: Box::new(registration),
                reason: reason.into(),
            },
            &dept_leader(),
            at(when),
            rules(),
        )
    };
    let mut phone = dept_registration();
    phone.contact_phone = "0936-8299999".into();
    let (site, events) = change(&site, phone.clone(), "电话更换", "2025-04-01T10:00").unwrap();
    assert!(events.contains(&Event::RegistrationChanged {
        fields: vec![RegistrationField::Contact]
    }));
    let mut renamed = phone.clone();
    renamed.name = "甘州区教育和体育局".into();
    renamed.host_unit_name = "甘州区教育和体育局".into();
    let (site, _) = change(&site, renamed, "机构调整", "2025-06-01T10:00").unwrap();
    let entries: Vec<_> = site.history.entries().collect();
    assert_eq!(entries.len(), 3);
    assert_eq!(
        entries[2].changed,
        [RegistrationField::Name, RegistrationField::HostUnit]
    );
    assert_eq!(entries[2].reason, "机构调整");
    let may = site.history.as_of(at("2025-05-01T00:00")).unwrap();
    assert_eq!(
        (may.name.as_str(), may.contact_phone.as_str()),
        ("甘州区教育局", "0936-8299999")
    );
    assert_eq!(site.history.as_of(at("2025-03-01T00:00")), None);
    assert_eq!(site.registration().name, "甘州区教育和体育局");
    let same = change(&site, site.registration().clone(), "无", "2025-07-01T10:00");
    assert_eq!(same.unwrap_err().to_string(), "登记信息没有变化");
    let no_reason = change(&site, phone, " ", "2025-07-01T10:00");
    assert_eq!(
        no_reason.unwrap_err().to_string(),
        "请填写变更原因（如机构调整、网站改版）"
    );
}

/// WEB-REGISTRY: no two sites share an identifier code or a domain, and the group has one
/// portal.
#[test]
fn web_registry_codes_and_domains_are_unique_and_the_portal_is_one() {
    let portal = portal_registration();
    let dept = dept_registration();
    assert!(check_unique(&dept, &[&portal]).is_ok());
    let mut twin = dept.clone();
    twin.site_code = portal.site_code.clone();
    twin.domains.push("www.gsgz.gov.cn".into());
    let message = check_unique(&twin, &[&portal]).unwrap_err().to_string();
    assert!(message.contains("网站标识码 6207020001 已由“甘州区人民政府”使用"));
    assert!(message.contains("域名 www.gsgz.gov.cn 已由“甘州区人民政府”使用"));
    let mut second = portal.clone();
    second.site_code = "6207020009".into();
    second.domains = vec!["new.gsgz.gov.cn".into()];
    let error = check_unique(&second, &[&portal]).unwrap_err();
    assert_eq!(error.to_string(), "站群已有政府门户网站“甘州区人民政府”");
}

/// WEB-HEADER (000 网站 §6): the header shows the site's full name as registered on the page's
/// date.
#[test]
fn web_header_shows_the_sites_full_name_as_registered_on_the_date() {
    let site = site_of(dept_registration(), true);
    let mut renamed = dept_registration();
    renamed.name = "甘州区教育和体育局".into();
    let command = Command::ChangeRegistration {
        registration: Box::new(renamed),
        reason: "机构调整".into(),
    };
    let site = run_site(&site, command, &dept_leader(), at("2025-06-01T10:00"));
    let before = Header::of(site.history.as_of(at("2025-05-31T23:00")).unwrap());
    let after = Header::of(site.registration());
    assert_eq!(before.full_name, "甘州区教育局");
    assert_eq!(after.full_name, "甘州区教育和体育局");
    assert_eq!(after.domain.as_deref(), Some("jyj.gsgz.gov.cn"));
}

/// WEB-FOOTER (000 门户 §7; 002 网站规范 §16(一)4): the footer carries the host unit, the
/// identifier code, the filing numbers, the contact, the sitemap and the 找错 entry, and the
/// 党政机关网站标识 where the profile says so (ganzhou yes, fenggang no).
#[test]
fn web_footer_shows_the_registration_and_the_party_mark_where_the_profile_says() {
    let registration = portal_registration();
    let ganzhou = Footer::of(&registration, &PROFILE);
    assert!(ganzhou.party_mark && ganzhou.sitemap && ganzhou.error_report);
    let labels: Vec<&str> = ganzhou.lines().iter().map(|(label, _)| *label).collect();
    assert_eq!(
        labels,
        [
            "主办单位",
            "网站标识码",
            "ICP备案",
            "公安备案",
            "联系电话",
            "地址"
        ]
    );
    assert_eq!(ganzhou.lines()[1].1, "6207020001");
    assert_eq!(ganzhou.host_unit, "甘州区人民政府办公室");
    let fenggang = Footer::of(&registration, &FENGGANG);
    assert!(!fenggang.party_mark && fenggang.error_report);
}

/// WEB-REGISTRY: the events go to the kernel — the filing tells the supervising unit, the
/// decision the host unit, and each event has a history row.
#[test]
fn web_registry_events_notify_and_describe_themselves_for_the_kernel() {
    let open = site_of(dept_registration(), true);
    let (applied, filed) = apply(&open, &apply_offline(5), &dept_leader(), t0(), rules()).unwrap();
    assert!(filed.iter().any(|event| matches!(
        event,
        Event::Notify { to: Recipient::SupervisingUnit(OFFICE), text, .. }
            if text == "“甘州区教育局”提出临时下线5天申请，待审批"
    )));
    let (_, decided) = apply(&applied, &approve(), &office_leader(), t0(), rules()).unwrap();
    assert!(decided.iter().any(|event| matches!(
        event,
        Event::Notify {
            to: Recipient::HostUnit(DEPT),
            ..
        }
    )));
    let codes: Vec<&str> = decided.iter().map(|event| event.describe().0).collect();
    assert_eq!(
        codes,
        [
            "transitioned",
            "clock_started",
            "application_decided",
            "notify"
        ]
    );
    assert_eq!(Recorded::describe(&decided[0]).1["command"], "approve");
}
