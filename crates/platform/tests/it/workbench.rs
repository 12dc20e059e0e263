//! 工作台 (issue 11 point 2, CAL-LIGHT): the generic workbench over a tiny domain table made
//! here and rows of the shared clock table — the waits of the viewer's roles only, scoped to
//! the viewer's unit by the domain's SQL, counted, most urgent first (red, then yellow, then
//! by due; a paused clock keeps its light, a concluded one is ignored), and a red-only wait.

use calendar::{Instant, Light};
use platform::Platform;
use platform::roles::Role;
use platform::testing::each_backend;
use platform::workflow::workbench::{self, Pile, Wait};
use platform::workflow::{Registry, SubjectKind};

use platform::units::{self, NewUnit, UnitKind};
use sqlx::Row as _;

use crate::{execute, new_unit, system};

const WAITS: &[Wait] = &[
    Wait {
        role: Role::UnitHandler,
        label: "待办理",
        sql: "SELECT id, number FROM wb_things WHERE unit_id = $1 AND status = 'waiting'",
        red_only: false,
        unit_clocks: false,
    },
    Wait {
        role: Role::HotlineSupervisor,
        label: "红灯",
        sql: "SELECT id, number FROM wb_things WHERE status = 'waiting'",
        red_only: true,
        unit_clocks: false,
    },
];

const THING: SubjectKind = SubjectKind {
    code: "wb_thing",
    label: "测试事项",
    number_table: "wb_things",
    page: "/office/things/",
    main_rule: "T-MAIN",
    overdue_flag: None,
    clock_name: |rule| {
        if rule == "T-MAIN" {
            "办理时限"
        } else {
            "签收时限"
        }
    },
    waits: WAITS,
    history: platform::workflow::HistoryTable {
        table: "wb_thing_events",
        subject_column: "thing_id",
    },
    command_label: |_| "办理",
    effect_words: |_| None,
    counting: platform::workflow::counters::Counting::NONE,
};

const NOW: i64 = 1_000_000;

async fn thing(platform: &Platform, id: i64, unit: i64, status: &str) {
    execute(
        &platform.db,
        &format!(
            "INSERT INTO wb_things (id, number, unit_id, status) \
             VALUES ({id}, 'T{id:04}', {unit}, '{status}')"
        ),
    )
    .await;
}

/// A clock row of thing `id`: due and yellow instants, stored light and status.
async fn clock(
    platform: &Platform,
    id: i64,
    unit: i64,
    rule: &str,
    (due, yellow): (i64, i64),
    (light, status): (&str, &str),
) {
    execute(
        &platform.db,
        &format!(
            "INSERT INTO clocks (subject_type, subject_id, rule_id, unit_id, start_at, limit_text, \
             due_at, yellow_at, light, status, created_at, updated_at) \
             VALUES ('wb_thing', '{id}', '{rule}', {unit}, 0, '1wd', {due}, {yellow}, \
             '{light}', '{status}', 0, 0)"
        ),
    )
    .await;
}

