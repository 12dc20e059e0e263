//! SEC-ROLES, the rows of the role × route matrix (`roles.rs`) for disclosure applications
//! (PUB-APPLY, PUB-ANSWER): who may use each route, written here independently of the route
//! table.

use platform::roles::Role;

use crate::roles::Expected::{self, Roles};

/// The unit's ledger and an application's page: its openness officers and its leaders (the
/// page checks the unit).
const VIEW: &[Role] = &[Role::OpennessOfficer, Role::UnitLeader];
/// Registration and every command but the extension: the unit's openness officers.
const HANDLE: &[Role] = &[Role::OpennessOfficer];
/// PUB-APPLY: the one extension, approved by the office head (the unit's leader).
const HEAD: &[Role] = &[Role::UnitLeader];
/// PUB-ATTR, PUB-CONFID, PUB-COORD: the document register — a unit's openness officers and its
/// leaders (the signer); the register decides by unit and record.
const REGISTER: &[Role] = &[Role::OpennessOfficer, Role::UnitLeader];
/// PUB-PROACTIVE: a column's editors draft from a register document.
const SITE_EDITOR: &[Role] = &[Role::SiteEditor];

/// PUB-COMPLAINT: the complaints — the openness office's officers, and the unit complained
/// about (its openness officers, leaders and handlers) for its reply; the machine decides by
/// unit and command.
const COMPLAINTS: &[Role] = &[Role::UnitHandler, Role::UnitLeader, Role::OpennessOfficer];
/// PUB-COMPLAINT: registration is the openness office's.
const COMPLAINT_REGISTER: &[Role] = &[Role::OpennessOfficer];

/// PUB-RESPOND: the public concerns — the openness office's officers, and the responding
/// unit (its openness officers, leaders and handlers) for its releases; the machine decides
/// by unit and command.
const CONCERNS: &[Role] = &[Role::UnitHandler, Role::UnitLeader, Role::OpennessOfficer];
/// PUB-RESPOND: registration is the openness office's.
const CONCERN_REGISTER: &[Role] = &[Role::OpennessOfficer];

/// PUB-CATEGORIES: the check of the catalogue's categories and the sites' columns — a unit's
/// openness officers and leaders.
const CATEGORIES: &[Role] = &[Role::OpennessOfficer, Role::UnitLeader];
/// PUB-SUPERVISOR: the supervisors' findings — the openness office's officers, and the unit a
/// finding concerns (its openness officers, leaders and handlers) for its reply; appointing
/// and registering are the office's officers'. PUB-ACCOUNT's cases likewise (the unit held to
/// account reports; the office opens, returns and closes).
const SUPERVISION: &[Role] = &[Role::UnitHandler, Role::UnitLeader, Role::OpennessOfficer];
const SUPERVISION_REGISTER: &[Role] = &[Role::OpennessOfficer];

/// PUB-EVAL: the social evaluation — the office's openness officers and leaders read (the
/// page decides by unit); appointing, opening, sheets, interviews, cases and publication are
/// the officers'.
const EVALUATION: &[Role] = &[Role::OpennessOfficer, Role::UnitLeader];
const EVALUATE: &[Role] = &[Role::OpennessOfficer];

/// PUB-ANNUAL: the annual report's tables and outputs — a unit's openness officers and
/// leaders; entering figures and cases is the officers' (`HANDLE`).
const ANNUAL: &[Role] = &[Role::OpennessOfficer, Role::UnitLeader];

