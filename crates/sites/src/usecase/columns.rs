//! The columns' use cases (WEB-COLUMNS): a site's administrators open, change, move and
//! archive columns and name their A/B editors (two different staff users holding the site
//! editor's role); a special column is opened by a unit and takes articles once a leader of the
//! supervising unit approved it. Each change is one transaction with its audit row; nothing is
//! deleted (an archived column keeps its articles, WEB-ARCHIVE).

use calendar::Instant;
use platform::audit::{self, AuditEvent};
use platform::db::{Db, Tx};
use platform::roles::Role;
use platform::workflow::Context;
use platform::{Error, Result};
use sqlx::Row as _;

use crate::column::{self, Column, ColumnKind, ColumnTree, Editors, SpecialOpening};
use crate::store::{columns as store, sites};
use crate::{Acting, ColumnId, SiteId, UnitId, UserId};

/// What the column form gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnInput {
    /// `None` for a first-level column.
    pub parent: Option<ColumnId>,
    pub name: String,
    pub kind: ColumnKind,
    pub responsible_unit: UnitId,
    pub editor_a: Option<UserId>,
    pub editor_b: Option<UserId>,
    /// A special column's opening unit (谁开设、谁保障); ignored for other types.
    pub special_opened_by: Option<UnitId>,
    /// Its place among its siblings (smaller first).
    pub position: i64,
}

/// WEB-COLUMNS: the editors given are active accounts holding the site editor's role.
async fn check_editors(tx: &mut Tx, editors: Editors) -> Result<()> {
    for (post, user) in [("A岗", editors.a), ("B岗", editors.b)] {
        let Some(user) = user else { continue };
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM users u JOIN user_roles r ON r.user_id = u.id \
             WHERE u.id = $1 AND u.active = 1 AND r.role = $2",
        )
        .bind(user.0)
        .bind(Role::SiteEditor.code())
        .fetch_one(&mut **tx)
        .await?;
        if row.try_get::<i64, _>("n")? == 0 {
            return Err(Error::invalid(format!(
                "{post}编辑应为在用的网站编辑账号（WEB-COLUMNS）"
            )));
        }
    }
    Ok(())
}

async fn check_unit(tx: &mut Tx, unit: UnitId) -> Result<()> {
    let row = sqlx::query("SELECT COUNT(*) AS n FROM units WHERE id = $1")
        .bind(unit.0)
        .fetch_one(&mut **tx)
        .await?;
    if row.try_get::<i64, _>("n")? == 0 {
        return Err(Error::invalid("栏目责任单位不存在"));
    }
    Ok(())
}

/// The column of `input` in `site` (its id `id`, opened at `opened_at`), checked.
fn column_of(
    id: ColumnId,
    site: SiteId,
    input: &ColumnInput,
    opened_at: Instant,
    before: Option<&Column>,
) -> Result<Column> {
    let special = (input.kind == ColumnKind::Special).then(|| SpecialOpening {
        opened_by: input.special_opened_by.unwrap_or(input.responsible_unit),
        // An approval stays with a special column whose opening unit did not change.
        approved: before
            .and_then(|b| b.special.as_ref())
            .filter(|s| Some(s.opened_by) == input.special_opened_by)
            .and_then(|s| s.approved.clone()),
    });
    let column = Column {
        id,
        site,
        parent: input.parent,
        name: input.name.trim().to_owned(),
        kind: input.kind,
        responsible_unit: input.responsible_unit,
        editors: Editors {
            a: input.editor_a,
            b: input.editor_b,
        },
        special,
        opened_at,
        archived_at: before.and_then(|b| b.archived_at),
    };
    column.check()?;
    Ok(column)
}

/// The tree of `site` with `column` in it (added or replacing its old self), checked.
async fn check_tree(tx: &mut Tx, site: SiteId, column: &Column) -> Result<()> {
    let mut all: Vec<Column> = store::of_site_in(tx, site)
        .await?
        .into_iter()
        .map(|stored| stored.column)
        .filter(|c| c.id != column.id)
        .collect();
    all.push(column.clone());
    let tree = ColumnTree::new(all)?;
    tree.check_move(column.id, column.parent)?;
    Ok(())
}

fn audit_detail(verb: &str, column: &Column) -> String {
    format!("{verb}栏目“{}”（{}）", column.name, column.kind.label_zh())
}

