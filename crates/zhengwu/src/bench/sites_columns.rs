//! The sites bench's columns (WEB-COLUMNS): `--columns` spread evenly over the sites, each
//! site's tree made of fourteen first-level columns of every type (动态要闻 to 统计信息) and
//! second- and third-level columns under the busy ones; the host unit is responsible (on the
//! portal the departments each feed their own columns), its A and B editors write; special
//! columns opened by their unit and approved by the office; a few archived. Each column gets
//! its share of `--articles` by its type's weight times a heavy tail (a few columns hold
//! thousands, a few none: blank columns are counted), and the row as `store::columns` writes it,
//! with its latest publication and what the hourly freshness scan (`jobs::freshness`) would
//! have recorded at `now` — so the scan measured afterwards runs in its steady state.

use calendar::{Clock, Instant, Light};
use sites::column::{self, Column, ColumnKind, Editors, SpecialApproval, SpecialOpening};
use sites::{ColumnId, UnitId};

use super::generate::Rng;
use super::sites_world::{DAY, World};

/// The first-level columns of every site: name and type.
const FIRST_LEVEL: [(&str, ColumnKind); 14] = [
    ("工作动态", ColumnKind::News),
    ("通知公告", ColumnKind::Notice),
    ("政策文件", ColumnKind::Policy),
    ("政策解读", ColumnKind::Interpretation),
    ("人事信息", ColumnKind::Personnel),
    ("规划计划", ColumnKind::Plans),
    ("工作计划总结", ColumnKind::WorkPlans),
    ("单位概况", ColumnKind::Overview),
    ("专题专栏", ColumnKind::Special),
    ("机构职能", ColumnKind::Static),
    ("联系我们", ColumnKind::Static),
    ("统计信息", ColumnKind::Other),
    ("领导讲话", ColumnKind::Other),
    ("基层动态", ColumnKind::News),
];

/// Which first-level column (index into [`FIRST_LEVEL`]) each next lower column goes under,
/// in turn.
const PARENTS: [usize; 14] = [0, 13, 0, 1, 2, 8, 11, 3, 4, 0, 13, 1, 8, 5];

fn sub_names(kind: ColumnKind) -> &'static [&'static str] {
    match kind {
        ColumnKind::News => &["部门动态", "乡镇动态", "图片新闻", "媒体关注", "视频新闻"],
        ColumnKind::Notice => &["公示公告", "招标采购", "通知", "公告"],
        ColumnKind::Policy => &["规范性文件", "政府文件", "部门文件", "其他文件"],
        ColumnKind::Interpretation => &["文字解读", "图文解读", "媒体解读"],
        ColumnKind::Personnel => &["人事任免", "招考录用", "人才引进"],
        ColumnKind::Plans => &["发展规划", "专项规划"],
        ColumnKind::Special => &["专题", "专栏"],
        ColumnKind::Other => &["统计数据", "统计分析", "领导活动"],
        _ => &["其他"],
    }
}

/// The share of a column of each type in the articles (before the heavy tail).
fn weight(kind: ColumnKind) -> f64 {
    match kind {
        ColumnKind::News => 12.0,
        ColumnKind::Notice => 5.0,
        ColumnKind::Policy => 3.0,
        ColumnKind::Interpretation => 1.5,
        ColumnKind::Personnel => 1.0,
        ColumnKind::Plans => 0.6,
        ColumnKind::WorkPlans => 0.5,
        ColumnKind::Overview => 0.2,
        ColumnKind::Special => 2.0,
        ColumnKind::Static => 0.15,
        ColumnKind::Other => 2.0,
    }
}

/// A column as planned, with its share of the articles.
#[derive(Debug, Clone)]
pub(super) struct PlannedColumn {
    pub column: Column,
    /// Its place among its siblings.
    pub position: i64,
    /// Its stored version (a special column's approval and an archiving each add one).
    pub version: i64,
    /// The index of its responsible unit in `World::units`.
    pub unit: usize,
    pub articles: u64,
}

