//! HL-DISPATCH: suggestions that make the operator's choice of lead unit quick. A street or
//! township named in the appeal's location suggests its office (locality); a word of the
//! dispatch catalogue (派单目录, issue 14 item 9) in the content or place suggests the unit
//! competent for it; past appeals with similar content suggest the units that led them (past
//! dispatches), weighted by how similar they are. Suggestions only: the operator chooses.

use platform::db::Db;
use platform::units::{self, UnitKind};
use platform::{Error, Result};
use sqlx::Row as _;

use super::queries::text_similarity;
use crate::AppealId;
use crate::store::appeals;

/// One suggested lead unit and why.
#[derive(Debug, Clone, PartialEq)]
pub struct DispatchSuggestion {
    pub unit_id: i64,
    pub unit_name: String,
    pub why: String,
}

/// Dispatched appeals looked at for past dispatches.
const PAST_SCAN: i64 = 2000;
/// Content at least this similar counts as the same kind of matter.
const PAST_SIMILARITY: f64 = 0.3;
const MAX_SUGGESTIONS: usize = 3;

/// The short place name a unit answers for: 东街街道办事处 → 东街街道, 党寨镇人民政府 → 党寨镇.
fn place_of(name: &str) -> &str {
    ["办事处", "人民政府"]
        .iter()
        .find_map(|suffix| name.strip_suffix(suffix))
        .unwrap_or(name)
}

/// HL-DISPATCH: up to three lead units for the appeal, locality first.
pub async fn dispatch_suggestions(db: &Db, appeal_id: AppealId) -> Result<Vec<DispatchSuggestion>> {
    let appeal = appeals::get(db, appeal_id)
        .await?
        .ok_or_else(|| Error::not_found(format!("诉求 {appeal_id}")))?;
    let units = units::list(db).await?;
    let name_of = |id: i64| {
        units
            .iter()
            .find(|unit| unit.id == id)
            .map(|unit| unit.name.clone())
    };
    let mut found: Vec<DispatchSuggestion> = units
        .iter()
        .filter(|unit| unit.active && matches!(unit.kind, UnitKind::Street | UnitKind::Township))
        .filter(|unit| {
            let place = place_of(&unit.name);
            !place.is_empty() && appeal.location.contains(place)
        })
        .map(|unit| DispatchSuggestion {
            unit_id: unit.id,
            unit_name: unit.name.clone(),
            why: format!("事发地在{}", place_of(&unit.name)),
        })
        .collect();
    // The dispatch catalogue: the first word found names why.
    for (unit, words) in super::dispatch_catalogue(db).await? {
        let active = units.iter().any(|u| u.id == unit && u.active);
        if !active || found.iter().any(|s| s.unit_id == unit) {
            continue;
        }
        let hit = words
            .iter()
            .find(|w| appeal.content.contains(w.as_str()) || appeal.location.contains(w.as_str()));
        if let (Some(word), Some(unit_name)) = (hit, name_of(unit)) {
            found.push(DispatchSuggestion {
                unit_id: unit,
                unit_name,
                why: format!("派单目录：{word}"),
            });
        }
    }
    let rows = sqlx::query(
        "SELECT a.content, u.unit_id FROM hotline_appeals a \
         JOIN hotline_order_units u ON u.order_id = a.id AND u.role = 'lead' \
         WHERE a.id <> $1 ORDER BY a.id DESC LIMIT $2",
    )
    .bind(appeal_id.0)
    .bind(PAST_SCAN)
    .fetch_all(&db.pool)
    .await?;
    let mut weights: Vec<(i64, f64, usize)> = Vec::new();
    for row in &rows {
        let content: String = row.try_get("content")?;
        let unit: i64 = row.try_get("unit_id")?;
        let similarity = text_similarity(&content, &appeal.content);
        if similarity < PAST_SIMILARITY {
            continue;
        }
        match weights.iter_mut().find(|(id, ..)| *id == unit) {
            Some((_, weight, count)) => {
                *weight += similarity;
                *count += 1;
            }
            None => weights.push((unit, similarity, 1)),
        }
    }
    weights.sort_by(|a, b| b.1.total_cmp(&a.1));
    for (unit, _, count) in weights {
        if found.iter().any(|s| s.unit_id == unit) {
            continue;
        }
        if let Some(unit_name) = name_of(unit) {
            found.push(DispatchSuggestion {
                unit_id: unit,
                unit_name,
                why: format!("类似诉求曾由该单位主办 {count} 次"),
            });
        }
    }
    found.truncate(MAX_SUGGESTIONS);
    Ok(found)
}
