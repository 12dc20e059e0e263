//! The services bench's catalogue: `--items` items (on the units of the bench jurisdiction,
//! created by `generate::jurisdiction_and_units` as for the hotline bench, or reused when
//! that ran first) built like the demo catalogue
//! (`demo::catalogue`) from a dozen real-looking templates, spread over the units, each
//! claimed and published through the item machine (`save_item_version`, `publish_item`).

use anyhow::Context as _;
use calendar::{Instant, Limit, LimitUnit};
use platform::audit::AuditActor;
use platform::db::Db;
use services::item::{
    Basic, CaseType, CrossRegion, DeliveryMethod, Fee, Item, ItemType, Material, MaterialKind,
    MaterialMore, Materials, MoreElements, Process, ResultSpec, SourceChannel, SpecialProcedure,
    SpecialStage, Stage, Target, Theme, WindowMode,
};
use services::usecase::{PublishedItem, publish_item, published_item, save_item_version};
use services::{ServiceError, UnitId};
use sqlx::Row as _;

/// The prefix of the bench's item codes.
pub const ITEM_PREFIX: &str = "BN-";

/// One item template: name, type, target, theme, legal and promised working days, special
/// procedure, e-licence, materials (code, name, e-licence type).
struct Template {
    name: &'static str,
    kind: ItemType,
    target: Target,
    theme: &'static str,
    legal: u32,
    promised: u32,
    special: Option<(SpecialProcedure, u32)>,
    licence: Option<&'static str>,
    materials: &'static [(&'static str, &'static str, Option<&'static str>)],
}

const ID_CARD: (&str, &str, Option<&str>) = ("id_card", "申请人居民身份证", Some("居民身份证"));
const APPLICATION: (&str, &str, Option<&str>) = ("application", "申请表", None);
const LICENCE: (&str, &str, Option<&str>) = ("business_licence", "营业执照", Some("营业执照"));
const HUKOU: (&str, &str, Option<&str>) = ("hukou", "居民户口簿", None);
const PREMISES: (&str, &str, Option<&str>) = ("premises", "经营场所使用证明", None);
const PHOTO: (&str, &str, Option<&str>) = ("photo", "近期二寸免冠彩色照片", None);
const PLAN: (&str, &str, Option<&str>) = ("site_plan", "建设工程设计方案总平面图", None);

use ItemType as T;
use SpecialProcedure as P;
use Target::{LegalPerson as LP, NaturalPerson as NP};

#[rustfmt::skip]
const TEMPLATES: &[Template] = &[
    Template { name: "企业设立登记", kind: T::Licensing, target: LP, theme: "设立变更", legal: 15, promised: 1, special: None, licence: Some("营业执照"), materials: &[APPLICATION, ID_CARD, PREMISES] },
    Template { name: "食品经营许可", kind: T::Licensing, target: LP, theme: "准营准办", legal: 20, promised: 10, special: Some((P::SiteInspection, 5)), licence: Some("食品经营许可证"), materials: &[APPLICATION, LICENCE, ID_CARD, PREMISES] },
    Template { name: "社会保障卡申领", kind: T::PublicService, target: NP, theme: "社会保障", legal: 10, promised: 5, special: None, licence: Some("社会保障卡"), materials: &[ID_CARD, PHOTO] },
    Template { name: "城乡居民养老保险参保登记", kind: T::PublicService, target: NP, theme: "社会保障", legal: 5, promised: 0, special: None, licence: None, materials: &[ID_CARD, HUKOU] },
    Template { name: "失业保险金申领", kind: T::Payment, target: NP, theme: "就业创业", legal: 10, promised: 5, special: None, licence: None, materials: &[ID_CARD, APPLICATION] },
    Template { name: "建设工程规划许可", kind: T::Licensing, target: LP, theme: "国土和规划建设", legal: 20, promised: 10, special: Some((P::PublicNotice, 7)), licence: Some("建设工程规划许可证"), materials: &[APPLICATION, LICENCE, PLAN] },
    Template { name: "不动产登记", kind: T::Confirmation, target: NP, theme: "住房保障", legal: 30, promised: 5, special: None, licence: Some("不动产权证书"), materials: &[APPLICATION, ID_CARD, HUKOU] },
    Template { name: "居民身份证换领", kind: T::PublicService, target: NP, theme: "证件办理", legal: 60, promised: 30, special: None, licence: Some("居民身份证"), materials: &[ID_CARD, HUKOU, PHOTO] },
    Template { name: "最低生活保障申请", kind: T::Payment, target: NP, theme: "社会保障", legal: 30, promised: 20, special: Some((P::PublicNotice, 7)), licence: None, materials: &[APPLICATION, ID_CARD, HUKOU] },
    Template { name: "残疾人证核发", kind: T::Confirmation, target: NP, theme: "优待抚恤", legal: 30, promised: 15, special: Some((P::Appraisal, 10)), licence: Some("残疾人证"), materials: &[APPLICATION, ID_CARD, PHOTO] },
    Template { name: "个体工商户登记", kind: T::Licensing, target: NP, theme: "设立变更", legal: 15, promised: 0, special: None, licence: Some("营业执照"), materials: &[APPLICATION, ID_CARD, PREMISES] },
    Template { name: "城市道路挖掘许可", kind: T::Licensing, target: LP, theme: "交通运输", legal: 20, promised: 5, special: Some((P::SiteInspection, 3)), licence: None, materials: &[APPLICATION, LICENCE, PLAN] },
];

