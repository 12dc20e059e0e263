//! The rule profile (rules are data, invariant 5): every time limit and switch of
//! `rules.md`, grouped by area, with the presets `ganzhou` (default), `chengde`, `fenggang`,
//! `chengguan` and `xingning`.
//!
//! Adding a field is one place in `model.rs` (the field and its ganzhou default side by side)
//! plus its label in `notes/`, which a test enforces. A jurisdiction stores only its preset
//! name and the values it changed, so a new field takes its preset's value everywhere.

mod extranet;
mod hall;
mod hotline_lists;
mod limit;
mod model;
mod notes;
mod openness;
mod presets;
mod services;

pub use extranet::ExtranetRules;
pub use hall::HallRules;
pub use hotline_lists::LegalLimit;
pub use limit::TimeLimit;
pub use model::*;
pub use notes::{FieldNote, note_for};
pub use openness::*;
pub use presets::{PRESETS, Preset, preset};
pub use services::ServiceRules;

use serde_json::{Map, Value};

use crate::error::{Error, Result};

impl RuleProfile {
    /// The preset with a jurisdiction's stored changes on top.
    pub fn load(preset_name: &str, overrides_json: &str) -> Result<Self> {
        let base = preset(preset_name)?.build();
        let mut overrides: Value = serde_json::from_str(overrides_json)
            .map_err(|e| Error::invalid(format!("规则配置的修改记录无法读取：{e}")))?;
        carry_over_moved_fields(&mut overrides);
        let mut merged = serde_json::to_value(&base).map_err(anyhow::Error::from)?;
        merge(&mut merged, &overrides);
        let profile: RuleProfile = serde_json::from_value(merged)
            .map_err(|e| Error::invalid(format!("规则配置无效：{e}")))?;
        profile.validate()?;
        Ok(profile)
    }

    /// The values that differ from the preset, as stored JSON.
    pub fn overrides_against(&self, preset_name: &str) -> Result<String> {
        let base =
            serde_json::to_value(preset(preset_name)?.build()).map_err(anyhow::Error::from)?;
        let mine = serde_json::to_value(self).map_err(anyhow::Error::from)?;
        Ok(diff(&base, &mine)
            .unwrap_or(Value::Object(Map::new()))
            .to_string())
    }

    /// Every leaf as `(key, value text)`, e.g. `("hotline.sign", "1wh")`, in struct order.
    pub fn leaves(&self) -> Result<Vec<(String, Value)>> {
        let value = serde_json::to_value(self).map_err(anyhow::Error::from)?;
        let mut out = Vec::new();
        flatten("", &value, &mut out);
        Ok(out)
    }

    /// Applies edited leaf texts (from the back-office form) and validates the result as a
    /// whole. Unknown keys and unparsable values are refused with the field's label.
    pub fn with_edits(&self, edits: &[(String, String)]) -> Result<Self> {
        let mut value = serde_json::to_value(self).map_err(anyhow::Error::from)?;
        for (key, text) in edits {
            let label = note_for(key).map(|n| n.label).unwrap_or(key.as_str());
            let slot = leaf_mut(&mut value, key)
                .ok_or_else(|| Error::invalid(format!("未知的配置项“{key}”")))?;
            *slot = parse_like(slot, text.trim())
                .ok_or_else(|| Error::invalid(format!("“{label}”的值“{text}”格式不正确")))?;
            // A time limit is text in JSON: only the typed profile can tell it is malformed.
            if let Err(e) = serde_json::from_value::<RuleProfile>(value.clone()) {
                return Err(Error::invalid(format!(
                    "“{label}”的值“{text}”格式不正确：{e}"
                )));
            }
        }
        let profile: RuleProfile = serde_json::from_value(value)
            .map_err(|e| Error::invalid(format!("规则配置无效：{e}")))?;
        profile.validate()?;
        Ok(profile)
    }
}

