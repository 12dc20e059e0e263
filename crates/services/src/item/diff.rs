//! The guide as labelled lines and the difference between two versions (SVC-ITEM-LIFE: every
//! version is kept; the office compares any two). Every element of SVC-ITEM-FIELDS has a line;
//! a material, stage or special procedure is keyed by its code, number or procedure so that a
//! change reads as a change, not as a removal and an addition. The accepting window
//! (SVC-WINDOW) and each co-approving department with its limit (SVC-PARALLEL) have their
//! lines too; the `_named` forms name the units (the office pages), the plain ones number them.

use crate::UnitId;
use crate::item::model::{CrossRegion, Fee, Item, WindowMode};
use crate::item::process::{MaterialKind, Materials, SourceChannel};

/// One line of the difference: the element, its old and its new value (empty when absent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffLine {
    /// The element, e.g. `材料“申请表”·设定依据`.
    pub label: String,
    /// In the older version.
    pub old: String,
    /// In the newer version.
    pub new: String,
}

fn yes(flag: bool) -> String {
    if flag { "是" } else { "否" }.to_owned()
}

/// 材料类型's label.
pub const fn material_kind_zh(kind: MaterialKind) -> &'static str {
    match kind {
        MaterialKind::Original => "原件",
        MaterialKind::Copy => "复印件",
        MaterialKind::OriginalAndCopy => "原件和复印件",
        MaterialKind::Electronic => "电子材料",
    }
}

/// 来源渠道's label.
pub const fn source_zh(source: SourceChannel) -> &'static str {
    match source {
        SourceChannel::Applicant => "申请人自备",
        SourceChannel::Government => "政府部门核发",
        SourceChannel::Intermediary => "中介机构出具",
        SourceChannel::Other => "其他",
    }
}

/// 通办范围's label.
pub const fn cross_region_zh(scope: CrossRegion) -> &'static str {
    match scope {
        CrossRegion::None => "不支持通办",
        CrossRegion::City => "市内通办",
        CrossRegion::Province => "省内通办",
        CrossRegion::National => "跨省通办",
    }
}

/// Every element of the guide as `(label, value)`, in the order of the guide, units by number.
pub fn guide_lines(item: &Item) -> Vec<(String, String)> {
    guide_lines_named(item, &|unit| format!("单位 {unit}"))
}

