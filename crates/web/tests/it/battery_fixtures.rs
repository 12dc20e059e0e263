//! The battery's fixture map (issue 12, the battery): the kinds of object of unit A that the
//! routes with an id act on (orders at each stage, service cases, knowledge entries,
//! rectifications, supervisions, inbox messages, accounts), who acts on each as an insider,
//! and [`FIXTURES`], which says for every back-office route with an id in its path which
//! object it takes; the battery fails when a route has none
//! (`battery_authz::every_route_with_an_id_has_an_object_fixture`).

use platform::roles::Role;

use crate::battery_world::{BUREAU, UNIT_A, WINDOW};

/// Where a 12345 order stands (each made by the use cases or the pages' forms).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Registered,
    Dispatched,
    /// Unit B leads, unit A assists (and has signed).
    Assisting,
    Signed,
    ResultSubmitted,
    Approved,
    Replied,
    /// Called back unsatisfied: the hotline reviews.
    Unsatisfied,
    ExtensionApplied,
    HangApplied,
    Hung,
    Urged,
    UrgeReported,
    /// Two unsatisfied rounds: the unit uploads the head-signed review form.
    ReviewFormDue,
    ReviewFormUploaded,
    /// Called back satisfied: the hotline archives.
    Closed,
}

/// Where a service case stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseStage {
    /// Applied online; pre-review offered.
    Submitted,
    /// Pre-reviewed: acceptance offered.
    Prereviewed,
    /// A one-time notice of missing materials was issued.
    Noticed,
    Accepted,
    /// In a special procedure (suspended).
    Special,
    /// The stage done: the department decides.
    StageDone,
    Decided,
    /// Registered at the window with uploaded materials (a file to download).
    WalkIn,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KbStage {
    Draft,
    Submitted,
    Published,
}

/// Where a site of the group stands (WEB-REGISTRY); unit A hosts, runs and supervises it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SiteStage {
    Proposed,
    OpeningApplied,
    Open,
    /// Shut in an emergency: the leader restores it.
    Offline,
}

/// A column of a site of unit A (WEB-COLUMNS), and the page it is reached on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnStage {
    Plain,
    /// A special column awaiting the supervising unit's approval.
    Special,
    /// A news column, on its draft editor's page.
    Draft,
}

/// Where an article of a column of unit A stands (WEB-REVIEW).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArticleStage {
    Draft,
    /// A draft, on its editor's page.
    Editor,
    AtReviewer,
    /// A major article: a leader approves.
    AtLeader,
    AtPublisher,
    Scheduled,
    /// A published policy document, with a published interpretation of the same site to link.
    PublishedPolicy,
}

/// Where a submission of unit A stands (WEB-SUBMIT).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubmissionStage {
    Draft,
    /// A draft, on its writer's edit form.
    Editor,
    AtLeader,
    AtEditors,
}

