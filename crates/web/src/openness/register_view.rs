//! What a document's page shows of its records (PUB-ATTR, PUB-CONFID, PUB-COORD, SEC-SECRET), in
//! words: the attribute and its reason, the signer's confirmation, the review and the
//! determination of a 需报审 with any redaction, the secrecy mark and its declassification, the
//! right holders and their consent; the coordination requests with their clocks' light; and
//! the publication deadline of a 主动公开 document with its first publication (PUB-PROACTIVE).

use calendar::{Calendar, Instant, LightRule};
use openness::register::{ConsentBasis, Document, Redaction};

/// One coordination request as the page shows it.
pub struct CoordinationLine {
    pub unit: String,
    pub matter: String,
    pub light: &'static str,
    pub words: &'static str,
    pub due: String,
    pub reply: String,
}

fn redaction(r: &Redaction) -> String {
    format!("删减后公开：删减“{}”，理由：{}", r.removed, r.reason)
}

/// The records of `document` as (label, words), in the order they were made.
pub fn facts(
    document: &Document,
    minute_of: &dyn Fn(i64) -> String,
) -> Vec<(&'static str, String)> {
    let mut facts = vec![
        ("文号", document.number.clone()),
        ("公文类型", document.kind.label_zh().to_owned()),
        ("登记时间", minute_of(document.drafted_at.millis())),
        (
            "主题分类",
            document
                .topic
                .unwrap_or(openness::register::Topic::Other)
                .label_zh()
                .to_owned(),
        ),
    ];
    let attribute = match document.attribute_reason.as_str() {
        "" => document.attribute.label_zh().to_owned(),
        reason => format!("{}（理由：{reason}）", document.attribute.label_zh()),
    };
    if let Some(meeting) = &document.meeting {
        facts.extend(super::register_meeting::facts(meeting));
    }
    facts.push(("公开属性", attribute));
    facts.push((
        "签发人确认",
        document.confirmation.as_ref().map_or_else(
            || "尚未确认".to_owned(),
            |c| format!("已于 {} 确认", minute_of(c.at.millis())),
        ),
    ));
    if let Some(secrecy) = &document.secrecy {
        let mark = match &document.declassification {
            Some(d) => format!(
                "{}（已于 {} 解密：{}）",
                secrecy.level.label_zh(),
                minute_of(d.at.millis()),
                d.basis
            ),
            None => format!("{}（涉密不上网）", secrecy.level.label_zh()),
        };
        facts.push(("密级", mark));
    }
    let review = document.review.as_ref().map_or_else(
        || "尚未审查".to_owned(),
        |r| {
            let mut words = format!("{}，依据：{}", r.opinion.label_zh(), r.basis);
            if !r.reason.is_empty() {
                words.push_str(&format!("，理由：{}", r.reason));
            }
            if let Some(cut) = &r.redaction {
                words.push_str(&format!("；{}", redaction(cut)));
            }
            format!("{words}（{}）", minute_of(r.at.millis()))
        },
    );
    facts.push(("保密审查", review));
    if let Some(d) = &document.determination {
        let mut words = format!(
            "{}：{}，依据：{}",
            d.authority,
            if d.disclose {
                "可以公开"
            } else {
                "不予公开"
            },
            d.basis
        );
        if let Some(cut) = &d.redaction {
            words.push_str(&format!("；{}", redaction(cut)));
        }
        facts.push(("报审确定意见", words));
    }
    for interest in &document.interests {
        let consent = match &interest.consent {
            None => "尚未取得同意".to_owned(),
            Some(c) => format!(
                "{}：{}",
                match c.basis {
                    ConsentBasis::HolderConsent => "权利人同意",
                    ConsentBasis::PublicInterest => "不公开会对公共利益造成重大影响",
                },
                c.record
            ),
        };
        facts.push((
            "第三方权益",
            format!(
                "{}（权利人：{}）{consent}",
                interest.kind.label_zh(),
                interest.holder
            ),
        ));
    }
    facts
}

/// The coordination requests with their clocks at `now`.
pub fn coordination(
    document: &Document,
    calendar: &Calendar,
    now: Instant,
    rule: &LightRule,
    name_of: &dyn Fn(i64) -> String,
) -> Vec<CoordinationLine> {
    document
        .coordination
        .iter()
        .map(|c| {
            let light = c.clock.light(calendar, now, rule);
            let reply = match &c.reply {
                None if c.clock.is_overdue(calendar, now) => "已超期，尚未答复".to_owned(),
                None => "等待答复".to_owned(),
                Some(r) if r.agreed => match r.opinion.as_str() {
                    "" => "同意".to_owned(),
                    opinion => format!("同意：{opinion}"),
                },
                Some(r) => format!("不同意：{}", r.opinion),
            };
            CoordinationLine {
                unit: name_of(c.unit.0),
                matter: c.matter.clone(),
                light: light.code(),
                words: light.label_zh(),
                due: crate::chrome::minute_of(c.clock.due(calendar).millis()),
                reply,
            }
        })
        .collect()
}

/// PUB-PROACTIVE: the publication deadline as the page shows it.
pub struct ProactiveLine {
    pub light: &'static str,
    pub words: String,
    pub due: String,
    /// The page that published it, if published.
    pub url: Option<String>,
}

/// The publication deadline of `document` at `now`, once its clock started.
pub fn proactive(
    document: &Document,
    calendar: &Calendar,
    now: Instant,
    rule: &LightRule,
) -> Option<ProactiveLine> {
    let clock = document.proactive.as_ref()?;
    let due = crate::chrome::minute_of(clock.due(calendar).millis());
    let light = clock.light(calendar, now, rule);
    let words = match &document.publication {
        Some(p) if p.met => format!(
            "已于 {} 公开发布，未超期",
            crate::chrome::minute_of(p.at.millis())
        ),
        Some(p) => format!(
            "已于 {} 公开发布，超过期限",
            crate::chrome::minute_of(p.at.millis())
        ),
        None if !clock.is_running() => "经审查不予发布，期限停止计算".to_owned(),
        None if clock.is_overdue(calendar, now) => "已超期，尚未发布".to_owned(),
        None => format!("{}，尚未发布", light.label_zh()),
    };
    Some(ProactiveLine {
        light: light.code(),
        words,
        due,
        url: document.publication.as_ref().map(|p| p.url.clone()),
    })
}
