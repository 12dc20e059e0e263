//! The registry stored and run on the kernel, on both backends (WEB-REGISTRY, WEB-SITEGROUP,
//! WEB-HEADER, WEB-FOOTER): registration with its history, audit and domains; reads by code and
//! by host; uniqueness; the temporary offline held to the profile at filing and approval, its
//! clock on the shared table; a refused command changes nothing.

use sites::registry::{self, Command, Status};
use sites::usecase::{self, read};

use crate::world::{Staff, World, t0, worlds};
use crate::{PROFILE, at, dept_registration};

/// WEB-REGISTRY: the two sites of the world are stored open with their first registration,
/// history rows and audit rows; the portal is read by its code and by its host name with
/// the header and footer of its registration (WEB-SITEGROUP, WEB-HEADER, WEB-FOOTER).
#[tokio::test]
async fn web_registry_a_registered_site_is_stored_with_its_history_and_read_by_code_and_host() {
    for w in worlds().await {
        let db = &w.platform.db;
        assert_eq!(
            w.scalar("SELECT COUNT(*) AS n FROM sites WHERE status = 'open'")
                .await,
            2
        );
        assert_eq!(
            w.scalar("SELECT COUNT(*) AS n FROM site_registrations")
                .await,
            2
        );
        let audited = "SELECT COUNT(*) AS n FROM audit_log WHERE object_type = 'site'";
        assert_eq!(
            w.scalar(audited).await,
            6,
            "{}: registered, applied, approved",
            w.backend()
        );
        let by_code = read::site_by_code(db, "6207020001", &PROFILE)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(by_code.id, w.portal);
        assert!(by_code.serving);
        assert_eq!(by_code.header.full_name, "甘州区人民政府");
        assert_eq!(by_code.footer.site_code, "6207020001");
        let by_host = read::site_by_host(db, "WWW.gsgz.gov.cn:8080", &PROFILE)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(by_host.id, w.portal);
        assert!(
            read::site_by_host(db, "example.com", &PROFILE)
                .await
                .unwrap()
                .is_none()
        );
        let office = usecase::office_site(db, w.portal, &w.office_deputy.acting)
            .await
            .unwrap();
        let commands: Vec<&str> = office.history.iter().map(|line| line.command).collect();
        assert_eq!(
            commands,
            ["登记网站", "申请开设", "批准申请"],
            "{}",
            w.backend()
        );
        assert_eq!(read::group_sites(db, &PROFILE).await.unwrap().len(), 2);
    }
}

/// WEB-REGISTRY: a second site with the portal's code or domain, or a second portal, is
/// refused with every clash named, and nothing is stored.
#[tokio::test]
async fn web_registry_a_clashing_registration_is_refused_and_nothing_is_stored() {
    for w in worlds().await {
        let mut clash = dept_registration();
        clash.site_code = "6207020001".into();
        clash.domains = vec!["www.gsgz.gov.cn".into()];
        clash.host_unit = w.edu;
        clash.operator_unit = w.office;
        clash.supervising_unit = w.office;
        let by = &w.edu_leader;
        let error = usecase::register_site(&w.platform.db, &w.context(by, t0()), &by.acting, clash)
            .await
            .unwrap_err()
            .to_string();
        assert!(error.contains("网站标识码 6207020001 已由"), "{error}");
        assert!(error.contains("域名 www.gsgz.gov.cn 已由"), "{error}");
        assert_eq!(w.scalar("SELECT COUNT(*) AS n FROM sites").await, 2);
    }
}

async fn run(
    w: &World,
    command: Command,
    by: &Staff,
    now: calendar::Instant,
) -> platform::Result<(registry::Site, i64)> {
    let context = w.context(by, now);
    usecase::execute_site(&w.platform.db, &context, &by.acting, w.dept, command, None).await
}

/// WEB-REGISTRY (000 网站 §8): a temporary offline is approved once a year for at most the
/// profile's days, runs its clock on the shared table, and a second application in the same
/// year is refused with the rule's message, changing nothing; longer than 30 days is refused
/// at filing.
#[tokio::test]
async fn web_registry_temporary_offline_is_once_a_year_and_at_most_30_days_on_both_backends() {
    for w in worlds().await {
        let db = &w.platform.db;
        let (leader, office) = (&w.edu_leader, &w.office_leader);
        let too_long = Command::ApplyOffline {
            days: 31,
            reason: "改版".into(),
        };
        let error = run(&w, too_long, leader, t0())
            .await
            .unwrap_err()
            .to_string();
        assert!(error.contains("临时下线时间不得超过"), "{error}");
        let apply = Command::ApplyOffline {
            days: 10,
            reason: "网站改版整改".into(),
        };
        run(&w, apply.clone(), leader, at("2025-04-01T09:00"))
            .await
            .unwrap();
        let approve = Command::Approve {
            opinion: "同意".into(),
        };
        let (site, _) = run(&w, approve, office, at("2025-04-01T10:00"))
            .await
            .unwrap();
        assert_eq!(site.status, Status::Offline);
        let clocks = platform::clocks::by_subject(db, "site", &w.dept.to_string())
            .await
            .unwrap();
        assert_eq!(clocks.len(), 1, "{}", w.backend());
        assert_eq!(clocks[0].rule_id, "WEB-REGISTRY");
        assert_eq!(clocks[0].unit_id, w.edu.0);
        run(&w, Command::Restore, leader, at("2025-04-05T09:00"))
            .await
            .unwrap();
        let version = w
            .scalar(&format!(
                "SELECT version AS n FROM sites WHERE id = {}",
                w.dept
            ))
            .await;
        let error = run(&w, apply, leader, at("2025-09-01T09:00"))
            .await
            .unwrap_err();
        assert_eq!(error.code(), "conflict");
        assert!(error.to_string().contains("2025年已临时下线1次"), "{error}");
        let after = w
            .scalar(&format!(
                "SELECT version AS n FROM sites WHERE id = {}",
                w.dept
            ))
            .await;
        assert_eq!(after, version, "a refused application changes nothing");
        let stored = usecase::office_site(db, w.dept, &leader.acting)
            .await
            .unwrap();
        assert_eq!(stored.site.status, registry::Status::Open);
    }
}

/// WEB-REGISTRY (000 网站 §9): a change of registration is kept as a new dated entry with its
/// reason, and the new domain routes to the site.
#[tokio::test]
async fn web_registry_a_change_of_registration_is_appended_and_routes_the_new_domain() {
    for w in worlds().await {
        let db = &w.platform.db;
        let by = &w.edu_leader;
        let stored = usecase::office_site(db, w.dept, &by.acting).await.unwrap();
        let mut next = stored.site.registration().clone();
        next.domains = vec!["jy.gsgz.gov.cn".into()];
        let command = Command::ChangeRegistration {
            registration: Box::new(next),
            reason: "网站改版".into(),
        };
        usecase::execute_site(
            db,
            &w.context(by, at("2025-05-06T09:00")),
            &by.acting,
            w.dept,
            command,
            None,
        )
        .await
        .unwrap();
        let n = w
            .scalar(&format!(
                "SELECT COUNT(*) AS n FROM site_registrations WHERE site_id = {}",
                w.dept
            ))
            .await;
        assert_eq!(n, 2);
        let found = read::site_by_host(db, "jy.gsgz.gov.cn", &PROFILE)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(found.id, w.dept);
        assert!(
            read::site_by_host(db, "jyj.gsgz.gov.cn", &PROFILE)
                .await
                .unwrap()
                .is_none()
        );
    }
}
