//! The demo hall's window staff (HALL-STAFF), made through the hall's use cases: the market
//! bureau's `handler` on the register, approved by its leader and the centre's leader
//! (eligible); the education bureau's `education.a`, new on the window and not yet approved
//! (the register shows why not); the last working day's attendance (one late); a leave
//! request waiting for the centre; last period's assessment of `handler` and its written
//! notice to the market bureau. Nothing is made when the register has anyone.

use calendar::Instant;
use chrono::{Days, NaiveDate};
use hall::staff::assessment::{Grade, Period};
use hall::staff::attendance::parse_minute;
use hall::staff::register::Approver;
use hall::staff::requests::Kind;
use hall::usecase::staff::{self, MemberDates};
use platform::Platform;
use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::ids::{UnitId, UserId};
use platform::workflow::Context;
use sqlx::Row as _;

fn day(text: &str) -> anyhow::Result<NaiveDate> {
    Ok(NaiveDate::parse_from_str(text, "%Y-%m-%d")?)
}

pub async fn seed(platform: &Platform) -> anyhow::Result<()> {
    let db = &platform.db;
    let made: i64 = sqlx::query("SELECT COUNT(*) AS n FROM hall_staff")
        .fetch_one(&db.pool)
        .await?
        .try_get("n")?;
    if made > 0 {
        return Ok(());
    }
    let handler = crate::actor_of(db, "handler").await?;
    let leader = crate::actor_of(db, "leader").await?;
    let centre_leader = crate::actor_of(db, "service.leader").await?;
    let centre_handler = crate::actor_of(db, "service.a").await?;
    let education = crate::actor_of(db, "education.a").await?;
    let calendar = platform::workcal::load_current(db).await?;
    let profile = platform::jurisdiction::current(db)
        .await?
        .map(|j| j.profile)
        .unwrap_or_default();
    let now = Instant::from_millis(now_ms());
    let system = AuditActor::system("demo-seed");
    let ctx = Context::new(&platform.key, &system, &calendar, &profile, now);
    let today = now.local_date();

    let dates = MemberDates {
        joined_unit: day("2014-09-01")?,
        on_window_since: day("2019-03-01")?,
        birth_date: day("1986-04-12")?,
    };
    let row = staff::save_member(db, &ctx, &handler, UserId(handler.user_id), dates).await?;
    staff::approve(db, &ctx, &leader, row, Approver::Department).await?;
    staff::approve(db, &ctx, &centre_leader, row, Approver::Centre).await?;
    let newcomer = MemberDates {
        joined_unit: day("2021-08-01")?,
        on_window_since: day("2025-06-01")?,
        birth_date: day("1993-10-20")?,
    };
    let education_user = UserId(education.user_id);
    staff::save_member(db, &ctx, &education, education_user, newcomer).await?;

    // The last working day's attendance.
    let mut last = today - Days::new(1);
    while !calendar.is_working_day(last) {
        last = last - Days::new(1);
    }
    let signed = |i: &str, o: &str| -> anyhow::Result<(Option<u32>, Option<u32>)> {
        Ok((Some(parse_minute(i)?), Some(parse_minute(o)?)))
    };
    let user = UserId(handler.user_id);
    let on_time = signed("08:20", "18:30")?;
    staff::record_attendance(db, &ctx, &centre_handler, user, last, on_time).await?;
    let late = signed("09:40", "18:30")?;
    staff::record_attendance(db, &ctx, &centre_handler, education_user, last, late).await?;

    // A leave request waiting for the centre.
    let from = today + Days::new(7);
    let period = (from, from + Days::new(1));
    let who = (user, None);
    staff::file_request(db, &ctx, &leader, Kind::Leave, who, period, "参加业务培训").await?;

    // Last period's assessment and its written notice to the market bureau.
    let months = profile.hall.staff_assessment_months;
    let (start, _) = Period::periodic_of(today, months).days();
    let previous = Period::periodic_of(start - Days::new(1), months);
    let grade = (previous, Grade::Excellent);
    let comment = "服务规范，群众评价好";
    staff::assess(db, &ctx, &centre_handler, user, grade, comment).await?;
    let market = UnitId(handler.unit_id);
    staff::send_notice(db, &ctx, &centre_leader, market, previous).await?;
    Ok(())
}
