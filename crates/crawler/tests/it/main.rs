//! The inspector over a planted local site (WEB-INSPECT, WEB-NOADS), one binary (style.md).

mod planted;
mod site;
mod units;