/// Another department of the jurisdiction of `unit`.
async fn second_unit(platform: &Platform, unit: i64) -> i64 {
    let jurisdiction_id: i64 = sqlx::query("SELECT jurisdiction_id FROM units WHERE id = $1")
        .bind(unit)
        .fetch_one(&platform.db.pool)
        .await
        .unwrap()
        .get("jurisdiction_id");
    let mut tx = platform.db.begin().await.unwrap();
    let id = units::create(
        &mut tx,
        &system(),
        NewUnit {
            jurisdiction_id,
            parent_id: None,
            code: "test-other".into(),
            name: "测试区另一局".into(),
            kind: UnitKind::Department,
        },
        0,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    id
}

fn summary(pile: &Pile) -> Vec<(i64, Option<Light>, Option<&'static str>)> {
    pile.items
        .iter()
        .map(|item| (item.subject_id, item.light, pile.clock_name(item)))
        .collect()
}

/// Issue 11 point 2 (CAL-LIGHT): a handler sees the waiting things of their unit, red first
/// (by due), then yellow, then green, then those without a clock, with the count of all; a
/// limit keeps the count; a supervisor's red-only wait spans units; no role, no pile.
#[tokio::test]
async fn workbench_lists_the_viewers_waits_red_first_then_yellow_then_by_due() {
    for platform in each_backend().await {
        execute(
            &platform.db,
            "CREATE TABLE wb_things (id BIGINT PRIMARY KEY, number TEXT NOT NULL, \
             unit_id BIGINT NOT NULL, status TEXT NOT NULL)",
        )
        .await;
        let a = new_unit(&platform).await;
        let b = second_unit(&platform, a).await;
        for (id, unit, status) in [
            (1, a, "waiting"),
            (2, a, "waiting"),
            (3, a, "waiting"),
            (4, a, "waiting"),
            (5, b, "waiting"),
            (6, a, "done"),
            (7, a, "waiting"),
        ] {
            thing(&platform, id, unit, status).await;
        }
        // 1: green, and a concluded clock long past due that does not count.
        clock(
            &platform,
            1,
            a,
            "T-MAIN",
            (1_500_000, 1_400_000),
            ("green", "running"),
        )
        .await;
        clock(&platform, 1, a, "T-MAIN", (10, 5), ("red", "breached")).await;
        // 2: red by its due instant, though the sweep has not stored it yet.
        clock(
            &platform,
            2,
            a,
            "T-SIGN",
            (500_000, 400_000),
            ("green", "running"),
        )
        .await;
        // 3: a green clock due sooner and a yellow one: the yellow one is shown.
        clock(
            &platform,
            3,
            a,
            "T-MAIN",
            (1_200_000, 1_100_000),
            ("green", "running"),
        )
        .await;
        clock(
            &platform,
            3,
            a,
            "T-SIGN",
            (2_000_000, 900_000),
            ("green", "running"),
        )
        .await;
        // 5: another unit's red; 6: not waiting; 7: paused red keeps its light.
        clock(
            &platform,
            5,
            b,
            "T-MAIN",
            (600_000, 500_000),
            ("red", "running"),
        )
        .await;
        clock(&platform, 6, a, "T-MAIN", (100, 50), ("red", "running")).await;
        clock(
            &platform,
            7,
            a,
            "T-MAIN",
            (800_000, 700_000),
            ("red", "paused"),
        )
        .await;

        let registry = Registry::new([THING]);
        let now = Instant::from_millis(NOW);
        let handler =
            workbench::for_viewer(&platform.db, &registry, &[Role::UnitHandler], a, now, 10)
                .await
                .unwrap();
        assert_eq!(handler.len(), 1);
        assert_eq!(handler[0].wait.label, "待办理");
        assert_eq!(handler[0].count, 5);
        assert_eq!(
            summary(&handler[0]),
            vec![
                (2, Some(Light::Red), Some("签收时限")),
                (7, Some(Light::Red), Some("办理时限")),
                (3, Some(Light::Yellow), Some("签收时限")),
                (1, Some(Light::Green), Some("办理时限")),
                (4, None, None),
            ]
        );
        let first = &handler[0].items[0];
        assert_eq!(first.number, "T0002");
        assert_eq!(first.due_at, Some(Instant::from_millis(500_000)));
        assert_eq!(handler[0].link(first), "/office/things/2");

        let limited =
            workbench::for_viewer(&platform.db, &registry, &[Role::UnitHandler], a, now, 2)
                .await
                .unwrap();
        assert_eq!(limited[0].count, 5, "the count is of all, not of the shown");
        assert_eq!(limited[0].items.len(), 2);

        // Both roles: both waits from the kind's one query; the red-only one spans units.
        let both = workbench::for_viewer(
            &platform.db,
            &registry,
            &[Role::UnitHandler, Role::HotlineSupervisor],
            b,
            now,
            10,
        )
        .await
        .unwrap();
        assert_eq!(both.len(), 2);
        assert_eq!(both[0].count, 1, "unit b's own waiting thing");
        assert_eq!(both[1].wait.label, "红灯");
        assert_eq!(both[1].count, 3);
        let reds: Vec<i64> = both[1].items.iter().map(|i| i.subject_id).collect();
        assert_eq!(reds, vec![2, 5, 7]);

        // A unit's wait reads its own unit's clocks only: another unit's red clock on thing 1
        // turns it red for a wait over every clock, not for one over the unit's clocks.
        clock(&platform, 1, b, "T-SIGN", (100, 50), ("red", "running")).await;
        const OWN: &[Wait] = &[Wait {
            unit_clocks: true,
            ..WAITS[0]
        }];
        let own = Registry::new([SubjectKind {
            waits: OWN,
            ..THING
        }]);
        let light_of_1 = |piles: &[Pile]| {
            piles[0]
                .items
                .iter()
                .find(|item| item.subject_id == 1)
                .and_then(|item| item.light)
        };
        let every =
            workbench::for_viewer(&platform.db, &registry, &[Role::UnitHandler], a, now, 10)
                .await
                .unwrap();
        assert_eq!(light_of_1(&every), Some(Light::Red));
        let mine = workbench::for_viewer(&platform.db, &own, &[Role::UnitHandler], a, now, 10)
            .await
            .unwrap();
        assert_eq!(light_of_1(&mine), Some(Light::Green));

        let nobody =
            workbench::for_viewer(&platform.db, &registry, &[Role::WindowClerk], a, now, 10)
                .await
                .unwrap();
        assert!(nobody.is_empty());
    }
}
