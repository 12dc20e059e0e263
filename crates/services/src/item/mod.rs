//! Service items (事项): guide elements, classification, validation, lifecycle and the
//! negative list (SVC-ITEM-FIELDS, SVC-ITEM-TYPES, SVC-ITEM-LIFE, SVC-NEG-LIST).

mod life;
mod model;
mod negative;
mod process;
mod validate;

pub use life::{
    ApprovingDocument, ITEM_TRANSITIONS, ItemCommand, ItemCommandKind, ItemEvent, ItemRecord,
    ItemStatus, ItemVersion, ReviewOutcome, apply,
};
pub use model::{
    Basic, CaseType, CrossRegion, DeliveryMethod, Fee, Item, ItemType, LEGAL_PERSON_THEMES,
    PERSON_THEMES, ResultSpec, Target, Theme, WindowMode,
};
pub use negative::NegativeListEntry;
pub use process::{
    Material, MaterialKind, Materials, ParallelPart, Process, SourceChannel, SpecialProcedure,
    SpecialStage, Stage,
};
