//! The citizen's side of online services after applying: status with every stage, its
//! duration, notices and special procedures (SVC-STATUS, SVC-SPECIAL), and ratings on the web
//! and the hall terminal (EVAL-ALL, EVAL-BAD). The helpers are `services_portal.rs`'s.

use services::case::{Command, Decision, MaterialDefect};
use services::item::{DeliveryMethod, SpecialProcedure};

use crate::common::TestApp;
use crate::services_portal::{
    ID_NO, PDF, PHONE, PNG, apply, assert_private, receipt, run, scalar, setup, unit,
};

/// An instant item (城乡居民养老保险参保登记, gz-hrss, comprehensive window gz-service) applied
/// for, accepted and delivered by the window, decided by the department.
async fn concluded_case(app: &TestApp) -> (String, String) {
    let (number, code) = receipt(
        &apply(
            app,
            "GZ-RS-0002",
            PHONE,
            &[("id_card", PDF), ("hukou", PNG)],
        )
        .await,
    );
    let window = unit(app, "gz-service").await;
    let department = unit(app, "gz-hrss").await;
    run(app, &number, Command::Accept { by: window }).await;
    run(
        app,
        &number,
        Command::Decide {
            by: department,
            decision: Decision::Approve,
        },
    )
    .await;
    run(
        app,
        &number,
        Command::Deliver {
            by: window,
            method: DeliveryMethod::PickUp,
        },
    )
    .await;
    (number, code)
}

#[tokio::test]
async fn svc_status_shows_every_stage_with_duration_notices_and_special_procedures() {
    let app = setup().await;
    let (number, code) = receipt(
        &apply(
            &app,
            "GZ-RS-0001",
            PHONE,
            &[("id_card", PDF), ("photo", PNG)],
        )
        .await,
    );
    run(
        &app,
        &number,
        Command::RequestSupplement {
            by: unit(&app, "gz-service").await,
            defects: vec![MaterialDefect {
                material: "近期二寸免冠彩色照片".into(),
                problem: "照片背景不是白色".into(),
            }],
        },
    )
    .await;
    let status = app
        .get(
            &format!("/services/cases/query?number={number}&code={code}"),
            None,
        )
        .await;
    assert_eq!(status.status, 200, "{}", status.body);
    assert_private(&status);
    assert!(status.body.contains("待补齐补正"));
    assert!(status.body.contains("照片背景不是白色") && status.body.contains("supplement-notice"));
    assert!(status.body.contains("分钟"), "durations shown");
    let wrong = app
        .get(
            &format!("/services/cases/query?number={number}&code=000000x"),
            None,
        )
        .await;
    assert_eq!(wrong.status, 404);
    // SVC-SPECIAL: a site inspection with its reason (城市道路挖掘许可 publishes one).
    let (road, road_code) = receipt(
        &apply(
            &app,
            "GZ-ZJ-0005",
            PHONE,
            &[
                ("application", PDF),
                ("business_licence", PDF),
                ("road_plan", PDF),
                ("traffic_plan", PDF),
            ],
        )
        .await,
    );
    run(
        &app,
        &road,
        Command::Accept {
            by: unit(&app, "gz-service").await,
        },
    )
    .await;
    run(
        &app,
        &road,
        Command::StartSpecial {
            procedure: SpecialProcedure::SiteInspection,
            reason: "需现场核查挖掘路段".into(),
        },
    )
    .await;
    let special = app
        .get(
            &format!("/services/cases/query?number={road}&code={road_code}"),
            None,
        )
        .await;
    assert!(special.body.contains("现场勘验") && special.body.contains("需现场核查挖掘路段"));
    assert!(special.body.contains("承诺时限暂停计时"));
    assert!(special.body.contains("受理"));
}

