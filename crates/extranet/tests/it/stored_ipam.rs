//! Address management stored, on both backends (NET-IPAM): pools without overlap, prefixes
//! and single addresses allocated to a unit for its access application (given or next free),
//! every overlap and every address outside a pool refused with nothing changed, reclaiming
//! that merges the space back, names inside allocations, utilisation, and allocations from
//! several tasks at once that never overlap.

use extranet::UnitId;
use extranet::application::ApplicationId;
use extranet::ipam::{AllocationStatus, Prefix};
use extranet::store::ipam::Want;
use extranet::usecase::ipam::{self as usecase, Request};

use crate::world::{World, later, worlds};

fn request(world: &World, pool: i64, want: Want, application: ApplicationId) -> Request {
    Request {
        pool,
        want,
        unit: world.market,
        application,
        status: AllocationStatus::Active,
        description: "市场监管局机关".into(),
    }
}

fn p(text: &str) -> Prefix {
    Prefix::parse(text).unwrap()
}

async fn allocate(world: &World, request: &Request) -> platform::Result<Prefix> {
    usecase::allocate(
        &world.platform.db,
        &world.context(&world.netadmin, later(10)),
        &world.netadmin.acting,
        request,
    )
    .await
    .map(|allocation| allocation.prefix)
}

async fn pool(world: &World, name: &str, prefix: &str) -> platform::Result<i64> {
    usecase::create_pool(
        &world.platform.db,
        &world.context(&world.netadmin, later(10)),
        &world.netadmin.acting,
        name,
        prefix,
        "",
    )
    .await
    .map(|pool| pool.id)
}

/// NET-IPAM: no overlap, ever — between pools, between allocations, outside a pool; each
/// refusal in Chinese with nothing changed; next-free, utilisation, reclaiming, names.
#[tokio::test]
async fn allocations_are_checked_and_reclaimed() {
    for world in worlds().await {
        let access = world.access_in_operation().await;
        let v4 = pool(&world, "城域网 IPv4", "10.20.0.0/16").await.unwrap();
        let v6 = pool(&world, "城域网 IPv6", "2001:db8:20::/48")
            .await
            .unwrap();
        let over = pool(&world, "重叠", "10.20.128.0/17").await.unwrap_err();
        assert!(over.to_string().contains("重叠"), "{over}");
        assert!(pool(&world, "坏", "10.20.0.1/16").await.is_err());
        let stranger = usecase::create_pool(
            &world.platform.db,
            &world.context(&world.handler, later(10)),
            &world.handler.acting,
            "单位自建",
            "10.30.0.0/16",
            "",
        )
        .await
        .unwrap_err();
        assert!(
            matches!(stranger, platform::Error::Refused(_)),
            "{stranger:?}"
        );

        let first = allocate(&world, &request(&world, v4, Want::NextFree(29), access))
            .await
            .unwrap();
        assert_eq!(first, p("10.20.0.0/29"));
        let exact = allocate(
            &world,
            &request(&world, v4, Want::Exactly(p("10.20.1.0/24")), access),
        )
        .await
        .unwrap();
        let single = allocate(
            &world,
            &request(&world, v4, Want::Exactly(p("10.20.0.9")), access),
        )
        .await
        .unwrap();
        allocate(&world, &request(&world, v6, Want::NextFree(64), access))
            .await
            .unwrap();
        let before = world
            .count("SELECT COUNT(*) FROM extranet_allocations")
            .await;
        for bad in [
            "10.20.1.128/25",
            "10.20.0.0/16",
            "10.20.0.9",
            "10.21.0.0/24",
        ] {
            let error = allocate(&world, &request(&world, v4, Want::Exactly(p(bad)), access))
                .await
                .unwrap_err();
            assert!(
                matches!(error, platform::Error::Conflict(_)),
                "{bad}: {error:?}"
            );
        }
        let unknown = allocate(
            &world,
            &request(&world, v4, Want::NextFree(29), ApplicationId(9_999)),
        )
        .await
        .unwrap_err();
        assert!(unknown.to_string().contains("NET-IPAM"), "{unknown}");
        let mut other_unit = request(&world, v4, Want::NextFree(29), access);
        other_unit.unit = world.office;
        assert!(allocate(&world, &other_unit).await.is_err());
        assert_eq!(
            world
                .count("SELECT COUNT(*) FROM extranet_allocations")
                .await,
            before
        );

        let pools = usecase::pools(&world.platform.db).await.unwrap();
        let used = pools.iter().find(|pool| pool.id == v4).unwrap().used;
        assert_eq!(used, first.size() + exact.size() + single.size());
        assert!(pools[0].utilisation_percent() > 0.0);

        let context = world.context(&world.netadmin, later(11));
        let named = usecase::name_address(
            &world.platform.db,
            &context,
            &world.netadmin.acting,
            "oa.scjgj.gz",
            "10.20.1.10",
        )
        .await
        .unwrap();
        assert_eq!(named.address, p("10.20.1.10"));
        for (name, address) in [("oa.scjgj.gz", "10.20.1.11"), ("free.gz", "10.20.2.1")] {
            let error = usecase::name_address(
                &world.platform.db,
                &context,
                &world.netadmin.acting,
                name,
                address,
            )
            .await
            .unwrap_err();
            assert!(!error.to_string().is_empty());
        }
        let ids: Vec<i64> =
            sqlx::query_scalar("SELECT id FROM extranet_allocations WHERE pool_id = $1")
                .bind(v4)
                .fetch_all(&world.platform.db.pool)
                .await
                .unwrap();
        for id in ids {
            usecase::reclaim(&world.platform.db, &context, &world.netadmin.acting, id)
                .await
                .unwrap();
        }
        let free = format!("SELECT COUNT(*) FROM extranet_free_blocks WHERE pool_id = {v4}");
        assert_eq!(world.count(&free).await, 1, "the pool is whole again");
        assert_eq!(world.count("SELECT COUNT(*) FROM extranet_names").await, 0);
        let pools = usecase::pools(&world.platform.db).await.unwrap();
        assert_eq!(pools.iter().find(|pool| pool.id == v4).unwrap().used, 0);
    }
}

