//! The publication gate (SEC-SECRET, PUB-ATTR, PUB-CONFID, PUB-COORD): [`may_publish`] is the
//! one pure function every publishing channel — the site, the catalogue, a message reply,
//! data sharing — calls before it publishes a document of the register. Secret documents
//! never pass (上网不涉密，涉密不上网), whatever else is recorded.

use crate::register::{Attribute, Document, Redaction, Refusal, ReviewOpinion};

/// The channels that publish (SEC-SECRET lists them; each calls [`may_publish`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PublishChannel {
    /// 网站发布 (an article of the site group).
    Site,
    /// 公开目录.
    Catalogue,
    /// 留言答复 (a published message reply).
    MessageReply,
    /// 数据共享开放.
    DataSharing,
}

impl PublishChannel {
    pub const ALL: [PublishChannel; 4] = [
        PublishChannel::Site,
        PublishChannel::Catalogue,
        PublishChannel::MessageReply,
        PublishChannel::DataSharing,
    ];

    pub const fn label_zh(self) -> &'static str {
        match self {
            PublishChannel::Site => "网站发布",
            PublishChannel::Catalogue => "公开目录",
            PublishChannel::MessageReply => "留言答复",
            PublishChannel::DataSharing => "数据共享",
        }
    }
}

/// What may be published: the whole document, or its redacted version (删减后公开).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version<'a> {
    Whole,
    Redacted(&'a Redaction),
}

/// SEC-SECRET first, then PUB-ATTR, PUB-CONFID and PUB-COORD: `Ok` when `document` may be
/// published on any channel, else the first rule that refuses with what to do. It reads the
/// document's [`stage`], so what a page shows and what the gate says cannot drift apart.
pub fn may_publish(document: &Document) -> Result<(), Refusal> {
    let refuse = |rule, message: String| Err(Refusal::new(rule, message));
    match stage(document) {
        Stage::Publishable => Ok(()),
        // SEC-SECRET: a mark refuses unless its declassification is recorded (PUB-CONFID).
        Stage::Classified => {
            let (level, expires) = document
                .secrecy
                .as_ref()
                .map(|s| (s.level.label_zh(), s.until.is_some()))
                .unwrap_or(("秘密", false));
            let message = if expires {
                format!("标有“{level}”密级的公文不得发布；保密期限届满的，须先登记解密手续")
            } else {
                format!("标有“{level}”密级的公文不得发布（涉密不上网）")
            };
            refuse("SEC-SECRET", message)
        }
        // PUB-ATTR: only a 主动公开 document, confirmed by its signer, is published.
        Stage::NotForPublication => refuse(
            "PUB-ATTR",
            match document.attribute {
                Attribute::OnApplication => "依申请公开的公文不主动发布，只依申请提供",
                _ => "不予公开的公文不得发布",
            }
            .to_owned(),
        ),
        Stage::AwaitingConfirmation => refuse("PUB-ATTR", "公开属性尚未经签发人确认".to_owned()),
        // PUB-CONFID: the review, the determination of a 需报审, the right holders' consent.
        Stage::AwaitingReview => refuse("PUB-CONFID", "未经保密审查的公文不得发布".to_owned()),
        Stage::AwaitingDetermination => refuse(
            "PUB-CONFID",
            "保密审查意见为“需报审”，确定意见登记前不得发布".to_owned(),
        ),
        Stage::Withheld => {
            let exempt = document
                .review
                .as_ref()
                .is_some_and(|review| review.opinion == ReviewOpinion::Exempt);
            let message = if exempt {
                "保密审查意见为“免于公开”，不得发布"
            } else {
                "报审确定不予公开，不得发布"
            };
            refuse("PUB-CONFID", message.to_owned())
        }
        Stage::AwaitingConsent => {
            let (holder, what) = document
                .interests
                .iter()
                .find(|i| i.consent.is_none())
                .map(|i| (i.holder.as_str(), i.kind.label_zh()))
                .unwrap_or(("", ""));
            refuse(
                "PUB-CONFID",
                format!("涉及“{holder}”的{what}，须先登记权利人同意或公共利益认定"),
            )
        }
        // PUB-COORD: every unit asked has confirmed.
        Stage::AwaitingCoordination => {
            let pending = document
                .coordination
                .iter()
                .filter(|c| c.is_pending())
                .count();
            let message = if pending > 0 {
                format!("尚有{pending}个单位未会签确认，确认前不得发布")
            } else {
                "有会签单位不同意发布，请提请县政务公开主管部门协调".to_owned()
            };
            refuse("PUB-COORD", message)
        }
    }
}

