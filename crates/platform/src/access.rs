//! Access policy (SEC-ROLES): one function per resource decides, by role and unit scope.
//! Everything not granted here is denied.

use crate::roles::{Actor, Role};

mod inspection;
mod services;
mod sharing;
pub use inspection::*;
pub use services::*;
pub use sharing::*;

/// What an actor wants to do with a resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    View,
    Edit,
}

/// The back-office home, the inbox and one's own account: every active staff user.
pub fn own_workspace(_actor: &Actor) -> bool {
    true
}

/// The jurisdiction record and its rule profile: the system administrator edits; the
/// security administrator may read it to check security settings.
pub fn profile(actor: &Actor, op: Op) -> bool {
    match op {
        Op::View => actor.has_any(&[Role::SystemAdmin, Role::SecurityAdmin]),
        Op::Edit => actor.has(Role::SystemAdmin),
    }
}

/// The unit tree: every staff user reads it (to address work to units); the system
/// administrator changes it.
pub fn units(actor: &Actor, op: Op) -> bool {
    match op {
        Op::View => true,
        Op::Edit => actor.has(Role::SystemAdmin),
    }
}

/// What an administrator does with staff accounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountOp {
    View,
    /// Create, disable or enable an account, and record its trainings and confidentiality
    /// agreement (SEC-ACCOUNTS as amended): the system administrator.
    Manage,
    /// Assign roles and reset passwords or second factors: the security administrator
    /// (SEC-ACCOUNTS: lost or locked credentials are reset only with an administrator's
    /// approval; a reset of an administrator's account is only a request, see
    /// `ApproveReset`).
    Authorise,
    /// Approve or refuse a pending reset of an administrator's account: any of the three
    /// administrators (issue 12 finding 4; the use case refuses the requester and the
    /// account holder).
    ApproveReset,
}

/// Staff accounts. Administrators are appointed at jurisdiction level, so their scope is
/// every unit.
pub fn accounts(actor: &Actor, op: AccountOp) -> bool {
    match op {
        AccountOp::View => actor.has_any(&[Role::SystemAdmin, Role::SecurityAdmin]),
        AccountOp::Manage => actor.has(Role::SystemAdmin),
        AccountOp::Authorise => actor.has(Role::SecurityAdmin),
        AccountOp::ApproveReset => actor.roles.iter().any(|r| r.is_administrator_triad()),
    }
}

/// The security administrator's records (SEC-INCIDENT, SEC-DRILL): the security
/// administrator keeps them; the audit and system administrators read them. No business role
/// sees them.
fn security_records(actor: &Actor, op: Op) -> bool {
    match op {
        Op::View => actor.roles.iter().any(|r| r.is_administrator_triad()),
        Op::Edit => actor.has(Role::SecurityAdmin),
    }
}

/// SEC-INCIDENT: the incident register — recorded and handled by the security administrator,
/// read by the audit and system administrators.
pub fn security_incidents(actor: &Actor, op: Op) -> bool {
    security_records(actor, op)
}

/// SEC-DRILL: the emergency drill records — kept by the security administrator, read by the
/// audit and system administrators.
pub fn security_drills(actor: &Actor, op: Op) -> bool {
    security_records(actor, op)
}

/// The audit log: only the audit administrator reads it; nobody edits it.
pub fn audit_log(actor: &Actor, op: Op) -> bool {
    op == Op::View && actor.has(Role::AuditAdmin)
}

/// The working calendar: every staff user reads it and uses the due-date calculator; the
/// system administrator imports and edits years.
pub fn calendar(actor: &Actor, op: Op) -> bool {
    match op {
        Op::View => true,
        Op::Edit => actor.has(Role::SystemAdmin),
    }
}

/// 好差评 (EVAL-ALL): staff who enter a rating given by phone or at a window on the rater's
/// behalf.
pub fn enter_rating(actor: &Actor) -> bool {
    actor.has_any(&[Role::HotlineOperator, Role::WindowClerk])
}

