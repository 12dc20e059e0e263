//! The demo's government data sharing (DATA-CLASS, DATA-CATALOG, DATA-REQUEST, DATA-GRANT,
//! DATA-CALL), made through the sharing use cases as the providers' handlers and the platform
//! administrator (`dataadmin`) would: three providers with six entries — 区市场监督管理局
//! 企业登记信息 (unconditional) and 食品经营许可信息 (unconditional), 东街街道办事处
//! 户籍人口基本信息 (conditional), 区人力资源和社会保障局 社保参保信息 (conditional),
//! 就业登记信息 (unconditional) and 劳动保障监察举报信息 (not shared, with its basis, filed) —
//! each shared table hosted with generated rows (a few thousand in all); 区营商环境建设局's
//! request for four fields of 企业登记信息, forwarded upward and approved by the city platform
//! (the ganzhou mode), whose grant carries the fixed code [`DEMO_CODE`] (named in the README)
//! so that `curl -H 'Authorization: Bearer demo-share-key-ganzhou'
//! http://127.0.0.1:8080/share/v1/<resource>` answers at once; and the housing bureau's
//! request for 户籍人口基本信息 waiting at the administrator. The administrator first allocates
//! the platform accounts of everyone who acts here (`crate::sharing_accounts::allocate`,
//! DATA-ACCOUNTS). Nothing is made when an entry exists.

use calendar::Instant;
use platform::Platform;
use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::roles::Role;
use platform::workflow::Context;
use sharing::entry::{Command, EntryDraft, Field, FieldType, Resource, ResourceKind, SharingClass};
use sharing::request::{Command as RequestCommand, Filing};
use sharing::usecase::{entries, requests};
use sharing::{Acting, EntryId, ResourceId, resource_key};
use sqlx::Row as _;

/// The demo grant's fixed authorization code (README): 区营商环境建设局 on 企业登记信息.
pub const DEMO_CODE: &str = "demo-share-key-ganzhou";

/// The fields the demo grant covers (the others of the dictionary are never answered).
pub const DEMO_GRANTED: [&str; 4] = ["uscc", "name", "status", "established"];

struct Staff {
    acting: Acting,
    audit: AuditActor,
}

/// The first staff user of `unit` holding `role` (the demo's handlers and contacts).
async fn staff_of(platform: &Platform, unit: &str, role: Role) -> anyhow::Result<Option<Staff>> {
    let db = &platform.db;
    let Some(unit) = platform::units::find_by_code(db, unit).await? else {
        return Ok(None);
    };
    let mut tx = db.begin().await?;
    let users = platform::users::with_role(&mut tx, Some(unit.id), role).await?;
    tx.commit().await?;
    let Some(user) = users.first() else {
        return Ok(None);
    };
    let actor = platform::users::load_actor(db, *user)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo account {user} missing"))?;
    Ok(Some(Staff {
        acting: Acting::from(&actor),
        audit: AuditActor::staff(&actor, "127.0.0.1"),
    }))
}

fn field(code: &str, label: &str, kind: FieldType, personal: bool, description: &str) -> Field {
    Field {
        code: code.into(),
        label: label.into(),
        kind,
        description: description.into(),
        personal,
    }
}

fn table(name: &str, frequency: &str) -> Vec<Resource> {
    vec![Resource {
        id: ResourceId(1),
        name: name.into(),
        kind: ResourceKind::Table {
            frequency: frequency.into(),
        },
        online: true,
    }]
}

use FieldType::{Date, Decimal, Text};

const SURNAMES: [&str; 12] = [
    "张", "王", "李", "赵", "刘", "陈", "杨", "黄", "周", "吴", "马", "朱",
];
const GIVEN: [&str; 12] = [
    "伟", "芳", "娜", "敏", "静", "磊", "军", "洋", "勇", "艳", "杰", "霞",
];
const TRADES: [&str; 8] = [
    "商贸",
    "农业科技",
    "建筑工程",
    "餐饮管理",
    "物流",
    "信息技术",
    "文化传媒",
    "食品",
];
const COMMUNITIES: [&str; 5] = ["北街社区", "南关社区", "西街社区", "东环路社区", "青年社区"];

