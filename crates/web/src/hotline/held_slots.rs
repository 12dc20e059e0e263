//! The files of a form that forgives, held by slot (issue 14 item 3): the 12345 form
//! (`appeal_form.rs`) and the unit's result (`result_form.rs`) keep the files that passed in
//! `platform::held`, each in a slot (`{prefix}1` …) that names its label (`{label}1` …).

use platform::attachments::{Policy, Upload};
use platform::held::Held;

use crate::upload::Multipart;

/// A file's name is shown in a message up to this many characters.
const NAME_CHARS: usize = 60;

/// How a form holds its files.
pub(super) struct Slots<'a> {
    /// The file input's name.
    pub field: &'a str,
    /// The held slot's prefix, e.g. `attachment-`.
    pub prefix: &'a str,
    /// The stored file's label before its number, e.g. 附件.
    pub label: &'a str,
    /// The most files, those held included.
    pub max: usize,
}

impl Slots<'_> {
    /// The held slot of number `slot`.
    pub fn slot(&self, slot: usize) -> String {
        format!("{}{slot}", self.prefix)
    }

    /// The files chosen now, each checked by its content against `policy` (a refusal names
    /// the file), each given a slot: the held file's of the same name, which it replaces,
    /// else the first free one; past `max` with those held, refused. Returns the files with
    /// their slots (labelled by them) and the problems, one per refused file.
    pub fn files_of(
        &self,
        upload: &Multipart,
        held: Option<&Held>,
        policy: &Policy,
    ) -> (Vec<(usize, Upload)>, Vec<String>) {
        let held_files = held.map(|held| held.files.as_slice()).unwrap_or_default();
        let slot_of = |slot: &str| slot.strip_prefix(self.prefix)?.parse::<usize>().ok();
        let mut taken: Vec<usize> = held_files.iter().filter_map(|f| slot_of(&f.slot)).collect();
        let (mut files, mut problems) = (Vec::new(), Vec::new());
        for (index, part) in upload.files_named(self.field).enumerate() {
            let shown: String = part.file_name.trim().chars().take(NAME_CHARS).collect();
            let shown = if shown.is_empty() {
                format!("第 {} 个文件", index + 1)
            } else {
                shown
            };
            if let Err(error) = policy.check(&part.upload(shown.clone())) {
                problems.push(error.to_string());
                continue;
            }
            let same = held_files
                .iter()
                .find(|file| !part.file_name.is_empty() && file.file_name == part.file_name)
                .and_then(|file| slot_of(&file.slot))
                .filter(|slot| !files.iter().any(|(taken, _)| taken == slot));
            let slot = same.or_else(|| (1..=self.max).find(|slot| !taken.contains(slot)));
            let Some(slot) = slot else {
                problems.push(format!(
                    "附件最多 {} 个，“{shown}”未能保存，请少选一些",
                    self.max
                ));
                continue;
            };
            taken.push(slot);
            files.push((slot, part.upload(format!("{}{slot}", self.label))));
        }
        (files, problems)
    }
}