/// WEB-COLUMNS: opens a column in `site`. Returns its id.
pub async fn create_column(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    site: SiteId,
    input: ColumnInput,
) -> Result<ColumnId> {
    let now = context.now;
    let mut tx = db.begin().await?;
    let stored_site = sites::get_in(&mut tx, site).await?;
    column::may_manage(&stored_site.site, acting)?;
    let mut column = column_of(ColumnId(0), site, &input, now, None)?;
    check_unit(&mut tx, column.responsible_unit).await?;
    check_editors(&mut tx, column.editors).await?;
    if let Some(parent) = column.parent {
        let up = store::get_in(&mut tx, parent).await?;
        if up.column.site != site {
            return Err(Error::invalid("上级栏目属于其他网站"));
        }
    }
    let id = store::insert(&mut tx, &column, input.position, now.millis()).await?;
    column.id = id;
    let event = AuditEvent::new("sites.column.create", "site_column", id)
        .detail(audit_detail("开设", &column));
    audit::record(&mut tx, context.actor, event, now.millis()).await?;
    tx.commit().await?;
    Ok(id)
}

/// Loads a column and checks that `acting` keeps its site's columns.
async fn managed(tx: &mut Tx, acting: &Acting, id: ColumnId) -> Result<store::StoredColumn> {
    let stored = store::get_in(tx, id).await?;
    let site = sites::get_in(tx, stored.column.site).await?;
    column::may_manage(&site.site, acting)?;
    Ok(stored)
}

/// WEB-COLUMNS: changes a column (name, type, responsible unit, editors, parent, position),
/// keeping the tree a tree. Returns the new version.
pub async fn edit_column(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    id: ColumnId,
    input: ColumnInput,
    expected_version: i64,
) -> Result<i64> {
    let now = context.now;
    let mut tx = db.begin().await?;
    let stored = managed(&mut tx, acting, id).await?;
    let before = &stored.column;
    let column = column_of(id, before.site, &input, before.opened_at, Some(before))?;
    check_unit(&mut tx, column.responsible_unit).await?;
    check_editors(&mut tx, column.editors).await?;
    check_tree(&mut tx, before.site, &column).await?;
    let version = store::update(
        &mut tx,
        &column,
        input.position,
        expected_version,
        now.millis(),
    )
    .await?;
    let event = AuditEvent::new("sites.column.edit", "site_column", id)
        .detail(audit_detail("修改", &column));
    audit::record(&mut tx, context.actor, event, now.millis()).await?;
    tx.commit().await?;
    Ok(version)
}

/// WEB-FRESH (000 门户 §19): archives a column (merged, removed or archived): it takes no
/// more articles and is no longer watched; its published pages stay. Returns the new version.
pub async fn archive_column(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    id: ColumnId,
    expected_version: i64,
) -> Result<i64> {
    let now = context.now;
    let mut tx = db.begin().await?;
    let stored = managed(&mut tx, acting, id).await?;
    let mut column = stored.column;
    if column.archived_at.is_some() {
        return Err(Error::invalid(format!("栏目“{}”已归档", column.name)));
    }
    column.archived_at = Some(now);
    let version = store::update(
        &mut tx,
        &column,
        stored.position,
        expected_version,
        now.millis(),
    )
    .await?;
    let event = AuditEvent::new("sites.column.archive", "site_column", id)
        .detail(audit_detail("归档", &column));
    audit::record(&mut tx, context.actor, event, now.millis()).await?;
    tx.commit().await?;
    Ok(version)
}

/// WEB-COLUMNS (000 门户 §22): a leader of the site's supervising unit approves a special
/// column's opening. Returns the new version.
pub async fn approve_special_column(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    id: ColumnId,
    expected_version: i64,
) -> Result<i64> {
    let now = context.now;
    let mut tx = db.begin().await?;
    let stored = store::get_in(&mut tx, id).await?;
    let site = sites::get_in(&mut tx, stored.column.site).await?.site;
    let mut column = stored.column;
    column.approve_special(acting, site.registration().supervising_unit, now)?;
    let version = store::update(
        &mut tx,
        &column,
        stored.position,
        expected_version,
        now.millis(),
    )
    .await?;
    let event = AuditEvent::new("sites.column.approve_special", "site_column", id)
        .detail(audit_detail("审核同意开设专题", &column));
    audit::record(&mut tx, context.actor, event, now.millis()).await?;
    tx.commit().await?;
    Ok(version)
}
