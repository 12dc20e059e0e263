//! Columns (栏目, WEB-COLUMNS): their types and update windows, the responsible unit and the
//! A/B editors of each (栏目责任制, AB岗), special columns with their opening unit and the
//! office's approval, and the tree of one site's columns.

use std::collections::{HashMap, HashSet};

use calendar::{Instant, Limit};
use platform::profile::RuleProfile;
use platform::roles::Role;

use crate::{Acting, ColumnId, SiteError, SiteId, UnitId, UserId, problems_to_result, required};

/// The type of a column, which sets its update window (WEB-FRESH).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum ColumnKind {
    /// 动态要闻 (news and work dynamics).
    News,
    /// 通知公告.
    Notice,
    /// 政策文件: its articles are policy documents (WEB-ARTICLE).
    Policy,
    /// 政策解读.
    Interpretation,
    /// 人事信息.
    Personnel,
    /// 规划计划.
    Plans,
    /// 工作计划、工作总结 (yearly).
    WorkPlans,
    /// 概况 (yearly).
    Overview,
    /// 专题专栏: has an opening unit and needs the office's approval (WEB-COLUMNS).
    Special,
    /// 静态页面 (机构职能, 联系我们 …): no update window.
    Static,
    /// 其他: updated as the work requires (统计信息, 领导讲话 …); no fixed window.
    Other,
}

impl ColumnKind {
    pub const ALL: [ColumnKind; 11] = [
        ColumnKind::News,
        ColumnKind::Notice,
        ColumnKind::Policy,
        ColumnKind::Interpretation,
        ColumnKind::Personnel,
        ColumnKind::Plans,
        ColumnKind::WorkPlans,
        ColumnKind::Overview,
        ColumnKind::Special,
        ColumnKind::Static,
        ColumnKind::Other,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            ColumnKind::News => "news",
            ColumnKind::Notice => "notice",
            ColumnKind::Policy => "policy",
            ColumnKind::Interpretation => "interpretation",
            ColumnKind::Personnel => "personnel",
            ColumnKind::Plans => "plans",
            ColumnKind::WorkPlans => "work_plans",
            ColumnKind::Overview => "overview",
            ColumnKind::Special => "special",
            ColumnKind::Static => "static",
            ColumnKind::Other => "other",
        }
    }

    pub const fn label_zh(self) -> &'static str {
        match self {
            ColumnKind::News => "动态要闻类",
            ColumnKind::Notice => "通知公告类",
            ColumnKind::Policy => "政策文件类",
            ColumnKind::Interpretation => "政策解读类",
            ColumnKind::Personnel => "人事信息类",
            ColumnKind::Plans => "规划计划类",
            ColumnKind::WorkPlans => "工作计划总结类",
            ColumnKind::Overview => "概况类",
            ColumnKind::Special => "专题专栏",
            ColumnKind::Static => "静态页面",
            ColumnKind::Other => "其他（按实际更新）",
        }
    }

    /// WEB-FRESH: the longest a column of this type may go without a new article, from the
    /// rule profile; `None` for the types without a fixed window.
    pub fn window(self, profile: &RuleProfile) -> Option<Limit> {
        let website = &profile.website;
        let limit = match self {
            // 000 门户 §19: 2 weeks (fenggang 002 网站规范 §23(一): 1 week).
            ColumnKind::News => website.fresh_news,
            // 000 门户 §19: 通知公告、政策文件类栏目 6 个月.
            ColumnKind::Notice | ColumnKind::Policy => website.fresh_notices,
            // 002 网站规范 §23(三): 人事、规划计划类 6 个月.
            ColumnKind::Personnel | ColumnKind::Plans => website.fresh_personnel,
            // 002 网站规范 §23(五): 工作计划、工作总结 按年度.
            ColumnKind::WorkPlans => website.fresh_work_plans,
            // 000 门户 §11: 甘州概况 按年度.
            ColumnKind::Overview => website.fresh_overview,
            // 000 门户 §19: 专题专栏 6 个月, then merged, removed or archived.
            ColumnKind::Special => website.fresh_special_columns,
            ColumnKind::Interpretation | ColumnKind::Static | ColumnKind::Other => return None,
        };
        Some(limit.limit())
    }

    /// Counted in the national check's stale columns (reports.md §3 item 4: news/dynamic
    /// columns, and first-level notice and policy-document columns).
    pub fn is_core(self, first_level: bool) -> bool {
        match self {
            ColumnKind::News => true,
            ColumnKind::Notice | ColumnKind::Policy => first_level,
            _ => false,
        }
    }
}

