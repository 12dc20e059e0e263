//! Columns (WEB-COLUMNS) and their freshness (WEB-FRESH).

mod freshness;
mod manage;
mod model;

pub use freshness::{
    BLANK_VETO, Freshness, FreshnessCount, Marks, STALE_ANY_VETO, STALE_CORE_VETO, freshness,
    freshness_at, home_page, marks,
};
pub use manage::{administrators, may_manage};
pub use model::{Column, ColumnKind, ColumnTree, Editors, SpecialApproval, SpecialOpening};
