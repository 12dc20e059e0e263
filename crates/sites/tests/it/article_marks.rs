//! Tests of an article's marks and deadlines, each naming its rule: WEB-MAP (a map carries its
//! 审图号 before it is submitted), WEB-REPOST (reposts only from the licensed news sources, the
//! 24 h clock from the notice), WEB-ACCOUNT and PUB-PROACTIVE (which publications are late,
//! a withdrawal for an error).

use platform::profile::{RuleProfile, preset};
use sites::ErrorKind;
use sites::article::{
    self, AccountKind, Command, CommandKind, Event, MapMark, Marks, Place, Repost, Status, Windows,
    apply, available,
};

use crate::article_table::{Fixture, reach};
use crate::*;

fn marks(map: Option<&str>, repost: Option<(&str, Instant)>) -> Command {
    Command::Annotate {
        marks: Box::new(Marks {
            map: map.map(|approval| MapMark {
                approval: approval.into(),
            }),
            repost: repost.map(|(source, notice_at)| Repost {
                source: source.into(),
                notice_at,
            }),
        }),
    }
}

fn windows() -> Windows {
    sites::usecase::accountability::windows(&RuleProfile::default())
}

/// WEB-MAP: which texts read as a 审图号.
#[test]
fn web_map_approval_number_pattern_table() {
    let cases = [
        ("GS(2024)1234号", true),
        ("GS（2024）1234号", true),
        ("GS京(2022)1061号", true),
        ("甘S(2023)056号", true),
        ("粤S（2019）043号", true),
        (" 甘S(2023)056号 ", true),
        ("", false),
        ("GS2024-1234", false),
        ("GS(2024)1234", false),
        ("GS(24)1234号", false),
        ("GS(2024)号", false),
        ("GS(2024)1234567号", false),
        ("AS(2024)12号", false),
        ("甘(2023)056号", false),
        ("GS(20x4)12号", false),
        ("GS(2024)12号附", false),
    ];
    for (text, valid) in cases {
        assert_eq!(article::is_map_approval(text), valid, "{text}");
        assert_eq!(article::check_map_approval(text).is_ok(), valid, "{text}");
    }
    let message = article::check_map_approval("地图123")
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("WEB-MAP") && message.contains("审图号"),
        "{message}"
    );
}

/// WEB-MAP: a draft marked as showing a map is not submitted (nor published) without its
/// 审图号; with it, it is; a malformed 审图号 is refused when marked, nothing changed.
#[test]
fn web_map_a_map_without_its_approval_number_is_not_submitted() {
    let (site, column) = place_parts();
    let parts = (&site, &column);
    let place = Place {
        site: &site,
        column: &column,
    };
    let draft = drafted(&site, &column, false);
    let marked = run_article(&draft, marks(Some(""), None), &editor_a(), parts, t0());
    assert_eq!(marked.map.as_ref().unwrap().approval, "");
    assert_eq!(marked.revision, draft.revision, "marks are no new revision");
    let error = apply(&marked, &Command::Submit, &editor_a(), place, t0()).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Invalid);
    assert!(error.to_string().contains("WEB-MAP"), "{error}");
    let bad = apply(
        &marked,
        &marks(Some("第1234号"), None),
        &editor_a(),
        place,
        t0(),
    );
    assert!(bad.unwrap_err().to_string().contains("WEB-MAP"));
    let numbered = run_article(
        &marked,
        marks(Some("甘S(2023)056号"), None),
        &editor_a(),
        parts,
        t0(),
    );
    let submitted = run_article(&numbered, Command::Submit, &editor_a(), parts, t0());
    assert_eq!(submitted.status, Status::AtReviewer);
    assert_eq!(submitted.map.unwrap().approval, "甘S(2023)056号");
}

/// WEB-MAP, WEB-REPOST: only the column's editors mark a draft, only a draft; unchanged marks
/// are refused.
#[test]
fn web_map_web_repost_only_the_columns_editors_mark_a_draft() {
    let (site, column) = place_parts();
    let place = Place {
        site: &site,
        column: &column,
    };
    let draft = drafted(&site, &column, false);
    assert!(available(&draft, place, &editor_a()).contains(&CommandKind::Annotate));
    assert!(!available(&draft, place, &reviewer()).contains(&CommandKind::Annotate));
    let by_reviewer = apply(&draft, &marks(Some(""), None), &reviewer(), place, t0());
    assert_eq!(by_reviewer.unwrap_err().kind(), ErrorKind::NotPermitted);
    let same = apply(&draft, &marks(None, None), &editor_a(), place, t0());
    assert_eq!(same.unwrap_err().kind(), ErrorKind::Invalid);
    let published = reach(Fixture::Published, (&site, &column));
    let late = apply(&published, &marks(Some(""), None), &editor_a(), place, t0());
    assert_eq!(late.unwrap_err().kind(), ErrorKind::InvalidTransition);
}

