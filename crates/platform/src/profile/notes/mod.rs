//! What each profile field means and where its default comes from, for the editor page: one
//! note per field, kept by area (the clocked service domains, openness and the website,
//! operations), each citing its rule ID and the article of its default.

mod extranet;
mod hall;
mod openness;
mod operations;
mod service;

/// The label, rule and source of one profile field (`key` as in `RuleProfile::leaves`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldNote {
    pub key: &'static str,
    pub label: &'static str,
    pub rule: &'static str,
    /// The article of the `ganzhou` default; presets name their own where they differ.
    pub source: &'static str,
}

const fn n(
    key: &'static str,
    label: &'static str,
    rule: &'static str,
    source: &'static str,
) -> FieldNote {
    FieldNote {
        key,
        label,
        rule,
        source,
    }
}

pub fn note_for(key: &str) -> Option<&'static FieldNote> {
    NOTES
        .iter()
        .flat_map(|area| area.iter())
        .find(|note| note.key == key)
}

/// The source of a value no document fixes.
const CHOSEN: &str = "文件未规定，平台默认值，可修改";

/// Every note, by area; a key has one note in one area.
const NOTES: &[&[FieldNote]] = &[
    service::SERVICE,
    openness::OPENNESS,
    operations::OPERATIONS,
    extranet::EXTRANET,
    hall::HALL,
];
