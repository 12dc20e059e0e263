//! The editor's accepting window and co-approving departments (SVC-WINDOW, SVC-PARALLEL):
//! 受理窗口 is the department's own professional window or the service centre's comprehensive
//! window (事进人不进, with the centre chosen); 并联审批部门 are rows `p<N>.unit` and
//! `p<N>.days` (a row whose unit is blank is dropped), read like the stage rows. Every
//! problem is keyed by its field so that the page shows it beside the field; the form is
//! saved only without problems. The lead department is never its own co-approver and a
//! department is listed once.

use std::collections::{BTreeMap, HashSet};

use calendar::{Limit, LimitUnit};
use platform::units::{Unit, UnitKind};
use services::UnitId;
use services::item::{Item, ParallelPart, WindowMode};

use super::form::{Fields, MAX_ROWS};

/// Blank co-approver rows the editor offers below the saved ones (one: a second blank row
/// filled alike by a careless hand would read as a duplicate).
const BLANK_ROWS: usize = 1;

/// The units the two choices offer: the service centres (the comprehensive window) and the
/// departments, townships and streets that can co-approve.
pub struct UnitChoices {
    pub centres: Vec<(i64, String)>,
    pub departments: Vec<(i64, String)>,
}

impl UnitChoices {
    /// From the unit tree: the active units of the two kinds.
    pub fn of(units: &[Unit]) -> UnitChoices {
        let pick = |kinds: &[UnitKind]| {
            units
                .iter()
                .filter(|unit| unit.active && kinds.contains(&unit.kind))
                .map(|unit| (unit.id, unit.name.clone()))
                .collect::<Vec<_>>()
        };
        UnitChoices {
            centres: pick(&[UnitKind::ServiceCentre]),
            departments: pick(&[UnitKind::Department, UnitKind::Township, UnitKind::Street]),
        }
    }

    /// The name of a unit the choices know, else its number.
    pub fn name(&self, unit: UnitId) -> String {
        self.centres
            .iter()
            .chain(&self.departments)
            .find(|(id, _)| *id == unit.0)
            .map_or_else(|| format!("单位 {unit}"), |(_, name)| name.clone())
    }
}

/// The problems of the two choices, by field name (`window`, `window_unit`, `p<N>.unit`,
/// `p<N>.days`), in the order of the form.
pub type FieldProblems = BTreeMap<String, String>;

fn unit_of(text: &str, options: &[(i64, String)]) -> Option<UnitId> {
    let id = text.parse::<i64>().ok()?;
    options
        .iter()
        .any(|(option, _)| *option == id)
        .then_some(UnitId(id))
}

/// SVC-WINDOW, SVC-PARALLEL: reads 受理窗口 and 并联审批部门 into `item`; every problem by its
/// field.
pub fn read(fields: &Fields, choices: &UnitChoices, item: &mut Item) -> FieldProblems {
    let mut problems = FieldProblems::new();
    match fields.text("window").as_str() {
        "Professional" => item.basic.window = WindowMode::Professional,
        "Comprehensive" => match unit_of(&fields.text("window_unit"), &choices.centres) {
            Some(window) => item.basic.window = WindowMode::Comprehensive { window },
            None => {
                problems.insert(
                    "window_unit".into(),
                    "综合窗口受理须选择承担综合窗口的政务服务中心".into(),
                );
            }
        },
        // A form without the choice (an older page) keeps the working version's window.
        "" => {}
        _ => {
            problems.insert("window".into(), "请选择受理窗口".into());
        }
    }
    let lead = item.basic.department;
    let mut seen = HashSet::new();
    let mut parallel = Vec::new();
    for row in 0..MAX_ROWS {
        let unit_field = format!("p{row}.unit");
        let days_field = format!("p{row}.days");
        let unit_text = fields.text(&unit_field);
        if unit_text.is_empty() {
            continue;
        }
        let Some(department) = unit_of(&unit_text, &choices.departments) else {
            problems.insert(unit_field, "请从列表中选择并联审批部门".into());
            continue;
        };
        let name = choices.name(department);
        // SVC-PARALLEL: the lead department accepts and replies; it is not a co-approver.
        if department == lead {
            problems.insert(
                unit_field,
                format!("{name}是本事项的实施部门（牵头部门），不能同时作为并联审批部门"),
            );
        } else if !seen.insert(department) {
            problems.insert(unit_field, format!("并联审批部门“{name}”重复"));
        }
        let amount = match fields.text(&days_field).parse::<u32>() {
            Ok(amount) if (1..=999).contains(&amount) => amount,
            _ => {
                problems.insert(
                    days_field,
                    format!("并联审批部门“{name}”的时限须为 1 到 999 之间的整数（工作日）"),
                );
                0
            }
        };
        parallel.push(ParallelPart {
            department,
            limit: Limit {
                amount,
                unit: LimitUnit::WorkingDays,
            },
        });
    }
    item.process.parallel = parallel;
    problems
}

/// One co-approver row of the editor.
pub struct ParallelRow {
    pub index: usize,
    /// The department's options: (id, name, chosen).
    pub options: Vec<(i64, String, bool)>,
    /// The limit as shown ("" on a blank row).
    pub days: String,
    pub unit_error: String,
    pub days_error: String,
}

/// What the editor shows of the two choices.
pub struct WindowView {
    pub comprehensive: bool,
    /// The centres: (id, name, chosen).
    pub centres: Vec<(i64, String, bool)>,
    pub window_error: String,
    pub window_unit_error: String,
    pub rows: Vec<ParallelRow>,
}

/// The editor's view of `item`'s window and co-approvers; after a refusal the rows are the
/// posted ones (`posted`), at their own numbers, so each problem stays beside its field.
pub fn view(
    item: &Item,
    choices: &UnitChoices,
    problems: &FieldProblems,
    posted: Option<&Fields>,
) -> WindowView {
    let error = |name: &str| problems.get(name).cloned().unwrap_or_default();
    let chosen_centre = match item.basic.window {
        WindowMode::Comprehensive { window } => Some(window.0),
        WindowMode::Professional => None,
    };
    let options = |chosen: Option<i64>| {
        choices
            .departments
            .iter()
            .map(|(id, name)| (*id, name.clone(), Some(*id) == chosen))
            .collect::<Vec<_>>()
    };
    let row = |index: usize, chosen: Option<i64>, days: String| ParallelRow {
        index,
        options: options(chosen),
        days,
        unit_error: error(&format!("p{index}.unit")),
        days_error: error(&format!("p{index}.days")),
    };
    let mut rows: Vec<ParallelRow> = match posted {
        Some(fields) => (0..MAX_ROWS)
            .filter_map(|index| {
                let unit = fields.text(&format!("p{index}.unit"));
                (!unit.is_empty()).then(|| {
                    row(
                        index,
                        unit.parse().ok(),
                        fields.text(&format!("p{index}.days")),
                    )
                })
            })
            .collect(),
        None => item
            .process
            .parallel
            .iter()
            .enumerate()
            .map(|(index, part)| {
                row(
                    index,
                    Some(part.department.0),
                    part.limit.amount.to_string(),
                )
            })
            .collect(),
    };
    let next = rows.last().map_or(0, |last| last.index + 1);
    rows.extend((next..next + BLANK_ROWS).map(|index| row(index, None, String::new())));
    WindowView {
        comprehensive: chosen_centre.is_some() || problems.contains_key("window_unit"),
        centres: choices
            .centres
            .iter()
            .map(|(id, name)| (*id, name.clone(), Some(*id) == chosen_centre))
            .collect(),
        window_error: error("window"),
        window_unit_error: error("window_unit"),
        rows,
    }
}
