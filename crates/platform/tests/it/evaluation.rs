//! 好差评 (EVAL-ALL, EVAL-BAD): every level on every channel is recorded once per subject
//! and channel; a bad rating by the profile's threshold opens one rectification with an
//! EVAL-BAD clock and notifies the unit; the rectification loop allows exactly its
//! transitions and a refused action changes nothing; statistics add up; the rater's contact
//! is sealed.

use calendar::{Calendar, Instant, Light};
use platform::Platform;
use platform::audit::AuditActor;
use platform::clocks::{self, ClockStatus};
use platform::evaluation::{
    self, Channel, Level, NewEvaluation, Rated, RectificationCommand, RectificationReport,
    RectificationStatus, SubjectType,
};
use platform::profile::RuleProfile;
use platform::roles::Role;
use platform::testing::each_backend;
use platform::units::{self, NewUnit, UnitKind};

use crate::{backend, count, new_account, new_unit, system};

pub(crate) fn at(text: &str) -> Instant {
    Instant::parse_rfc3339(text).unwrap()
}

/// Monday 2025-03-03 09:00 in Shanghai: the instant most ratings are given.
pub(crate) fn monday() -> Instant {
    at("2025-03-03T09:00:00+08:00")
}

/// A second unit of the same jurisdiction.
pub(crate) async fn other_unit(platform: &Platform, unit_id: i64, code: &str, name: &str) -> i64 {
    let jurisdiction_id = units::get(&platform.db, unit_id)
        .await
        .unwrap()
        .jurisdiction_id;
    let mut tx = platform.db.begin().await.unwrap();
    let id = units::create(
        &mut tx,
        &system(),
        NewUnit {
            jurisdiction_id,
            parent_id: None,
            code: code.into(),
            name: name.into(),
            kind: UnitKind::Department,
        },
        monday().millis(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    id
}

/// A staff member as the audit row records them.
pub(crate) fn staff(user_id: i64, unit_id: i64, role: Role) -> AuditActor {
    AuditActor {
        user_id: Some(user_id),
        name: format!("user{user_id}"),
        unit_id: Some(unit_id),
        role: role.code().into(),
        ip: "127.0.0.1".into(),
    }
}

pub(crate) fn rating(
    subject_id: &str,
    unit_id: i64,
    channel: Channel,
    level: Level,
) -> NewEvaluation {
    NewEvaluation {
        subject_type: SubjectType::Case,
        subject_id: subject_id.into(),
        round: 1,
        unit_id,
        staff_user_id: None,
        item_code: None,
        channel,
        level,
        comment: "办理及时".into(),
        rater_contact: None,
        entered_by_user_id: None,
    }
}

pub(crate) async fn rate_with(
    platform: &Platform,
    new: NewEvaluation,
    profile: &RuleProfile,
    now: Instant,
) -> platform::Result<Rated> {
    let mut tx = platform.db.begin().await.unwrap();
    let rated = evaluation::rate(
        &mut tx,
        &platform.key,
        &AuditActor::anonymous("127.0.0.1"),
        new,
        &Calendar::national(),
        profile,
        now,
    )
    .await?;
    tx.commit().await.unwrap();
    Ok(rated)
}

pub(crate) async fn audit_head(platform: &Platform) -> i64 {
    count(
        &platform.db,
        "SELECT seq AS n FROM audit_head WHERE id = 1",
        &[],
    )
    .await
}

pub(crate) fn report() -> RectificationReport {
    RectificationReport {
        measures: "约谈窗口人员，优化一次性告知清单".into(),
        result: "已向申请人当面致歉并办结".into(),
        feedback_to_rater: "您反映的问题已整改，感谢监督。".into(),
    }
}

/// The unit, its handler, and a supervisor in the 12345 centre.
pub(crate) struct Desk {
    pub(crate) unit: i64,
    pub(crate) handler: AuditActor,
    pub(crate) supervisor: AuditActor,
}

pub(crate) async fn desk(platform: &Platform) -> Desk {
    let unit = new_unit(platform).await;
    let centre = other_unit(platform, unit, "test-12345", "测试区12345热线中心").await;
    let (handler_id, _) = new_account(platform, unit, "handler", Role::UnitHandler).await;
    let (supervisor_id, _) =
        new_account(platform, centre, "supervisor", Role::HotlineSupervisor).await;
    Desk {
        unit,
        handler: staff(handler_id, unit, Role::UnitHandler),
        supervisor: staff(supervisor_id, centre, Role::HotlineSupervisor),
    }
}

/// Applies one command to a rectification in its own transaction, committed on success.
pub(crate) async fn apply(
    platform: &Platform,
    desk: &Desk,
    id: i64,
    command: RectificationCommand,
    now: Instant,
) -> platform::Result<RectificationStatus> {
    let mut tx = platform.db.begin().await.unwrap();
    let result = match command {
        RectificationCommand::Submit => {
            evaluation::submit_rectification(&mut tx, &desk.handler, id, &report(), now).await
        }
        RectificationCommand::Accept | RectificationCommand::Return => {
            evaluation::review_rectification(
                &mut tx,
                &platform::workflow::Context::new(
                    &platform.key,
                    &desk.supervisor,
                    &Calendar::national(),
                    &RuleProfile::default(),
                    now,
                ),
                id,
                (
                    command == RectificationCommand::Accept,
                    "措施不具体，请补充",
                ),
            )
            .await
        }
    }?;
    tx.commit().await.unwrap();
    Ok(result.status)
}

#[tokio::test]
async fn eval_all_every_level_on_every_channel_is_accepted_and_the_same_subject_and_channel_twice_is_a_conflict()
 {
    for platform in each_backend().await {
        let unit = new_unit(&platform).await;
        let (operator, _) = new_account(&platform, unit, "operator", Role::HotlineOperator).await;
        let profile = RuleProfile::default();
        for level in Level::ALL {
            for channel in Channel::ALL {
                let mut new = rating(
                    &format!("C-{}-{}", level.level(), channel.code()),
                    unit,
                    channel,
                    level,
                );
                new.entered_by_user_id = (channel == Channel::Phone).then_some(operator);
                let rated = rate_with(&platform, new, &profile, monday()).await.unwrap();
                let stored = evaluation::get(&platform.db, rated.evaluation_id)
                    .await
                    .unwrap();
                assert_eq!(
                    (stored.level, stored.channel, stored.comment.as_str()),
                    (level, channel, "办理及时"),
                    "{}",
                    backend(&platform)
                );
            }
        }
        assert_eq!(
            count(&platform.db, "SELECT COUNT(*) AS n FROM evaluations", &[]).await,
            25
        );

        // EVAL-ALL: one rating per subject and channel (and round).
        let head = audit_head(&platform).await;
        let error = rate_with(
            &platform,
            rating("C-1-web", unit, Channel::Web, Level::Unsatisfied),
            &profile,
            monday(),
        )
        .await
        .unwrap_err();
        assert!(
            matches!(error, platform::Error::Conflict(_)),
            "{}: {error}",
            backend(&platform)
        );
        assert!(error.to_string().contains("不能重复评价"), "{error}");
        assert_eq!(audit_head(&platform).await, head);

        // The same subject on another channel, or in the next round, is another rating.
        let mobile = rating("C-1-web", unit, Channel::Mobile, Level::Satisfied);
        assert!(
            rate_with(&platform, mobile, &profile, monday())
                .await
                .is_ok()
        );
        let mut next_round = rating("C-1-web", unit, Channel::Web, Level::Satisfied);
        next_round.round = 2;
        assert!(
            rate_with(&platform, next_round, &profile, monday())
                .await
                .is_ok()
        );

        // Bad input: a level outside 1..=5, an overlong comment, a phone rating nobody entered.
        assert!(Level::from_level(0).is_err() && Level::from_level(6).is_err());
        let mut long = rating("C-long", unit, Channel::Web, Level::Satisfied);
        long.comment = "很".repeat(evaluation::MAX_COMMENT_CHARS + 1);
        let error = rate_with(&platform, long, &profile, monday())
            .await
            .unwrap_err();
        assert!(error.to_string().contains("评价内容不能超过"), "{error}");
        let phone = rating("C-phone", unit, Channel::Phone, Level::Satisfied);
        let error = rate_with(&platform, phone, &profile, monday())
            .await
            .unwrap_err();
        assert!(error.to_string().contains("电话评价"), "{error}");
    }
}

#[tokio::test]
async fn eval_bad_an_unsatisfied_rating_opens_one_rectification_with_a_running_clock_and_notifies_the_unit()
 {
    for platform in each_backend().await {
        let db = &platform.db;
        let unit = new_unit(&platform).await;
        let (leader, _) = new_account(&platform, unit, "leader", Role::UnitLeader).await;
        let (handler, _) = new_account(&platform, unit, "handler", Role::UnitHandler).await;
        let (clerk, _) = new_account(&platform, unit, "clerk", Role::WindowClerk).await;
        let profile = RuleProfile::default();

        let mut new = rating("C-100", unit, Channel::Hall, Level::Unsatisfied);
        new.staff_user_id = Some(clerk);
        let rated = rate_with(&platform, new, &profile, monday()).await.unwrap();
        let id = rated
            .rectification_id
            .expect("a bad rating opens a rectification");

        let open = evaluation::list_rectifications(db, Some(unit), None)
            .await
            .unwrap();
        assert_eq!(open.len(), 1, "{}", backend(&platform));
        let rectification = &open[0];
        assert_eq!(rectification.id, id);
        assert_eq!(rectification.evaluation_id, rated.evaluation_id);
        assert_eq!(rectification.status, RectificationStatus::Open);
        assert_eq!(rectification.light, Light::Green);

        // The clock runs on the shared table under EVAL-BAD, due the profile's limit
        // (ganzhou: 15 WD) from the rating: the 15th working day after Monday 3 March.
        let clock = clocks::get(db, rectification.clock_id).await.unwrap();
        assert_eq!(clock.status, ClockStatus::Running);
        assert_eq!(clock.rule_id, "EVAL-BAD");
        assert_eq!(clock.unit_id, unit);
        let limit = profile.evaluation.rectification.limit();
        assert_eq!(clock.due_at, Calendar::national().due(monday(), limit).at);
        assert_eq!(clock.due_at, at("2025-03-24T18:00:00+08:00"));
        assert_eq!(rectification.due_at, clock.due_at);

        // The unit's leader and handler are notified in their inbox; the clerk is not.
        for (user, expected) in [(leader, 1), (handler, 1), (clerk, 0)] {
            assert_eq!(
                count(
                    db,
                    "SELECT COUNT(*) AS n FROM outbox WHERE channel = 'inbox' AND recipient_user_id = CAST($1 AS BIGINT) AND subject = $2",
                    &[&user.to_string(), "差评整改任务"]
                )
                .await,
                expected
            );
        }
        for action in ["evaluation.rate", "rectification.open", "clock.start"] {
            assert_eq!(
                count(
                    db,
                    "SELECT COUNT(*) AS n FROM audit_log WHERE action = $1",
                    &[action]
                )
                .await,
                1,
                "{action}"
            );
        }
    }
}

#[tokio::test]
async fn eval_bad_a_basically_satisfied_rating_opens_no_rectification() {
    for platform in each_backend().await {
        let unit = new_unit(&platform).await;
        let rated = rate_with(
            &platform,
            rating("C-200", unit, Channel::Web, Level::BasicallySatisfied),
            &RuleProfile::default(),
            monday(),
        )
        .await
        .unwrap();
        assert_eq!(rated.rectification_id, None, "{}", backend(&platform));
        assert_eq!(
            count(
                &platform.db,
                "SELECT COUNT(*) AS n FROM rectifications",
                &[]
            )
            .await,
            0
        );
        assert_eq!(
            count(&platform.db, "SELECT COUNT(*) AS n FROM clocks", &[]).await,
            0
        );
    }
}

#[tokio::test]
async fn eval_bad_rule_values_come_from_the_profile_threshold_and_limit() {
    let profile = RuleProfile::default()
        .with_edits(&[
            ("evaluation.bad_rating_from_level".into(), "5".into()),
            ("evaluation.rectification".into(), "5wd".into()),
        ])
        .unwrap();
    assert!(!Level::Unsatisfied.is_bad(&profile));
    assert!(Level::Unsatisfied.is_bad(&RuleProfile::default()));
    for platform in each_backend().await {
        let unit = new_unit(&platform).await;
        let unsatisfied = rate_with(
            &platform,
            rating("C-300", unit, Channel::Web, Level::Unsatisfied),
            &profile,
            monday(),
        )
        .await
        .unwrap();
        assert_eq!(unsatisfied.rectification_id, None, "{}", backend(&platform));
        let very = rate_with(
            &platform,
            rating("C-301", unit, Channel::Web, Level::VeryUnsatisfied),
            &profile,
            monday(),
        )
        .await
        .unwrap();
        let id = very.rectification_id.unwrap();
        let rectification = evaluation::get_rectification(&platform.db, id)
            .await
            .unwrap();
        // 5 WD from Monday 3 March: Monday 10 March at close of business.
        assert_eq!(rectification.due_at, at("2025-03-10T18:00:00+08:00"));
    }
}

#[tokio::test]
async fn eval_bad_every_rectification_transition_is_allowed_or_refused_as_the_table_says() {
    use RectificationCommand::{Accept, Return, Submit};
    use RectificationStatus::{Accepted, Open, Returned, Submitted};
    // (from, command, the status after it or None when refused)
    let table = [
        (Open, Submit, Some(Submitted)),
        (Open, Accept, None),
        (Open, Return, None),
        (Submitted, Submit, None),
        (Submitted, Accept, Some(Accepted)),
        (Submitted, Return, Some(Returned)),
        (Returned, Submit, Some(Submitted)),
        (Returned, Accept, None),
        (Returned, Return, None),
        (Accepted, Submit, None),
        (Accepted, Accept, None),
        (Accepted, Return, None),
    ];
    for platform in each_backend().await {
        let db = &platform.db;
        let desk = desk(&platform).await;
        for (n, (from, command, expected)) in table.into_iter().enumerate() {
            let rated = rate_with(
                &platform,
                rating(
                    &format!("T-{n}"),
                    desk.unit,
                    Channel::Web,
                    Level::Unsatisfied,
                ),
                &RuleProfile::default(),
                monday(),
            )
            .await
            .unwrap();
            let id = rated.rectification_id.unwrap();
            let path: &[RectificationCommand] = match from {
                Open => &[],
                Submitted => &[Submit],
                Returned => &[Submit, Return],
                Accepted => &[Submit, Accept],
            };
            for step in path {
                apply(&platform, &desk, id, *step, at("2025-03-04T10:00:00+08:00"))
                    .await
                    .unwrap();
            }
            let before = evaluation::get_rectification(db, id).await.unwrap();
            assert_eq!(before.status, from);
            let head = audit_head(&platform).await;
            let case = format!("{}: {from:?} + {command:?}", backend(&platform));
            let result = apply(
                &platform,
                &desk,
                id,
                command,
                at("2025-03-05T10:00:00+08:00"),
            )
            .await;
            let after = evaluation::get_rectification(db, id).await.unwrap();
            let clock = clocks::get(db, after.clock_id).await.unwrap();
            match expected {
                Some(status) => {
                    assert_eq!(result.unwrap(), status, "{case}");
                    assert_eq!(after.status, status, "{case}");
                    assert!(audit_head(&platform).await > head, "{case}");
                    // Accepting concludes the clock; returning keeps it running.
                    let clock_status = if status == Accepted {
                        ClockStatus::Met
                    } else {
                        ClockStatus::Running
                    };
                    assert_eq!(clock.status, clock_status, "{case}");
                }
                None => {
                    let error = result.unwrap_err();
                    assert!(
                        matches!(error, platform::Error::InvalidTransition { .. }),
                        "{case}: {error}"
                    );
                    assert!(error.to_string().contains("不能执行"), "{case}: {error}");
                    assert_eq!(after, before, "{case}");
                    assert_eq!(audit_head(&platform).await, head, "{case}");
                }
            }
        }
    }
}

#[tokio::test]
async fn eval_bad_a_refused_action_changes_nothing() {
    for platform in each_backend().await {
        let db = &platform.db;
        let desk = desk(&platform).await;
        let stranger_unit = other_unit(&platform, desk.unit, "test-other", "测试区其他局").await;
        let (stranger_id, _) =
            new_account(&platform, stranger_unit, "stranger", Role::UnitHandler).await;
        let stranger = staff(stranger_id, stranger_unit, Role::UnitHandler);
        let rated = rate_with(
            &platform,
            rating("R-1", desk.unit, Channel::Web, Level::VeryUnsatisfied),
            &RuleProfile::default(),
            monday(),
        )
        .await
        .unwrap();
        let id = rated.rectification_id.unwrap();
        let now = at("2025-03-04T10:00:00+08:00");
        let before = evaluation::get_rectification(db, id).await.unwrap();
        let head = audit_head(&platform).await;
        let outbox = count(db, "SELECT COUNT(*) AS n FROM outbox", &[]).await;

        // Another unit cannot submit; an empty report is refused; the unit cannot review itself.
        let mut tx = db.begin().await.unwrap();
        let error = evaluation::submit_rectification(&mut tx, &stranger, id, &report(), now)
            .await
            .unwrap_err();
        assert!(matches!(error, platform::Error::Forbidden), "{error}");
        let mut empty = report();
        empty.feedback_to_rater = "  ".into();
        let error = evaluation::submit_rectification(&mut tx, &desk.handler, id, &empty, now)
            .await
            .unwrap_err();
        assert!(
            error.to_string().contains("反馈评价人的内容不能为空"),
            "{error}"
        );
        drop(tx);
        apply(&platform, &desk, id, RectificationCommand::Submit, now)
            .await
            .unwrap();
        let submitted = evaluation::get_rectification(db, id).await.unwrap();
        let head_submitted = audit_head(&platform).await;
        assert!(head_submitted > head);
        let mut tx = db.begin().await.unwrap();
        let error = evaluation::review_rectification(
            &mut tx,
            &platform::workflow::Context::new(
                &platform.key,
                &desk.handler,
                &Calendar::national(),
                &RuleProfile::default(),
                now,
            ),
            id,
            (true, ""),
        )
        .await
        .unwrap_err();
        assert!(matches!(error, platform::Error::Forbidden), "{error}");
        // Returning needs an opinion.
        let error = evaluation::review_rectification(
            &mut tx,
            &platform::workflow::Context::new(
                &platform.key,
                &desk.supervisor,
                &Calendar::national(),
                &RuleProfile::default(),
                now,
            ),
            id,
            (false, " "),
        )
        .await
        .unwrap_err();
        assert!(error.to_string().contains("审核意见"), "{error}");
        drop(tx);

        assert_eq!(
            evaluation::get_rectification(db, id).await.unwrap(),
            submitted,
            "{}",
            backend(&platform)
        );
        assert_eq!(submitted.clock_id, before.clock_id);
        assert_eq!(audit_head(&platform).await, head_submitted);
        assert_eq!(
            count(db, "SELECT COUNT(*) AS n FROM outbox", &[]).await,
            outbox
        );
        assert!(
            platform::audit::verify(db)
                .await
                .unwrap()
                .first_break
                .is_none()
        );
    }
}
