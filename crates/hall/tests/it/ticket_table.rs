//! HALL-QUEUE, the ticket machine: every (status, command) pair — allowed ones give the
//! table's status, a called number called again is refused as already called, the rest as
//! invalid transitions, each with a Chinese message and the ticket unchanged; only the window
//! that called may act on it; only a window of its type calls it; priority first, then order;
//! waiting and handling times.

use hall::HallError;
use hall::ticket::{
    self, Command, CommandKind, Event, Priority, Status, TRANSITIONS, Ticket, ahead_of, next_for,
};
use hall::window::{Field, ServiceType, SpecialKind};

use crate::{ticket as make_ticket, window};

const MINUTE: i64 = 60_000;

fn in_status(status: Status) -> Ticket {
    let mut ticket = make_ticket(12, ServiceType::Comprehensive, Priority::Normal, 0);
    ticket.status = status;
    if status != Status::Waiting {
        ticket.window = Some(3);
        ticket.first_called_at = Some(5 * MINUTE);
        ticket.calls = 1;
    }
    if matches!(status, Status::Handling | Status::Finished) {
        ticket.started_at = Some(6 * MINUTE);
    }
    ticket
}

fn command(kind: CommandKind) -> Command {
    match kind {
        CommandKind::Call => Command::Call(window(3, ServiceType::Comprehensive)),
        CommandKind::Recall => Command::Recall(3),
        CommandKind::Skip => Command::Skip(3),
        CommandKind::Transfer => Command::Transfer {
            window: 3,
            to: ServiceType::Special(SpecialKind::Assisted),
        },
        CommandKind::Start => Command::Start(3),
        CommandKind::Finish => Command::Finish(3),
    }
}

#[test]
fn hall_queue_every_status_and_command_pair() {
    for status in Status::ALL {
        for kind in CommandKind::ALL {
            let before = in_status(status);
            let result = ticket::apply(&before, &command(kind), 10 * MINUTE);
            let row = TRANSITIONS
                .iter()
                .find(|(from, k, _)| *from == status && *k == kind);
            match (row, result) {
                (Some(&(_, _, to)), Ok((after, _))) => {
                    assert_eq!(after.status, to, "{status:?} {kind:?}")
                }
                (None, Err(HallError::AlreadyCalled(number))) => {
                    assert_eq!((status, kind), (Status::Called, CommandKind::Call));
                    assert_eq!(number, "A012");
                }
                (None, Err(error @ HallError::InvalidTransition { .. })) => {
                    assert!(error.to_string().contains(status.label()), "{error}");
                    assert!(error.to_string().contains(kind.label()), "{error}");
                }
                (row, result) => panic!("{status:?} {kind:?}: {row:?} gave {result:?}"),
            }
        }
    }
}

#[test]
fn hall_queue_calling_a_number_already_called_is_refused_in_chinese() {
    let called = in_status(Status::Called);
    let error = ticket::apply(&called, &command(CommandKind::Call), 0).unwrap_err();
    assert_eq!(
        error.to_string(),
        "A012 号已被叫号，不能重复叫号；如需再次提醒请使用“重呼”"
    );
}

#[test]
fn hall_queue_only_the_calling_window_acts_on_a_ticket() {
    let called = in_status(Status::Called);
    for command in [
        Command::Recall(4),
        Command::Skip(4),
        Command::Start(4),
        Command::Transfer {
            window: 4,
            to: ServiceType::Special(SpecialKind::HardCase),
        },
    ] {
        let error = ticket::apply(&called, &command, 0).unwrap_err();
        assert!(
            matches!(error, HallError::WrongWindow(_)),
            "{command:?}: {error:?}"
        );
    }
}

#[test]
fn hall_queue_a_window_calls_only_its_type() {
    let tax = ServiceType::Professional(Field::parse("税务").unwrap());
    let waiting = make_ticket(1, tax, Priority::Normal, 0);
    let error = ticket::apply(
        &waiting,
        &Command::Call(window(3, ServiceType::Comprehensive)),
        0,
    )
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "B001 号是税务（分领域）的号，3 号窗口不办理"
    );
}

