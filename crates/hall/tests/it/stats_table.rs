//! HALL-QUEUE, the queue figures: per window, item, hour and day with the count, no-shows,
//! average and p90 (nearest rank) wait, average handling, the total row, and the peak hours.

use chrono::NaiveDate;
use hall::stats::{By, Sample, duration_zh, peaks, percentile, table};

fn sample(hour: u32, window: Option<u16>, wait_s: Option<i64>, handling_s: Option<i64>) -> Sample {
    Sample {
        day: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
        hour,
        window,
        item: None,
        wait_ms: wait_s.map(|s| s * 1000),
        handling_ms: handling_s.map(|s| s * 1000),
        no_show: window.is_some() && handling_s.is_none(),
    }
}

#[test]
fn hall_queue_p90_is_the_nearest_rank() {
    let mut ten: Vec<i64> = (1..=10).collect();
    assert_eq!(percentile(&mut ten, 90), Some(9));
    let mut one = vec![42];
    assert_eq!(percentile(&mut one, 90), Some(42));
    let mut eleven: Vec<i64> = (1..=11).rev().collect();
    assert_eq!(percentile(&mut eleven, 90), Some(10));
    assert_eq!(percentile(&mut [], 90), None);
}

#[test]
fn hall_queue_figures_per_window_with_the_total() {
    let samples = vec![
        sample(9, Some(1), Some(60), Some(300)),
        sample(9, Some(1), Some(120), Some(600)),
        sample(9, Some(2), Some(600), None),
        sample(10, None, None, None),
    ];
    let rows = table(&samples, By::Window);
    let keys: Vec<&str> = rows.iter().map(|r| r.key.as_str()).collect();
    assert_eq!(keys, ["001 号窗口", "002 号窗口", "（未叫号）", "合计"]);
    let first = &rows[0];
    assert_eq!((first.tickets, first.called, first.no_show), (2, 2, 0));
    assert_eq!(
        (first.avg_wait_s, first.p90_wait_s, first.avg_handling_s),
        (Some(90), Some(120), Some(450))
    );
    let total = rows.last().unwrap();
    assert_eq!((total.tickets, total.called, total.no_show), (4, 3, 1));
    assert_eq!((total.avg_wait_s, total.p90_wait_s), (Some(260), Some(600)));
    let hours = table(&samples, By::Hour);
    assert_eq!(hours[0].key, "09:00-10:00");
    assert_eq!(hours[0].tickets, 3);
    assert_eq!(peaks(&samples, 1), vec![(samples[0].day, 9, 3)]);
    assert_eq!(duration_zh(Some(65)), "1 分 05 秒");
    assert_eq!(duration_zh(None), "—");
}
