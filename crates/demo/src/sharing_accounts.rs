//! The demo's register of data-sharing platform accounts (DATA-ACCOUNTS), made through the
//! use cases as the platform administrator (`dataadmin`) and the units' staff would. Only a
//! person holding an active account acts on the platform, so [`allocate`] runs first (the
//! data-sharing seed calls it before anyone acts): accounts for every provider's and
//! consumer's staff of the demo — the business bureau's two handlers (`business.a` holds the
//! demo grant's code, so it stays in use), the market bureau's `handler`, `market.b` and
//! `leader`, the human resources bureau's `hrss.a` and `hrss.b`, 东街街道办事处's `dongjie.a`
//! and the housing bureau's `housing.a`. Then [`seed`] records a filed handover of `market.b`
//! to `handler` (its account closed) and an open one of `hrss.a` to `hrss.b`, confirmed by
//! the leaving holder and waiting for the receiver (the account suspended meanwhile).
//! Nothing is allocated when the register has an account, no handover made when one exists.

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
    ("leader", "审核本局有条件共享申请"),
    ("dongjie.a", "发布和维护户籍人口基本信息目录"),
    ("housing.a", "保障房管理系统申请和使用共享数据"),
];

/// The rules of the demo's commands, as of now.
async fn rules_now(
    platform: &Platform,
) -> anyhow::Result<(platform::profile::RuleProfile, calendar::Calendar, Instant)> {
    let db = &platform.db;
    let profile = platform::jurisdiction::current(db)
        .await?
        .map(|j| j.profile)
        .unwrap_or_default();
    let calendar = platform::workcal::load_current(db).await?;
    Ok((profile, calendar, Instant::from_millis(now_ms())))
}

/// DATA-ACCOUNTS: the administrator allocates the demo's holders their accounts (those whose
/// office account exists), unless the register has an account.
pub async fn allocate(platform: &Platform) -> anyhow::Result<()> {
    let db = &platform.db;
    let admin = who(platform, "dataadmin").await?;
    if !accounts::register(db, &admin.acting).await?.is_empty() {
        return Ok(());
    }
    let (profile, calendar, now) = rules_now(platform).await?;
    let rules = Rules {
        key: &platform.key,
        calendar: &calendar,
        profile: &profile,
        now,
    };
    for (username, purpose) in HOLDERS {
        if platform::users::id_by_username(db, username)
            .await?
            .is_some()
        {
            accounts::allocate(db, &rules.context(&admin), &admin.acting, username, purpose)
                .await?;
        }
    }
    Ok(())
}

/// The active account of `username` in `register`.
fn account_of(register: &[sharing::account::Account], user: i64) -> Option<i64> {
    register
        .iter()
        .find(|a| a.user.0 == user && a.status == sharing::account::AccountStatus::Active)
        .map(|a| a.id)
}

/// Seeds the register (when [`allocate`] has not) and two handovers unless one exists.
pub async fn seed(platform: &Platform) -> anyhow::Result<()> {
    let db = &platform.db;
    allocate(platform).await?;
    let admin = who(platform, "dataadmin").await?;
    if !accounts::handovers(db, &admin.acting).await?.is_empty() {
        return Ok(());
    }
    let (profile, calendar, now) = rules_now(platform).await?;
    let rules = Rules {
        key: &platform.key,
        calendar: &calendar,
        profile: &profile,
        now,
    };
    let register = accounts::register(db, &admin.acting).await?;
    let mut handovers = Vec::new();
    for (from, to, reason, file) in [
        ("market.b", "handler", "岗位调整，改任本局综合科", true),
        ("hrss.a", "hrss.b", "调离本单位", false),
    ] {
        let (Some(from_user), Some(to_user)) = (
            platform::users::id_by_username(db, from).await?,
            platform::users::id_by_username(db, to).await?,
        ) else {
            return Ok(());
        };
        let (Some(from_account), Some(to_account)) = (
            account_of(&register, from_user),
            account_of(&register, to_user),
        ) else {
            return Ok(());
        };
        handovers.push((from_account, to_account, reason, from, file));
    }
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
