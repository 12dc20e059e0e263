//! NET-LEDGER stored, on both backends: the market bureau keeps its ledger (leader and staff,
//! an access point on its allocated /29, the no-wireless declaration), every refusal changes
//! nothing; a security finding under the kernel's fix clock, the cut-off refused before the
//! deadline and, after it, marking the unit's addresses; the fix reported and the access
//! restored (addresses unmarked), each step audited; the annual report's counts; an access
//! point corrected and removed from service by its unit only, kept in the ledger and counted
//! in the report of the years it stood.

use extranet::application::AccessMode;
use extranet::ipam::AllocationStatus;
use extranet::ledger::{FindingCommand, FindingStatus, NewPoint};
use extranet::store::ipam::Want;
use extranet::usecase::findings;
use extranet::usecase::ipam::{self as ipam, Request};
use extranet::usecase::{ledger, report};

use crate::world::{CAL, World, later, worlds};

async fn allocation(world: &World) -> i64 {
    let access = world.access_in_operation().await;
    let db = &world.platform.db;
    let context = world.context(&world.netadmin, later(5));
    let pool = ipam::create_pool(
        db,
        &context,
        &world.netadmin.acting,
        "区级外网地址池",
        "10.80.0.0/16",
        "",
    )
    .await
    .unwrap();
    let request = Request {
        pool: pool.id,
        want: Want::NextFree(29),
        unit: world.market,
        application: access,
        status: AllocationStatus::Active,
        description: "市场监管局机关".into(),
    };
    ipam::allocate(db, &context, &world.netadmin.acting, &request)
        .await
        .unwrap()
        .id
}

async fn user(world: &World, name: &str) -> i64 {
    platform::users::id_by_username(&world.platform.db, name)
        .await
        .unwrap()
        .unwrap()
}

#[tokio::test]
async fn net_ledger_a_units_ledger_is_kept_by_the_unit_and_checked() {
    for world in worlds().await {
        let db = &world.platform.db;
        let allocation = allocation(&world).await;
        let (leader, handler) = (user(&world, "leader").await, user(&world, "handler").await);
        let by = &world.handler;
        let context = world.context(by, later(6));
        let audits = "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'extranet.ledger.%'";
        // Refusals change nothing.
        assert!(
            ledger::set_people(db, &context, &by.acting, handler, leader)
                .await
                .is_err()
        );
        assert!(
            ledger::set_people(db, &context, &by.acting, leader, leader)
                .await
                .is_err()
        );
        let stranger = world.context(&world.stranger, later(6));
        assert!(
            ledger::set_people(db, &stranger, &world.stranger.acting, leader, handler)
                .await
                .is_err()
        );
        let foreign = NewPoint {
            location: "机关三楼机房".into(),
            mode: AccessMode::DedicatedLine,
            allocation: Some(allocation + 1000),
            note: String::new(),
        };
        let refused = ledger::add_point(db, &context, &by.acting, &foreign)
            .await
            .unwrap_err();
        assert!(refused.to_string().contains("NET-IPAM"));
        assert!(
            ledger::declare(db, &context, &by.acting, false, "")
                .await
                .is_err()
        );
        assert_eq!(world.count(audits).await, 0);
        assert_eq!(
            world
                .count("SELECT COUNT(*) FROM extranet_access_points")
                .await,
            0
        );
        // Kept.
        ledger::set_people(db, &context, &by.acting, leader, handler)
            .await
            .unwrap();
        let point = NewPoint {
            allocation: Some(allocation),
            ..foreign
        };
        ledger::add_point(db, &context, &by.acting, &point)
            .await
            .unwrap();
        ledger::declare(db, &context, &by.acting, true, "已逐层排查")
            .await
            .unwrap();
        assert_eq!(world.count(audits).await, 3);
        let view = ledger::view(db, &by.acting, world.market).await.unwrap();
        assert_eq!(
            view.people.as_ref().map(|p| (p.leader, p.staff)),
            Some((leader, handler))
        );
        assert_eq!(view.points.len(), 1);
        assert_eq!(view.points[0].prefix.map(|(p, _)| p.length), Some(29));
        assert_eq!(view.declarations.len(), 1);
        assert!(!view.cut_off);
        // The office reads it; another unit learns nothing.
        assert!(
            ledger::view(db, &world.netadmin.acting, world.market)
                .await
                .is_ok()
        );
        assert!(
            ledger::view(db, &world.stranger.acting, world.market)
                .await
                .is_err()
        );
        let lines = ledger::overview(db, &world.netadmin.acting).await.unwrap();
        let line = lines.iter().find(|l| l.unit == world.market).unwrap();
        assert!(line.people_set && line.points == 1 && line.declared_at.is_some());
    }
}

