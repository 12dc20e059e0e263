//! The battery, part one (issue 12; SEC-ROLES, deny by default, by unit and by object): for
//! every back-office route with an id, read from the guard table, an object of unit A is made
//! ([`battery_world::FIXTURES`]) and the route is called
//! - by every role the route's guard denies, as a user of unit A: 403, nothing changes;
//! - by every role the guard lets in whose scope is a unit, as a user of unit B (or, for an
//!   object of one user, by a colleague): 403 or 404, nothing changes — and then, as the
//!   control that proves the refusal was about the unit, the same request by that role in
//!   unit A is taken (when the page offers the form to that role).
//!
//! A route with two ids (a file of an object) is also asked for with the first object's file
//! under a second object. A route with an id that has no fixture fails the battery, so a route added later is
//! attacked the day it lands. `eprintln!` prints the counts.

use std::collections::BTreeSet;

use axum::http::{Method, StatusCode};
use platform::roles::Role;

use crate::battery_forms::{self, HtmlForm};
use crate::battery_world::{Fixture, Made, Object, Staff, UNIT_B, World, fixture, send_form};
use crate::common::{Answer, TestApp, app_on};

/// The routes of the guard table with an id in the path.
fn routes_with_an_id() -> Vec<web::guard::OfficeRoute> {
    web::guard::table()
        .into_iter()
        .filter(|route| route.path.contains('{'))
        .collect()
}

#[test]
fn sec_roles_every_route_with_an_id_has_an_object_fixture() {
    let routes: BTreeSet<&str> = routes_with_an_id().iter().map(|r| r.path).collect();
    let fixtures: BTreeSet<&str> = crate::battery_world::fixtures().map(|f| f.path).collect();
    let missing: Vec<_> = routes.difference(&fixtures).collect();
    let stale: Vec<_> = fixtures.difference(&routes).collect();
    assert!(
        missing.is_empty() && stale.is_empty(),
        "routes with an id but no object fixture in battery_world::FIXTURES: {missing:?}; \
         fixtures without a route: {stale:?}"
    );
}

/// What is sent to a route: nothing (GET), the form a page offers, or a fixed body.
enum Request {
    Get,
    Form(HtmlForm),
    Fixed(String),
}

#[derive(Default)]
struct Counts {
    routes: usize,
    objects: usize,
    role_denials: usize,
    outsiders: usize,
    controls: usize,
    /// Routes with two ids tried with the second id of another object.
    mix_ups: usize,
    /// (route, role): the page does not offer the form to this role in unit A, so the
    /// outsider sent another role's form and no control was possible.
    uncontrolled: Vec<String>,
}

async fn send(
    world: &World<'_>,
    method: &Method,
    path: &str,
    request: &Request,
    who: &Staff,
) -> Answer {
    match request {
        Request::Get => world.app.get(path, Some(&who.client)).await,
        Request::Form(form) => {
            send_form(
                world.app,
                form,
                Some(&who.client),
                &world.working_day,
                &[],
                None,
            )
            .await
        }
        Request::Fixed(body) => {
            world
                .app
                .send(method.clone(), path, Some(&who.client), Some(body))
                .await
        }
    }
}

/// The form for `path` on the object's page as `who` sees it.
async fn offered(world: &World<'_>, made: &Made, path: &str, who: &Staff) -> Option<HtmlForm> {
    let page = world.app.get(&made.page, Some(&who.client)).await;
    battery_forms::forms(&page.body)
        .into_iter()
        .find(|form| form.action == path)
}

fn fixed(fixture: &Fixture, made: &Made, world: &World<'_>, version: i64) -> Option<Request> {
    let (body, _why) = fixture.fixed_form?;
    let _ = world;
    Some(Request::Fixed(
        body.replace("{version}", &version.to_string())
            .replace("{other}", &made.other.unwrap_or(0).to_string()),
    ))
}