fn person(n: usize) -> String {
    format!(
        "{}{}{}",
        SURNAMES[n % 12],
        GIVEN[(n / 12) % 12],
        GIVEN[(n / 144 + n) % 12]
    )
}

fn date(n: usize, from_year: usize, years: usize) -> String {
    format!(
        "{}-{:02}-{:02}",
        from_year + n % years,
        1 + (n / 7) % 12,
        1 + (n / 3) % 28
    )
}

/// GB 11643's check character of the 17 digits.
fn id_check(digits: &str) -> char {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = digits
        .chars()
        .zip(WEIGHTS)
        .map(|(c, w)| c.to_digit(10).unwrap_or(0) * w)
        .sum();
    ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2']
        .get((sum % 11) as usize)
        .copied()
        .unwrap_or('X')
}

fn id_no(n: usize) -> String {
    let birth = date(n, 1950, 55).replace('-', "");
    let body = format!("620702{birth}{:03}", n % 1000);
    let check = id_check(&body);
    format!("{body}{check}")
}

/// One demo entry: its provider unit, draft, hosted rows and whether it is filed, not shared.
struct Planned {
    unit: &'static str,
    draft: EntryDraft,
    rows: Vec<Vec<String>>,
}

fn plan() -> Vec<Planned> {
    let enterprises: Vec<Vec<String>> = (1..=3000)
        .map(|n| {
            vec![
                format!("91620702MA{n:08}"),
                format!("张掖市甘州区{}{}有限公司", person(n), TRADES[n % 8]),
                person(n + 7),
                format!("{}", 10 * (1 + n % 500)),
                date(n, 2005, 20),
                if n % 9 == 0 { "注销" } else { "存续" }.to_owned(),
                format!("甘州区{}{}号", COMMUNITIES[n % 5], 1 + n % 200),
            ]
        })
        .collect();
    let food: Vec<Vec<String>> = (1..=400)
        .map(|n| {
            vec![
                format!("JY1620702{n:07}"),
                format!(
                    "甘州区{}{}店",
                    person(n + 3),
                    ["餐饮", "食品", "超市"][n % 3]
                ),
                ["餐饮服务", "食品销售", "单位食堂"][n % 3].to_owned(),
                date(n, 2027, 5),
            ]
        })
        .collect();
    let residents: Vec<Vec<String>> = (1..=2000)
        .map(|n| {
            vec![
                id_no(n),
                person(n + 11),
                if n % 2 == 0 { "女" } else { "男" }.to_owned(),
                date(n, 1950, 55),
                format!("甘州区东街街道{}{}号", COMMUNITIES[n % 5], 1 + n % 300),
                COMMUNITIES[n % 5].to_owned(),
            ]
        })
        .collect();
    let insured: Vec<Vec<String>> = (1..=2000)
        .map(|n| {
            vec![
                id_no(n + 5000),
                person(n + 23),
                ["企业职工基本养老保险", "城乡居民基本养老保险", "失业保险"][n % 3].to_owned(),
                if n % 11 == 0 {
                    "暂停缴费"
                } else {
                    "正常参保"
                }
                .to_owned(),
                format!("{}-{:02}", 2010 + n % 16, 1 + n % 12),
            ]
        })
        .collect();
    let employment: Vec<Vec<String>> = (1..=600)
        .map(|n| {
            vec![
                format!("JD2026{n:06}"),
                person(n + 41),
                ["就业登记", "失业登记"][n % 2].to_owned(),
                date(n, 2024, 3),
            ]
        })
        .collect();
    vec![
        Planned {
            unit: "gz-market",
            draft: EntryDraft {
                name: "企业登记信息".into(),
                class: SharingClass::Unconditional,
                fields: vec![
                    field("uscc", "统一社会信用代码", Text, false, "18 位"),
                    field("name", "企业名称", Text, false, ""),
                    field("legal_person", "法定代表人", Text, true, ""),
                    field("capital", "注册资本（万元）", Decimal, false, ""),
                    field("established", "成立日期", Date, false, ""),
                    field("status", "登记状态", Text, false, "存续、注销"),
                    field("address", "住所", Text, false, ""),
                ],
                frequency: "每日".into(),
                resources: table("企业登记库表", "每日"),
            },
            rows: enterprises,
        },
        Planned {
            unit: "gz-market",
            draft: EntryDraft {
                name: "食品经营许可信息".into(),
                class: SharingClass::Unconditional,
                fields: vec![
                    field("licence_no", "许可证编号", Text, false, ""),
                    field("operator", "经营者名称", Text, false, ""),
                    field("scope", "经营项目", Text, false, ""),
                    field("valid_until", "有效期至", Date, false, ""),
                ],
                frequency: "每周".into(),
                resources: table("食品经营许可库表", "每周"),
            },
            rows: food,
        },
        Planned {
            unit: "gz-dongjie",
            draft: EntryDraft {
                name: "户籍人口基本信息".into(),
                class: SharingClass::Conditional {
                    materials: vec![
                        "使用部门盖章的数据使用申请函".into(),
                        "数据安全保密承诺书".into(),
                    ],
                },
                fields: vec![
                    field("id_no", "公民身份号码", Text, true, "GB 11643"),
                    field("name", "姓名", Text, true, ""),
                    field("gender", "性别", Text, false, ""),
                    field("birth_date", "出生日期", Date, true, ""),
                    field("address", "户籍地址", Text, true, ""),
                    field("community", "所属社区", Text, false, ""),
                ],
                frequency: "每月".into(),
                resources: table("户籍人口库表", "每月"),
            },
            rows: residents,
        },
        Planned {
            unit: "gz-hrss",
            draft: EntryDraft {
                name: "社保参保信息".into(),
                class: SharingClass::Conditional {
                    materials: vec!["参保人授权书或法定依据说明".into()],
                },
                fields: vec![
                    field("id_no", "公民身份号码", Text, true, ""),
                    field("name", "姓名", Text, true, ""),
                    field("insurance", "险种", Text, false, ""),
                    field("state", "参保状态", Text, false, ""),
                    field("since", "参保起始年月", Text, false, "YYYY-MM"),
                ],
                frequency: "每月".into(),
                resources: table("社保参保库表", "每月"),
            },
            rows: insured,
        },
        Planned {
            unit: "gz-hrss",
            draft: EntryDraft {
                name: "就业登记信息".into(),
                class: SharingClass::Unconditional,
                fields: vec![
                    field("record_no", "登记编号", Text, false, ""),
                    field("name", "姓名", Text, true, ""),
                    field("kind", "登记类型", Text, false, "就业登记、失业登记"),
                    field("registered", "登记日期", Date, false, ""),
                ],
                frequency: "每周".into(),
                resources: table("就业登记库表", "每周"),
            },
            rows: employment,
        },
        Planned {
            unit: "gz-hrss",
            draft: EntryDraft {
                name: "劳动保障监察举报信息".into(),
                class: SharingClass::NotShared {
                    reason: "含举报人身份及举报内容，须为举报人保密".into(),
                    basis: "《劳动保障监察条例》第二十二条：劳动保障行政部门应当为举报人保密"
                        .into(),
                },
                fields: vec![
                    field("case_no", "案件编号", Text, false, ""),
                    field("informant", "举报人", Text, true, ""),
                    field("content", "举报内容", Text, true, ""),
                ],
                frequency: "实时".into(),
                resources: Vec::new(),
            },
            rows: Vec::new(),
        },
    ]
}

