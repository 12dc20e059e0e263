//! The guide elements of a service item (SVC-ITEM-FIELDS) and its classifications
//! (SVC-ITEM-TYPES): basic, process and materials.

use calendar::Limit;

use crate::item::process::{Materials, Process};
use crate::{AttachmentId, UnitId};

/// SVC-ITEM-TYPES: the ten administrative-power types and public service (002 网站规范 §21(二)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum ItemType {
    /// 行政许可.
    Licensing,
    /// 行政确认.
    Confirmation,
    /// 行政给付.
    Payment,
    /// 行政征收.
    Levy,
    /// 行政处罚.
    Penalty,
    /// 行政强制.
    Enforcement,
    /// 行政检查.
    Inspection,
    /// 行政奖励.
    Reward,
    /// 行政裁决.
    Adjudication,
    /// 其他行政权力.
    OtherPower,
    /// 公共服务.
    PublicService,
}

impl ItemType {
    /// Every type, in the order of SVC-ITEM-TYPES.
    pub const ALL: [ItemType; 11] = [
        ItemType::Licensing,
        ItemType::Confirmation,
        ItemType::Payment,
        ItemType::Levy,
        ItemType::Penalty,
        ItemType::Enforcement,
        ItemType::Inspection,
        ItemType::Reward,
        ItemType::Adjudication,
        ItemType::OtherPower,
        ItemType::PublicService,
    ];

    /// The Chinese label.
    pub const fn label_zh(self) -> &'static str {
        match self {
            ItemType::Licensing => "行政许可",
            ItemType::Confirmation => "行政确认",
            ItemType::Payment => "行政给付",
            ItemType::Levy => "行政征收",
            ItemType::Penalty => "行政处罚",
            ItemType::Enforcement => "行政强制",
            ItemType::Inspection => "行政检查",
            ItemType::Reward => "行政奖励",
            ItemType::Adjudication => "行政裁决",
            ItemType::OtherPower => "其他行政权力",
            ItemType::PublicService => "公共服务",
        }
    }

    /// 002 网站规范 §21(二)1(1): administrative power (行政权力事项) or public service.
    pub const fn is_administrative_power(self) -> bool {
        !matches!(self, ItemType::PublicService)
    }
}

/// SVC-ITEM-TYPES: whom the item serves (002 网站规范 §21(二)1(2)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Target {
    /// 自然人.
    NaturalPerson,
    /// 法人.
    LegalPerson,
}

impl Target {
    /// 自然人, 法人.
    pub const fn label_zh(self) -> &'static str {
        match self {
            Target::NaturalPerson => "自然人",
            Target::LegalPerson => "法人",
        }
    }

    /// The life-event themes for this target, in life-cycle order (002 网站规范 §21(二)1(4)).
    pub const fn themes(self) -> &'static [&'static str] {
        match self {
            Target::NaturalPerson => PERSON_THEMES,
            Target::LegalPerson => LEGAL_PERSON_THEMES,
        }
    }
}

/// 面向自然人的服务主题 (002 网站规范 §21(二)1(4)), in the order of a person's life.
pub const PERSON_THEMES: &[&str] = &[
    "生育收养",
    "户籍办理",
    "民族宗教",
    "教育科研",
    "入伍服役",
    "就业创业",
    "设立变更",
    "准营准办",
    "抵押质押",
    "职业资格",
    "行政缴费",
    "婚姻登记",
    "优待抚恤",
    "住房保障",
    "社会保障",
    "证件办理",
    "交通出行",
    "旅游观光",
    "出境入境",
    "消费维权",
    "公共安全",
    "司法公证",
    "知识产权",
    "环保绿化",
    "文化体育",
    "公用事业",
    "医疗卫生",
    "离职退休",
    "死亡殡葬",
    "其他",
];

/// 面向法人的服务主题 (002 网站规范 §21(二)1(4)), in the order of an enterprise's life.
pub const LEGAL_PERSON_THEMES: &[&str] = &[
    "设立变更",
    "准营准办",
    "资质认证",
    "年检年审",
    "税收财务",
    "人力资源",
    "社会保障",
    "投资审批",
    "融资信贷",
    "抵押质押",
    "商务贸易",
    "招标拍卖",
    "海关口岸",
    "涉外服务",
    "农林牧渔",
    "国土和规划建设",
    "交通运输",
    "环保绿化",
    "应对气候变化",
    "水务气象",
    "医疗卫生",
    "科技创新",
    "文体教育",
    "知识产权",
    "民族宗教",
    "质量技术",
    "检验检疫",
    "安全生产",
    "公安消防",
    "司法公证",
    "公用事业",
    "法人注销",
    "档案文物",
    "其他",
];

/// A life-event theme, checked against the list of its target (SVC-ITEM-TYPES).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Theme {
    target: Target,
    label: &'static str,
}

impl serde::Serialize for Theme {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serde::Serialize::serialize(&(self.target, self.label), s)
    }
}

impl<'de> serde::Deserialize<'de> for Theme {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Theme, D::Error> {
        let (target, label) = <(Target, String) as serde::Deserialize>::deserialize(d)?;
        Theme::parse(target, &label).map_err(serde::de::Error::custom)
    }
}