#[tokio::test]
async fn net_ledger_ignored_finding_cuts_the_unit_off_until_restored() {
    for world in worlds().await {
        let db = &world.platform.db;
        let allocation = allocation(&world).await;
        let office = &world.netadmin;
        let sent = findings::send(
            db,
            &world.context(office, later(10)),
            &office.acting,
            world.office,
            world.market,
            "私接无线路由器",
            "三楼会议室私接无线路由器，限期拆除",
        )
        .await
        .unwrap();
        let id = sent.finding.id;
        assert!(sent.number.starts_with("AQ2025"));
        let clocks = "SELECT COUNT(*) FROM clocks WHERE subject_type = 'extranet_finding'";
        assert_eq!(world.count(clocks).await, 1, "the fix clock on the kernel");
        let blocked = format!("SELECT blocked FROM extranet_allocations WHERE id = {allocation}");
        let cut = || FindingCommand::CutOff {
            reason: "逾期未整改".into(),
        };
        // NET-LEDGER: before the deadline the cut-off is refused and nothing changes.
        let early = findings::execute(
            db,
            &world.context(office, later(11)),
            &office.acting,
            id,
            cut(),
            None,
        )
        .await
        .unwrap_err();
        assert!(early.to_string().contains("NET-LEDGER"));
        assert_eq!(world.count(&blocked).await, 0);
        // The unit may not cut itself off, nor restore.
        let unit = &world.handler;
        assert!(
            findings::execute(
                db,
                &world.context(unit, later(800)),
                &unit.acting,
                id,
                cut(),
                None
            )
            .await
            .is_err()
        );
        // After the deadline: cut off, its addresses marked, the ledger says 已断开.
        findings::execute(
            db,
            &world.context(office, later(800)),
            &office.acting,
            id,
            cut(),
            None,
        )
        .await
        .unwrap();
        assert_eq!(world.count(&blocked).await, 1);
        assert!(findings::is_cut_off(db, world.market).await.unwrap());
        // §15 责令限期整改: the cut-off ordered the fix again, a new clock on the kernel.
        let running = "SELECT COUNT(*) FROM clocks WHERE subject_type = 'extranet_finding' \
                       AND status IN ('running', 'paused')";
        assert_eq!(
            world.count(running).await,
            1,
            "the cut-off's fix clock runs"
        );
        assert!(
            ledger::view(db, &unit.acting, world.market)
                .await
                .unwrap()
                .cut_off
        );
        // The unit reports the fix; the office restores the access.
        let report = FindingCommand::ReportFix {
            text: "已拆除无线路由器".into(),
        };
        findings::execute(
            db,
            &world.context(unit, later(801)),
            &unit.acting,
            id,
            report,
            None,
        )
        .await
        .unwrap();
        assert_eq!(
            world.count(&blocked).await,
            1,
            "still cut off until restored"
        );
        let restore = FindingCommand::Restore {
            text: "现场核实已整改".into(),
        };
        let (finding, _) = findings::execute(
            db,
            &world.context(office, later(802)),
            &office.acting,
            id,
            restore,
            None,
        )
        .await
        .unwrap();
        assert_eq!(finding.status, FindingStatus::Fixed);
        assert_eq!(world.count(&blocked).await, 0);
        assert!(!findings::is_cut_off(db, world.market).await.unwrap());
        let audits = "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'extranet.finding.%'";
        assert_eq!(
            world.count(audits).await,
            4,
            "send, cut off, report, restore"
        );
        // Another unit's staff learns nothing of it.
        assert!(
            findings::office_finding(db, id, &world.stranger.acting)
                .await
                .is_err()
        );
        // NET-LEDGER §14: the year's report.
        let year = report::annual(db, &CAL, 2025, later(900)).await.unwrap();
        assert_eq!(year.findings_opened, 1);
        assert_eq!(year.findings_fixed, 1);
        assert_eq!(year.findings_overdue, 1);
        assert_eq!(year.cut_offs, 1);
        assert_eq!(year.cut_off_now, 0);
        assert!(year.units_in_operation >= 1);
        assert!(year.pools.iter().any(|p| p.used > 0u128));
        let other = report::annual(db, &CAL, 2024, later(900)).await.unwrap();
        assert_eq!((other.findings_opened, other.cut_offs), (0, 0));
    }
}

