//! An official document in the register (公文, PUB-ATTR, PUB-CONFID): its disclosure
//! attribute set when drafted and confirmed by the signer, its confidentiality review and,
//! for 需报审, the determination; secrecy marks and their declassification; third-party
//! interests (commercial secrets, privacy) with the right holder's consent. Coordination with
//! other units is [`crate::register::coordination`]; the gate is [`crate::register::may_publish`].

use calendar::Instant;
use platform::roles::Role;

use platform::workflow::SubjectClock;

use crate::register::meeting::{MeetingDraft, MeetingOpenness, check_meeting};
use crate::register::{Coordination, DocumentClock, Publication, Refusal, Topic};
use crate::{Acting, DocumentId, UnitId, UserId};

/// The disclosure attribute (公开属性, PUB-ATTR).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Attribute {
    /// 主动公开.
    Proactive,
    /// 依申请公开: provided on application only; needs a reason.
    OnApplication,
    /// 不予公开: needs a reason; registered (备案登记).
    NotDisclosed,
}

impl Attribute {
    pub const ALL: [Attribute; 3] = [
        Attribute::Proactive,
        Attribute::OnApplication,
        Attribute::NotDisclosed,
    ];

    pub const fn label_zh(self) -> &'static str {
        match self {
            Attribute::Proactive => "主动公开",
            Attribute::OnApplication => "依申请公开",
            Attribute::NotDisclosed => "不予公开",
        }
    }

    /// PUB-ATTR: the note the document carries (此件主动公开 …).
    pub const fn note(self) -> &'static str {
        match self {
            Attribute::Proactive => "此件主动公开",
            Attribute::OnApplication => "此件依申请公开",
            Attribute::NotDisclosed => "此件不予公开",
        }
    }

    /// The last two need a reason (PUB-ATTR).
    pub const fn needs_reason(self) -> bool {
        !matches!(self, Attribute::Proactive)
    }
}

/// What kind of document, as far as its attribute depends on it (PUB-ATTR).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum DocumentKind {
    /// 政策性文件 (a non-public one is reviewed by the openness office first).
    Policy,
    /// 请示、报告 to a superior, or a request for opinions: always 不予公开.
    RequestOrReport,
    /// Any other document.
    Other,
    /// 会议方案: states the meeting's openness and goes for approval with it (PUB-MEETING).
    MeetingPlan,
    /// 规章: a policy document counted in table 二 of the annual report (PUB-ANNUAL).
    Regulation,
    /// 行政规范性文件: a policy document counted in table 二 of the annual report (PUB-ANNUAL).
    Normative,
}

impl DocumentKind {
    /// A policy document: its publication limit is the policy one (PUB-PROACTIVE).
    pub const fn is_policy(self) -> bool {
        matches!(
            self,
            DocumentKind::Policy | DocumentKind::Regulation | DocumentKind::Normative
        )
    }

    pub const fn label_zh(self) -> &'static str {
        match self {
            DocumentKind::Policy => "政策性文件",
            DocumentKind::RequestOrReport => "请示、报告或征求意见类",
            DocumentKind::Other => "其他公文",
            DocumentKind::MeetingPlan => "会议方案",
            DocumentKind::Regulation => "规章",
            DocumentKind::Normative => "行政规范性文件",
        }
    }
}

/// A secrecy mark (密级, SEC-SECRET).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum SecrecyLevel {
    Secret,
    Confidential,
    TopSecret,
}

impl SecrecyLevel {
    pub const ALL: [SecrecyLevel; 3] = [
        SecrecyLevel::Secret,
        SecrecyLevel::Confidential,
        SecrecyLevel::TopSecret,
    ];

    pub const fn label_zh(self) -> &'static str {
        match self {
            SecrecyLevel::Secret => "秘密",
            SecrecyLevel::Confidential => "机密",
            SecrecyLevel::TopSecret => "绝密",
        }
    }
}

/// The mark with its secrecy period's end (保密期限), if one is set.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Secrecy {
    pub level: SecrecyLevel,
    #[serde(with = "platform::snapshot::opt_instant")]
    pub until: Option<Instant>,
}

/// A recorded declassification (解密手续, PUB-CONFID).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Declassification {
    /// The decision and its number.
    pub basis: String,
    pub by: UserId,
    #[serde(with = "platform::snapshot::instant")]
    pub at: Instant,
}

/// A third party's interest in the document (2019 Regulation §15).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum InterestKind {
    /// 商业秘密.
    CommercialSecret,
    /// 个人隐私.
    Privacy,
}

