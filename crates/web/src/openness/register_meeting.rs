//! A meeting plan's opinions on its openness in the document register (PUB-MEETING; 002
//! “五公开”融入办会 §2): read from the registration form's fields (one checkbox per invitee
//! and per way, so the form stays one value per name) and shown as facts on the document's
//! page. The rules are `openness::register::check_meeting`'s.

use openness::register::{Invitee, MeetingDraft, MeetingOpenness, Way};

use super::register::DraftForm;

/// A yes/no choice of the form: `None` when none was made.
fn choice(code: &str, what: &str, problems: &mut Vec<String>) -> Option<bool> {
    match code {
        "" => None,
        "yes" => Some(true),
        "no" => Some(false),
        _ => {
            problems.push(format!("请选择{what}"));
            None
        }
    }
}

/// The checked choices among `boxes`.
fn checked<T: Copy, const N: usize>(boxes: [(T, &Option<String>); N]) -> Vec<T> {
    boxes
        .into_iter()
        .filter(|(_, field)| field.is_some())
        .map(|(value, _)| value)
        .collect()
}

impl DraftForm {
    /// The meeting plan's opinions as typed; a text too long or an unknown choice is a problem.
    pub(super) fn meeting(&self, problems: &mut Vec<String>) -> MeetingDraft {
        for (what, text, max) in [
            ("不公开的理由", &self.not_public_reason, 2000),
            ("意见收集和采纳情况的说明", &self.adoption, 4000),
        ] {
            if text.chars().count() > max {
                problems.push(format!("{what}不能超过{max}个字"));
            }
        }
        MeetingDraft {
            major: self.meeting_major.is_some(),
            invite: choice(&self.meeting_invite, "是否邀请列席", problems),
            invitees: checked([
                (Invitee::Stakeholders, &self.invite_stakeholders),
                (Invitee::PublicRepresentatives, &self.invite_public),
                (Invitee::Experts, &self.invite_experts),
                (Invitee::Media, &self.invite_media),
            ]),
            public: choice(&self.meeting_public, "是否公开", problems),
            ways: checked([
                (Way::Television, &self.way_television),
                (Way::Internet, &self.way_internet),
                (Way::Attendance, &self.way_attendance),
                (Way::NewsReport, &self.way_news),
                (Way::NewMedia, &self.way_new_media),
            ]),
            not_public_reason: self.not_public_reason.clone(),
            consulted: self.consulted.is_some(),
            adoption: self.adoption.clone(),
        }
    }
}

/// The facts of a meeting plan's opinions.
pub(super) fn facts(meeting: &MeetingOpenness) -> Vec<(&'static str, String)> {
    let names = |labels: Vec<&str>| labels.join("、");
    let mut facts = vec![
        (
            "会议事项",
            match meeting.major {
                true => "涉及重大民生事项和社会公众利益",
                false => "一般事项",
            }
            .to_owned(),
        ),
        (
            "邀请列席",
            match meeting.invitees.is_empty() {
                true => "不邀请".to_owned(),
                false => names(meeting.invitees.iter().map(|i| i.label_zh()).collect()),
            },
        ),
        (
            "会议公开",
            match meeting.public {
                true => format!(
                    "公开：{}",
                    names(meeting.ways.iter().map(|w| w.label_zh()).collect())
                ),
                false => format!("不公开（理由：{}）", meeting.not_public_reason),
            },
        ),
    ];
    if let Some(adoption) = &meeting.adoption {
        facts.push(("此前征求意见的采纳情况", adoption.clone()));
    }
    facts
}