/// Plans `n_columns` columns over the world's sites (ids from `first_id`), sharing
/// `n_articles` articles; grouped by site, in id order.
pub(super) fn plan(
    world: &World,
    n_columns: u64,
    n_articles: u64,
    first_id: i64,
) -> Vec<Vec<PlannedColumn>> {
    let mut rng = Rng::new(0xC011_0A15_0000_0015);
    let n_sites = world.sites.len().max(1) as u64;
    let mut next_id = first_id;
    let mut all: Vec<Vec<PlannedColumn>> = Vec::with_capacity(world.sites.len());
    let mut weights = Vec::new();
    for (index, site) in world.sites.iter().enumerate() {
        let index_u64 = index as u64;
        let count = n_columns / n_sites + u64::from(index_u64 < n_columns % n_sites);
        let opened = site.site.opened_at.map_or(world.now, Instant::millis);
        let mut columns: Vec<PlannedColumn> = Vec::new();
        let mut children = [0usize; FIRST_LEVEL.len()];
        for j in 0..usize::try_from(count).unwrap_or(0) {
            let id = ColumnId(next_id);
            next_id += 1;
            let (parent, name, kind) = match FIRST_LEVEL.get(j) {
                Some((name, kind)) => (None, (*name).to_owned(), *kind),
                None => {
                    let k = j - FIRST_LEVEL.len();
                    let top = PARENTS[k % PARENTS.len()];
                    // Every fourth lower column from the third round goes one level deeper,
                    // under the column made a round before (same first-level column).
                    let parent = if k >= 2 * PARENTS.len() && k.is_multiple_of(4) {
                        columns.get(j - PARENTS.len()).map(|c| c.column.id)
                    } else {
                        columns.get(top).map(|c| c.column.id)
                    };
                    let kind = FIRST_LEVEL[top].1;
                    let names = sub_names(kind);
                    let n = children[top];
                    children[top] += 1;
                    let name = format!("{}{}", names[n % names.len()], n / names.len() + 1);
                    (parent, name, kind)
                }
            };
            // The portal's lower columns are the departments' (each feeds its own).
            let unit = if index == 0 && parent.is_some() {
                j % world.units.len()
            } else {
                site.host
            };
            let responsible = world.units.get(unit).map_or(UnitId(0), |u| u.id);
            let late = parent.is_some() && rng.below(100) < 15;
            let opened_at = if late {
                opened + DAY + i64::try_from(rng.below(730)).unwrap_or(0) * DAY
            } else {
                opened + 60 * 60_000 + i64::try_from(j).unwrap_or(0) * 60_000
            };
            let special = (kind == ColumnKind::Special).then(|| SpecialOpening {
                opened_by: responsible,
                approved: Some(SpecialApproval {
                    by: world.office_leader,
                    at: Instant::from_millis(opened_at + DAY),
                }),
            });
            let archived = parent.is_some() && j % 97 == 50;
            let archived_at =
                archived.then(|| Instant::from_millis(world.now - (30 + (j as i64 % 300)) * DAY));
            let editors = world
                .units
                .get(unit)
                .map_or_else(Editors::default, |u| Editors {
                    a: Some(u.editor_a),
                    b: Some(u.editor_b),
                });
            let column = Column {
                id,
                site: site.site.id,
                parent,
                name,
                kind,
                responsible_unit: responsible,
                editors,
                special,
                opened_at: Instant::from_millis(opened_at),
                archived_at,
            };
            // A heavy tail: most columns near their type's share, a few far above it; about
            // one in sixty columns with an update window stays blank.
            let tail = 1.0 / (1.0 - rng.unit() * 0.995).sqrt();
            let blank = kind.window(&world.profile).is_some() && rng.below(60) == 0;
            let share = if blank { 0.0 } else { weight(kind) * tail };
            weights.push(share);
            let position = i64::try_from(j).unwrap_or(0);
            columns.push(PlannedColumn {
                version: 1 + i64::from(kind == ColumnKind::Special) + i64::from(archived),
                column,
                position,
                unit,
                articles: 0,
            });
        }
        all.push(columns);
    }
    // Cumulative rounding: the shares add up to exactly `n_articles`.
    let total: f64 = weights.iter().sum();
    let mut cumulative = 0.0;
    let mut given = 0u64;
    let mut shares = weights.into_iter();
    for planned in all.iter_mut().flatten() {
        cumulative += shares.next().unwrap_or(0.0);
        let upto = if total > 0.0 {
            ((cumulative / total) * n_articles as f64).round() as u64
        } else {
            0
        };
        planned.articles = upto.min(n_articles).saturating_sub(given);
        given += planned.articles;
    }
    all
}

