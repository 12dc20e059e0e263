//! The content check an article passes before it is submitted (WEB-INSPECT: sensitive words
//! and wrong expressions, personal privacy — ID numbers, phones, bank cards; SEC-SECRET:
//! nothing marked secret goes online). One trait, [`ContentCheck`]. The words are the
//! `inspect` crate's checker (normalised matching, lists with source and version, whitelist):
//! [`Builtin`] uses the default lists shipped with the binary, [`Inspected`] a checker built
//! from the stored lists (`crate::usecase::inspect`) and the hits an editor marked false
//! positives for this article (忽略，误报). Secrecy marks and personal data are always checked
//! and never ignorable. A finding blocks the submission with a Chinese message naming it, and
//! carries the sentence it is in for a page marking it in red. Pure: no IO.

use std::collections::HashSet;
use std::sync::Arc;

use platform::privacy::{self, Personal};

use crate::article::Content;
use crate::sanitize;

/// What a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FindingKind {
    /// 错误表述: a wrong form of a fixed expression or an abolished institution's name (the
    /// right one is in the finding's note).
    WrongWord,
    /// 敏感词.
    SensitiveWord,
    /// SEC-SECRET: a secrecy mark (秘密, 机密, 绝密 with ★).
    SecretMark,
    /// Personal data (WEB-INSPECT: privacy).
    Personal(Personal),
}

impl FindingKind {
    pub fn label_zh(self) -> &'static str {
        match self {
            FindingKind::WrongWord => "错误表述",
            FindingKind::SensitiveWord => "敏感词",
            FindingKind::SecretMark => "涉密标识",
            FindingKind::Personal(kind) => kind.label_zh(),
        }
    }
}

/// One finding: its kind, the field it is in, what was found and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub kind: FindingKind,
    /// 标题, 正文, 信息来源 …
    pub field: &'static str,
    /// The characters found (personal data partly masked).
    pub found: String,
    /// The right form of a wrong word, or what to do.
    pub note: String,
    /// The listed word of a word hit (what an editor's 忽略，误报 names); empty otherwise.
    pub word: String,
    /// The sentence the hit is in, for a page marking it in red.
    pub excerpt: Option<Excerpt>,
}

/// The sentence around a hit: the text before it, the hit as found, the text after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt {
    pub before: String,
    pub hit: String,
    pub after: String,
}

/// At most this many characters of the sentence on each side of a hit.
const EXCERPT_SIDE: usize = 40;

/// Whether `c` ends a sentence (or a line).
fn ends_sentence(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';' | '\n')
}

/// The sentence of `text` around the characters `start..end`.
fn excerpt(text: &str, start: usize, end: usize) -> Excerpt {
    let chars: Vec<char> = text.chars().collect();
    let end = end.min(chars.len());
    let start = start.min(end);
    let mut from = start;
    while from > 0 && start - from < EXCERPT_SIDE && !ends_sentence(chars[from - 1]) {
        from -= 1;
    }
    let mut to = end;
    while to < chars.len() && to - end < EXCERPT_SIDE && chars[to] != '\n' {
        to += 1;
        if ends_sentence(chars[to - 1]) {
            break;
        }
    }
    let text_of = |range: std::ops::Range<usize>| chars[range].iter().collect::<String>();
    Excerpt {
        before: text_of(from..start).trim_start().to_owned(),
        hit: text_of(start..end),
        after: text_of(end..to).trim_end().to_owned(),
    }
}

impl Finding {
    /// Whether an editor may mark it a false positive (忽略，误报): a word hit; never a
    /// secrecy mark (SEC-SECRET) nor personal data.
    pub fn ignorable(&self) -> bool {
        matches!(
            self.kind,
            FindingKind::WrongWord | FindingKind::SensitiveWord
        )
    }

    /// The finding in a sentence: 正文含有错误表述“中华人名共和国”，应为“中华人民共和国”.
    pub fn message_zh(&self) -> String {
        let mut message = format!("{}含有{}“{}”", self.field, self.kind.label_zh(), self.found);
        if !self.note.is_empty() {
            message.push('，');
            message.push_str(&self.note);
        }
        message
    }
}

/// A check of an article's content before submission (WEB-INSPECT, SEC-SECRET).
pub trait ContentCheck: Send + Sync {
    /// Every finding in `content`; none when it may go on.
    fn check(&self, content: &Content) -> Vec<Finding>;
}

/// All findings in one message, or none.
pub fn refusal(findings: &[Finding]) -> Option<String> {
    if findings.is_empty() {
        return None;
    }
    let listed: Vec<String> = findings.iter().map(Finding::message_zh).collect();
    Some(format!(
        "稿件未通过内容检查，不能提交：{}（WEB-INSPECT）",
        listed.join("；")
    ))
}