/// 好差评 (EVAL-BAD): the leaders and handlers of the responsible unit work its rectifications.
pub fn work_rectification(actor: &Actor, unit_id: i64) -> bool {
    actor.unit_id == unit_id && actor.has_any(&[Role::UnitLeader, Role::UnitHandler])
}

/// 好差评 (EVAL-BAD): the supervising side reviews rectifications and reads statistics of every
/// unit; never the responsible unit itself.
pub fn review_rectification(actor: &Actor, unit_id: i64) -> bool {
    actor.unit_id != unit_id && actor.has(Role::HotlineSupervisor)
}

/// 好差评 (EVAL-BAD): statistics of every unit for the supervising side; a unit leader sees
/// the statistics of the own unit (the caller filters the rows).
pub fn evaluation_statistics(actor: &Actor) -> bool {
    actor.has_any(&[Role::HotlineSupervisor, Role::UnitLeader])
}

/// 好差评 (EVAL-BAD): the rectification desk — the responsible unit's leaders and handlers
/// (their own unit's tasks) and the hotline supervisors (every unit's).
pub fn rectification_desk(actor: &Actor) -> bool {
    actor.has_any(&[Role::UnitLeader, Role::UnitHandler, Role::HotlineSupervisor])
}

/// 12345 intake (HL-REGISTER, HL-DISPATCH, HL-REFUSE, HL-REPLY, HL-CALLBACK): the hotline's
/// operators and supervisors register, dispatch, reply and call back, and see every order.
pub fn hotline_desk(actor: &Actor) -> bool {
    actor.has_any(&[Role::HotlineOperator, Role::HotlineSupervisor])
}

/// Issue 14 item 7: the order search — the hotline's roles over every order, a handling
/// unit's handlers and leaders over their unit's (the use case narrows the scope).
pub fn hotline_order_search(actor: &Actor) -> bool {
    hotline_desk(actor) || hotline_unit_work(actor)
}

/// 12345 handling (HL-SIGN, HL-RETURN, HL-RESULT): a handling unit's handlers and leaders
/// work the orders assigned to their own unit (the use cases check the assignment).
pub fn hotline_unit_work(actor: &Actor) -> bool {
    actor.has_any(&[Role::UnitHandler, Role::UnitLeader])
}

/// 12345 (HL-RESULT): the unit leader approves the unit's result before it goes back.
pub fn hotline_approve(actor: &Actor) -> bool {
    actor.has(Role::UnitLeader)
}

/// An order's page: the hotline, or a unit's staff (who see only their unit's orders).
pub fn hotline_order(actor: &Actor) -> bool {
    hotline_desk(actor) || hotline_unit_work(actor)
}

/// KB-LIFE (000 §12345-16: 谁提供、谁维护、谁更新): a unit's handlers and leaders write the
/// knowledge of their field — the drafting desk and the new-entry form.
pub fn kb_write(actor: &Actor) -> bool {
    actor.has_any(&[Role::UnitHandler, Role::UnitLeader])
}

/// KB-LIFE: drafting, editing, submitting and revising one entry — only the owner unit's
/// handlers and leaders.
pub fn kb_write_entry(actor: &Actor, owner_unit_id: i64) -> bool {
    actor.unit_id == owner_unit_id && kb_write(actor)
}

/// KB-LIFE (000 §12345-17: 系统采编与维护管理): the hotline centre reviews, publishes, sends
/// back and withdraws entries.
pub fn kb_review(actor: &Actor) -> bool {
    actor.has(Role::HotlineSupervisor)
}

/// KB-LIFE, KB-STATS: every staff user searches the published entries.
pub fn kb_search(_actor: &Actor) -> bool {
    true
}

/// KB-LIFE: an entry that is not (or no longer) published is seen only by its owner unit and
/// the hotline's reviewers.
pub fn kb_view_unpublished(actor: &Actor, owner_unit_id: i64) -> bool {
    actor.unit_id == owner_unit_id || kb_review(actor)
}

