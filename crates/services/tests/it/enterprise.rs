//! Issue 14 item 4 on both backends: an enterprise applies as an enterprise. A legal
//! person's item (SVC-ITEM-TYPES) is applied for by an agent for an enterprise; the case
//! stores the enterprise sealed to its number with the keyed index of its 统一社会信用代码,
//! the e-licence of the concluded case is the enterprise's (SVC-ELICENCE), and what a later
//! application reuses is the enterprise's — its licence and its materials on file — not the
//! agent's (SVC-NO-RESUBMIT).

use calendar::Instant;
use platform::Platform;
use platform::attachments::Upload;
use services::case::{Command, Decision};
use services::enterprise::{CreditCode, Enterprise, EnterpriseName};
use services::item::{DeliveryMethod, Item, ItemType, Materials, Target};
use services::usecase::online::{self, MaterialUpload};
use services::usecase::phone_check::PhoneProof;
use services::usecase::{self, Applicant, enterprise_lookup};

use crate::fixture::{JOB, at_units, named, portal_items};
use crate::store::{admin, applicant, phone_proof, publish, scalar, seeded, unit};
use crate::{CAL, PROFILE, at};

/// 营业执照变更登记: legal persons only; its result is the e-licence 营业执照.
const REGISTER: &str = "SP-ENT-REG";
/// 食品经营许可 for legal persons only, asking for the 营业执照 and an application form.
const PERMIT: &str = "SP-ENT-FOOD";
const CODE: &str = "91620702MA71ABCD1P";
const OTHER_CODE: &str = "92620702MA7K8H2N1F";
const PHONE: &str = "13812345678";
const PDF: &[u8] = b"%PDF-1.4 scan";

fn enterprise(name: &str, code: &str) -> Enterprise {
    Enterprise {
        name: EnterpriseName::parse(name).unwrap(),
        credit_code: CreditCode::parse(code).unwrap(),
    }
}

fn legal_item(name: &str, licence: Option<&str>, materials: &[(&str, &str, Option<&str>)]) -> Item {
    let mut item = named(name, ItemType::Licensing, Target::LegalPerson, "设立变更");
    item.basic.result.licence_type = licence.map(str::to_owned);
    item.process.special.clear();
    // An instant item (即办件): decided straight after acceptance.
    item.basic.case_type = services::item::CaseType::Instant;
    item.basic.promised_limit = crate::limit("0wd");
    item.process.stages.clear();
    item.materials = Materials::List(
        materials
            .iter()
            .map(|&(code, name, licence)| crate::material(code, name, true, licence))
            .collect(),
    );
    item
}

async fn legal_items(p: &Platform) {
    let register = legal_item(
        "营业执照变更登记",
        Some("营业执照"),
        &[("application", "变更登记申请书", None)],
    );
    publish(p, REGISTER, at_units(p, register, "gz-market").await).await;
    let permit = legal_item(
        "食品经营许可",
        Some("食品经营许可证"),
        &[
            ("business_licence", "营业执照", Some("营业执照")),
            ("form", "食品经营许可申请书", None),
        ],
    );
    publish(p, PERMIT, at_units(p, permit, "gz-market").await).await;
}

fn file(code: &str) -> MaterialUpload {
    MaterialUpload {
        code: code.into(),
        upload: Upload {
            label: format!("材料 {code}"),
            file_name: format!("{code}.pdf"),
            bytes: PDF.to_vec(),
        },
    }
}

async fn apply(
    p: &Platform,
    item: &str,
    for_whom: Option<Enterprise>,
    proof: Option<PhoneProof>,
    files: &[&str],
    now: Instant,
) -> platform::Result<usecase::Submission> {
    let who = Applicant {
        enterprise: for_whom,
        email: None,
        phone_proof: proof,
        ..applicant()
    };
    online::submit_online(
        &p.db,
        &platform::workflow::Context::new(&p.key, &admin(), &CAL, &PROFILE, now),
        item,
        who,
        files.iter().map(|code| file(code)).collect(),
    )
    .await
}

