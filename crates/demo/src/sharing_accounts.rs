//! The demo's register of data-sharing platform accounts (DATA-ACCOUNTS), made through the
//! use cases as the platform administrator (`dataadmin`) and the units' staff would: accounts
//! for the business bureau's two handlers (`business.a` holds the demo grant's code, so it
//! stays in use), the market bureau's `handler` and `market.b`, and the human resources
//! bureau's `hrss.a` and `hrss.b`; a filed handover of `market.b` to `handler` (its account
//! closed) and an open one of `hrss.a` to `hrss.b`, confirmed by the leaving holder and
//! waiting for the receiver (the account suspended meanwhile). Nothing is made when the
//! register has an account.

use calendar::Instant;
use platform::Platform;
use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::workflow::Context;
use sharing::Acting;
use sharing::account::{Command, HandoverDraft};
use sharing::usecase::accounts;

struct Who {
    acting: Acting,
    audit: AuditActor,
}

async fn who(platform: &Platform, username: &str) -> anyhow::Result<Who> {
    let actor = crate::actor_of(&platform.db, username).await?;
    Ok(Who {
        acting: Acting::from(&actor),
        audit: AuditActor::staff(&actor, "127.0.0.1"),
    })
}

/// What every command is judged by.
struct Rules<'a> {
    key: &'a platform::personal::DataKey,
    calendar: &'a calendar::Calendar,
    profile: &'a platform::profile::RuleProfile,
    now: Instant,
}

impl Rules<'_> {
    fn context<'b>(&'b self, who: &'b Who) -> Context<'b> {
        Context::new(self.key, &who.audit, self.calendar, self.profile, self.now)
    }
}

/// The holders (username, purpose).
const HOLDERS: &[(&str, &str)] = &[
    (
        "business.a",
        "企业服务平台调用企业登记信息（企业开办“一件事”）",
    ),
    ("business.b", "企业服务平台调用企业登记信息（备岗）"),
    ("handler", "发布和维护本局数据目录，审核有条件共享申请"),
    ("market.b", "发布和维护本局数据目录"),
    ("hrss.a", "社保业务系统申请和使用共享数据"),
    ("hrss.b", "社保业务系统申请和使用共享数据"),
];

/// Seeds the register and two handovers unless the register has an account.
pub async fn seed(platform: &Platform) -> anyhow::Result<()> {
    let db = &platform.db;
    let admin = who(platform, "dataadmin").await?;
    if !accounts::register(db, &admin.acting).await?.is_empty() {
        return Ok(());
    }
    let profile = platform::jurisdiction::current(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no jurisdiction"))?
        .profile;
    let calendar = platform::workcal::load_current(db).await?;
    let now = Instant::from_millis(now_ms());
    let rules = Rules {
        key: &platform.key,
        calendar: &calendar,
        profile: &profile,
        now,
    };
    let mut ids = Vec::new();
    for (username, purpose) in HOLDERS {
        if platform::users::id_by_username(db, username)
            .await?
            .is_none()
        {
            return Ok(());
        }
        ids.push(
            accounts::allocate(db, &rules.context(&admin), &admin.acting, username, purpose)
                .await?,
        );
    }
    let handovers = [
        (ids[3], ids[2], "岗位调整，改任本局综合科", "market.b", true),
        (ids[4], ids[5], "调离本单位", "hrss.a", false),
    ];
    for (from, to, reason, leaving, file) in handovers {
        let leaving = who(platform, leaving).await?;
        let draft = HandoverDraft {
            account: from,
            to_account: to,
            reason: reason.into(),
            items: "业务系统接口配置说明\n数据安全保密承诺书".into(),
        };
        let opened =
            accounts::open_handover(db, &rules.context(&leaving), &leaving.acting, draft).await?;
        accounts::execute(
            db,
            &rules.context(&leaving),
            &leaving.acting,
            opened.id,
            Command::ConfirmFrom,
        )
        .await?;
        if file {
            let receiver = who(platform, "handler").await?;
            accounts::execute(
                db,
                &rules.context(&receiver),
                &receiver.acting,
                opened.id,
                Command::ConfirmTo,
            )
            .await?;
            accounts::execute(
                db,
                &rules.context(&admin),
                &admin.acting,
                opened.id,
                Command::File,
            )
            .await?;
        }
    }
    Ok(())
}
