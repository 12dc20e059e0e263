//! The demo's service hall (HALL-WINDOWS, HALL-QUEUE), made through the hall's use cases: 12
//! windows of the 区政务服务中心 — six comprehensive (无差别) windows, two professional ones
//! (不动产登记 of the housing bureau, 市场准入 of the market bureau, each with its 首席代表),
//! and the special windows 跨省通办, 省内通办, 帮办代办 and 办不成事反映 — each with its A and B
//! posts (the demo's `clerk` holds window 1's A post; twelve more clerks, `hall01` … `hall12`,
//! whose passwords are not printed), and a whole working day of tickets on the last working
//! day before today: about 300 numbers taken at the kiosk through the day (one in ten for the
//! elderly or disabled), called by the seated clerks in queue order, some not showing up,
//! handled and finished — so the queue figures (`/office/hall/stats`) have a day to show.
//! Nothing is made when a window exists.

use calendar::Instant;
use chrono::{Datelike as _, Days, NaiveDate};
use hall::hours::Source;
use hall::ticket::Priority;
use hall::usecase::{self as usecase, queue};
use hall::window::{Assignment, Field, Post, ServiceType, SpecialKind, Window};
use platform::Platform;
use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::roles::Role;
use platform::users::NewAccount;

/// A small deterministic generator (the demo is the same every time).
struct Dice(u64);

impl Dice {
    fn roll(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below.max(1)
    }
}

fn windows(housing: i64, market: i64) -> anyhow::Result<Vec<Window>> {
    let mut all = Vec::new();
    for number in 1..=6 {
        all.push(Window {
            number,
            name: format!("综合受理{number}"),
            service: ServiceType::Comprehensive,
            unit_id: None,
        });
    }
    let professional = [(7, "不动产登记", housing), (8, "市场准入", market)];
    for (number, field, unit) in professional {
        all.push(Window {
            number,
            name: field.to_owned(),
            service: ServiceType::Professional(Field::parse(field)?),
            unit_id: Some(unit),
        });
    }
    let special = [
        (9, SpecialKind::CrossProvince),
        (10, SpecialKind::WithinProvince),
        (11, SpecialKind::Assisted),
        (12, SpecialKind::HardCase),
    ];
    for (number, kind) in special {
        let service = ServiceType::Special(kind);
        all.push(Window {
            number,
            name: service.label(),
            service,
            unit_id: None,
        });
    }
    Ok(all)
}

/// The last working day before `today`.
fn last_working_day(calendar: &calendar::Calendar, today: NaiveDate) -> NaiveDate {
    let mut day = today - Days::new(1);
    for _ in 0..30 {
        if calendar.is_working_day(day) && day.weekday().number_from_monday() <= 5 {
            break;
        }
        day = day - Days::new(1);
    }
    day
}

