//! Access to the service hall's work (SEC-ROLES): service cases at the desks and windows, the
//! catalogue kept in the back office, the hall's calling page and queue figures, and the
//! applicant's identity in clear.

use crate::roles::{Actor, Role};

/// 办件受理 (SVC-ACCEPT, SVC-WINDOW): the handling desk of service cases — window clerks and
/// the departments' handlers and leaders, each for the cases of their own unit (the pages
/// check the unit with [`services_case_in_scope`]).
pub fn services_desk(actor: &Actor) -> bool {
    actor.has_any(&[Role::WindowClerk, Role::UnitHandler, Role::UnitLeader])
}

/// A service case's page (SVC-STATUS, OPS-ESUPERVISE): the desk roles of the units involved,
/// and e-supervision (the hotline supervisors watch every unit's cases).
pub fn services_case(actor: &Actor) -> bool {
    services_desk(actor) || actor.has(Role::HotlineSupervisor)
}

/// One case in scope (SEC-ROLES: deny by default): e-supervision sees every case; a desk role
/// only a case of its own unit (`involved`: the department, the accepting or comprehensive
/// window, the stage and co-approving departments).
pub fn services_case_in_scope(actor: &Actor, involved: &[i64]) -> bool {
    actor.has(Role::HotlineSupervisor)
        || (services_desk(actor) && involved.contains(&actor.unit_id))
}

/// Commands on a case (SVC-PREREVIEW, SVC-ACCEPT, SVC-SPECIAL, SVC-PARALLEL, SVC-WINDOW): the
/// desk roles; the domain checks the acting unit for each step.
pub fn services_handle(actor: &Actor) -> bool {
    services_desk(actor)
}

/// The decision on a case (SVC-WINDOW: the department decides, never the window): the
/// department's handlers and leaders.
pub fn services_decide(actor: &Actor) -> bool {
    actor.has_any(&[Role::UnitHandler, Role::UnitLeader])
}

/// Walk-in registration at a hall window (000 §中心-20 窗口受理): the window clerks.
pub fn services_walk_in(actor: &Actor) -> bool {
    actor.has(Role::WindowClerk)
}

/// The catalogue in the back office (SVC-ITEM-LIFE, SVC-NEG-LIST): the departments' handlers
/// and leaders (their own unit's items; the pages check the unit), the reviewers of the
/// review chain and legal review, and the publishers.
pub fn services_catalogue(actor: &Actor) -> bool {
    actor.has_any(&[
        Role::UnitHandler,
        Role::UnitLeader,
        Role::Reviewer,
        Role::Publisher,
    ])
}

/// SVC-ITEM-LIFE: claiming, editing and submitting an item — the department's handlers and
/// leaders, for their own unit's items only (checked by the pages).
pub fn services_catalogue_edit(actor: &Actor) -> bool {
    actor.has_any(&[Role::UnitHandler, Role::UnitLeader])
}

/// SVC-ITEM-LIFE: a step of the review chain and the legal review (the steps are the
/// profile's `services.item_review_chain` and `services.item_legal_review`): the reviewers.
pub fn services_catalogue_review(actor: &Actor) -> bool {
    actor.has(Role::Reviewer)
}

/// SVC-ITEM-LIFE, SVC-NEG-LIST: publication, suspension, resumption, termination and the
/// negative list: the publishers.
pub fn services_catalogue_publish(actor: &Actor) -> bool {
    actor.has(Role::Publisher)
}

/// The hall's calling page (HALL-QUEUE, HALL-WINDOWS): the window clerks, who sit at a window
/// and call, recall, skip, transfer and handle its numbers.
pub fn hall_window(actor: &Actor) -> bool {
    actor.has(Role::WindowClerk)
}

/// The hall's queue figures (HALL-QUEUE, 000 中心 §4(六): the centre compiles the windows'
/// running figures): the window clerks and the unit leaders.
pub fn hall_statistics(actor: &Actor) -> bool {
    actor.has_any(&[Role::WindowClerk, Role::UnitLeader])
}

/// The supervision box (HALL-BOX, 000 中心 §35): the units' leaders and handlers — the
/// centre's register the slips and accept, refer and tell; a department's conclude what it
/// was given. The use cases narrow each to its unit (the centre sees all, a department only
/// what it handles, never who complained).
pub fn hall_supervision(actor: &Actor) -> bool {
    actor.has_any(&[Role::UnitLeader, Role::UnitHandler])
}

/// The window staff (HALL-STAFF, 000 中心 §4(二)(四), §27, §30): the units' leaders and
/// handlers — the centre's keep the register, attendance and assessments and decide the
/// requests; a department's see and register only their own people and file their requests.
/// The use cases narrow each to its unit.
pub fn hall_staff(actor: &Actor) -> bool {
    actor.has_any(&[Role::UnitLeader, Role::UnitHandler])
}

/// The applicant's identity in clear (SEC-AUDIT, personal data): the window clerk who checks
/// it against the papers in the hall; every reveal is audited.
pub fn services_reveal_applicant(actor: &Actor) -> bool {
    actor.has(Role::WindowClerk)
}