async fn run(p: &Platform, id: services::CaseId, command: Command, now: Instant) {
    usecase::execute_case(
        &p.db,
        &platform::workflow::Context::new(&p.key, &admin(), &CAL, &PROFILE, now),
        id,
        command,
        None,
    )
    .await
    .unwrap();
}

async fn count(p: &Platform, sql: &str, bind: &str) -> i64 {
    use sqlx::Row as _;
    sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
        .bind(bind)
        .fetch_one(&p.db.pool)
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}

#[tokio::test]
async fn svc_item_types_a_legal_persons_item_is_applied_for_by_an_enterprise_only() {
    for p in seeded().await {
        legal_items(&p).await;
        portal_items(&p).await;
        let now = at("2025-03-03T09:00");
        let before = scalar(&p, "SELECT COUNT(*) AS n FROM svc_cases").await;
        let without = apply(&p, REGISTER, None, None, &["application"], now)
            .await
            .unwrap_err();
        assert!(without.to_string().contains("服务对象是法人"), "{without}");
        let company = enterprise("张掖市甘州区示例商贸有限公司", CODE);
        let person_item = apply(&p, JOB, Some(company), None, &["id_card", "photo"], now)
            .await
            .unwrap_err();
        assert!(
            person_item.to_string().contains("服务对象是自然人"),
            "{person_item}"
        );
        assert_eq!(
            scalar(&p, "SELECT COUNT(*) AS n FROM svc_cases").await,
            before,
            "a refused application stores nothing"
        );
    }
}

