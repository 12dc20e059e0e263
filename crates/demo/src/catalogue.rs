//! The demo catalogue (SVC-ITEM-FIELDS, SVC-ITEM-TYPES): thirty real-looking items of
//! 甘州区 across the demo departments, each with its legal basis, limits, fees, materials
//! (sample named) and stages, saved and published through the services use cases
//! (`save_item_version`, `publish_item`), as an administrator would. Runs once: a database
//! that has any item is left alone. [`seed_files`] then gives several items a generated
//! sample, blank form and result sample (owner kind `item`) in a new published version; it
//! skips items that already have them.

mod files;

use calendar::{Instant, Limit, LimitUnit};
use platform::attachments::{self, Owner, Policy, Upload};
use platform::audit::AuditActor;
use platform::db::Db;
use platform::personal::DataKey;
use platform::{Error, Result};
use services::item::{
    Basic, CaseType, CrossRegion, DeliveryMethod, Fee, Item, ItemType, Material, MaterialKind,
    MaterialMore, Materials, MoreElements, OnlineDepth, Process, ResultSpec, SourceChannel,
    SpecialProcedure, SpecialStage, Stage, Target, Theme, WindowMode,
};
use services::store::items as item_store;
use services::usecase::online::ITEM_OWNER;
use services::usecase::{publish_item, published_item, save_item_version};
use services::{AttachmentId, ItemId, UnitId};

/// (code, name, e-licence type standing for it, sample or blank form named in the guide)
const MATERIALS: &[(&str, &str, Option<&str>, &str)] = &[
    (
        "id_card",
        "申请人居民身份证",
        Some("居民身份证"),
        "居民身份证正反面复印示例",
    ),
    ("hukou", "居民户口簿", None, "户口簿首页及本人页示例"),
    (
        "photo",
        "近期二寸免冠彩色照片",
        None,
        "证件照规格示例（白底）",
    ),
    ("application", "申请表", None, "《申请表》填写样表"),
    (
        "business_licence",
        "营业执照",
        Some("营业执照"),
        "营业执照（副本）示例",
    ),
    ("premises", "经营场所使用证明", None, "房屋租赁合同样本"),
    ("articles", "公司章程", None, "有限责任公司章程范本"),
    (
        "food_rules",
        "食品安全管理制度",
        None,
        "食品安全管理制度样本",
    ),
    (
        "layout",
        "经营场所平面布局图",
        None,
        "平面布局及设备布局图示例",
    ),
    (
        "birth_cert",
        "出生医学证明",
        Some("出生医学证明"),
        "出生医学证明示例",
    ),
    (
        "marriage_statement",
        "申请结婚登记声明书",
        None,
        "《申请结婚登记声明书》样表",
    ),
    (
        "property_cert",
        "不动产权证书",
        Some("不动产权证书"),
        "不动产权证书示例",
    ),
    (
        "sale_contract",
        "不动产买卖合同",
        None,
        "商品房买卖网签合同样本",
    ),
    ("tax_receipt", "完税凭证", None, "契税完税凭证示例"),
    (
        "site_plan",
        "建设工程设计方案总平面图",
        None,
        "总平面图图例示例",
    ),
    (
        "land_cert",
        "国有土地使用权证明",
        None,
        "土地使用权证明示例",
    ),
    ("fund_card", "住房公积金联名卡", None, "联名卡正面示例"),
    ("purchase_proof", "购房合同及购房发票", None, "购房发票示例"),
    ("disability_form", "残疾评定表", None, "《残疾评定表》样表"),
    (
        "labour_end",
        "解除或终止劳动合同证明",
        None,
        "解除劳动合同证明书样本",
    ),
    ("road_plan", "道路挖掘施工方案", None, "施工方案编制示例"),
    (
        "traffic_plan",
        "交通组织及安全保障方案",
        None,
        "交通组织方案示例",
    ),
    (
        "school_plan",
        "办学章程及发展规划",
        None,
        "民办学校章程示范文本",
    ),
    ("diploma", "学历证书", Some("学历证书"), "学历证书示例"),
    ("health_check", "教师资格认定体检表", None, "《体检表》样表"),
    ("mandarin", "普通话水平测试等级证书", None, "等级证书示例"),
    (
        "drawings",
        "施工图设计文件审查合格书",
        None,
        "审查合格书示例",
    ),
    ("contractor", "施工合同", None, "建设工程施工合同示范文本"),
];

