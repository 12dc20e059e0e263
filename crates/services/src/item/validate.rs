//! Validation of an item's guide (SVC-ITEM-FIELDS): every problem is listed at once, in
//! Chinese, so the editor fixes them in one pass.

use std::collections::HashSet;

use calendar::{Limit, LimitUnit};

use crate::ServiceError;
use crate::item::model::{CaseType, Fee, Item, WindowMode};
use crate::item::process::{Materials, SpecialProcedure};

fn check_wd(problems: &mut Vec<String>, limit: Limit, field: &str) {
    if limit.unit != LimitUnit::WorkingDays {
        problems.push(format!("{field}须以工作日计"));
    }
}

fn blank(text: &str) -> bool {
    text.trim().is_empty()
}

impl Item {
    /// SVC-ITEM-FIELDS: the item when every element is well-formed, else one
    /// [`ServiceError::Invalid`] listing every problem, separated by `；`.
    pub fn validate(self) -> Result<Item, ServiceError> {
        let problems = self.problems();
        if problems.is_empty() {
            Ok(self)
        } else {
            Err(ServiceError::invalid(problems.join("；")))
        }
    }

    /// Every problem of the guide, in the order of the elements.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        self.basic_problems(&mut problems);
        self.process_problems(&mut problems);
        self.material_problems(&mut problems);
        problems
    }

    fn basic_problems(&self, problems: &mut Vec<String>) {
        let basic = &self.basic;
        let texts = [
            (&basic.main_name, "主项名称"),
            (&basic.authority_source, "权力来源"),
            (&basic.exercise_level, "行使层级"),
            (&basic.result.name, "审批结果名称"),
            (&basic.supervision_phone, "监督电话"),
            (&basic.consultation_phone, "咨询电话"),
            (&basic.office_hours, "办公时间"),
            (&basic.office_address, "办理地点"),
            (&basic.acceptance_criteria, "受理条件"),
            (&basic.legal_basis, "设定依据"),
        ];
        for (text, field) in texts {
            if blank(text) {
                problems.push(format!("{field}不能为空"));
            }
        }
        check_wd(problems, basic.legal_limit, "法定办结时限");
        check_wd(problems, basic.promised_limit, "承诺办结时限");
        check_wd(problems, basic.acceptance_limit, "受理时限");
        if basic.promised_limit.amount > basic.legal_limit.amount {
            problems.push(format!(
                "承诺办结时限（{}）不能超过法定办结时限（{}）",
                basic.promised_limit.label_zh(),
                basic.legal_limit.label_zh()
            ));
        }
        match (basic.case_type, basic.promised_limit.amount) {
            (CaseType::Instant, amount) if amount > 0 => {
                problems.push("即办件的承诺办结时限应为0个工作日".to_owned());
            }
            (CaseType::Promised, 0) => {
                problems.push("承诺件的承诺办结时限应大于0个工作日".to_owned());
            }
            _ => {}
        }
        if let Fee::Charged { standard, basis } = &basic.fee
            && (blank(standard) || blank(basis))
        {
            problems.push("收费事项须写明收费标准和收费依据".to_owned());
        }
        if basic.delivery.is_empty() {
            problems.push("至少选择一种结果送达方式".to_owned());
        }
        if basic.result.licence_type.as_deref().is_some_and(blank) {
            problems.push("电子证照类型不能为空".to_owned());
        }
        if basic.targets.is_empty() {
            problems.push("至少选择一种服务对象".to_owned());
        }
        for theme in &basic.themes {
            if !basic.targets.contains(&theme.target()) {
                problems.push(format!(
                    "服务主题“{}”面向{}，与服务对象不符",
                    theme.label(),
                    theme.target().label_zh()
                ));
            }
        }
        let more = &basic.more;
        if more.needs_online_address && blank(&more.online_url) {
            // SVC-ONLINE-URL (003 §15): 缴费类、查询类、咨询类 services carry an online address.
            problems.push("缴费类、查询类、咨询类事项必须提供网上办理地址".to_owned());
        }
        if !blank(&more.online_url)
            && let Err(problem) = crate::item::online_url::parse(&more.online_url)
        {
            problems.push(problem);
        }
        if let WindowMode::Comprehensive { window } = basic.window
            && window == basic.department
        {
            problems.push("综合窗口不能是实施部门本身".to_owned());
        }
    }

    fn process_problems(&self, problems: &mut Vec<String>) {
        let promised = self.basic.promised_limit;
        let mut total: u64 = 0;
        for (index, stage) in self.process.stages.iter().enumerate() {
            let number = index + 1;
            if blank(&stage.name) {
                problems.push(format!("第{number}个办理环节的名称不能为空"));
            }
            if blank(&stage.handler_role) {
                problems.push(format!("第{number}个办理环节的办理人员不能为空"));
            }
            check_wd(
                problems,
                stage.limit,
                &format!("第{number}个办理环节的时限"),
            );
            total += u64::from(stage.limit.amount);
        }
        if total > u64::from(promised.amount) {
            problems.push(format!(
                "各办理环节时限之和（{total}个工作日）超过承诺办结时限（{}）",
                promised.label_zh()
            ));
        }
        let mut seen = HashSet::new();
        for special in &self.process.special {
            if !seen.insert(special.procedure) {
                problems.push(format!("特别程序“{}”重复", special.procedure.label_zh()));
            }
            // SVC-SPECIAL: 补齐补正 after acceptance has the profile's limit, for every item.
            if special.procedure == SpecialProcedure::Supplement {
                problems.push("受理后补齐补正的时限由规则配置统一规定，不在事项中公布".to_owned());
            }
            if special.limit.amount == 0 {
                problems.push(format!(
                    "特别程序“{}”须公布时限",
                    special.procedure.label_zh()
                ));
            }
        }
        let mut departments = HashSet::new();
        for part in &self.process.parallel {
            if part.department == self.basic.department {
                problems.push("并联审批的协办部门不能是牵头部门".to_owned());
            }
            if !departments.insert(part.department) {
                problems.push(format!("并联审批部门 {} 重复", part.department));
            }
            check_wd(problems, part.limit, "并联审批部门的时限");
            if part.limit.amount > promised.amount {
                problems.push(format!(
                    "并联审批部门 {} 的时限超过承诺办结时限",
                    part.department
                ));
            }
        }
    }

    fn material_problems(&self, problems: &mut Vec<String>) {
        match &self.materials {
            Materials::NoneNeeded { explanation } => {
                if blank(explanation) {
                    problems.push("无需提交材料时须说明原因".to_owned());
                }
            }
            Materials::List(list) => {
                if list.is_empty() {
                    problems.push("至少列出一项申请材料，或明确无需提交材料".to_owned());
                }
                let mut codes = HashSet::new();
                for material in list {
                    let name = if blank(&material.name) {
                        problems.push("材料名称不能为空".to_owned());
                        "（未命名）"
                    } else {
                        material.name.as_str()
                    };
                    if blank(&material.code) || !codes.insert(material.code.as_str()) {
                        problems.push(format!("材料“{name}”的编码为空或重复"));
                    }
                    if material.copies == 0 {
                        problems.push(format!("材料“{name}”的份数至少为1"));
                    }
                    if blank(&material.criteria) {
                        problems.push(format!("材料“{name}”的受理标准不能为空"));
                    }
                    // SVC-MATERIAL-BASIS: a material without a legal basis cannot be required.
                    if blank(&material.more.legal_basis) {
                        problems.push(format!(
                            "材料“{name}”没有设定依据，不能要求申请人提交（无设定依据的材料一律取消）"
                        ));
                    }
                }
            }
        }
    }
}
