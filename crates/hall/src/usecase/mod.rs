//! The hall's use cases: each opens one transaction, decides with the pure core, writes and
//! audits in it (architecture invariant: every change and its audit row together).
//!
//! - this module (HALL-WINDOWS, HALL-QUEUE): windows and their staff, where a clerk sits today,
//!   the hours of a day.
//! - [`queue`] (HALL-QUEUE): taking a number, calling the next one (safe under concurrent
//!   clerks), calling a given number, recall, skip, transfer, start and finish.
//! - [`complaints`] (HALL-BOX): the supervision box on the workflow kernel — complaints from
//!   the page, a window's QR code or the box, the openings, the contact sealed and masked.
//! - [`hardcases`] (HALL-HARDCASE): the 办不成事反映 and 陇商通 cases on the kernel.
//! - [`registered`] (HALL-BOX, HALL-HARDCASE): the storage steps, waits and contact reveal
//!   the two registered-case machines share.
//! - [`centres`] (HALL-LEVELS): the register of centres, their convenience-item lists and
//!   the lower centres' monthly reports.
//! - [`staff`] (HALL-STAFF): the window staff's register and approvals, attendance, leave and
//!   replacement requests the centre decides, assessments and the written notices.
//! - [`assists`] (HALL-ASSIST): recording a case of assisted or proxy handling.
//! - [`board`] (HALL-QUEUE): what the displays show — the latest calls, the waiting counts.
//! - [`stats`] (HALL-QUEUE): the samples of a period for the queue figures.

pub mod assists;
pub mod board;
pub mod centres;
pub mod complaints;
pub mod hardcases;
pub mod queue;
pub mod registered;
pub mod staff;
pub mod stats;

use calendar::{Calendar, Instant};
use chrono::{NaiveDate, Timelike as _};
use platform::Result;
use platform::audit::{self, AuditActor, AuditEvent};
use platform::db::{Db, Tx};

use crate::HallError;
use crate::hours::DaySchedule;
use crate::store::{self, windows};
use crate::window::{self, Assignment, Window};

/// The local day and minute of the day of an instant (Asia/Shanghai).
pub fn local_day_minute(now: i64) -> (NaiveDate, u32) {
    let local = Instant::from_millis(now).to_datetime();
    (local.date_naive(), local.hour() * 60 + local.minute())
}

/// The user id of a staff actor; the system and anonymous visitors have none.
fn staff_id(actor: &AuditActor) -> Result<i64> {
    actor
        .user_id
        .ok_or_else(|| HallError::Forbidden("请先以工作人员身份登录".into()).into())
}

