//! The item editor's form (SVC-ITEM-FIELDS as amended): every guide element as a named field,
//! materials as `m<N>.<element>` rows and stages as `s<N>.<element>` rows (a row whose name is
//! blank is dropped), special procedures as `sp.<procedure>` with their published limit
//! (SVC-SPECIAL). Reading is all or nothing: every malformed field is listed in Chinese and
//! nothing is saved. The accepting window and the co-approving departments are read by
//! [`super::window`]; samples and blank forms already on file are kept from the working version.

use std::collections::HashMap;

use calendar::{Limit, LimitUnit};
use services::item::{
    CaseType, CrossRegion, DeliveryMethod, Fee, Item, ItemType, Material, MaterialKind,
    MaterialMore, Materials, OnlineDepth, SourceChannel, SpecialProcedure, SpecialStage, Stage,
    Target, Theme,
};

/// The most material and stage rows a form carries.
pub const MAX_ROWS: usize = 40;

/// The posted fields, by name (a repeated name keeps every value, for the checkboxes).
pub struct Fields(HashMap<String, Vec<String>>);

impl Fields {
    pub fn new(pairs: Vec<(String, String)>) -> Fields {
        let mut map: HashMap<String, Vec<String>> = HashMap::new();
        for (name, value) in pairs {
            map.entry(name).or_default().push(value);
        }
        Fields(map)
    }

    /// The first value of `name`, trimmed, or "".
    pub fn text(&self, name: &str) -> String {
        self.0
            .get(name)
            .and_then(|values| values.first())
            .map(|value| value.trim().to_owned())
            .unwrap_or_default()
    }

    /// Every value of `name`.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0.get(name).cloned().unwrap_or_default()
    }

    /// A checkbox.
    pub fn flag(&self, name: &str) -> bool {
        self.0.contains_key(name)
    }
}

fn wd(amount: u32) -> Limit {
    Limit {
        amount,
        unit: LimitUnit::WorkingDays,
    }
}

fn days(fields: &Fields, name: &str, label: &str, problems: &mut Vec<String>) -> u32 {
    let text = fields.text(name);
    match text.parse::<u32>() {
        Ok(value) if value <= 999 => value,
        _ => {
            problems.push(format!("{label}须为 0 到 999 之间的整数（工作日）"));
            0
        }
    }
}

/// Stable codes of the enums the form offers.
pub fn item_type_code(kind: ItemType) -> String {
    format!("{kind:?}")
}

pub fn kind_code(kind: MaterialKind) -> String {
    format!("{kind:?}")
}

pub fn source_code(source: SourceChannel) -> String {
    format!("{source:?}")
}

pub fn cross_code(scope: CrossRegion) -> String {
    format!("{scope:?}")
}

pub fn procedure_code(procedure: SpecialProcedure) -> String {
    format!("{procedure:?}")
}

pub const KINDS: [MaterialKind; 4] = [
    MaterialKind::Original,
    MaterialKind::Copy,
    MaterialKind::OriginalAndCopy,
    MaterialKind::Electronic,
];

pub const SOURCES: [SourceChannel; 4] = [
    SourceChannel::Applicant,
    SourceChannel::Government,
    SourceChannel::Intermediary,
    SourceChannel::Other,
];

pub const CROSS: [CrossRegion; 4] = [
    CrossRegion::None,
    CrossRegion::City,
    CrossRegion::Province,
    CrossRegion::National,
];

pub const DELIVERY: [DeliveryMethod; 3] = [
    DeliveryMethod::PickUp,
    DeliveryMethod::Post,
    DeliveryMethod::Electronic,
];

fn pick<T: Copy>(
    options: &[T],
    code: fn(T) -> String,
    value: &str,
    label: &str,
    problems: &mut Vec<String>,
) -> Option<T> {
    let found = options
        .iter()
        .copied()
        .find(|option| code(*option) == value);
    if found.is_none() {
        problems.push(format!("请选择{label}"));
    }
    found
}