/// The rows.
pub const ROWS: &[(&str, &str, Expected)] = &[
    ("GET", "/office/openness/applications", Roles(VIEW)),
    ("GET", "/office/openness/applications/new", Roles(HANDLE)),
    ("POST", "/office/openness/applications", Roles(HANDLE)),
    ("GET", "/office/openness/applications/{id}", Roles(VIEW)),
    (
        "GET",
        "/office/openness/applications/{id}/notice",
        Roles(VIEW),
    ),
    (
        "POST",
        "/office/openness/applications/{id}/supplement",
        Roles(HANDLE),
    ),
    (
        "POST",
        "/office/openness/applications/{id}/close",
        Roles(HANDLE),
    ),
    (
        "POST",
        "/office/openness/applications/{id}/handle",
        Roles(HANDLE),
    ),
    (
        "POST",
        "/office/openness/applications/{id}/consult",
        Roles(HANDLE),
    ),
    (
        "POST",
        "/office/openness/applications/{id}/reply",
        Roles(HANDLE),
    ),
    (
        "POST",
        "/office/openness/applications/{id}/answer",
        Roles(HANDLE),
    ),
    (
        "POST",
        "/office/openness/applications/{id}/deliver",
        Roles(HANDLE),
    ),
    (
        "POST",
        "/office/openness/applications/{id}/withdraw",
        Roles(HANDLE),
    ),
    (
        "POST",
        "/office/openness/applications/{id}/applicant",
        Roles(HANDLE),
    ),
    (
        "POST",
        "/office/openness/applications/{id}/files",
        Roles(HANDLE),
    ),
    (
        "POST",
        "/office/openness/applications/{id}/extend",
        Roles(HEAD),
    ),
    ("GET", "/office/openness/documents", Roles(REGISTER)),
    ("GET", "/office/openness/documents/new", Roles(REGISTER)),
    ("POST", "/office/openness/documents", Roles(REGISTER)),
    ("GET", "/office/openness/documents/{id}", Roles(REGISTER)),
    (
        "POST",
        "/office/openness/documents/{id}/confirm",
        Roles(REGISTER),
    ),
    (
        "POST",
        "/office/openness/documents/{id}/review",
        Roles(REGISTER),
    ),
    (
        "POST",
        "/office/openness/documents/{id}/determine",
        Roles(REGISTER),
    ),
    (
        "POST",
        "/office/openness/documents/{id}/declassify",
        Roles(REGISTER),
    ),
    (
        "POST",
        "/office/openness/documents/{id}/consent",
        Roles(REGISTER),
    ),
    (
        "POST",
        "/office/openness/documents/{id}/coordinate",
        Roles(REGISTER),
    ),
    (
        "POST",
        "/office/openness/documents/{id}/reply",
        Roles(REGISTER),
    ),
    (
        "POST",
        "/office/sites/columns/{id}/from-document",
        Roles(SITE_EDITOR),
    ),
    ("GET", "/office/openness/complaints", Roles(COMPLAINTS)),
    (
        "GET",
        "/office/openness/complaints/new",
        Roles(COMPLAINT_REGISTER),
    ),
    (
        "POST",
        "/office/openness/complaints",
        Roles(COMPLAINT_REGISTER),
    ),
    ("GET", "/office/openness/complaints/{id}", Roles(COMPLAINTS)),
    (
        "POST",
        "/office/openness/complaints/{id}/forward",
        Roles(COMPLAINTS),
    ),
    (
        "POST",
        "/office/openness/complaints/{id}/complex",
        Roles(COMPLAINTS),
    ),
    (
        "POST",
        "/office/openness/complaints/{id}/new-date",
        Roles(COMPLAINTS),
    ),
    (
        "POST",
        "/office/openness/complaints/{id}/reply",
        Roles(COMPLAINTS),
    ),
    (
        "POST",
        "/office/openness/complaints/{id}/feedback",
        Roles(COMPLAINTS),
    ),
    (
        "POST",
        "/office/openness/complaints/{id}/close",
        Roles(COMPLAINTS),
    ),
    ("GET", "/office/openness/concerns", Roles(CONCERNS)),
    (
        "GET",
        "/office/openness/concerns/new",
        Roles(CONCERN_REGISTER),
    ),
    ("POST", "/office/openness/concerns", Roles(CONCERN_REGISTER)),
    ("GET", "/office/openness/concerns/{id}", Roles(CONCERNS)),
    (
        "POST",
        "/office/openness/concerns/{id}/information",
        Roles(CONCERNS),
    ),
    (
        "POST",
        "/office/openness/concerns/{id}/press-conference",
        Roles(CONCERNS),
    ),
    (
        "POST",
        "/office/openness/concerns/{id}/respond",
        Roles(CONCERNS),
    ),
    (
        "POST",
        "/office/openness/concerns/{id}/approval",
        Roles(CONCERNS),
    ),
    (
        "POST",
        "/office/openness/concerns/{id}/escalate",
        Roles(CONCERNS),
    ),
    (
        "POST",
        "/office/openness/concerns/{id}/close",
        Roles(CONCERNS),
    ),
    ("GET", "/office/openness/categories", Roles(CATEGORIES)),
    ("GET", "/office/openness/supervision", Roles(SUPERVISION)),
    (
        "POST",
        "/office/openness/supervision/supervisors",
        Roles(SUPERVISION_REGISTER),
    ),
    (
        "POST",
        "/office/openness/supervision/findings",
        Roles(SUPERVISION_REGISTER),
    ),
    (
        "GET",
        "/office/openness/supervision/findings/{id}",
        Roles(SUPERVISION),
    ),
    (
        "POST",
        "/office/openness/supervision/findings/{id}/send",
        Roles(SUPERVISION),
    ),
    (
        "POST",
        "/office/openness/supervision/findings/{id}/reply",
        Roles(SUPERVISION),
    ),
    (
        "POST",
        "/office/openness/supervision/findings/{id}/return",
        Roles(SUPERVISION),
    ),
    (
        "POST",
        "/office/openness/supervision/findings/{id}/accept",
        Roles(SUPERVISION),
    ),
    ("GET", "/office/openness/accountability", Roles(SUPERVISION)),
    (
        "POST",
        "/office/openness/accountability",
        Roles(SUPERVISION_REGISTER),
    ),
    (
        "GET",
        "/office/openness/accountability/{id}",
        Roles(SUPERVISION),
    ),
    (
        "POST",
        "/office/openness/accountability/{id}/report",
        Roles(SUPERVISION),
    ),
    (
        "POST",
        "/office/openness/accountability/{id}/return",
        Roles(SUPERVISION),
    ),
    (
        "POST",
        "/office/openness/accountability/{id}/close",
        Roles(SUPERVISION),
    ),
    ("GET", "/office/openness/evaluation", Roles(EVALUATION)),
    (
        "GET",
        "/office/openness/evaluation/results.xlsx",
        Roles(EVALUATION),
    ),
    (
        "POST",
        "/office/openness/evaluation/evaluators",
        Roles(EVALUATE),
    ),
    ("POST", "/office/openness/evaluation/years", Roles(EVALUATE)),
    (
        "POST",
        "/office/openness/evaluation/sheets",
        Roles(EVALUATE),
    ),
    (
        "POST",
        "/office/openness/evaluation/interviews",
        Roles(EVALUATE),
    ),
    ("POST", "/office/openness/evaluation/cases", Roles(EVALUATE)),
    (
        "POST",
        "/office/openness/evaluation/publish",
        Roles(EVALUATE),
    ),
    ("GET", "/office/openness/annual", Roles(ANNUAL)),
    ("GET", "/office/openness/annual/print", Roles(ANNUAL)),
    ("GET", "/office/openness/annual/report.xlsx", Roles(ANNUAL)),
    ("GET", "/office/openness/annual/report.docx", Roles(ANNUAL)),
    ("POST", "/office/openness/annual/figures", Roles(HANDLE)),
    ("POST", "/office/openness/annual/cases", Roles(HANDLE)),
    (
        "POST",
        "/office/openness/annual/cases/{id}/conclude",
        Roles(HANDLE),
    ),
    // PUB-ANNUAL: sections 一, 五 and 六 (the officer) and the sign-off (the office head).
    ("POST", "/office/openness/annual/texts", Roles(HANDLE)),
    ("POST", "/office/openness/annual/publish", Roles(HEAD)),
];
