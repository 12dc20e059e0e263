//! The one path of commands on both backends (HL-DISPATCH, HL-SIGN, HL-RETURN): clocks land
//! in the shared clock table, units get in-app messages, a refused command changes nothing
//! and two concurrent commands on the same version give one conflict.

use calendar::Instant;
use hotline::appeal::HandlingClass;
use hotline::order::{Command, Order, Status};
use hotline::usecase::{self, Appellant, Rules};
use hotline::{AppealId, UnitId};
use platform::Platform;
use platform::clocks::{self, ClockStatus};
use sqlx::Row as _;

use crate::store::{at, backend, monday_nine, new_appeal, operator_audit, register, seeded};
use crate::{CAL, PROFILE};

pub fn rules() -> Rules<'static> {
    Rules {
        calendar: &CAL,
        profile: &PROFILE,
    }
}

pub async fn unit(platform: &Platform, code: &str) -> UnitId {
    UnitId(
        platform::units::find_by_code(&platform.db, code)
            .await
            .unwrap()
            .unwrap()
            .id,
    )
}

pub async fn run(
    platform: &Platform,
    id: AppealId,
    command: Command,
    now: Instant,
) -> platform::Result<(Order, i64)> {
    usecase::execute(
        &platform.db,
        &rules().context(&platform.key, &operator_audit(), now),
        id,
        command,
        None,
    )
    .await
}

/// A registered appeal dispatched to gz-market (lead) and gz-dongjie (assisting).
pub async fn dispatched(platform: &Platform, appellant: Appellant) -> (AppealId, UnitId, UnitId) {
    let registration = register(platform, new_appeal("小区门口路灯不亮已经一周", appellant)).await;
    let lead = unit(platform, "gz-market").await;
    let assisting = unit(platform, "gz-dongjie").await;
    run(
        platform,
        registration.appeal_id,
        Command::Dispatch {
            class: HandlingClass::ComplaintReport,
            lead,
            assisting: vec![assisting],
            terms: hotline::order::DispatchTerms::default(),
        },
        monday_nine(),
    )
    .await
    .unwrap();
    (registration.appeal_id, lead, assisting)
}

pub async fn scalar(platform: &Platform, sql: &str) -> i64 {
    sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_one(&platform.db.pool)
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}

#[tokio::test]
async fn hl_sign_dispatch_to_a_lead_and_an_assisting_unit_starts_two_sign_clocks_and_messages_the_units()
 {
    for platform in seeded().await {
        let (id, lead, assisting) = dispatched(&platform, Appellant::default()).await;
        let order_clocks = clocks::by_subject(&platform.db, "order", &id.to_string())
            .await
            .unwrap();
        let sign: Vec<_> = order_clocks
            .iter()
            .filter(|c| c.rule_id == "HL-SIGN")
            .collect();
        assert_eq!(sign.len(), 2, "{}", backend(&platform));
        let mut sign_units: Vec<i64> = sign.iter().map(|c| c.unit_id).collect();
        sign_units.sort();
        let mut expected = vec![lead.0, assisting.0];
        expected.sort();
        assert_eq!(sign_units, expected);
        // HL-SIGN: 1 working hour from the dispatch.
        assert!(
            sign.iter()
                .all(|c| c.due_at == at("2025-03-03T10:00:00+08:00"))
        );
        assert!(
            order_clocks
                .iter()
                .any(|c| c.rule_id == "HL-RETURN" && c.unit_id == lead.0)
        );
        assert!(
            order_clocks
                .iter()
                .any(|c| c.rule_id == "HL-LIMITS" && c.unit_id == lead.0)
        );
        // The lead unit's handler (demo account `handler` of gz-market) has a message.
        let handler = platform::users::id_by_username(&platform.db, "handler")
            .await
            .unwrap()
            .unwrap();
        let n = scalar(
            &platform,
            &format!("SELECT COUNT(*) AS n FROM outbox WHERE channel = 'inbox' AND subject LIKE '12345工单%' AND recipient_user_id = {handler}"),
        )
        .await;
        assert_eq!(n, 1);
        // HL-REMIND: the unit is also texted, to the number on its account, never to anyone
        // whose account has no number; the number is sealed in the outbox.
        let texts = format!(
            "SELECT COUNT(*) AS n FROM outbox WHERE channel = 'sms' AND recipient_user_id = {handler}"
        );
        assert_eq!(scalar(&platform, &texts).await, 1);
        let operator_texts = "SELECT COUNT(*) AS n FROM outbox o JOIN users u ON u.id = o.recipient_user_id \
             WHERE o.channel = 'sms' AND u.username = 'operator'";
        assert_eq!(scalar(&platform, operator_texts).await, 0);
        let clear = "SELECT COUNT(*) AS n FROM outbox WHERE channel = 'sms' AND CAST(address AS TEXT) LIKE '1390936%'";
        assert_eq!(scalar(&platform, clear).await, 0);
        let units = scalar(
            &platform,
            &format!(
                "SELECT COUNT(*) AS n FROM hotline_order_units WHERE order_id = {}",
                id.0
            ),
        )
        .await;
        assert_eq!(units, 2);
        let audits = scalar(
            &platform,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'hotline.dispatch'",
        )
        .await;
        assert_eq!(audits, 1);
    }
}