impl InterestKind {
    pub const fn label_zh(self) -> &'static str {
        match self {
            InterestKind::CommercialSecret => "商业秘密",
            InterestKind::Privacy => "个人隐私",
        }
    }
}

/// Why the interest does not stop publication, as recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum ConsentBasis {
    /// 权利人同意.
    HolderConsent,
    /// 不公开会对公共利益造成重大影响.
    PublicInterest,
}

/// A recorded consent (or public-interest finding).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Consent {
    pub basis: ConsentBasis,
    /// The written consent, or the finding, as kept.
    pub record: String,
    pub by: UserId,
    #[serde(with = "platform::snapshot::instant")]
    pub at: Instant,
}

/// A commercial secret or privacy interest of a right holder.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Interest {
    pub kind: InterestKind,
    pub holder: String,
    pub consent: Option<Consent>,
}

/// The confidentiality review's opinion (保密审查意见, PUB-CONFID).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum ReviewOpinion {
    /// 公开 (with a redaction when partly secret: 删减后公开).
    Disclose,
    /// 免于公开.
    Exempt,
    /// 需报审: held until the determination is recorded.
    Refer,
}

impl ReviewOpinion {
    pub const ALL: [ReviewOpinion; 3] = [
        ReviewOpinion::Disclose,
        ReviewOpinion::Exempt,
        ReviewOpinion::Refer,
    ];

    pub const fn label_zh(self) -> &'static str {
        match self {
            ReviewOpinion::Disclose => "公开",
            ReviewOpinion::Exempt => "免于公开",
            ReviewOpinion::Refer => "需报审",
        }
    }
}

/// 删减后公开: what was removed, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Redaction {
    pub removed: String,
    pub reason: String,
}

/// The confidentiality review.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Review {
    pub opinion: ReviewOpinion,
    /// 依据 (law, secrecy catalogue item).
    pub basis: String,
    pub reason: String,
    pub redaction: Option<Redaction>,
    pub by: UserId,
    #[serde(with = "platform::snapshot::instant")]
    pub at: Instant,
}

/// The determination of a 需报审 review by the secrecy authority (PUB-CONFID).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Determination {
    pub disclose: bool,
    pub redaction: Option<Redaction>,
    /// The authority that decided, and its reply's number.
    pub authority: String,
    pub basis: String,
    #[serde(with = "platform::snapshot::instant")]
    pub at: Instant,
}

/// A draft as written (拟稿), before the register accepts it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Draft {
    pub title: String,
    /// 文号.
    pub number: String,
    pub kind: Option<DocumentKind>,
    pub attribute: Option<Attribute>,
    pub attribute_reason: String,
    pub secrecy: Option<Secrecy>,
    pub interests: Vec<(InterestKind, String)>,
    /// 主题分类 of the catalogue (PUB-CATALOG).
    pub topic: Option<Topic>,
    /// PUB-MEETING: a meeting plan's opinions on attendance and openness.
    pub meeting: Option<MeetingDraft>,
}

/// The signer's confirmation of the attribute (PUB-ATTR).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Confirmation {
    pub signer: UserId,
    #[serde(with = "platform::snapshot::instant")]
    pub at: Instant,
}

/// A document of the register.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Document {
    pub id: DocumentId,
    pub unit: UnitId,
    pub title: String,
    pub number: String,
    pub kind: DocumentKind,
    pub attribute: Attribute,
    pub attribute_reason: String,
    /// 主题分类 of the catalogue (PUB-CATALOG); 其他 when none was chosen.
    #[serde(default)]
    pub topic: Option<Topic>,
    pub confirmation: Option<Confirmation>,
    pub review: Option<Review>,
    pub determination: Option<Determination>,
    pub secrecy: Option<Secrecy>,
    pub declassification: Option<Declassification>,
    pub interests: Vec<Interest>,
    pub coordination: Vec<Coordination>,
    #[serde(with = "platform::snapshot::instant")]
    pub drafted_at: Instant,
    /// PUB-PROACTIVE: the publication deadline's clock, from the signer's confirmation.
    #[serde(default)]
    pub proactive: Option<SubjectClock<DocumentClock>>,
    /// PUB-PROACTIVE: the first publication.
    #[serde(default)]
    pub publication: Option<Publication>,
    /// PUB-MEETING: a meeting plan's opinions, approved with the plan by its signer.
    #[serde(default)]
    pub meeting: Option<MeetingOpenness>,
}

