//! HALL-QUEUE, the hall's hours: numbers are taken in the sessions and the delayed service,
//! appointments also in the appointment service; a closed hall refuses with a Chinese message
//! that says its hours; slots never straddle a span's end.

use hall::HallError;
use hall::hours::{DaySchedule, Source, Span, parse_spans};

fn at(h: u32, m: u32) -> u32 {
    h * 60 + m
}

fn weekday() -> DaySchedule {
    let mut day = DaySchedule::working_day("08:30-12:00,14:30-18:00").unwrap();
    day.delayed_until = Some(at(19, 0));
    day
}

fn saturday() -> DaySchedule {
    DaySchedule {
        sessions: vec![],
        delayed_until: None,
        appointment: vec![Span::new(at(9, 0), at(12, 0)).unwrap()],
    }
}

#[test]
fn hall_queue_taking_a_number_by_hour_table() {
    let cases = [
        (
            "weekday kiosk at 08:30",
            weekday(),
            Source::Kiosk,
            at(8, 30),
            true,
        ),
        (
            "weekday kiosk at 08:29",
            weekday(),
            Source::Kiosk,
            at(8, 29),
            false,
        ),
        (
            "weekday kiosk at noon break",
            weekday(),
            Source::Kiosk,
            at(13, 0),
            false,
        ),
        (
            "weekday SMS in delayed service",
            weekday(),
            Source::Sms,
            at(18, 30),
            true,
        ),
        (
            "weekday kiosk after delayed service",
            weekday(),
            Source::Kiosk,
            at(19, 0),
            false,
        ),
        (
            "weekday appointment in the afternoon",
            weekday(),
            Source::Appointment {
                slot_start: at(15, 0),
            },
            at(8, 0),
            true,
        ),
        (
            "weekday appointment at night",
            weekday(),
            Source::Appointment {
                slot_start: at(20, 0),
            },
            at(8, 0),
            false,
        ),
        (
            "saturday kiosk",
            saturday(),
            Source::Kiosk,
            at(10, 0),
            false,
        ),
        (
            "saturday appointment in its service",
            saturday(),
            Source::Appointment {
                slot_start: at(10, 0),
            },
            at(7, 0),
            true,
        ),
        (
            "closed day",
            DaySchedule::closed(),
            Source::Sms,
            at(10, 0),
            false,
        ),
    ];
    for (name, schedule, source, minute, accepted) in cases {
        let result = schedule.accepts(source, minute);
        assert_eq!(result.is_ok(), accepted, "{name}: {result:?}");
        if let Err(error) = result {
            assert!(matches!(error, HallError::Closed(_)), "{name}");
            assert!(!error.to_string().is_empty());
        }
    }
}

#[test]
fn hall_queue_a_closed_hall_says_its_hours() {
    let message = weekday()
        .accepts(Source::Kiosk, at(20, 0))
        .unwrap_err()
        .to_string();
    assert_eq!(
        message,
        "大厅现在不办公（08:30-12:00、14:30-18:00，延时服务至 19:00），不能取号"
    );
    let message = DaySchedule::closed()
        .accepts(Source::Kiosk, at(10, 0))
        .unwrap_err()
        .to_string();
    assert!(message.contains("今日不办公"), "{message}");
}

#[test]
fn hall_queue_delayed_service_must_follow_the_last_session() {
    let mut day = weekday();
    day.delayed_until = Some(at(17, 0));
    assert!(day.check().is_err());
    let mut closed = DaySchedule::closed();
    closed.delayed_until = Some(at(19, 0));
    assert!(closed.check().is_err());
    assert!(weekday().check().is_ok());
}

#[test]
fn hall_queue_appointment_slots_fill_each_span() {
    let slots = weekday().slots(60);
    let starts: Vec<u32> = slots.iter().map(|s| s.start).collect();
    // 08:30 09:30 10:30 (11:30 would end after 12:00), 14:30 15:30 16:30, 18:00 (delayed).
    assert_eq!(
        starts,
        [
            at(8, 30),
            at(9, 30),
            at(10, 30),
            at(14, 30),
            at(15, 30),
            at(16, 30),
            at(18, 0)
        ]
    );
    assert_eq!(saturday().slots(30).len(), 6);
}

#[test]
fn hall_queue_malformed_hours_are_refused() {
    for text in [
        "8:30",
        "12:00-08:30",
        "08:30-12:00,11:00-13:00",
        "25:00-26:00",
        "08:70-09:00",
    ] {
        assert!(parse_spans(text).is_err(), "{text}");
    }
    assert_eq!(parse_spans("").unwrap(), vec![]);
}