/// NET-LEDGER §16 (台账): the unit corrects an access point and removes it from service with
/// its reason; another unit cannot touch it, a refusal changes nothing, each step is audited,
/// and the removed point stays in the ledger, counted only for the years it stood.
#[tokio::test]
async fn net_ledger_access_points_are_corrected_and_removed_by_their_unit() {
    for world in worlds().await {
        let db = &world.platform.db;
        let allocation = allocation(&world).await;
        let by = &world.handler;
        let context = world.context(by, later(6));
        let point = NewPoint {
            location: "机关三楼机房".into(),
            mode: AccessMode::DedicatedLine,
            allocation: Some(allocation),
            note: String::new(),
        };
        let id = ledger::add_point(db, &context, &by.acting, &point)
            .await
            .unwrap();
        let audits = "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'extranet.ledger.point%'";
        let moved = NewPoint {
            location: "机关一楼弱电间".into(),
            allocation: None,
            ..point.clone()
        };
        // Another unit, an empty location, a foreign allocation: refused, nothing changed.
        let stranger = world.context(&world.stranger, later(7));
        assert!(
            ledger::update_point(db, &stranger, &world.stranger.acting, id, &moved)
                .await
                .is_err()
        );
        let blank = NewPoint {
            location: " ".into(),
            ..moved.clone()
        };
        assert!(
            ledger::update_point(db, &context, &by.acting, id, &blank)
                .await
                .is_err()
        );
        let foreign = NewPoint {
            allocation: Some(allocation + 1000),
            ..moved.clone()
        };
        assert!(
            ledger::update_point(db, &context, &by.acting, id, &foreign)
                .await
                .is_err()
        );
        assert!(
            ledger::retire_point(db, &context, &by.acting, id, "  ")
                .await
                .is_err()
        );
        assert!(
            ledger::retire_point(db, &stranger, &world.stranger.acting, id, "搬迁")
                .await
                .is_err()
        );
        assert_eq!(world.count(audits).await, 1, "only the entry");
        let view = ledger::view(db, &by.acting, world.market).await.unwrap();
        assert_eq!(view.points[0].location, "机关三楼机房");
        // Corrected, then removed from service.
        ledger::update_point(db, &context, &by.acting, id, &moved)
            .await
            .unwrap();
        let view = ledger::view(db, &by.acting, world.market).await.unwrap();
        assert_eq!(view.points[0].location, "机关一楼弱电间");
        assert_eq!(view.points[0].allocation, None);
        let removal = world.context(by, later(24 * 400));
        ledger::retire_point(db, &removal, &by.acting, id, "机房搬迁，线路撤销")
            .await
            .unwrap();
        assert_eq!(world.count(audits).await, 3, "entry, correction, removal");
        // Removed: kept with its reason, no longer editable, not counted as in service.
        let view = ledger::view(db, &by.acting, world.market).await.unwrap();
        assert_eq!(view.points.len(), 1);
        let (_, reason) = view.points[0].retired.clone().unwrap();
        assert_eq!(reason, "机房搬迁，线路撤销");
        assert!(
            ledger::update_point(db, &removal, &by.acting, id, &moved)
                .await
                .is_err()
        );
        assert!(
            ledger::retire_point(db, &removal, &by.acting, id, "再次拆除")
                .await
                .is_err()
        );
        let lines = ledger::overview(db, &world.netadmin.acting).await.unwrap();
        let line = lines.iter().find(|l| l.unit == world.market).unwrap();
        assert_eq!(line.points, 0, "no point in service");
        // The report of 2025 (the point stood at its end) counts it; 2026's does not.
        let y2025 = report::annual(db, &CAL, 2025, later(24 * 500))
            .await
            .unwrap();
        assert_eq!(y2025.access_points, 1);
        let y2026 = report::annual(db, &CAL, 2026, later(24 * 500))
            .await
            .unwrap();
        assert_eq!(y2026.access_points, 0);
    }
}
