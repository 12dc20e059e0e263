//! Use cases of the site group, each in one transaction with its audit row: the registry
//! ([`registry`]: register a site, apply, approve, restore, change its registration —
//! WEB-REGISTRY), columns ([`columns`]: WEB-COLUMNS), articles through the 三审三校
//! ([`articles`]: WEB-REVIEW, WEB-ARTICLE, PUB-ABOLISH), and the reads pages are built on
//! ([`read`]: a site by code or host, its column tree, a column's articles, an article with its
//! policy elements, feeds; [`public`]: the portal, and the visits counted without cookies —
//! WEB-STATS; [`versions`]: every version and the diff of two). Commands on sites
//! and articles run the kernel's one path (`platform::workflow::execute`) with the machines of
//! [`site_machine`] and [`article_machine`].

pub(crate) mod article_machine;
pub mod articles;
pub mod columns;
pub(crate) mod effects;
pub mod public;
pub mod read;
pub mod registry;
mod site_machine;
pub mod versions;

pub use articles::{
    ARTICLE_ATTACHMENT, ARTICLE_FILES, OfficeArticle, attach_files, create_draft, create_draft_in,
    execute_article, execute_article_in, link_interpretation, office_article,
};
pub use columns::{
    ColumnInput, approve_special_column, archive_column, create_column, edit_column,
};
pub use registry::{OfficeSite, execute_site, office_site, register_site};
