//! The demo's e-government extranet (NET-ACCESS, NET-IPAM), made through the extranet use
//! cases as the units' handlers and the office's administrator (`netadmin`) would: two pools
//! (区直部门 IPv4 10.62.0.0/16 and IPv6 2408:8a30:6207::/48; townships, streets and villages
//! get their IPv4 from 10.63.0.0/16, a third pool), every unit but the office with an access
//! application — most in operation, the others at every stage (待审核, 审核未通过, 待报送方案,
//! 待实施, 待业务测试 with its clock overdue, 排查中 after a failed test), a change awaiting
//! review and an approved closing awaiting the link's closing — and the addresses of each live
//! application: a next-free /27 and a server address with its internal name, a /64 of IPv6 for
//! the departments. The units in operation keep their ledgers (NET-LEDGER: leader and staff,
//! an access point, the no-wireless declaration) and three security findings stand open,
//! fixed and cut off. Nothing is made when an application exists.

use calendar::{Calendar, Instant};
use extranet::application::{
    AccessMode, ApplicationId, ApplicationKind, Command, Eligibility, Filing, RequestedBlock,
};
use extranet::ipam::{AllocationStatus, Prefix};
use extranet::store::ipam::Want;
use extranet::usecase::applications as usecase;
use extranet::usecase::ipam::{self as ipam, Request};
use extranet::{Acting, UnitId};
use platform::Platform;
use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::profile::RuleProfile;
use platform::units::UnitKind;
use platform::workflow::Context;
use sqlx::Row as _;

const DAY: i64 = 86_400_000;

struct Staff {
    acting: Acting,
    audit: AuditActor,
}

async fn by_name(db: &platform::db::Db, username: &str) -> anyhow::Result<Option<Staff>> {
    let Some(id) = platform::users::id_by_username(db, username).await? else {
        return Ok(None);
    };
    let actor = platform::users::load_actor(db, id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo account {username} missing"))?;
    Ok(Some(Staff {
        acting: Acting::from(&actor),
        audit: AuditActor::staff(&actor, "127.0.0.1"),
    }))
}

/// Where the demo leaves an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Applied,
    Refused,
    Approved,
    Planned,
    /// Implemented twelve days ago: the unit's test clock is overdue.
    Implemented,
    Troubleshooting,
    InOperation,
}

struct World<'a> {
    platform: &'a Platform,
    rules: (&'a Calendar, &'a RuleProfile),
    office: Staff,
    office_unit: UnitId,
}

