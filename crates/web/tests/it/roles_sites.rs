//! SEC-ROLES, the rows of the role × route matrix (`roles.rs`) for the site group's units'
//! submissions (WEB-SUBMIT) and annual reports (WEB-ANNUAL): who may use each route, written
//! here independently of the route table.

use platform::roles::Role;

use crate::roles::Expected::{self, Roles};

/// WEB-SUBMIT: the staff of a unit who write its submissions and see its list (its handlers
/// and leaders, its site editors, reviewers and publishers).
const SUBMISSION: &[Role] = &[
    Role::UnitHandler,
    Role::UnitLeader,
    Role::SiteEditor,
    Role::Reviewer,
    Role::Publisher,
];
/// A leader of the unit approves or sends back (the domain checks the unit; a major item as
/// its principal) and explains a run of missed weeks (004 §40).
const LEADER: &[Role] = &[Role::UnitLeader];
/// The proposed column's A/B editors adopt or return (the domain checks the column).
const EDITOR: &[Role] = &[Role::SiteEditor];
/// WEB-ANNUAL: the staff of a site read its report (the page checks the site).
const SITE_VIEW: &[Role] = &[
    Role::UnitLeader,
    Role::SiteEditor,
    Role::Reviewer,
    Role::Publisher,
];
/// WEB-ANNUAL: its administrators fill it in and publish it (the domain checks the site).
const SITE_ADMIN: &[Role] = &[Role::UnitLeader, Role::Publisher];

/// The rows.
pub const ROWS: &[(&str, &str, Expected)] = &[
    ("GET", "/office/sites/submissions", Roles(SUBMISSION)),
    ("GET", "/office/sites/submissions/new", Roles(SUBMISSION)),
    ("POST", "/office/sites/submissions/new", Roles(SUBMISSION)),
    ("GET", "/office/sites/submissions/weeks", Roles(SUBMISSION)),
    // WEB-ACCOUNT: a unit's leaders and the site group's administrators read the records (the
    // page checks whose); the unit's principal files the 书面检查.
    ("GET", "/office/sites/accountability", Roles(SITE_ADMIN)),
    (
        "POST",
        "/office/sites/accountability/{id}/examine",
        Roles(LEADER),
    ),
    (
        "POST",
        "/office/sites/submissions/runs/{id}/explain",
        Roles(LEADER),
    ),
    ("GET", "/office/sites/submissions/{id}", Roles(SUBMISSION)),
    (
        "GET",
        "/office/sites/submissions/{id}/edit",
        Roles(SUBMISSION),
    ),
    (
        "POST",
        "/office/sites/submissions/{id}/edit",
        Roles(SUBMISSION),
    ),
    (
        "POST",
        "/office/sites/submissions/{id}/submit",
        Roles(SUBMISSION),
    ),
    (
        "POST",
        "/office/sites/submissions/{id}/withdraw",
        Roles(SUBMISSION),
    ),
    (
        "POST",
        "/office/sites/submissions/{id}/approve",
        Roles(LEADER),
    ),
    (
        "POST",
        "/office/sites/submissions/{id}/send-back",
        Roles(LEADER),
    ),
    (
        "POST",
        "/office/sites/submissions/{id}/adopt",
        Roles(EDITOR),
    ),
    (
        "POST",
        "/office/sites/submissions/{id}/return",
        Roles(EDITOR),
    ),
    (
        "POST",
        "/office/sites/submissions/{id}/mobile",
        Roles(SUBMISSION),
    ),
    ("GET", "/office/sites/annual", Roles(SITE_VIEW)),
    ("GET", "/office/sites/{id}/annual/{year}", Roles(SITE_VIEW)),
    (
        "POST",
        "/office/sites/{id}/annual/{year}",
        Roles(SITE_ADMIN),
    ),
    (
        "POST",
        "/office/sites/{id}/annual/{year}/publish",
        Roles(SITE_ADMIN),
    ),
    (
        "GET",
        "/office/sites/{id}/annual/{year}/print",
        Roles(SITE_VIEW),
    ),
    (
        "GET",
        "/office/sites/{id}/annual/{year}/report.xlsx",
        Roles(SITE_VIEW),
    ),
];