/// Opens a window with its staff (HALL-WINDOWS): the window and the staff checked, every
/// problem at once; audited.
pub async fn create_window(
    db: &Db,
    actor: &AuditActor,
    window: &Window,
    staff: &[Assignment],
    now: i64,
) -> Result<i64> {
    window.check()?;
    window::check_staff(&window.service, staff)?;
    let mut tx = db.begin().await?;
    let id = windows::insert(&mut tx, window, now).await?;
    windows::set_staff(&mut tx, id, staff).await?;
    let posts: Vec<String> = staff
        .iter()
        .map(|a| format!("{}:{}", a.post.label(), a.user_id))
        .collect();
    let event = AuditEvent::new("hall.window.create", "hall_window", id).detail(format!(
        "{} 号窗口 {}（{}）{}",
        window.number,
        window.name.trim(),
        window.service.label(),
        posts.join(" ")
    ));
    audit::record(&mut tx, actor, event, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// Replaces a window's staff (HALL-WINDOWS); audited.
pub async fn set_staff(
    db: &Db,
    actor: &AuditActor,
    window_id: i64,
    staff: &[Assignment],
    now: i64,
) -> Result<()> {
    let mut tx = db.begin().await?;
    let stored = windows::by_id(&mut tx, window_id)
        .await?
        .ok_or(HallError::NotFound)?;
    window::check_staff(&stored.window.service, staff)?;
    windows::set_staff(&mut tx, window_id, staff).await?;
    let posts: Vec<String> = staff
        .iter()
        .map(|a| format!("{}:{}", a.post.label(), a.user_id))
        .collect();
    let event =
        AuditEvent::new("hall.window.staff", "hall_window", window_id).detail(posts.join(" "));
    audit::record(&mut tx, actor, event, now).await?;
    tx.commit().await?;
    Ok(())
}

/// The acting clerk sits at window `number` today (HALL-WINDOWS: the window a clerk sits at
/// today): a professional window only for its posted staff; one clerk per window and day.
pub async fn sit(db: &Db, actor: &AuditActor, number: u16, now: i64) -> Result<()> {
    let user_id = staff_id(actor)?;
    let (today, _) = local_day_minute(now);
    let mut tx = db.begin().await?;
    let stored = windows::by_number(&mut tx, number)
        .await?
        .filter(|w| w.active)
        .ok_or_else(|| HallError::Invalid(format!("没有 {number} 号窗口")))?;
    let staff = windows::staff(&mut tx, stored.id).await?;
    window::may_sit(&stored.window, &staff, user_id)?;
    windows::seat(&mut tx, today, user_id, stored.id, now).await?;
    let event = AuditEvent::new("hall.window.sit", "hall_window", stored.id)
        .detail(format!("{today} 就座 {number} 号窗口"));
    audit::record(&mut tx, actor, event, now).await?;
    tx.commit().await?;
    Ok(())
}

/// The window the acting clerk sits at today, if any.
pub async fn my_window(
    db: &Db,
    actor: &AuditActor,
    now: i64,
) -> Result<Option<windows::StoredWindow>> {
    let user_id = staff_id(actor)?;
    let (today, _) = local_day_minute(now);
    let mut tx = db.begin_read().await?;
    let seat = windows::seat_of(&mut tx, today, user_id).await?;
    tx.commit().await?;
    Ok(seat)
}

/// Every window, by number.
pub async fn windows(db: &Db) -> Result<Vec<windows::StoredWindow>> {
    let mut tx = db.begin_read().await?;
    let all = windows::all(&mut tx).await?;
    tx.commit().await?;
    Ok(all)
}

/// Configures a day's hours (HALL-QUEUE, 000 中心 §15: delayed service and appointment
/// service per day); audited.
pub async fn configure_day(
    db: &Db,
    actor: &AuditActor,
    day: NaiveDate,
    schedule: &DaySchedule,
    now: i64,
) -> Result<()> {
    schedule.check()?;
    let mut tx = db.begin().await?;
    store::save_day(&mut tx, day, schedule, now).await?;
    let event = AuditEvent::new("hall.day.configure", "hall_day", day).detail(schedule.describe());
    audit::record(&mut tx, actor, event, now).await?;
    tx.commit().await?;
    Ok(())
}

/// The hours of a day: as configured, else the profile's working hours on a working day of
/// the calendar, else closed.
pub async fn schedule_in(
    tx: &mut Tx,
    calendar: &Calendar,
    working_hours: &str,
    day: NaiveDate,
) -> Result<DaySchedule> {
    if let Some(configured) = store::configured_day(tx, day).await? {
        return Ok(configured);
    }
    if calendar.is_working_day(day) {
        Ok(DaySchedule::working_day(working_hours)?)
    } else {
        Ok(DaySchedule::closed())
    }
}

/// [`schedule_in`] in a read transaction of its own.
pub async fn schedule_for(
    db: &Db,
    calendar: &Calendar,
    working_hours: &str,
    day: NaiveDate,
) -> Result<DaySchedule> {
    let mut tx = db.begin_read().await?;
    let schedule = schedule_in(&mut tx, calendar, working_hours, day).await?;
    tx.commit().await?;
    Ok(schedule)
}
