//! The five channels of a site (MSG-KINDS) with the reply limit of each from the profile
//! (MSG-LIMITS), and what a writer files: the writer (personal data, sealed by the store),
//! the title and content, whether it may be published, and the page an error report is about.

use calendar::Limit;
use platform::profile::RuleProfile;

use crate::error::ParticipationError;

/// The longest title, in characters.
pub const MAX_TITLE_CHARS: usize = 100;
/// The longest content or reply, in characters.
pub const MAX_CONTENT_CHARS: usize = 2000;
/// The longest name, in characters.
pub const MAX_NAME_CHARS: usize = 50;
const MAX_PAGE_CHARS: usize = 500;
const MAX_EMAIL_CHARS: usize = 100;

/// A channel of a site (MSG-KINDS: 001 §3; 000 门户 §14).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Channel {
    /// 领导信箱.
    LeaderMailbox,
    /// 我要咨询.
    Consultation,
    /// 我要建议.
    Suggestion,
    /// 我要投诉.
    Complaint,
    /// 网站纠错（我为政府网站找错）.
    SiteError,
}

impl Channel {
    pub const ALL: [Channel; 5] = [
        Channel::LeaderMailbox,
        Channel::Consultation,
        Channel::Suggestion,
        Channel::Complaint,
        Channel::SiteError,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            Channel::LeaderMailbox => "leader_mailbox",
            Channel::Consultation => "consultation",
            Channel::Suggestion => "suggestion",
            Channel::Complaint => "complaint",
            Channel::SiteError => "site_error",
        }
    }

    pub fn from_code(code: &str) -> Option<Channel> {
        Channel::ALL
            .into_iter()
            .find(|channel| channel.code() == code)
    }

    pub const fn label_zh(self) -> &'static str {
        match self {
            Channel::LeaderMailbox => "领导信箱",
            Channel::Consultation => "我要咨询",
            Channel::Suggestion => "我要建议",
            Channel::Complaint => "我要投诉",
            Channel::SiteError => "我为政府网站找错",
        }
    }

    /// MSG-LIMITS: the reply limit of the channel in the jurisdiction's profile.
    pub fn reply_limit(self, profile: &RuleProfile) -> Limit {
        let messages = &profile.messages;
        match self {
            Channel::LeaderMailbox => messages.leader_mailbox,
            Channel::Consultation => messages.consultation,
            Channel::Suggestion => messages.suggestion,
            Channel::Complaint => messages.complaint,
            Channel::SiteError => messages.site_error_report,
        }
        .limit()
    }
}

/// Who wrote (personal data: sealed to the row, masked everywhere else).
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Writer {
    pub name: String,
    pub phone: String,
    pub email: String,
}

/// What a writer files.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Filing {
    pub channel: Channel,
    pub writer: Writer,
    pub title: String,
    pub content: String,
    /// 是否同意公开 (MSG-PUBLISH: the writer may refuse publication).
    pub allow_publication: bool,
    /// The page an error report is about (its address), empty otherwise.
    pub page: String,
}

fn too_long(text: &str, max: usize) -> bool {
    text.chars().count() > max
}

impl Filing {
    /// Every problem at once, in Chinese; the caller trims first.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let writer = &self.writer;
        if writer.name.trim().is_empty() {
            problems.push("请填写姓名".to_owned());
        } else if too_long(&writer.name, MAX_NAME_CHARS) {
            problems.push(format!("姓名不能超过 {MAX_NAME_CHARS} 个字"));
        }
        if platform::personal::PhoneNumber::parse(writer.phone.trim()).is_err() {
            problems.push("请填写正确的手机号码".to_owned());
        }
        let email = writer.email.trim();
        if !email.is_empty() && (too_long(email, MAX_EMAIL_CHARS) || !email.contains('@')) {
            problems.push("电子邮箱格式不正确".to_owned());
        }
        if self.title.trim().is_empty() {
            problems.push("请填写标题".to_owned());
        } else if too_long(self.title.trim(), MAX_TITLE_CHARS) {
            problems.push(format!("标题不能超过 {MAX_TITLE_CHARS} 个字"));
        }
        if self.content.trim().is_empty() {
            problems.push("请填写留言内容".to_owned());
        } else if too_long(self.content.trim(), MAX_CONTENT_CHARS) {
            problems.push(format!("留言内容不能超过 {MAX_CONTENT_CHARS} 个字"));
        }
        let texts = [
            &writer.name,
            &writer.email,
            &self.title,
            &self.content,
            &self.page,
        ];
        if texts.iter().any(|text| {
            text.chars()
                .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        }) {
            problems.push("内容含有不可见的控制字符，请删除后重新提交".to_owned());
        }
        if too_long(self.page.trim(), MAX_PAGE_CHARS) {
            problems.push(format!("页面地址不能超过 {MAX_PAGE_CHARS} 个字符"));
        }
        problems
    }

    /// Checked and trimmed.
    pub(crate) fn checked(&self) -> Result<Filing, ParticipationError> {
        ParticipationError::check_all(self.problems())?;
        Ok(Filing {
            channel: self.channel,
            writer: Writer {
                name: self.writer.name.trim().to_owned(),
                phone: self.writer.phone.trim().to_owned(),
                email: self.writer.email.trim().to_owned(),
            },
            title: self.title.trim().to_owned(),
            content: self.content.trim().to_owned(),
            allow_publication: self.allow_publication,
            page: self.page.trim().to_owned(),
        })
    }
}
