//! The lists of the input battery's targets that no table gives (`battery_targets`): the
//! public POST routes, the public pages read for forms, and the forms no page offers.

use axum::http::Method;
use platform::roles::Role;

/// The public POST routes (the portal's and Open311's routers, which have no table to read).
pub const PUBLIC_POSTS: &[&str] = &[
    "/hotline",
    "/services/items/{code}/apply",
    "/services/cases/supplement",
    "/services/cases/rate",
    "/hall/rate",
    "/open311/v2/{file}",
    // Issue 16 (PUB-APPLY): the disclosure application and the applicant's correction.
    "/openness/apply",
    "/openness/query/correct",
    // Issue 17 (MSG-KINDS, MSG-QUERY, MSG-CONSULT, MSG-INTERVIEW): the messages' code, form,
    // query and rating; a consultation's code, comment and vote; an interview's code and
    // question (their pages: an open topic and a live interview made in `targets`).
    "/messages/code",
    "/messages/submit",
    "/messages/query",
    "/messages/rate",
    "/consultations/{id}/code",
    "/consultations/{id}/comment",
    "/consultations/{id}/vote",
    "/interviews/{id}/code",
    "/interviews/{id}/ask",
    // Issue 21 (HALL-QUEUE): the kiosk's number by window type or item.
    "/hall/kiosk",
    // Issue 21 (HALL-BOX): the complaint about a window and its lookup.
    "/hall/complaint",
    "/hall/complaint/query",
    // Issue 21 (HALL-HARDCASE): the hard case's lookup by number and query code (/hall/hardcase).
    "/hall/hardcase/query",
    // Issue 23: citizens' and enterprises' accounts (public-session routes: the account's
    // own cookie, never a staff session).
    "/account/login",
    "/account/logout",
    "/account/register",
    "/account/register/code",
    "/account/space/claim",
    "/account/delete",
    // Issue 23 (WEB-PERSONAL, enterprises and agents, the phone corrected).
    "/account/subscriptions",
    "/account/enterprises",
    "/account/enterprises/act",
    "/account/enterprises/agents",
    "/account/enterprises/agents/revoke",
    "/account/contact",
    "/account/contact/code",
];

/// The public pages read for forms, and the role of a session they need (the hall's rating
/// terminal is opened by a window clerk).
pub const PUBLIC_PAGES: &[(&str, Option<Role>)] = &[
    ("/", None),
    ("/hotline", None),
    ("/kb", None),
    ("/services", None),
    ("/services/items/GZ-SC-0003", None),
    ("/services/items/GZ-SC-0003/apply", None),
    ("/services/cases/query", None),
    ("/services/cases/rate", None),
    ("/hall/rate", Some(Role::WindowClerk)),
    ("/jiucuo", None),
    ("/sitemap", None),
    // Issue 15: the site group's navigation page (its sites' pages are found from it).
    ("/sites", None),
    // Issue 16 (PUB-APPLY): the disclosure application form and its query form.
    ("/openness/apply", None),
    // Issue 17: the message form (code and message) and the writer's query.
    ("/messages/new", None),
    ("/messages/query", None),
    // Issue 21 (HALL-QUEUE): the kiosk and the hall's big screen.
    ("/hall/kiosk", None),
    ("/hall/display", None),
    // Issue 21 (HALL-BOX): the supervision box's complaint form and lookup.
    ("/hall/complaint", None),
    // Issue 21 (HALL-HARDCASE): the hard case's lookup form (/hall/hardcase).
    ("/hall/hardcase", None),
    // Issue 23: the login choice and the registration of accounts.
    ("/account/login", None),
    ("/account/register", None),
    ("/office/login", None),
];

/// A form no page offers: method, action, who sends it (`None`: anonymous), its fields, and
/// why it is listed.
pub type Explicit = (
    Method,
    &'static str,
    Option<Role>,
    &'static [(&'static str, &'static str)],
    &'static str,
);

