//! Integration tests of the openness domain core, built as one binary: the disclosure
//! application machine (every pair of its table, the clocks, the answers and their notices,
//! the repeat detector), the document register and its publication gate, and table 三 of the
//! annual report. The fixtures are a county: its government office (the openness office that
//! answers applications), the education bureau (a department that coordinates), and others.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod account_table;
mod annual_table_three;
mod annual_tables;
mod application_notices;
mod application_rules;
mod application_table;
mod categories;
mod complaint_table;
mod concern_table;
mod register_gate;
mod register_meeting;
mod register_proactive;
mod register_records;
mod repeat;
mod stored_account;
mod stored_annual;
mod stored_annual_report;
mod stored_applications;
mod stored_complaints;
mod stored_concerns;
mod stored_documents;
mod stored_evaluation;
mod stored_supervisors;
mod supervisor_table;

use std::sync::LazyLock;

use calendar::{Calendar, Instant, Limit, LimitUnit};
use chrono::NaiveDate;
use openness::application::{
    self, Applicant, ApplicantKind, Application, Channel, Command, Filing, Form,
};
use openness::{Acting, ApplicationId, Issuer, Rules, UnitId, UserId};
use platform::profile::{RuleProfile, preset};
use platform::roles::Role;

pub static CAL: LazyLock<Calendar> = LazyLock::new(|| Calendar::try_national().unwrap());
pub static PROFILE: LazyLock<RuleProfile> = LazyLock::new(RuleProfile::default);
pub static FENGGANG: LazyLock<RuleProfile> = LazyLock::new(|| preset("fenggang").unwrap().build());

pub fn rules() -> Rules<'static> {
    Rules {
        profile: &PROFILE,
        calendar: &CAL,
    }
}

pub fn fenggang_rules() -> Rules<'static> {
    Rules {
        profile: &FENGGANG,
        calendar: &CAL,
    }
}

/// 县人民政府办公室: answers disclosure applications.
pub const OFFICE: UnitId = UnitId(1);
/// 县教育局: a department asked to coordinate.
pub const DEPT: UnitId = UnitId(3);
/// A unit with nothing to do with it.
pub const OTHER: UnitId = UnitId(9);

pub fn acting(user: i64, unit: UnitId, roles: &[Role]) -> Acting {
    Acting::new(UserId(user), unit, roles)
}

/// The office's openness officer.
pub fn officer() -> Acting {
    acting(30, OFFICE, &[Role::OpennessOfficer])
}

/// The office head (the unit's leader).
pub fn head() -> Acting {
    acting(10, OFFICE, &[Role::UnitLeader])
}

pub fn staff(acting: Acting) -> Issuer {
    Issuer::Staff(acting)
}

pub fn at(text: &str) -> Instant {
    Instant::parse_rfc3339(&format!("{text}:00+08:00")).unwrap()
}

pub fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// Monday 2 March 2026, 09:00.
pub fn t0() -> Instant {
    at("2026-03-02T09:00")
}

pub fn wd(amount: u32) -> Limit {
    Limit::new(amount, LimitUnit::WorkingDays)
}

pub fn person() -> Applicant {
    Applicant {
        kind: ApplicantKind::NaturalPerson,
        name: "张三".into(),
        id_number: "360702198001011234".into(),
        contact_person: String::new(),
        phone: "13900000000".into(),
        address: "赣州市章贡区某路1号".into(),
        email: String::new(),
    }
}

pub fn company() -> Applicant {
    Applicant {
        kind: ApplicantKind::Commercial,
        name: "赣州某某建材有限公司".into(),
        id_number: "91360702MA35XXXX1X".into(),
        contact_person: "李四".into(),
        phone: "0797-8000000".into(),
        address: String::new(),
        email: String::new(),
    }
}

pub fn filing(applicant: Applicant, channel: Channel) -> Filing {
    Filing {
        applicant,
        channel,
        description: "2025年本县城区道路改造工程的立项批复文件".into(),
        purpose: String::new(),
        form: Form::Electronic,
        registered_by: None,
    }
}

/// An online application of a natural person, received at [`t0`].
pub fn received() -> Application {
    let (application, _) = application::register(
        ApplicationId(1),
        OFFICE,
        filing(person(), Channel::Online),
        &Issuer::Applicant,
        t0(),
        rules(),
    )
    .unwrap();
    application
}

/// Runs `command` by `issuer` at `now`; panics with the refusal.
pub fn run(
    application: &Application,
    command: Command,
    issuer: &Issuer,
    now: Instant,
) -> Application {
    application::apply(application, &command, issuer, now, rules())
        .unwrap_or_else(|e| panic!("{:?}: {e}", command.kind()))
        .0
}