impl Theme {
    /// The theme named `label` in `target`'s list, or a Chinese error naming the list.
    pub fn parse(target: Target, label: &str) -> Result<Theme, crate::ServiceError> {
        let wanted = label.trim();
        target
            .themes()
            .iter()
            .find(|&&known| known == wanted)
            .map(|&known| Theme {
                target,
                label: known,
            })
            .ok_or_else(|| {
                crate::ServiceError::invalid(format!(
                    "“{wanted}”不是面向{}的服务主题",
                    target.label_zh()
                ))
            })
    }

    /// The target whose list holds it.
    pub fn target(&self) -> Target {
        self.target
    }

    /// The label.
    pub fn label(&self) -> &'static str {
        self.label
    }
}

/// 即办件 / 承诺件 (SVC-ITEM-FIELDS).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum CaseType {
    /// 即办件: concluded on the spot; the promised limit is 0.
    Instant,
    /// 承诺件: concluded within the promised limit.
    Promised,
}

impl CaseType {
    /// 即办件, 承诺件.
    pub const fn label_zh(self) -> &'static str {
        match self {
            CaseType::Instant => "即办件",
            CaseType::Promised => "承诺件",
        }
    }
}

/// Fees (是否收费, 收费标准及依据).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Fee {
    /// 不收费.
    Free,
    /// 收费, with the standard and its basis (published on the portal, 000 §中心-18).
    Charged {
        /// 收费标准.
        standard: String,
        /// 收费依据.
        basis: String,
    },
}

/// 结果送达 methods (SVC-ITEM-FIELDS), also chosen per case at delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum DeliveryMethod {
    /// 窗口领取.
    PickUp,
    /// 邮寄送达.
    Post,
    /// 电子送达 (e-licence, e-document).
    Electronic,
}

impl DeliveryMethod {
    /// The Chinese label.
    pub const fn label_zh(self) -> &'static str {
        match self {
            DeliveryMethod::PickUp => "窗口领取",
            DeliveryMethod::Post => "邮寄送达",
            DeliveryMethod::Electronic => "电子送达",
        }
    }
}

/// 通办范围.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum CrossRegion {
    /// 不支持通办.
    None,
    /// 市内通办.
    City,
    /// 省内通办.
    Province,
    /// 跨省通办.
    National,
}

/// What the item produces (结果名称、类型、样本); a licence is issued as an e-licence
/// (SVC-ELICENCE).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ResultSpec {
    /// 审批结果名称, e.g. 营业执照.
    pub name: String,
    /// 结果样本.
    pub sample: Option<AttachmentId>,
    /// The e-licence type issued into the licence library, when the result is a licence.
    pub licence_type: Option<String>,
}

/// Where the item is accepted in the hall (SVC-WINDOW).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum WindowMode {
    /// 专业窗口: the department's own window accepts.
    Professional,
    /// 事进人不进: the comprehensive window `window` accepts and delivers for the department
    /// (000 §中心-7(一)2).
    Comprehensive {
        /// The service centre unit that runs the comprehensive window.
        window: UnitId,
    },
}

/// Basic elements (基本要素) of SVC-ITEM-FIELDS.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Basic {
    /// 主项名称.
    pub main_name: String,
    /// 子项名称 (empty when none).
    pub sub_name: String,
    /// 事项类型.
    pub item_type: ItemType,
    /// 办件类型.
    pub case_type: CaseType,
    /// 实施主体 (the implementing department).
    pub department: UnitId,
    /// 权力来源.
    pub authority_source: String,
    /// 行使层级.
    pub exercise_level: String,
    /// 法定办结时限 (WD).
    #[serde(with = "crate::snapshot::limit")]
    pub legal_limit: Limit,
    /// 承诺办结时限 (WD), counted from acceptance (SVC-PROMISE).
    #[serde(with = "crate::snapshot::limit")]
    pub promised_limit: Limit,
    /// 受理时限 (WD), counted from submission (SVC-ACCEPT).
    #[serde(with = "crate::snapshot::limit")]
    pub acceptance_limit: Limit,
    /// 是否收费.
    pub fee: Fee,
    /// 审批结果.
    pub result: ResultSpec,
    /// 结果送达方式.
    pub delivery: Vec<DeliveryMethod>,
    /// 到办事现场次数.
    pub onsite_visits: u32,
    /// 通办范围.
    pub cross_region: CrossRegion,
    /// 监督电话.
    pub supervision_phone: String,
    /// 咨询电话.
    pub consultation_phone: String,
    /// 办公时间.
    pub office_hours: String,
    /// 办理地点.
    pub office_address: String,
    /// 中介服务 (empty when none).
    pub intermediary_services: Vec<String>,
    /// 受理条件.
    pub acceptance_criteria: String,
    /// 设定依据 (legal basis); a new or changed basis needs legal review (SVC-ITEM-LIFE).
    pub legal_basis: String,
    /// 服务对象.
    pub targets: Vec<Target>,
    /// 服务主题.
    pub themes: Vec<Theme>,
    /// 服务专题 (free labels, 002 网站规范 §21(二)1(5)).
    pub topics: Vec<String>,
    /// 网上预审 offered (SVC-PREREVIEW).
    pub offers_prereview: bool,
    /// Which window accepts it in the hall (SVC-WINDOW).
    pub window: WindowMode,
    /// The elements SVC-ITEM-FIELDS adds (chengde, fenggang, SVC-ONLINE-URL); absent from
    /// guides saved before them.
    #[serde(default)]
    pub more: MoreElements,
}