/// The A/B editors of a column (AB岗, 000 网站 §29): two staff users who back each other up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Editors {
    pub a: Option<UserId>,
    pub b: Option<UserId>,
}

impl Editors {
    /// Whether `user` is the A or the B editor.
    pub fn includes(&self, user: UserId) -> bool {
        self.a == Some(user) || self.b == Some(user)
    }
}

/// A special column's opening (WEB-COLUMNS, 000 门户 §16,22): the unit that asked for it
/// (谁开设、谁保障) and the district government office's approval.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SpecialOpening {
    pub opened_by: UnitId,
    /// `None` while awaiting approval.
    pub approved: Option<SpecialApproval>,
}

/// Who approved a special column's opening, and when.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SpecialApproval {
    pub by: UserId,
    #[serde(with = "platform::snapshot::instant")]
    pub at: Instant,
}

/// A column of a site.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Column {
    pub id: ColumnId,
    pub site: SiteId,
    /// `None` for a first-level column.
    pub parent: Option<ColumnId>,
    pub name: String,
    pub kind: ColumnKind,
    /// 栏目责任单位 (000 门户 §16): its reviewer reviews the column's articles.
    pub responsible_unit: UnitId,
    pub editors: Editors,
    /// Set for (and only for) a special column.
    pub special: Option<SpecialOpening>,
    #[serde(with = "platform::snapshot::instant")]
    pub opened_at: Instant,
    /// Merged, removed or archived (000 门户 §19): no longer updated or watched.
    #[serde(with = "platform::snapshot::opt_instant")]
    pub archived_at: Option<Instant>,
}

impl Column {
    /// WEB-COLUMNS: a name, a responsible unit, two different editors, and a special column
    /// (and only it) with its opening unit.
    pub fn check(&self) -> Result<(), SiteError> {
        let mut problems = Vec::new();
        required(&mut problems, "栏目名称", &self.name);
        if self.name.chars().count() > 30 {
            problems.push("栏目名称不能超过30个字".to_owned());
        }
        if let (Some(a), Some(b)) = (self.editors.a, self.editors.b)
            && a == b
        {
            problems.push("A岗和B岗应由不同人员担任".to_owned());
        }
        match (self.kind, &self.special) {
            (ColumnKind::Special, None) => {
                problems.push("专题专栏应登记开设单位（谁开设、谁保障）".to_owned());
            }
            (kind, Some(_)) if kind != ColumnKind::Special => {
                problems.push("只有专题专栏登记开设单位".to_owned());
            }
            _ => {}
        }
        problems_to_result(problems)
    }

    /// WEB-COLUMNS: whether articles may go into it now — not archived, and a special column
    /// only once approved; the message says why not.
    pub fn check_open(&self) -> Result<(), SiteError> {
        if self.archived_at.is_some() {
            return Err(SiteError::LimitReached(format!(
                "栏目“{}”已归档，不能再发布",
                self.name
            )));
        }
        if self.special.as_ref().is_some_and(|s| s.approved.is_none()) {
            return Err(SiteError::LimitReached(format!(
                "专题专栏“{}”须经区政府办公室审核同意后开设（WEB-COLUMNS）",
                self.name
            )));
        }
        Ok(())
    }

    /// WEB-COLUMNS (000 门户 §22): a leader of the site's supervising unit approves a special
    /// column's opening.
    pub fn approve_special(
        &mut self,
        acting: &Acting,
        supervising_unit: UnitId,
        now: Instant,
    ) -> Result<(), SiteError> {
        if !acting.has_in(Role::UnitLeader, supervising_unit) {
            return Err(SiteError::not_permitted(
                "只有主管单位（区政府办公室）的负责人可以审核同意开设专题专栏（WEB-COLUMNS）",
            ));
        }
        let Some(special) = self.special.as_mut() else {
            return Err(SiteError::invalid("只有专题专栏需要审核开设"));
        };
        if special.approved.is_some() {
            return Err(SiteError::invalid("该专题专栏已审核同意"));
        }
        special.approved = Some(SpecialApproval {
            by: acting.user,
            at: now,
        });
        Ok(())
    }
}

