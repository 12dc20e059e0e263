//! HALL-WINDOWS: the window types and their codes, the staff of a window (one A post, one B
//! post, two people; a professional window's one chief representative, none elsewhere), who
//! may sit at a window today.

use hall::HallError;
use hall::window::{self, Assignment, Field, Post, ServiceType, SpecialKind, check_staff};

use crate::window as make_window;

fn staff(posts: &[(i64, Post)]) -> Vec<Assignment> {
    posts
        .iter()
        .map(|&(user_id, post)| Assignment { user_id, post })
        .collect()
}

#[test]
fn hall_windows_every_type_round_trips_through_its_code() {
    let mut types = vec![
        ServiceType::Comprehensive,
        ServiceType::Professional(Field::parse("不动产登记").unwrap()),
    ];
    types.extend(SpecialKind::ALL.map(ServiceType::Special));
    for service in types {
        assert_eq!(ServiceType::parse(&service.code()).unwrap(), service);
    }
    let labels: Vec<&str> = SpecialKind::ALL.iter().map(|k| k.label()).collect();
    assert_eq!(
        labels,
        ["跨省通办", "省内通办", "帮办代办", "办不成事反映", "陇商通"]
    );
    assert!(ServiceType::parse("professional:").is_err());
    assert!(ServiceType::parse("special:nothing").is_err());
}

#[test]
fn hall_windows_staff_table() {
    let professional = ServiceType::Professional(Field::parse("市场准入").unwrap());
    let comprehensive = ServiceType::Comprehensive;
    let cases: Vec<(&str, &ServiceType, Vec<Assignment>, Option<&str>)> = vec![
        (
            "professional with chief, A and B",
            &professional,
            staff(&[(1, Post::Chief), (1, Post::A), (2, Post::B)]),
            None,
        ),
        (
            "professional without chief",
            &professional,
            staff(&[(1, Post::A), (2, Post::B)]),
            Some("专业窗口须有且只有一名首席代表"),
        ),
        (
            "two chiefs",
            &professional,
            staff(&[
                (1, Post::Chief),
                (3, Post::Chief),
                (1, Post::A),
                (2, Post::B),
            ]),
            Some("专业窗口须有且只有一名首席代表"),
        ),
        (
            "comprehensive with A and B",
            &comprehensive,
            staff(&[(1, Post::A), (2, Post::B)]),
            None,
        ),
        (
            "comprehensive with a chief",
            &comprehensive,
            staff(&[(3, Post::Chief), (1, Post::A), (2, Post::B)]),
            Some("首席代表只设于进驻单位的专业窗口"),
        ),
        (
            "no B post",
            &comprehensive,
            staff(&[(1, Post::A)]),
            Some("须有且只有一名B岗"),
        ),
        (
            "A and B the same person",
            &comprehensive,
            staff(&[(1, Post::A), (1, Post::B)]),
            Some("A岗与B岗不能为同一人"),
        ),
        (
            "two A posts",
            &comprehensive,
            staff(&[(1, Post::A), (2, Post::A), (3, Post::B)]),
            Some("须有且只有一名A岗"),
        ),
    ];
    for (name, service, staff, problem) in cases {
        match (check_staff(service, &staff), problem) {
            (Ok(()), None) => {}
            (Err(HallError::Invalid(message)), Some(problem)) => {
                assert!(message.contains(problem), "{name}: {message}")
            }
            (result, problem) => panic!("{name}: {result:?}, expected {problem:?}"),
        }
    }
}

#[test]
fn hall_windows_a_new_window_is_checked_every_problem_at_once() {
    let mut window = make_window(0, ServiceType::Professional(Field::parse("税务").unwrap()));
    window.name = " ".into();
    window.unit_id = None;
    let Err(HallError::Invalid(message)) = window.check() else {
        panic!("accepted")
    };
    for problem in ["窗口号应为 1 至 999", "窗口名称", "进驻单位"] {
        assert!(message.contains(problem), "{message}");
    }
    assert!(make_window(3, ServiceType::Comprehensive).check().is_ok());
}

#[test]
fn hall_windows_a_clerk_sits_at_a_professional_window_only_when_posted_there() {
    let posted = staff(&[(1, Post::Chief), (1, Post::A), (2, Post::B)]);
    let tax = make_window(5, ServiceType::Professional(Field::parse("税务").unwrap()));
    assert!(window::may_sit(&tax, &posted, 2).is_ok());
    assert!(matches!(
        window::may_sit(&tax, &posted, 9),
        Err(HallError::WrongWindow(_))
    ));
    let centre = make_window(1, ServiceType::Comprehensive);
    assert!(
        window::may_sit(&centre, &posted, 9).is_ok(),
        "the centre deploys its clerks"
    );
}

#[test]
fn hall_windows_a_window_serves_only_its_own_type() {
    let tax = ServiceType::Professional(Field::parse("税务").unwrap());
    let land = ServiceType::Professional(Field::parse("不动产登记").unwrap());
    let window = make_window(5, tax.clone());
    assert!(window.serves(&tax));
    assert!(!window.serves(&land));
    assert!(!window.serves(&ServiceType::Comprehensive));
}
