//! Integration tests of the sites domain core, built as one binary: the registry, columns and
//! freshness, and the article workflow, each reached by the ordinary path of commands. The
//! storage, use cases and jobs run on both backends over the stored world of [`world`]. The
//! pure fixtures are a district: its government office (the supervising unit and the portal's host),
//! the IT office (the operator that publishes) and the education bureau (a department).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod annual_form;
mod article_content;
mod article_marks;
mod article_rules;
mod article_table;
mod columns;
mod freshness;
mod freshness_marks;
mod hosting_rules;
mod inspection_points;
mod registry_rules;
mod registry_table;
mod sanitize_check;
mod stored_accountability;
mod stored_annual;
mod stored_articles;
mod stored_columns;
mod stored_documents;
mod stored_fresh_marks;
mod stored_hosting;
mod stored_inspect;
mod stored_inspection;
mod stored_inspection_deductions;
mod stored_inspection_jobs;
mod stored_inspection_points;
mod stored_interpretation;
mod stored_jobs;
mod stored_registry;
mod stored_submissions;
mod stored_subscriptions;
mod stored_visits;
mod submission_rules;
mod submission_table;
mod world;

use std::sync::LazyLock;

use calendar::{Calendar, Instant};
use chrono::NaiveDate;
use platform::profile::{RuleProfile, preset};
use platform::roles::Role;
use sites::article::{self, Article, Content, PolicyMeta};
use sites::column::{Column, ColumnKind, Editors, SpecialOpening};
use sites::registry::{self, Duty, Registration, Responsible, Rules, Site, SiteKind};
use sites::{Acting, ArticleId, ColumnId, SiteId, UnitId, UserId};

pub static CAL: LazyLock<Calendar> = LazyLock::new(|| Calendar::try_national().unwrap());
pub static PROFILE: LazyLock<RuleProfile> = LazyLock::new(RuleProfile::default);
pub static FENGGANG: LazyLock<RuleProfile> = LazyLock::new(|| preset("fenggang").unwrap().build());

pub fn rules() -> Rules<'static> {
    Rules {
        profile: &PROFILE,
        calendar: &CAL,
    }
}

/// 区政府办公室: the supervising unit of every site, and the portal's host.
pub const OFFICE: UnitId = UnitId(1);
/// 区信息化工作办公室: operates the sites and publishes.
pub const IT: UnitId = UnitId(2);
/// 区教育局: a department with its own site and columns.
pub const DEPT: UnitId = UnitId(3);
/// A unit with nothing to do with any of it.
pub const OTHER: UnitId = UnitId(9);

fn acting(user: i64, unit: UnitId, roles: &[Role]) -> Acting {
    Acting::new(UserId(user), unit, roles)
}

/// A leader of the government office.
pub fn office_leader() -> Acting {
    acting(10, OFFICE, &[Role::UnitLeader])
}

/// Another leader of the government office.
pub fn office_deputy() -> Acting {
    acting(11, OFFICE, &[Role::UnitLeader])
}

pub fn publisher() -> Acting {
    acting(20, IT, &[Role::Publisher])
}

pub fn other_publisher() -> Acting {
    acting(21, IT, &[Role::Publisher])
}

pub fn dept_leader() -> Acting {
    acting(30, DEPT, &[Role::UnitLeader])
}

pub fn editor_a() -> Acting {
    acting(31, DEPT, &[Role::SiteEditor])
}

pub fn editor_b() -> Acting {
    acting(32, DEPT, &[Role::SiteEditor])
}

pub fn reviewer() -> Acting {
    acting(33, DEPT, &[Role::Reviewer])
}

/// A member of another unit holding every role.
pub fn stranger() -> Acting {
    acting(90, OTHER, &Role::ALL)
}

/// `2025-03-03T09:00` (Asia/Shanghai). 2025-03-03 is a Monday.
pub fn at(text: &str) -> Instant {
    Instant::parse_rfc3339(&format!("{text}:00+08:00")).unwrap()
}

pub fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// When fixtures happen: Monday 2025-03-03 09:00.
pub fn t0() -> Instant {
    at("2025-03-03T09:00")
}