/// One item of the demo catalogue.
struct Spec {
    code: &'static str,
    name: &'static str,
    sub: &'static str,
    unit: &'static str,
    kind: ItemType,
    target: Target,
    theme: &'static str,
    /// 法定 and 承诺 limits in working days; promised 0 is an instant item (即办件).
    legal: u32,
    promised: u32,
    basis: &'static str,
    /// (收费标准, 收费依据) or free.
    fee: Option<(&'static str, &'static str)>,
    result: &'static str,
    licence: Option<&'static str>,
    materials: &'static [&'static str],
    special: Option<(SpecialProcedure, u32)>,
}

use ItemType as T;
use SpecialProcedure as P;
use Target::{LegalPerson as LP, NaturalPerson as NP};

#[rustfmt::skip]
const SPECS: &[Spec] = &[
    Spec { code: "GZ-SC-0001", name: "企业设立登记", sub: "有限责任公司", unit: "gz-market", kind: T::Licensing, target: LP, theme: "设立变更", legal: 15, promised: 1, basis: "《中华人民共和国市场主体登记管理条例》第三条", fee: None, result: "营业执照", licence: Some("营业执照"), materials: &["application", "id_card", "articles", "premises"], special: None },
    Spec { code: "GZ-SC-0002", name: "个体工商户登记", sub: "设立", unit: "gz-market", kind: T::Licensing, target: NP, theme: "设立变更", legal: 15, promised: 0, basis: "《促进个体工商户发展条例》第八条", fee: None, result: "营业执照", licence: Some("营业执照"), materials: &["application", "id_card", "premises"], special: None },
    Spec { code: "GZ-SC-0003", name: "食品经营许可", sub: "新办", unit: "gz-market", kind: T::Licensing, target: LP, theme: "准营准办", legal: 20, promised: 10, basis: "《中华人民共和国食品安全法》第三十五条", fee: None, result: "食品经营许可证", licence: Some("食品经营许可证"), materials: &["application", "business_licence", "id_card", "food_rules", "layout"], special: Some((P::SiteInspection, 5)) },
    Spec { code: "GZ-SC-0004", name: "营业执照变更登记", sub: "", unit: "gz-market", kind: T::Licensing, target: LP, theme: "设立变更", legal: 15, promised: 1, basis: "《中华人民共和国市场主体登记管理条例》第二十四条", fee: None, result: "营业执照", licence: Some("营业执照"), materials: &["application", "business_licence", "id_card"], special: None },
    Spec { code: "GZ-SC-0005", name: "企业注销登记", sub: "简易注销", unit: "gz-market", kind: T::Licensing, target: LP, theme: "法人注销", legal: 10, promised: 3, basis: "《中华人民共和国市场主体登记管理条例》第三十三条", fee: None, result: "准予注销登记通知书", licence: None, materials: &["application", "business_licence"], special: Some((P::PublicNotice, 20)) },
    Spec { code: "GZ-SC-0006", name: "药品零售企业经营许可", sub: "", unit: "gz-market", kind: T::Licensing, target: LP, theme: "准营准办", legal: 30, promised: 15, basis: "《中华人民共和国药品管理法》第五十一条", fee: None, result: "药品经营许可证", licence: Some("药品经营许可证"), materials: &["application", "business_licence", "premises", "layout"], special: Some((P::SiteInspection, 5)) },
    Spec { code: "GZ-SC-0007", name: "特种设备使用登记", sub: "电梯", unit: "gz-market", kind: T::Confirmation, target: LP, theme: "安全生产", legal: 15, promised: 5, basis: "《中华人民共和国特种设备安全法》第三十三条", fee: None, result: "特种设备使用登记证", licence: Some("特种设备使用登记证"), materials: &["application", "business_licence"], special: None },
    Spec { code: "GZ-RS-0001", name: "社会保障卡申领", sub: "首次申领", unit: "gz-hrss", kind: T::PublicService, target: NP, theme: "社会保障", legal: 10, promised: 5, basis: "《社会保障卡管理办法》（人社部发〔2011〕47号）", fee: None, result: "社会保障卡", licence: Some("社会保障卡"), materials: &["id_card", "photo"], special: None },
    Spec { code: "GZ-RS-0002", name: "城乡居民养老保险参保登记", sub: "", unit: "gz-hrss", kind: T::PublicService, target: NP, theme: "社会保障", legal: 5, promised: 0, basis: "《国务院关于建立统一的城乡居民基本养老保险制度的意见》（国发〔2014〕8号）", fee: None, result: "参保登记凭证", licence: None, materials: &["id_card", "hukou"], special: None },
    Spec { code: "GZ-RS-0003", name: "失业登记", sub: "", unit: "gz-hrss", kind: T::PublicService, target: NP, theme: "就业创业", legal: 5, promised: 0, basis: "《就业服务与就业管理规定》第六十三条", fee: None, result: "失业登记凭证", licence: None, materials: &["id_card", "labour_end"], special: None },
    Spec { code: "GZ-RS-0004", name: "失业保险金申领", sub: "", unit: "gz-hrss", kind: T::Payment, target: NP, theme: "就业创业", legal: 10, promised: 5, basis: "《失业保险条例》第十四条", fee: None, result: "失业保险金核定通知", licence: None, materials: &["id_card", "labour_end"], special: None },
    Spec { code: "GZ-RS-0005", name: "就业创业证申领", sub: "", unit: "gz-hrss", kind: T::PublicService, target: NP, theme: "就业创业", legal: 5, promised: 0, basis: "《就业服务与就业管理规定》第六十一条", fee: None, result: "就业创业证", licence: Some("就业创业证"), materials: &["id_card", "photo"], special: None },
    Spec { code: "GZ-RS-0006", name: "工伤认定", sub: "", unit: "gz-hrss", kind: T::Confirmation, target: NP, theme: "社会保障", legal: 60, promised: 30, basis: "《工伤保险条例》第二十条", fee: None, result: "认定工伤决定书", licence: None, materials: &["application", "id_card"], special: Some((P::Appraisal, 20)) },
    Spec { code: "GZ-ZJ-0001", name: "建设工程规划许可", sub: "", unit: "gz-housing", kind: T::Licensing, target: LP, theme: "国土和规划建设", legal: 20, promised: 10, basis: "《中华人民共和国城乡规划法》第四十条", fee: None, result: "建设工程规划许可证", licence: Some("建设工程规划许可证"), materials: &["application", "business_licence", "land_cert", "site_plan"], special: Some((P::PublicNotice, 7)) },
    Spec { code: "GZ-ZJ-0002", name: "建筑工程施工许可", sub: "", unit: "gz-housing", kind: T::Licensing, target: LP, theme: "国土和规划建设", legal: 7, promised: 3, basis: "《中华人民共和国建筑法》第七条", fee: None, result: "建筑工程施工许可证", licence: Some("建筑工程施工许可证"), materials: &["application", "business_licence", "drawings", "contractor"], special: None },
    Spec { code: "GZ-ZJ-0003", name: "不动产登记", sub: "转移登记（二手房买卖）", unit: "gz-housing", kind: T::Confirmation, target: NP, theme: "住房保障", legal: 30, promised: 5, basis: "《不动产登记暂行条例》第二十条", fee: Some(("住宅每件80元", "《关于不动产登记收费标准等有关问题的通知》（发改价格规〔2016〕2559号）")), result: "不动产权证书", licence: Some("不动产权证书"), materials: &["application", "id_card", "property_cert", "sale_contract", "tax_receipt"], special: None },
    Spec { code: "GZ-ZJ-0004", name: "住房公积金提取", sub: "购买自住住房", unit: "gz-housing", kind: T::PublicService, target: NP, theme: "住房保障", legal: 3, promised: 0, basis: "《住房公积金管理条例》第二十四条", fee: None, result: "提取到账通知", licence: None, materials: &["id_card", "fund_card", "purchase_proof"], special: None },
    Spec { code: "GZ-ZJ-0005", name: "城市道路挖掘许可", sub: "", unit: "gz-housing", kind: T::Licensing, target: LP, theme: "交通运输", legal: 20, promised: 5, basis: "《城市道路管理条例》第三十三条", fee: Some(("按挖掘面积缴纳城市道路挖掘修复费", "《城市道路管理条例》第三十三条")), result: "城市道路挖掘许可决定书", licence: None, materials: &["application", "business_licence", "road_plan", "traffic_plan"], special: Some((P::SiteInspection, 3)) },
    Spec { code: "GZ-ZJ-0006", name: "商品房预售许可", sub: "", unit: "gz-housing", kind: T::Licensing, target: LP, theme: "国土和规划建设", legal: 10, promised: 5, basis: "《城市商品房预售管理办法》第六条", fee: None, result: "商品房预售许可证", licence: Some("商品房预售许可证"), materials: &["application", "business_licence", "land_cert", "drawings"], special: Some((P::SiteInspection, 3)) },
    Spec { code: "GZ-ZJ-0007", name: "公共租赁住房申请", sub: "", unit: "gz-housing", kind: T::Payment, target: NP, theme: "住房保障", legal: 30, promised: 20, basis: "《公共租赁住房管理办法》第七条", fee: None, result: "公共租赁住房资格确认书", licence: None, materials: &["application", "id_card", "hukou"], special: Some((P::PublicNotice, 5)) },
    Spec { code: "GZ-JY-0001", name: "民办学校办学许可", sub: "设立", unit: "gz-education", kind: T::Licensing, target: LP, theme: "文体教育", legal: 90, promised: 30, basis: "《中华人民共和国民办教育促进法》第十二条", fee: None, result: "民办学校办学许可证", licence: Some("民办学校办学许可证"), materials: &["application", "school_plan", "premises"], special: Some((P::ExpertReview, 10)) },
    Spec { code: "GZ-JY-0002", name: "教师资格认定", sub: "幼儿园、小学、初级中学", unit: "gz-education", kind: T::Licensing, target: NP, theme: "职业资格", legal: 30, promised: 20, basis: "《教师资格条例》第十三条", fee: None, result: "教师资格证书", licence: Some("教师资格证书"), materials: &["application", "id_card", "diploma", "health_check", "mandarin", "photo"], special: None },
    Spec { code: "GZ-JY-0003", name: "义务教育阶段入学登记", sub: "小学一年级", unit: "gz-education", kind: T::PublicService, target: NP, theme: "教育科研", legal: 10, promised: 5, basis: "《中华人民共和国义务教育法》第十二条", fee: None, result: "入学通知书", licence: None, materials: &["hukou", "birth_cert", "property_cert"], special: None },
    Spec { code: "GZ-ZW-0001", name: "居民身份证换领", sub: "有效期满换领", unit: "gz-service", kind: T::PublicService, target: NP, theme: "证件办理", legal: 60, promised: 30, basis: "《中华人民共和国居民身份证法》第八条", fee: Some(("每证20元", "《关于居民身份证收费标准及有关问题的通知》（发改价格〔2003〕2322号）")), result: "居民身份证", licence: Some("居民身份证"), materials: &["id_card", "hukou"], special: None },
    Spec { code: "GZ-ZW-0002", name: "新生儿出生登记（落户）", sub: "", unit: "gz-service", kind: T::Confirmation, target: NP, theme: "户籍办理", legal: 5, promised: 0, basis: "《中华人民共和国户口登记条例》第七条", fee: None, result: "居民户口簿（增页）", licence: None, materials: &["birth_cert", "hukou", "id_card"], special: None },
    Spec { code: "GZ-ZW-0003", name: "出生医学证明首次签发", sub: "", unit: "gz-service", kind: T::Confirmation, target: NP, theme: "生育收养", legal: 5, promised: 1, basis: "《中华人民共和国母婴保健法》第二十三条", fee: None, result: "出生医学证明", licence: Some("出生医学证明"), materials: &["application", "id_card"], special: None },
    Spec { code: "GZ-ZW-0004", name: "内地居民结婚登记", sub: "", unit: "gz-service", kind: T::Confirmation, target: NP, theme: "婚姻登记", legal: 1, promised: 0, basis: "《婚姻登记条例》第七条", fee: None, result: "结婚证", licence: Some("结婚证"), materials: &["id_card", "hukou", "photo", "marriage_statement"], special: None },
    Spec { code: "GZ-ZW-0005", name: "残疾人证核发", sub: "新办", unit: "gz-dongjie", kind: T::Confirmation, target: NP, theme: "优待抚恤", legal: 30, promised: 15, basis: "《中国残疾人联合会关于印发〈中华人民共和国残疾人证管理办法〉的通知》", fee: None, result: "中华人民共和国残疾人证", licence: Some("残疾人证"), materials: &["application", "id_card", "hukou", "photo", "disability_form"], special: Some((P::Appraisal, 10)) },
    Spec { code: "GZ-ZW-0006", name: "最低生活保障申请", sub: "城市", unit: "gz-nanjie", kind: T::Payment, target: NP, theme: "社会保障", legal: 30, promised: 20, basis: "《社会救助暂行办法》第十一条", fee: None, result: "最低生活保障审批决定", licence: None, materials: &["application", "id_card", "hukou"], special: Some((P::PublicNotice, 7)) },
    Spec { code: "GZ-ZW-0007", name: "农村宅基地和建房（规划许可）审批", sub: "", unit: "gz-liangjiadun", kind: T::Licensing, target: NP, theme: "住房保障", legal: 20, promised: 15, basis: "《中华人民共和国土地管理法》第六十二条", fee: None, result: "乡村建设规划许可证", licence: Some("乡村建设规划许可证"), materials: &["application", "id_card", "hukou", "site_plan"], special: Some((P::SiteInspection, 5)) },
];

