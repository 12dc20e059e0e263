//! WEB-ANNUAL on both backends: what the services give the portal's annual work report (the
//! 办事服务 block of `reports.md` §2) — the items of the public catalogue, those handled fully
//! online, and the cases of the year by natural and legal person.

use calendar::Instant;
use services::enterprise::{CreditCode, Enterprise, EnterpriseName};
use services::usecase::annual::{ServiceFigures, annual_figures};
use services::usecase::{self, Applicant, NewApplication};

use crate::at;
use crate::store::{admin, applicant, application, market_item, publish, seeded};
use crate::{CAL, PROFILE};

async fn submit_as(p: &platform::Platform, code: &str, who: Applicant, now: Instant) {
    let new = NewApplication {
        applicant: who,
        ..application(&["id_card", "form"])
    };
    usecase::submit_case(
        &p.db,
        &platform::workflow::Context::new(&p.key, &admin(), &CAL, &PROFILE, now),
        code,
        new,
    )
    .await
    .unwrap();
}

/// WEB-ANNUAL: two published items, one needing no visit to the hall; of three cases, two
/// submitted in 2025 — one for an enterprise (法人), one for a person (自然人) — and one in 2026.
#[tokio::test]
async fn web_annual_the_services_count_items_online_items_and_the_years_cases_by_person() {
    for p in seeded().await {
        publish(&p, "SP-ONLINE", market_item(&p).await).await;
        let mut visit = market_item(&p).await;
        visit.basic.main_name = "须到现场办理的事项".into();
        visit.basic.onsite_visits = 1;
        publish(&p, "SP-VISIT", visit).await;
        submit_as(&p, "SP-ONLINE", applicant(), at("2025-03-03T09:00")).await;
        let company = Enterprise {
            name: EnterpriseName::parse("张掖市甘州区示例商贸有限公司").unwrap(),
            credit_code: CreditCode::parse("91620702MA71ABCD1P").unwrap(),
        };
        let agent = Applicant {
            enterprise: Some(company),
            ..applicant()
        };
        submit_as(&p, "SP-VISIT", agent, at("2025-06-02T09:00")).await;
        submit_as(&p, "SP-ONLINE", applicant(), at("2026-01-05T09:00")).await;
        let figures = annual_figures(&p.db, at("2025-01-01T00:00"), at("2026-01-01T00:00"))
            .await
            .unwrap();
        assert_eq!(
            figures,
            ServiceFigures {
                items: 2,
                fully_online: 1,
                cases: 2,
                natural_person_cases: 1,
                legal_person_cases: 1,
            },
            "{}",
            p.db.backend.name()
        );
    }
}
