//! SEC-ROLES, the rows of the role × route matrix (`roles.rs`) for the e-government
//! extranet (NET-ACCESS, NET-IPAM, NET-LEDGER): who may use each route, written here independently of
//! the route table.

use platform::roles::Role;

use crate::roles::Expected::{self, Roles};

/// NET-ACCESS: the applications — the extranet office's administrators and the units'
/// leaders and handlers; the machine decides by unit and command.
const APPLICATIONS: &[Role] = &[Role::ExtranetAdmin, Role::UnitLeader, Role::UnitHandler];
/// NET-IPAM: pools, allocations, names and NetBox files are the extranet administrators'.
const IPAM: &[Role] = &[Role::ExtranetAdmin];

/// The rows.
pub const ROWS: &[(&str, &str, Expected)] = &[
    ("GET", "/office/extranet/applications", Roles(APPLICATIONS)),
    (
        "GET",
        "/office/extranet/applications/new",
        Roles(APPLICATIONS),
    ),
    ("POST", "/office/extranet/applications", Roles(APPLICATIONS)),
    (
        "GET",
        "/office/extranet/applications/{id}",
        Roles(APPLICATIONS),
    ),
    (
        "POST",
        "/office/extranet/applications/{id}/approve",
        Roles(APPLICATIONS),
    ),
    (
        "POST",
        "/office/extranet/applications/{id}/refuse",
        Roles(APPLICATIONS),
    ),
    (
        "POST",
        "/office/extranet/applications/{id}/plan",
        Roles(APPLICATIONS),
    ),
    (
        "POST",
        "/office/extranet/applications/{id}/implement",
        Roles(APPLICATIONS),
    ),
    (
        "POST",
        "/office/extranet/applications/{id}/test",
        Roles(APPLICATIONS),
    ),
    (
        "POST",
        "/office/extranet/applications/{id}/close-link",
        Roles(APPLICATIONS),
    ),
    (
        "POST",
        "/office/extranet/applications/{id}/allocate",
        Roles(IPAM),
    ),
    ("GET", "/office/extranet/pools", Roles(IPAM)),
    ("POST", "/office/extranet/pools", Roles(IPAM)),
    ("GET", "/office/extranet/pools/{id}", Roles(IPAM)),
    ("GET", "/office/extranet/pools/{id}/export", Roles(IPAM)),
    (
        "POST",
        "/office/extranet/allocations/{id}/reclaim",
        Roles(IPAM),
    ),
    ("POST", "/office/extranet/names", Roles(IPAM)),
    ("POST", "/office/extranet/import", Roles(IPAM)),
    // NET-LEDGER: a unit keeps its ledger and answers its findings (the administrators see
    // every unit's); sending findings and the annual report are the administrators'.
    ("GET", "/office/extranet/ledger", Roles(APPLICATIONS)),
    (
        "POST",
        "/office/extranet/ledger/people",
        Roles(APPLICATIONS),
    ),
    (
        "POST",
        "/office/extranet/ledger/points",
        Roles(APPLICATIONS),
    ),
    (
        "POST",
        "/office/extranet/ledger/points/{id}",
        Roles(APPLICATIONS),
    ),
    (
        "POST",
        "/office/extranet/ledger/points/{id}/retire",
        Roles(APPLICATIONS),
    ),
    (
        "POST",
        "/office/extranet/ledger/declaration",
        Roles(APPLICATIONS),
    ),
    ("GET", "/office/extranet/findings", Roles(APPLICATIONS)),
    ("POST", "/office/extranet/findings", Roles(IPAM)),
    ("GET", "/office/extranet/findings/{id}", Roles(APPLICATIONS)),
    (
        "GET",
        "/office/extranet/findings/{id}/notice",
        Roles(APPLICATIONS),
    ),
    (
        "POST",
        "/office/extranet/findings/{id}/step",
        Roles(APPLICATIONS),
    ),
    ("GET", "/office/extranet/report", Roles(IPAM)),
    ("GET", "/office/extranet/report/export", Roles(IPAM)),
];