#[tokio::test]
async fn svc_elicence_and_svc_no_resubmit_are_keyed_on_the_enterprise_on_both_backends() {
    for p in seeded().await {
        legal_items(&p).await;
        let company = enterprise("张掖市甘州区示例商贸有限公司", CODE);
        let lookup = enterprise_lookup(&p.key, &company.credit_code);
        // The agent applies for the company: the case is the company's.
        let first = apply(
            &p,
            REGISTER,
            Some(company.clone()),
            None,
            &["application"],
            at("2025-03-03T09:00"),
        )
        .await
        .unwrap();
        let stored = services::store::cases::get(&p.db, first.case_id)
            .await
            .unwrap();
        assert_eq!(stored.enterprise_lookup.as_deref(), Some(lookup.as_str()));
        let agent = usecase::applicant_lookup(&p.key, &applicant().id_no);
        assert_eq!(
            stored.applicant_lookup, agent,
            "the agent stays the applicant"
        );
        assert_eq!(
            usecase::case_enterprise(&p.db, &p.key, first.case_id)
                .await
                .unwrap(),
            Some(company.clone())
        );
        // Sealed to its place: the credit code opens under its own case's number only.
        let (_, _, code_sealed) = services::store::cases::enterprise_sealed(&p.db, first.case_id)
            .await
            .unwrap()
            .unwrap();
        let elsewhere = usecase::place("enterprise_code_sealed", "SV20250303999999");
        assert!(p.key.open_for(&code_sealed, &elsewhere).is_err());
        assert!(
            !String::from_utf8_lossy(&code_sealed).contains(CODE),
            "the code is sealed"
        );
        // Concluded with approval: the 营业执照 is issued to the company, not to the agent.
        let (window, market) = (unit(&p, "gz-service").await, unit(&p, "gz-market").await);
        run(
            &p,
            first.case_id,
            Command::Accept { by: window },
            at("2025-03-03T09:10"),
        )
        .await;
        let decide = Command::Decide {
            by: market,
            decision: Decision::Approve,
        };
        run(&p, first.case_id, decide, at("2025-03-03T10:00")).await;
        let deliver = Command::Deliver {
            by: window,
            method: DeliveryMethod::PickUp,
        };
        run(&p, first.case_id, deliver, at("2025-03-03T11:00")).await;
        let licences = "SELECT COUNT(*) AS n FROM svc_licences WHERE applicant_lookup = $1";
        assert_eq!(count(&p, licences, &lookup).await, 1);
        assert_eq!(count(&p, licences, &agent).await, 0);
        let filed = "SELECT COUNT(*) AS n FROM svc_materials_on_file WHERE applicant_lookup = $1";
        assert_eq!(count(&p, filed, &lookup).await, 1, "filed at acceptance");
        assert_eq!(count(&p, filed, &agent).await, 0);

        // SVC-NO-RESUBMIT: the same agent, phone proved, is offered the company's licence for
        // the company — and nothing for themself or for another company.
        let now = at("2025-03-04T09:00");
        let verified = phone_proof(&p, PHONE, now).await;
        let offer = |code: Option<&'static str>| {
            let (p, proof) = (&p, verified.proof.clone());
            async move {
                let code = code.map(|code| CreditCode::parse(code).unwrap());
                online::reuse_offer_verified(&p.db, &p.key, PERMIT, &proof, code.as_ref(), now)
                    .await
                    .unwrap()
                    .into_iter()
                    .map(|offer| (offer.name, offer.from_licence))
                    .collect::<Vec<_>>()
            }
        };
        assert_eq!(offer(Some(CODE)).await, [("营业执照".to_owned(), true)]);
        assert!(offer(None).await.is_empty(), "the agent holds no licence");
        assert!(offer(Some(OTHER_CODE)).await.is_empty(), "another company");
        // The application reuses it and is the company's again; without the proof the
        // licence is asked for.
        let asked = apply(&p, PERMIT, Some(company.clone()), None, &["form"], now)
            .await
            .unwrap_err();
        assert!(asked.to_string().contains("营业执照"), "{asked}");
        let second = apply(
            &p,
            PERMIT,
            Some(company.clone()),
            Some(verified.proof.clone()),
            &["form"],
            now,
        )
        .await
        .unwrap();
        assert_eq!(second.reused.len(), 1);
        let cases = "SELECT COUNT(*) AS n FROM svc_cases WHERE enterprise_lookup = $1";
        assert_eq!(count(&p, cases, &lookup).await, 2);
        run(&p, second.case_id, Command::Accept { by: window }, now).await;
        assert_eq!(
            count(&p, filed, &lookup).await,
            2,
            "its form filed for the company"
        );
    }
}

