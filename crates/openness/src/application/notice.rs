//! The answer notice (告知书, PUB-ANSWER): the document every answer produces and that is
//! kept with the application — title, body fields, legal basis, the remedies. A model only:
//! the print page and the PDF are the pages' and the store's; the issuing unit's name and
//! seal are added there.

use calendar::Instant;
use chrono::Datelike;

use crate::application::{
    Application, CannotProvideReason, Form, NotProcessedReason, OtherReason, Outcome,
    ThirdPartyOpinion,
};
use crate::error::OpennessError;

/// What the officer writes for an answer (PUB-ANSWER); checked against the outcome.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AnswerInput {
    /// The reasons of what is withheld, or the explanation of the handling.
    pub reasoning: String,
    /// Where the information is already public (网址、公报期号), for 予以公开 of §36(一).
    pub already_public_at: String,
    /// The items provided (files the applicant downloads with the query code, or copies).
    pub provided: Vec<String>,
    /// The form they are provided in.
    pub form: Option<Form>,
    /// The agency, channel or earlier application the applicant is referred to.
    pub refer_to: String,
}

/// One labelled field of the notice's body.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NoticeField {
    pub label: String,
    pub value: String,
}

/// The answer notice (告知书).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AnswerNotice {
    pub title: String,
    /// The applicant addressed.
    pub addressee: String,
    /// 收到申请的日期 and the request as described.
    pub opening: String,
    pub fields: Vec<NoticeField>,
    /// The legal basis (PUB-ANSWER: 2019 Regulation).
    pub basis: String,
    /// 救济途径.
    pub remedy: String,
    /// The date of issue, e.g. 2026年3月2日.
    pub issued_on: String,
}

/// A date as written in an official document: 2026年3月2日.
pub fn date_zh(at: Instant) -> String {
    let date = at.local_date();
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

fn field(label: &str, value: impl Into<String>) -> NoticeField {
    NoticeField {
        label: label.to_owned(),
        value: value.into(),
    }
}

/// The label of the referral field for `outcome`, if it needs one.
fn referral_label(outcome: Outcome) -> Option<&'static str> {
    match outcome {
        Outcome::NotProcessed(NotProcessedReason::Repeat) => Some("已答复的申请"),
        Outcome::NotProcessed(NotProcessedReason::PetitionOrComplaint) => {
            Some("请通过以下渠道反映")
        }
        Outcome::NotProcessed(NotProcessedReason::Publication) => Some("获取途径"),
        _ => None,
    }
}

/// PUB-ANSWER: every problem of `input` for `outcome` at once, in Chinese.
pub fn check_answer(
    application: &Application,
    outcome: Outcome,
    input: &AnswerInput,
) -> Result<(), OpennessError> {
    let mut problems = Vec::new();
    if outcome == Outcome::Other(OtherReason::NoSupplementInTime) {
        problems.push("逾期不补正应通过“逾期未补正终止处理”办理，不能直接答复".to_owned());
    }
    if outcome == Outcome::CannotProvide(CannotProvideReason::StillUnclearAfterSupplement)
        && application
            .supplement
            .as_ref()
            .and_then(|s| s.corrected_at)
            .is_none()
    {
        problems.push("该申请未经补正，不能以“补正后申请内容仍不明确”答复".to_owned());
    }
    // PUB-ANSWER (2019 Regulation §32): against a third party's objection, information is
    // disclosed only for an overriding public interest, stated in the answer.
    let objected = application
        .consultations
        .iter()
        .any(|c| c.opinion == Some(ThirdPartyOpinion::Objects));
    if objected && outcome.provides_information() && input.reasoning.trim().is_empty() {
        problems.push(
            "第三方不同意公开，予以公开须写明不公开可能对公共利益造成重大影响的理由".to_owned(),
        );
    }
    if outcome.provides_information() {
        let already_public =
            outcome == Outcome::Disclosed && !input.already_public_at.trim().is_empty();
        if input.provided.iter().all(|item| item.trim().is_empty()) && !already_public {
            problems
                .push("予以公开或部分公开须列明提供的信息（或已公开信息的获取途径）".to_owned());
        }
        if !input.provided.is_empty() && input.form.is_none() {
            problems.push("请选择提供形式（纸质文本、电子文档或当场查阅）".to_owned());
        }
    }
    if outcome.needs_reason() && input.reasoning.trim().is_empty() {
        problems.push(format!("“{}”须写明理由", outcome.label_zh()));
    }
    if let Some(label) = referral_label(outcome)
        && input.refer_to.trim().is_empty()
    {
        problems.push(format!("请填写“{label}”"));
    }
    OpennessError::check_all(problems)
}

