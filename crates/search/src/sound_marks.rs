//! Pinyin and initials marked in a title (WEB-SEARCH): a query typed as `shebaoka` or `sbk`
//! finds 社保卡 by the sound fields, and the title shows which characters it matched — the
//! first run of Chinese characters whose syllables (or their initials) are the letters typed.

use crate::searching::escape;
use crate::text;

/// The title as HTML with the first run of characters that sounds like one of `marks`
/// marked in `<b>`; `None` when no mark is pinyin or initials found in it.
pub fn mark_sounds(title: &str, marks: &[String]) -> Option<String> {
    let chars: Vec<char> = title.chars().collect();
    for mark in marks {
        if !mark.chars().all(|c| c.is_ascii_alphabetic()) {
            continue;
        }
        let letters = mark.to_lowercase();
        let syllables = text::syllables_of_latin(&letters).unwrap_or_default();
        let initials: Vec<String> = if text::could_be_initials(&letters) {
            letters.chars().map(String::from).collect()
        } else {
            Vec::new()
        };
        for sounds in [syllables, initials] {
            if let Some(at) = find_run(&chars, &sounds) {
                let before: String = chars[..at].iter().collect();
                let run: String = chars[at..at + sounds.len()].iter().collect();
                let after: String = chars[at + sounds.len()..].iter().collect();
                return Some(format!(
                    "{}<b>{}</b>{}",
                    escape(&before),
                    escape(&run),
                    escape(&after)
                ));
            }
        }
    }
    None
}

/// Where the first run of characters read as `sounds` (whole syllables, or one letter each
/// for initials) starts.
fn find_run(chars: &[char], sounds: &[String]) -> Option<usize> {
    if sounds.is_empty() || sounds.len() > chars.len() {
        return None;
    }
    (0..=chars.len() - sounds.len()).find(|&at| {
        sounds.iter().enumerate().all(|(k, sound)| {
            text::syllable(chars[at + k]).is_some_and(|s| {
                if sound.len() == 1 {
                    s.starts_with(sound.as_str())
                } else {
                    s == sound
                }
            })
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WEB-SEARCH: the run that sounds like the query is marked, by whole syllables or by
    /// initials; text around it is escaped; nothing is marked for Chinese or unmatched marks.
    #[test]
    fn pinyin_and_initials_are_marked_in_the_title() {
        let marks = |m: &str| vec![m.to_owned()];
        let cases: [(&str, &str, Option<&str>); 5] = [
            (
                "办理社保卡<补办>",
                "shebaoka",
                Some("办理<b>社保卡</b>&lt;补办&gt;"),
            ),
            ("办理社保卡", "sbk", Some("办理<b>社保卡</b>")),
            ("办理社保卡", "SheBao", Some("办理<b>社保</b>卡")),
            ("办理社保卡", "yiliao", None),
            ("办理社保卡", "社保", None),
        ];
        for (title, mark, expected) in cases {
            assert_eq!(
                mark_sounds(title, &marks(mark)).as_deref(),
                expected,
                "{mark}"
            );
        }
    }
}