/// PUB-ATTR: the draft accepted into the register, or returned (退文) with every problem:
/// no attribute, no reason for 依申请公开/不予公开, a 请示/报告 not marked 不予公开, and for a
/// meeting plan the problems of its openness opinions (PUB-MEETING, the refusal's rule when
/// they are the only ones).
pub fn accept_draft(
    id: DocumentId,
    unit: UnitId,
    draft: Draft,
    now: Instant,
) -> Result<Document, Refusal> {
    let mut problems = Vec::new();
    if draft.title.trim().is_empty() {
        problems.push("公文标题不能为空".to_owned());
    }
    let kind = draft.kind.unwrap_or(DocumentKind::Other);
    match draft.attribute {
        None => problems.push("未标注公开属性（主动公开、依申请公开或不予公开）".to_owned()),
        Some(attribute) => {
            if attribute.needs_reason() && draft.attribute_reason.trim().is_empty() {
                problems.push(format!("标注为“{}”的须说明理由", attribute.label_zh()));
            }
            if kind == DocumentKind::RequestOrReport && attribute != Attribute::NotDisclosed {
                problems.push("向上级的请示、报告及征求意见类公文应标注为“不予公开”".to_owned());
            }
        }
    }
    if draft
        .interests
        .iter()
        .any(|(_, holder)| holder.trim().is_empty())
    {
        problems.push("涉及商业秘密或个人隐私的，须写明权利人".to_owned());
    }
    // PUB-MEETING: a meeting plan states the meeting's openness; other documents carry none.
    let (meeting, found) = match (kind, &draft.meeting) {
        (DocumentKind::MeetingPlan, Some(meeting)) => match check_meeting(meeting) {
            Ok(meeting) => (Some(meeting), Vec::new()),
            Err(found) => (None, found),
        },
        (DocumentKind::MeetingPlan, None) => (
            None,
            vec!["会议方案须提出列席、是否公开及公开方式的意见".to_owned()],
        ),
        _ => (None, Vec::new()),
    };
    let rule = match problems.is_empty() {
        true => "PUB-MEETING",
        false => "PUB-ATTR",
    };
    problems.extend(found);
    if !problems.is_empty() {
        return Err(Refusal::new(rule, format!("退文：{}", problems.join("；"))));
    }
    Ok(Document {
        id,
        unit,
        title: draft.title.trim().to_owned(),
        number: draft.number.trim().to_owned(),
        kind,
        attribute: draft.attribute.unwrap_or(Attribute::NotDisclosed),
        attribute_reason: draft.attribute_reason.trim().to_owned(),
        topic: draft.topic,
        confirmation: None,
        review: None,
        determination: None,
        secrecy: draft.secrecy,
        declassification: None,
        interests: draft
            .interests
            .into_iter()
            .map(|(kind, holder)| Interest {
                kind,
                holder: holder.trim().to_owned(),
                consent: None,
            })
            .collect(),
        coordination: Vec::new(),
        drafted_at: now,
        proactive: None,
        publication: None,
        meeting,
    })
}

/// PUB-ATTR: the signer (a leader of the issuing unit) confirms the attribute when signing.
pub fn confirm_attribute(
    document: &Document,
    signer: &Acting,
    now: Instant,
) -> Result<Document, Refusal> {
    if !signer.has_in(Role::UnitLeader, document.unit) {
        return Err(Refusal::new("PUB-ATTR", "公开属性由发文单位的签发人确认"));
    }
    if document.confirmation.is_some() {
        return Err(Refusal::new("PUB-ATTR", "签发人已确认公开属性"));
    }
    let mut next = document.clone();
    next.confirmation = Some(Confirmation {
        signer: signer.user,
        at: now,
    });
    Ok(next)
}

fn may_review(acting: &Acting, unit: UnitId) -> bool {
    acting.has_in(Role::OpennessOfficer, unit) || acting.has_in(Role::UnitLeader, unit)
}

fn redaction_problems(redaction: Option<&Redaction>, problems: &mut Vec<String>) {
    if let Some(redaction) = redaction
        && (redaction.removed.trim().is_empty() || redaction.reason.trim().is_empty())
    {
        problems.push("删减后公开须写明删减的内容和理由".to_owned());
    }
}