/// Issue 14 item 4 at the window: a walk-in registration for a legal person's item is the
/// enterprise's as an online one is (SVC-ITEM-TYPES): without the enterprise it is refused
/// and nothing is stored; with it the case is keyed on the enterprise and reuses the
/// enterprise's e-licence (SVC-NO-RESUBMIT, SVC-ELICENCE), and its acceptance clock is the
/// registering window's (SVC-ACCEPT). The desk then finds the enterprise's cases by its
/// 统一社会信用代码 through the keyed index, audited with the code masked (issue 14 item 7).
#[tokio::test]
async fn svc_item_types_a_walk_in_is_the_enterprises_and_found_by_its_credit_code() {
    use services::backoffice::register_walk_in;
    use services::search::{CaseQuery, search_cases};
    for p in seeded().await {
        let backend = p.db.backend.name();
        legal_items(&p).await;
        portal_items(&p).await;
        let company = enterprise("张掖市甘州区示例商贸有限公司", CODE);
        let lookup = enterprise_lookup(&p.key, &company.credit_code);
        let (window, market) = (unit(&p, "gz-service").await, unit(&p, "gz-market").await);
        // The company's licence, issued by an online case.
        let now = at("2025-03-03T09:00");
        let first = apply(
            &p,
            REGISTER,
            Some(company.clone()),
            None,
            &["application"],
            now,
        )
        .await
        .unwrap();
        run(&p, first.case_id, Command::Accept { by: window }, now).await;
        let decide = Command::Decide {
            by: market,
            decision: Decision::Approve,
        };
        run(&p, first.case_id, decide, now).await;
        let deliver = Command::Deliver {
            by: window,
            method: DeliveryMethod::PickUp,
        };
        run(&p, first.case_id, deliver, now).await;

        let now = at("2025-03-04T09:00");
        let actor = admin();
        let context = platform::workflow::Context::new(&p.key, &actor, &CAL, &PROFILE, now);
        let walk_in = |who: Applicant, item: &'static str, files: &'static [&'static str]| {
            let context = &context;
            let p = &p;
            async move {
                let files = files.iter().map(|code| file(code)).collect();
                register_walk_in(&p.db, context, item, who, window, files).await
            }
        };
        let before = scalar(&p, "SELECT COUNT(*) AS n FROM svc_cases").await;
        let without = walk_in(applicant(), PERMIT, &["business_licence", "form"])
            .await
            .unwrap_err();
        assert!(without.to_string().contains("服务对象是法人"), "{without}");
        let for_company = || Applicant {
            enterprise: Some(company.clone()),
            ..applicant()
        };
        let person_item = walk_in(for_company(), JOB, &["id_card", "photo"])
            .await
            .unwrap_err();
        assert!(person_item.to_string().contains("服务对象是自然人"));
        assert_eq!(
            scalar(&p, "SELECT COUNT(*) AS n FROM svc_cases").await,
            before,
            "{backend}: a refused registration stores nothing"
        );
        // Only the form handed in: the 营业执照 is the company's e-licence.
        let registered = walk_in(for_company(), PERMIT, &["form"]).await.unwrap();
        assert_eq!(registered.reused.len(), 1, "{backend}");
        let stored = services::store::cases::get(&p.db, registered.case_id)
            .await
            .unwrap();
        assert_eq!(stored.enterprise_lookup.as_deref(), Some(lookup.as_str()));
        assert_eq!(
            usecase::case_enterprise(&p.db, &p.key, registered.case_id)
                .await
                .unwrap(),
            Some(company.clone())
        );
        let clock_unit = count(
            &p,
            "SELECT unit_id AS n FROM clocks WHERE subject_type = 'case' AND subject_id = $1 \
             AND rule_id = 'SVC-ACCEPT'",
            &registered.case_id.to_string(),
        )
        .await;
        assert_eq!(clock_unit, window.0, "{backend}: SVC-ACCEPT at the window");

        // The desk's search by the credit code: both of the company's cases, audited.
        let find = |code: &'static str, unit: services::UnitId| {
            let p = &p;
            async move {
                let query = CaseQuery {
                    credit_code: Some(CreditCode::parse(code).unwrap()),
                    ..Default::default()
                };
                let found = search_cases(&p.db, &p.key, &admin(), unit, &query, (20, 0), now)
                    .await
                    .unwrap();
                found
                    .rows
                    .into_iter()
                    .map(|row| row.case.number)
                    .collect::<Vec<_>>()
            }
        };
        assert_eq!(
            find(" 9162 0702 ma71 abcd 1p", market).await,
            [registered.number.clone(), first.number.clone()],
            "{backend}"
        );
        assert!(find(OTHER_CODE, market).await.is_empty(), "{backend}");
        assert!(
            find(CODE, unit(&p, "gz-housing").await).await.is_empty(),
            "{backend}: another unit finds none of the market's"
        );
        let audited = "SELECT COUNT(*) AS n FROM audit_log WHERE action = $1";
        assert_eq!(
            count(&p, audited, "services.search.credit_code").await,
            3,
            "{backend}"
        );
        let details = "SELECT COUNT(*) AS n FROM audit_log WHERE action = \
             'services.search.credit_code' AND detail LIKE $1";
        assert_eq!(count(&p, details, &format!("%{CODE}%")).await, 0);
        assert_eq!(count(&p, details, "%916207********CD1P%").await, 2);
    }
}
