//! PUB-ANSWER: the repeat-application detector — the same applicant asking again for what was
//! answered is offered as 不予处理（重复申请）; another applicant, an unanswered earlier one or a
//! different request is not.

use openness::ApplicationId;
use openness::application::{Earlier, NotProcessedReason, Outcome, detect_repeat, similarity};

const THRESHOLD: f64 = 0.6;

fn earlier(id: i64, key: &str, description: &str, answered: bool) -> Earlier {
    Earlier {
        id: ApplicationId(id),
        applicant_key: key.into(),
        description: description.into(),
        outcome: answered.then_some(Outcome::Disclosed),
    }
}

/// The similarity is the Jaccard index of character bigrams, punctuation and spaces ignored.
#[test]
fn pub_answer_similarity_is_the_bigram_jaccard_index() {
    assert_eq!(similarity("城区道路改造", "城区道路改造"), 1.0);
    assert_eq!(similarity("城区道路改造。", " 城区 道路改造"), 1.0);
    assert_eq!(similarity("城区道路", "财政预算"), 0.0);
    assert_eq!(similarity("", "城区"), 0.0);
    // 城区 区道 道路 | 城区 区道 道桥: 2 shared of 4.
    assert_eq!(similarity("城区道路", "城区道桥"), 0.5);
}

/// PUB-ANSWER: the most similar answered application of the same applicant above the
/// threshold is suggested as 不予处理（重复申请）.
#[test]
fn pub_answer_a_repeat_of_the_same_applicant_is_suggested_as_not_processed() {
    let key = "360702198001011234";
    let asked = "请公开2025年本县城区道路改造工程的立项批复文件";
    let history = vec![
        earlier(1, key, "2025年本县城区道路改造工程的立项批复文件", true),
        earlier(2, key, "2024年本县财政预算执行情况", true),
        earlier(
            3,
            "OTHER-KEY",
            "请公开2025年本县城区道路改造工程的立项批复文件",
            true,
        ),
        earlier(
            4,
            key,
            "请公开2025年本县城区道路改造工程的立项批复文件",
            false,
        ),
    ];
    let suggestion = detect_repeat(key, asked, &history, THRESHOLD).unwrap();
    assert_eq!(suggestion.earlier, ApplicationId(1));
    assert!(suggestion.similarity >= THRESHOLD);
    assert_eq!(
        suggestion.outcome,
        Outcome::NotProcessed(NotProcessedReason::Repeat)
    );
    assert_eq!(suggestion.outcome.label_zh(), "（五）不予处理：2.重复申请");
    assert!(detect_repeat(key, "2026年城乡低保资金发放明细", &history, THRESHOLD).is_none());
    assert!(detect_repeat("NEW-KEY", asked, &history, THRESHOLD).is_none());
}

/// The applicant key ignores spaces and case of the identity number.
#[test]
fn pub_answer_applicant_key_normalises_the_identity_number() {
    let mut applicant = crate::person();
    applicant.id_number = " 36070219800101123x ".into();
    assert_eq!(applicant.key(), "36070219800101123X");
    applicant.id_number.clear();
    assert_eq!(applicant.key(), "张三");
}
