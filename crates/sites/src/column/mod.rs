//! Columns (WEB-COLUMNS) and their freshness (WEB-FRESH).

mod freshness;
mod manage;
mod model;

pub use freshness::{
    BLANK_VETO, Freshness, FreshnessCount, STALE_ANY_VETO, STALE_CORE_VETO, freshness, home_page,
};
pub use manage::{administrators, may_manage};
pub use model::{Column, ColumnKind, ColumnTree, Editors, SpecialApproval, SpecialOpening};