fn wd(amount: u32) -> Limit {
    Limit {
        amount,
        unit: LimitUnit::WorkingDays,
    }
}

fn material(code: &str, basis: &str) -> Result<Material> {
    let &(code, name, licence, sample) = MATERIALS
        .iter()
        .find(|entry| entry.0 == code)
        .ok_or_else(|| Error::invalid(format!("演示材料 {code} 未定义")))?;
    let issuer = if licence.is_some() {
        "核发证照的政府部门"
    } else {
        "申请人"
    };
    Ok(Material {
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
        requirements: format!("原件核验，复印件加签“与原件一致”；参见{sample}"),
        copies: 1,
        required: true,
        licence_type: licence.map(str::to_owned),
        sample: None,
        blank_form: None,
        more: MaterialMore {
            specification: "A4".into(),
            filling_notes: String::new(),
            electronic_copy: true,
            // SVC-MATERIAL-BASIS: every material names its basis (the item's, in the demo).
            legal_basis: basis.into(),
            issuing_department: issuer.into(),
            intermediary_contact: String::new(),
        },
    })
}

fn stages(promised: u32, department: UnitId) -> Vec<Stage> {
    let stage = |name: &str, role: &str, days: u32| Stage {
        name: name.into(),
        department,
        handler_role: role.into(),
        limit: wd(days),
        window: String::new(),
    };
    match promised {
        0 => Vec::new(),
        1 => vec![stage("审查决定", "审批人", 1)],
        days => {
            let review = days - days / 3;
            vec![
                stage("审查", "审核人", review),
                stage("决定", "分管领导", days - review),
            ]
        }
    }
}