/// What a route with an id acts on: an object of unit A.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Object {
    /// A message in the inbox of the insider (an object of one user, not of a unit).
    Notification,
    /// A staff account of unit A (disabled, for the route that enables it).
    Account {
        disabled: bool,
    },
    /// A pending reset of an administrator's credentials, waiting for a second administrator
    /// (issue 12 finding 4).
    ResetRequest,
    Rectification {
        answered: bool,
    },
    Order(Stage),
    /// An order of unit A with the unit's uploaded review form (a file the unit may open).
    OrderFile,
    /// A registered complaint with the appellant's photo (issue 14 item 11: the hotline
    /// clears it for the handling unit).
    AppealFile,
    /// An open supervision (督办) of an order of unit A.
    Supervision,
    Kb(KbStage),
    Case(CaseStage),
    /// A case of unit A with a material file.
    CaseFile,
    /// Unit A itself (its electronic supervision).
    Unit,
    /// A staff account of unit A on its own page: its trainings and 保密协议 (SEC-ACCOUNTS).
    AccountFile,
    /// An open incident of the register (SEC-INCIDENT): the platform's, no unit's.
    Incident,
    /// A planned emergency drill (SEC-DRILL): the platform's, no unit's.
    Drill,
    /// Issue 15: a site of unit A.
    Site(SiteStage),
    Column(ColumnStage),
    Article(ArticleStage),
    /// A draft of unit A's column with a PDF attached.
    ArticleFile,
    /// A draft of unit A's column naming an abolished institution (WEB-INSPECT).
    ArticleHit,
    /// An imported word list and a whitelist phrase (WEB-INSPECT): the platform's.
    InspectList,
    WhitelistPhrase,
    /// Issue 19 (WEB-INSPECT): an open site of unit A as the inspection pages show it, and an
    /// open word finding of it, a task of unit A.
    InspectSite,
    InspectFinding,
    /// A submission of unit A to a column of unit A's site (WEB-SUBMIT).
    Submission(SubmissionStage),
    /// A recorded run of weeks without unit A's submissions (WEB-SUBMIT, 004 §40).
    LateRun,
    /// An open accountability record of unit A (WEB-ACCOUNT).
    Accountability,
    /// Last year's annual report of a site of unit A, signed or not (WEB-ANNUAL).
    Annual {
        signed: bool,
    },
    /// A disclosure application to unit A (PUB-APPLY).
    Application(crate::battery_openness::ApplicationStage),
    /// A message to unit A's site, routed to unit A (MSG-ROUTE).
    Message(crate::battery_participation::MessageStage),
    /// A document of the register (PUB-ATTR, PUB-COORD; `Asked`: another unit's, unit A asked).
    Document(crate::battery_openness::DocumentStage),
    /// PUB-ANNUAL: a pending review of unit A in the register of table 四.
    OpennessCase,
    /// Issue 17: a consultation topic and an interview of unit A (MSG-CONSULT, MSG-INTERVIEW).
    Topic(crate::battery_consultation::TopicStage),
    Interview(crate::battery_consultation::InterviewStage),
    /// A complaint about disclosure (PUB-COMPLAINT): unit A's office's, or about unit A.
    Complaint(crate::battery_complaints::ComplaintStage),
    /// A supervisor's finding (PUB-SUPERVISOR): unit A's office's, or about unit A.
    Finding(crate::battery_supervision::FindingStage),
    /// An accountability case (PUB-ACCOUNT): against unit A, or unit A's office's.
    AccountCase(crate::battery_supervision::CaseStage),
    /// A public concern (PUB-RESPOND): unit A's office's, or about unit A's policy.
    Concern(crate::battery_concerns::ConcernStage),
    /// An extranet access application of unit A (NET-ACCESS), reviewed by `gz-it`.
    Extranet(crate::battery_extranet::ExtranetStage),
    /// An extranet address pool and an allocation of it to unit A (NET-IPAM).
    ExtranetPool,
    ExtranetAllocation,
    /// A security finding the extranet office sent to unit A, to fix (NET-LEDGER).
    ExtranetFinding,
    /// An access point of unit A's extranet ledger, in service (NET-LEDGER).
    ExtranetPoint,
    /// Issue 22: an item of unit A's catalogue at a stage of its lifecycle (SVC-ITEM-LIFE).
    CatalogueItem(crate::battery_catalogue::ItemStage),
    /// Issue 20 (DATA-CATALOG): a catalogue entry of unit A; a request of another unit to
    /// unit A (DATA-REQUEST); a grant of unit A as consumer (DATA-GRANT).
    SharingEntry(crate::battery_sharing::EntryStage),
    SharingRequest,
    SharingGrant,
    /// A quality problem the business bureau reported in unit A's resource (DATA-QUALITY);
    /// planned maintenance unit A announced for its resource (DATA-MAINT).
    SharingReport,
    SharingMaintenance,
    /// A handover of two of unit A's platform account holders, open (DATA-ACCOUNTS).
    SharingHandover,
    /// Issue 21 (HALL-BOX): a complaint about a window kept by the service centre.
    HallComplaint,
    /// Issue 21 (HALL-HARDCASE): a 陇商通 case kept by the service centre.
    HallHardcase,
    /// Issue 21 (HALL-LEVELS): a township's centre in the register.
    HallCentre,
    /// Issue 21 (HALL-STAFF): a register row of a window staff member of unit A.
    HallStaffMember,
    /// Issue 21 (HALL-STAFF): a leave request of unit A, decided by the service centre.
    HallStaffRequest,
    /// Issue 21 (HALL-STAFF): a written notice of assessment results to unit A.
    HallStaffNotice,
}

