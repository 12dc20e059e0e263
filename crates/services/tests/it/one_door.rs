//! SVC-ONE-DOOR 只进一门 (000 中心 §16, §37): an item handled in the hall is accepted only by
//! the hall's accepting unit, for an application made online or handed in at that window;
//! the department accepting it in its own office, or a case another unit took in, is refused
//! (两头受理) with the rule named, and the case is unchanged.

use services::case::{Channel, Status, apply, hall_acceptor, submit};
use services::item::WindowMode;

use crate::*;

fn in_hall(window: WindowMode) -> Item {
    let mut item = plain();
    item.basic.window = window;
    item.basic.more.in_hall = true;
    item
}

fn case_through(item: &Item, channel: Channel) -> services::case::Case {
    submit(application(channel), item, t_submit(), &PROFILE, &CAL)
        .unwrap()
        .0
}

#[test]
fn svc_one_door_the_department_does_not_accept_an_item_its_hall_window_accepts() {
    let item = in_hall(WindowMode::Comprehensive { window: WINDOW });
    let case = case_through(&item, Channel::Online);
    let error = apply(&case, &item, &accept(DEPT), t0(), &PROFILE, &CAL).unwrap_err();
    let message = error.to_string();
    assert!(message.contains("SVC-ONE-DOOR"), "{message}");
    assert!(message.contains("两头受理"), "{message}");
    // The hall's comprehensive window accepts it.
    let accepted = run(&case, &item, accept(WINDOW), t0());
    assert_eq!(accepted.status, Status::InReview);
    assert_eq!(accepted.accepted.map(|(by, _)| by), Some(WINDOW));
}

#[test]
fn svc_one_door_a_case_another_unit_took_in_is_not_accepted() {
    // A professional window: the department's own window in the hall accepts.
    let item = in_hall(WindowMode::Professional);
    assert_eq!(hall_acceptor(&item), DEPT);
    let elsewhere = case_through(&item, Channel::Window { window: STRANGER });
    let error = apply(&elsewhere, &item, &accept(DEPT), t0(), &PROFILE, &CAL).unwrap_err();
    assert!(error.to_string().contains("SVC-ONE-DOOR"), "{error}");
    let at_the_window = case_through(&item, Channel::Window { window: DEPT });
    assert_eq!(
        run(&at_the_window, &item, accept(DEPT), t0()).status,
        Status::InReview
    );
}

#[test]
fn svc_one_door_binds_only_items_handled_in_the_hall() {
    // Not handled in the hall (on the negative list): the department accepts in its office.
    let mut item = in_hall(WindowMode::Comprehensive { window: WINDOW });
    item.basic.more.in_hall = false;
    let case = case_through(&item, Channel::Online);
    assert_eq!(
        run(&case, &item, accept(DEPT), t0()).status,
        Status::InReview
    );
}

/// SVC-ONE-DOOR (000 中心 §16 以正式文件公布): the negative list's document names its issuing
/// unit and a real date of issue.
#[test]
fn svc_one_door_the_formal_document_needs_its_issuer_and_a_real_date() {
    use services::usecase::item_office::DocumentIssue;
    let issue = DocumentIssue::parse(" 甘州区人民政府 ", "2024-02-29").unwrap();
    assert_eq!(
        (issue.issuer.as_str(), issue.date.as_str()),
        ("甘州区人民政府", "2024-02-29")
    );
    for (issuer, date, message) in [
        ("", "2025-03-01", "发文机关"),
        (&"区".repeat(101)[..], "2025-03-01", "发文机关"),
        ("区政府", "2025-02-29", "成文日期"),
        ("区政府", "2025-13-01", "成文日期"),
        ("区政府", "2025-3-1", "成文日期"),
        ("区政府", "", "成文日期"),
    ] {
        let error = DocumentIssue::parse(issuer, date).unwrap_err().to_string();
        assert!(error.contains(message), "{issuer} {date}: {error}");
    }
}