fn wd(amount: u32) -> Limit {
    Limit {
        amount,
        unit: LimitUnit::WorkingDays,
    }
}

fn invalid(error: ServiceError) -> anyhow::Error {
    anyhow::anyhow!("{error}")
}

/// The units of the bench jurisdiction (a previous bench run's), in creation order.
pub async fn bench_units(db: &Db) -> anyhow::Result<Vec<i64>> {
    let rows = sqlx::query("SELECT id FROM units WHERE code LIKE 'bench-u%' ORDER BY id")
        .fetch_all(&db.pool)
        .await?;
    rows.iter()
        .map(|row| Ok(row.try_get::<i64, _>("id")?))
        .collect()
}

fn build(template: &Template, index: u32, department: UnitId) -> anyhow::Result<Item> {
    let materials = template
        .materials
        .iter()
        .map(|&(code, name, licence)| Material {
            code: code.into(),
            name: name.into(),
            kind: if licence.is_some() {
                MaterialKind::OriginalAndCopy
            } else {
                MaterialKind::Original
            },
            source: if licence.is_some() {
                SourceChannel::Government
            } else {
                SourceChannel::Applicant
            },
            criteria: "内容真实完整、字迹清晰，在有效期内".into(),
            requirements: "原件核验，复印件加签“与原件一致”".into(),
            copies: 1,
            required: true,
            licence_type: licence.map(str::to_owned),
            sample: None,
            blank_form: None,
            more: MaterialMore {
                legal_basis: "《行政许可法》第三十一条".into(),
                ..MaterialMore::default()
            },
        })
        .collect();
    let stage = |name: &str, role: &str, days: u32| Stage {
        name: name.into(),
        department,
        handler_role: role.into(),
        limit: wd(days),
        window: String::new(),
    };
    let stages = match template.promised {
        0 => Vec::new(),
        1 => vec![stage("审查决定", "审批人", 1)],
        days => {
            let review = days - days / 3;
            vec![
                stage("审查", "审核人", review),
                stage("决定", "分管领导", days - review),
            ]
        }
    };
    let basis = format!("《{}管理办法》第{}条", template.name, index % 40 + 1);
    let item = Item {
        basic: Basic {
            main_name: template.name.into(),
            sub_name: format!("第{}类", index / TEMPLATES.len() as u32 + 1),
            item_type: template.kind,
            case_type: if template.promised == 0 {
                CaseType::Instant
            } else {
                CaseType::Promised
            },
            department,
            authority_source: "法定本级行使".into(),
            exercise_level: "县级".into(),
            legal_limit: wd(template.legal),
            promised_limit: wd(template.promised),
            acceptance_limit: wd(1),
            fee: Fee::Free,
            result: ResultSpec {
                name: template.licence.unwrap_or("办理结果通知书").into(),
                sample: None,
                licence_type: template.licence.map(str::to_owned),
            },
            delivery: vec![DeliveryMethod::PickUp, DeliveryMethod::Electronic],
            onsite_visits: u32::from(template.promised > 0 && template.licence.is_some()),
            cross_region: CrossRegion::Province,
            supervision_phone: "0000-12345".into(),
            consultation_phone: "0000-8200000".into(),
            office_hours: "工作日 08:30-12:00，14:30-18:00".into(),
            office_address: "基准测试区政务服务中心一楼综合窗口".into(),
            intermediary_services: Vec::new(),
            acceptance_criteria: format!("申请人符合{basis}规定的条件，申请材料齐全、符合法定形式"),
            legal_basis: basis,
            targets: vec![template.target],
            themes: vec![Theme::parse(template.target, template.theme).map_err(invalid)?],
            topics: Vec::new(),
            offers_prereview: template.promised >= 10,
            window: WindowMode::Professional,
            more: MoreElements::default(),
        },
        process: Process {
            stages,
            special: template
                .special
                .map(|(procedure, days)| SpecialStage {
                    procedure,
                    limit: wd(days),
                })
                .into_iter()
                .collect(),
            parallel: Vec::new(),
        },
        materials: Materials::List(materials),
    };
    item.validate().map_err(invalid)
}

/// Claims and publishes `n_items` items over `unit_ids` (item `i` to unit `i mod n`).
pub async fn create_items(db: &Db, n_items: u32, unit_ids: &[i64]) -> anyhow::Result<()> {
    let actor = AuditActor::system("bench");
    let now = Instant::from_millis(platform::db::now_ms());
    for index in 0..n_items {
        let i = usize::try_from(index).unwrap_or(0);
        let template = TEMPLATES
            .get(i % TEMPLATES.len())
            .context("no item template")?;
        let unit = unit_ids
            .get(i % unit_ids.len().max(1))
            .copied()
            .context("no unit for the items")?;
        let item = build(template, index, UnitId(unit))?;
        let code = format!("{ITEM_PREFIX}{index:05}");
        let (id, _) = save_item_version(db, &actor, &code, item, now).await?;
        publish_item(db, &actor, id, now).await?;
    }
    Ok(())
}

/// The bench's published items, in code order.
pub async fn load_items(db: &Db) -> anyhow::Result<Vec<PublishedItem>> {
    let rows = sqlx::query("SELECT code FROM svc_items WHERE code LIKE 'BN-%' ORDER BY code")
        .fetch_all(&db.pool)
        .await?;
    let mut items = Vec::with_capacity(rows.len());
    for row in &rows {
        let code: String = row.try_get("code")?;
        if let Some(published) = published_item(db, &code).await? {
            items.push(published);
        }
    }
    Ok(items)
}
