//! The dates of a page (WEB-INSPECT, WEB-FRESH: a stale home page) and the blocked domains
//! (WEB-NOADS: advertising and gambling links, suffix matching on whole labels).

use chrono::NaiveDate;
use inspect::dates::{dates_in, latest_within};
use inspect::domains::default_blocked_domains_parse;
use inspect::{BlockedDomains, default_blocked_domains};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_else(|| unreachable!("{y}-{m}-{d}"))
}

#[test]
fn web_fresh_every_date_form_is_read() {
    let today = day(2026, 12, 6);
    let cases: &[(&str, &[NaiveDate])] = &[
        ("发布时间：2026-12-01", &[day(2026, 12, 1)]),
        ("2026/12/01 通知", &[day(2026, 12, 1)]),
        ("2026.12.1", &[day(2026, 12, 1)]),
        ("2026年12月1日", &[day(2026, 12, 1)]),
        ("2026年 3月 5日", &[day(2026, 3, 5)]),
        ("关于冬季供暖的通知 [12-01]", &[day(2026, 12, 1)]),
        // A list date still to come this year is last year's.
        ("【12-20】", &[day(2025, 12, 20)]),
        ("（06-01）", &[day(2026, 6, 1)]),
        // Not dates: impossible days, longer digit runs, phone numbers, versions.
        ("2026-02-30 12026-12-01 0931-8881234 [1-2] v1.2.3", &[]),
        ("甘政办发〔2026〕12号", &[]),
    ];
    for (text, expected) in cases {
        assert_eq!(dates_in(text, today), *expected, "{text}");
    }
}

/// WEB-FRESH (14 days): a home page is fresh with a date of the last 14 days, stale without.
#[test]
fn web_fresh_a_home_page_without_a_date_of_the_last_two_weeks_is_stale() {
    let today = day(2026, 12, 6);
    let fresh = "<li>通知 2026-11-22</li><li>动态 [11-30]</li><li>2027-01-01 预告</li>";
    assert_eq!(latest_within(fresh, today, 14), Some(day(2026, 11, 30)));
    assert_eq!(
        latest_within("2026-11-22", today, 14),
        Some(day(2026, 11, 22))
    );
    assert_eq!(latest_within("2026-11-21", today, 14), None);
    // A date to come is not an update.
    assert_eq!(latest_within("2026-12-07 会议预告", today, 14), None);
    assert_eq!(latest_within("没有日期", today, 14), None);
}

/// WEB-NOADS: the shipped list parses and matches subdomains, never a longer label.
#[test]
fn web_noads_blocked_domains_match_by_suffix_on_whole_labels() {
    assert!(default_blocked_domains_parse().is_ok_and(|count| count >= 30));
    let list = default_blocked_domains();
    let blocked = list.blocked("ADS.DoubleClick.net.");
    assert_eq!(
        blocked.map(|b| (b.domain, b.category)),
        Some(("doubleclick.net".to_owned(), "广告".to_owned()))
    );
    assert_eq!(
        list.blocked("www.bet365.com").map(|b| b.category),
        Some("赌博".to_owned())
    );
    assert_eq!(list.blocked("notdoubleclick.net"), None);
    assert_eq!(list.blocked("www.gov.cn"), None);
    assert_eq!(list.blocked("baidu.com"), None);
    let mut local = BlockedDomains::default();
    assert!(
        local
            .add("# 上级下发\n*.bad-lottery.cn 非法\nfake-cert.com\n")
            .is_ok()
    );
    assert_eq!(
        local.blocked("a.bad-lottery.cn").map(|b| b.category),
        Some("非法".to_owned())
    );
    assert!(local.blocked("fake-cert.com").is_some());
    assert_eq!(
        BlockedDomains::parse("ok.com\nnot a domain\n")
            .map_err(|e| e.to_string())
            .err(),
        Some("第2行：“not”不是域名".to_owned())
    );
}
