//! The catalogue entry (数据目录, 000 共享 §4(一), §6, §7, §8): what a provider shares, how
//! (DATA-CLASS), with its data dictionary and resources (DATA-RESOURCE), reviewed and
//! published by the administrator and kept up to date under a clock (DATA-CATALOG), and
//! withdrawn only after its resources are offline, its users told first (DATA-WITHDRAW).

mod machine;
mod record;

pub use machine::{
    Command, CommandKind, EntryClock, Event, TRANSITIONS, apply, available, describe, register,
};
pub use record::{
    Entry, EntryDraft, Field, FieldType, MAX_FIELDS, Resource, ResourceKind, SharingClass, Status,
};
