//! The column form of the site group's back office (WEB-COLUMNS): what it sends, read into a
//! `ColumnInput` with every problem the page can see at once (the domain checks the rest), its
//! choices — types, units, the active site editors for the A/B posts, and the columns that may
//! be a column's parent (never the column itself or one below it) — and the tree order.

use serde::Deserialize;
use sites::column::ColumnKind;
use sites::store::columns::StoredColumn;
use sites::usecase::ColumnInput;
use sites::{ColumnId, UnitId, UserId};

use super::{Names, editor_choices};
use crate::AppState;

/// The columns of a site in tree order (each parent before its children), with depths.
pub(super) fn in_tree_order(all: &[StoredColumn]) -> Vec<(usize, &StoredColumn)> {
    fn walk<'a>(
        all: &'a [StoredColumn],
        parent: Option<ColumnId>,
        depth: usize,
        out: &mut Vec<(usize, &'a StoredColumn)>,
    ) {
        for stored in all.iter().filter(|s| s.column.parent == parent) {
            out.push((depth, stored));
            if depth < 16 {
                walk(all, Some(stored.column.id), depth + 1, out);
            }
        }
    }
    let mut out = Vec::with_capacity(all.len());
    walk(all, None, 0, &mut out);
    out
}

/// What the column form sends.
#[derive(Deserialize, Default, Clone)]
#[serde(deny_unknown_fields, default)]
pub struct ColumnForm {
    pub parent: String,
    pub name: String,
    pub kind: String,
    pub responsible_unit: String,
    pub editor_a: String,
    pub editor_b: String,
    pub special_opened_by: String,
    pub position: String,
    pub version: String,
}

fn optional_id(text: &str, label: &str) -> platform::Result<Option<i64>> {
    match text.trim() {
        "" => Ok(None),
        text => text
            .parse::<i64>()
            .map(Some)
            .map_err(|_| platform::Error::invalid(format!("{label}选择有误"))),
    }
}

impl ColumnForm {
    pub(super) fn of(stored: &StoredColumn) -> ColumnForm {
        let column = &stored.column;
        let id = |user: Option<UserId>| user.map(|u| u.0.to_string()).unwrap_or_default();
        ColumnForm {
            parent: column.parent.map(|p| p.0.to_string()).unwrap_or_default(),
            name: column.name.clone(),
            kind: column.kind.code().to_owned(),
            responsible_unit: column.responsible_unit.0.to_string(),
            editor_a: id(column.editors.a),
            editor_b: id(column.editors.b),
            special_opened_by: column
                .special
                .as_ref()
                .map(|s| s.opened_by.0.to_string())
                .unwrap_or_default(),
            position: stored.position.to_string(),
            version: stored.version.to_string(),
        }
    }

    /// The column input, every problem the page can see at once.
    pub(super) fn input(&self) -> platform::Result<ColumnInput> {
        let mut problems = Vec::new();
        let mut id = |text: &str, label: &str| match optional_id(text, label) {
            Ok(id) => id,
            Err(error) => {
                problems.push(error.to_string());
                None
            }
        };
        let parent = id(&self.parent, "上级栏目");
        let responsible = id(&self.responsible_unit, "责任单位");
        let editor_a = id(&self.editor_a, "A岗编辑");
        let editor_b = id(&self.editor_b, "B岗编辑");
        let opened_by = id(&self.special_opened_by, "专题开设单位");
        let kind = ColumnKind::ALL
            .into_iter()
            .find(|kind| kind.code() == self.kind.trim());
        if kind.is_none() {
            problems.push("请选择栏目类型".to_owned());
        }
        if self.responsible_unit.trim().is_empty() {
            problems.push("请选择栏目责任单位".to_owned());
        }
        let position = match self.position.trim() {
            "" => 0,
            text => text.parse::<i64>().unwrap_or_else(|_| {
                problems.push("排序应为整数".to_owned());
                0
            }),
        };
        if !problems.is_empty() {
            return Err(platform::Error::Invalid(problems.join("；")));
        }
        Ok(ColumnInput {
            parent: parent.map(ColumnId),
            name: self.name.clone(),
            kind: kind.unwrap_or(ColumnKind::Other),
            responsible_unit: UnitId(responsible.unwrap_or(0)),
            editor_a: editor_a.map(UserId),
            editor_b: editor_b.map(UserId),
            special_opened_by: opened_by.map(UnitId),
            position,
        })
    }
}

/// The choices of the column form.
pub struct Choices {
    pub kinds: Vec<(&'static str, &'static str)>,
    pub units: Vec<(i64, String)>,
    pub editors: Vec<(i64, String)>,
    /// Columns that may be the parent (not the column itself or below it).
    pub parents: Vec<(i64, String)>,
}

pub(super) async fn choices(
    state: &AppState,
    names: &Names,
    all: &[StoredColumn],
    except: Option<ColumnId>,
) -> platform::Result<Choices> {
    let ordered = in_tree_order(all);
    let mut parents = Vec::new();
    let mut skip_below: Option<usize> = None;
    for (depth, stored) in ordered {
        if let Some(d) = skip_below {
            if depth > d {
                continue;
            }
            skip_below = None;
        }
        if Some(stored.column.id) == except {
            skip_below = Some(depth);
            continue;
        }
        let indent = "　".repeat(depth);
        parents.push((
            stored.column.id.0,
            format!("{indent}{}", stored.column.name),
        ));
    }
    Ok(Choices {
        kinds: ColumnKind::ALL
            .into_iter()
            .map(|kind| (kind.code(), kind.label_zh()))
            .collect(),
        units: names.unit_choices(),
        editors: editor_choices(state).await?,
        parents,
    })
}