#[test]
fn hall_queue_waiting_and_handling_times_are_recorded() {
    let waiting = make_ticket(7, ServiceType::Comprehensive, Priority::Normal, MINUTE);
    let (called, event) = ticket::apply(
        &waiting,
        &Command::Call(window(2, ServiceType::Comprehensive)),
        9 * MINUTE,
    )
    .unwrap();
    assert_eq!(
        event,
        Event::Called {
            window: 2,
            wait_ms: Some(8 * MINUTE)
        }
    );
    assert_eq!(
        event.announcement(called.number).unwrap(),
        "请 A007 号到 2 号窗口办理"
    );
    let (recalled, event) = ticket::apply(&called, &Command::Recall(2), 10 * MINUTE).unwrap();
    assert_eq!(
        event,
        Event::Recalled {
            window: 2,
            calls: 2
        }
    );
    assert_eq!(
        recalled.wait_ms(),
        Some(8 * MINUTE),
        "a recall does not change the wait"
    );
    let (handling, _) = ticket::apply(&recalled, &Command::Start(2), 11 * MINUTE).unwrap();
    let (finished, event) = ticket::apply(&handling, &Command::Finish(2), 23 * MINUTE).unwrap();
    assert_eq!(
        event,
        Event::Finished {
            window: 2,
            handling_ms: 12 * MINUTE
        }
    );
    assert_eq!(finished.handling_ms(), Some(12 * MINUTE));
}

#[test]
fn hall_queue_a_transferred_ticket_waits_for_the_new_type_keeping_its_place_and_first_wait() {
    let called = in_status(Status::Called);
    let to = ServiceType::Special(SpecialKind::CrossProvince);
    let (moved, _) = ticket::apply(
        &called,
        &Command::Transfer {
            window: 3,
            to: to.clone(),
        },
        7 * MINUTE,
    )
    .unwrap();
    assert_eq!(
        (moved.status, &moved.service, moved.window),
        (Status::Waiting, &to, None)
    );
    assert_eq!(moved.transfers, 1);
    assert_eq!(moved.queued_at, called.queued_at);
    let (again, event) = ticket::apply(&moved, &Command::Call(window(8, to)), 9 * MINUTE).unwrap();
    assert_eq!(
        event,
        Event::Called {
            window: 8,
            wait_ms: None
        }
    );
    assert_eq!(again.wait_ms(), Some(5 * MINUTE));
    let same = ticket::apply(
        &called,
        &Command::Transfer {
            window: 3,
            to: ServiceType::Comprehensive,
        },
        0,
    );
    assert!(matches!(same, Err(HallError::Invalid(_))));
}

#[test]
fn hall_queue_next_is_priority_first_then_order_for_the_windows_type_only() {
    let comprehensive = ServiceType::Comprehensive;
    let tax = ServiceType::Professional(Field::parse("税务").unwrap());
    let tickets = vec![
        make_ticket(1, comprehensive.clone(), Priority::Normal, MINUTE),
        make_ticket(2, comprehensive.clone(), Priority::Normal, 2 * MINUTE),
        make_ticket(3, comprehensive.clone(), Priority::Disabled, 4 * MINUTE),
        make_ticket(4, comprehensive.clone(), Priority::Elderly, 3 * MINUTE),
        make_ticket(1, tax.clone(), Priority::Elderly, 0),
        // An appointment for a slot at 60 minutes does not go before its slot.
        make_ticket(5, comprehensive.clone(), Priority::Elderly, 60 * MINUTE),
    ];
    let hall_window = window(1, comprehensive);
    let mut order = Vec::new();
    let mut queue = tickets.clone();
    while let Some(next) = next_for(&hall_window, &queue, 10 * MINUTE) {
        let seq = next.number.seq;
        order.push(seq);
        let position = queue.iter().position(|t| t.number == next.number).unwrap();
        queue[position].status = Status::Called;
    }
    assert_eq!(order, [4, 3, 1, 2]);
    assert_eq!(
        next_for(&window(9, tax), &tickets, 0)
            .unwrap()
            .number
            .to_string(),
        "B001"
    );
    assert!(
        next_for(
            &window(9, ServiceType::Special(SpecialKind::HardCase)),
            &tickets,
            0
        )
        .is_none()
    );
    assert_eq!(
        ahead_of(&tickets[1], &tickets, 10 * MINUTE),
        3,
        "two priority tickets and A001 go before A002"
    );
}