impl World<'_> {
    fn context<'b>(&'b self, by: &'b Staff, at: i64) -> Context<'b> {
        let (calendar, profile) = self.rules;
        Context::new(
            &self.platform.key,
            &by.audit,
            calendar,
            profile,
            Instant::from_millis(at),
        )
    }

    async fn run(
        &self,
        by: &Staff,
        id: ApplicationId,
        command: Command,
        at: i64,
    ) -> anyhow::Result<()> {
        let context = self.context(by, at);
        usecase::execute(&self.platform.db, &context, &by.acting, id, command, None).await?;
        Ok(())
    }

    async fn apply(&self, by: &Staff, filing: Filing, at: i64) -> anyhow::Result<ApplicationId> {
        let context = self.context(by, at);
        let stored = usecase::register(
            &self.platform.db,
            &context,
            &by.acting,
            self.office_unit,
            filing,
        )
        .await?;
        Ok(stored.application.id)
    }

    /// Takes application `id` from 待审核 to `stage`, one step every `gap` from `at`.
    async fn advance(
        &self,
        unit: &Staff,
        id: ApplicationId,
        stage: Stage,
        at: i64,
        gap: i64,
    ) -> anyhow::Result<()> {
        let office = &self.office;
        let mut t = at;
        let mut next = || {
            t += gap;
            t
        };
        if stage == Stage::Applied {
            return Ok(());
        }
        if stage == Stage::Refused {
            let reason = "申请单位不属于外网管理办法第九条所列单位，且未说明接入的业务需要；请补充依据后重新申请".into();
            return self
                .run(office, id, Command::Refuse { reason }, next())
                .await;
        }
        let opinion = "符合接入条件，同意接入".into();
        self.run(office, id, Command::Approve { opinion }, next())
            .await?;
        if stage == Stage::Approved {
            return Ok(());
        }
        let plan = "单位核心交换机经专线接入区级汇聚节点，部署防火墙与入侵检测，办公终端与互联网物理隔离，不接入任何无线设备".into();
        self.run(unit, id, Command::SubmitPlan { plan }, next())
            .await?;
        if stage == Stage::Planned {
            return Ok(());
        }
        let note = "专线开通，汇聚节点配置路由与访问控制策略".into();
        self.run(office, id, Command::Implement { note }, next())
            .await?;
        if stage == Stage::Implemented {
            return Ok(());
        }
        let failed = Command::ReportTest {
            passed: false,
            result: "业务系统访问市级平台超时，经排查为路由未发布".into(),
        };
        self.run(unit, id, failed, next()).await?;
        if stage == Stage::Troubleshooting {
            return Ok(());
        }
        let again = "补发布路由，调整安全策略后再次实施".into();
        self.run(office, id, Command::Implement { note: again }, next())
            .await?;
        let passed = Command::ReportTest {
            passed: true,
            result: "各业务系统访问正常，投入运行".into(),
        };
        self.run(unit, id, passed, next()).await
    }

    async fn allocate(
        &self,
        pool: i64,
        want: Want,
        unit: UnitId,
        id: ApplicationId,
        description: &str,
        at: i64,
    ) -> anyhow::Result<Prefix> {
        let request = Request {
            pool,
            want,
            unit,
            application: id,
            status: AllocationStatus::Active,
            description: description.into(),
        };
        let context = self.context(&self.office, at);
        let made =
            ipam::allocate(&self.platform.db, &context, &self.office.acting, &request).await?;
        Ok(made.prefix)
    }
}

/// The stage of the `n`-th applying unit: the first seven at every stage, the rest in
/// operation.
fn stage_of(n: usize) -> Stage {
    match n {
        1 => Stage::Applied,
        3 => Stage::Refused,
        5 => Stage::Approved,
        7 => Stage::Planned,
        9 => Stage::Implemented,
        11 => Stage::Troubleshooting,
        _ => Stage::InOperation,
    }
}

fn eligibility_of(kind: UnitKind) -> Eligibility {
    match kind {
        UnitKind::Village => Eligibility::AuthorisedBody,
        UnitKind::HotlineCentre | UnitKind::ServiceCentre => Eligibility::OtherNeed,
        _ => Eligibility::PartyGovernment,
    }
}