#[tokio::test]
async fn hl_sign_the_lead_signing_moves_the_order_to_handling_and_stops_its_sign_clock() {
    for platform in seeded().await {
        let (id, lead, _) = dispatched(&platform, Appellant::default()).await;
        let (order, version) = run(
            &platform,
            id,
            Command::Sign { unit: lead },
            at("2025-03-03T09:30:00+08:00"),
        )
        .await
        .unwrap();
        assert_eq!(order.status, Status::Handling, "{}", backend(&platform));
        assert_eq!(version, 3);
        let sign = clocks::by_subject(&platform.db, "order", &id.to_string())
            .await
            .unwrap()
            .into_iter()
            .find(|c| c.rule_id == "HL-SIGN" && c.unit_id == lead.0)
            .unwrap();
        assert_eq!(sign.status, ClockStatus::Met);
        let history = usecase::history(&platform.db, id).await.unwrap();
        assert!(history.iter().any(|row| row.command == "sign"
            && row.from_status.as_deref() == Some("dispatched")
            && row.to_status.as_deref() == Some("handling")));
    }
}

#[tokio::test]
async fn hl_return_a_refused_command_on_a_returned_order_changes_nothing() {
    for platform in seeded().await {
        let (id, lead, _) = dispatched(&platform, Appellant::default()).await;
        let (order, _) = run(
            &platform,
            id,
            Command::Return {
                unit: lead,
                legal_basis: "《市场监督管理行政处罚程序规定》第十条".into(),
                call_record: "09:20 与话务员刘话务电话沟通".into(),
            },
            at("2025-03-03T09:30:00+08:00"),
        )
        .await
        .unwrap();
        assert_eq!(order.status, Status::Returned);
        let audit_head = scalar(&platform, "SELECT seq AS n FROM audit_head WHERE id = 1").await;
        let version = scalar(
            &platform,
            &format!(
                "SELECT version AS n FROM hotline_orders WHERE id = {}",
                id.0
            ),
        )
        .await;
        let events = scalar(&platform, "SELECT COUNT(*) AS n FROM hotline_events").await;
        let outbox = scalar(&platform, "SELECT COUNT(*) AS n FROM outbox").await;
        let error = run(
            &platform,
            id,
            Command::Sign { unit: lead },
            at("2025-03-03T09:40:00+08:00"),
        )
        .await
        .unwrap_err();
        assert!(
            matches!(error, platform::Error::InvalidTransition { .. }),
            "{error}"
        );
        assert_eq!(
            scalar(&platform, "SELECT seq AS n FROM audit_head WHERE id = 1").await,
            audit_head,
            "{}",
            backend(&platform)
        );
        assert_eq!(
            scalar(
                &platform,
                &format!(
                    "SELECT version AS n FROM hotline_orders WHERE id = {}",
                    id.0
                )
            )
            .await,
            version
        );
        assert_eq!(
            scalar(&platform, "SELECT COUNT(*) AS n FROM hotline_events").await,
            events
        );
        assert_eq!(
            scalar(&platform, "SELECT COUNT(*) AS n FROM outbox").await,
            outbox
        );
        // HL-RETURN: every clock of the dispatch stopped; the units were cleared.
        let open = clocks::by_subject(&platform.db, "order", &id.to_string())
            .await
            .unwrap()
            .into_iter()
            .filter(|c| c.status.is_open())
            .count();
        assert_eq!(open, 0);
        assert_eq!(
            scalar(
                &platform,
                &format!(
                    "SELECT COUNT(*) AS n FROM hotline_order_units WHERE order_id = {}",
                    id.0
                )
            )
            .await,
            0
        );
    }
}

#[tokio::test]
async fn two_concurrent_commands_on_the_same_version_give_exactly_one_conflict() {
    for platform in seeded().await {
        let (id, lead, assisting) = dispatched(&platform, Appellant::default()).await;
        let version = scalar(
            &platform,
            &format!(
                "SELECT version AS n FROM hotline_orders WHERE id = {}",
                id.0
            ),
        )
        .await;
        let audit = operator_audit();
        let sign = |unit: UnitId| {
            let platform = platform.clone();
            let audit = audit.clone();
            async move {
                usecase::execute(
                    &platform.db,
                    &rules().context(&platform.key, &audit, at("2025-03-03T09:30:00+08:00")),
                    id,
                    Command::Sign { unit },
                    Some(version),
                )
                .await
            }
        };
        let (a, b) = tokio::join!(tokio::spawn(sign(lead)), tokio::spawn(sign(assisting)));
        let results = [a.unwrap(), b.unwrap()];
        let n_ok = results.iter().filter(|r| r.is_ok()).count();
        let conflicts: Vec<_> = results.iter().filter_map(|r| r.as_ref().err()).collect();
        assert_eq!(n_ok, 1, "{}: {conflicts:?}", backend(&platform));
        assert!(
            matches!(conflicts[0], platform::Error::Conflict(m) if m.contains("工单已被他人更新"))
        );
        assert_eq!(
            scalar(
                &platform,
                &format!(
                    "SELECT version AS n FROM hotline_orders WHERE id = {}",
                    id.0
                )
            )
            .await,
            version + 1
        );
    }
}
