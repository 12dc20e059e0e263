//! The sites bench's world: the units that host the sites (the bench jurisdiction's, made
//! here when the database is empty), the site group's office (主管 and 承办: its leaders
//! approve, its publishers sign out, WEB-REVIEW), four staff per host unit (a leader who
//! applies, the reviewer, the A and B editors, WEB-COLUMNS) and the sites themselves. Staff
//! accounts are rows written directly (they never log in: one argon2 hash of a random
//! password stands for all); the sites are registered, applied for and approved through
//! `sites::usecase` three years ago, exactly as the demo's, so their snapshots, registrations,
//! domains and histories are the use cases' own.

use std::collections::HashMap;
use std::time::Instant as Stopwatch;

use anyhow::{Context as _, bail};
use calendar::{Calendar, Instant};
use platform::Platform;
use platform::audit::AuditActor;
use platform::db::Db;
use platform::profile::RuleProfile;
use platform::roles::Role;
use platform::units::{self, NewUnit, UnitKind};
use platform::workflow::Context;
use sites::registry::{self, Duty, Registration, Responsible, Site, SiteKind};
use sites::{Acting, UnitId, UserId};
use sqlx::Row as _;

use super::services_items::bench_units;

pub(super) const DAY: i64 = 24 * 60 * 60_000;
/// The sites were opened this long before the bench's `now`; articles span the same years.
pub(super) const YEARS: i64 = 3;
/// The unit code of the site group's office (its operator and supervising unit).
const OFFICE_CODE: &str = "bench-sites";
/// The prefix of every account the bench opens.
const USER_PREFIX: &str = "bs.";
/// The office's publishers: the workflow bench spreads its sign-outs over them.
pub(super) const PUBLISHERS: usize = 4;

/// A host unit with its four staff.
#[derive(Debug, Clone)]
pub(super) struct HostUnit {
    pub id: UnitId,
    pub name: String,
    pub leader: UserId,
    pub reviewer: UserId,
    pub editor_a: UserId,
    pub editor_b: UserId,
}

impl HostUnit {
    pub fn editor(&self, b: bool) -> Acting {
        let user = if b { self.editor_b } else { self.editor_a };
        Acting::new(user, self.id, &[Role::SiteEditor])
    }

    pub fn reviewer(&self) -> Acting {
        Acting::new(self.reviewer, self.id, &[Role::Reviewer])
    }

    pub fn leader(&self) -> Acting {
        Acting::new(self.leader, self.id, &[Role::UnitLeader])
    }
}

/// A site as the generator needs it: the stored snapshot (after its opening was approved)
/// and the index of its host unit.
#[derive(Debug, Clone)]
pub(super) struct BenchSite {
    pub site: Site,
    pub host: usize,
}

/// Everything the generator writes the columns and articles of.
pub(super) struct World {
    pub office: UnitId,
    pub office_leader: UserId,
    pub publishers: Vec<UserId>,
    pub units: Vec<HostUnit>,
    pub sites: Vec<BenchSite>,
    pub calendar: Calendar,
    pub profile: RuleProfile,
    pub now: i64,
}

impl World {
    pub fn publisher(&self, index: usize) -> Acting {
        let user = self
            .publishers
            .get(index % self.publishers.len().max(1))
            .copied()
            .unwrap_or(UserId(0));
        Acting::new(user, self.office, &[Role::Publisher])
    }
}

/// The host units: the bench jurisdiction's (`bench-u…`, made here with `n_units` when the
/// database has no jurisdiction), at most one per site; with their names.
async fn host_units(
    db: &Db,
    has_bench: bool,
    n_units: u32,
    n_sites: u32,
    now: i64,
) -> anyhow::Result<Vec<(UnitId, String)>> {
    let ids = if has_bench {
        let ids = bench_units(db).await?;
        println!("沿用先前基准测试的行政区划与 {} 个单位", ids.len());
        ids
    } else {
        super::generate::jurisdiction_and_units(db, n_units, now).await?
    };
    let mut named = Vec::new();
    for id in ids
        .into_iter()
        .take(usize::try_from(n_sites).unwrap_or(usize::MAX))
    {
        let row = sqlx::query("SELECT name FROM units WHERE id = $1")
            .bind(id)
            .fetch_one(&db.pool)
            .await?;
        named.push((UnitId(id), row.try_get::<String, _>("name")?));
    }
    if named.is_empty() {
        bail!("基准测试行政区划没有单位：请换一个空数据库");
    }
    Ok(named)
}

