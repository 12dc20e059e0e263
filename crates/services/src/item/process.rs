//! Process and materials elements of a guide (SVC-ITEM-FIELDS, SVC-SPECIAL, SVC-PARALLEL).

use calendar::Limit;

use crate::{AttachmentId, UnitId};

/// The special procedures of 003 §20 (SVC-SPECIAL).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum SpecialProcedure {
    /// 现场勘验.
    SiteInspection,
    /// 听证.
    Hearing,
    /// 招标.
    Bidding,
    /// 拍卖.
    Auction,
    /// 挂牌交易.
    Listing,
    /// 检验.
    Inspection,
    /// 检测.
    Testing,
    /// 检疫.
    Quarantine,
    /// 鉴定.
    Appraisal,
    /// 专家评审.
    ExpertReview,
    /// 公示.
    PublicNotice,
    /// 补齐补正 after acceptance (001 §11). Not published per item and not in [`Self::ALL`]:
    /// every item may need it, it is started by `Command::RequestSupplement` on an accepted
    /// case, and its limit is the profile's `services.supplement_after_acceptance`.
    Supplement,
}

impl SpecialProcedure {
    /// Every procedure an item publishes with its limit, in the order of 003 §20.
    pub const ALL: [SpecialProcedure; 11] = [
        SpecialProcedure::SiteInspection,
        SpecialProcedure::Hearing,
        SpecialProcedure::Bidding,
        SpecialProcedure::Auction,
        SpecialProcedure::Listing,
        SpecialProcedure::Inspection,
        SpecialProcedure::Testing,
        SpecialProcedure::Quarantine,
        SpecialProcedure::Appraisal,
        SpecialProcedure::ExpertReview,
        SpecialProcedure::PublicNotice,
    ];

    /// The Chinese label.
    pub const fn label_zh(self) -> &'static str {
        match self {
            SpecialProcedure::SiteInspection => "现场勘验",
            SpecialProcedure::Hearing => "听证",
            SpecialProcedure::Bidding => "招标",
            SpecialProcedure::Auction => "拍卖",
            SpecialProcedure::Listing => "挂牌交易",
            SpecialProcedure::Inspection => "检验",
            SpecialProcedure::Testing => "检测",
            SpecialProcedure::Quarantine => "检疫",
            SpecialProcedure::Appraisal => "鉴定",
            SpecialProcedure::ExpertReview => "专家评审",
            SpecialProcedure::PublicNotice => "公示",
            SpecialProcedure::Supplement => "补齐补正",
        }
    }
}

/// One stage (办理环节) of the review after acceptance.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Stage {
    /// 环节名称, e.g. 审查, 决定.
    pub name: String,
    /// 办理部门.
    pub department: UnitId,
    /// 办理人员 (role), e.g. 审核人, 分管领导.
    pub handler_role: String,
    /// 环节时限 (WD).
    #[serde(with = "crate::snapshot::limit")]
    pub limit: Limit,
    /// 办理窗口 (SVC-ITEM-FIELDS, fenggang: per stage its window); empty when none.
    #[serde(default)]
    pub window: String,
}

/// A special stage (特殊环节) the item may need, with its published limit (003 §20).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SpecialStage {
    /// Which procedure.
    pub procedure: SpecialProcedure,
    /// Its own limit; it does not count against the promised limit.
    #[serde(with = "crate::snapshot::limit")]
    pub limit: Limit,
}

/// A co-approving department of a parallel item (SVC-PARALLEL) with its own limit.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ParallelPart {
    /// The department.
    pub department: UnitId,
    /// Its limit (WD) from the lead's acceptance.
    #[serde(with = "crate::snapshot::limit")]
    pub limit: Limit,
}

/// Process elements (流程要素): the review stages after acceptance, the special stages and
/// the co-approving departments. The flow chart is generated from these (not uploaded).
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Process {
    /// The stages in order; acceptance and delivery are the case's own steps.
    pub stages: Vec<Stage>,
    /// Special stages with their limits.
    pub special: Vec<SpecialStage>,
    /// Co-approving departments (empty unless parallel approval).
    pub parallel: Vec<ParallelPart>,
}

/// 材料类型.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum MaterialKind {
    /// 原件.
    Original,
    /// 复印件.
    Copy,
    /// 原件和复印件.
    OriginalAndCopy,
    /// 电子材料.
    Electronic,
}

/// 来源渠道.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum SourceChannel {
    /// 申请人自备.
    Applicant,
    /// 政府部门核发.
    Government,
    /// 中介机构出具.
    Intermediary,
    /// 其他.
    Other,
}

/// One material (申请材料) of the guide.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Material {
    /// Stable code shared across items (材料目录化, 003 §17), e.g. `id_card`.
    pub code: String,
    /// 材料名称.
    pub name: String,
    /// 材料类型.
    pub kind: MaterialKind,
    /// 来源渠道.
    pub source: SourceChannel,
    /// 受理标准.
    pub criteria: String,
    /// 材料要求 (format, signature, seal …).
    pub requirements: String,
    /// 份数.
    pub copies: u32,
    /// 是否必要.
    pub required: bool,
    /// The e-licence type that can stand for it (SVC-NO-RESUBMIT), e.g. 居民身份证.
    pub licence_type: Option<String>,
    /// 样表/示例.
    pub sample: Option<AttachmentId>,
    /// 空白表格.
    pub blank_form: Option<AttachmentId>,
    /// SVC-ITEM-FIELDS as amended (fenggang): specification, 填报须知, electronic copy, legal
    /// basis (SVC-MATERIAL-BASIS), issuing department, intermediary contact.
    #[serde(default)]
    pub more: MaterialMore,
}

/// The per-material elements SVC-ITEM-FIELDS adds (fenggang); absent from older guides.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct MaterialMore {
    /// 纸质规格 (e.g. A4).
    pub specification: String,
    /// 填报须知.
    pub filling_notes: String,
    /// 是否需要电子材料.
    pub electronic_copy: bool,
    /// 设定依据 (SVC-MATERIAL-BASIS: a material without one cannot be required).
    pub legal_basis: String,
    /// 出具单位.
    pub issuing_department: String,
    /// 中介机构联系方式 (for a material an intermediary issues).
    pub intermediary_contact: String,
}

/// Materials elements: a list, or an explicit 无需提交材料 with its explanation.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Materials {
    /// 无需提交材料 (e.g. the information is verified by data sharing, 003 §26).
    NoneNeeded {
        /// Why.
        explanation: String,
    },
    /// The materials.
    List(Vec<Material>),
}

impl Materials {
    /// The materials (empty for [`Materials::NoneNeeded`]).
    pub fn list(&self) -> &[Material] {
        match self {
            Materials::NoneNeeded { .. } => &[],
            Materials::List(list) => list,
        }
    }
}