/// What an object looks like beyond the audit chain (a message read is personal state, not
/// audited): a change of the object changes this.
async fn fingerprint(world: &World<'_>, object: Object, made: &Made) -> String {
    use sqlx::Row as _;
    let sql = match object {
        Object::Notification => {
            "SELECT COALESCE(read_at, 0) AS n FROM inbox_messages WHERE id = $1"
        }
        Object::Order(_) | Object::OrderFile => {
            "SELECT version AS n FROM hotline_orders WHERE id = $1"
        }
        Object::Case(_) | Object::CaseFile => "SELECT version AS n FROM svc_cases WHERE id = $1",
        Object::Site(_) | Object::InspectSite => "SELECT version AS n FROM sites WHERE id = $1",
        Object::InspectFinding => "SELECT version AS n FROM inspect_findings WHERE id = $1",
        Object::Column(_) => "SELECT version AS n FROM site_columns WHERE id = $1",
        Object::Article(_) | Object::ArticleFile => {
            "SELECT version AS n FROM site_articles WHERE id = $1"
        }
        Object::Submission(_) => "SELECT version AS n FROM site_submissions WHERE id = $1",
        Object::LateRun => "SELECT version AS n FROM site_submission_late_runs WHERE id = $1",
        Object::Accountability => "SELECT version AS n FROM site_accountability WHERE id = $1",
        Object::Annual { .. } => {
            "SELECT COALESCE(MAX(version), 0) AS n FROM site_annual_reports WHERE site_id = $1"
        }
        Object::Application(_) => "SELECT version AS n FROM openness_applications WHERE id = $1",
        Object::Message(_) => "SELECT version AS n FROM participation_messages WHERE id = $1",
        Object::Document(_) => "SELECT version AS n FROM openness_documents WHERE id = $1",
        Object::OpennessCase => "SELECT updated_at AS n FROM openness_cases WHERE id = $1",
        Object::Complaint(_) => "SELECT version AS n FROM openness_complaints WHERE id = $1",
        Object::Finding(_) => "SELECT version AS n FROM openness_findings WHERE id = $1",
        Object::AccountCase(_) => "SELECT version AS n FROM openness_account_cases WHERE id = $1",
        Object::Concern(_) => "SELECT version AS n FROM openness_concerns WHERE id = $1",
        Object::Extranet(_) => "SELECT version AS n FROM extranet_applications WHERE id = $1",
        Object::ExtranetFinding => "SELECT version AS n FROM extranet_findings WHERE id = $1",
        Object::HallComplaint => "SELECT version AS n FROM hall_complaints WHERE id = $1",
        Object::HallHardcase => "SELECT version AS n FROM hall_hardcases WHERE id = $1",
        Object::HallCentre => "SELECT updated_at AS n FROM hall_centres WHERE id = $1",
        Object::CatalogueItem(_) => "SELECT version AS n FROM svc_items WHERE id = $1",
        Object::SharingEntry(_) => "SELECT version AS n FROM sharing_entries WHERE id = $1",
        Object::SharingRequest => "SELECT version AS n FROM sharing_requests WHERE id = $1",
        Object::SharingHandover => {
            "SELECT COALESCE(cancelled_at, 0) + COALESCE(from_confirmed_at, 0) AS n \
             FROM sharing_handovers WHERE id = $1"
        }
        Object::SharingGrant => "SELECT updated_at AS n FROM sharing_grants WHERE id = $1",
        Object::ExtranetAllocation => "SELECT active AS n FROM extranet_allocations WHERE id = $1",
        Object::ExtranetPoint => {
            "SELECT COALESCE(updated_at, 0) + COALESCE(retired_at, 0) AS n \
             FROM extranet_access_points WHERE id = $1"
        }
        _ => return String::new(),
    };
    let n: i64 = sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
        .bind(made.ids[0])
        .fetch_one(&world.app.platform.db.pool)
        .await
        .unwrap()
        .try_get("n")
        .unwrap();
    n.to_string()
}

async fn version_of(world: &World<'_>, object: Object, made: &Made) -> i64 {
    use sqlx::Row as _;
    let table = match object {
        Object::Order(_) | Object::OrderFile => "hotline_orders",
        Object::Case(_) | Object::CaseFile => "svc_cases",
        Object::Site(_) | Object::InspectSite => "sites",
        Object::InspectFinding => "inspect_findings",
        Object::Column(_) => "site_columns",
        Object::Article(_) | Object::ArticleFile => "site_articles",
        Object::Submission(_) => "site_submissions",
        Object::Application(_) => "openness_applications",
        Object::Message(_) => "participation_messages",
        Object::Document(_) => "openness_documents",
        Object::Complaint(_) => "openness_complaints",
        Object::Finding(_) => "openness_findings",
        Object::AccountCase(_) => "openness_account_cases",
        Object::Concern(_) => "openness_concerns",
        Object::Extranet(_) => "extranet_applications",
        Object::ExtranetFinding => "extranet_findings",
        Object::HallComplaint => "hall_complaints",
        Object::HallHardcase => "hall_hardcases",
        Object::CatalogueItem(_) => "svc_items",
        Object::SharingEntry(_) => "sharing_entries",
        Object::SharingRequest => "sharing_requests",
        _ => return 0,
    };
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT version FROM {table} WHERE id = $1"
    )))
    .bind(made.ids[0])
    .fetch_one(&world.app.platform.db.pool)
    .await
    .unwrap()
    .try_get("version")
    .unwrap()
}