fn list(text: &str) -> Vec<String> {
    text.split(['、', '，', ',', ';', '；', '\n'])
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Reads the editor's form over `base` (the working version): the guide as typed (a
/// malformed number read as 0) and every problem of the form; the form is saved only
/// without problems.
pub fn read_item(fields: &Fields, base: &Item) -> (Item, Vec<String>) {
    let mut problems = Vec::new();
    let mut item = base.clone();
    let basic = &mut item.basic;
    basic.main_name = fields.text("main_name");
    basic.sub_name = fields.text("sub_name");
    if let Some(kind) = pick(
        &ItemType::ALL,
        item_type_code,
        &fields.text("item_type"),
        "事项类型",
        &mut problems,
    ) {
        basic.item_type = kind;
    }
    basic.case_type = match fields.text("case_type").as_str() {
        "Instant" => CaseType::Instant,
        "Promised" => CaseType::Promised,
        _ => {
            problems.push("请选择办件类型".to_owned());
            basic.case_type
        }
    };
    basic.authority_source = fields.text("authority_source");
    basic.exercise_level = fields.text("exercise_level");
    basic.legal_limit = wd(days(fields, "legal_days", "法定办结时限", &mut problems));
    basic.promised_limit = wd(days(fields, "promised_days", "承诺办结时限", &mut problems));
    basic.acceptance_limit = wd(days(fields, "acceptance_days", "受理时限", &mut problems));
    basic.fee = if fields.text("fee") == "charged" {
        Fee::Charged {
            standard: fields.text("fee_standard"),
            basis: fields.text("fee_basis"),
        }
    } else {
        Fee::Free
    };
    basic.result.name = fields.text("result_name");
    let licence = fields.text("licence_type");
    basic.result.licence_type = (!licence.is_empty()).then_some(licence);
    basic.delivery = DELIVERY
        .into_iter()
        .filter(|method| fields.all("delivery").contains(&format!("{method:?}")))
        .collect();
    basic.onsite_visits = days(fields, "onsite_visits", "到办事现场次数", &mut problems);
    if let Some(scope) = pick(
        &CROSS,
        cross_code,
        &fields.text("cross_region"),
        "通办范围",
        &mut problems,
    ) {
        basic.cross_region = scope;
    }
    basic.supervision_phone = fields.text("supervision_phone");
    basic.consultation_phone = fields.text("consultation_phone");
    basic.office_hours = fields.text("office_hours");
    basic.office_address = fields.text("office_address");
    basic.intermediary_services = list(&fields.text("intermediary_services"));
    basic.acceptance_criteria = fields.text("acceptance_criteria");
    basic.legal_basis = fields.text("legal_basis");
    basic.targets = [Target::NaturalPerson, Target::LegalPerson]
        .into_iter()
        .filter(|target| fields.all("targets").contains(&format!("{target:?}")))
        .collect();
    let mut themes = Vec::new();
    for label in list(&fields.text("themes")) {
        let parsed = basic
            .targets
            .iter()
            .find_map(|target| Theme::parse(*target, &label).ok());
        match parsed {
            Some(theme) => themes.push(theme),
            None => problems.push(format!("“{label}”不是所选服务对象的服务主题")),
        }
    }
    basic.themes = themes;
    basic.topics = list(&fields.text("topics"));
    basic.offers_prereview = fields.flag("offers_prereview");
    let more = &mut basic.more;
    more.permit_quantity = fields.text("permit_quantity");
    more.fee_method = fields.text("fee_method");
    more.directions = fields.text("directions");
    more.handling_form = fields.text("handling_form");
    more.review_standard = fields.text("review_standard");
    more.online_url = fields.text("online_url");
    more.needs_online_address = fields.flag("needs_online_address");
    more.in_hall = fields.flag("in_hall");
    more.publish_results = fields.flag("publish_results");
    match OnlineDepth::ALL
        .into_iter()
        .find(|depth| depth.code() == fields.text("online_depth"))
    {
        Some(depth) => more.online_depth = depth,
        None => problems.push("请选择网上办理深度".to_owned()),
    }
    let department = basic.department;
    item.process.stages = read_stages(fields, department, &mut problems);
    item.process.special = SpecialProcedure::ALL
        .into_iter()
        .filter_map(|procedure| {
            let name = format!("sp.{}", procedure_code(procedure));
            if fields.text(&name).is_empty() {
                return None;
            }
            let label = format!("特别程序“{}”的时限", procedure.label_zh());
            let amount = days(fields, &name, &label, &mut problems);
            (amount > 0).then(|| SpecialStage {
                procedure,
                limit: wd(amount),
            })
        })
        .collect();
    item.materials = if fields.flag("materials_none") {
        Materials::NoneNeeded {
            explanation: fields.text("materials_explanation"),
        }
    } else {
        Materials::List(read_materials(fields, base, &mut problems))
    };
    (item, problems)
}

fn read_stages(
    fields: &Fields,
    department: services::UnitId,
    problems: &mut Vec<String>,
) -> Vec<Stage> {
    let mut stages = Vec::new();
    for row in 0..MAX_ROWS {
        let name = fields.text(&format!("s{row}.name"));
        if name.is_empty() {
            continue;
        }
        let label = format!("办理环节“{name}”的时限");
        stages.push(Stage {
            name,
            department,
            handler_role: fields.text(&format!("s{row}.role")),
            limit: wd(days(fields, &format!("s{row}.days"), &label, problems)),
            window: fields.text(&format!("s{row}.window")),
        });
    }
    stages
}

fn read_materials(fields: &Fields, base: &Item, problems: &mut Vec<String>) -> Vec<Material> {
    let mut materials = Vec::new();
    for row in 0..MAX_ROWS {
        let at = |element: &str| format!("m{row}.{element}");
        let name = fields.text(&at("name"));
        if name.is_empty() {
            continue;
        }
        let code = fields.text(&at("code"));
        // Samples and blank forms on file stay with the material's code.
        let before = base.materials.list().iter().find(|m| m.code == code);
        let kind = pick(
            &KINDS,
            kind_code,
            &fields.text(&at("kind")),
            "材料类型",
            problems,
        )
        .unwrap_or(MaterialKind::Original);
        let source = pick(
            &SOURCES,
            source_code,
            &fields.text(&at("source")),
            "材料来源渠道",
            problems,
        )
        .unwrap_or(SourceChannel::Applicant);
        let label = format!("材料“{name}”的份数");
        let licence = fields.text(&at("licence"));
        materials.push(Material {
            code,
            name,
            kind,
            source,
            criteria: fields.text(&at("criteria")),
            requirements: fields.text(&at("requirements")),
            copies: days(fields, &at("copies"), &label, problems),
            required: fields.flag(&at("required")),
            licence_type: (!licence.is_empty()).then_some(licence),
            sample: before.and_then(|m| m.sample),
            blank_form: before.and_then(|m| m.blank_form),
            more: MaterialMore {
                specification: fields.text(&at("specification")),
                filling_notes: fields.text(&at("filling_notes")),
                electronic_copy: fields.flag(&at("electronic_copy")),
                legal_basis: fields.text(&at("legal_basis")),
                issuing_department: fields.text(&at("issuing_department")),
                intermediary_contact: fields.text(&at("intermediary_contact")),
            },
        });
    }
    materials
}