/// PUB-ANSWER: the notice `outcome` with `input` produces for `application`, issued at `at`.
pub fn answer_notice(
    application: &Application,
    outcome: Outcome,
    input: &AnswerInput,
    at: Instant,
) -> AnswerNotice {
    let filing = &application.filing;
    let received = application
        .supplement
        .as_ref()
        .and_then(|s| s.corrected_at)
        .unwrap_or(application.received_at);
    let mut fields = vec![field("处理结果", outcome.notice_label())];
    if !input.already_public_at.trim().is_empty() {
        fields.push(field("已公开的获取途径", input.already_public_at.trim()));
    }
    if !input.provided.is_empty() {
        fields.push(field("提供的信息", input.provided.join("、")));
    }
    if let Some(form) = input.form {
        fields.push(field("提供形式", form.label_zh()));
    }
    if !input.reasoning.trim().is_empty() {
        fields.push(field("理由", input.reasoning.trim()));
    }
    if !input.refer_to.trim().is_empty() {
        let label = referral_label(outcome).unwrap_or("告知事项");
        fields.push(field(label, input.refer_to.trim()));
    }
    for consultation in &application.consultations {
        if let Some(opinion) = consultation.opinion {
            fields.push(field(
                "第三方意见",
                format!("{}：{}", consultation.party, opinion.label_zh()),
            ));
        }
    }
    if let Some(extension) = &application.extension {
        fields.push(field(
            "延期答复",
            format!("经批准延长{}，已告知申请人", extension.amount.label_zh()),
        ));
    }
    AnswerNotice {
        title: outcome.notice_title().to_owned(),
        addressee: filing.applicant.name.trim().to_owned(),
        opening: format!(
            "本机关于{}收到您（单位）提出的政府信息公开申请，申请内容为：{}。经审查，现答复如下：",
            date_zh(received),
            filing.description.trim()
        ),
        fields,
        basis: outcome.basis(!input.already_public_at.trim().is_empty()),
        remedy: "如对本答复不服，可以自收到本告知书之日起六十日内依法申请行政复议，或者六个月内依法提起行政诉讼。"
            .to_owned(),
        issued_on: date_zh(at),
    }
}

/// PUB-APPLY: the supplement notice (补正告知书) — every item at once and the applicant's
/// period; `None` before a notice was sent.
pub fn supplement_notice(
    application: &Application,
    calendar: &calendar::Calendar,
) -> Option<AnswerNotice> {
    let supplement = application.supplement.as_ref()?;
    let due = calendar.due(supplement.at, supplement.period).at;
    let items = supplement
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| format!("{}. {item}", i + 1))
        .collect::<Vec<_>>()
        .join("；");
    Some(AnswerNotice {
        title: "政府信息公开申请补正告知书".to_owned(),
        addressee: application.filing.applicant.name.trim().to_owned(),
        opening: format!(
            "本机关于{}收到您（单位）提出的政府信息公开申请。经审查，申请内容不明确，现一次性告知如下：",
            date_zh(application.received_at)
        ),
        fields: vec![
            field("需要补正的事项", items),
            field("补正期限", format!("请于{}前补正", date_zh(due))),
            field(
                "逾期后果",
                "无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请",
            ),
        ],
        basis: "《中华人民共和国政府信息公开条例》第二十九条、第三十条".to_owned(),
        remedy: String::new(),
        issued_on: date_zh(supplement.at),
    })
}

/// PUB-APPLY: the extension notice (延期答复告知书) told to the applicant — the new date and
/// the reason; `None` without an extension.
pub fn extension_notice(application: &Application) -> Option<AnswerNotice> {
    let extension = application.extension.as_ref()?;
    Some(AnswerNotice {
        title: "政府信息公开申请延期答复告知书".to_owned(),
        addressee: application.filing.applicant.name.trim().to_owned(),
        opening: format!(
            "本机关于{}收到您（单位）提出的政府信息公开申请，申请内容为：{}。",
            date_zh(application.received_at),
            application.filing.description.trim()
        ),
        fields: vec![
            field("延期理由", extension.reason.clone()),
            field("延长期限", extension.amount.label_zh()),
            field(
                "答复期限",
                format!("本机关将于{}前作出答复", date_zh(extension.due)),
            ),
        ],
        basis: "《中华人民共和国政府信息公开条例》第三十三条第二款".to_owned(),
        remedy: String::new(),
        issued_on: date_zh(extension.at),
    })
}
