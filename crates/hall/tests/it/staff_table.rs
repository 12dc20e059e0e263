//! HALL-STAFF, the pure core in tables: the eligibility of §27 with its reasons, the
//! approvals, the attendance marks, every allowed and refused transition of a leave or
//! replacement request (the centre's approval only), the assessment periods by the profile.

use chrono::NaiveDate;
use hall::staff::assessment::{self, Period};
use hall::staff::attendance::{self, DayHours, Mark};
use hall::staff::full_years;
use hall::staff::register::{self, Approver, EligibilityRules, Member};
use hall::staff::requests::{self, Decision, Kind, Status};
use platform::ids::{UnitId, UserId};
use platform::profile::RuleProfile;

fn d(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn rules() -> EligibilityRules {
    EligibilityRules::of(&RuleProfile::default().hall)
}

fn member(joined: &str, window: &str, birth: &str, approved: bool) -> Member {
    Member {
        user: UserId(7),
        unit: UnitId(3),
        joined_unit: d(joined),
        on_window_since: d(window),
        birth_date: d(birth),
        centre_approved: approved.then(|| d("2026-01-05")),
        department_approved: approved.then(|| d("2026-01-04")),
    }
}

/// HALL-STAFF (§27): in the unit ≥ 2 years, under 50, on the window ≥ 2 years, approved by
/// the centre and the department; each unmet condition named.
#[test]
fn hall_staff_eligibility_names_every_unmet_condition() {
    let today = d("2026-03-02");
    let cases: &[(Member, &[&str])] = &[
        (member("2020-01-01", "2023-01-01", "1990-05-01", true), &[]),
        // Exactly two years in the unit and on the window on the anniversary.
        (member("2024-03-02", "2024-03-02", "1990-05-01", true), &[]),
        (
            member("2024-03-03", "2024-03-03", "1990-05-01", true),
            &[
                "在本单位工作未满 2 年（现 1 年）",
                "在窗口工作未满 2 年（现 1 年）",
            ],
        ),
        // 50 on the birthday: no longer under 50; 49 the day before.
        (
            member("2000-01-01", "2020-01-01", "1976-03-02", true),
            &["年龄已满 50 周岁"],
        ),
        (member("2000-01-01", "2020-01-01", "1976-03-03", true), &[]),
        (
            member("2020-01-01", "2023-01-01", "1990-05-01", false),
            &["未经区政务服务中心审核确定", "未经所在部门审核确定"],
        ),
    ];
    for (member, expected) in cases {
        let unmet = register::unmet(member, rules(), today);
        assert_eq!(unmet, *expected, "{member:?}");
    }
}

/// HALL-STAFF: the values are the profile's, not constants.
#[test]
fn hall_staff_eligibility_follows_the_profile() {
    let mut hall = RuleProfile::default().hall;
    hall.staff_min_unit_years = 5;
    hall.staff_max_age = 40;
    let m = member("2022-01-01", "2023-01-01", "1980-05-01", true);
    let unmet = register::unmet(&m, EligibilityRules::of(&hall), d("2026-03-02"));
    assert_eq!(
        unmet,
        ["在本单位工作未满 5 年（现 4 年）", "年龄已满 40 周岁"]
    );
}

#[test]
fn full_years_count_anniversaries() {
    for (from, to, years) in [
        ("2024-03-02", "2026-03-01", 1),
        ("2024-03-02", "2026-03-02", 2),
        ("2000-02-29", "2001-02-28", 1),
        ("2000-02-29", "2004-02-28", 3),
        ("2026-03-02", "2025-01-01", 0),
    ] {
        assert_eq!(full_years(d(from), d(to)), years, "{from} → {to}");
    }
}

/// HALL-STAFF: dates in the future or out of order are refused, every problem at once.
#[test]
fn hall_staff_member_dates_are_checked() {
    let today = d("2026-03-02");
    assert!(
        member("2020-01-01", "2023-01-01", "1990-05-01", false)
            .check(today)
            .is_ok()
    );
    let err = member("2020-01-01", "2019-01-01", "2027-05-01", false)
        .check(today)
        .unwrap_err()
        .to_string();
    assert!(err.contains("出生日期不能晚于今天"), "{err}");
    assert!(
        err.contains("到窗口工作日期不能早于进入本单位日期"),
        "{err}"
    );
}

/// HALL-STAFF (§27(三)): each approval once.
#[test]
fn hall_staff_approvals_by_centre_and_department_once_each() {
    let today = d("2026-03-02");
    let m = member("2020-01-01", "2023-01-01", "1990-05-01", false);
    let m = register::approve(&m, Approver::Department, today).unwrap();
    assert_eq!(m.department_approved, Some(today));
    let m = register::approve(&m, Approver::Centre, today).unwrap();
    assert!(register::unmet(&m, rules(), today).is_empty());
    assert!(register::approve(&m, Approver::Centre, today).is_err());
    assert_eq!(register::masked_birth(d("1990-05-01")), "1990-**-**");
}

/// HALL-STAFF (§29, §4(四)): the marks of a day against its hours.
#[test]
fn hall_staff_attendance_marks() {
    let hours = DayHours {
        start: 9 * 60,
        end: 17 * 60 + 30,
    };
    let m = attendance::parse_minute;
    let cases = [
        (Some("08:55"), Some("17:30"), false, Ok(Mark::Present)),
        (Some("09:01"), Some("17:40"), false, Ok(Mark::Late)),
        (Some("08:50"), Some("17:00"), false, Ok(Mark::LeftEarly)),
        (Some("09:30"), Some("16:00"), false, Ok(Mark::LateAndEarly)),
        (Some("08:50"), None, false, Ok(Mark::Present)),
        (None, None, false, Ok(Mark::Absent)),
        (None, None, true, Ok(Mark::OnLeave)),
        (None, Some("17:30"), false, Err("未签到不能签退")),
        (
            Some("10:00"),
            Some("09:00"),
            false,
            Err("签退时间不能早于签到时间"),
        ),
    ];
    for (i, o, leave, expected) in cases {
        let got = attendance::judge(
            i.map(|t| m(t).unwrap()),
            o.map(|t| m(t).unwrap()),
            hours,
            leave,
        )
        .map_err(|e| e.to_string());
        assert_eq!(got, expected.map_err(str::to_owned), "{i:?} {o:?} {leave}");
    }
    assert!(m("25:00").is_err());
    assert!(m("9点").is_err());
    assert_eq!(attendance::minute_text(m("08:05").unwrap()), "08:05");
}

fn leave() -> requests::Request {
    requests::file(
        Kind::Leave,
        UserId(7),
        None,
        (d("2026-03-02"), d("2026-03-04")),
        "病假",
    )
    .unwrap()
}

/// A filing and the words of its refusal (`None`: filed).
type FilingCase = (
    Kind,
    Option<(UserId, Vec<String>)>,
    (NaiveDate, NaiveDate),
    &'static str,
    Option<&'static str>,
);

/// HALL-STAFF (§30): filing — the period, the reason, a replacement's eligible substitute.
#[test]
fn hall_staff_requests_are_checked_when_filed() {
    let period = (d("2026-03-02"), d("2026-03-04"));
    let cases: Vec<FilingCase> = vec![
        (Kind::Leave, None, period, "事假", None),
        (
            Kind::Replacement,
            Some((UserId(8), vec![])),
            period,
            "临时顶岗",
            None,
        ),
        (
            Kind::Replacement,
            None,
            period,
            "顶岗",
            Some("应指定顶岗人员"),
        ),
        (
            Kind::Replacement,
            Some((UserId(7), vec![])),
            period,
            "顶岗",
            Some("顶岗人员不能是本人"),
        ),
        (
            Kind::Replacement,
            Some((UserId(8), vec!["年龄已满 50 周岁".into()])),
            period,
            "顶岗",
            Some("顶岗人员不符合窗口工作人员条件：年龄已满 50 周岁"),
        ),
        (
            Kind::Leave,
            Some((UserId(8), vec![])),
            period,
            "事假",
            Some("请假申请不指定顶岗人员"),
        ),
        (
            Kind::Leave,
            None,
            (d("2026-03-04"), d("2026-03-02")),
            "事假",
            Some("结束日期不能早于开始日期"),
        ),
        (Kind::Leave, None, period, "  ", Some("请填写申请事由")),
    ];
    for (kind, substitute, period, reason, refused) in cases {
        let got = requests::file(kind, UserId(7), substitute, period, reason);
        match refused {
            None => assert_eq!(got.unwrap().status, Status::Requested),
            Some(words) => {
                let err = got.unwrap_err().to_string();
                assert!(err.contains(words), "{err} lacks {words}");
            }
        }
    }
}

/// HALL-STAFF (§30: 经同意后方可调换): every allowed and refused transition; only the centre.
#[test]
fn hall_staff_request_transitions_need_the_centre() {
    let approve = Decision::Approve {
        note: String::new(),
    };
    let refuse = Decision::Refuse {
        reason: "窗口人手不足".into(),
    };
    let requested = leave();
    let approved = requests::decide(&requested, &approve, true).unwrap();
    let refused = requests::decide(&requested, &refuse, true).unwrap();
    assert_eq!(approved.status, Status::Approved);
    assert_eq!(refused.status, Status::Refused);
    assert_eq!(refused.decision_note, "窗口人手不足");
    // The department cannot approve its own request.
    let err = requests::decide(&requested, &approve, false).unwrap_err();
    assert!(err.to_string().contains("须经区政务服务中心同意"));
    // Refusing without a reason.
    let blank = Decision::Refuse { reason: " ".into() };
    assert!(requests::decide(&requested, &blank, true).is_err());
    // Decided requests are final.
    for decided in [&approved, &refused] {
        for decision in [&approve, &refuse] {
            let err = requests::decide(decided, decision, true).unwrap_err();
            assert!(err.to_string().contains("不能再次审批"), "{err}");
        }
    }
    // Approved leave covers its days, not others; requested leave covers none.
    assert!(requests::covers(&approved, d("2026-03-03")));
    assert!(!requests::covers(&approved, d("2026-03-05")));
    assert!(!requests::covers(&requested, d("2026-03-03")));
}

/// HALL-STAFF (§4(二), §32): the periodic kind is the profile's (quarterly by default,
/// monthly when set), the year always; a running period cannot be assessed.
#[test]
fn hall_staff_assessment_periods_follow_the_profile() {
    let quarterly = RuleProfile::default().hall.staff_assessment_months;
    assert_eq!(quarterly, 3);
    let q1 = Period::parse("2026-Q1", quarterly).unwrap();
    assert_eq!(q1.label(), "2026年第一季度");
    assert_eq!(q1.days(), (d("2026-01-01"), d("2026-03-31")));
    assert_eq!(q1.kind_label(), "定期考核");
    assert!(Period::parse("2026-03", quarterly).is_err());
    let march = Period::parse("2026-03", 1).unwrap();
    assert_eq!(march.code(), "2026-03");
    assert_eq!(march.days(), (d("2026-03-01"), d("2026-03-31")));
    assert!(Period::parse("2026-Q1", 1).is_err());
    assert!(Period::parse("2026-Q5", 3).is_err());
    let year = Period::parse("2026", 3).unwrap();
    assert_eq!(
        (year.label(), year.kind_label()),
        ("2026年度".to_owned(), "年度考核")
    );
    assert!(assessment::check(q1, d("2026-04-01"), "").is_ok());
    assert!(assessment::check(q1, d("2026-03-31"), "").is_err());
    assert!(assessment::check(year, d("2026-12-01"), "").is_ok());
    assert!(assessment::check(year, d("2026-11-30"), "").is_err());
    assert_eq!(
        Period::periodic_of(d("2026-05-10"), 3),
        Period::Quarter {
            year: 2026,
            quarter: 2
        }
    );
    assert_eq!(assessment::notice_number(2026, 3), "窗考通〔2026〕3号");
}