fn build(spec: &Spec, department: UnitId, window: UnitId) -> Result<Item> {
    let licensed = spec.licence.is_some();
    let item = Item {
        basic: Basic {
            main_name: spec.name.into(),
            sub_name: spec.sub.into(),
            item_type: spec.kind,
            case_type: if spec.promised == 0 {
                CaseType::Instant
            } else {
                CaseType::Promised
            },
            department,
            authority_source: "法定本级行使".into(),
            exercise_level: "县级".into(),
            legal_limit: wd(spec.legal),
            promised_limit: wd(spec.promised),
            acceptance_limit: wd(1),
            fee: match spec.fee {
                None => Fee::Free,
                Some((standard, basis)) => Fee::Charged {
                    standard: standard.into(),
                    basis: basis.into(),
                },
            },
            result: ResultSpec {
                name: spec.result.into(),
                sample: None,
                licence_type: spec.licence.map(str::to_owned),
            },
            delivery: if licensed {
                vec![
                    DeliveryMethod::PickUp,
                    DeliveryMethod::Post,
                    DeliveryMethod::Electronic,
                ]
            } else {
                vec![DeliveryMethod::PickUp, DeliveryMethod::Electronic]
            },
            onsite_visits: u32::from(spec.promised > 0 && licensed),
            cross_region: CrossRegion::Province,
            supervision_phone: "0936-12345".into(),
            consultation_phone: "0936-8213456".into(),
            office_hours: "工作日 08:30-12:00，14:30-18:00（夏季 15:00-18:30）".into(),
            office_address: "张掖市甘州区政务服务中心（县府街东段）一楼综合窗口".into(),
            intermediary_services: Vec::new(),
            acceptance_criteria: format!(
                "申请人符合{}规定的条件，申请材料齐全、符合法定形式",
                spec.basis
            ),
            legal_basis: spec.basis.into(),
            targets: vec![spec.target],
            themes: vec![Theme::parse(spec.target, spec.theme).map_err(Error::from)?],
            topics: Vec::new(),
            offers_prereview: spec.promised >= 10,
            window: if window == department {
                WindowMode::Professional
            } else {
                WindowMode::Comprehensive { window }
            },
            more: MoreElements {
                permit_quantity: "不限".into(),
                fee_method: if spec.fee.is_some() {
                    "窗口缴费、网上缴费".into()
                } else {
                    String::new()
                },
                directions: "乘坐 1 路、6 路公交车至县府街站下车，步行 100 米".into(),
                handling_form: "窗口办理、网上办理".into(),
                review_standard: format!("依据{}审查申请材料的完整性和法定形式", spec.basis),
                online_depth: if spec.promised >= 10 {
                    OnlineDepth::PreReview
                } else {
                    OnlineDepth::Forms
                },
                online_url: format!("https://zwfw.gansu.gov.cn/ganzhou/item/{}", spec.code),
                needs_online_address: spec.fee.is_some(),
                // SVC-ONE-DOOR, SVC-STATUS: the departments mark these in the editor.
                in_hall: false,
                publish_results: false,
            },
        },
        process: Process {
            stages: stages(spec.promised, department),
            special: spec
                .special
                .map(|(procedure, days)| SpecialStage {
                    procedure,
                    limit: wd(days),
                })
                .into_iter()
                .collect(),
            parallel: Vec::new(),
        },
        materials: Materials::List(
            spec.materials
                .iter()
                .map(|code| material(code, spec.basis))
                .collect::<Result<Vec<_>>>()?,
        ),
    };
    item.validate().map_err(Error::from)
}

