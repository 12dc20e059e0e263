//! Access applications stored and run on the workflow kernel, on both backends (NET-ACCESS,
//! NET-ELIGIBLE): the market bureau applies, the extranet office reviews, the bureau plans,
//! the office implements, a failed test goes back, a passed one puts the access in
//! operation — each step's clock on the shared clock table under its owner, one history row
//! per event, an audit row per command; closing is a change request naming the access, and a
//! closed access takes no change (reopening is a new application); a stranger sees nothing
//! and a refusal changes nothing.

use extranet::application::{ApplicationKind, Command, Status};
use extranet::usecase::applications as usecase;

use crate::world::{later, worlds};

/// NET-ACCESS: the full path with a failed test, stored, every clock under its owner.
#[tokio::test]
async fn an_access_application_runs_on_the_kernel() {
    for world in worlds().await {
        let id = world.apply(ApplicationKind::Access, None).await.unwrap();
        let clocks = format!(
            "SELECT COUNT(*) FROM clocks WHERE subject_type = 'extranet_application' \
             AND subject_id = '{id}' AND rule_id = 'NET-ACCESS'"
        );
        assert_eq!(world.count(&clocks).await, 1);
        let (office, unit) = (&world.netadmin, &world.handler);
        // A test before the implementation is refused and changes nothing.
        let early = world
            .run(
                id,
                Command::ReportTest {
                    passed: true,
                    result: "正常".into(),
                },
                unit,
                1,
            )
            .await
            .unwrap_err();
        assert!(early.to_string().contains("不能执行"), "{early}");
        world
            .run(
                id,
                Command::Approve {
                    opinion: "符合".into(),
                },
                office,
                1,
            )
            .await
            .unwrap();
        world
            .run(
                id,
                Command::SubmitPlan {
                    plan: "方案".into(),
                },
                unit,
                2,
            )
            .await
            .unwrap();
        world
            .run(
                id,
                Command::Implement {
                    note: "开通".into(),
                },
                office,
                3,
            )
            .await
            .unwrap();
        world
            .run(
                id,
                Command::ReportTest {
                    passed: false,
                    result: "不通".into(),
                },
                unit,
                4,
            )
            .await
            .unwrap();
        world
            .run(
                id,
                Command::Implement {
                    note: "重新配置".into(),
                },
                office,
                5,
            )
            .await
            .unwrap();
        world
            .run(
                id,
                Command::ReportTest {
                    passed: true,
                    result: "正常".into(),
                },
                unit,
                6,
            )
            .await
            .unwrap();
        let read = usecase::office_application(&world.platform.db, id, &world.handler.acting)
            .await
            .unwrap();
        assert_eq!(read.stored.application.status, Status::InOperation);
        assert_eq!(read.stored.application.test_rounds, 2);
        assert_eq!(world.count(&clocks).await, 6);
        let office_clocks = format!("{clocks} AND unit_id = {}", world.office.0);
        let unit_clocks = format!("{clocks} AND unit_id = {}", world.market.0);
        assert_eq!(world.count(&office_clocks).await, 3);
        assert_eq!(world.count(&unit_clocks).await, 3);
        let running = format!("{clocks} AND status = 'running'");
        assert_eq!(world.count(&running).await, 0);
        let audits = "SELECT COUNT(*) FROM audit_log WHERE object_type = 'extranet_application'";
        assert_eq!(world.count(audits).await, 7);
        let history = format!(
            "SELECT COUNT(DISTINCT command) FROM extranet_application_events \
             WHERE application_id = {id}"
        );
        assert_eq!(world.count(&history).await, 6);
        let hidden = usecase::office_application(&world.platform.db, id, &world.stranger.acting)
            .await
            .unwrap_err();
        assert!(matches!(hidden, platform::Error::NotFound(_)), "{hidden:?}");
        let refused = usecase::execute(
            &world.platform.db,
            &world.context(&world.stranger, later(7)),
            &world.stranger.acting,
            id,
            Command::Approve {
                opinion: String::new(),
            },
            None,
        )
        .await
        .unwrap_err();
        assert!(
            matches!(refused, platform::Error::NotFound(_)),
            "{refused:?}"
        );
    }
}

/// NET-ACCESS: closing is a change request naming an access in operation; once its link is
/// closed the access takes no change or closing, and a new access application reopens it.
#[tokio::test]
async fn a_closed_access_is_reopened_only_by_a_new_application() {
    for world in worlds().await {
        let access = world.access_in_operation().await;
        let closing = world
            .apply(ApplicationKind::Closing, Some(access))
            .await
            .unwrap();
        let office = &world.netadmin;
        world
            .run(
                closing,
                Command::Approve {
                    opinion: String::new(),
                },
                office,
                5,
            )
            .await
            .unwrap();
        world
            .run(
                closing,
                Command::CloseLink {
                    notice: "链路已关闭".into(),
                },
                office,
                6,
            )
            .await
            .unwrap();
        let before = world
            .count("SELECT COUNT(*) FROM extranet_applications")
            .await;
        let change = world
            .apply(ApplicationKind::Change, Some(access))
            .await
            .unwrap_err();
        assert!(
            change
                .to_string()
                .contains("已关闭的接入须重新提出接入申请"),
            "{change}"
        );
        assert_eq!(
            world
                .count("SELECT COUNT(*) FROM extranet_applications")
                .await,
            before
        );
        world.apply(ApplicationKind::Access, None).await.unwrap();
    }
}