/// Seeds the data sharing demo (nothing when an entry exists or an account is missing).
pub async fn seed(platform: &Platform) -> anyhow::Result<()> {
    let db = &platform.db;
    let existing: i64 = sqlx::query("SELECT COUNT(*) AS n FROM sharing_entries")
        .fetch_one(&db.pool)
        .await?
        .try_get("n")?;
    if existing > 0 {
        return Ok(());
    }
    let Some(admin) = staff_of(platform, "gz-it", Role::DataAdmin).await? else {
        return Ok(());
    };
    // DATA-ACCOUNTS: only holders of an allocated platform account act on the platform.
    crate::sharing_accounts::allocate(platform).await?;
    let profile = platform::jurisdiction::current(db)
        .await?
        .map(|j| j.profile)
        .unwrap_or_default();
    let calendar = platform::workcal::load_current(db).await?;
    let now = Instant::from_millis(now_ms());
    let key = &platform.key;
    let mut made: Vec<(EntryId, &'static str)> = Vec::new();
    for planned in plan() {
        let Some(provider) = staff_of(platform, planned.unit, Role::UnitHandler).await? else {
            continue;
        };
        let shared = planned.draft.class.is_shared();
        let name = if planned.draft.name == "企业登记信息" {
            "enterprises"
        } else if planned.draft.name == "户籍人口基本信息" {
            "residents"
        } else {
            ""
        };
        let context = Context::new(key, &provider.audit, &calendar, &profile, now);
        let id = entries::register(db, &context, &provider.acting, planned.draft)
            .await?
            .entry
            .id;
        entries::execute(db, &context, &provider.acting, id, Command::Submit, None).await?;
        let context = Context::new(key, &admin.audit, &calendar, &profile, now);
        let decision = if shared {
            Command::Publish
        } else {
            Command::File
        };
        entries::execute(db, &context, &admin.acting, id, decision, None).await?;
        if !planned.rows.is_empty() {
            let mut tx = db.begin().await?;
            let resource = resource_key(id, ResourceId(1));
            sharing::store::rows::replace(&mut tx, resource, &planned.rows).await?;
            tx.commit().await?;
        }
        made.push((id, name));
    }
    let entry = |wanted: &str| made.iter().find(|(_, n)| *n == wanted).map(|(id, _)| *id);
    // The business bureau's request for four fields of 企业登记信息, approved upward.
    if let (Some(enterprises), Some(consumer)) = (
        entry("enterprises"),
        staff_of(platform, "gz-business", Role::UnitHandler).await?,
    ) {
        let context = Context::new(key, &consumer.audit, &calendar, &profile, now);
        let filing = Filing {
            entry: enterprises,
            resource: ResourceId(1),
            fields: DEMO_GRANTED.iter().map(|f| (*f).to_owned()).collect(),
            purpose: "企业开办“一件事”中核验企业登记状态".into(),
            flow: "区营商环境建设局 企业服务平台".into(),
            days: 365,
            urgent: false,
            materials: Vec::new(),
            form_attachment: None,
        };
        let request = requests::submit(db, &context, &consumer.acting, filing).await?;
        let context = Context::new(key, &admin.audit, &calendar, &profile, now);
        for command in [
            RequestCommand::ForwardUpward {
                level: "张掖市政务数据共享平台".into(),
            },
            RequestCommand::RecordUpperDecision {
                approved: true,
                refusal: None,
            },
        ] {
            requests::execute(
                db,
                &context,
                &admin.acting,
                request.request.id,
                command,
                None,
            )
            .await?;
        }
        let grant = sharing::store::grants::list_for(db, None)
            .await?
            .into_iter()
            .find(|g| g.grant.request == request.request.id);
        if let Some(grant) = grant {
            let mut tx = db.begin().await?;
            sharing::store::grants::set_code(
                &mut tx,
                grant.grant.id,
                DEMO_CODE,
                consumer.acting.user.0,
                now.millis(),
            )
            .await?;
            tx.commit().await?;
        }
    }
    // The housing bureau's request for 户籍人口基本信息, waiting at the administrator.
    if let (Some(residents), Some(consumer)) = (
        entry("residents"),
        staff_of(platform, "gz-housing", Role::UnitHandler).await?,
    ) {
        let context = Context::new(key, &consumer.audit, &calendar, &profile, now);
        let filing = Filing {
            entry: residents,
            resource: ResourceId(1),
            fields: vec!["id_no".into(), "name".into(), "address".into()],
            purpose: "保障性住房申请家庭户籍核验".into(),
            flow: "区住房和城乡建设局 保障房管理系统".into(),
            days: 730,
            urgent: false,
            materials: vec![
                "甘州区住建局关于申请使用户籍人口数据的函（甘区住建函〔2026〕18号）".into(),
                "数据安全保密承诺书（已签署）".into(),
            ],
            form_attachment: None,
        };
        requests::submit(db, &context, &consumer.acting, filing).await?;
    }
    Ok(())
}
