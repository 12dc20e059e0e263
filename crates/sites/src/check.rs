//! The content check an article passes before it is submitted (WEB-INSPECT: sensitive and
//! wrong words, personal privacy — ID numbers, phones, bank cards; SEC-SECRET: nothing marked
//! secret goes online). One trait, [`ContentCheck`], so the content-safety service can take
//! the place of [`Builtin`], the simple implementation shipped: a short list of wrong and
//! sensitive words matched character by character, the secrecy marks, and the platform's
//! personal-data detectors ([`platform::privacy`]). A finding blocks the submission with a
//! Chinese message naming it. Pure: no IO.

use platform::privacy::{self, Personal};

use crate::article::Content;
use crate::sanitize;

/// What a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FindingKind {
    /// 错词: a wrong form of a fixed expression (the right one is in the finding's note).
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
            FindingKind::WrongWord => "错别字",
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
}

impl Finding {
    /// The finding in a sentence: 正文含有错别字“中华人名共和国”，应为“中华人民共和国”.
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

/// Wrong forms of fixed expressions and their right forms (错词).
pub const WRONG_WORDS: &[(&str, &str)] = &[
    ("中华人名共和国", "中华人民共和国"),
    ("人民政俯", "人民政府"),
    ("社会注意", "社会主义"),
    ("一带一陆", "一带一路"),
    ("全面从严治档", "全面从严治党"),
    ("两学一作", "两学一做"),
    ("不忘出心", "不忘初心"),
    ("牢记使名", "牢记使命"),
    ("营商环竟", "营商环境"),
    ("放管服改格", "放管服改革"),
    ("最多跑一刺", "最多跑一次"),
    ("国务院办工厅", "国务院办公厅"),
];

/// Sensitive words that a government page does not carry (敏感词), with what to use instead
/// where there is a right form.
pub const SENSITIVE_WORDS: &[(&str, &str)] = &[
    ("台湾国", "应表述为“中国台湾”或“台湾地区”"),
    ("中华民国", "应按规定表述"),
    ("法轮功", ""),
    ("藏独", ""),
    ("疆独", ""),
    ("港独", ""),
    ("台独", ""),
];

/// SEC-SECRET: the marks of classified documents (密级★保密期限).
pub const SECRET_MARKS: &[&str] = &["绝密★", "机密★", "秘密★", "绝密*", "机密*", "秘密*"];

/// The simple built-in check: word lists, secrecy marks, personal data.
#[derive(Debug, Clone, Copy, Default)]
pub struct Builtin;

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

fn check_text(field: &'static str, text: &str, out: &mut Vec<Finding>) {
    for (wrong, right) in WRONG_WORDS {
        if text.contains(wrong) {
            out.push(Finding {
                kind: FindingKind::WrongWord,
                field,
                found: (*wrong).to_owned(),
                note: format!("应为“{right}”"),
            });
        }
    }
    for (word, note) in SENSITIVE_WORDS {
        if text.contains(word) {
            out.push(Finding {
                kind: FindingKind::SensitiveWord,
                field,
                found: (*word).to_owned(),
                note: (*note).to_owned(),
            });
        }
    }
    for mark in SECRET_MARKS {
        if text.contains(mark) {
            out.push(Finding {
                kind: FindingKind::SecretMark,
                field,
                found: (*mark).to_owned(),
                note: "涉密信息不得上网（SEC-SECRET）".to_owned(),
            });
        }
    }
    // Phones, ID numbers and bank cards (WEB-INSPECT); an office's landline and e-mail address
    // are published on purpose and pass.
    let personal = privacy::find(text).into_iter().filter(|found| {
        matches!(
            found.kind,
            Personal::Mobile | Personal::IdCard | Personal::BankCard
        )
    });
    for found in personal {
        out.push(Finding {
            kind: FindingKind::Personal(found.kind),
            field,
            found: masked(&found.text),
            note: "请删除或遮挡个人信息后再提交".to_owned(),
        });
    }
}

impl ContentCheck for Builtin {
    fn check(&self, content: &Content) -> Vec<Finding> {
        let mut findings = Vec::new();
        check_text("标题", &content.title, &mut findings);
        check_text("信息来源", &content.source, &mut findings);
        check_text("正文", &sanitize::text_of(&content.body), &mut findings);
        if let Some(policy) = &content.policy {
            check_text("文号", &policy.document_number, &mut findings);
            check_text("发文机关", &policy.issuer, &mut findings);
        }
        findings
    }
}