impl Object {
    /// Roles whose scope is every unit's object of this kind by design (SEC-ROLES): they are
    /// no outsider anywhere, so no unit of theirs is tried.
    pub fn jurisdiction_wide(self) -> &'static [Role] {
        match self {
            Object::Notification => &[],
            Object::Account { .. } | Object::AccountFile => {
                &[Role::SystemAdmin, Role::SecurityAdmin]
            }
            Object::Incident | Object::Drill => {
                &[Role::SystemAdmin, Role::SecurityAdmin, Role::AuditAdmin]
            }
            Object::ResetRequest => &[Role::SystemAdmin, Role::SecurityAdmin, Role::AuditAdmin],
            Object::Order(_) | Object::OrderFile | Object::AppealFile => {
                &[Role::HotlineOperator, Role::HotlineSupervisor]
            }
            Object::Rectification { .. }
            | Object::Supervision
            | Object::Kb(_)
            | Object::Case(_)
            | Object::CaseFile
            | Object::Unit => &[Role::HotlineSupervisor],
            // The site group's staff work in their units: nobody sees every unit's sites.
            Object::Site(_)
            | Object::Column(_)
            | Object::Article(_)
            | Object::ArticleFile
            | Object::ArticleHit => &[],
            Object::InspectList | Object::WhitelistPhrase => &[Role::SecurityAdmin],
            // WEB-INSPECT: the IT office's administrators see every site's inspection; the
            // system administrator reads every finding.
            Object::InspectSite => &[Role::SystemAdmin, Role::SecurityAdmin],
            Object::InspectFinding => &[Role::SystemAdmin],
            Object::Submission(_)
            | Object::LateRun
            | Object::Accountability
            | Object::Annual { .. } => &[],
            // MSG-ROUTE: the site's editors and the competent unit work in their units.
            Object::Message(_) => &[],
            // PUB-APPLY: a unit's openness officers and leaders work in their unit.
            Object::Application(_) | Object::Document(_) | Object::OpennessCase => &[],
            // A unit's editors and openness officers run its consultations and interviews.
            Object::Topic(_) | Object::Interview(_) => &[],
            // PUB-COMPLAINT: the office and the unit complained about work in their units.
            Object::Complaint(_) => &[],
            // PUB-SUPERVISOR: the office and the unit a finding concerns work in their units.
            Object::Finding(_) | Object::AccountCase(_) => &[],
            // PUB-RESPOND: the office and the responding unit work in their units.
            Object::Concern(_) => &[],
            // NET-ACCESS: the office and the applying unit work in their units.
            Object::Extranet(_) => &[],
            // NET-LEDGER: the office and the unit with the finding work in their units.
            Object::ExtranetFinding => &[],
            // NET-LEDGER: a unit keeps its own access points; the office only reads them.
            Object::ExtranetPoint => &[],
            // NET-IPAM: the extranet administrators keep every unit's addresses.
            Object::ExtranetPool | Object::ExtranetAllocation => &[Role::ExtranetAdmin],
            // SVC-ITEM-LIFE: the reviewers and publishers take every department's items.
            Object::CatalogueItem(_) => &[Role::Reviewer, Role::Publisher],
            // DATA-*: the platform administrator works on every unit's entries, requests and
            // grants.
            Object::SharingEntry(_)
            | Object::SharingRequest
            | Object::SharingGrant
            | Object::SharingReport
            | Object::SharingMaintenance
            | Object::SharingHandover => &[Role::DataAdmin],
            // HALL-BOX: the centre's leaders and handlers work in the centre.
            Object::HallComplaint => &[],
            // HALL-STAFF: every unit's leaders and handlers see only their own unit's.
            Object::HallStaffMember | Object::HallStaffRequest | Object::HallStaffNotice => &[],
            // HALL-HARDCASE, HALL-LEVELS: the centre's staff work in the centre.
            Object::HallHardcase | Object::HallCentre => &[],
        }
    }

    /// Whether the object belongs to one user (another user of the same unit is an outsider).
    pub fn per_user(self) -> bool {
        self == Object::Notification
    }

    /// The unit in which `role` acts on this object legitimately.
    pub fn insider_unit(self, role: Role) -> &'static str {
        match (self, role) {
            (Object::Case(_) | Object::CaseFile, Role::WindowClerk) => WINDOW,
            (Object::Order(Stage::UrgeReported), Role::UnitLeader) => BUREAU,
            (Object::Extranet(_) | Object::ExtranetFinding, Role::ExtranetAdmin) => "gz-it",
            (Object::HallComplaint, _) => crate::battery_hall_box::CENTRE,
            (Object::HallStaffRequest, _) => crate::battery_hall_staff::CENTRE,
            (Object::HallHardcase | Object::HallCentre, _) => crate::battery_hall_hardcase::CENTRE,
            (_, role) if self.jurisdiction_wide().contains(&role) => home_unit(role),
            _ => UNIT_A,
        }
    }
}

