//! The demo's complaints about disclosure (issue 16 item 4, PUB-COMPLAINT), made through the
//! complaint use cases as the government office's openness officer and the units complained
//! about would: one about the market bureau forwarded three days ago (its conclusion clock
//! runs; log in as `handler` to reply), one about the education bureau concluded — complex,
//! replied, fed back (基本满意) and filed —, and one registered today waiting to be forwarded.
//! Nothing is made when a complaint exists.

use calendar::Instant;
use openness::Acting;
use openness::complaint::{
    Channel, Command, Complainant, ComplaintId, FeedbackMeans, Filing, Ground, Satisfaction,
};
use openness::usecase::complaints as usecase;
use platform::Platform;
use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::roles::Role;
use platform::workflow::Context;
use sqlx::Row as _;

const DAY: i64 = 86_400_000;

pub(crate) struct Staff {
    pub(crate) acting: Acting,
    pub(crate) audit: AuditActor,
}

async fn staff(db: &platform::db::Db, id: i64) -> anyhow::Result<Staff> {
    let actor = platform::users::load_actor(db, id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo account {id} missing"))?;
    Ok(Staff {
        acting: Acting::from(&actor),
        audit: AuditActor::staff(&actor, "127.0.0.1"),
    })
}

pub(crate) async fn by_name(db: &platform::db::Db, username: &str) -> anyhow::Result<Staff> {
    let id = platform::users::id_by_username(db, username)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo account {username} missing"))?;
    staff(db, id).await
}

/// Seeds the complaints (nothing when one exists).
pub async fn seed(platform: &Platform) -> anyhow::Result<()> {
    let db = &platform.db;
    let existing: i64 = sqlx::query("SELECT COUNT(*) AS n FROM openness_complaints")
        .fetch_one(&db.pool)
        .await?
        .try_get("n")?;
    if existing > 0 {
        return Ok(());
    }
    let unit = async |code: &str| -> anyhow::Result<i64> {
        Ok(platform::units::find_by_code(db, code)
            .await?
            .ok_or_else(|| anyhow::anyhow!("demo unit {code} missing"))?
            .id)
    };
    let market = unit("gz-market").await?;
    let education = unit("gz-education").await?;
    let officer = by_name(db, "openness").await?;
    let profile = platform::jurisdiction::current(db)
        .await?
        .map(|j| j.profile)
        .unwrap_or_default();
    let calendar = platform::workcal::load_current(db).await?;
    let now = now_ms();
    let register = async |unit: i64, days_ago: i64, who: (&str, &str), matter: &str, ground| {
        let at = now - days_ago * DAY;
        let filing = Filing {
            complainant: Complainant {
                name: who.0.into(),
                contact: who.1.into(),
            },
            channel: Channel::Phone,
            received_at: Instant::from_millis(at),
            unit: openness::UnitId(unit),
            matter: matter.into(),
            ground,
        };
        anyhow::Ok(
            usecase::register(
                db,
                &Context::new(
                    &platform.key,
                    &officer.audit,
                    &calendar,
                    &profile,
                    Instant::from_millis(at),
                ),
                &officer.acting,
                filing,
            )
            .await?
            .complaint
            .id,
        )
    };
    let run = async |by: &Staff, id: ComplaintId, command: Command, at: i64| {
        let context = Context::new(
            &platform.key,
            &by.audit,
            &calendar,
            &profile,
            Instant::from_millis(at),
        );
        usecase::execute(db, &context, &by.acting, id, command, None).await
    };
    // The market bureau's: forwarded three days ago, its conclusion clock runs.
    let open = register(
        market,
        3,
        ("赵女士", "13900001111"),
        "区市场监管局网站“双随机、一公开”栏目两个月未更新抽查结果",
        Ground::NotCompiledOrUpdated,
    )
    .await?;
    run(&officer, open, Command::Forward, now - 3 * DAY + DAY / 8).await?;
    // The education bureau's: complex, replied by its openness officer (or, without one, the
    // record stops at forwarding), fed back and filed.
    let done = register(
        education,
        25,
        ("钱先生", "13900002222"),
        "区教育局依申请公开答复中收取了检索费",
        Ground::Fees,
    )
    .await?;
    let start = now - 25 * DAY;
    run(&officer, done, Command::Forward, start + DAY / 8).await?;
    let mut tx = db.begin().await?;
    let answerers = platform::users::with_role(&mut tx, Some(education), Role::UnitLeader).await?;
    tx.commit().await?;
    if let Some(id) = answerers.first() {
        let bureau = staff(db, *id).await?;
        let complex = Command::MarkComplex {
            reason: "需核查近三年全部依申请公开答复的收费情况".into(),
        };
        run(&bureau, done, complex, start + 2 * DAY).await?;
        let reply = Command::Reply {
            text: "经核查，收取的检索费已全部退还，并已停止收取任何费用。".into(),
        };
        run(&bureau, done, reply, start + 12 * DAY).await?;
        let feedback = Command::FeedBack {
            means: FeedbackMeans::Phone,
            satisfaction: Satisfaction::Basically,
            note: "电话告知办理结果，投诉人表示基本满意".into(),
        };
        run(&officer, done, feedback, start + 13 * DAY).await?;
        run(&officer, done, Command::Close, start + 14 * DAY).await?;
    }
    // Registered today, waiting to be forwarded.
    register(
        market,
        0,
        ("孙先生", "13900003333"),
        "区市场监管局公开的行政处罚决定书未隐去当事人身份证号码",
        Ground::UnlawfulDisclosure,
    )
    .await?;
    Ok(())
}
