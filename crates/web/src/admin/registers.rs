//! What the security administrator's register pages share (SEC-INCIDENT, SEC-DRILL): a form
//! read as pairs (its units come from a multiple select), the unit choices, the current year,
//! and which refusals re-render the page with their message.

use axum::http::StatusCode;
use chrono::Datelike as _;
use platform::db::now_ms;

use crate::AppState;
use crate::error::{PageError, status_of};

/// A submitted form whose `unit` field may repeat; every other field is read once.
pub(super) struct Pairs(Vec<(String, String)>);

impl Pairs {
    /// The pairs, when every name is one of `known` (or `unit`).
    pub(super) fn read(pairs: Vec<(String, String)>, known: &[&str]) -> platform::Result<Pairs> {
        if pairs
            .iter()
            .any(|(name, _)| name != "unit" && !known.contains(&name.as_str()))
        {
            return Err(platform::Error::invalid("表单包含未知字段"));
        }
        Ok(Pairs(pairs))
    }

    /// The value of `name`, or `""` when the form has none.
    pub(super) fn one(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, value)| value.as_str())
    }

    /// The units chosen, as ids (the use case checks that each names a unit).
    pub(super) fn units(&self) -> platform::Result<Vec<i64>> {
        self.0
            .iter()
            .filter(|(name, _)| name == "unit")
            .map(|(_, value)| {
                crate::extract::parse_number(value.trim())
                    .ok_or_else(|| platform::Error::invalid("所选单位不存在"))
            })
            .collect()
    }
}

/// Every unit, indented by depth, to choose from.
pub(super) async fn unit_choices(state: &AppState) -> platform::Result<Vec<(i64, String)>> {
    Ok(platform::units::list(&state.platform.db)
        .await?
        .into_iter()
        .map(|u| (u.id, format!("{}{}", "　".repeat(u.depth), u.name)))
        .collect())
}

/// The current year in Asia/Shanghai.
pub(super) fn current_year() -> i32 {
    platform::security::local_date(now_ms()).year()
}

/// A year asked for in a query string, or the current one when empty.
pub(super) fn year_or_current(text: &str) -> platform::Result<i32> {
    if text.trim().is_empty() {
        Ok(current_year())
    } else {
        platform::security::parse_year(text)
    }
}

/// A refusal of bad input — shown on the page with its status — or a fault, which is the
/// error page.
pub(super) fn refusal(error: platform::Error) -> Result<(StatusCode, String), PageError> {
    match error {
        error @ (platform::Error::Invalid(_)
        | platform::Error::Conflict(_)
        | platform::Error::InvalidTransition { .. }) => Ok((status_of(&error), error.to_string())),
        error => Err(error.into()),
    }
}
