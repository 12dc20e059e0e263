//! The demo hall's supervision box (HALL-BOX), made through the hall's use cases: the box
//! opened by the centre's handler (`service.a`) with a slip registered under the opening; a
//! complaint from window 8's QR code (市场准入, the market bureau's window) given to the
//! market bureau, concluded with 责令改正 and told to the complainant; an anonymous complaint
//! from the hall's page still waiting to be accepted. Nothing is made when a complaint or an
//! opening exists, or when the hall has no windows.

use calendar::Instant;
use hall::supervision::{Command, Handler, Outcome, Source};
use hall::usecase::{self as usecase, complaints};
use platform::Platform;
use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::ids::UnitId;
use platform::workflow::Context;
use sqlx::Row as _;

pub async fn seed(platform: &Platform) -> anyhow::Result<()> {
    let db = &platform.db;
    let made: i64 = sqlx::query(
        "SELECT (SELECT COUNT(*) FROM hall_complaints) + (SELECT COUNT(*) FROM hall_box_openings) \
         AS n",
    )
    .fetch_one(&db.pool)
    .await?
    .try_get("n")?;
    let windows = usecase::windows(db).await?;
    let Some(market_window) = windows.iter().find(|w| w.window.number == 8) else {
        return Ok(());
    };
    if made > 0 {
        return Ok(());
    }
    let handler = crate::actor_of(db, "service.a").await?;
    let market = crate::actor_of(db, "handler").await?;
    let calendar = platform::workcal::load_current(db).await?;
    let profile = platform::jurisdiction::current(db)
        .await?
        .map(|j| j.profile)
        .unwrap_or_default();
    let now = Instant::from_millis(now_ms());
    let key = &platform.key;
    let as_handler = AuditActor::staff(&handler, "127.0.0.1");
    let as_market = AuditActor::staff(&market, "127.0.0.1");
    let visitor = AuditActor::anonymous("127.0.0.1");
    let staff = Context::new(key, &as_handler, &calendar, &profile, now);
    let bureau = Context::new(key, &as_market, &calendar, &profile, now);
    let public = Context::new(key, &visitor, &calendar, &profile, now);

    let opening = complaints::record_opening(db, &staff, &handler, 1, "例行开箱").await?;
    complaints::register_slip(
        db,
        &staff,
        &handler,
        opening,
        Some(3),
        "3号窗口工作人员接待时玩手机，询问材料要求时不耐烦",
        None,
    )
    .await?;

    let (stored, _) = complaints::submit(
        db,
        &public,
        Source::QrCode,
        Some(market_window.id),
        "市场准入窗口要求提供法律未规定的材料，来回跑了三趟",
        Some("13909360001"),
    )
    .await?;
    let id = stored.complaint.id;
    let unit = market_window.window.unit_id.map(UnitId);
    if let Some(unit) = unit {
        let give = Command::Accept(Handler::Department(unit));
        complaints::execute(db, &staff, &handler, id, give, None).await?;
        let conclude = Command::Conclude {
            outcome: Outcome::Correction,
            finding: "经核实，窗口人员多要求了营业执照复印件，已责令改正并在全局通报".into(),
        };
        complaints::execute(db, &bureau, &market, id, conclude, None).await?;
        complaints::execute(db, &staff, &handler, id, Command::Feedback, None).await?;
    }

    complaints::submit(
        db,
        &public,
        Source::Page,
        None,
        "大厅叫号屏有时不显示号码，老人听不清广播",
        None,
    )
    .await?;
    Ok(())
}
