//! Service items (事项): guide elements, classification, validation, lifecycle and the
//! negative list (SVC-ITEM-FIELDS, SVC-ITEM-TYPES, SVC-ITEM-LIFE, SVC-NEG-LIST).

mod diff;
pub mod import;
mod import_merge;
mod life;
mod model;
mod negative;
pub mod online_url;
mod process;
mod validate;

pub use diff::{
    DiffLine, cross_region_zh, diff, diff_named, guide_lines, guide_lines_named, material_kind_zh,
    source_zh,
};
pub use life::{
    ApprovingDocument, ITEM_TRANSITIONS, ItemCommand, ItemCommandKind, ItemEvent, ItemRecord,
    ItemStatus, ItemVersion, ReviewOutcome, apply,
};
pub use model::{
    Basic, CaseType, CrossRegion, DeliveryMethod, Fee, Item, ItemType, LEGAL_PERSON_THEMES,
    MoreElements, OnlineDepth, PERSON_THEMES, ResultSpec, Target, Theme, WindowMode,
};
pub use negative::NegativeListEntry;
pub use process::{
    Material, MaterialKind, MaterialMore, Materials, ParallelPart, Process, SourceChannel,
    SpecialProcedure, SpecialStage, Stage,
};