/// HL-RATES, HL-WARN, OPS-REPORTS: the hotline's statistics (三率, hot issues, monthly
/// notice, warnings) — the hotline's supervisors and operators.
pub fn hotline_reports(actor: &Actor) -> bool {
    actor.has_any(&[Role::HotlineSupervisor, Role::HotlineOperator])
}

/// 12345 supervision (HL-REMIND, HL-SUPERVISE, HL-ACCOUNT, OPS-ESUPERVISE): the hotline's
/// supervisors watch every running clock, escalate supervisions and record accountability.
pub fn hotline_supervise(actor: &Actor) -> bool {
    actor.has(Role::HotlineSupervisor)
}

/// NET-ACCESS (000 外网 §10): the extranet access applications — the extranet office's
/// administrators (review, implementation, closing the link) and the units' leaders and
/// handlers (application, technical plan, business test); the machine decides by unit and
/// command, and a page of another unit's application is not found.
pub fn extranet_applications(actor: &Actor) -> bool {
    actor.has_any(&[Role::ExtranetAdmin, Role::UnitLeader, Role::UnitHandler])
}

/// NET-IPAM, NET-LEDGER (000 外网 §5(三), §14–16): the address pools, allocations, internal
/// domain names, NetBox files, the units' ledgers, security findings and the annual report:
/// the extranet administrators.
pub fn extranet_ipam(actor: &Actor) -> bool {
    actor.has(Role::ExtranetAdmin)
}

/// 电子监察 (SVC-PROMISE, OPS-ESUPERVISE): the supervisors watch every unit's cases and orders;
/// a unit leader watches the own unit ([`esupervision_unit`]).
pub fn esupervision(actor: &Actor) -> bool {
    actor.has_any(&[Role::HotlineSupervisor, Role::UnitLeader])
}

/// OPS-ASSESS: the annual assessment of units — the hotline's supervisors (who assess) and
/// unit leaders (the results are published to every unit, 000 §12345-27).
pub fn assessment(actor: &Actor) -> bool {
    actor.has_any(&[Role::HotlineSupervisor, Role::UnitLeader])
}

/// OPS-ASSESS: the assessment's weights are rule values, set by the system administrator (who
/// sees the weights, not the units' figures: separation of the three administrators).
pub fn assessment_weights(actor: &Actor) -> bool {
    profile(actor, Op::Edit)
}

/// 电子监察 of one unit (OPS-ESUPERVISE): the supervisors any unit, a unit leader the own one.
pub fn esupervision_unit(actor: &Actor, unit_id: i64) -> bool {
    actor.has(Role::HotlineSupervisor) || (actor.has(Role::UnitLeader) && actor.unit_id == unit_id)
}

/// HL-CONTACTS: the page where a unit's 12345 contacts are kept — unit leaders (for their own
/// unit, [`unit_contacts_edit`]) and the system administrator (any unit).
pub fn unit_contacts(actor: &Actor) -> bool {
    actor.has_any(&[Role::UnitLeader, Role::SystemAdmin])
}

/// HL-CONTACTS (deny by default): a unit's leader edits the own unit's contacts only; the
/// system administrator any unit's.
pub fn unit_contacts_edit(actor: &Actor, unit_id: i64) -> bool {
    actor.has(Role::SystemAdmin) || (actor.has(Role::UnitLeader) && actor.unit_id == unit_id)
}

/// HL-CONTACTS: every unit's registration and the units whose registration is missing or out
/// of date — the hotline, which transfers calls to a unit's reserved phone (000 §12345-9(二)1)
/// and supervises the units.
pub fn hotline_contacts(actor: &Actor) -> bool {
    hotline_desk(actor)
}

/// HL-CREDIT (000 §12345-9(二)4): the hotline's operators and supervisors record a false or
/// malicious appeal for credit management; never a unit.
pub fn hotline_credit_record(actor: &Actor) -> bool {
    hotline_desk(actor)
}

/// HL-CREDIT: the list of credit records (appellants masked) — the hotline supervisors.
pub fn hotline_credit_list(actor: &Actor) -> bool {
    actor.has(Role::HotlineSupervisor)
}

