//! The extranet crate's one integration-test binary (style.md): the access application's
//! table and rules (NET-ELIGIBLE, NET-ACCESS), the address space (NET-IPAM), NetBox CSV, the
//! ledgers and security findings (NET-LEDGER).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod application_rules;
mod application_table;
mod ipam_netbox;
mod ipam_space;
mod ledger_findings;
mod stored_applications;
mod stored_ipam;
mod stored_ledger;
mod world;

use calendar::{Calendar, Instant};
use extranet::application::{
    self, AccessMode, Application, ApplicationId, ApplicationKind, Eligibility, Filing,
    RequestedBlock,
};
use extranet::{Acting, Rules, UnitId, UserId};
use platform::profile::RuleProfile;
use platform::roles::Role;

pub const OFFICE: UnitId = UnitId(10);
pub const UNIT: UnitId = UnitId(20);

/// The extranet office's administrator.
pub fn office() -> Acting {
    Acting::new(UserId(1), OFFICE, &[Role::ExtranetAdmin])
}

/// A handler of the applying unit.
pub fn unit_staff() -> Acting {
    Acting::new(UserId(2), UNIT, &[Role::UnitHandler])
}

/// Staff of another unit.
pub fn stranger() -> Acting {
    Acting::new(
        UserId(3),
        UnitId(30),
        &[Role::UnitLeader, Role::UnitHandler],
    )
}

pub fn at(text: &str) -> Instant {
    Instant::parse_rfc3339(text).unwrap()
}

pub struct Fixture {
    pub profile: RuleProfile,
    pub calendar: Calendar,
}

#[allow(clippy::new_without_default)]
impl Fixture {
    pub fn new() -> Fixture {
        Fixture {
            profile: RuleProfile::default(),
            calendar: Calendar::national(),
        }
    }

    pub fn rules(&self) -> Rules<'_> {
        Rules {
            profile: &self.profile,
            calendar: &self.calendar,
        }
    }
}

pub fn filing(kind: ApplicationKind) -> Filing {
    Filing {
        unit: UNIT,
        kind,
        eligibility: Eligibility::PartyGovernment,
        basis: "承担政务服务事项网上办理，需访问省一体化平台".into(),
        mode: AccessMode::DedicatedLine,
        scope: "机关办公楼三层".into(),
        addresses: if kind == ApplicationKind::Closing {
            vec![]
        } else {
            vec![RequestedBlock {
                v6: false,
                length: 29,
            }]
        },
        of_access: kind.names_access().then_some(ApplicationId(7)),
    }
}

/// An application of `kind` registered on Monday 3 March 2025 at 09:00.
pub fn registered(fixture: &Fixture, kind: ApplicationKind) -> Application {
    let (application, _) = application::register(
        ApplicationId(1),
        OFFICE,
        filing(kind),
        &unit_staff(),
        at("2025-03-03T09:00:00+08:00"),
        fixture.rules(),
    )
    .unwrap();
    application
}