async fn unit_id(db: &Db, code: &str) -> Result<UnitId> {
    platform::units::find_by_code(db, code)
        .await?
        .map(|unit| UnitId(unit.id))
        .ok_or_else(|| Error::invalid(format!("演示单位 {code} 不存在，请先初始化演示辖区")))
}

/// Publishes the demo catalogue once; returns how many items it published (0 when the
/// catalogue already had items). Needs the demo jurisdiction (`platform::demo::seed`).
pub async fn seed(db: &Db, actor: &AuditActor) -> Result<usize> {
    if item_store::count(db).await? > 0 {
        return Ok(0);
    }
    let now = Instant::from_millis(platform::db::now_ms());
    let window = unit_id(db, "gz-service").await?;
    for spec in SPECS {
        let department = unit_id(db, spec.unit).await?;
        let item = build(spec, department, window)?;
        let (id, _) = save_item_version(db, actor, spec.code, item, now).await?;
        publish_item(db, actor, id, now).await?;
    }
    Ok(SPECS.len())
}

/// Items of the demo catalogue that get generated files.
const ITEMS_WITH_FILES: &[&str] = &[
    "GZ-SC-0001",
    "GZ-SC-0003",
    "GZ-ZJ-0001",
    "GZ-ZJ-0003",
    "GZ-RS-0006",
    "GZ-ZW-0005",
];

