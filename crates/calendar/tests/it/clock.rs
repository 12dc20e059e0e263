//! CAL-PAUSE and CAL-LIGHT: pauses, extensions, remaining time, lights.

use calendar::{Clock, Light, LightRule, Limit, LimitUnit, Pause};

use crate::{NATIONAL, at};

fn three_wd_from_monday() -> Clock {
    // Monday 2025-09-29 09:00 + 3wd: 9-30, 10-9, 10-10 → due Friday 10-10 18:00.
    Clock::new(at("2025-09-29T09:00"), "3wd".parse().unwrap())
}

#[test]
fn cal_pause_resuming_moves_the_due_time_by_exactly_the_paused_working_time() {
    // CAL-PAUSE: paused 10:00–15:00 on Tuesday = 2 h + 0.5 h of working time.
    let mut clock = three_wd_from_monday();
    assert_eq!(
        clock.due(&NATIONAL).at.to_rfc3339(),
        "2025-10-10T18:00:00+08:00"
    );
    clock
        .pause(at("2025-09-30T10:00"), "征求第三方意见")
        .unwrap();
    assert!(clock.is_paused());
    clock.resume(at("2025-09-30T15:00")).unwrap();
    // 2.5 working hours after Friday's close: the make-up Saturday 08:30 + 2.5 h.
    assert_eq!(
        clock.due(&NATIONAL).at.to_rfc3339(),
        "2025-10-11T11:00:00+08:00"
    );
}

#[test]
fn cal_pause_a_pause_over_holidays_only_moves_nothing() {
    // CAL-PAUSE: 1–8 October holds no working time.
    let mut clock = three_wd_from_monday();
    clock
        .pause(at("2025-10-01T09:00"), "申请人补正材料")
        .unwrap();
    clock.resume(at("2025-10-08T20:00")).unwrap();
    assert_eq!(
        clock.due(&NATIONAL).at.to_rfc3339(),
        "2025-10-10T18:00:00+08:00"
    );
}

#[test]
fn cal_pause_natural_time_limits_move_by_natural_time() {
    // CAL-PAUSE
    let mut clock = Clock::new(at("2025-09-30T08:00"), "12h".parse().unwrap());
    clock.pause(at("2025-09-30T09:00"), "现场勘验").unwrap();
    clock.resume(at("2025-09-30T10:30")).unwrap();
    assert_eq!(
        clock.due(&NATIONAL).at.to_rfc3339(),
        "2025-09-30T21:30:00+08:00"
    );
}

#[test]
fn cal_pause_errors_are_chinese() {
    // CAL-PAUSE
    let mut clock = three_wd_from_monday();
    assert_eq!(
        clock
            .resume(at("2025-09-30T10:00"))
            .unwrap_err()
            .to_string(),
        "计时未暂停，不能恢复"
    );
    clock.pause(at("2025-09-30T10:00"), "专家评审").unwrap();
    assert_eq!(
        clock
            .pause(at("2025-09-30T11:00"), "专家评审")
            .unwrap_err()
            .to_string(),
        "计时已于 2025-09-30T10:00:00+08:00 暂停，不能重复暂停"
    );
    assert_eq!(
        clock
            .resume(at("2025-09-30T09:00"))
            .unwrap_err()
            .to_string(),
        "恢复时间 2025-09-30T09:00:00+08:00 早于暂停时间 2025-09-30T10:00:00+08:00"
    );
    let mut fresh = three_wd_from_monday();
    assert_eq!(
        fresh
            .pause(at("2025-09-30T10:00"), " ")
            .unwrap_err()
            .to_string(),
        "暂停原因不能为空"
    );
    assert_eq!(
        fresh
            .extend(Limit::new(2, LimitUnit::Hours), "复杂")
            .unwrap_err()
            .to_string(),
        "延期单位“h”与时限单位“wd”不一致"
    );
    let rebuilt = Clock::from_parts(
        at("2025-09-29T09:00"),
        "3wd".parse().unwrap(),
        vec![Pause {
            from: at("2025-09-29T08:00"),
            until: None,
            reason: "早".to_owned(),
        }],
        Vec::new(),
    );
    assert!(
        rebuilt
            .unwrap_err()
            .to_string()
            .starts_with("暂停时间 2025-09-29T08:00:00+08:00 早于")
    );
}

