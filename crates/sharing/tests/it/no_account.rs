//! DATA-ACCOUNTS (000 共享 §5(五), §14), deny by default, on both backends: a unit's staff to
//! whom the platform administrator has allocated no platform account is refused on every kind
//! of action of the sharing platform — registering and running entries, importing a table,
//! filing and running requests, issuing a code and running a grant, reporting a quality
//! problem or misuse and running a report, announcing and cancelling maintenance — with a
//! Chinese message naming the 数据平台管理员 and nothing changed; once an account is
//! allocated the same person is allowed. The administrator's own work needs none.

use platform::Error;
use sharing::entry::{self, SharingClass};
use sharing::maintenance::Announcement;
use sharing::quality::Command as ReportCommand;
use sharing::request;
use sharing::usecase::{accounts, entries, grants, maintenance, quality, requests};
use sharing::{ResourceId, account, grant};

use crate::world::{Staff, World, staff};
use crate::{at, draft};

fn refused<T: std::fmt::Debug>(what: &str, outcome: Result<T, Error>) {
    let message = outcome.expect_err(what).to_string();
    assert_eq!(message, account::NO_ACCOUNT, "{what}");
}

fn saturday(entry: i64) -> Announcement {
    Announcement {
        resource: Some((entry, 1)),
        starts_at: at("2026-03-07T08:00"),
        ends_at: at("2026-03-07T12:00"),
        stops_service: true,
        schema_change: false,
        description: "数据库升级".into(),
        workday_reason: String::new(),
    }
}

fn suspend() -> grant::Command {
    grant::Command::Suspend {
        reason: "核查使用情况".into(),
    }
}

/// Every kind of action by `provider` and `consumer` (staff of the world's provider and
/// consumer units): each refused with [`account::NO_ACCOUNT`] when `allowed` is false, each
/// done when true.
async fn every_kind(world: &World<'_>, provider: &Staff, consumer: &Staff, allowed: bool) {
    let db = &world.platform.db;
    let (p, c) = (world.by(provider), world.by(consumer));
    let check = |what: &str, ok: bool, message: Option<String>| {
        if allowed {
            assert!(ok, "{what} allowed with an account: {message:?}");
        } else {
            assert_eq!(message.as_deref(), Some(account::NO_ACCOUNT), "{what}");
        }
    };
    macro_rules! judge {
        ($what:expr, $outcome:expr) => {{
            let outcome = $outcome;
            let message = outcome.as_ref().err().map(ToString::to_string);
            check($what, outcome.is_ok(), message);
            outcome.ok()
        }};
    }
    // The catalogue: register, run, import.
    let entry = judge!(
        "register an entry",
        entries::register(db, &p, &provider.acting, draft(SharingClass::Unconditional)).await
    );
    let own = entry.map_or(world.entry, |e| e.entry.id);
    judge!(
        "submit an entry",
        entries::execute(db, &p, &provider.acting, own, entry::Command::Submit, None).await
    );
    judge!(
        "import a table",
        sharing::import::import_table(
            db,
            &p,
            &provider.acting,
            world.entry,
            ResourceId(1),
            "uscc,name,legal_person\r\n91620702MA00000001,甲公司,张三\r\n".as_bytes(),
        )
        .await
    );
    // Requests: file, withdraw.
    let filed = judge!(
        "file a request",
        requests::submit(db, &c, &consumer.acting, world.filing(&["uscc"])).await
    );
    let pending = match filed {
        Some(filed) => filed.request.id,
        None => {
            requests::submit(
                db,
                &world.by(&world.consumer),
                &world.consumer.acting,
                world.filing(&["uscc"]),
            )
            .await
            .unwrap()
            .request
            .id
        }
    };
    judge!(
        "withdraw a request",
        requests::execute(
            db,
            &c,
            &consumer.acting,
            pending,
            request::Command::Withdraw,
            None
        )
        .await
    );
    // Grants: a code, the provider's suspension.
    let held = world.grant(&["uscc", "name"]).await;
    judge!(
        "issue a code",
        grants::issue_code(db, &c, &consumer.acting, held).await
    );
    judge!(
        "suspend a grant",
        grants::execute(db, &p, &provider.acting, held, suspend()).await
    );
    if allowed {
        grants::execute(db, &p, &provider.acting, held, grant::Command::Resume)
            .await
            .unwrap();
    }
    // Quality: a problem, misuse, running a report.
    judge!(
        "report a quality problem",
        quality::report_problem(
            db,
            &c,
            &consumer.acting,
            (world.entry, ResourceId(1)),
            "登记状态有误"
        )
        .await
    );
    judge!(
        "report misuse",
        quality::report_misuse(db, &p, &provider.acting, held, "转给第三方使用").await
    );
    let report = quality::report_problem(
        db,
        &world.by(&world.consumer),
        &world.consumer.acting,
        (world.entry, ResourceId(1)),
        "企业名称有误",
    )
    .await
    .unwrap();
    judge!(
        "confirm a report",
        quality::execute(db, &p, &provider.acting, report.id, ReportCommand::Confirm).await
    );
    // Maintenance: announce, cancel.
    let announced = judge!(
        "announce maintenance",
        maintenance::announce(db, &p, &provider.acting, saturday(world.entry.0)).await
    );
    let window = match announced {
        Some(a) => a.id,
        None => {
            maintenance::announce(
                db,
                &world.by(&world.provider),
                &world.provider.acting,
                saturday(world.entry.0),
            )
            .await
            .unwrap()
            .id
        }
    };
    judge!(
        "cancel maintenance",
        maintenance::cancel(db, &p, &provider.acting, window).await
    );
}

/// DATA-ACCOUNTS: no platform account, no action of any kind (the message names the
/// 数据平台管理员, nothing is stored); with an allocated account, every kind allowed.
#[tokio::test]
async fn data_accounts_a_person_without_a_platform_account_is_refused_on_every_kind_of_action() {
    for platform in platform::testing::each_backend().await {
        let db = &platform.db;
        let world = World::published(&platform).await;
        let provider = staff(&platform, "market.b").await;
        let consumer = staff(&platform, "hrss.b").await;
        refused(
            "no account",
            accounts::ensure_usable(db, &provider.acting).await,
        );
        assert!(account::NO_ACCOUNT.contains("数据平台管理员"));
        let entries_before = sharing::store::entries::list(db, &[], None)
            .await
            .unwrap()
            .len();
        every_kind(&world, &provider, &consumer, false).await;
        assert_eq!(
            sharing::store::entries::list(db, &[], None)
                .await
                .unwrap()
                .len(),
            entries_before,
            "nothing registered"
        );
        assert_eq!(
            sharing::store::rows::count(db, sharing::resource_key(world.entry, ResourceId(1)))
                .await
                .unwrap(),
            0,
            "nothing imported"
        );
        // The administrator allocates; now every kind is allowed.
        for username in ["market.b", "hrss.b"] {
            accounts::allocate(
                db,
                &world.by(&world.admin),
                &world.admin.acting,
                username,
                "共享平台业务办理",
            )
            .await
            .unwrap();
        }
        every_kind(&world, &provider, &consumer, true).await;
    }
}