/// PUB-CONFID: the confidentiality review's opinion with basis and reason; a redaction only
/// with 公开; a marked document gets 公开 only after its declassification is recorded.
pub fn record_review(
    document: &Document,
    opinion: ReviewOpinion,
    basis: &str,
    reason: &str,
    redaction: Option<Redaction>,
    reviewer: &Acting,
    now: Instant,
) -> Result<Document, Refusal> {
    if !may_review(reviewer, document.unit) {
        return Err(Refusal::new(
            "PUB-CONFID",
            "保密审查由本单位政务公开工作人员或负责人办理",
        ));
    }
    if document.review.is_some() {
        return Err(Refusal::new("PUB-CONFID", "保密审查意见已登记"));
    }
    let mut problems = Vec::new();
    if basis.trim().is_empty() {
        problems.push("请写明保密审查的依据".to_owned());
    }
    if opinion != ReviewOpinion::Disclose && reason.trim().is_empty() {
        problems.push(format!("审查意见为“{}”的须写明理由", opinion.label_zh()));
    }
    if opinion != ReviewOpinion::Disclose && redaction.is_some() {
        problems.push("只有“公开”意见可以删减后公开".to_owned());
    }
    redaction_problems(redaction.as_ref(), &mut problems);
    if opinion == ReviewOpinion::Disclose
        && document.secrecy.is_some()
        && document.declassification.is_none()
    {
        problems.push("标有密级的公文须先登记解密手续，才能出具“公开”意见".to_owned());
    }
    Refusal::check_all("PUB-CONFID", problems)?;
    let mut next = document.clone();
    next.review = Some(Review {
        opinion,
        basis: basis.trim().to_owned(),
        reason: reason.trim().to_owned(),
        redaction,
        by: reviewer.user,
        at: now,
    });
    Ok(next)
}

/// PUB-CONFID: the determination that releases or keeps a 需报审 document.
pub fn record_determination(
    document: &Document,
    determination: Determination,
) -> Result<Document, Refusal> {
    let referred = document
        .review
        .as_ref()
        .is_some_and(|review| review.opinion == ReviewOpinion::Refer);
    if !referred {
        return Err(Refusal::new(
            "PUB-CONFID",
            "只有审查意见为“需报审”的公文登记确定意见",
        ));
    }
    if document.determination.is_some() {
        return Err(Refusal::new("PUB-CONFID", "确定意见已登记"));
    }
    let mut problems = Vec::new();
    if determination.authority.trim().is_empty() {
        problems.push("请写明作出确定的机关及文号".to_owned());
    }
    if determination.basis.trim().is_empty() {
        problems.push("请写明确定的依据".to_owned());
    }
    if !determination.disclose && determination.redaction.is_some() {
        problems.push("确定不予公开的不能删减后公开".to_owned());
    }
    redaction_problems(determination.redaction.as_ref(), &mut problems);
    Refusal::check_all("PUB-CONFID", problems)?;
    let mut next = document.clone();
    next.determination = Some(determination);
    Ok(next)
}

/// PUB-CONFID, SEC-SECRET: a marked document is declassified by a recorded decision first.
pub fn record_declassification(
    document: &Document,
    basis: &str,
    by: &Acting,
    now: Instant,
) -> Result<Document, Refusal> {
    if document.secrecy.is_none() {
        return Err(Refusal::new("SEC-SECRET", "该公文没有密级标志，无需解密"));
    }
    if document.declassification.is_some() {
        return Err(Refusal::new("SEC-SECRET", "解密手续已登记"));
    }
    if !may_review(by, document.unit) {
        return Err(Refusal::new("SEC-SECRET", "解密手续由定密单位登记"));
    }
    if basis.trim().is_empty() {
        return Err(Refusal::new("SEC-SECRET", "请写明解密的决定及文号"));
    }
    let mut next = document.clone();
    next.declassification = Some(Declassification {
        basis: basis.trim().to_owned(),
        by: by.user,
        at: now,
    });
    Ok(next)
}

/// PUB-CONFID (2019 Regulation §15): the right holder's consent, or the public-interest
/// finding, recorded for the interest of `holder`.
pub fn record_consent(
    document: &Document,
    holder: &str,
    basis: ConsentBasis,
    record: &str,
    by: &Acting,
    now: Instant,
) -> Result<Document, Refusal> {
    if !may_review(by, document.unit) {
        return Err(Refusal::new(
            "PUB-CONFID",
            "权利人意见由本单位政务公开工作人员登记",
        ));
    }
    if record.trim().is_empty() {
        return Err(Refusal::new(
            "PUB-CONFID",
            "请登记书面同意或公共利益认定的记录",
        ));
    }
    let mut next = document.clone();
    let Some(interest) = next
        .interests
        .iter_mut()
        .find(|interest| interest.holder == holder.trim() && interest.consent.is_none())
    else {
        return Err(Refusal::new(
            "PUB-CONFID",
            format!("没有待登记同意的权利人“{}”", holder.trim()),
        ));
    };
    interest.consent = Some(Consent {
        basis,
        record: record.trim().to_owned(),
        by: by.user,
        at: now,
    });
    Ok(next)
}
