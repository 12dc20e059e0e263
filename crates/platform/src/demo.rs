//! The demo jurisdiction 甘州区 (demo): seeded on an empty database by `serve` unless
//! `--no-demo`, so that a newcomer sees a working portal and back office at once.

use crate::audit::AuditActor;
use crate::db::{Db, now_ms};
use crate::error::Result;
use crate::jurisdiction::{self, NewJurisdiction};
use crate::notify::{self, Notification};
use crate::personal::DataKey;
use crate::roles::Role;
use crate::units::{self, NewUnit, UnitKind};
use crate::users::records::{Agreement, Training};
use crate::users::{self, NewAccount, Opening};

/// A demo account and its first-login password, printed once at seeding.
#[derive(Debug, Clone)]
pub struct DemoAccount {
    pub username: String,
    pub role: Role,
    pub unit: String,
    pub first_password: String,
}

/// (code, name, kind, parent code or "" for the root)
const UNITS: &[(&str, &str, UnitKind, &str)] = &[
    ("gz", "张掖市甘州区人民政府", UnitKind::Government, ""),
    ("gz-office", "区人民政府办公室", UnitKind::Department, "gz"),
    ("gz-it", "区信息化工作办公室", UnitKind::ItOffice, "gz"),
    (
        "gz-12345",
        "区12345政务服务便民热线中心",
        UnitKind::HotlineCentre,
        "gz",
    ),
    (
        "gz-service",
        "区政务服务中心",
        UnitKind::ServiceCentre,
        "gz",
    ),
    ("gz-petition", "区信访局", UnitKind::PetitionBureau, "gz"),
    (
        "gz-business",
        "区营商环境建设局",
        UnitKind::Department,
        "gz",
    ),
    ("gz-market", "区市场监督管理局", UnitKind::Department, "gz"),
    (
        "gz-hrss",
        "区人力资源和社会保障局",
        UnitKind::Department,
        "gz",
    ),
    (
        "gz-housing",
        "区住房和城乡建设局",
        UnitKind::Department,
        "gz",
    ),
    ("gz-education", "区教育局", UnitKind::Department, "gz"),
    ("gz-dongjie", "东街街道办事处", UnitKind::Street, "gz"),
    ("gz-nanjie", "南街街道办事处", UnitKind::Street, "gz"),
    (
        "gz-liangjiadun",
        "梁家墩镇人民政府",
        UnitKind::Township,
        "gz",
    ),
    (
        "gz-qingliangsi",
        "梁家墩镇清凉寺村民委员会",
        UnitKind::Village,
        "gz-liangjiadun",
    ),
    ("gz-dangzhai", "党寨镇人民政府", UnitKind::Township, "gz"),
];

/// (username, display name, role, unit code)
const ACCOUNTS: &[(&str, &str, Role, &str)] = &[
    ("sysadmin", "王系统", Role::SystemAdmin, "gz-it"),
    ("secadmin", "李安全", Role::SecurityAdmin, "gz-it"),
    ("auditadmin", "赵审计", Role::AuditAdmin, "gz-it"),
    ("operator", "刘话务", Role::HotlineOperator, "gz-12345"),
    ("supervisor", "陈督办", Role::HotlineSupervisor, "gz-12345"),
    ("handler", "杨承办", Role::UnitHandler, "gz-market"),
    ("leader", "黄局长", Role::UnitLeader, "gz-market"),
    ("clerk", "周窗口", Role::WindowClerk, "gz-service"),
    ("editor", "吴编辑", Role::SiteEditor, "gz-office"),
    ("reviewer", "郑审核", Role::Reviewer, "gz-office"),
    ("publisher", "孙发布", Role::Publisher, "gz-office"),
    ("openness", "马公开", Role::OpennessOfficer, "gz-office"),
    ("dataadmin", "朱数据", Role::DataAdmin, "gz-it"),
    ("netadmin", "胡外网", Role::ExtranetAdmin, "gz-it"),
];