/// The site group's office under the bench government (made once).
async fn office(db: &Db, now: i64) -> anyhow::Result<UnitId> {
    if let Some(unit) = units::find_by_code(db, OFFICE_CODE).await? {
        return Ok(UnitId(unit.id));
    }
    let root = units::find_by_code(db, "bench")
        .await?
        .context("基准测试行政区划缺少单位 bench")?;
    let actor = AuditActor::system("bench");
    let mut tx = db.begin().await?;
    let new = NewUnit {
        jurisdiction_id: root.jurisdiction_id,
        parent_id: Some(root.id),
        code: OFFICE_CODE.into(),
        name: "基准测试区人民政府办公室（站群）".into(),
        kind: UnitKind::Department,
    };
    let id = units::create(&mut tx, &actor, new, now).await?;
    tx.commit().await?;
    Ok(UnitId(id))
}

/// Opens the accounts `(unit, username, display name, role)` as rows; returns their ids by
/// username.
async fn accounts(
    db: &Db,
    wanted: &[(UnitId, String, String, Role)],
    now: i64,
) -> anyhow::Result<HashMap<String, UserId>> {
    // One hash for every bench account: they never log in.
    let hash = platform::auth::password::hash(&platform::auth::password::generate())?;
    let mut tx = db.begin().await?;
    for chunk in wanted.chunks(200) {
        let rows: Vec<String> = chunk
            .iter()
            .map(|(unit, username, name, _)| {
                format!(
                    "({},'{username}','{name}','{hash}',1,{now},{now},{now})",
                    unit.0
                )
            })
            .collect();
        let sql = format!(
            "INSERT INTO users (unit_id, username, display_name, password_hash, \
             must_change_password, password_changed_at, created_at, updated_at) VALUES {}",
            rows.join(",")
        );
        // Built from unit ids, generated usernames and names, and an argon2 hash (no quote).
        sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
            .execute(&mut *tx)
            .await?;
    }
    let rows = sqlx::query("SELECT id, username FROM users WHERE username LIKE 'bs.%'")
        .fetch_all(&mut *tx)
        .await?;
    let mut ids = HashMap::new();
    for row in &rows {
        ids.insert(
            row.try_get::<String, _>("username")?,
            UserId(row.try_get("id")?),
        );
    }
    for chunk in wanted.chunks(500) {
        let rows = chunk
            .iter()
            .map(|(_, username, _, role)| {
                let id = ids.get(username).context("account not stored")?;
                Ok(format!("({},'{}',{now})", id.0, role.code()))
            })
            .collect::<anyhow::Result<Vec<String>>>()?;
        let sql = format!(
            "INSERT INTO user_roles (user_id, role, granted_at) VALUES {}",
            rows.join(",")
        );
        sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(ids)
}

fn user(ids: &HashMap<String, UserId>, username: &str) -> anyhow::Result<UserId> {
    ids.get(username)
        .copied()
        .with_context(|| format!("bench account {username} missing"))
}

/// The registration of site `index` hosted by `host`.
fn registration(index: u32, host: &HostUnit, office: UnitId, repeat: u32) -> Registration {
    let (name, kind, domain) = match index {
        0 => (
            "基准测试区人民政府".to_owned(),
            SiteKind::Portal,
            "www.bench.gov.cn".to_owned(),
        ),
        _ if index.is_multiple_of(10) => (
            format!("{}专项网站{}", host.name, repeat),
            SiteKind::Thematic,
            format!("s{index:05}.bench.gov.cn"),
        ),
        _ if repeat > 0 => (
            format!("{}网站{}", host.name, repeat + 1),
            SiteKind::Department,
            format!("s{index:05}.bench.gov.cn"),
        ),
        _ => (
            host.name.clone(),
            SiteKind::Department,
            format!("s{index:05}.bench.gov.cn"),
        ),
    };
    Registration {
        name,
        kind,
        domains: vec![domain],
        site_code: format!("BENCH{index:05}"),
        icp_number: format!("陇ICP备05000123号-{}", index + 1),
        police_number: format!("甘公网安备 620702020{index:05}号"),
        host_unit: host.id,
        host_unit_name: host.name.clone(),
        operator_unit: office,
        supervising_unit: office,
        contact_phone: "0936-8212345".into(),
        contact_address: "基准测试地址".into(),
        responsible: vec![
            Responsible {
                duty: Duty::Principal,
                name: "王明".into(),
            },
            Responsible {
                duty: Duty::Security,
                name: "李强".into(),
            },
        ],
    }
}

/// A staff user as the use cases take them.
async fn staff(db: &Db, user: UserId) -> anyhow::Result<(Acting, AuditActor)> {
    let actor = platform::users::load_actor(db, user.0)
        .await?
        .with_context(|| format!("bench account {user} missing"))?;
    Ok((Acting::from(&actor), AuditActor::staff(&actor, "127.0.0.1")))
}

/// Registers, applies for and opens every site through the use cases, `YEARS` ago.
async fn open_sites(
    platform: &Platform,
    world: &World,
    n_sites: u32,
) -> anyhow::Result<Vec<BenchSite>> {
    let db = &platform.db;
    let (approver, approver_audit) = staff(db, world.office_leader).await?;
    let opened = world.now - YEARS * 365 * DAY;
    let mut leaders = HashMap::new();
    let mut made = Vec::new();
    for index in 0..n_sites {
        let host_index = usize::try_from(index).unwrap_or(0) % world.units.len();
        let host = world.units.get(host_index).context("no host unit")?;
        let repeat = index / u32::try_from(world.units.len()).unwrap_or(1);
        let (leader, leader_audit) = match leaders.get(&host_index) {
            Some(known) => Clone::clone(known),
            None => {
                let loaded = staff(db, host.leader).await?;
                leaders.insert(host_index, loaded.clone());
                loaded
            }
        };
        let at = Instant::from_millis(opened + i64::from(index) * 60_000);
        let key = &platform.key;
        let context = Context::new(key, &leader_audit, &world.calendar, &world.profile, at);
        let registration = registration(index, host, world.office, repeat);
        let id = sites::usecase::register_site(db, &context, &leader, registration).await?;
        let apply = registry::Command::ApplyOpen {
            reason: "依托站群集约化平台开设".into(),
        };
        sites::usecase::execute_site(db, &context, &leader, id, apply, None).await?;
        let at = Instant::from_millis(at.millis() + DAY);
        let context = Context::new(key, &approver_audit, &world.calendar, &world.profile, at);
        let approve = registry::Command::Approve {
            opinion: "同意开设".into(),
        };
        let (site, _) =
            sites::usecase::execute_site(db, &context, &approver, id, approve, None).await?;
        made.push(BenchSite {
            site,
            host: host_index,
        });
    }
    Ok(made)
}

/// The world of a fresh run: units, office, accounts and the sites, opened `YEARS` ago.
pub(super) async fn build(
    platform: &Platform,
    has_bench: bool,
    n_units: u32,
    n_sites: u32,
    now: i64,
) -> anyhow::Result<World> {
    let db = &platform.db;
    let started = Stopwatch::now();
    let hosts = host_units(db, has_bench, n_units, n_sites, now).await?;
    let office = office(db, now).await?;
    let mut wanted = vec![(
        office,
        "bs.office.leader".to_owned(),
        "站群主管负责人".to_owned(),
        Role::UnitLeader,
    )];
    for n in 0..PUBLISHERS {
        let username = format!("{USER_PREFIX}office.pub{n}");
        wanted.push((office, username, format!("站群发布员{n}"), Role::Publisher));
    }
    let posts = [
        ("leader", "负责人", Role::UnitLeader),
        ("reviewer", "审核员", Role::Reviewer),
        ("editor_a", "A岗编辑", Role::SiteEditor),
        ("editor_b", "B岗编辑", Role::SiteEditor),
    ];
    for (index, (unit, _)) in hosts.iter().enumerate() {
        for (post, label, role) in posts {
            let username = format!("{USER_PREFIX}u{index:04}.{post}");
            wanted.push((*unit, username, format!("网站{label}{index}"), role));
        }
    }
    let ids = accounts(db, &wanted, now).await?;
    let mut units = Vec::with_capacity(hosts.len());
    for (index, (id, name)) in hosts.into_iter().enumerate() {
        let post = |post: &str| user(&ids, &format!("{USER_PREFIX}u{index:04}.{post}"));
        units.push(HostUnit {
            id,
            name,
            leader: post("leader")?,
            reviewer: post("reviewer")?,
            editor_a: post("editor_a")?,
            editor_b: post("editor_b")?,
        });
    }
    let publishers = (0..PUBLISHERS)
        .map(|n| user(&ids, &format!("{USER_PREFIX}office.pub{n}")))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let mut world = World {
        office,
        office_leader: user(&ids, "bs.office.leader")?,
        publishers,
        units,
        sites: Vec::new(),
        calendar: platform::workcal::load_current(db).await?,
        profile: platform::jurisdiction::require_current(db).await?.profile,
        now,
    };
    world.sites = open_sites(platform, &world, n_sites).await?;
    println!(
        "sites: {} registered, applied for and opened through sites::usecase, {} host units, {} staff accounts in {:.1} s",
        world.sites.len(),
        world.units.len(),
        wanted.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(world)
}
