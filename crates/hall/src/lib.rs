//! The service hall (政务服务中心大厅, rules HALL-*): windows and their staff, the hall's hours,
//! the ticket machine and calling, and the queue figures.
//!
//! - [`assist`] (HALL-ASSIST): a case of assisted or proxy handling (帮办代办) and its check.
//! - [`window`] (HALL-WINDOWS): comprehensive, professional and special windows; the chief
//!   representative and the A/B posts; the window a clerk sits at today.
//! - [`hours`] (HALL-QUEUE): a day's opening sessions, delayed service and appointment service;
//!   whether a number is taken now; appointment slots.
//! - [`ticket`] (HALL-QUEUE): the pure ticket machine with its transition table, the queue
//!   order (priority first, then order) and the announcement text.
//!
//! - [`supervision`] (HALL-BOX): the supervision box's complaints, registered, accepted,
//!   concluded with an outcome of §35 and fed back, under a handling limit (pure only yet).
//! - [`staff`] (HALL-STAFF): the window staff's register and eligibility (§27), attendance,
//!   leave and replacement requests the centre approves (§30), the periodic and annual
//!   assessment and its written notice to the unit (§4(二), §32).
//! - [`hardcase`] (HALL-HARDCASE): the 办不成事反映 and 陇商通 windows' cases — accepted,
//!   transferred to a department, urged when overdue, fed back, closed — on kernel clocks.
//! - [`registered`] (HALL-BOX, HALL-HARDCASE): what the registered-case machines share — the
//!   id, who acts, the events and their history rows, the text checks.
//! - [`levels`] (HALL-LEVELS): the district centre, approved sub-centres, townships' centres
//!   and villages' stations under their parent; convenience-item lists; monthly reports.
//! - [`stats`] (HALL-QUEUE): the queue figures per window, item, hour and day (average and
//!   p90 wait, handling time, no-shows) and the peak hours.
//! - [`store`] (migrations 0060–0062) and [`usecase`]: windows, seatings, days and tickets stored,
//!   every change audited in its transaction; calling safe under concurrent clerks.
//!
//! The pure core reads no clock and no database (architecture invariant 3): "now" is a
//! parameter.

pub mod assist;
pub mod error;
pub mod hardcase;
pub mod hours;
pub mod levels;
pub mod registered;
pub mod staff;
pub mod stats;
pub mod store;
pub mod supervision;
pub mod ticket;
pub mod usecase;
pub mod window;

pub use error::HallError;
