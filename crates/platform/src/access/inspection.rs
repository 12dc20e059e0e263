//! Access to the site inspection (SEC-ROLES; WEB-INSPECT, 000 网站 §24–27): the IT office's
//! administrators (system and security administrator) see every registered site's findings,
//! availability, 19号 single-veto indicators and quarterly reports; a finding is worked by
//! the unit responsible for it — its editors, publishers and leaders mark it fixed, its
//! reviewers judge a word hit a false positive — and the `sites::inspection` use cases check
//! the unit of each finding (another unit's is not found). Everyone else is denied.

use crate::roles::{Actor, Role};

/// WEB-INSPECT: the inspection of every site (the overview, a site's indicators, the
/// quarterly reports): the system and security administrators.
pub fn inspection_overview(actor: &Actor) -> bool {
    actor.has_any(&[Role::SystemAdmin, Role::SecurityAdmin])
}

/// WEB-INSPECT: a finding's page and its commands: the responsible unit's site editors,
/// publishers, leaders and reviewers, and the system administrator (read only).
pub fn inspection_findings(actor: &Actor) -> bool {
    actor.has_any(&[
        Role::SiteEditor,
        Role::Publisher,
        Role::UnitLeader,
        Role::Reviewer,
        Role::SystemAdmin,
    ])
}