#[test]
fn cal_pause_extensions_add_to_the_limit() {
    // CAL-PAUSE / HL-EXTEND: an extension of 2 WD.
    let mut clock = three_wd_from_monday();
    clock.extend("2wd".parse().unwrap(), "情况复杂").unwrap();
    assert_eq!(clock.total_limit().to_string(), "5wd");
    assert_eq!(
        clock.due(&NATIONAL).at.to_rfc3339(),
        "2025-10-13T18:00:00+08:00"
    );
}

#[test]
fn cal_light_turns_yellow_on_the_last_working_day_and_red_after_due() {
    // CAL-LIGHT: default rule, yellow at ≤ 20 % or ≤ 1 WD left.
    let clock = three_wd_from_monday();
    let rule = LightRule::default();
    let cases = [
        ("2025-09-30T10:00", Light::Green),
        ("2025-10-09T17:00", Light::Green), // 8 h of 27.5 h left, due day tomorrow
        ("2025-10-09T18:00", Light::Yellow), // only the due day is left
        ("2025-10-10T09:00", Light::Yellow),
        ("2025-10-10T18:00", Light::Yellow), // at the due instant: not yet overdue
        ("2025-10-10T18:00:01+08:00", Light::Red),
    ];
    for (now, light) in cases {
        assert_eq!(clock.light(&NATIONAL, at(now), &rule), light, "{now}");
    }
    let percent_only = LightRule {
        yellow_percent: 20,
        yellow_working_days: 0,
    };
    // 5.5 h of 27.5 h left at 12:30 on the due day: exactly 20 %.
    assert_eq!(
        clock.light(&NATIONAL, at("2025-10-10T12:00"), &percent_only),
        Light::Yellow
    );
    assert_eq!(
        clock.light(&NATIONAL, at("2025-10-10T09:00"), &percent_only),
        Light::Green
    );
}

#[test]
fn cal_light_a_paused_clock_is_frozen_and_never_turns_red() {
    // CAL-LIGHT, CAL-PAUSE
    let mut clock = three_wd_from_monday();
    clock.pause(at("2025-09-30T10:00"), "检验检测").unwrap();
    let later = at("2025-11-30T10:00");
    assert_eq!(
        clock.light(&NATIONAL, later, &LightRule::default()),
        Light::Green
    );
    let remaining = clock.remaining(&NATIONAL, later);
    assert!(remaining.paused && !remaining.overdue);
    assert_eq!(remaining.units, 2);
    assert_eq!(remaining.millis, 19 * 3_600_000 + 1_800_000);
    assert!(
        clock.is_met(&NATIONAL, later),
        "concluded while paused before due"
    );
}

#[test]
fn cal_light_remaining_is_counted_in_the_limits_own_unit() {
    // CAL-LIGHT
    let clock = three_wd_from_monday();
    let remaining = clock.remaining(&NATIONAL, at("2025-09-30T10:00"));
    assert_eq!(
        (remaining.units, remaining.millis),
        (2, 19 * 3_600_000 + 1_800_000)
    );
    assert_eq!(remaining.label_zh(), "剩余2个工作日");
    let overdue = clock.remaining(&NATIONAL, at("2025-10-14T10:00"));
    assert!(overdue.overdue);
    // Working days after Friday's due day up to Tuesday: make-up Saturday, Monday, Tuesday.
    assert_eq!(overdue.label_zh(), "已超期3个工作日");
    let hours = Clock::new(at("2025-09-30T08:00"), "12h".parse().unwrap());
    assert_eq!(
        hours
            .remaining(&NATIONAL, at("2025-09-30T10:30"))
            .label_zh(),
        "剩余9小时"
    );
}

#[test]
fn cal_light_is_met_at_or_before_the_due_instant() {
    // CAL-LIGHT
    let clock = three_wd_from_monday();
    assert!(clock.is_met(&NATIONAL, at("2025-10-10T18:00")));
    assert!(!clock.is_met(&NATIONAL, at("2025-10-10T18:01")));
}
