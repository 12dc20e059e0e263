//! The hall stored, on both backends (HALL-WINDOWS, HALL-QUEUE): windows with their staff, a
//! clerk seated today, numbers taken (numbered per letter and day, priority first), a closed
//! hall and a bad request refused with nothing written, calling the next (priority first, only
//! the window's type), a number already called refused, recall, skip, transfer, start and
//! finish with the waiting and handling times, every change with its audit row; and, on
//! PostgreSQL and SQLite alike, clerks calling at once never get the same ticket.

use std::collections::HashSet;
use std::sync::LazyLock;

use calendar::{Calendar, Instant};
use hall::hours::{DaySchedule, Source, Span};
use hall::store::tickets;
use hall::ticket::{Event, ItemRef, Priority, Status};
use hall::usecase::queue::{Action, Take};
use hall::usecase::{self, queue};
use hall::window::{Assignment, Field, Post, ServiceType, SpecialKind, Window};
use platform::Platform;
use platform::audit::AuditActor;
use platform::roles::Role;
use platform::users::NewAccount;
use sqlx::Row as _;

use crate::day;

static CAL: LazyLock<Calendar> = LazyLock::new(|| Calendar::try_national().unwrap());
const HOURS: &str = "08:30-12:00,14:30-18:00";
const MINUTE: i64 = 60_000;

/// 2026-03-02 (a Monday) at hh:mm, Beijing time.
fn at(h: u32, m: u32) -> i64 {
    Instant::from_local(day(), h * 60 + m).millis()
}

pub struct World {
    pub platform: Platform,
    pub clerks: Vec<AuditActor>,
    pub kiosk: AuditActor,
    pub admin: AuditActor,
}