/// The columns of one site as a tree (WEB-COLUMNS): every parent exists in the same site,
/// and no column is its own ancestor.
#[derive(Debug, Clone)]
pub struct ColumnTree {
    columns: Vec<Column>,
    index: HashMap<ColumnId, usize>,
}

impl ColumnTree {
    /// The tree of `columns`, refused with every problem when an id repeats, a parent is
    /// missing or of another site, or the parents form a cycle.
    pub fn new(columns: Vec<Column>) -> Result<ColumnTree, SiteError> {
        let mut problems = Vec::new();
        let mut index = HashMap::new();
        for (i, column) in columns.iter().enumerate() {
            if index.insert(column.id, i).is_some() {
                problems.push(format!("栏目编号 {} 重复", column.id));
            }
        }
        for column in &columns {
            let Some(parent) = column.parent else {
                continue;
            };
            match index.get(&parent).map(|&i| &columns[i]) {
                None => problems.push(format!("栏目“{}”的上级栏目不存在", column.name)),
                Some(up) if up.site != column.site => {
                    problems.push(format!("栏目“{}”的上级栏目属于其他网站", column.name));
                }
                Some(_) => {}
            }
        }
        let tree = ColumnTree { columns, index };
        if problems.is_empty() {
            for column in &tree.columns {
                if tree.has_cycle_from(column.id) {
                    problems.push(format!("栏目“{}”不能是自己的下级栏目", column.name));
                }
            }
        }
        problems_to_result(problems)?;
        Ok(tree)
    }

    fn has_cycle_from(&self, id: ColumnId) -> bool {
        let mut seen = HashSet::new();
        let mut at = Some(id);
        while let Some(current) = at {
            if !seen.insert(current) {
                return true;
            }
            at = self.get(current).and_then(|column| column.parent);
        }
        false
    }

    pub fn get(&self, id: ColumnId) -> Option<&Column> {
        self.index.get(&id).map(|&i| &self.columns[i])
    }

    /// Every column, in the order given.
    pub fn columns(&self) -> &[Column] {
        &self.columns
    }

    /// The first-level columns.
    pub fn roots(&self) -> Vec<&Column> {
        self.columns.iter().filter(|c| c.parent.is_none()).collect()
    }

    /// The columns directly under `id`.
    pub fn children(&self, id: ColumnId) -> Vec<&Column> {
        self.columns
            .iter()
            .filter(|c| c.parent == Some(id))
            .collect()
    }

    /// The path from the first level down to `id` (the breadcrumb); empty if unknown.
    pub fn path(&self, id: ColumnId) -> Vec<&Column> {
        let mut path = Vec::new();
        let mut at = self.get(id);
        while let Some(column) = at {
            path.push(column);
            at = column.parent.and_then(|parent| self.get(parent));
        }
        path.reverse();
        path
    }

    /// Whether `id` is a first-level column.
    pub fn is_first_level(&self, id: ColumnId) -> bool {
        self.get(id).is_some_and(|c| c.parent.is_none())
    }

    /// WEB-COLUMNS: moving `id` under `new_parent` keeps a tree (the parent exists in the
    /// same site and is not `id` or below it).
    pub fn check_move(&self, id: ColumnId, new_parent: Option<ColumnId>) -> Result<(), SiteError> {
        let Some(column) = self.get(id) else {
            return Err(SiteError::invalid("栏目不存在"));
        };
        let Some(parent) = new_parent else {
            return Ok(());
        };
        let Some(up) = self.get(parent) else {
            return Err(SiteError::invalid("上级栏目不存在"));
        };
        if up.site != column.site {
            return Err(SiteError::invalid("上级栏目属于其他网站"));
        }
        if self.path(parent).iter().any(|c| c.id == id) {
            return Err(SiteError::invalid(format!(
                "不能把栏目“{}”移到它自己或它的下级栏目之下",
                column.name
            )));
        }
        Ok(())
    }
}