/// Seeds the hall (nothing when a window exists or the demo clerk is missing).
pub async fn seed(platform: &Platform) -> anyhow::Result<()> {
    let db = &platform.db;
    if !usecase::windows(db).await?.is_empty() {
        return Ok(());
    }
    let Some(clerk) = platform::users::id_by_username(db, "clerk").await? else {
        return Ok(());
    };
    let centre = platform::users::load_actor(db, clerk)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo clerk missing"))?
        .unit_id;
    let unit = async |code: &str| -> anyhow::Result<i64> {
        Ok(platform::units::find_by_code(db, code)
            .await?
            .ok_or_else(|| anyhow::anyhow!("demo unit {code} missing"))?
            .id)
    };
    let (housing, market) = (unit("gz-housing").await?, unit("gz-market").await?);
    let system = AuditActor::system("demo-seed");
    let now = now_ms();
    let mut clerks = Vec::new();
    for n in 1..=12 {
        let mut tx = db.begin().await?;
        let account = NewAccount {
            unit_id: centre,
            username: format!("hall{n:02}"),
            display_name: format!("窗口{n}号"),
            roles: vec![Role::WindowClerk],
        };
        let (id, _) = platform::users::create(&mut tx, &system, account, now).await?;
        tx.commit().await?;
        clerks.push(id);
    }
    let all = windows(housing, market)?;
    for (i, window) in all.iter().enumerate() {
        let seated = clerks[i];
        let a = if i == 0 { clerk } else { seated };
        let b = if i == 0 {
            seated
        } else {
            clerks[(i + 1) % clerks.len()]
        };
        let mut staff = vec![
            Assignment {
                user_id: a,
                post: Post::A,
            },
            Assignment {
                user_id: b,
                post: Post::B,
            },
        ];
        if matches!(window.service, ServiceType::Professional(_)) {
            staff.push(Assignment {
                user_id: seated,
                post: Post::Chief,
            });
            // The seated clerk is posted (a professional window seats only its staff).
            staff[0].user_id = seated;
        }
        usecase::create_window(db, &system, window, &staff, now).await?;
    }
    let calendar = platform::workcal::load_current(db).await?;
    let profile = platform::jurisdiction::current(db)
        .await?
        .map(|j| j.profile)
        .unwrap_or_default();
    let hours = profile.calendar.working_hours.clone();
    let (today, _) = usecase::local_day_minute(now);
    let day = last_working_day(&calendar, today);
    let schedule = usecase::schedule_for(db, &calendar, &hours, day).await?;
    let Some(open) = schedule.sessions.first().map(|s| s.start) else {
        return Ok(());
    };
    let close = schedule.sessions.last().map_or(open, |s| s.end);
    let at = |minute: u32| Instant::from_local(day, minute).millis();
    let mut actors = Vec::new();
    for (i, id) in clerks.iter().enumerate() {
        let actor = platform::users::load_actor(db, *id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("demo hall clerk missing"))?;
        let actor = AuditActor::staff(&actor, "127.0.0.1");
        usecase::sit(db, &actor, all[i].number, at(open)).await?;
        actors.push(actor);
    }
    let kiosk = AuditActor::anonymous("127.0.0.1");
    let mut dice = Dice(21);
    // Each window: busy until this minute, with the ticket in hand.
    let mut busy: Vec<(u32, Option<i64>)> = vec![(open, None); all.len()];
    for minute in open..close {
        if !schedule
            .sessions
            .iter()
            .any(|s| s.start <= minute && minute < s.end)
        {
            continue;
        }
        // Arrivals: about 300 in a day, more in the morning.
        let rate = if minute < open + 150 { 80 } else { 55 };
        if dice.roll(100) < rate {
            let service = match dice.roll(100) {
                0..70 => ServiceType::Comprehensive,
                70..80 => all[6].service.clone(),
                80..88 => all[7].service.clone(),
                88..92 => all[8].service.clone(),
                92..95 => all[9].service.clone(),
                95..98 => all[10].service.clone(),
                _ => all[11].service.clone(),
            };
            let priority = match dice.roll(100) {
                0..8 => Priority::Elderly,
                8..10 => Priority::Disabled,
                _ => Priority::Normal,
            };
            let take = queue::Take {
                service,
                item: None,
                source: Source::Kiosk,
                priority,
                day,
            };
            queue::take(db, &kiosk, &calendar, &hours, take, at(minute)).await?;
        }
        for (w, actor) in actors.iter().enumerate() {
            if busy[w].0 > minute {
                continue;
            }
            if let Some(ticket) = busy[w].1.take() {
                queue::act(db, actor, ticket, None, queue::Action::Finish, at(minute)).await?;
            }
            let Ok(called) = queue::call_next(db, actor, at(minute)).await else {
                continue;
            };
            if dice.roll(100) < 4 {
                queue::act(
                    db,
                    actor,
                    called.id,
                    None,
                    queue::Action::Skip,
                    at(minute + 2),
                )
                .await?;
                busy[w] = (minute + 3, None);
                continue;
            }
            queue::act(
                db,
                actor,
                called.id,
                None,
                queue::Action::Start,
                at(minute + 1),
            )
            .await?;
            let handling = 4 + u32::try_from(dice.roll(14)).unwrap_or_default();
            busy[w] = (minute + 1 + handling, Some(called.id));
        }
    }
    for (w, actor) in actors.iter().enumerate() {
        if let Some(ticket) = busy[w].1.take() {
            let end = busy[w].0.min(24 * 60 - 1);
            queue::act(db, actor, ticket, None, queue::Action::Finish, at(end)).await?;
        }
    }
    Ok(())
}
