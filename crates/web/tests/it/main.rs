//! Integration tests of the web shell: real requests through the whole router, on SQLite
//! (and PostgreSQL where a test asks for each backend).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod account_resets;
mod assessment;
mod battery_authz;
mod battery_findings;
mod battery_fixtures;
mod battery_forms;
mod battery_fuzz;
mod battery_input;
mod battery_objects;
mod battery_payloads;
mod battery_stages;
mod battery_targets;
mod battery_world;
mod calendar;
mod common;
mod esupervision;
mod evaluation;
mod hostile;
mod hotline;
mod hotline_applications;
mod hotline_audit;
mod hotline_collab;
mod hotline_credit;
mod hotline_reports;
mod hotline_supervision;
mod kb;
mod login_flow;
mod lookups;
mod open311;
mod pages;
mod path_ids;
mod proxy_nginx;
mod roles;
mod security_records;
mod server_limits;
mod services_office;
mod services_portal;
mod services_rating;
mod services_status;
mod services_supplement;
mod services_walkin;
mod unit_contacts;
mod uploads;
mod workbench;