/// The request an insider would send for `route` on `made`, and whether `insider` is the
/// one to whom the page offers it.
async fn request_for(
    world: &World<'_>,
    route: &web::guard::OfficeRoute,
    made: &Made,
    insider: &Staff,
    allowed: &[Role],
) -> (Request, bool) {
    let fixture = fixture(route.path);
    let path = made.path(route.path);
    if route.method == Method::GET {
        return (Request::Get, true);
    }
    if let Some(form) = offered(world, made, &path, insider).await {
        return (Request::Form(form), true);
    }
    let version = version_of(world, fixture.object, made).await;
    if let Some(request) = fixed(fixture, made, world, version) {
        return (request, false);
    }
    for role in allowed {
        let other = world.staff(*role, fixture.object.insider_unit(*role)).await;
        if let Some(form) = offered(world, made, &path, &other).await {
            return (Request::Form(form), false);
        }
    }
    panic!(
        "fixture of {} {}: no page offers its form for {:?} ({}); give the row a fixed form",
        route.method, route.path, fixture.object, made.page
    );
}

fn context(route: &web::guard::OfficeRoute, who: &Staff, answer: &Answer) -> String {
    format!(
        "{} {} as {} of {}: {} {}",
        route.method,
        route.path,
        who.role.code(),
        who.unit,
        answer.status,
        answer.body.chars().take(300).collect::<String>()
    )
}

/// An outsider's call: 403 or 404, and a state-changing one changes nothing.
async fn assert_refused(
    world: &World<'_>,
    (route, object, made): (&web::guard::OfficeRoute, Object, &Made),
    request: &Request,
    who: &Staff,
    statuses: &[StatusCode],
) {
    let path = made.path(route.path);
    let before = (
        world.app.audit_seq().await,
        fingerprint(world, object, made).await,
    );
    let answer = send(world, &route.method, &path, request, who).await;
    let context = context(route, who, &answer);
    assert!(statuses.contains(&answer.status), "not refused: {context}");
    if route.method != Method::GET {
        let after = (
            world.app.audit_seq().await,
            fingerprint(world, object, made).await,
        );
        assert_eq!(after, before, "a refused call changed something: {context}");
    }
}

const OUTSIDER: &[StatusCode] = &[StatusCode::FORBIDDEN, StatusCode::NOT_FOUND];

async fn attack_route(world: &World<'_>, route: &web::guard::OfficeRoute, counts: &mut Counts) {
    let fixture = fixture(route.path);
    let object = fixture.object;
    let allowed: Vec<Role> = Role::ALL
        .into_iter()
        .filter(|role| World::guard_allows(&route.guard, *role))
        .collect();
    counts.routes += 1;

    // Every role without the permission, in the object's own unit: the guard's 403.
    let denied: Vec<Role> = Role::ALL
        .into_iter()
        .filter(|role| !allowed.contains(role))
        .collect();
    if !denied.is_empty() {
        let owner = world
            .staff(allowed[0], object.insider_unit(allowed[0]))
            .await;
        let made = world.make(object, &owner).await;
        counts.objects += 1;
        let (request, _) = request_for(world, route, &made, &owner, &allowed).await;
        for role in denied {
            let who = world.staff(role, object.insider_unit(role)).await;
            let target = (route, object, &made);
            assert_refused(world, target, &request, &who, &[StatusCode::FORBIDDEN]).await;
            counts.role_denials += 1;
        }
    }

    // Every role the guard lets in whose scope is a unit (or one user): another unit's (or
    // another user's) call is refused; the same call in unit A is the control.
    let scoped = allowed
        .iter()
        .filter(|role| !object.jurisdiction_wide().contains(role));
    let mut cases: Vec<(Staff, Staff)> = Vec::new();
    for role in scoped {
        let insider = world.staff(*role, object.insider_unit(*role)).await;
        let outsider = if object.per_user() {
            world.colleague(*role, insider.unit).await
        } else {
            world.staff(*role, UNIT_B).await
        };
        cases.push((insider, outsider));
    }
    for (role, unit) in fixture.also_refused {
        let insider = world.staff(*role, object.insider_unit(*role)).await;
        let outsider = world.staff(*role, unit).await;
        cases.push((insider, outsider));
    }
    for (insider, outsider) in cases {
        let made = world.make(object, &insider).await;
        counts.objects += 1;
        let (request, controlled) = request_for(world, route, &made, &insider, &allowed).await;
        let path = made.path(route.path);
        assert_refused(world, (route, object, &made), &request, &outsider, OUTSIDER).await;
        counts.outsiders += 1;
        let is_extra = fixture
            .also_refused
            .iter()
            .any(|(role, unit)| *role == outsider.role && *unit == outsider.unit);
        if !controlled || is_extra {
            if !is_extra {
                counts
                    .uncontrolled
                    .push(format!("{} {}", route.path, insider.role.code()));
            }
            continue;
        }
        let before = (
            world.app.audit_seq().await,
            fingerprint(world, object, &made).await,
        );
        let answer = send(world, &route.method, &path, &request, &insider).await;
        let context = context(route, &insider, &answer);
        assert!(
            (answer.status.is_success() || answer.status.is_redirection())
                && !answer.body.contains("notice error"),
            "control: the insider's same call is not taken, so the outsider's refusal proves \
             nothing: {context}"
        );
        if route.method != Method::GET {
            let after = (
                world.app.audit_seq().await,
                fingerprint(world, object, &made).await,
            );
            assert_ne!(after, before, "control: nothing changed: {context}");
        }
        counts.controls += 1;
    }
}

