//! Every version of an article and the difference of any two (WEB-REVIEW: each edit is kept
//! as a revision; reviewers compare what changed).

use platform::Result;
use platform::db::Db;

use crate::ArticleId;
use crate::diff::{self, ContentDiff};
use crate::store::articles::{self, Version};

/// Every revision of article `id`, oldest first (revision 1 is the draft).
pub async fn versions(db: &Db, id: ArticleId) -> Result<Vec<Version>> {
    articles::versions(db, id).await
}

/// One revision of article `id`.
pub async fn version(db: &Db, id: ArticleId, revision: u32) -> Result<Version> {
    articles::version(db, id, revision).await
}

/// WEB-REVIEW: what changed from revision `from` to revision `to` of article `id`, field by
/// field and line by line with the characters that differ.
pub async fn diff_versions(db: &Db, id: ArticleId, from: u32, to: u32) -> Result<ContentDiff> {
    let old = articles::version(db, id, from).await?;
    let new = articles::version(db, id, to).await?;
    Ok(diff::content(&old.content, &new.content))
}