/// SEC-SECRET: the gate for `channel` — the same [`may_publish`] for every channel, with the
/// channel named in the refusal.
pub fn may_publish_on(channel: PublishChannel, document: &Document) -> Result<(), Refusal> {
    may_publish(document).map_err(|refusal| Refusal {
        rule: refusal.rule,
        message: format!("{}：{}", channel.label_zh(), refusal.message),
    })
}

/// PUB-CONFID: the version to publish — redacted when the review (or the determination of a
/// 需报审) says 删减后公开. Call after [`may_publish`].
pub fn publishable_version(document: &Document) -> Version<'_> {
    let redaction = document
        .determination
        .as_ref()
        .and_then(|d| d.redaction.as_ref())
        .or_else(|| document.review.as_ref().and_then(|r| r.redaction.as_ref()));
    match redaction {
        Some(redaction) => Version::Redacted(redaction),
        None => Version::Whole,
    }
}

/// Where a document of the register stands on its way to publication — what the gate would
/// say, as a stage a page shows and offers the next record for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stage {
    /// 涉密: refused until declassified (SEC-SECRET).
    Classified,
    /// 不主动公开: 依申请公开 or 不予公开 (PUB-ATTR).
    NotForPublication,
    /// 待签发人确认公开属性 (PUB-ATTR).
    AwaitingConfirmation,
    /// 待保密审查 (PUB-CONFID).
    AwaitingReview,
    /// 待报审确定 (PUB-CONFID).
    AwaitingDetermination,
    /// 免于公开 or determined 不予公开 (PUB-CONFID).
    Withheld,
    /// 待权利人同意 (PUB-CONFID).
    AwaitingConsent,
    /// 待会签确认, or a unit disagreed (PUB-COORD).
    AwaitingCoordination,
    /// 可以发布.
    Publishable,
}

impl Stage {
    pub const fn label_zh(self) -> &'static str {
        match self {
            Stage::Classified => "涉密，不得发布",
            Stage::NotForPublication => "不主动公开",
            Stage::AwaitingConfirmation => "待签发人确认公开属性",
            Stage::AwaitingReview => "待保密审查",
            Stage::AwaitingDetermination => "待报审确定",
            Stage::Withheld => "经审查不予发布",
            Stage::AwaitingConsent => "待权利人同意",
            Stage::AwaitingCoordination => "待会签确认",
            Stage::Publishable => "可以发布",
        }
    }
}

/// The stage of `document`: the first thing [`may_publish`] refuses it for, or publishable.
pub fn stage(document: &Document) -> Stage {
    if document.secrecy.is_some() && document.declassification.is_none() {
        return Stage::Classified;
    }
    if document.attribute != Attribute::Proactive {
        return Stage::NotForPublication;
    }
    if document.confirmation.is_none() {
        return Stage::AwaitingConfirmation;
    }
    match document.review.as_ref().map(|review| review.opinion) {
        None => return Stage::AwaitingReview,
        Some(ReviewOpinion::Exempt) => return Stage::Withheld,
        Some(ReviewOpinion::Refer) => match &document.determination {
            None => return Stage::AwaitingDetermination,
            Some(determination) if !determination.disclose => return Stage::Withheld,
            Some(_) => {}
        },
        Some(ReviewOpinion::Disclose) => {}
    }
    if document.interests.iter().any(|i| i.consent.is_none()) {
        return Stage::AwaitingConsent;
    }
    let blocked = document
        .coordination
        .iter()
        .any(|c| c.reply.as_ref().is_none_or(|reply| !reply.agreed));
    if blocked {
        return Stage::AwaitingCoordination;
    }
    Stage::Publishable
}