/// Where the staff of a role work when the object does not say.
pub fn home_unit(role: Role) -> &'static str {
    match role {
        Role::SystemAdmin
        | Role::SecurityAdmin
        | Role::AuditAdmin
        | Role::DataAdmin
        | Role::ExtranetAdmin => "gz-it",
        Role::HotlineOperator | Role::HotlineSupervisor => "gz-12345",
        Role::WindowClerk => WINDOW,
        Role::SiteEditor | Role::Reviewer | Role::Publisher | Role::OpennessOfficer => "gz-office",
        Role::UnitHandler | Role::UnitLeader => UNIT_A,
    }
}

/// One row of the fixture map: a route with an id and the object it is tried on.
pub struct Fixture {
    pub path: &'static str,
    pub object: Object,
    /// Outsiders besides the other unit's staff (role, unit code).
    pub also_refused: &'static [(Role, &'static str)],
    /// When no page offers the route's form for this object: the form to send, and why.
    pub fixed_form: Option<(&'static str, &'static str)>,
}

pub const fn row(path: &'static str, object: Object) -> Fixture {
    Fixture {
        path,
        object,
        also_refused: &[],
        fixed_form: None,
    }
}

use CaseStage as C;
use KbStage as K;
use Object::{Case, Kb, Order};
use Stage as S;
const ACCOUNT: Object = Object::Account { disabled: false };