/// The education bureau's site, hosted by it, operated by the IT office.
pub fn dept_registration() -> Registration {
    Registration {
        name: "甘州区教育局".into(),
        kind: SiteKind::Department,
        domains: vec!["jyj.gsgz.gov.cn".into()],
        site_code: "6207020003".into(),
        icp_number: "陇ICP备05000123号-3".into(),
        police_number: "甘公网安备 62070202000125号".into(),
        host_unit: DEPT,
        host_unit_name: "甘州区教育局".into(),
        operator_unit: IT,
        supervising_unit: OFFICE,
        contact_phone: "0936-8212345".into(),
        contact_address: "甘州区县府街1号".into(),
        responsible: vec![
            Responsible {
                duty: Duty::Principal,
                name: "王明".into(),
            },
            Responsible {
                duty: Duty::Security,
                name: "李强".into(),
            },
        ],
    }
}

/// The district portal (000 门户 §6: 甘州区人民政府, www.gsgz.gov.cn), hosted by the office.
pub fn portal_registration() -> Registration {
    Registration {
        name: "甘州区人民政府".into(),
        kind: SiteKind::Portal,
        domains: vec!["www.gsgz.gov.cn".into()],
        site_code: "6207020001".into(),
        icp_number: "陇ICP备05000123号-1".into(),
        police_number: "甘公网安备 62070202000123号".into(),
        host_unit: OFFICE,
        host_unit_name: "甘州区人民政府办公室".into(),
        ..dept_registration()
    }
}

/// A site registered at [`t0`] and, when `open`, applied for and approved at once.
pub fn site_of(registration: Registration, open: bool) -> Site {
    let host_leader = if registration.host_unit == OFFICE {
        office_deputy()
    } else {
        dept_leader()
    };
    let (site, _) =
        registry::register(SiteId(1), registration, &host_leader, t0(), &PROFILE).unwrap();
    if !open {
        return site;
    }
    let applied = run_site(&site, apply_open(), &host_leader, t0());
    run_site(&applied, approve(), &office_leader(), t0())
}

pub fn run_site(site: &Site, command: registry::Command, by: &Acting, now: Instant) -> Site {
    registry::apply(site, &command, by, now, rules())
        .unwrap_or_else(|error| panic!("{command:?} from {:?}: {error}", site.status))
        .0
}

pub fn apply_open() -> registry::Command {
    registry::Command::ApplyOpen {
        reason: "集约化平台上开设部门网站".into(),
    }
}

pub fn approve() -> registry::Command {
    registry::Command::Approve {
        opinion: "同意".into(),
    }
}

pub fn apply_offline(days: u32) -> registry::Command {
    registry::Command::ApplyOffline {
        days,
        reason: "网站改版整改".into(),
    }
}

/// A column of the department site, editors A and B, opened at [`t0`].
pub fn column(id: i64, kind: ColumnKind) -> Column {
    Column {
        id: ColumnId(id),
        site: SiteId(1),
        parent: None,
        name: format!("{}栏目", kind.label_zh()),
        kind,
        responsible_unit: DEPT,
        editors: Editors {
            a: Some(editor_a().user),
            b: Some(editor_b().user),
        },
        special: (kind == ColumnKind::Special).then_some(SpecialOpening {
            opened_by: DEPT,
            approved: None,
        }),
        opened_at: t0(),
        archived_at: None,
    }
}

/// A policy document's content, written on 2025-02-28.
pub fn policy_content() -> Content {
    Content {
        title: "关于印发《甘州区义务教育阶段招生入学实施办法》的通知".into(),
        body: "<p>各乡镇人民政府……</p>".into(),
        source: "甘州区教育局".into(),
        policy: Some(PolicyMeta {
            index_number: "620702-JYJ-2025-0012".into(),
            issuer: "甘州区教育局".into(),
            document_number: "甘州教发〔2025〕12号".into(),
            written_on: date("2025-02-28"),
            subject: "教育".into(),
            interpretations: Vec::new(),
        }),
    }
}

/// The open department site and its policy column.
pub fn place_parts() -> (Site, Column) {
    (
        site_of(dept_registration(), true),
        column(5, ColumnKind::Policy),
    )
}

/// A draft by editor A in the policy column.
pub fn drafted(site: &Site, column: &Column, major: bool) -> Article {
    let place = article::Place { site, column };
    article::draft(
        ArticleId(100),
        place,
        &editor_a(),
        policy_content(),
        major,
        t0(),
    )
    .unwrap()
    .0
}

pub fn run_article(
    article: &Article,
    command: article::Command,
    by: &Acting,
    (site, column): (&Site, &Column),
    now: Instant,
) -> Article {
    let place = article::Place { site, column };
    article::apply(article, &command, by, place, now)
        .unwrap_or_else(|error| panic!("{command:?} from {:?}: {error}", article.status))
        .0
}