/// The fields of every demo blank form.
const FORM_FIELDS: &[&str] = &[
    "申请人（单位）名称",
    "统一社会信用代码/身份证号",
    "法定代表人/经办人",
    "联系电话",
    "通讯地址",
    "申请事项及内容",
    "申请人签字（盖章）",
    "申请日期",
];

async fn store_file(
    tx: &mut platform::db::Tx,
    key: &DataKey,
    item: ItemId,
    label: String,
    bytes: Vec<u8>,
    now: Instant,
) -> Result<AttachmentId> {
    let owner = Owner {
        kind: ITEM_OWNER,
        id: item.0,
    };
    let upload = Upload {
        file_name: format!("{label}.bin"),
        label,
        bytes,
    };
    let id = attachments::store(tx, key, owner, &Policy::MATERIAL, &upload, now.millis()).await?;
    Ok(AttachmentId(id))
}

/// SVC-ITEM-FIELDS: gives the items of [`ITEMS_WITH_FILES`] a sample (PDF) and a blank form
/// (Excel) for their application form, and a result sample (PDF) for licences, stored as
/// attachments of the item and published as a new version. Returns how many items it
/// changed; an item that already has a sample or blank form is left alone.
pub async fn seed_files(db: &Db, key: &DataKey, actor: &AuditActor) -> Result<usize> {
    let now = Instant::from_millis(platform::db::now_ms());
    let mut changed = 0;
    for code in ITEMS_WITH_FILES {
        let Some(published) = published_item(db, code).await? else {
            continue;
        };
        let mut item = published.item.clone();
        let has_files = item
            .materials
            .list()
            .iter()
            .any(|m| m.sample.is_some() || m.blank_form.is_some());
        if has_files {
            continue;
        }
        let name = if item.basic.sub_name.is_empty() {
            item.basic.main_name.clone()
        } else {
            format!("{}（{}）", item.basic.main_name, item.basic.sub_name)
        };
        let mut tx = db.begin().await?;
        if let Materials::List(list) = &mut item.materials {
            for material in list.iter_mut().filter(|m| m.code == "application") {
                let lines = vec![
                    format!("事项：{name}"),
                    "申请人（单位）名称：甘州区示例商贸有限公司".to_owned(),
                    "法定代表人：张示例　联系电话：0936-0000000".to_owned(),
                    "申请内容：按本事项办事指南填写".to_owned(),
                    "申请人签字（盖章）：（签字）　日期：2025年3月3日".to_owned(),
                    "本样表为演示数据，仅示范填写方式。".to_owned(),
                ];
                let sample = files::sample_pdf(&format!("《{}》填写样表", material.name), &lines);
                material.sample = Some(
                    store_file(
                        &mut tx,
                        key,
                        published.id,
                        format!("{}样表", material.name),
                        sample,
                        now,
                    )
                    .await?,
                );
                let blank =
                    files::blank_form_xlsx(&format!("{name} {}", material.name), FORM_FIELDS)
                        .map_err(|e| Error::Unexpected(anyhow::anyhow!("blank form: {e}")))?;
                material.blank_form = Some(
                    store_file(
                        &mut tx,
                        key,
                        published.id,
                        format!("{}空白表格", material.name),
                        blank,
                        now,
                    )
                    .await?,
                );
            }
        }
        if item.basic.result.licence_type.is_some() {
            let result = item.basic.result.name.clone();
            let lines = vec![
                format!("事项：{name}"),
                format!("证照名称：{result}"),
                "持证主体：甘州区示例商贸有限公司".to_owned(),
                "发证机关：张掖市甘州区（演示）".to_owned(),
                "本样本为演示数据，不具有法律效力。".to_owned(),
            ];
            let sample = files::sample_pdf(&format!("{result}（样本）"), &lines);
            item.basic.result.sample = Some(
                store_file(
                    &mut tx,
                    key,
                    published.id,
                    format!("{result}样本"),
                    sample,
                    now,
                )
                .await?,
            );
        }
        tx.commit().await?;
        let (id, _) = save_item_version(db, actor, code, item, now).await?;
        publish_item(db, actor, id, now).await?;
        changed += 1;
    }
    Ok(changed)
}