/// Seeds the extranet (nothing when an application exists, or without the office's
/// administrator).
pub async fn seed(platform: &Platform) -> anyhow::Result<()> {
    let db = &platform.db;
    let existing: i64 = sqlx::query("SELECT COUNT(*) AS n FROM extranet_applications")
        .fetch_one(&db.pool)
        .await?
        .try_get("n")?;
    let Some(office) = by_name(db, "netadmin").await? else {
        return Ok(());
    };
    if existing > 0 {
        return Ok(());
    }
    let profile = platform::jurisdiction::current(db)
        .await?
        .map(|j| j.profile)
        .unwrap_or_default();
    let calendar = platform::workcal::load_current(db).await?;
    let office_unit = usecase::office(db).await?;
    let world = World {
        platform,
        rules: (&calendar, &profile),
        office,
        office_unit,
    };
    let now = now_ms();
    let pool = async |name: &str, prefix: &str, description: &str| -> anyhow::Result<i64> {
        let context = world.context(&world.office, now - 90 * DAY);
        Ok(ipam::create_pool(
            db,
            &context,
            &world.office.acting,
            name,
            prefix,
            description,
        )
        .await?
        .id)
    };
    let departments = pool("区直部门地址池", "10.62.0.0/16", "区直党政机关及直属部门").await?;
    let v6 = pool("IPv6 地址池", "2408:8a30:6207::/48", "区直部门 IPv6 双栈").await?;
    let grassroots = pool("乡镇街道地址池", "10.63.0.0/16", "乡镇、街道及村（社区）").await?;
    let units = platform::units::list(db).await?;
    let mut applying = 0;
    let mut in_operation = Vec::new();
    for unit in units
        .iter()
        .filter(|u| u.active && UnitId(u.id) != office_unit)
    {
        let short = unit.code.trim_start_matches("gz-").replace('-', "_");
        let staff = match by_name(db, &format!("{short}.a")).await? {
            Some(staff) => staff,
            None => match by_name(db, "handler").await? {
                Some(staff) if staff.acting.unit.0 == unit.id => staff,
                _ => continue,
            },
        };
        applying += 1;
        let stage = stage_of(applying);
        let grass = matches!(
            unit.kind,
            UnitKind::Township | UnitKind::Street | UnitKind::Village
        );
        let filing = Filing {
            unit: UnitId(unit.id),
            kind: ApplicationKind::Access,
            eligibility: eligibility_of(unit.kind),
            basis: format!(
                "{}业务系统与市、区两级政务平台互联，依据《电子政务外网管理办法》第九条申请接入",
                unit.name
            ),
            mode: if grass {
                AccessMode::Aggregated
            } else {
                AccessMode::DedicatedLine
            },
            scope: format!("{}机关办公楼及所属业务科室终端", unit.name),
            addresses: if grass {
                vec![RequestedBlock {
                    v6: false,
                    length: 27,
                }]
            } else {
                vec![
                    RequestedBlock {
                        v6: false,
                        length: 27,
                    },
                    RequestedBlock {
                        v6: true,
                        length: 64,
                    },
                ]
            },
            of_access: None,
        };
        // In operation: applied months ago; the others recently, a step a day or two.
        let (at, gap) = match stage {
            Stage::InOperation => (now - (80 - 3 * applying as i64) * DAY, 3 * DAY),
            Stage::Implemented => (now - 20 * DAY, 3 * DAY),
            _ => (now - 4 * DAY, DAY / 2),
        };
        let id = world.apply(&staff, filing, at).await?;
        world.advance(&staff, id, stage, at, gap).await?;
        if stage == Stage::Refused {
            continue;
        }
        let pool = if grass { grassroots } else { departments };
        let unit_id = UnitId(unit.id);
        world
            .allocate(pool, Want::NextFree(27), unit_id, id, "办公网段", at + gap)
            .await?;
        if stage == Stage::InOperation {
            let server = world
                .allocate(
                    pool,
                    Want::NextFree(32),
                    unit_id,
                    id,
                    "业务服务器",
                    at + gap,
                )
                .await?;
            let name = format!("oa.{}.gz.gov", short.replace('_', "-"));
            let context = world.context(&world.office, at + 2 * gap);
            ipam::name_address(db, &context, &world.office.acting, &name, &server.address())
                .await?;
            in_operation.push((staff, id, unit.name.clone()));
        }
        if !grass {
            world
                .allocate(
                    v6,
                    Want::NextFree(64),
                    unit_id,
                    id,
                    "IPv6 办公网段",
                    at + gap,
                )
                .await?;
        }
    }
    // A change awaiting review, and an approved closing awaiting the link's closing.
    let mut live = in_operation.into_iter();
    if let Some((staff, access, name)) = live.next() {
        let filing = Filing {
            unit: staff.acting.unit,
            kind: ApplicationKind::Change,
            eligibility: Eligibility::PartyGovernment,
            basis: format!("{name}新增不动产登记业务系统，需扩大接入范围"),
            mode: AccessMode::DedicatedLine,
            scope: "新增业务大厅二层窗口终端".into(),
            addresses: vec![RequestedBlock {
                v6: false,
                length: 28,
            }],
            of_access: Some(access),
        };
        world.apply(&staff, filing, now - DAY).await?;
    }
    if let Some((staff, access, name)) = live.next() {
        let filing = Filing {
            unit: staff.acting.unit,
            kind: ApplicationKind::Closing,
            eligibility: Eligibility::PartyGovernment,
            basis: format!("{name}办公地点搬迁，原接入点撤销"),
            mode: AccessMode::DedicatedLine,
            scope: String::new(),
            addresses: vec![],
            of_access: Some(access),
        };
        let id = world.apply(&staff, filing, now - 3 * DAY).await?;
        let opinion = "同意关闭，搬迁后重新提出接入申请".into();
        world
            .run(
                &world.office,
                id,
                Command::Approve { opinion },
                now - 2 * DAY,
            )
            .await?;
    }
    let rest: Vec<Staff> = live.map(|(staff, _, _)| staff).collect();
    ledgers(&world, &rest, now).await
}

