//! Data sharing on the workflow kernel: catalogue entries ([`entries`]) and requests
//! ([`requests`]) run every command through `platform::workflow::execute` (snapshot, history,
//! clocks on the shared clock table, effects, audit row, one transaction); a request's
//! approval makes its grant in the same transaction ([`grants`]), whose code the consumer
//! issues and sees once. Quality problems and misuse reports ([`quality`], DATA-QUALITY) and
//! planned maintenance with its notices ([`maintenance`], DATA-MAINT, SEC-NOTICE) are plain
//! rows with their audit rows, and so are the register of platform accounts and the
//! handovers of staff changes ([`accounts`], DATA-ACCOUNTS).

pub mod accounts;
pub mod entries;
pub mod grants;
pub mod maintenance;
pub mod quality;
pub mod requests;
pub mod tell;

use platform::workflow::Context;

use crate::Rules;

pub(crate) fn rules<'a>(context: &Context<'a>) -> Rules<'a> {
    Rules {
        profile: context.profile,
        calendar: context.calendar,
    }
}