/// A route with a second id inside the first (`/orders/{id}/files/{file}`): the insider, who
/// may see both objects, asks for (or acts on) the first object's file under the second
/// object — 404, the file is served only under its own object; under its own, it works.
async fn mix_up(world: &World<'_>, route: &web::guard::OfficeRoute, counts: &mut Counts) {
    let fixture = fixture(route.path);
    let allowed: Vec<Role> = Role::ALL
        .into_iter()
        .filter(|role| World::guard_allows(&route.guard, *role))
        .collect();
    let insider = world
        .staff(allowed[0], fixture.object.insider_unit(allowed[0]))
        .await;
    let first = world.make(fixture.object, &insider).await;
    let second = world.make(fixture.object, &insider).await;
    // The request the first object's page sends (a GET, or its form for a POST such as
    // clearing a file, issue 14 item 11).
    let (request, _) = request_for(world, route, &first, &insider, &allowed).await;
    let crossed = Made {
        ids: vec![second.ids[0], first.ids[1]],
        page: second.page.clone(),
        other: None,
    };
    // A form is sent to its action: the crossed one is the same form aimed at the other path.
    let crossed_request = match &request {
        Request::Form(form) => {
            let mut form = form.clone();
            form.action = crossed.path(route.path);
            Request::Form(form)
        }
        Request::Get => Request::Get,
        Request::Fixed(body) => Request::Fixed(body.clone()),
    };
    let answer = send(
        world,
        &route.method,
        &crossed.path(route.path),
        &crossed_request,
        &insider,
    )
    .await;
    assert_eq!(
        answer.status,
        StatusCode::NOT_FOUND,
        "{}: another object's file: {}",
        crossed.path(route.path),
        answer.body.chars().take(200).collect::<String>()
    );
    let own = send(
        world,
        &route.method,
        &first.path(route.path),
        &request,
        &insider,
    )
    .await;
    assert!(
        own.status == StatusCode::OK || own.status == StatusCode::SEE_OTHER,
        "{} as {}: {}",
        route.path,
        insider.role.code(),
        own.status
    );
    counts.mix_ups += 1;
}

async fn battery_on(app: &TestApp) {
    let world = World::new(app).await;
    let mut counts = Counts::default();
    for route in routes_with_an_id() {
        attack_route(&world, &route, &mut counts).await;
        // A file under its object; a year in a path (an annual report's) names no object.
        if route.path.matches('{').count() == 2 && route.path.contains("{file}") {
            mix_up(&world, &route, &mut counts).await;
        }
    }
    eprintln!(
        "battery authz: {} routes with an id, {} objects made, {} calls by roles without the \
         permission, {} calls by another unit's or user's staff, {} controls by the owner unit, \
         {} files asked for under another object; no control (form not offered to the role in \
         unit A): {:?}",
        counts.routes,
        counts.objects,
        counts.role_denials,
        counts.outsiders,
        counts.controls,
        counts.mix_ups,
        counts.uncontrolled
    );
    assert!(counts.routes >= crate::battery_world::fixtures().count());
}

#[tokio::test]
async fn sec_roles_battery_other_units_and_roles_without_the_permission_are_refused_and_change_nothing()
 {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        battery_on(&app).await;
    }
}