/// The demo's units and accounts, and `n` window clerks of the service centre.
pub async fn world(platform: Platform, n: usize) -> World {
    platform::demo::seed(&platform.db, &platform.key)
        .await
        .unwrap();
    let db = &platform.db;
    let clerk = platform::users::id_by_username(db, "clerk")
        .await
        .unwrap()
        .unwrap();
    let clerk = platform::users::load_actor(db, clerk)
        .await
        .unwrap()
        .unwrap();
    let admin = AuditActor::system("test");
    let mut clerks = vec![AuditActor::staff(&clerk, "127.0.0.1")];
    for i in 1..n {
        let mut tx = db.begin().await.unwrap();
        let (id, _) = platform::users::create(
            &mut tx,
            &admin,
            NewAccount {
                unit_id: clerk.unit_id,
                username: format!("hallclerk{i}"),
                display_name: format!("窗口{i}"),
                roles: vec![Role::WindowClerk],
            },
            0,
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let actor = platform::users::load_actor(db, id).await.unwrap().unwrap();
        clerks.push(AuditActor::staff(&actor, "127.0.0.1"));
    }
    World {
        platform,
        clerks,
        kiosk: AuditActor::anonymous("10.0.0.9"),
        admin,
    }
}

pub fn staff(a: &AuditActor, b: &AuditActor) -> Vec<Assignment> {
    vec![
        Assignment {
            user_id: a.user_id.unwrap(),
            post: Post::A,
        },
        Assignment {
            user_id: b.user_id.unwrap(),
            post: Post::B,
        },
    ]
}

pub async fn open_window(world: &World, number: u16, service: ServiceType, staff: &[Assignment]) {
    let window = Window {
        number,
        name: format!("{number}号窗口"),
        service,
        unit_id: None,
    };
    usecase::create_window(&world.platform.db, &world.admin, &window, staff, 0)
        .await
        .unwrap();
}

pub fn take(service: ServiceType, priority: Priority) -> Take {
    Take {
        service,
        item: None,
        source: Source::Kiosk,
        priority,
        day: day(),
    }
}

async fn audit_count(platform: &Platform, action: &str) -> i64 {
    sqlx::query("SELECT COUNT(*) AS n FROM audit_log WHERE action = $1")
        .bind(action)
        .fetch_one(&platform.db.pool)
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}

async fn ticket_count(platform: &Platform) -> i64 {
    sqlx::query("SELECT COUNT(*) AS n FROM hall_tickets")
        .fetch_one(&platform.db.pool)
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}

#[tokio::test]
async fn hall_queue_take_call_and_handle_on_both_backends() {
    for platform in platform::testing::each_backend().await {
        let w = world(platform, 2).await;
        let db = &w.platform.db;
        let tax = ServiceType::Professional(Field::parse("税务").unwrap());
        open_window(
            &w,
            1,
            ServiceType::Comprehensive,
            &staff(&w.clerks[0], &w.clerks[1]),
        )
        .await;
        let mut posted = staff(&w.clerks[1], &w.clerks[0]);
        posted.push(Assignment {
            user_id: w.clerks[1].user_id.unwrap(),
            post: Post::Chief,
        });
        let tax_window = Window {
            number: 2,
            name: "税务".into(),
            service: tax.clone(),
            unit_id: Some(1),
        };
        usecase::create_window(db, &w.admin, &tax_window, &posted, 0)
            .await
            .unwrap();

        // HALL-QUEUE: a closed hall refuses, nothing written.
        let early = queue::take(
            db,
            &w.kiosk,
            &CAL,
            HOURS,
            take(ServiceType::Comprehensive, Priority::Normal),
            at(7, 0),
        )
        .await;
        assert!(early.unwrap_err().to_string().contains("大厅现在不办公"));
        let none = queue::take(
            db,
            &w.kiosk,
            &CAL,
            HOURS,
            take(
                ServiceType::Special(SpecialKind::HardCase),
                Priority::Normal,
            ),
            at(9, 0),
        )
        .await;
        assert_eq!(
            none.unwrap_err().to_string(),
            "大厅没有办不成事反映专窗，请选择其他窗口类型"
        );
        assert_eq!(ticket_count(&w.platform).await, 0);

        let mut item = take(ServiceType::Comprehensive, Priority::Normal);
        item.item = Some(ItemRef {
            id: 7,
            code: "GZ-SC-0003".into(),
            name: "个体工商户登记".into(),
        });
        let first = queue::take(db, &w.kiosk, &CAL, HOURS, item, at(9, 0))
            .await
            .unwrap();
        assert_eq!(
            (first.ticket.number.to_string(), first.ahead),
            ("A001".into(), 0)
        );
        let second = queue::take(
            db,
            &w.kiosk,
            &CAL,
            HOURS,
            take(ServiceType::Comprehensive, Priority::Normal),
            at(9, 1),
        )
        .await
        .unwrap();
        let elderly = queue::take(
            db,
            &w.kiosk,
            &CAL,
            HOURS,
            take(ServiceType::Comprehensive, Priority::Elderly),
            at(9, 2),
        )
        .await
        .unwrap();
        assert_eq!(
            (elderly.ticket.number.to_string(), elderly.ahead),
            ("A003".into(), 0)
        );
        let b = queue::take(
            db,
            &w.kiosk,
            &CAL,
            HOURS,
            take(tax.clone(), Priority::Normal),
            at(9, 3),
        )
        .await
        .unwrap();
        assert_eq!(b.ticket.number.to_string(), "B001");
        assert_eq!(audit_count(&w.platform, "hall.ticket.take").await, 4);

        // Calling needs a seat; a professional window seats only its staff.
        assert!(queue::call_next(db, &w.clerks[0], at(9, 5)).await.is_err());
        usecase::sit(db, &w.clerks[0], 1, at(8, 30)).await.unwrap();
        let called = queue::call_next(db, &w.clerks[0], at(9, 5)).await.unwrap();
        assert_eq!(called.ticket.number.to_string(), "A003", "priority first");
        assert_eq!(
            called.event,
            Event::Called {
                window: 1,
                wait_ms: Some(3 * MINUTE)
            }
        );
        assert_eq!(called.announcement().unwrap(), "请 A003 号到 1 号窗口办理");
        // A number already called is refused, nothing changes.
        let again = queue::call_number(db, &w.clerks[0], elderly.id, at(9, 6))
            .await
            .unwrap_err();
        assert!(again.to_string().contains("A003 号已被叫号"), "{again}");
        let busy = queue::call_next(db, &w.clerks[0], at(9, 6))
            .await
            .unwrap_err();
        assert!(busy.to_string().contains("尚未办结或过号"), "{busy}");
        // Recall, then a no-show.
        let recalled = queue::act(db, &w.clerks[0], elderly.id, None, Action::Recall, at(9, 7))
            .await
            .unwrap();
        assert_eq!(recalled.ticket.calls, 2);
        queue::act(db, &w.clerks[0], elderly.id, None, Action::Skip, at(9, 9))
            .await
            .unwrap();
        // Next by order; started, finished with the handling time.
        let next = queue::call_next(db, &w.clerks[0], at(9, 10)).await.unwrap();
        assert_eq!(next.ticket.number.to_string(), "A001");
        assert_eq!(next.ticket.item.as_ref().unwrap().code, "GZ-SC-0003");
        let stale = queue::act(
            db,
            &w.clerks[0],
            first.id,
            Some(1),
            Action::Start,
            at(9, 11),
        )
        .await;
        assert!(
            stale.unwrap_err().to_string().contains("刷新"),
            "a stale page changes nothing"
        );
        queue::act(db, &w.clerks[0], first.id, None, Action::Start, at(9, 11))
            .await
            .unwrap();
        let done = queue::act(db, &w.clerks[0], first.id, None, Action::Finish, at(9, 21))
            .await
            .unwrap();
        assert_eq!(done.ticket.handling_ms(), Some(10 * MINUTE));
        assert_eq!(done.ticket.wait_ms(), Some(10 * MINUTE));
        // A second is transferred to the tax window and waits there.
        queue::call_next(db, &w.clerks[0], at(9, 22)).await.unwrap();
        let moved = queue::act(
            db,
            &w.clerks[0],
            second.id,
            None,
            Action::Transfer(tax.clone()),
            at(9, 23),
        )
        .await
        .unwrap();
        assert_eq!(moved.ticket.status, Status::Waiting);
        let nothing = queue::act(
            db,
            &w.clerks[0],
            second.id,
            None,
            Action::Transfer(ServiceType::Special(SpecialKind::Assisted)),
            at(9, 23),
        )
        .await;
        assert!(nothing.is_err());
        usecase::sit(db, &w.clerks[1], 2, at(8, 30)).await.unwrap();
        let at_tax = queue::call_next(db, &w.clerks[1], at(9, 30)).await.unwrap();
        assert_eq!(
            at_tax.ticket.number.to_string(),
            "A002",
            "the transferred ticket keeps its place"
        );
        assert!(
            queue::call_next(db, &w.clerks[0], at(9, 31))
                .await
                .unwrap_err()
                .to_string()
                .contains("没有等候")
        );

        let stored = queue::ticket_by_id(db, elderly.id).await.unwrap();
        assert_eq!(stored.ticket.status, Status::NoShow);
        let history: i64 =
            sqlx::query("SELECT COUNT(*) AS n FROM hall_ticket_events WHERE ticket_id = $1")
                .bind(elderly.id)
                .fetch_one(&w.platform.db.pool)
                .await
                .unwrap()
                .try_get("n")
                .unwrap();
        assert_eq!(history, 3, "call, recall, skip");
        assert_eq!(audit_count(&w.platform, "hall.ticket.call").await, 4);
        platform::audit::verify(db).await.unwrap();
    }
}

#[tokio::test]
async fn hall_queue_delayed_and_appointment_service_configured_per_day() {
    for platform in platform::testing::each_backend().await {
        let w = world(platform, 2).await;
        let db = &w.platform.db;
        open_window(
            &w,
            1,
            ServiceType::Comprehensive,
            &staff(&w.clerks[0], &w.clerks[1]),
        )
        .await;
        let kiosk = || take(ServiceType::Comprehensive, Priority::Normal);
        assert!(
            queue::take(db, &w.kiosk, &CAL, HOURS, kiosk(), at(18, 30))
                .await
                .is_err()
        );
        let mut evening = DaySchedule::working_day(HOURS).unwrap();
        evening.delayed_until = Some(19 * 60);
        usecase::configure_day(db, &w.admin, day(), &evening, 0)
            .await
            .unwrap();
        queue::take(db, &w.kiosk, &CAL, HOURS, kiosk(), at(18, 30))
            .await
            .unwrap();
        // A Saturday: closed, but appointments in its configured service.
        let saturday = day() + chrono::Days::new(5);
        let mut booking = kiosk();
        booking.day = saturday;
        booking.source = Source::Appointment { slot_start: 9 * 60 };
        let refused = queue::take(db, &w.kiosk, &CAL, HOURS, booking.clone(), at(10, 0))
            .await
            .unwrap_err();
        assert!(
            refused.to_string().contains("不在可预约的时段内"),
            "{refused}"
        );
        let service = DaySchedule {
            sessions: vec![],
            delayed_until: None,
            appointment: vec![Span::new(540, 720).unwrap()],
        };
        usecase::configure_day(db, &w.admin, saturday, &service, 0)
            .await
            .unwrap();
        let booked = queue::take(db, &w.kiosk, &CAL, HOURS, booking, at(10, 0))
            .await
            .unwrap();
        assert_eq!(
            booked.ticket.number.to_string(),
            "A001",
            "numbers run per day"
        );
        assert_eq!(
            booked.ticket.queued_at,
            Instant::from_local(saturday, 540).millis()
        );
        let bad = DaySchedule {
            sessions: vec![],
            delayed_until: Some(1200),
            appointment: vec![],
        };
        assert!(
            usecase::configure_day(db, &w.admin, saturday, &bad, 0)
                .await
                .is_err()
        );
        assert_eq!(audit_count(&w.platform, "hall.day.configure").await, 2);
    }
}

#[tokio::test]
async fn hall_queue_concurrent_clerks_never_call_the_same_ticket() {
    for platform in platform::testing::each_backend().await {
        let w = world(platform, 6).await;
        let db = w.platform.db.clone();
        for (i, number) in (1..=6).enumerate() {
            let b = &w.clerks[(i + 1) % 6];
            open_window(
                &w,
                number,
                ServiceType::Comprehensive,
                &staff(&w.clerks[i], b),
            )
            .await;
            usecase::sit(&db, &w.clerks[i], number, at(8, 30))
                .await
                .unwrap();
        }
        for minute in 0..30 {
            queue::take(
                &db,
                &w.kiosk,
                &CAL,
                HOURS,
                take(ServiceType::Comprehensive, Priority::Normal),
                at(9, minute),
            )
            .await
            .unwrap();
        }
        let mut called = Vec::new();
        for round in 0..5 {
            let mut handles = Vec::new();
            for clerk in w.clerks.clone() {
                let db = db.clone();
                let now = at(10, round);
                handles.push(tokio::spawn(async move {
                    let done = queue::call_next(&db, &clerk, now).await.unwrap();
                    queue::act(&db, &clerk, done.id, None, Action::Skip, now + 1)
                        .await
                        .unwrap();
                    done.id
                }));
            }
            for handle in handles {
                called.push(handle.await.unwrap());
            }
        }
        let distinct: HashSet<i64> = called.iter().copied().collect();
        assert_eq!(
            (called.len(), distinct.len()),
            (30, 30),
            "no ticket called twice"
        );
        let waiting = tickets::of_day(
            &mut db.begin_read().await.unwrap(),
            day(),
            Some(Status::Waiting),
        )
        .await
        .unwrap();
        assert!(waiting.is_empty());
    }
}

#[tokio::test]
async fn hall_queue_figures_read_from_the_stored_tickets() {
    for platform in platform::testing::each_backend().await {
        let w = world(platform, 2).await;
        let db = &w.platform.db;
        open_window(
            &w,
            1,
            ServiceType::Comprehensive,
            &staff(&w.clerks[0], &w.clerks[1]),
        )
        .await;
        usecase::sit(db, &w.clerks[0], 1, at(8, 30)).await.unwrap();
        for minute in [0, 10] {
            queue::take(
                db,
                &w.kiosk,
                &CAL,
                HOURS,
                take(ServiceType::Comprehensive, Priority::Normal),
                at(9, minute),
            )
            .await
            .unwrap();
        }
        let done = queue::call_next(db, &w.clerks[0], at(9, 4)).await.unwrap();
        queue::act(db, &w.clerks[0], done.id, None, Action::Start, at(9, 5))
            .await
            .unwrap();
        queue::act(db, &w.clerks[0], done.id, None, Action::Finish, at(9, 15))
            .await
            .unwrap();
        let samples = usecase::stats::samples(db, day(), day()).await.unwrap();
        let rows = hall::stats::table(&samples, hall::stats::By::Window);
        assert_eq!(rows[0].key, "001 号窗口");
        assert_eq!(
            (rows[0].avg_wait_s, rows[0].avg_handling_s),
            (Some(240), Some(600))
        );
        assert_eq!(rows.last().unwrap().tickets, 2);
        assert!(
            usecase::stats::samples(db, day(), day() - chrono::Days::new(1))
                .await
                .is_err()
        );
        // An item's unit with a professional window takes numbers there.
        let unit = w.clerks[0].unit_id.unwrap();
        assert_eq!(
            queue::service_for_unit(db, unit).await.unwrap(),
            ServiceType::Comprehensive
        );
        let land = ServiceType::Professional(Field::parse("不动产登记").unwrap());
        let mut posted = staff(&w.clerks[1], &w.clerks[0]);
        posted.push(Assignment {
            user_id: w.clerks[1].user_id.unwrap(),
            post: Post::Chief,
        });
        let window = Window {
            number: 7,
            name: "不动产".into(),
            service: land.clone(),
            unit_id: Some(unit),
        };
        usecase::create_window(db, &w.admin, &window, &posted, 0)
            .await
            .unwrap();
        assert_eq!(queue::service_for_unit(db, unit).await.unwrap(), land);
    }
}
