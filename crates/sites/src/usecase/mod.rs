//! Use cases of the site group, each in one transaction with its audit row: the registry
//! ([`registry`]: register a site, apply, approve, restore, change its registration —
//! WEB-REGISTRY), columns ([`columns`]: WEB-COLUMNS), articles through the 三审三校
//! ([`articles`]: WEB-REVIEW, WEB-ARTICLE, PUB-ABOLISH), and the reads pages are built on
//! ([`read`]: a site by code or host, its column tree, a column's articles, an article with its
//! policy elements, feeds; [`public`]: the portal, and the visits counted without cookies —
//! WEB-STATS; [`versions`]: every version and the diff of two; [`office`]: the back office's
//! queues, scopes and lists); units' submissions ([`submissions`]: WEB-SUBMIT, adopted as
//! draft articles) with the weekly quota and its accountability ([`submission_weeks`]); the
//! annual report ([`annual`]: WEB-ANNUAL); the units' accountability records
//! ([`accountability`]: WEB-ACCOUNT, raised by the article machine); content safety at
//! publishing ([`inspect`]: the word checker in force, imported lists, false positives —
//! WEB-INSPECT); drafts made from a document of the openness register ([`documents`]:
//! PUB-PROACTIVE, SEC-SECRET); where a site is hosted ([`hosting`]: SEC-HOSTING). Commands on sites, articles and submissions run the
//! kernel's one path (`platform::workflow::execute`) with the machines of [`site_machine`],
//! [`article_machine`] and [`submission_machine`].

pub mod accountability;
pub mod annual;
pub(crate) mod article_machine;
pub mod articles;
pub mod columns;
pub mod documents;
pub(crate) mod effects;
pub mod hosting;
pub mod inspect;
pub mod office;
pub mod public;
pub mod read;
pub mod registry;
mod site_machine;
pub(crate) mod submission_machine;
pub mod submission_weeks;
pub mod submissions;
pub mod subscriptions;
pub mod versions;

pub use annual::{
    AnnualStatus, AnnualView, annual_overview, annual_report, publish_annual_report,
    save_annual_inputs,
};
pub use articles::{
    ARTICLE_ATTACHMENT, ARTICLE_FILES, OfficeArticle, attach_files, create_draft, create_draft_in,
    create_marked_draft, execute_article, execute_article_in, link_interpretation, office_article,
    revise_draft,
};
pub use columns::{
    ColumnInput, approve_special_column, archive_column, create_column, edit_column,
};
pub use registry::{OfficeSite, execute_site, office_site, register_site};
pub use submission_weeks::{
    UnitLine, WeeksTable, explain_late_run, late_runs, record_late_runs, submission_weeks,
};
pub use submissions::{
    OfficeSubmission, adopt_submission, create_submission, editor_queue, execute_submission,
    office_submission, reveal_mobile, unit_submissions,
};