/// WEB-REPOST: the source must be one of the profile's licensed news sources (each shipped
/// profile lists the central ones and its province's); a notice in the future is refused.
#[test]
fn web_repost_sources_must_be_licensed_table() {
    let ganzhou = RuleProfile::default();
    let licensed = ganzhou.website.licensed_news_source_list();
    let cases = [
        ("新华社", true),
        (" 人民日报 ", true),
        ("中国政府网", true),
        ("甘肃日报", true),
        ("甘肃省人民政府网", true),
        ("某某自媒体", false),
        ("新华", false),
        ("", false),
    ];
    for (source, ok) in cases {
        let result = article::check_licensed(source, &licensed);
        assert_eq!(result.is_ok(), ok, "{source}");
        if let Err(error) = result {
            assert!(error.to_string().contains("WEB-REPOST"), "{error}");
        }
    }
    let xingning = preset("xingning").unwrap().build();
    let list = xingning.website.licensed_news_source_list();
    assert!(list.contains(&"新华社") && list.contains(&"南方日报"));
    assert!(!list.contains(&"甘肃日报"));
    for preset in platform::profile::PRESETS {
        let profile = preset.build();
        assert!(
            profile
                .website
                .licensed_news_source_list()
                .contains(&"人民日报"),
            "{}",
            preset.name
        );
    }
    let (site, column) = place_parts();
    let place = Place {
        site: &site,
        column: &column,
    };
    let draft = drafted(&site, &column, false);
    let future = marks(None, Some(("新华社", at("2025-03-04T09:00"))));
    let error = apply(&draft, &future, &editor_a(), place, t0()).unwrap_err();
    assert!(error.to_string().contains("WEB-REPOST"), "{error}");
    let blank = marks(None, Some(("  ", at("2025-03-03T08:00"))));
    assert!(apply(&draft, &blank, &editor_a(), place, t0()).is_err());
}

/// PUB-PROACTIVE, WEB-REPOST, WEB-ACCOUNT: the deadlines a publication is judged by — a
/// policy document 3 working days after its 成文日期 (Friday 2025-02-28: close of Wednesday
/// 03-05), a repost 24 h after its notice, major information 20 working days after its draft —
/// and which publications missed them.
#[test]
fn web_account_pub_proactive_late_publications_table() {
    let (site, column) = place_parts();
    let published = reach(Fixture::Published, (&site, &column));
    let notice = at("2025-03-03T08:00");
    let repost = Repost {
        source: "新华社".into(),
        notice_at: notice,
    };
    // (published at, major, repost, kinds missed)
    let cases: Vec<(&str, bool, bool, Vec<AccountKind>)> = vec![
        ("2025-03-03T09:00", false, false, vec![]),
        ("2025-03-05T16:00", false, false, vec![]),
        (
            "2025-03-06T09:00",
            false,
            false,
            vec![AccountKind::LatePolicy],
        ),
        ("2025-03-04T07:59", false, true, vec![]),
        (
            "2025-03-04T08:01",
            false,
            true,
            vec![AccountKind::LateRepost],
        ),
        (
            "2025-03-06T09:00",
            false,
            true,
            vec![AccountKind::LatePolicy, AccountKind::LateRepost],
        ),
        (
            "2025-03-28T09:00",
            true,
            false,
            vec![AccountKind::LatePolicy],
        ),
        (
            "2025-04-15T09:00",
            true,
            false,
            vec![AccountKind::LatePolicy, AccountKind::LateMajor],
        ),
    ];
    for (when, major, reposted, expected) in cases {
        let mut article = published.clone();
        article.published_at = Some(at(when));
        article.major = major;
        article.repost = reposted.then(|| repost.clone());
        let missed: Vec<AccountKind> = article::missed(&article, &windows(), &CAL)
            .into_iter()
            .map(|(kind, _)| kind)
            .collect();
        assert_eq!(missed, expected, "{when} major={major} repost={reposted}");
    }
    let due = article::deadlines(&published, &windows(), &CAL);
    assert_eq!(due[0].0, AccountKind::LatePolicy);
    assert_eq!(due[0].1.local_date(), date("2025-03-05"));
    let draft = drafted(&site, &column, false);
    assert!(article::missed(&draft, &windows(), &CAL).is_empty());
    for kind in AccountKind::ALL {
        assert_eq!(AccountKind::of_code(kind.code()), Some(kind));
        assert!(!kind.label_zh().is_empty());
    }
}

/// WEB-ACCOUNT: a withdrawal for an error (纠错撤稿) is an accountability event; an ordinary
/// withdrawal is not. Only the publisher withdraws.
#[test]
fn web_account_a_withdrawal_for_an_error_is_accountable() {
    let (site, column) = place_parts();
    let place = Place {
        site: &site,
        column: &column,
    };
    let published = reach(Fixture::Published, (&site, &column));
    let command = Command::WithdrawError {
        reason: "文号错误".into(),
    };
    let (next, events) = apply(&published, &command, &publisher(), place, t0()).unwrap();
    assert_eq!(next.status, Status::Withdrawn);
    assert!(next.withdrawal.as_ref().unwrap().error);
    assert!(events.contains(&Event::Accountable {
        kind: AccountKind::Error,
        due: None
    }));
    let by_editor = apply(&published, &command, &editor_a(), place, t0());
    assert_eq!(by_editor.unwrap_err().kind(), ErrorKind::NotPermitted);
    let plain = reach(Fixture::Withdrawn, (&site, &column));
    assert!(!plain.withdrawal.unwrap().error);
}
