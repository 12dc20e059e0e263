//! The demo's hard cases (HALL-HARDCASE) and levels of centres (HALL-LEVELS), made through the
//! hall's use cases. Centres: the district centre, the market bureau's approved sub-centre,
//! the 梁家墩镇 and 党寨镇 centres and a village station under each, each with a few
//! published catalogue items on its convenience list; the sub-centre's report of last
//! month. Cases: a 办不成事反映 case waiting to be transferred, a 陇商通 case transferred to
//! the market bureau, and one closed with its feedback. Nothing is made when a centre or a
//! case exists.

use calendar::Instant;
use chrono::{Datelike as _, Months};
use hall::hardcase::{Channel, Command, Filing};
use hall::levels::{Centre, Level, Report};
use hall::usecase::centres::{self, Who};
use hall::usecase::hardcases;
use platform::Platform;
use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::ids::UnitId;
use platform::workflow::Context;
use sqlx::Row as _;

fn centre(name: &str, level: Level, parent: Option<i64>, unit: Option<i64>) -> Centre {
    Centre {
        name: name.into(),
        level,
        parent: parent.map(|id| (id, Level::District)),
        unit: unit.map(UnitId),
        approval: if level == Level::SubCentre {
            "甘州政函〔2024〕15号".into()
        } else {
            String::new()
        },
        address: format!("{name}一楼大厅"),
        hours: "工作日 9:00-12:00，14:30-18:00".into(),
        phone: "0936-8210000".into(),
    }
}

async fn unit(db: &platform::db::Db, code: &str) -> anyhow::Result<Option<i64>> {
    Ok(platform::units::find_by_code(db, code).await?.map(|u| u.id))
}

pub async fn seed(platform: &Platform) -> anyhow::Result<()> {
    let db = &platform.db;
    let made: i64 = sqlx::query(
        "SELECT (SELECT COUNT(*) FROM hall_centres) + (SELECT COUNT(*) FROM hall_hardcases) AS n",
    )
    .fetch_one(&db.pool)
    .await?
    .try_get("n")?;
    if made > 0 {
        return Ok(());
    }
    let leader = crate::actor_of(db, "service.leader").await?;
    let handler = crate::actor_of(db, "service.a").await?;
    let clerk = crate::actor_of(db, "clerk").await?;
    let market = crate::actor_of(db, "handler").await?;
    let now = now_ms();
    let as_leader = AuditActor::staff(&leader, "127.0.0.1");
    let who = Who {
        actor: &leader,
        audit: &as_leader,
        now,
    };
    let service = unit(db, "gz-service").await?;
    let district = centres::register(
        db,
        &who,
        centre("甘州区政务服务中心", Level::District, None, service),
    )
    .await?;
    let sub = centres::register(
        db,
        &who,
        centre(
            "甘州区市场监管政务服务分中心",
            Level::SubCentre,
            Some(district),
            Some(market.unit_id),
        ),
    )
    .await?;
    let mut lists = vec![(district, 6), (sub, 3)];
    for (town, code, village) in [
        (
            "梁家墩镇便民服务中心",
            "gz-liangjiadun",
            "梁家墩镇五号村便民服务站",
        ),
        (
            "党寨镇便民服务中心",
            "gz-dangzhai",
            "党寨镇陈寨村便民服务站",
        ),
    ] {
        let runs = unit(db, code).await?;
        let town_id = centres::register(
            db,
            &who,
            centre(town, Level::Township, Some(district), runs),
        )
        .await?;
        let mut station = centre(village, Level::Village, Some(town_id), runs);
        station.parent = Some((town_id, Level::Township));
        let village_id = centres::register(db, &who, station).await?;
        lists.push((town_id, 4));
        lists.push((village_id, 2));
    }
    let published: Vec<i64> = sqlx::query(
        "SELECT id FROM svc_items WHERE published_version IS NOT NULL \
         AND status <> 'terminated' ORDER BY code",
    )
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|row| row.try_get("id"))
    .collect::<Result<_, _>>()?;
    for (id, n) in lists {
        let items: Vec<i64> = published.iter().copied().take(n).collect();
        centres::set_items(db, &who, id, &items).await?;
    }
    let as_market = AuditActor::staff(&market, "127.0.0.1");
    let last_month = Instant::from_millis(now)
        .local_date()
        .with_day(1)
        .and_then(|d| d.checked_sub_months(Months::new(1)))
        .ok_or_else(|| anyhow::anyhow!("no last month"))?;
    let report = Report {
        month: last_month,
        item_changes: "新增“食品小作坊登记”，调整“个体工商户变更登记”材料清单".into(),
        received: 236,
        completed: 229,
        note: String::new(),
    };
    let by_market = Who {
        actor: &market,
        audit: &as_market,
        now,
    };
    centres::file_report(db, &by_market, sub, &report).await?;

    let calendar = platform::workcal::load_current(db).await?;
    let profile = platform::jurisdiction::current(db)
        .await?
        .map(|j| j.profile)
        .unwrap_or_default();
    let key = &platform.key;
    let at = Instant::from_millis(now);
    let as_clerk = AuditActor::staff(&clerk, "127.0.0.1");
    let as_handler = AuditActor::staff(&handler, "127.0.0.1");
    let window = Context::new(key, &as_clerk, &calendar, &profile, at);
    let centre_ctx = Context::new(key, &as_handler, &calendar, &profile, at);
    let bureau = Context::new(key, &as_market, &calendar, &profile, at);
    let cases = [
        (
            Channel::HardCase,
            "李某某",
            "13909361111",
            "为老人办理高龄补贴，社区和民政窗口互相推诿，跑了四次未办成",
        ),
        (
            Channel::Longshangtong,
            "张掖市甘州区某农产品有限公司",
            "13909362222",
            "食品经营许可延续申请提交二十个工作日仍无结果",
        ),
        (
            Channel::Longshangtong,
            "甘州区某餐饮店",
            "13909363333",
            "变更经营者后无法在网上办理许可变更",
        ),
    ];
    let mut ids = Vec::new();
    for (channel, requester, contact, content) in cases {
        let filing = Filing {
            channel,
            requester: requester.into(),
            contact: contact.into(),
            content: content.into(),
        };
        ids.push(
            hardcases::register(db, &window, &clerk, filing)
                .await?
                .0
                .case
                .id,
        );
    }
    let to_market = || Command::Transfer {
        department: UnitId(market.unit_id),
        note: "请按时限协调办理并报送结果".into(),
    };
    for id in &ids[1..] {
        hardcases::execute(db, &centre_ctx, &handler, *id, to_market(), None).await?;
    }
    let done = ids[2];
    let result = Command::Handle {
        result: "已指导企业通过线下窗口办理变更，并修复网上办理的经营者变更选项".into(),
    };
    hardcases::execute(db, &bureau, &market, done, result, None).await?;
    let told = Command::Feedback {
        content: "已电话告知店主变更已办结，网上办理已恢复".into(),
        told_on: at.local_date(),
    };
    hardcases::execute(db, &centre_ctx, &handler, done, told, None).await?;
    hardcases::execute(db, &centre_ctx, &handler, done, Command::Close, None).await?;
    Ok(())
}