const ANNOUNCEMENTS: &[(&str, &str)] = &[
    (
        "甘州区政务服务中心延时服务公告",
        "为方便企业和群众办事，区政务服务中心工作日中午（12:00—14:30）提供延时服务，周六上午提供预约服务。",
    ),
    (
        "12345政务服务便民热线服务指南",
        "12345热线 7×24 小时受理企业和群众的咨询、求助、投诉、举报和意见建议。您也可以在本网站在线提交诉求。",
    ),
    (
        "关于做好2027年元旦春节期间值班工作的通知",
        "各单位要严格落实领导带班和24小时值班制度，确保节日期间12345热线工单及时签收办理。",
    ),
];

/// SEC-ACCOUNTS as amended: what a demo account is opened with — the induction training given
/// on the day of seeding and, for a hotline role, an agreement signed that day.
fn demo_opening(role: Role, username: &str, now: i64) -> Opening {
    let today = crate::security::local_date(now);
    Opening {
        training: Training {
            course: "政务业务平台岗前培训（演示）".into(),
            trained_on: today,
            trainer: "区信息化工作办公室".into(),
        },
        agreement: role
            .requires_confidentiality_agreement()
            .then(|| Agreement {
                signed_on: today,
                document_ref: format!("甘州12345保密协议（演示）{username}"),
            }),
    }
}

/// Whether the database already has a jurisdiction (then nothing is seeded).
pub async fn is_seeded(db: &Db) -> Result<bool> {
    Ok(jurisdiction::current(db).await?.is_some())
}

