//! The openness of a meeting, stated in its plan (会议方案, PUB-MEETING; 002 “五公开”融入办会
//! §2): the plan of a meeting submitted for approval says whether stakeholders, public
//! representatives, experts or the media are invited to attend (列席), whether the meeting is
//! made public and how, and — when the matter was put out for comment before — how the
//! opinions were collected and adopted. A meeting on major livelihood matters and the public
//! interest (重大民生事项和社会公众利益) is made public (§2(三)). The plan is a document of the
//! register (`DocumentKind::MeetingPlan`): its signer's confirmation is the approval (报批).

/// Who may be invited to attend (列席).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Invitee {
    Stakeholders,
    PublicRepresentatives,
    Experts,
    Media,
}

impl Invitee {
    pub const ALL: [Invitee; 4] = [
        Invitee::Stakeholders,
        Invitee::PublicRepresentatives,
        Invitee::Experts,
        Invitee::Media,
    ];

    pub const fn label_zh(self) -> &'static str {
        match self {
            Invitee::Stakeholders => "利益相关方",
            Invitee::PublicRepresentatives => "公众代表",
            Invitee::Experts => "专家",
            Invitee::Media => "媒体",
        }
    }

    pub const fn code(self) -> &'static str {
        match self {
            Invitee::Stakeholders => "stakeholders",
            Invitee::PublicRepresentatives => "public",
            Invitee::Experts => "experts",
            Invitee::Media => "media",
        }
    }

    pub fn from_code(code: &str) -> Option<Invitee> {
        Invitee::ALL.into_iter().find(|i| i.code() == code)
    }
}

/// How a meeting is made public (公开方式, §2(三)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Way {
    Television,
    Internet,
    Attendance,
    NewsReport,
    NewMedia,
}

impl Way {
    pub const ALL: [Way; 5] = [
        Way::Television,
        Way::Internet,
        Way::Attendance,
        Way::NewsReport,
        Way::NewMedia,
    ];

    pub const fn label_zh(self) -> &'static str {
        match self {
            Way::Television => "电视（广播电视）",
            Way::Internet => "网络直播",
            Way::Attendance => "邀请社会公众代表列席",
            Way::NewsReport => "新闻报道",
            Way::NewMedia => "政务新媒体",
        }
    }

    pub const fn code(self) -> &'static str {
        match self {
            Way::Television => "television",
            Way::Internet => "internet",
            Way::Attendance => "attendance",
            Way::NewsReport => "news",
            Way::NewMedia => "new_media",
        }
    }

    pub fn from_code(code: &str) -> Option<Way> {
        Way::ALL.into_iter().find(|w| w.code() == code)
    }
}

/// The plan's opinions as typed: `None` where no opinion was given.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MeetingDraft {
    /// 涉及重大民生事项和社会公众利益.
    pub major: bool,
    pub invite: Option<bool>,
    pub invitees: Vec<Invitee>,
    pub public: Option<bool>,
    pub ways: Vec<Way>,
    pub not_public_reason: String,
    /// The matter was put out for comment before (之前已公开征求意见).
    pub consulted: bool,
    /// 意见收集和采纳情况的说明.
    pub adoption: String,
}

/// The plan's opinions as the register keeps them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MeetingOpenness {
    pub major: bool,
    /// Empty: nobody is invited to attend.
    pub invitees: Vec<Invitee>,
    pub public: bool,
    pub ways: Vec<Way>,
    pub not_public_reason: String,
    /// The adoption statement of an earlier consultation.
    pub adoption: Option<String>,
}

/// PUB-MEETING: the plan's opinions, or every problem: no opinion on attendance or on
/// openness, an invitation without invitees, a public meeting without a way, a meeting not
/// public without a reason or on a major livelihood matter, an earlier consultation without
/// its adoption statement.
pub fn check_meeting(draft: &MeetingDraft) -> Result<MeetingOpenness, Vec<String>> {
    let mut problems = Vec::new();
    match draft.invite {
        None => problems.push("会议方案须提出是否邀请有关方面人员列席会议的意见".to_owned()),
        Some(true) if draft.invitees.is_empty() => {
            problems.push("请选择邀请列席的人员（利益相关方、公众代表、专家、媒体）".to_owned())
        }
        Some(_) => {}
    }
    match draft.public {
        None => problems.push("会议方案须提出是否公开及公开方式的意见".to_owned()),
        Some(true) if draft.ways.is_empty() => problems.push("请选择会议的公开方式".to_owned()),
        Some(false) if draft.major => problems.push(
            "涉及重大民生事项和社会公众利益的会议应当通过电视、网络、邀请公众代表列席、新闻报道等方式公开"
                .to_owned(),
        ),
        Some(false) if draft.not_public_reason.trim().is_empty() => {
            problems.push("会议不公开的，须说明理由".to_owned())
        }
        Some(_) => {}
    }
    if draft.consulted && draft.adoption.trim().is_empty() {
        problems.push("之前已公开征求意见的，须附意见收集和采纳情况的说明".to_owned());
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let public = draft.public == Some(true);
    Ok(MeetingOpenness {
        major: draft.major,
        invitees: match draft.invite {
            Some(true) => dedup(&draft.invitees),
            _ => Vec::new(),
        },
        public,
        ways: if public {
            dedup(&draft.ways)
        } else {
            Vec::new()
        },
        not_public_reason: match public {
            true => String::new(),
            false => draft.not_public_reason.trim().to_owned(),
        },
        adoption: draft.consulted.then(|| draft.adoption.trim().to_owned()),
    })
}

fn dedup<T: Copy + PartialEq>(items: &[T]) -> Vec<T> {
    let mut kept: Vec<T> = Vec::new();
    for item in items {
        if !kept.contains(item) {
            kept.push(*item);
        }
    }
    kept
}
