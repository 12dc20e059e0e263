//! The publication gate (SEC-SECRET, PUB-ATTR, PUB-CONFID, PUB-COORD): [`may_publish`] is the
//! one pure function every publishing channel — the site, the catalogue, a message reply,
//! data sharing — calls before it publishes a document of the register. Secret documents
//! never pass (上网不涉密，涉密不上网), whatever else is recorded.

use crate::register::{Attribute, Document, InterestKind, Redaction, Refusal, ReviewOpinion};

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
/// published on any channel, else the first rule that refuses with what to do.
pub fn may_publish(document: &Document) -> Result<(), Refusal> {
    // SEC-SECRET: a mark refuses unless its declassification is recorded (PUB-CONFID).
    if let Some(secrecy) = &document.secrecy
        && document.declassification.is_none()
    {
        let message = match secrecy.until {
            Some(_) => format!(
                "标有“{}”密级的公文不得发布；保密期限届满的，须先登记解密手续",
                secrecy.level.label_zh()
            ),
            None => format!(
                "标有“{}”密级的公文不得发布（涉密不上网）",
                secrecy.level.label_zh()
            ),
        };
        return Err(Refusal::new("SEC-SECRET", message));
    }
    // PUB-ATTR: only a 主动公开 document, confirmed by its signer, is published.
    match document.attribute {
        Attribute::Proactive => {}
        Attribute::OnApplication => {
            return Err(Refusal::new(
                "PUB-ATTR",
                "依申请公开的公文不主动发布，只依申请提供",
            ));
        }
        Attribute::NotDisclosed => {
            return Err(Refusal::new("PUB-ATTR", "不予公开的公文不得发布"));
        }
    }
    if document.confirmation.is_none() {
        return Err(Refusal::new("PUB-ATTR", "公开属性尚未经签发人确认"));
    }
    // PUB-CONFID: the review, and the determination of a 需报审.
    let Some(review) = &document.review else {
        return Err(Refusal::new("PUB-CONFID", "未经保密审查的公文不得发布"));
    };
    match review.opinion {
        ReviewOpinion::Disclose => {}
        ReviewOpinion::Exempt => {
            return Err(Refusal::new(
                "PUB-CONFID",
                "保密审查意见为“免于公开”，不得发布",
            ));
        }
        ReviewOpinion::Refer => match &document.determination {
            None => {
                return Err(Refusal::new(
                    "PUB-CONFID",
                    "保密审查意见为“需报审”，确定意见登记前不得发布",
                ));
            }
            Some(determination) if !determination.disclose => {
                return Err(Refusal::new("PUB-CONFID", "报审确定不予公开，不得发布"));
            }
            Some(_) => {}
        },
    }
    if let Some(interest) = document.interests.iter().find(|i| i.consent.is_none()) {
        let what = match interest.kind {
            InterestKind::CommercialSecret => InterestKind::CommercialSecret.label_zh(),
            InterestKind::Privacy => InterestKind::Privacy.label_zh(),
        };
        return Err(Refusal::new(
            "PUB-CONFID",
            format!(
                "涉及“{}”的{}，须先登记权利人同意或公共利益认定",
                interest.holder, what
            ),
        ));
    }
    // PUB-COORD: every unit asked has confirmed.
    let pending = document
        .coordination
        .iter()
        .filter(|c| c.is_pending())
        .count();
    if pending > 0 {
        return Err(Refusal::new(
            "PUB-COORD",
            format!("尚有{pending}个单位未会签确认，确认前不得发布"),
        ));
    }
    if document
        .coordination
        .iter()
        .any(|c| c.reply.as_ref().is_some_and(|reply| !reply.agreed))
    {
        return Err(Refusal::new(
            "PUB-COORD",
            "有会签单位不同意发布，请提请县政务公开主管部门协调",
        ));
    }
    Ok(())
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
