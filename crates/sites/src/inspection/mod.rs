//! The site inspector as work (WEB-INSPECT, WEB-NOADS, issue 19 items 4–6): the findings of
//! crawls of the registered sites stored and turned into tasks of the responsible unit on
//! the workflow kernel, re-checked before they close ([`finding`] pure, [`store`] migrations
//! 0047–0048, [`usecase`]), the scheduled crawl and availability probe ([`jobs`]), and the
//! 19号 single-veto indicators and quarterly report ([`report`]) with the indicators' deduction
//! points as editable data ([`deductions`], migration 0067); the point table's indicators
//! scored from records ([`points`] pure, [`sources`] the site group's columns) and the manual
//! ones entered by hand with a reason ([`manual`], migration 0087).

pub mod deductions;
pub mod finding;
pub mod jobs;
pub mod manual;
pub mod points;
pub mod report;
pub mod sources;
pub mod store;
pub mod usecase;

pub use finding::{Finding, FindingId, Status};
pub use usecase::FINDING_SUBJECT;