/// SEC-SECRET: the marks of classified documents (密级★保密期限).
pub const SECRET_MARKS: &[&str] = &["绝密★", "机密★", "秘密★", "绝密*", "机密*", "秘密*"];

/// The built-in check: the default word lists shipped with the binary
/// (`inspect::default_checker`), secrecy marks, personal data.
#[derive(Debug, Clone, Copy, Default)]
pub struct Builtin;

/// The check in force (WEB-INSPECT): a word checker built from the default and the imported
/// lists and whitelist, and the words marked false positives for the article checked.
#[derive(Debug, Clone)]
pub struct Inspected {
    pub words: Arc<inspect::Checker>,
    /// Listed words an editor marked 忽略，误报 for this article.
    pub ignored: HashSet<String>,
}

/// Partly masks personal data in a message: the first three and the last two characters.
fn masked(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= 6 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..3].iter().collect();
    let tail: String = chars[chars.len() - 2..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 5))
}

fn check_text(words: &inspect::Checker, field: &'static str, text: &str, out: &mut Vec<Finding>) {
    // WEB-INSPECT: sensitive words and wrong expressions, matched after normalisation.
    for hit in words.check(text) {
        let kind = match hit.category {
            inspect::Category::Wrong => FindingKind::WrongWord,
            inspect::Category::Sensitive => FindingKind::SensitiveWord,
        };
        out.push(Finding {
            kind,
            field,
            note: hit.note_zh(),
            excerpt: Some(excerpt(text, hit.chars.start, hit.chars.end)),
            found: hit.found,
            word: hit.word.into(),
        });
    }
    for mark in SECRET_MARKS {
        if text.contains(mark) {
            out.push(Finding {
                kind: FindingKind::SecretMark,
                field,
                found: (*mark).to_owned(),
                note: "涉密信息不得上网（SEC-SECRET）".to_owned(),
                word: String::new(),
                excerpt: None,
            });
        }
    }
    // Phones, ID numbers and bank cards (WEB-INSPECT); an office's landline and e-mail address
    // are published on purpose and pass. An 18-digit ID number counts only with its GB 11643
    // check character and a real birth date (`inspect::privacy`): 18 digits alone do not block.
    let personal = privacy::find(text)
        .into_iter()
        .filter(|found| match found.kind {
            Personal::Mobile | Personal::BankCard => true,
            Personal::IdCard => is_id_number(&found.text),
            Personal::Landline | Personal::Email => false,
        });
    for found in personal {
        out.push(Finding {
            kind: FindingKind::Personal(found.kind),
            field,
            found: masked(&found.text),
            note: "请删除或遮挡个人信息后再提交".to_owned(),
            word: String::new(),
            excerpt: None,
        });
    }
}

/// Whether what `platform::privacy` took for an ID number is one: a first-generation number
/// (15 digits, no check character) or an 18-character one passing `inspect`'s check.
fn is_id_number(found: &str) -> bool {
    let number: String = found
        .chars()
        .filter_map(|c| match c {
            '0'..='9' => Some(c),
            '０'..='９' => char::from_u32(u32::from(c) - u32::from('０') + u32::from('0')),
            'X' | 'x' | 'Ｘ' | 'ｘ' => Some('X'),
            _ => None,
        })
        .collect();
    number.len() == 15 || inspect::is_valid_id_number(&number)
}

/// Every finding in `content` with the word checker `words`.
pub fn check_with(words: &inspect::Checker, content: &Content) -> Vec<Finding> {
    let mut findings = Vec::new();
    check_text(words, "标题", &content.title, &mut findings);
    check_text(words, "信息来源", &content.source, &mut findings);
    check_text(
        words,
        "正文",
        &sanitize::text_of(&content.body),
        &mut findings,
    );
    if let Some(policy) = &content.policy {
        check_text(words, "文号", &policy.document_number, &mut findings);
        check_text(words, "发文机关", &policy.issuer, &mut findings);
    }
    findings
}

impl ContentCheck for Builtin {
    fn check(&self, content: &Content) -> Vec<Finding> {
        check_with(inspect::default_checker(), content)
    }
}

impl ContentCheck for Inspected {
    /// The findings, less the word hits marked false positives for this article.
    fn check(&self, content: &Content) -> Vec<Finding> {
        let mut findings = check_with(&self.words, content);
        findings.retain(|finding| !(finding.ignorable() && self.ignored.contains(&finding.word)));
        findings
    }
}