/// HL-REMIND (000 §12345-11): a report after an urge is decided for the business-environment
/// bureau by the hotline's supervisors or a unit leader (the page checks that the leader's
/// unit is the profile's `hotline.urge_report_unit`).
pub fn hotline_urge_report_decide(actor: &Actor) -> bool {
    actor.has_any(&[Role::HotlineSupervisor, Role::UnitLeader])
}

/// The roles of the site group's back office (WEB-COLUMNS, WEB-REVIEW): the columns' editors,
/// the units' reviewers and leaders, the operator units' publishers.
const SITE_ROLES: &[Role] = &[
    Role::SiteEditor,
    Role::Reviewer,
    Role::UnitLeader,
    Role::Publisher,
];

/// WEB-REGISTRY: the registry of the site group. `View`: the site roles read the sites of
/// their units ([`site_in_scope`]); `Edit`: unit leaders register a site, change its
/// registration, apply for its opening, temporary offline or closing and decide (the domain
/// checks the host or supervising unit and never lets one decide their own application).
pub fn site_registry(actor: &Actor, op: Op) -> bool {
    match op {
        Op::View => actor.has_any(SITE_ROLES),
        Op::Edit => actor.has(Role::UnitLeader),
    }
}

/// What is done with a site's columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnOp {
    View,
    /// Open, change, move, archive and name the A/B editors (WEB-COLUMNS): the site's
    /// administrators — a leader of its host or operator unit, a publisher of its operator
    /// unit (the domain checks the site).
    Manage,
    /// Approve a special column's opening (000 门户 §22): a leader of the supervising unit.
    ApproveSpecial,
}

/// WEB-COLUMNS: a site's column tree and its columns.
pub fn site_columns(actor: &Actor, op: ColumnOp) -> bool {
    match op {
        ColumnOp::View => actor.has_any(SITE_ROLES),
        ColumnOp::Manage => actor.has_any(&[Role::UnitLeader, Role::Publisher]),
        ColumnOp::ApproveSpecial => actor.has(Role::UnitLeader),
    }
}

/// What is done with an article along the 三审三校 (WEB-REVIEW).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArticleOp {
    /// The queues, an article's page, its versions and files.
    View,
    /// Draft, edit, attach, submit (一审): the column's A/B editors.
    Write,
    /// 审核 (二审): the responsible unit's reviewers.
    Review,
    /// A major article's approval: a leader of the responsible or host unit.
    ApproveMajor,
    /// 退回 with a reason, from any of the three steps.
    SendBack,
    /// 签发 now or at an instant, cancel a schedule, withdraw (三审): the operator unit's
    /// publishers.
    Publish,
    /// PUB-ABOLISH, PUB-INTERPRET: mark a policy document 废止/失效, link an interpretation.
    Mark,
}

/// WEB-REVIEW: the articles of the site group. The guard is the role; the domain's
/// `article::available` decides by column and unit, and nobody signs off their own article.
pub fn site_articles(actor: &Actor, op: ArticleOp) -> bool {
    match op {
        ArticleOp::View => actor.has_any(SITE_ROLES),
        ArticleOp::Write => actor.has(Role::SiteEditor),
        ArticleOp::Review => actor.has(Role::Reviewer),
        ArticleOp::ApproveMajor => actor.has(Role::UnitLeader),
        ArticleOp::SendBack => actor.has_any(&[Role::Reviewer, Role::UnitLeader, Role::Publisher]),
        ArticleOp::Publish => actor.has(Role::Publisher),
        ArticleOp::Mark => actor.has_any(&[Role::Reviewer, Role::Publisher]),
    }
}

/// WEB-FRESH: the stale and nearly stale columns of the viewer's units, with their lights.
pub fn site_freshness(actor: &Actor) -> bool {
    actor.has_any(SITE_ROLES)
}

/// SEC-TAMPER: the tamper alarms of the sites the viewer administers (leaders of the host or
/// operator unit, the operator unit's publishers) or supervises.
pub fn site_tamper_alarms(actor: &Actor) -> bool {
    actor.has_any(&[Role::UnitLeader, Role::Publisher])
}