/// Seeds 甘州区 (demo) in one transaction and returns the accounts with their passwords.
pub async fn seed(db: &Db, key: &DataKey) -> Result<Vec<DemoAccount>> {
    let now = now_ms();
    let actor = AuditActor::system("demo-seed");
    let mut tx = db.begin().await?;
    let jurisdiction_id = jurisdiction::create(
        &mut tx,
        &actor,
        &NewJurisdiction {
            code: "620702".into(),
            name: "甘州区（演示）".into(),
            host_unit: "张掖市甘州区人民政府办公室".into(),
            site_code: "6207020001".into(),
            icp_number: "陇ICP备00000000号".into(),
            police_number: "甘公网安备 62070202000000号".into(),
            contact_phone: "0936-12345".into(),
            contact_address: "甘肃省张掖市甘州区县府街（演示地址）".into(),
            profile_preset: "ganzhou".into(),
            is_demo: true,
        },
        now,
    )
    .await?;
    let mut unit_ids: Vec<(&str, i64)> = Vec::new();
    for (code, name, kind, parent) in UNITS {
        let parent_id = unit_ids
            .iter()
            .find(|(c, _)| c == parent)
            .map(|(_, id)| *id);
        let id = units::create(
            &mut tx,
            &actor,
            NewUnit {
                jurisdiction_id,
                parent_id,
                code: (*code).into(),
                name: (*name).into(),
                kind: *kind,
            },
            now,
        )
        .await?;
        unit_ids.push((code, id));
    }
    let mut accounts = Vec::new();
    for (username, display_name, role, unit_code) in ACCOUNTS {
        let unit_id = unit_ids
            .iter()
            .find(|(c, _)| c == unit_code)
            .map(|(_, id)| *id)
            .ok_or_else(|| anyhow::anyhow!("demo unit {unit_code} missing"))?;
        let (user_id, first_password) = users::open(
            &mut tx,
            &actor,
            NewAccount {
                unit_id,
                username: (*username).into(),
                display_name: (*display_name).into(),
                roles: vec![*role],
            },
            &demo_opening(*role, username, now),
            now,
        )
        .await?;
        let welcome = Notification::inbox(
            user_id,
            "欢迎使用政务业务平台（演示）",
            format!(
                "您的账号为{}，角色：{}。左侧菜单只显示您有权使用的功能；各项时限取自本级规则配置。",
                username,
                role.label_zh()
            ),
            "/office",
        );
        notify::enqueue(&mut tx, key, &welcome, now).await?;
        if matches!(role, Role::UnitHandler | Role::UnitLeader) {
            // Demo mobile numbers (HL-REMIND texts): the SMS adapter logs, nothing is sent.
            let phone = crate::personal::PhoneNumber::parse(&format!("1390936{:04}", user_id))?;
            users::set_phone(&mut tx, key, &actor, user_id, &phone, now).await?;
        }
        let unit = UNITS
            .iter()
            .find(|(c, ..)| c == unit_code)
            .map(|(_, name, ..)| (*name).to_owned())
            .unwrap_or_default();
        accounts.push(DemoAccount {
            username: (*username).into(),
            role: *role,
            unit,
            first_password,
        });
    }
    for (i, (title, body)) in ANNOUNCEMENTS.iter().enumerate() {
        sqlx::query("INSERT INTO announcements (jurisdiction_id, title, body, published_at) VALUES ($1, $2, $3, $4)")
            .bind(jurisdiction_id)
            .bind(title)
            .bind(body)
            .bind(now - i64::try_from(i).unwrap_or(0) * 86_400_000)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(accounts)
}

/// Family names for the demo's contact accounts, one per unit in tree order.
const CONTACT_SURNAMES: &[&str] = &[
    "钱", "孙", "李", "周", "吴", "郑", "冯", "陈", "褚", "卫", "蒋", "沈", "韩", "朱", "秦",
];

/// HL-CONTACTS for the demo: every unit that must register gets a leader and two handlers
/// (the demo accounts where the unit has them, otherwise accounts made here, whose first
/// passwords are not printed: `zhengwu user reset-password` gives one) with demo mobile
/// numbers, and a complete registration — an office line for departments, a duty officer's
/// mobile for townships and streets — so that the supervisor's list of units out of date is
/// empty. Returns how many accounts were made.
pub async fn seed_contacts(db: &Db, key: &DataKey) -> Result<usize> {
    use crate::personal::PhoneNumber;
    use crate::unit_contacts::{self, NewContacts};
    let now = now_ms();
    let actor = AuditActor::system("demo-seed");
    let mut tx = db.begin().await?;
    let mut n_created = 0;
    let required = units::list(db)
        .await?
        .into_iter()
        .filter(|unit| unit.active && unit_contacts::required(unit.kind));
    for (index, unit) in required.enumerate() {
        let surname = CONTACT_SURNAMES
            .get(index % CONTACT_SURNAMES.len())
            .copied()
            .unwrap_or("张");
        let short = unit.code.trim_start_matches("gz-").replace('-', "_");
        let mut leaders = users::with_role(&mut tx, Some(unit.id), Role::UnitLeader).await?;
        let mut handlers = users::with_role(&mut tx, Some(unit.id), Role::UnitHandler).await?;
        let wanted = [
            (Role::UnitLeader, "leader", "建国"),
            (Role::UnitHandler, "a", "丽华"),
            (Role::UnitHandler, "b", "志强"),
        ];
        for (role, post, given) in wanted {
            let held = if role == Role::UnitLeader {
                &mut leaders
            } else {
                &mut handlers
            };
            let needed = if role == Role::UnitLeader { 1 } else { 2 };
            if held.len() >= needed || (post == "a" && held.len() == 1) {
                continue;
            }
            let username = format!("{short}.{post}");
            let opening = demo_opening(role, &username, now);
            let (user_id, _first_password) = users::open(
                &mut tx,
                &actor,
                NewAccount {
                    unit_id: unit.id,
                    username,
                    display_name: format!("{surname}{given}"),
                    roles: vec![role],
                },
                &opening,
                now,
            )
            .await?;
            let phone = PhoneNumber::parse(&format!("1390936{:04}", user_id))?;
            users::set_phone(&mut tx, key, &actor, user_id, &phone, now).await?;
            held.push(user_id);
            n_created += 1;
        }
        let (Some(&leader), Some(&staff_a), Some(&staff_b)) =
            (leaders.first(), handlers.first(), handlers.get(1))
        else {
            continue;
        };
        let duty_phone = if matches!(unit.kind, UnitKind::Township | UnitKind::Street) {
            PhoneNumber::parse(&format!("1380936{:04}", unit.id))?
        } else {
            PhoneNumber::parse(&format!("0936-82{:05}", unit.id))?
        };
        let new = NewContacts {
            leader,
            staff_a,
            staff_b,
            duty_phone,
        };
        unit_contacts::save(&mut tx, key, &actor, unit.id, &new, now).await?;
    }
    tx.commit().await?;
    Ok(n_created)
}
