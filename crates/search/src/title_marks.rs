//! The query marked in a title (WEB-SEARCH). The title is shown as published: its characters
//! are folded one by one as the index folds them (營業執照 reads 营业执照, ＡＰＰ reads app) and
//! every place where a word of the query stands is marked. A query typed as `shebaoka` or
//! `sbk` finds 社保卡 by the sound fields: then the first run of Chinese characters whose
//! syllables (or their initials) are the letters typed is marked.

use crate::searching::escape;
use crate::text;

/// The title as HTML with every occurrence of `marks` (folded words) marked in `<b>`, the
/// title's own characters kept; `None` when none stands in it.
pub fn mark_words(title: &str, marks: &[String]) -> Option<String> {
    let original: Vec<char> = title.chars().collect();
    let folded: Vec<char> = text::fold(title).chars().collect();
    // One character for one: a character whose lower case is longer is not marked through.
    if folded.len() != original.len() {
        return None;
    }
    let mut marked = vec![false; original.len()];
    for mark in marks {
        let mark: Vec<char> = mark.chars().collect();
        if mark.is_empty() || mark.len() > folded.len() {
            continue;
        }
        for at in 0..=folded.len() - mark.len() {
            if folded[at..at + mark.len()] == mark[..] {
                marked[at..at + mark.len()].fill(true);
            }
        }
    }
    if !marked.contains(&true) {
        return None;
    }
    let mut html = String::new();
    let mut at = 0;
    while at < original.len() {
        let on = marked[at];
        let run = marked[at..].iter().take_while(|m| **m == on).count();
        let text: String = original[at..at + run].iter().collect();
        if on {
            html.push_str("<b>");
            html.push_str(&escape(&text));
            html.push_str("</b>");
        } else {
            html.push_str(&escape(&text));
        }
        at += run;
    }
    Some(html)
}

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
    fn words_are_marked_in_the_title_as_published() {
        let marks = |m: &[&str]| m.iter().map(|w| (*w).to_owned()).collect::<Vec<_>>();
        let cases: [(&str, &[&str], Option<&str>); 5] = [
            ("營業執照變更", &["营业执照"], Some("<b>營業執照</b>變更")),
            ("使用ＡＰＰ办理", &["app"], Some("使用<b>ＡＰＰ</b>办理")),
            (
                "社保卡<补办>社保",
                &["社保"],
                Some("<b>社保</b>卡&lt;补办&gt;<b>社保</b>"),
            ),
            ("社会保障卡", &["社会", "保障卡"], Some("<b>社会保障卡</b>")),
            ("社会保障卡", &["医疗"], None),
        ];
        for (title, words, expected) in cases {
            assert_eq!(
                mark_words(title, &marks(words)).as_deref(),
                expected,
                "{title}"
            );
        }
    }

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