fn null_or(value: Option<i64>) -> String {
    value.map_or_else(|| "NULL".to_owned(), |v| v.to_string())
}

fn light_code(light: Light) -> &'static str {
    match light {
        Light::Green => "green",
        Light::Yellow => "yellow",
        Light::Red => "red",
    }
}

/// How long a column of `kind` may go without an article, in milliseconds (120 days for
/// the types without a window, as a typical pace).
pub(super) fn window_ms(world: &World, kind: ColumnKind) -> i64 {
    match kind.window(&world.profile) {
        Some(limit) => {
            let start = Instant::from_millis(world.now);
            Clock::new(start, limit).due(&world.calendar).at.millis() - world.now
        }
        None => 120 * DAY,
    }
}

/// The column's row as `store::columns` writes it, with its latest publication and the
/// freshness scan's findings at `now` (WEB-FRESH: warned for the due instant once yellow or
/// past it, marked stale for it once past it).
pub(super) fn row(world: &World, planned: &PlannedColumn, last_published: Option<i64>) -> String {
    let column = &planned.column;
    let now = Instant::from_millis(world.now);
    let last = last_published.map(Instant::from_millis);
    let freshness = column::freshness(column, last, now, &world.profile, &world.calendar);
    let (due, light, stale, blank, special, warned, stale_due, checked) = match &freshness {
        Some(f) => {
            let due = f.due.map(Instant::millis);
            let warned = due.filter(|_| f.stale || (f.light == Light::Yellow && !f.blank));
            (
                due,
                format!("'{}'", light_code(f.light)),
                f.stale,
                f.blank,
                f.special_untouched,
                warned,
                due.filter(|_| f.stale),
                Some(world.now),
            )
        }
        None => (
            None,
            "NULL".to_owned(),
            false,
            false,
            false,
            None,
            None,
            None,
        ),
    };
    let special_by = column.special.as_ref().map(|s| s.opened_by.0);
    let approved = column.special.as_ref().and_then(|s| s.approved.as_ref());
    let opened = column.opened_at.millis();
    format!(
        "({},{},{},{},'{}','{}',{},{},{},{},{},{},{},{},{},{},{light},{},{},{},{},{},{},{},{opened},{})",
        column.id.0,
        column.site.0,
        null_or(column.parent.map(|p| p.0)),
        planned.position,
        column.name,
        column.kind.code(),
        column.responsible_unit.0,
        null_or(column.editors.a.map(|u| u.0)),
        null_or(column.editors.b.map(|u| u.0)),
        null_or(special_by),
        null_or(approved.map(|a| a.by.0)),
        null_or(approved.map(|a| a.at.millis())),
        opened,
        null_or(column.archived_at.map(Instant::millis)),
        null_or(last_published),
        null_or(due),
        i64::from(stale),
        i64::from(blank),
        i64::from(special),
        null_or(warned),
        null_or(stale_due),
        null_or(checked),
        planned.version,
        column
            .archived_at
            .map_or(opened, Instant::millis)
            .max(opened),
    )
}

/// The columns of the INSERT that [`row`] fills.
pub(super) const INSERT: &str = "INSERT INTO site_columns (id, site_id, parent_id, position, \
    name, kind, responsible_unit_id, editor_a, editor_b, special_opened_by, special_approved_by, \
    special_approved_at, opened_at, archived_at, last_published_at, fresh_due_at, fresh_light, \
    fresh_stale, fresh_blank, fresh_special_untouched, fresh_warned_due, fresh_stale_due, \
    fresh_checked_at, version, created_at, updated_at)";