/// Every back-office route with an id, and how to get an object of unit A for it. A route
/// added to the guard table without a row here fails the battery.
pub const FIXTURES: &[Fixture] = &[
    row("/office/inbox/{id}/read", Object::Notification),
    row("/office/accounts/{id}/disable", ACCOUNT),
    row(
        "/office/accounts/{id}/enable",
        Object::Account { disabled: true },
    ),
    row("/office/accounts/{id}/roles", ACCOUNT),
    row("/office/accounts/{id}/reset-password", ACCOUNT),
    row("/office/accounts/{id}/reset-totp", ACCOUNT),
    row("/office/accounts/resets/{id}/approve", Object::ResetRequest),
    row("/office/accounts/resets/{id}/refuse", Object::ResetRequest),
    row(
        "/office/rectifications/{id}",
        Object::Rectification { answered: false },
    ),
    row(
        "/office/rectifications/{id}/submit",
        Object::Rectification { answered: false },
    ),
    // EVAL-BAD: never the responsible unit's own supervisor.
    Fixture {
        also_refused: &[(Role::HotlineSupervisor, UNIT_A)],
        ..row(
            "/office/rectifications/{id}/review",
            Object::Rectification { answered: true },
        )
    },
    row("/office/hotline/orders/{id}", Order(S::Dispatched)),
    row("/office/hotline/orders/{id}/dispatch", Order(S::Registered)),
    row("/office/hotline/orders/{id}/refuse", Order(S::Registered)),
    row("/office/hotline/orders/{id}/sign", Order(S::Dispatched)),
    row("/office/hotline/orders/{id}/return", Order(S::Dispatched)),
    row("/office/hotline/orders/{id}/result", Order(S::Signed)),
    row(
        "/office/hotline/orders/{id}/approve",
        Order(S::ResultSubmitted),
    ),
    row("/office/hotline/orders/{id}/reply", Order(S::Approved)),
    row("/office/hotline/orders/{id}/callback", Order(S::Replied)),
    row("/office/hotline/orders/{id}/reveal", Order(S::Dispatched)),
    row(
        "/office/hotline/orders/{id}/answer-kb",
        Order(S::Registered),
    ),
    row("/office/hotline/orders/{id}/extend", Order(S::Signed)),
    row(
        "/office/hotline/orders/{id}/extension-decision",
        Order(S::ExtensionApplied),
    ),
    row("/office/hotline/orders/{id}/hang", Order(S::Signed)),
    row(
        "/office/hotline/orders/{id}/hang-decision",
        Order(S::HangApplied),
    ),
    row("/office/hotline/orders/{id}/urge-report", Order(S::Urged)),
    row(
        "/office/hotline/orders/{id}/duty-supervision",
        Order(S::Dispatched),
    ),
    row(
        "/office/hotline/orders/{id}/urge-report-decision",
        Order(S::UrgeReported),
    ),
    row("/office/hotline/orders/{id}/unhang", Order(S::Hung)),
    row("/office/hotline/orders/{id}/review", Order(S::Unsatisfied)),
    row("/office/hotline/orders/{id}/withdraw", Order(S::Dispatched)),
    row(
        "/office/hotline/orders/{id}/contribute",
        Order(S::Assisting),
    ),
    Fixture {
        fixed_form: Some((
            "version={version}&target={other}",
            "the merge form lists only similar open appeals; the battery names another order",
        )),
        ..row("/office/hotline/orders/{id}/merge", Order(S::Registered))
    },
    row(
        "/office/hotline/orders/{id}/review-form",
        Order(S::ReviewFormDue),
    ),
    row(
        "/office/hotline/orders/{id}/conclude-form",
        Order(S::ReviewFormUploaded),
    ),
    row(
        "/office/hotline/orders/{id}/files/{file}",
        Object::OrderFile,
    ),
    row(
        "/office/hotline/orders/{id}/files/{file}/clear",
        Object::AppealFile,
    ),
    row("/office/hotline/orders/{id}/archive", Order(S::Closed)),
    row("/office/hotline/orders/{id}/credit", Order(S::Registered)),
    row(
        "/office/hotline/orders/{id}/refuse-credit",
        Order(S::Registered),
    ),
    row("/office/kb/{id}", Kb(K::Draft)),
    row("/office/kb/{id}/edit", Kb(K::Draft)),
    row("/office/kb/{id}/submit", Kb(K::Draft)),
    row("/office/kb/{id}/revise", Kb(K::Published)),
    row("/office/kb/{id}/publish", Kb(K::Submitted)),
    row("/office/kb/{id}/send-back", Kb(K::Submitted)),
    row("/office/kb/{id}/withdraw", Kb(K::Published)),
    row(
        "/office/hotline/supervision/{id}/escalate",
        Object::Supervision,
    ),
    row("/office/services/cases/{id}", Case(C::Submitted)),
    row("/office/services/cases/{id}/notice", Case(C::Noticed)),
    row("/office/services/cases/{id}/acceptance", Case(C::Accepted)),
    row("/office/services/cases/{id}/files/{file}", Object::CaseFile),
    row("/office/services/cases/{id}/reveal", Case(C::Submitted)),
    row("/office/services/cases/{id}/prereview", Case(C::Submitted)),
    row("/office/services/cases/{id}/accept", Case(C::Prereviewed)),
    row("/office/services/cases/{id}/reject", Case(C::Prereviewed)),
    row(
        "/office/services/cases/{id}/supplement",
        Case(C::Prereviewed),
    ),
    row("/office/services/cases/{id}/stage", Case(C::Accepted)),
    row(
        "/office/services/cases/{id}/special/start",
        Case(C::Accepted),
    ),
    row("/office/services/cases/{id}/special/end", Case(C::Special)),
    Fixture {
        fixed_form: Some((
            "version={version}&approve=yes&opinion=%E5%90%8C%E6%84%8F",
            "no demo item is approved jointly (SVC-PARALLEL), so no page offers the form",
        )),
        ..row("/office/services/cases/{id}/joint", Case(C::Accepted))
    },
    row("/office/services/cases/{id}/decide", Case(C::StageDone)),
    row("/office/services/cases/{id}/deliver", Case(C::Decided)),
    row("/office/supervision/units/{id}", Object::Unit),
    row("/office/accounts/{id}", Object::AccountFile),
    row("/office/accounts/{id}/trainings", Object::AccountFile),
    row("/office/accounts/{id}/agreements", Object::AccountFile),
    row("/office/security/incidents/{id}", Object::Incident),
    row("/office/security/incidents/{id}/steps", Object::Incident),
    row("/office/security/incidents/{id}/reports", Object::Incident),
    row("/office/security/incidents/{id}/close", Object::Incident),
    row("/office/security/drills/{id}", Object::Drill),
    row("/office/security/drills/{id}/held", Object::Drill),
];

