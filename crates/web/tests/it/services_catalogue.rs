//! The catalogue in the back office through HTTP (issue 22; SVC-ITEM-LIFE, SVC-ITEM-FIELDS,
//! SVC-MATERIAL-BASIS, SVC-ONLINE-URL, SVC-NEG-LIST): a department claims an item, edits every
//! guide element, submits; the reviewer passes the profile's review chain and the legal review
//! of the changed basis; the publisher publishes; the department changes it, the diff shows the
//! change, and it is published again, suspended, resumed and terminated. The public guide
//! changes only at publication. Another unit's department cannot see the item.

use axum::http::StatusCode;
use platform::roles::Role;

use crate::common::{Client, TestApp};
use crate::services_office::{services_app, staff_in};

const CODE: &str = "T22-SC-0001";

/// The editor's form with every element; `address` and `basis` vary between versions.
pub(crate) fn guide_form(version: i64, address: &str, material_basis: &str) -> String {
    let fields: Vec<(&str, String)> = vec![
        ("version", version.to_string()),
        ("main_name", "小餐饮经营许可".into()),
        ("sub_name", "新办".into()),
        ("item_type", "Licensing".into()),
        ("case_type", "Promised".into()),
        ("authority_source", "法定本级行使".into()),
        ("exercise_level", "县级".into()),
        ("legal_days", "20".into()),
        ("promised_days", "10".into()),
        ("acceptance_days", "1".into()),
        ("permit_quantity", "不限".into()),
        ("onsite_visits", "1".into()),
        ("cross_region", "Province".into()),
        (
            "legal_basis",
            "《甘肃省食品小作坊小经营店小摊点管理条例》第十二条".into(),
        ),
        (
            "acceptance_criteria",
            "具有与经营的食品品种相适应的经营场所".into(),
        ),
        ("review_standard", "场所、设备、制度符合条例要求".into()),
        ("targets", "NaturalPerson".into()),
        ("targets", "LegalPerson".into()),
        ("themes", "准营准办".into()),
        ("topics", "".into()),
        ("intermediary_services", "".into()),
        ("fee", "free".into()),
        ("fee_method", "".into()),
        ("fee_standard", "".into()),
        ("fee_basis", "".into()),
        ("result_name", "小餐饮经营许可证".into()),
        ("licence_type", "".into()),
        ("delivery", "PickUp".into()),
        ("delivery", "Post".into()),
        ("handling_form", "窗口办理、网上办理".into()),
        ("office_hours", "工作日 08:30-12:00，14:30-18:00".into()),
        ("office_address", address.into()),
        ("supervision_phone", "0936-12345".into()),
        ("consultation_phone", "0936-8213456".into()),
        ("online_depth", "3".into()),
        ("directions", "乘坐 1 路公交车至县府街站".into()),
        (
            "online_url",
            "https://zwfw.gansu.gov.cn/ganzhou/item/T22".into(),
        ),
        ("s0.name", "审查".into()),
        ("s0.role", "审核人".into()),
        ("s0.days", "7".into()),
        ("s0.window", "市场监管窗口".into()),
        ("s1.name", "决定".into()),
        ("s1.role", "分管领导".into()),
        ("s1.days", "3".into()),
        ("s1.window", "".into()),
        ("sp.SiteInspection", "5".into()),
        ("materials_explanation", "".into()),
        ("m0.name", "营业执照".into()),
        ("m0.code", "business_licence".into()),
        ("m0.kind", "OriginalAndCopy".into()),
        ("m0.source", "Government".into()),
        ("m0.copies", "1".into()),
        ("m0.specification", "A4".into()),
        ("m0.issuing_department", "区市场监督管理局".into()),
        ("m0.licence", "营业执照".into()),
        ("m0.intermediary_contact", "".into()),
        ("m0.legal_basis", material_basis.into()),
        ("m0.criteria", "在有效期内".into()),
        ("m0.requirements", "复印件加盖公章".into()),
        ("m0.filling_notes", "复印件须清晰".into()),
        ("m0.required", "on".into()),
        ("m0.electronic_copy", "on".into()),
    ];
    fields
        .iter()
        .map(|(name, value)| {
            format!(
                "{name}={}",
                percent_encoding::utf8_percent_encode(value, percent_encoding::NON_ALPHANUMERIC)
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// The item's optimistic version, as the item page's forms carry it.
pub(crate) async fn version(app: &TestApp, id: i64) -> i64 {
    use sqlx::Row as _;
    sqlx::query("SELECT version FROM svc_items WHERE id = $1")
        .bind(id)
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap()
        .try_get("version")
        .unwrap()
}

async fn post(app: &TestApp, who: &Client, id: i64, tail: &str, extra: &str) -> String {
    let form = format!("version={}{extra}", version(app, id).await);
    let answer = app
        .post(
            &format!("/office/services/catalogue/{id}/{tail}"),
            Some(who),
            &form,
        )
        .await;
    assert_eq!(
        answer.status,
        StatusCode::SEE_OTHER,
        "{tail}: {}",
        answer.body
    );
    let page = app
        .get(&format!("/office/services/catalogue/{id}"), Some(who))
        .await;
    assert_eq!(page.status, 200);
    page.body
}

async fn public_guide(app: &TestApp) -> (StatusCode, String) {
    let answer = app.get(&format!("/services/items/{CODE}"), None).await;
    (answer.status, answer.body)
}

/// SVC-ITEM-LIFE done-when: every lifecycle step through the pages; the public guide changes
/// only at publication. SVC-MATERIAL-BASIS: a material without basis is refused at submission.
#[tokio::test]
async fn svc_item_life_walk_through_the_pages_public_changes_only_at_publication() {
    let app = services_app().await;
    let department = staff_in(&app, Role::UnitHandler, "gz-market").await;
    let other = staff_in(&app, Role::UnitHandler, "gz-housing").await;
    let reviewer = staff_in(&app, Role::Reviewer, "gz-office").await;
    let publisher = staff_in(&app, Role::Publisher, "gz-office").await;

    // 认领 from the upper catalogue.
    let claim = format!(
        "code={CODE}&main_name={}&sub_name=&item_type=Licensing&legal_basis={}",
        percent_encoding::utf8_percent_encode("小餐饮经营许可", percent_encoding::NON_ALPHANUMERIC),
        percent_encoding::utf8_percent_encode(
            "《上级目录设定依据》",
            percent_encoding::NON_ALPHANUMERIC
        ),
    );
    let claimed = app
        .post(
            "/office/services/catalogue/claim",
            Some(&department),
            &claim,
        )
        .await;
    assert_eq!(claimed.status, StatusCode::SEE_OTHER, "{}", claimed.body);
    let id: i64 = claimed
        .location()
        .trim_start_matches("/office/services/catalogue/")
        .trim_end_matches("/edit")
        .parse()
        .unwrap();
    // The same code again: refused in Chinese, nothing changed.
    let again = app
        .post(
            "/office/services/catalogue/claim",
            Some(&department),
            &claim,
        )
        .await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST);
    assert!(again.body.contains("已被认领"), "{}", again.body);
    assert_eq!(public_guide(&app).await.0, StatusCode::NOT_FOUND);
    // SEC-ROLES: another unit's department does not see it.
    let hidden = app
        .get(&format!("/office/services/catalogue/{id}"), Some(&other))
        .await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);

    // Edit every element; a material without legal basis is kept as a draft…
    let editor = format!("/office/services/catalogue/{id}/edit");
    let saved = app
        .post(
            &editor,
            Some(&department),
            &guide_form(version(&app, id).await, "区政务服务中心一楼", ""),
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let page = app.get(&editor, Some(&department)).await;
    assert!(page.body.contains("没有设定依据"), "{}", page.body);
    // … and refused at submission (SVC-MATERIAL-BASIS), nothing changed.
    let refused = app
        .post(
            &format!("/office/services/catalogue/{id}/submit"),
            Some(&department),
            &format!("version={}", version(&app, id).await),
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
    assert!(refused.body.contains("没有设定依据"));
    // A malformed number refuses the whole form.
    let bad =
        guide_form(version(&app, id).await, "x", "y").replace("legal_days=20", "legal_days=abc");
    let bad = app.post(&editor, Some(&department), &bad).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("法定办结时限须为"), "{}", bad.body);

    let basis = "《甘肃省食品小作坊小经营店小摊点管理条例》第十二条";
    let saved = app
        .post(
            &editor,
            Some(&department),
            &guide_form(version(&app, id).await, "区政务服务中心一楼", basis),
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let body = post(&app, &department, id, "submit", "").await;
    assert!(body.contains("待审核"), "{body}");
    // The profile's chain (ganzhou: 省级行业主管部门审核), then legal review: the basis changed.
    assert!(body.contains("省级行业主管部门审核"));
    let body = post(&app, &reviewer, id, "review", "&outcome=pass&opinion=").await;
    assert!(body.contains("合法性审查中"), "{body}");
    assert!(body.contains("区司法局合法性审查"));
    // A return needs an opinion: refused, nothing changed.
    let no_opinion = app
        .post(
            &format!("/office/services/catalogue/{id}/legal-review"),
            Some(&reviewer),
            &format!(
                "version={}&outcome=return&opinion=",
                version(&app, id).await
            ),
        )
        .await;
    assert_eq!(no_opinion.status, StatusCode::BAD_REQUEST);
    let body = post(
        &app,
        &reviewer,
        id,
        "legal-review",
        "&outcome=pass&opinion=",
    )
    .await;
    assert!(body.contains("待发布"), "{body}");
    assert_eq!(public_guide(&app).await.0, StatusCode::NOT_FOUND);
    post(&app, &publisher, id, "publish", "").await;
    let (status, guide) = public_guide(&app).await;
    assert_eq!(status, 200);
    assert!(
        guide.contains("区政务服务中心一楼") && guide.contains("第 1 版"),
        "{guide}"
    );
    assert!(guide.contains("复印件须清晰") && guide.contains("许可数量"));

    // 变更: a new version; the public keeps version 1 until it is published.
    let saved = app
        .post(
            &editor,
            Some(&department),
            &guide_form(version(&app, id).await, "区政务服务中心二楼", basis),
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let diff = app
        .get(
            &format!("/office/services/catalogue/{id}/diff"),
            Some(&department),
        )
        .await;
    assert!(diff.body.contains("区政务服务中心一楼") && diff.body.contains("区政务服务中心二楼"));
    assert!(diff.body.contains("办理地点"));
    post(&app, &department, id, "submit", "").await;
    let (_, guide) = public_guide(&app).await;
    assert!(guide.contains("区政务服务中心一楼") && !guide.contains("区政务服务中心二楼"));
    // The basis did not change: no legal review this time.
    let body = post(&app, &reviewer, id, "review", "&outcome=pass&opinion=").await;
    assert!(body.contains("待发布"), "{body}");
    let (_, guide) = public_guide(&app).await;
    assert!(!guide.contains("区政务服务中心二楼"));
    post(&app, &publisher, id, "publish", "").await;
    let (_, guide) = public_guide(&app).await;
    assert!(guide.contains("区政务服务中心二楼") && guide.contains("第 2 版"));

    // Suspend, resume, terminate (each with reason and approving document).
    let document = "&document_number=GZ2026-1&document_title=%E6%89%B9%E5%A4%8D";
    let body = post(
        &app,
        &publisher,
        id,
        "suspend",
        &format!("&reason=%E8%B0%83%E6%95%B4{document}"),
    )
    .await;
    assert!(body.contains("已暂停"));
    let body = post(&app, &publisher, id, "resume", "&reason=%E6%81%A2%E5%A4%8D").await;
    assert!(body.contains("已发布"));
    post(
        &app,
        &publisher,
        id,
        "terminate",
        &format!("&reason=%E5%8F%96%E6%B6%88{document}"),
    )
    .await;
    assert_eq!(public_guide(&app).await.0, StatusCode::NOT_FOUND);
    // Every version kept.
    let versions: i64 = {
        use sqlx::Row as _;
        sqlx::query("SELECT COUNT(*) AS n FROM svc_item_versions WHERE item_id = $1")
            .bind(id)
            .fetch_one(&app.platform.db.pool)
            .await
            .unwrap()
            .try_get("n")
            .unwrap()
    };
    assert_eq!(versions, 2);
}

/// SVC-ONLINE-URL: an address off the jurisdiction's hosts is refused at submission.
#[tokio::test]
async fn svc_online_url_off_the_allowed_hosts_is_refused_at_submission() {
    let app = services_app().await;
    let department = staff_in(&app, Role::UnitHandler, "gz-market").await;
    let claim = "code=T22-URL&main_name=%E6%B5%8B%E8%AF%95&sub_name=&item_type=Licensing&legal_basis=%E4%BE%9D%E6%8D%AE";
    let claimed = app
        .post("/office/services/catalogue/claim", Some(&department), claim)
        .await;
    let id: i64 = claimed
        .location()
        .trim_start_matches("/office/services/catalogue/")
        .trim_end_matches("/edit")
        .parse()
        .unwrap();
    let form = guide_form(version(&app, id).await, "一楼", "《依据》")
        .replace("zwfw%2Egansu%2Egov%2Ecn", "evil%2Eexample%2Ecom");
    let editor = format!("/office/services/catalogue/{id}/edit");
    let saved = app.post(&editor, Some(&department), &form).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let refused = app
        .post(
            &format!("/office/services/catalogue/{id}/submit"),
            Some(&department),
            &format!("version={}", version(&app, id).await),
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(
        refused.body.contains("不在本辖区认可的政务服务网站之列"),
        "{}",
        refused.body
    );
}

/// SVC-NEG-LIST: the publisher puts an item on the negative list with reason and document;
/// a missing document is refused in Chinese.
#[tokio::test]
async fn svc_neg_list_is_kept_by_the_publisher_with_reason_and_document() {
    let app = services_app().await;
    let publisher = staff_in(&app, Role::Publisher, "gz-office").await;
    let missing = app
        .post(
            "/office/services/catalogue/negative",
            Some(&publisher),
            "code=GZ-SC-0007&reason=%E7%90%86%E7%94%B1&document_number=&document_title=",
        )
        .await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST);
    assert!(missing.body.contains("批准文件文号"), "{}", missing.body);
    let saved = app
        .post(
            "/office/services/catalogue/negative",
            Some(&publisher),
            "code=GZ-SC-0007&reason=%E6%B6%89%E5%AF%86&document_number=GZ2026-7&document_title=%E6%89%B9%E5%A4%8D&document_issuer=%E5%8C%BA%E6%94%BF%E5%BA%9C&document_date=2026-01-05",
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let page = app
        .get("/office/services/catalogue/negative", Some(&publisher))
        .await;
    assert!(page.body.contains("GZ2026-7") && page.body.contains("涉密"));
}

/// Issue 22: the catalogue as XLSX — a department gets its own items, a reviewer every item,
/// in one workbook (the sheet 事项, then one sheet per material list).
#[tokio::test]
async fn svc_item_life_catalogue_exports_as_xlsx() {
    let app = services_app().await;
    for (role, unit) in [
        (Role::UnitHandler, "gz-hrss"),
        (Role::Reviewer, "gz-service"),
    ] {
        let staff = staff_in(&app, role, unit).await;
        let list = app.get("/office/services/catalogue", Some(&staff)).await;
        assert!(list.body.contains("/office/services/catalogue/export.xlsx"));
        let file = app
            .get("/office/services/catalogue/export.xlsx", Some(&staff))
            .await;
        assert_eq!(file.status, StatusCode::OK, "{role:?}");
        assert_eq!(
            file.headers
                .get("content-type")
                .and_then(|v| v.to_str().ok()),
            Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        );
        assert!(file.body.starts_with("PK"), "an XLSX is a zip");
    }
}
