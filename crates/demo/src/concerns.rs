//! The demo's public concerns (PUB-RESPOND), made through the concern use cases as the
//! government office's openness officer and the market bureau would: an ordinary concern about
//! the bureau's notice noticed twenty hours ago (its 48 h response clock runs; log in as
//! `handler` to respond), and a major one of last month answered — authoritative information
//! in 3 h, the press conference at 20 h — and closed. Nothing is made when a concern exists.

use calendar::Calendar;
use calendar::Instant;
use openness::UnitId;
use openness::concern::{Command, ConcernId, Filing, Gravity, Said, Source};
use openness::usecase::concerns as usecase;
use platform::Platform;
use platform::db::now_ms;
use platform::profile::RuleProfile;
use platform::workflow::Context;
use sqlx::Row as _;

use crate::complaints::{Staff, by_name};

const HOUR: i64 = 3_600_000;

fn context<'a>(
    platform: &'a Platform,
    (calendar, profile): (&'a Calendar, &'a RuleProfile),
    by: &'a Staff,
    at: i64,
) -> Context<'a> {
    let at = Instant::from_millis(at);
    Context::new(&platform.key, &by.audit, calendar, profile, at)
}

/// Seeds the concerns (nothing when one exists).
pub async fn seed(platform: &Platform) -> anyhow::Result<()> {
    let db = &platform.db;
    let existing: i64 = sqlx::query("SELECT COUNT(*) AS n FROM openness_concerns")
        .fetch_one(&db.pool)
        .await?
        .try_get("n")?;
    if existing > 0 {
        return Ok(());
    }
    let market = platform::units::find_by_code(db, "gz-market")
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo unit gz-market missing"))?
        .id;
    let officer = by_name(db, "openness").await?;
    let handler = by_name(db, "handler").await?;
    let profile = platform::jurisdiction::current(db)
        .await?
        .map(|j| j.profile)
        .unwrap_or_default();
    let calendar = platform::workcal::load_current(db).await?;
    let rules = (&calendar, &profile);
    let now = now_ms();
    let filing = |policy: &str, summary: &str, gravity, noticed: i64| Filing {
        policy: policy.into(),
        document: None,
        unit: UnitId(market),
        source: Source::Internet,
        noticed_at: Instant::from_millis(noticed),
        summary: summary.into(),
        gravity,
        false_information: false,
    };
    let open = filing(
        "关于规范城区农贸市场经营时间的通告",
        "网民质疑通告限定早市经营时间影响摊主生计，相关帖文转发量较大",
        Gravity::Other,
        now - 20 * HOUR,
    );
    usecase::register(
        db,
        &context(platform, rules, &officer, now - 19 * HOUR),
        &officer.acting,
        open,
    )
    .await?;
    let start = now - 30 * 24 * HOUR;
    let major = filing(
        "关于开展食品安全专项整治的通知",
        "某校食堂疑似食物中毒事件引发对专项整治落实情况的集中关注",
        Gravity::Major,
        start,
    );
    let id: ConcernId = usecase::register(
        db,
        &context(platform, rules, &officer, start + HOUR),
        &officer.acting,
        major,
    )
    .await?
    .concern
    .id;
    let said = |text: &str, place: &str, at: i64| Said {
        text: text.into(),
        place: place.into(),
        took_place_at: Instant::from_millis(at),
    };
    let steps = [
        (
            &handler,
            Command::ReleaseInformation(said(
                "区市场监管局发布情况通报：已封存食堂留样，涉事学生均已就医，病情稳定",
                "区政府门户网站、“甘州发布”公众号",
                start + 3 * HOUR,
            )),
            start + 3 * HOUR,
        ),
        (
            &handler,
            Command::HoldPressConference(said(
                "通报调查进展和全区学校食堂专项检查安排，回答记者提问",
                "区政府新闻发布厅",
                start + 20 * HOUR,
            )),
            start + 21 * HOUR,
        ),
        (
            &officer,
            Command::Close {
                outcome: "调查结果已公布，舆情平息".into(),
            },
            start + 72 * HOUR,
        ),
    ];
    for (by, command, at) in steps {
        usecase::execute(
            db,
            &context(platform, rules, by, at),
            &by.acting,
            id,
            command,
            None,
        )
        .await?;
    }
    Ok(())
}
