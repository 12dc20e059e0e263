//! EVAL-ALL (000 §中心-38 咨询预约、申请受理、审查决定、结果送达等全流程监督评价) on both
//! backends: a rating may be of one stage of its subject; each stage is rated once per channel
//! and round beside the whole-subject rating, read back with its stage, and the statistics count
//! per stage in the order of the flow.

use calendar::{Calendar, Instant};
use platform::Platform;
use platform::audit::AuditActor;
use platform::evaluation::{
    self, Channel, EvaluationStage, GroupBy, Level, NewEvaluation, Rated, SubjectType,
};
use platform::profile::RuleProfile;
use platform::testing::each_backend;

use crate::{backend, new_unit};

fn at(text: &str) -> Instant {
    Instant::parse_rfc3339(text).unwrap()
}

fn rating(unit_id: i64, level: Level) -> NewEvaluation {
    NewEvaluation {
        subject_type: SubjectType::Case,
        subject_id: "SV20250303001".into(),
        round: 1,
        unit_id,
        staff_user_id: None,
        item_code: Some("GZ-RS-0001".into()),
        channel: Channel::Web,
        level,
        comment: String::new(),
        rater_contact: None,
        entered_by_user_id: None,
    }
}

async fn rate(
    platform: &Platform,
    new: NewEvaluation,
    stage: EvaluationStage,
) -> platform::Result<Rated> {
    let mut tx = platform.db.begin().await.unwrap();
    let rated = evaluation::rate_stage(
        &mut tx,
        &platform::workflow::Context::new(
            &platform.key,
            &AuditActor::anonymous("127.0.0.1"),
            &Calendar::national(),
            &RuleProfile::default(),
            at("2025-03-03T10:00:00+08:00"),
        ),
        new,
        stage,
    )
    .await?;
    tx.commit().await.unwrap();
    Ok(rated)
}

#[tokio::test]
async fn eval_all_every_stage_is_rated_once_beside_the_whole_case_and_counted_per_stage() {
    for platform in each_backend().await {
        let unit = new_unit(&platform).await;
        let stages = [
            (EvaluationStage::Consultation, Level::VerySatisfied),
            (EvaluationStage::Acceptance, Level::Satisfied),
            (EvaluationStage::Decision, Level::Unsatisfied),
            (EvaluationStage::Delivery, Level::VerySatisfied),
        ];
        for (stage, level) in stages {
            rate(&platform, rating(unit, level), stage).await.unwrap();
        }
        // The whole case through the ordinary `rate`: still possible, stored as `whole`.
        let mut tx = platform.db.begin().await.unwrap();
        evaluation::rate(
            &mut tx,
            &platform.key,
            &AuditActor::anonymous("127.0.0.1"),
            rating(unit, Level::Satisfied),
            &Calendar::national(),
            &RuleProfile::default(),
            at("2025-03-03T10:00:00+08:00"),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        // The same stage again on the same channel: refused, naming the stage.
        let again = rate(
            &platform,
            rating(unit, Level::Satisfied),
            EvaluationStage::Acceptance,
        )
        .await
        .unwrap_err();
        assert!(again.to_string().contains("申请受理"), "{again}");

        let stored = evaluation::of_subject(&platform.db, SubjectType::Case, "SV20250303001")
            .await
            .unwrap();
        let read: Vec<EvaluationStage> = stored.iter().map(|e| e.stage).collect();
        assert_eq!(
            read,
            vec![
                EvaluationStage::Consultation,
                EvaluationStage::Acceptance,
                EvaluationStage::Decision,
                EvaluationStage::Delivery,
                EvaluationStage::Whole,
            ],
            "{}",
            backend(&platform)
        );
        assert!(stored[2].level.is_bad(&RuleProfile::default()));

        let by_stage = evaluation::statistics(
            &platform.db,
            &RuleProfile::default(),
            GroupBy::Stage,
            at("2025-03-01T00:00:00+08:00"),
            at("2025-04-01T00:00:00+08:00"),
        )
        .await
        .unwrap();
        let rows: Vec<(&str, i64, i64)> = by_stage
            .groups
            .iter()
            .map(|g| (g.label.as_str(), g.total, g.bad))
            .collect();
        assert_eq!(
            rows,
            vec![
                ("整体评价", 1, 0),
                ("咨询预约", 1, 0),
                ("申请受理", 1, 0),
                ("审查决定", 1, 1),
                ("结果送达", 1, 0),
            ]
        );
        assert_eq!(by_stage.overall.total, 5);
    }
}