/// Every fixture: [`FIXTURES`], the site group's (`battery_sites.rs`) and the disclosure
/// applications' (`battery_openness.rs`).
pub fn fixtures() -> impl Iterator<Item = &'static Fixture> {
    FIXTURES
        .iter()
        .chain(crate::battery_sites::FIXTURES)
        .chain(crate::battery_openness::FIXTURES)
        .chain(crate::battery_consultation::FIXTURES)
        .chain(crate::battery_participation::FIXTURES)
        .chain(crate::battery_complaints::FIXTURES)
        .chain(crate::battery_supervision::FIXTURES)
        .chain(crate::battery_concerns::FIXTURES)
        .chain(crate::battery_extranet::FIXTURES)
        .chain(crate::battery_hall_box::FIXTURES)
        .chain(crate::battery_hall_staff::FIXTURES)
        .chain(crate::battery_hall_hardcase::FIXTURES)
        .chain(crate::battery_catalogue::FIXTURES)
        .chain(crate::battery_sharing::FIXTURES)
        .chain(crate::battery_inspection::FIXTURES)
}

/// The fixture of `path`.
pub fn fixture(path: &str) -> &'static Fixture {
    fixtures()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("no fixture for {path}"))
}

/// An object of unit A as a route addresses it.
pub struct Made {
    /// The ids of the path's placeholders, in order.
    pub ids: Vec<i64>,
    /// The page that offers the object's forms.
    pub page: String,
    /// Another object of the same kind (for forms naming a second one).
    pub other: Option<i64>,
}

impl Made {
    /// `pattern` with its placeholders replaced by the ids.
    pub fn path(&self, pattern: &str) -> String {
        let mut path = pattern.to_owned();
        for id in &self.ids {
            let Some(open) = path.find('{') else { break };
            let close = open + path[open..].find('}').unwrap_or(0);
            path.replace_range(open..=close, &id.to_string());
        }
        path
    }
}
