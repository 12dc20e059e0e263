//! Issue 14 item 4 through HTTP: an enterprise applies as an enterprise (SVC-ITEM-TYPES). A
//! legal person's item asks for the company's name and 统一社会信用代码 and the agent; a code
//! whose check character is wrong (GB 32100-2015) is refused with a Chinese message next to
//! the field and nothing is stored; a code typed in lower case with spaces is read; the case
//! page and the 受理通知书 show the enterprise.

use services::case::Command;

use crate::common::{Answer, TestApp};
use crate::services_portal::{ID_NO, PDF, PHONE, assert_private, receipt, run, setup, unit};

/// 营业执照变更登记: legal persons only, no pre-review.
const CHANGE: &str = "GZ-SC-0004";
const MATERIALS: &[&str] = &["application", "business_licence", "id_card"];
const COMPANY: &str = "张掖市甘州区示例商贸有限公司";

pub async fn apply_for(app: &TestApp, company: &str, code: &str) -> Answer {
    let names: Vec<String> = MATERIALS.iter().map(|m| format!("m_{m}")).collect();
    let files: Vec<(&str, &str, &[u8])> = names
        .iter()
        .map(|n| (n.as_str(), "scan.pdf", PDF))
        .collect();
    let answer = app
        .post_multipart(
            &format!("/services/items/{CHANGE}/apply"),
            None,
            &[
                ("enterprise_name", company),
                ("credit_code", code),
                ("name", "王经办"),
                ("id_no", ID_NO),
                ("phone", PHONE),
                ("action", "submit"),
            ],
            &files,
        )
        .await;
    assert_private(&answer);
    answer
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    crate::services_portal::scalar(app, sql).await
}

#[tokio::test]
async fn svc_item_types_a_legal_persons_item_asks_for_the_enterprise_and_checks_its_code() {
    let app = setup().await;
    let form = app
        .get(&format!("/services/items/{CHANGE}/apply"), None)
        .await;
    assert_eq!(form.status, 200);
    for wanted in [
        "name=\"enterprise_name\"",
        "name=\"credit_code\"",
        "统一社会信用代码",
        "经办人姓名",
    ] {
        assert!(form.body.contains(wanted), "{wanted}: {}", form.body);
    }
    let person = app.get("/services/items/GZ-RS-0001/apply", None).await;
    assert!(
        !person.body.contains("credit_code"),
        "a person's item asks no enterprise"
    );

    let before = (
        count(&app, "SELECT COUNT(*) AS n FROM svc_cases").await,
        count(
            &app,
            "SELECT COUNT(*) AS n FROM attachments WHERE owner_kind = 'case'",
        )
        .await,
        app.audit_seq().await,
    );
    // The last character changed: the check character no longer fits.
    let refused = apply_for(&app, COMPANY, "91620702MA71ABCD1Q").await;
    assert_eq!(refused.status, 400);
    assert!(
        refused.body.contains("统一社会信用代码校验位不正确"),
        "{}",
        refused.body
    );
    assert!(refused.body.contains(COMPANY), "the company's name is kept");
    let missing = apply_for(&app, "", "").await;
    assert_eq!(missing.status, 400);
    assert!(missing.body.contains("请填写单位名称"), "{}", missing.body);
    let after = (
        count(&app, "SELECT COUNT(*) AS n FROM svc_cases").await,
        count(
            &app,
            "SELECT COUNT(*) AS n FROM attachments WHERE owner_kind = 'case'",
        )
        .await,
        app.audit_seq().await,
    );
    assert_eq!(after, before, "nothing stored");

    // Lower case and spaces are read as the code.
    let (number, _) = receipt(&apply_for(&app, COMPANY, " 9162 0702 ma71 abcd 1p ").await);
    let stored = services::store::cases::by_number(&app.platform.db, &number)
        .await
        .unwrap()
        .unwrap();
    let enterprise =
        services::usecase::case_enterprise(&app.platform.db, &app.platform.key, stored.id)
            .await
            .unwrap()
            .unwrap();
    assert_eq!(enterprise.credit_code.as_str(), "91620702MA71ABCD1P");
    assert_eq!(enterprise.name.as_str(), COMPANY);

    // The window clerk's case page and the printable 受理通知书 show the enterprise.
    let clerk = app.demo_session("clerk").await;
    let page = app
        .get(
            &format!("/office/services/cases/{}", stored.id),
            Some(&clerk),
        )
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains(COMPANY) && page.body.contains("91620702MA71ABCD1P"));
    assert!(page.body.contains("经办人：王**"), "{}", page.body);
    run(
        &app,
        &number,
        Command::Accept {
            by: unit(&app, "gz-service").await,
        },
    )
    .await;
    let notice = app
        .get(
            &format!("/office/services/cases/{}/acceptance", stored.id),
            Some(&clerk),
        )
        .await;
    assert_eq!(notice.status, 200, "{}", notice.body);
    assert!(
        notice.body.contains("id=\"acceptance-enterprise\""),
        "{}",
        notice.body
    );
    assert!(
        notice.body.contains(&format!("<p>{COMPANY}：</p>")),
        "{}",
        notice.body
    );
}