#[tokio::test]
async fn eval_all_concluded_case_is_rated_on_the_web_and_at_the_hall_terminal() {
    let app = setup().await;
    let (number, code) = concluded_case(&app).await;
    let status = app
        .get(
            &format!("/services/cases/query?number={number}&code={code}"),
            None,
        )
        .await;
    assert!(status.body.contains("id=\"rate-link\""), "{}", status.body);
    let rated = app
        .post(
            "/services/cases/rate",
            None,
            &format!("number={number}&code={code}&level=1&comment=%E5%BE%88%E5%BF%AB"),
        )
        .await;
    assert_eq!(rated.status, 200, "{}", rated.body);
    assert!(rated.body.contains("id=\"rated\""));
    assert_private(&rated);
    let again = app
        .post(
            "/services/cases/rate",
            None,
            &format!("number={number}&code={code}&level=2"),
        )
        .await;
    assert_eq!(again.status, 409);
    let wrong_code = app
        .post(
            "/services/cases/rate",
            None,
            &format!("number={number}&code=999999x&level=2"),
        )
        .await;
    assert_eq!(wrong_code.status, 404);
    // The hall terminal: the window clerk's session, channel hall.
    assert_eq!(app.get("/hall/rate", None).await.status, 303);
    let clerk = app.demo_session("clerk").await;
    let terminal = app.get("/hall/rate", Some(&clerk)).await;
    assert_eq!(terminal.status, 200);
    assert_eq!(terminal.body.matches("name=\"level\"").count(), 5);
    let hall = app
        .post(
            "/hall/rate",
            Some(&clerk),
            &format!("number={number}&level=2"),
        )
        .await;
    assert_eq!(hall.status, 200, "{}", hall.body);
    let channels = platform::evaluation::of_subject(
        &app.platform.db,
        platform::evaluation::SubjectType::Case,
        &number,
    )
    .await
    .unwrap();
    let codes: Vec<&str> = channels.iter().map(|e| e.channel.code()).collect();
    assert_eq!(codes, ["web", "hall"]);
    assert_eq!(channels[1].staff_user_id, Some(clerk.user_id));
    assert_eq!(channels[0].item_code.as_deref(), Some("GZ-RS-0002"));
    // An open case cannot be rated.
    let (open, open_code) = receipt(
        &apply(
            &app,
            "GZ-RS-0001",
            PHONE,
            &[("id_card", PDF), ("photo", PNG)],
        )
        .await,
    );
    let early = app
        .post(
            "/services/cases/rate",
            None,
            &format!("number={open}&code={open_code}&level=1"),
        )
        .await;
    assert_eq!(early.status, 400);
    assert!(early.body.contains("办结后才能评价"));
    let handler = app.demo_session("handler").await;
    assert_eq!(app.get("/hall/rate", Some(&handler)).await.status, 403);
}

#[tokio::test]
async fn eval_bad_rating_through_the_page_opens_the_rectification() {
    let app = setup().await;
    let (number, code) = concluded_case(&app).await;
    let before = scalar(&app, "SELECT COUNT(*) AS n FROM rectifications").await;
    let rated = app
        .post(
            "/services/cases/rate",
            None,
            &format!("number={number}&code={code}&level=5&comment=%E5%A4%AA%E6%85%A2"),
        )
        .await;
    assert_eq!(rated.status, 200, "{}", rated.body);
    assert!(rated.body.contains("转交责任单位整改"));
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) AS n FROM rectifications").await,
        before + 1
    );
    let department = unit(&app, "gz-hrss").await;
    let unit_of: i64 = scalar(
        &app,
        "SELECT unit_id AS n FROM rectifications ORDER BY id DESC LIMIT 1",
    )
    .await;
    assert_eq!(
        unit_of, department.0,
        "the responsible department rectifies"
    );
    let clock = scalar(
        &app,
        "SELECT COUNT(*) AS n FROM clocks WHERE rule_id = 'EVAL-BAD'",
    )
    .await;
    assert_eq!(clock, 1);
}

/// The text of the element with `id` (up to its first tag).
fn text_of<'a>(body: &'a str, id: &str) -> &'a str {
    let start = format!("id=\"{id}\">");
    let from = body.find(&start).map_or(body.len(), |at| at + start.len());
    let rest = &body[from..];
    &rest[..rest.find('<').unwrap_or(rest.len())]
}