/// One site, column or article in scope (SEC-ROLES: deny by default): a site role of one of
/// `units` (the site's host, operator and supervising units and, for a site, the units
/// responsible for its columns), or one of `editors` (the A/B editors of its columns).
pub fn site_in_scope(actor: &Actor, units: &[i64], editors: &[i64]) -> bool {
    actor.has_any(SITE_ROLES)
        && (units.contains(&actor.unit_id)
            || (actor.has(Role::SiteEditor) && editors.contains(&actor.user_id)))
}

/// The staff of a unit who take part in its submissions to the sites' editors (WEB-SUBMIT):
/// its handlers and leaders, and its site editors, reviewers and publishers.
const SUBMISSION_ROLES: &[Role] = &[
    Role::UnitHandler,
    Role::UnitLeader,
    Role::SiteEditor,
    Role::Reviewer,
    Role::Publisher,
];

/// What is done with the units' submissions (报送信息, WEB-SUBMIT).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubmissionOp {
    /// The unit's list and the queues, a submission's page and its author's mobile (the domain
    /// says who of them sees what), the weekly table of the units.
    View,
    /// Write, edit, submit to the unit's leader, withdraw: the unit's staff (the domain: only
    /// its writer).
    Write,
    /// Approve or send back: a leader of the submitting unit (the domain checks the unit).
    Approve,
    /// Adopt as a draft article or return with a reason: the proposed column's A/B editors.
    Adopt,
    /// The principal's written explanation of a run of weeks without submissions (004 §40).
    Explain,
}

/// WEB-SUBMIT: the units' submissions. The guard is the role; the domain's
/// `submission::available` decides by unit, writer and column.
pub fn site_submissions(actor: &Actor, op: SubmissionOp) -> bool {
    match op {
        SubmissionOp::View | SubmissionOp::Write => actor.has_any(SUBMISSION_ROLES),
        SubmissionOp::Approve | SubmissionOp::Explain => actor.has(Role::UnitLeader),
        SubmissionOp::Adopt => actor.has(Role::SiteEditor),
    }
}

/// What is done with the units' accountability records (WEB-ACCOUNT).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountabilityOp {
    /// The records: a unit leader their unit's, the site group's administrators (leaders and
    /// publishers of the unit hosting or running the portal) every unit's — the page checks.
    View,
    /// The written self-examination (书面检查): the unit's principal (its leader; the domain
    /// checks the unit).
    Examine,
}

/// WEB-ACCOUNT: the units' accountability records of the site group.
pub fn site_accountability(actor: &Actor, op: AccountabilityOp) -> bool {
    match op {
        AccountabilityOp::View => actor.has_any(&[Role::UnitLeader, Role::Publisher]),
        AccountabilityOp::Examine => actor.has(Role::UnitLeader),
    }
}

/// What is done with a site's annual work report (WEB-ANNUAL).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnnualOp {
    /// The overview of the year, a site's report, its print view and Excel (the page checks
    /// the site is the viewer's).
    View,
    /// Fill in, sign and publish: the site's administrators — a leader of its host or operator
    /// unit, a publisher of its operator unit (the domain checks the site).
    Fill,
}

/// WEB-ANNUAL: the annual work report of the group's sites.
pub fn site_annual(actor: &Actor, op: AnnualOp) -> bool {
    match op {
        AnnualOp::View => actor.has_any(&[
            Role::UnitLeader,
            Role::SiteEditor,
            Role::Reviewer,
            Role::Publisher,
        ]),
        AnnualOp::Fill => actor.has_any(&[Role::UnitLeader, Role::Publisher]),
    }
}

/// What is done with applications for disclosure of government information (依申请公开,
/// PUB-APPLY, PUB-ANSWER).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpennessApplicationOp {
    /// The unit's ledger (登记台帐), an application's page, its notices and files: the unit's
    /// openness officers and its leaders (the page checks the unit).
    View,
    /// Register a letter or walk-in, send the supplement notice, consult, answer, deliver,
    /// reveal the applicant, add files: the unit's openness officers (the domain checks the
    /// unit).
    Handle,
    /// Approve the one extension: the office head, the unit's leader (PUB-APPLY; the domain
    /// checks the unit).
    Extend,
}

