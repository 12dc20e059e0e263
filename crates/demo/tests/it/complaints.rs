//! The demo's complaints about disclosure (issue 16 item 4, PUB-COMPLAINT): three complaints
//! made through the use cases — one forwarded with the market bureau's conclusion clock
//! running, one concluded (with a leader at the education bureau), one waiting to be
//! forwarded —, the complainants sealed; a second seed makes nothing.

use platform::audit::AuditActor;
use platform::roles::Role;
use platform::users::{self, NewAccount};

use crate::scalar;

#[tokio::test]
async fn pub_complaint_the_demo_has_a_complaint_at_each_stage() {
    for platform in crate::seeded().await {
        let db = &platform.db;
        let education = platform::units::find_by_code(db, "gz-education")
            .await
            .unwrap()
            .unwrap();
        let mut tx = db.begin().await.unwrap();
        let head = NewAccount {
            unit_id: education.id,
            username: "t.demo.edu".into(),
            display_name: "测试局长".into(),
            roles: vec![Role::UnitLeader],
        };
        users::create(&mut tx, &AuditActor::system("test"), head, 0)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        demo::complaints::seed(&platform).await.unwrap();
        let status = |status: &str| {
            format!("SELECT COUNT(*) AS n FROM openness_complaints WHERE status = '{status}'")
        };
        for (code, n) in [("registered", 1), ("forwarded", 1), ("closed", 1)] {
            assert_eq!(scalar(&platform, &status(code)).await, n, "{code}");
        }
        let running = "SELECT COUNT(*) AS n FROM clocks WHERE subject_type = \
                       'openness_complaint' AND rule_id = 'PUB-COMPLAINT' AND status = 'running'";
        assert_eq!(scalar(&platform, running).await, 2);
        let states = "SELECT COUNT(*) AS n FROM openness_complaints \
                      WHERE state LIKE '%赵女士%' OR state LIKE '%13900001111%'";
        assert_eq!(scalar(&platform, states).await, 0, "sealed");
        demo::complaints::seed(&platform).await.unwrap();
        assert_eq!(
            scalar(&platform, "SELECT COUNT(*) AS n FROM openness_complaints").await,
            3
        );
    }
}