/// SVC-STATUS, SVC-SPECIAL (issue 14 item 5): the status page reads the stages in the
/// applicant's words with their dates and units — 已受理 by the window, 办理中 by the
/// department — never a back-office state, and says 特别程序期间不计时 only once the case had
/// a special procedure.
#[tokio::test]
async fn svc_status_stages_in_the_applicants_words_and_the_pause_note_only_after_a_special() {
    let app = setup().await;
    let (number, code) = receipt(
        &apply(
            &app,
            "GZ-ZJ-0005",
            PHONE,
            &[
                ("application", PDF),
                ("business_licence", PDF),
                ("road_plan", PDF),
                ("traffic_plan", PDF),
            ],
        )
        .await,
    );
    let query = format!("/services/cases/query?number={number}&code={code}");
    let submitted = app.get(&query, None).await;
    assert_eq!(text_of(&submitted.body, "status"), "已提交");
    assert!(
        !submitted.body.contains("acceptance-link"),
        "not accepted yet"
    );
    run(
        &app,
        &number,
        Command::Accept {
            by: unit(&app, "gz-service").await,
        },
    )
    .await;
    let accepted = app.get(&query, None).await;
    assert_private(&accepted);
    let housing = platform::units::find_by_code(&app.platform.db, "gz-housing")
        .await
        .unwrap()
        .unwrap()
        .name;
    assert_eq!(
        text_of(&accepted.body, "status"),
        format!("办理中（{housing}）")
    );
    let stages = &accepted.body[accepted.body.find("id=\"stages\"").unwrap()..];
    let stages = &stages[..stages.find("</table>").unwrap()];
    for words in ["已提交", "已受理", "办理中", &housing] {
        assert!(stages.contains(words), "{words} in {stages}");
    }
    assert!(!accepted.body.contains("审查中"), "a back-office state");
    assert!(
        !accepted.body.contains("特别程序期间不计时"),
        "no special procedure, no pause note"
    );
    assert!(accepted.body.contains("id=\"acceptance-link\""));
    run(
        &app,
        &number,
        Command::StartSpecial {
            procedure: SpecialProcedure::SiteInspection,
            reason: "需现场核查挖掘路段".into(),
        },
    )
    .await;
    let special = app.get(&query, None).await;
    assert!(special.body.contains("特别程序期间不计时"));
    assert!(!special.body.contains("特别程序中"), "a back-office state");
}

/// SVC-ACCEPT, SVC-PROMISE (issue 14 item 6): the printable 受理通知书 by number and query code,
/// linked from the status page: the number, the item, the applicant masked, when and by whom
/// it was accepted, the promised limit in working days with its date, the materials received;
/// the same lookup as the query (a wrong code is the query form again); before acceptance it
/// says so; the window clerk prints the same from the case page.
#[tokio::test]
async fn svc_accept_the_acceptance_notice_prints_for_the_applicant_and_the_clerk() {
    let app = setup().await;
    let (number, code) = receipt(
        &apply(
            &app,
            "GZ-RS-0001",
            PHONE,
            &[("id_card", PDF), ("photo", PNG)],
        )
        .await,
    );
    let path = format!("/services/cases/acceptance?number={number}&code={code}");
    let early = app.get(&path, None).await;
    assert_eq!(early.status, 200, "{}", early.body);
    assert!(early.body.contains("id=\"not-accepted\""), "{}", early.body);
    let id = scalar(
        &app,
        &format!("SELECT id AS n FROM svc_cases WHERE number = '{number}'"),
    )
    .await;
    let office = format!("/office/services/cases/{id}/acceptance");
    let clerk = app.demo_session("clerk").await;
    assert_eq!(app.get(&office, Some(&clerk)).await.status, 404);
    let window = unit(&app, "gz-service").await;
    run(&app, &number, Command::Accept { by: window }).await;
    let notice = app.get(&path, None).await;
    assert_eq!(notice.status, 200, "{}", notice.body);
    assert_private(&notice);
    assert!(
        !notice.body.contains("张三丰"),
        "the applicant's name is masked"
    );
    let window_name = platform::units::find_by_code(&app.platform.db, "gz-service")
        .await
        .unwrap()
        .unwrap()
        .name;
    for words in [
        "受理通知书",
        number.as_str(),
        "社会保障卡申领",
        "张**",
        "5个工作日（自受理之日起计算）",
        "居民身份证",
        "申请人提交",
        window_name.as_str(),
        "no-print",
    ] {
        assert!(notice.body.contains(words), "{words}: {}", notice.body);
    }
    let wrong = app
        .get(
            &format!("/services/cases/acceptance?number={number}&code=K7MX-3QPA"),
            None,
        )
        .await;
    assert_eq!(wrong.status, 404);
    assert!(wrong.body.contains("id=\"query-error\""), "{}", wrong.body);
    let case_page = app
        .get(&format!("/office/services/cases/{id}"), Some(&clerk))
        .await;
    assert!(case_page.body.contains("id=\"acceptance-link\""));
    let printed = app.get(&office, Some(&clerk)).await;
    assert_eq!(printed.status, 200, "{}", printed.body);
    assert!(printed.body.contains(&number) && printed.body.contains("承诺办结时限"));
    assert!(!printed.body.contains(ID_NO));
}