/// Fields that moved to another group, `(old group, new group, field)`. A change stored under
/// the old place is read at the new one (unless the new place holds one too), so a saved
/// profile keeps loading and the next save stores it at the new place.
const MOVED_FIELDS: &[(&str, &str, &str)] = &[
    // HL-RATES: the 基本满意 switch governs the 好差评 statistics too, so it lives with the
    // five levels (`evaluation`), no longer under `hotline`.
    (
        "hotline",
        "evaluation",
        "satisfaction_counts_basically_satisfied",
    ),
];

/// Fields renamed within their group, `(group, old name, new name)`; `None` as the new name
/// retires the field, and a change stored under it is dropped (its preset's successor value
/// applies). A saved profile keeps loading either way.
const RENAMED_FIELDS: &[(&str, &str, Option<&str>)] = &[
    // Issue 12 finding 7 (SEC-ACCOUNTS): the hard lock became a progressive delay. The number
    // of failures before protection starts keeps its meaning; the lock's duration has none
    // (the delay's cap is a different quantity, bounded to an hour), so it is dropped.
    (
        "security",
        "lockout_after_failures",
        Some("login_delay_after_failures"),
    ),
    ("security", "lockout_minutes", None),
    // Issue 19: the quarterly report's deduction points became a table of their own
    // (migration 0067, `/office/inspect/deductions`); the profile's text is dropped.
    ("website", "inspection_deductions", None),
];

fn carry_over_moved_fields(overrides: &mut Value) {
    let Value::Object(groups) = overrides else {
        return;
    };
    for (group, old_name, new_name) in RENAMED_FIELDS {
        let Some(fields) = groups.get_mut(*group).and_then(Value::as_object_mut) else {
            continue;
        };
        let Some(value) = fields.remove(*old_name) else {
            continue;
        };
        if let Some(new_name) = new_name {
            fields.entry(*new_name).or_insert(value);
        }
    }
    for (old_group, new_group, field) in MOVED_FIELDS {
        let Some(value) = groups
            .get_mut(*old_group)
            .and_then(Value::as_object_mut)
            .and_then(|group| group.remove(*field))
        else {
            continue;
        };
        if let Value::Object(target) = groups
            .entry(*new_group)
            .or_insert_with(|| Value::Object(Map::new()))
        {
            target.entry(*field).or_insert(value);
        }
    }
}

fn merge(base: &mut Value, overrides: &Value) {
    match (base, overrides) {
        (Value::Object(base), Value::Object(overrides)) => {
            for (key, value) in overrides {
                match base.get_mut(key) {
                    Some(slot) => merge(slot, value),
                    None => {
                        base.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        (slot, value) => *slot = value.clone(),
    }
}

fn diff(base: &Value, mine: &Value) -> Option<Value> {
    match (base, mine) {
        (Value::Object(base), Value::Object(mine)) => {
            let mut out = Map::new();
            for (key, value) in mine {
                let changed = match base.get(key) {
                    Some(base_value) => diff(base_value, value),
                    None => Some(value.clone()),
                };
                if let Some(changed) = changed {
                    out.insert(key.clone(), changed);
                }
            }
            (!out.is_empty()).then_some(Value::Object(out))
        }
        (base, mine) => (base != mine).then(|| mine.clone()),
    }
}

fn flatten(prefix: &str, value: &Value, out: &mut Vec<(String, Value)>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let path = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                flatten(&path, child, out);
            }
        }
        leaf => out.push((prefix.to_owned(), leaf.clone())),
    }
}

fn leaf_mut<'a>(value: &'a mut Value, key: &str) -> Option<&'a mut Value> {
    let mut slot = value;
    for part in key.split('.') {
        slot = slot.as_object_mut()?.get_mut(part)?;
    }
    (!slot.is_object()).then_some(slot)
}

/// Parses `text` as the same JSON kind as the current value.
fn parse_like(current: &Value, text: &str) -> Option<Value> {
    match current {
        Value::Bool(_) => match text {
            "true" | "on" | "1" | "是" => Some(Value::Bool(true)),
            "false" | "off" | "0" | "" | "否" => Some(Value::Bool(false)),
            _ => None,
        },
        Value::Number(_) => text.parse::<u32>().ok().map(Value::from),
        Value::String(_) => Some(Value::String(text.to_owned())),
        _ => None,
    }
}