/// 网上办理深度 (the online depth of an item, levels one to four).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
pub enum OnlineDepth {
    /// 一级：信息公开（网上只有办事指南）.
    #[default]
    Information,
    /// 二级：表格下载.
    Forms,
    /// 三级：网上预审.
    PreReview,
    /// 四级：全程网办.
    FullyOnline,
}

impl OnlineDepth {
    /// Every level, lowest first.
    pub const ALL: [OnlineDepth; 4] = [
        OnlineDepth::Information,
        OnlineDepth::Forms,
        OnlineDepth::PreReview,
        OnlineDepth::FullyOnline,
    ];

    /// The Chinese label.
    pub const fn label_zh(self) -> &'static str {
        match self {
            OnlineDepth::Information => "一级（办事指南公开）",
            OnlineDepth::Forms => "二级（表格下载）",
            OnlineDepth::PreReview => "三级（网上预审）",
            OnlineDepth::FullyOnline => "四级（全程网办）",
        }
    }

    /// A stable code for forms and spreadsheets.
    pub const fn code(self) -> &'static str {
        match self {
            OnlineDepth::Information => "1",
            OnlineDepth::Forms => "2",
            OnlineDepth::PreReview => "3",
            OnlineDepth::FullyOnline => "4",
        }
    }
}

/// SVC-ITEM-FIELDS as amended: 许可数量, 收费方式, 交通指引 (chengde); 办理形式, 审查标准
/// (fenggang); the online depth and address (SVC-ONLINE-URL). 结果名称 is
/// [`ResultSpec::name`].
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct MoreElements {
    /// 许可数量 (e.g. 不限; a number where the licences are limited).
    pub permit_quantity: String,
    /// 收费方式 (e.g. 窗口缴费、网上缴费); empty for a free item.
    pub fee_method: String,
    /// 交通指引.
    pub directions: String,
    /// 办理形式 (e.g. 窗口办理、网上办理、快递申请).
    pub handling_form: String,
    /// 审查标准.
    pub review_standard: String,
    /// 网上办理深度.
    pub online_depth: OnlineDepth,
    /// 网上办理地址 (SVC-ONLINE-URL: an https address on an allowed host, checked).
    pub online_url: String,
    /// SVC-ONLINE-URL: a 缴费类、查询类或咨询类 public service, which must carry an online
    /// address (003 §15).
    pub needs_online_address: bool,
    /// SVC-ONE-DOOR (000 中心 §16, §37): the item is handled in the hall (只进一门): only the
    /// hall's accepting unit accepts it, never the department's own office (两头受理). An item
    /// on the negative list is not handled in the hall.
    pub in_hall: bool,
    /// SVC-STATUS (002 网站规范 §21(三)4): the item's concluded cases are announced on the
    /// portal (结果公示), the applicant masked.
    pub publish_results: bool,
}

/// A service item's guide: every element of SVC-ITEM-FIELDS. Build with
/// [`Item::validate`]; online and offline guides render this one record (SVC-ITEM-LIFE).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Item {
    /// 基本要素.
    pub basic: Basic,
    /// 流程要素.
    pub process: Process,
    /// 材料要素.
    pub materials: Materials,
}

impl Item {
    /// A blank guide for `department`: what a claimed item or an item first seen in an
    /// imported workbook starts from; the editor fills the rest, checked at submission
    /// (SVC-ITEM-FIELDS).
    pub fn blank(department: UnitId) -> Item {
        let wd = |amount| Limit::new(amount, calendar::LimitUnit::WorkingDays);
        Item {
            basic: Basic {
                main_name: String::new(),
                sub_name: String::new(),
                item_type: ItemType::PublicService,
                case_type: CaseType::Promised,
                department,
                authority_source: "法定本级行使".into(),
                exercise_level: "县级".into(),
                legal_limit: wd(20),
                promised_limit: wd(10),
                acceptance_limit: wd(1),
                fee: Fee::Free,
                result: ResultSpec {
                    name: String::new(),
                    sample: None,
                    licence_type: None,
                },
                delivery: vec![DeliveryMethod::PickUp],
                onsite_visits: 1,
                cross_region: CrossRegion::None,
                supervision_phone: String::new(),
                consultation_phone: String::new(),
                office_hours: String::new(),
                office_address: String::new(),
                intermediary_services: Vec::new(),
                acceptance_criteria: String::new(),
                legal_basis: String::new(),
                targets: Vec::new(),
                themes: Vec::new(),
                topics: Vec::new(),
                offers_prereview: false,
                window: WindowMode::Professional,
                more: MoreElements::default(),
            },
            process: Process::default(),
            materials: Materials::List(Vec::new()),
        }
    }
}