/// Every element of the guide as `(label, value)`, each unit as `name` gives it.
pub fn guide_lines_named(item: &Item, name: &dyn Fn(UnitId) -> String) -> Vec<(String, String)> {
    let basic = &item.basic;
    let more = &basic.more;
    let mut lines: Vec<(String, String)> = Vec::new();
    let mut put = |label: &str, value: String| lines.push((label.to_owned(), value));
    put("主项名称", basic.main_name.clone());
    put("子项名称", basic.sub_name.clone());
    put("事项类型", basic.item_type.label_zh().to_owned());
    put("办件类型", basic.case_type.label_zh().to_owned());
    put("实施主体", basic.department.to_string());
    put("权力来源", basic.authority_source.clone());
    put("行使层级", basic.exercise_level.clone());
    put("法定办结时限", basic.legal_limit.label_zh());
    put("承诺办结时限", basic.promised_limit.label_zh());
    put("受理时限", basic.acceptance_limit.label_zh());
    match &basic.fee {
        Fee::Free => put("是否收费", "不收费".into()),
        Fee::Charged { standard, basis } => {
            put("是否收费", "收费".into());
            put("收费标准", standard.clone());
            put("收费依据", basis.clone());
        }
    }
    put("收费方式", more.fee_method.clone());
    put("许可数量", more.permit_quantity.clone());
    put("结果名称", basic.result.name.clone());
    put(
        "电子证照类型",
        basic.result.licence_type.clone().unwrap_or_default(),
    );
    put(
        "结果送达方式",
        basic
            .delivery
            .iter()
            .map(|method| method.label_zh())
            .collect::<Vec<_>>()
            .join("、"),
    );
    put("到办事现场次数", basic.onsite_visits.to_string());
    put("通办范围", cross_region_zh(basic.cross_region).to_owned());
    put("监督电话", basic.supervision_phone.clone());
    put("咨询电话", basic.consultation_phone.clone());
    put("办公时间", basic.office_hours.clone());
    put("办理地点", basic.office_address.clone());
    put("交通指引", more.directions.clone());
    put("办理形式", more.handling_form.clone());
    put("审查标准", more.review_standard.clone());
    put("中介服务", basic.intermediary_services.join("、"));
    put("受理条件", basic.acceptance_criteria.clone());
    put("设定依据", basic.legal_basis.clone());
    put(
        "服务对象",
        basic
            .targets
            .iter()
            .map(|target| target.label_zh())
            .collect::<Vec<_>>()
            .join("、"),
    );
    put(
        "服务主题",
        basic
            .themes
            .iter()
            .map(|theme| theme.label())
            .collect::<Vec<_>>()
            .join("、"),
    );
    put("网上预审", yes(basic.offers_prereview));
    put("进驻政务大厅（只进一门）", yes(more.in_hall));
    put("结果公示", yes(more.publish_results));
    put(
        "受理窗口",
        match basic.window {
            WindowMode::Professional => "本部门专业窗口".to_owned(),
            WindowMode::Comprehensive { window } => {
                format!("综合窗口受理（事进人不进）：{}", name(window))
            }
        },
    );
    put("网上办理深度", more.online_depth.label_zh().to_owned());
    put("网上办理地址", more.online_url.clone());
    for (index, stage) in item.process.stages.iter().enumerate() {
        let key = format!("办理环节{}", index + 1);
        put(
            &key,
            format!(
                "{}（{}，{}，{}{}）",
                stage.name,
                name(stage.department),
                stage.handler_role,
                stage.limit.label_zh(),
                if stage.window.trim().is_empty() {
                    String::new()
                } else {
                    format!("，窗口：{}", stage.window)
                }
            ),
        );
    }
    // SVC-PARALLEL: keyed by the department, so a changed limit reads as a change.
    for part in &item.process.parallel {
        put(
            &format!("并联审批部门“{}”时限", name(part.department)),
            part.limit.label_zh(),
        );
    }
    for special in &item.process.special {
        put(
            &format!("特别程序“{}”时限", special.procedure.label_zh()),
            special.limit.label_zh(),
        );
    }
    match &item.materials {
        Materials::NoneNeeded { explanation } => put("无需提交材料", explanation.clone()),
        Materials::List(list) => {
            for material in list {
                let key = |what: &str| format!("材料“{}”·{what}", material.code);
                let m = &material.more;
                put(&key("名称"), material.name.clone());
                put(&key("类型"), material_kind_zh(material.kind).to_owned());
                put(&key("来源渠道"), source_zh(material.source).to_owned());
                put(&key("受理标准"), material.criteria.clone());
                put(&key("要求"), material.requirements.clone());
                put(&key("份数"), material.copies.to_string());
                put(&key("必要"), yes(material.required));
                put(&key("纸质规格"), m.specification.clone());
                put(&key("填报须知"), m.filling_notes.clone());
                put(&key("需电子材料"), yes(m.electronic_copy));
                put(&key("设定依据"), m.legal_basis.clone());
                put(&key("出具单位"), m.issuing_department.clone());
                put(&key("中介机构联系方式"), m.intermediary_contact.clone());
                put(&key("样表"), yes(material.sample.is_some()));
                put(&key("空白表格"), yes(material.blank_form.is_some()));
            }
        }
    }
    lines
}

/// SVC-ITEM-LIFE: the elements that differ between `old` and `new`, in the order of the
/// newer guide, then the elements only the older one had.
pub fn diff(old: &Item, new: &Item) -> Vec<DiffLine> {
    diff_named(old, new, &|unit| format!("单位 {unit}"))
}

/// [`diff`] with each unit as `name` gives it.
pub fn diff_named(old: &Item, new: &Item, name: &dyn Fn(UnitId) -> String) -> Vec<DiffLine> {
    let old_lines = guide_lines_named(old, name);
    let new_lines = guide_lines_named(new, name);
    let find = |lines: &[(String, String)], label: &str| {
        lines
            .iter()
            .find(|(key, _)| key == label)
            .map(|(_, value)| value.clone())
    };
    let mut out = Vec::new();
    for (label, value) in &new_lines {
        let before = find(&old_lines, label).unwrap_or_default();
        if &before != value {
            out.push(DiffLine {
                label: label.clone(),
                old: before,
                new: value.clone(),
            });
        }
    }
    for (label, value) in &old_lines {
        if find(&new_lines, label).is_none() && !value.is_empty() {
            out.push(DiffLine {
                label: label.clone(),
                old: value.clone(),
                new: String::new(),
            });
        }
    }
    out
}