/// NET-LEDGER: the ledgers of the units in operation (leader and staff when the unit has
/// both, an access point on its office block, the no-wireless declaration for all but the
/// last) and three findings — one open, one fixed (reported and confirmed), one ignored past
/// its deadline and cut off (its unit's addresses marked).
async fn ledgers(world: &World<'_>, units: &[Staff], now: i64) -> anyhow::Result<()> {
    use extranet::ledger::{FindingCommand, FindingId, NewPoint};
    use extranet::usecase::{findings, ledger};
    let db = &world.platform.db;
    for (n, staff) in units.iter().enumerate() {
        let unit = staff.acting.unit;
        let at = now - 30 * DAY;
        let context = world.context(staff, at);
        let candidates = platform::unit_contacts::candidates(db, unit.0).await?;
        let leader = candidates.iter().find(|c| c.is_leader);
        let other = candidates
            .iter()
            .find(|c| Some(c.user_id) != leader.map(|l| l.user_id));
        if let (Some(leader), Some(other)) = (leader, other) {
            ledger::set_people(db, &context, &staff.acting, leader.user_id, other.user_id).await?;
        }
        let block = extranet::store::ledger::unit_allocations(db, unit)
            .await?
            .into_iter()
            .find(|a| a.prefix.length == 27);
        let point = NewPoint {
            location: "机关办公楼一层弱电间".into(),
            mode: AccessMode::DedicatedLine,
            allocation: block.map(|a| a.id),
            note: "政务外网专线终端设备".into(),
        };
        ledger::add_point(db, &context, &staff.acting, &point).await?;
        if n + 1 < units.len() {
            ledger::declare(db, &context, &staff.acting, true, "已逐层排查").await?;
        }
    }
    let office = &world.office;
    let send = async |unit: UnitId, at: i64, title: &str, detail: &str| {
        let context = world.context(office, at);
        findings::send(
            db,
            &context,
            &office.acting,
            world.office_unit,
            unit,
            title,
            detail,
        )
        .await
        .map(|stored| stored.finding.id)
    };
    let run = async |by: &Staff, id: FindingId, command: FindingCommand, at: i64| {
        let context = world.context(by, at);
        findings::execute(db, &context, &by.acting, id, command, None).await
    };
    if let Some(staff) = units.first() {
        send(
            staff.acting.unit,
            now - 2 * DAY,
            "边界防火墙策略过宽",
            "边界防火墙对互联网开放了 any 到 any 策略，须按最小权限收紧并报送整改情况",
        )
        .await?;
    }
    if let Some(staff) = units.get(1) {
        let id = send(
            staff.acting.unit,
            now - 40 * DAY,
            "终端未安装防病毒软件",
            "抽查 12 台终端中 3 台未安装防病毒软件，限期安装并报送",
        )
        .await?;
        let text = "已为 3 台终端安装防病毒软件并更新病毒库".to_owned();
        run(
            staff,
            id,
            FindingCommand::ReportFix { text },
            now - 35 * DAY,
        )
        .await?;
        let text = "复查合格".to_owned();
        run(office, id, FindingCommand::Confirm { text }, now - 34 * DAY).await?;
    }
    if let Some(staff) = units.get(2) {
        let id = send(
            staff.acting.unit,
            now - 30 * DAY,
            "私接无线路由器",
            "会议室私接无线路由器接入电子政务外网，须立即拆除（第十六条）",
        )
        .await?;
        let reason = "逾期未整改、未答复，依第十五条阻断接入线路".to_owned();
        run(office, id, FindingCommand::CutOff { reason }, now - 5 * DAY).await?;
    }
    Ok(())
}