/// Forms no page offers (to the sessions the battery holds): the Open311 API (the JSON API
/// at `/api/v1` takes no body and no parameters), the login steps a ready session never sees,
/// the calendar import that follows a preview.
pub const EXPLICIT: &[Explicit] = &[
    // Issue 16 (PUB-EVAL): a year's forms are offered once the office opened the year (the
    // interview's and the case's once a unit is below the pass percent), which the battery's
    // world has not.
    (
        Method::POST,
        "/office/openness/evaluation/sheets",
        Some(Role::OpennessOfficer),
        &[
            ("year", "2026"),
            ("evaluator", "1"),
            ("unit", "1"),
            ("rating", "satisfied"),
            ("remark", "公开及时"),
            ("action", "save"),
        ],
        "the sheet form is offered on the page of an opened year",
    ),
    (
        Method::POST,
        "/office/openness/evaluation/interviews",
        Some(Role::OpennessOfficer),
        &[
            ("year", "2026"),
            ("unit", "1"),
            ("on", "2026-03-01"),
            ("note", "约谈主要领导"),
        ],
        "the interview form is offered for a unit below the pass percent",
    ),
    (
        Method::POST,
        "/office/openness/evaluation/cases",
        Some(Role::OpennessOfficer),
        &[
            ("year", "2026"),
            ("unit", "1"),
            ("responsible", "某局长"),
            ("sanction", "warning"),
        ],
        "the case form is offered for a unit two years below the pass percent",
    ),
    (
        Method::POST,
        "/office/openness/evaluation/publish",
        Some(Role::OpennessOfficer),
        &[("year", "2026")],
        "the publish form is offered on the page of an opened year",
    ),
    // Issue 20 (DATA-QUALITY): the report form is offered to a unit holding a grant, which
    // the battery's units do not.
    (
        Method::POST,
        "/office/sharing/quality",
        Some(Role::UnitHandler),
        &[
            ("kind", "quality"),
            ("grant", "1"),
            ("description", "字段缺失"),
        ],
        "the report form is offered to a unit holding a grant of the resource",
    ),
    // Issue 22: a key's revoke form is offered once a key is issued, which the battery's
    // world has none of.
    (
        Method::POST,
        "/office/system-keys/revoke",
        Some(Role::SystemAdmin),
        &[("id", "1")],
        "the revoke form is offered on the list of system keys, once a key is issued",
    ),
    // Issue 23: 我的空间's forms are offered to a logged-in account, which the battery's
    // anonymous visitor is not (the handlers send it to the login choice).
    (
        Method::POST,
        "/account/space/claim",
        None,
        &[
            ("kind", "appeal"),
            ("number", "GZ2026000001"),
            ("code", "K7MX-3QPA"),
        ],
        "我的空间 is offered to a logged-in account",
    ),
    (
        Method::POST,
        "/account/delete",
        None,
        &[("confirm", "注销")],
        "我的空间 is offered to a logged-in account",
    ),
    (
        Method::POST,
        "/account/logout",
        None,
        &[],
        "我的空间 is offered to a logged-in account",
    ),
    (
        Method::POST,
        "/account/subscriptions",
        None,
        &[("column", "1"), ("action", "add"), ("back", "column")],
        "a column's subscription for an account is offered to a logged-in account",
    ),
    (
        Method::POST,
        "/account/enterprises",
        None,
        &[
            ("name", "甘州区示例有限公司"),
            ("uscc", "91620702MA00000000"),
        ],
        "the enterprises' page is offered to a logged-in account",
    ),
    (
        Method::POST,
        "/account/enterprises/act",
        None,
        &[("enterprise", "1")],
        "the enterprises' page is offered to a logged-in account",
    ),
    (
        Method::POST,
        "/account/enterprises/agents",
        None,
        &[("enterprise", "1"), ("phone", "13800138000")],
        "the enterprises' page is offered to a logged-in account",
    ),
    (
        Method::POST,
        "/account/enterprises/agents/revoke",
        None,
        &[("enterprise", "1"), ("person", "2")],
        "the enterprises' page is offered to a logged-in account",
    ),
    (
        Method::POST,
        "/account/contact",
        None,
        &[("phone", "13800138000"), ("code", "123456")],
        "the contact page is offered to a logged-in account",
    ),
    (
        Method::POST,
        "/account/contact/code",
        None,
        &[("phone", "13800138000")],
        "the contact page is offered to a logged-in account",
    ),
    // Issue 20 (DATA-ACCOUNTS): the handover form is offered where a unit has two platform
    // accounts in use, which the battery's units do not.
    (
        Method::POST,
        "/office/sharing/handovers",
        Some(Role::UnitHandler),
        &[
            ("account", "1"),
            ("to_account", "2"),
            ("reason", "调离本单位"),
            ("items", "接口配置"),
        ],
        "the handover form is offered where a unit has two platform accounts in use",
    ),
    // Issue 20 (DATA-REQUEST): the application form is on /office/sharing/requests/new?entry=,
    // a page with a query the battery does not read.
    (
        Method::POST,
        "/office/sharing/requests",
        Some(Role::UnitHandler),
        &[
            ("entry", "1"),
            ("resource", "1"),
            ("fields", "code"),
            ("purpose", "电池测试用途"),
            ("flow", "电池测试系统"),
            ("days", "30"),
        ],
        "the application form is reached from a published entry (?entry=)",
    ),
    // Issue 21 (NET-IPAM): the name form is on a pool's page, which the battery does not read.
    (
        Method::POST,
        "/office/extranet/names",
        Some(Role::ExtranetAdmin),
        &[
            ("name", "oa.battery.gz.gov"),
            ("address", "10.99.0.1"),
            ("pool", "1"),
        ],
        "the internal domain name is set from a pool's page",
    ),
    // Issue 21 (HALL-BOX): the box's forms are offered to the service centre's staff, whom
    // the battery's unit sessions are not; the slip form once the box was opened.
    (
        Method::POST,
        "/office/hall/complaints/openings",
        Some(Role::UnitHandler),
        &[("letters", "2"), ("note", "周一开箱")],
        "the opening form is offered to the service centre's leaders and handlers",
    ),
    (
        Method::POST,
        "/office/hall/complaints",
        Some(Role::UnitHandler),
        &[
            ("opening", "1"),
            ("window", "3"),
            ("content", "窗口人员中午提前离岗"),
            ("contact", ""),
        ],
        "the slip form is offered to the service centre's staff once the box was opened",
    ),
    // Issue 21 (HALL-STAFF): attendance, assessments and notices are the service centre's
    // forms (the battery's unit sessions are not the centre); the request form is offered
    // once the unit has a member on the register.
    (
        Method::POST,
        "/office/hall/staff/attendance",
        Some(Role::UnitHandler),
        &[
            ("user", "1"),
            ("day", "2026-03-02"),
            ("signed_in", "08:55"),
            ("signed_out", "17:30"),
        ],
        "the attendance form is offered to the service centre's leaders and handlers",
    ),
    (
        Method::POST,
        "/office/hall/staff/requests",
        Some(Role::UnitHandler),
        &[
            ("kind", "leave"),
            ("member", "1"),
            ("substitute", ""),
            ("from", "2027-03-01"),
            ("to", "2027-03-02"),
            ("reason", "病假"),
        ],
        "the request form is offered once the unit has a member on the register",
    ),
    (
        Method::POST,
        "/office/hall/staff/assessments",
        Some(Role::UnitHandler),
        &[
            ("user", "1"),
            ("period", "2026-Q1"),
            ("grade", "competent"),
            ("comment", ""),
        ],
        "the assessment form is offered to the service centre's staff",
    ),
    (
        Method::POST,
        "/office/hall/staff/notices",
        Some(Role::UnitLeader),
        &[("unit", "1"), ("period", "2026-Q1")],
        "the notice form is offered to the service centre's leader with unsent results",
    ),
    // Issue 21 (HALL-QUEUE): the calling forms are offered once the clerk sits at a window
    // with a number waiting or called, which the battery's clerk has not.
    (
        Method::POST,
        "/office/hall/call",
        Some(Role::WindowClerk),
        &[],
        "call next is offered to a clerk seated at a window today",
    ),
    (
        Method::POST,
        "/office/hall/act",
        Some(Role::WindowClerk),
        &[
            ("ticket", "1"),
            ("version", "1"),
            ("action", "recall"),
            ("to", "comprehensive"),
        ],
        "the commands of a called number are offered to the window that called it",
    ),
    (
        Method::POST,
        "/openness/query/correct",
        None,
        &[
            ("number", "YSQ2026000001"),
            ("code", "K7MX-3QPA"),
            ("description", "补正后的申请内容"),
        ],
        "the correction is offered on the progress page, behind the number and query code",
    ),
    (
        Method::POST,
        "/messages/rate",
        None,
        &[
            ("number", "LY2026000001"),
            ("code", "K7MX-3QPA"),
            ("timeliness", "5"),
            ("quality", "4"),
            ("comment", "答复及时"),
        ],
        "the rating is offered in the answer to the writer's query (a POST with the number and \
         query code)",
    ),
    (
        Method::GET,
        "/open311/v2/requests.json",
        None,
        &[
            ("service_request_id", "GZ20260101000001"),
            ("service_code", "complaint_report"),
            ("status", "open"),
            ("start_date", "2026-01-01T00:00:00Z"),
            ("end_date", "2026-12-31T00:00:00Z"),
            ("page", "1"),
            ("page_size", "10"),
        ],
        "Open311 clients query without a page (GeoReport v2)",
    ),
    (
        Method::GET,
        "/open311/v2/requests.xml",
        None,
        &[("service_code", "complaint_report"), ("status", "open")],
        "the XML form of the same answer, where markup must be escaped",
    ),
    (
        Method::GET,
        "/open311/v2/services.json",
        None,
        &[("jurisdiction_id", "620702")],
        "Open311 clients query without a page (GeoReport v2)",
    ),
    (
        Method::POST,
        "/open311/v2/requests.json",
        None,
        &[
            ("service_code", "complaint_report"),
            ("lat", "38.93"),
            ("long", "100.45"),
            ("address_string", "甘州区南关小区"),
            ("description", "路灯不亮"),
            ("first_name", "三"),
            ("last_name", "张"),
            ("phone", "13877776666"),
            ("email", "a@example.com"),
            ("media_url", "https://example.com/a.jpg"),
            ("attribute[private]", "no"),
            ("api_key", hotline::open311::DEMO_KEY),
        ],
        "Open311 clients post without a page (GeoReport v2)",
    ),
    (
        Method::POST,
        "/office/search/synonyms/remove",
        Some(Role::Publisher),
        &[("id", "1")],
        "the editor lists only the administrators' own groups, and the battery's world has none",
    ),
    (
        Method::POST,
        "/office/login/totp",
        Some(Role::UnitHandler),
        &[("code", "123456")],
        "shown only to a session in the second-factor step",
    ),
    (
        Method::POST,
        "/office/login/enrol",
        Some(Role::UnitHandler),
        &[("code", "123456")],
        "shown only to a session enrolling its second factor",
    ),
    (
        Method::POST,
        "/office/calendar/import",
        Some(Role::SystemAdmin),
        &[("year", "2027"), ("text", "2027-01-01 元旦 休")],
        "offered only with the result of a preview",
    ),
    // Issue 21 (HALL-LEVELS): the register's form is offered to the district centre's
    // (gz-service) staff only, none of the battery's sessions.
    (
        Method::POST,
        "/office/hall/centres",
        Some(Role::UnitLeader),
        &[
            ("name", "梁家墩镇便民服务中心"),
            ("level", "township"),
            ("parent", "1"),
            ("unit", ""),
            ("approval", ""),
            ("address", "梁家墩镇"),
            ("hours", ""),
            ("phone", ""),
        ],
        "the register's form is offered to the district centre's staff only",
    ),
];