/// PUB-ATTR, PUB-CONFID, PUB-COORD: the document register (公文公开属性登记) in the back office:
/// a unit's openness officers and leaders (the signer). Deny by default; the domain decides by
/// unit (the issuing unit, or a unit asked to confirm) and by record.
pub fn openness_register(actor: &Actor) -> bool {
    actor.has_any(&[Role::OpennessOfficer, Role::UnitLeader])
}

/// PUB-COMPLAINT: the register of complaints about disclosure — the openness office's
/// officers register, forward, feed back and close; the unit complained about (its openness
/// officers, leaders and handlers) answers its own. The domain decides by unit; the
/// complainant is never the unit's to see.
pub fn openness_complaints(actor: &Actor) -> bool {
    actor.has_any(&[Role::OpennessOfficer, Role::UnitLeader, Role::UnitHandler])
}

/// PUB-COMPLAINT: registering a complaint is the openness office's (its openness officers).
pub fn openness_complaint_register(actor: &Actor) -> bool {
    actor.has(Role::OpennessOfficer)
}

/// PUB-RESPOND: the register of public concerns — the openness office's officers register,
/// escalate and close; the responding unit (its openness officers, leaders and handlers)
/// records its releases. The domain decides by unit.
pub fn openness_concerns(actor: &Actor) -> bool {
    actor.has_any(&[Role::OpennessOfficer, Role::UnitLeader, Role::UnitHandler])
}

/// PUB-RESPOND: registering a public concern is the openness office's (its officers).
pub fn openness_concern_register(actor: &Actor) -> bool {
    actor.has(Role::OpennessOfficer)
}

/// WEB-SEARCH: the site search's hot keywords and queries with no result (counts, never who
/// asked): the sites' editors, reviewers and publishers, who turn them into synonyms or FAQ
/// entries, and the system administrator.
pub fn search_keywords(actor: &Actor) -> bool {
    actor.has_any(&[
        Role::SiteEditor,
        Role::Reviewer,
        Role::Publisher,
        Role::SystemAdmin,
    ])
}

/// WEB-SEARCH: the search's synonym dictionary: the publisher (the site group's operator) and
/// the system administrator.
pub fn search_synonyms(actor: &Actor) -> bool {
    actor.has_any(&[Role::Publisher, Role::SystemAdmin])
}

/// PUB-APPLY: the disclosure applications in the back office. Deny by default; the guard is
/// the role, the domain's `application::available` decides by unit.
pub fn openness_applications(actor: &Actor, op: OpennessApplicationOp) -> bool {
    match op {
        OpennessApplicationOp::View => actor.has_any(&[Role::OpennessOfficer, Role::UnitLeader]),
        OpennessApplicationOp::Handle => actor.has(Role::OpennessOfficer),
        OpennessApplicationOp::Extend => actor.has(Role::UnitLeader),
    }
}

/// MSG-ROUTE, MSG-REVIEW, MSG-PUBLISH: the messages of the sites in the back office — the
/// site's editors and publishers (routing desk, publication), the units' handlers and leaders
/// (the petition bureau's route and review; a unit's reply and review). Deny by default; the
/// domain decides by place (`participation::message::visible`) and by command.
pub fn participation(actor: &Actor) -> bool {
    actor.has_any(&[
        Role::SiteEditor,
        Role::Publisher,
        Role::UnitHandler,
        Role::UnitLeader,
    ])
}

/// MSG-CONSULT, PUB-PRECONSULT, MSG-INTERVIEW: consultations and interviews in the back office,
/// run by a unit's site editors (网站编辑) and openness officers; deny by default, the use
/// cases check the unit of the topic or interview.
pub fn consultations(actor: &Actor) -> bool {
    actor.has_any(&[Role::SiteEditor, Role::OpennessOfficer])
}