/// NET-IPAM: eight tasks allocate at once (next-free /29s and /32s, and given prefixes that
/// collide on purpose): every allocation that succeeded is disjoint from every other, and
/// the pool's count of used addresses is their sum.
#[tokio::test]
async fn concurrent_allocations_never_overlap() {
    for world in worlds().await {
        let access = world.access_in_operation().await;
        let v4 = pool(&world, "并发", "10.40.0.0/20").await.unwrap();
        let mut tasks = Vec::new();
        for task in 0..8u8 {
            let db = world.platform.db.clone();
            let key = world.platform.key.clone();
            let audit = world.netadmin.audit.clone();
            let acting = world.netadmin.acting.clone();
            let unit: UnitId = world.market;
            tasks.push(tokio::spawn(async move {
                let mut won = Vec::new();
                for round in 0..12u8 {
                    let want = match round % 3 {
                        0 => Want::NextFree(29),
                        1 => Want::NextFree(32),
                        // Every task asks for the same /28s: one wins each.
                        _ => Want::Exactly(
                            Prefix::parse(&format!("10.40.15.{}/28", (round / 3) * 16)).unwrap(),
                        ),
                    };
                    let context = platform::workflow::Context::new(
                        &key,
                        &audit,
                        &crate::world::CAL,
                        &crate::world::PROFILE,
                        later(20),
                    );
                    let request = Request {
                        pool: v4,
                        want,
                        unit,
                        application: access,
                        status: AllocationStatus::Active,
                        description: format!("任务 {task}"),
                    };
                    match usecase::allocate(&db, &context, &acting, &request).await {
                        Ok(allocation) => won.push(allocation.prefix),
                        Err(platform::Error::Conflict(_)) => {}
                        Err(other) => panic!("task {task}: {other:?}"),
                    }
                }
                won
            }));
        }
        let mut all = Vec::new();
        for task in tasks {
            all.extend(task.await.unwrap());
        }
        assert!(all.len() >= 8 * 8, "{} allocations", all.len());
        all.sort();
        for pair in all.windows(2) {
            assert!(
                pair[0].end() < pair[1].start,
                "{} overlaps {}",
                pair[0],
                pair[1]
            );
        }
        let stored = world
            .count(&format!(
                "SELECT COUNT(*) FROM extranet_allocations WHERE pool_id = {v4} AND active = 1"
            ))
            .await;
        assert_eq!(usize::try_from(stored).unwrap(), all.len());
        let pools = usecase::pools(&world.platform.db).await.unwrap();
        let used = pools.iter().find(|pool| pool.id == v4).unwrap().used;
        assert_eq!(used, all.iter().map(|p| p.size()).sum::<u128>());
    }
}

/// NET-IPAM: a NetBox file imports into the pool holding each row, for the tenant's access in
/// operation; a file with one bad row (here over an earlier row) imports nothing and names
/// the row; what is exported reads back as what was imported.
#[tokio::test]
async fn netbox_files_import_whole_or_not_at_all() {
    for world in worlds().await {
        world.access_in_operation().await;
        let v4 = pool(&world, "城域网", "10.50.0.0/16").await.unwrap();
        let context = world.context(&world.netadmin, later(12));
        let acting = &world.netadmin.acting;
        let db = &world.platform.db;
        let bad = "prefix,status,tenant,description\n\
                   10.50.1.0/24,active,区市场监督管理局,一期\n\
                   10.50.1.128/25,active,区市场监督管理局,重叠\n";
        let error = usecase::import(db, &context, acting, usecase::Sheet::Prefixes, bad)
            .await
            .unwrap_err();
        assert!(error.to_string().contains("第 3 行"), "{error}");
        assert_eq!(
            world
                .count("SELECT COUNT(*) FROM extranet_allocations")
                .await,
            0
        );
        let good = "prefix,status,tenant,description\n\
                    10.50.1.0/24,active,区市场监督管理局,一期\n\
                    10.50.2.0/29,reserved,区市场监督管理局,\n";
        let rows = usecase::import(db, &context, acting, usecase::Sheet::Prefixes, good)
            .await
            .unwrap();
        assert_eq!(rows, 2);
        let exported = usecase::export(db, v4, usecase::Sheet::Prefixes)
            .await
            .unwrap();
        assert_eq!(exported, good);
    }
}
