//! The sites bench's articles, each lived through the pure article machine
//! (`sites::article::draft` and `apply`) by the people the use cases would check: drafted by
//! the column's A or B editor, sometimes edited by the other, submitted, sometimes sent back
//! and resubmitted, reviewed by the responsible unit's reviewer, a major one approved by its
//! leader, signed out by one of the office's publishers (WEB-REVIEW); a policy document with
//! its elements (WEB-ARTICLE), linked to the interpretations published after it (PUB-INTERPRET),
//! a few marked 废止 or 失效 later (PUB-ABOLISH), a few withdrawn (WEB-ARCHIVE); the newest
//! article of a few columns still on its way (a draft, with the reviewer or the publisher, or
//! scheduled). What each command did becomes the rows `sites::usecase` writes for it: the
//! snapshot (`site_articles`), every content version, one history row per event as the
//! kernel's `history::insert` writes it, and the served page with its approved digest
//! (`site_pages`, SEC-TAMPER). Not written: the audit rows and the in-app messages the
//! commands would add (as in the other benches).

use anyhow::anyhow;
use calendar::Instant;
use chrono::Duration;
use sites::article::{self, Article, Command, Content, Place, Status, Validity, describe};
use sites::column::ColumnKind;
use sites::registry::Site;
use sites::{Acting, ArticleId};

use super::generate::Rng;
use super::sites_columns::{PlannedColumn, window_ms};
use super::sites_texts;
use super::sites_world::{DAY, HostUnit, World};

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;

/// One history row, as `platform::workflow::history::insert` writes it.
pub(super) struct HistoryRow {
    pub at: i64,
    pub kind: &'static str,
    pub command: String,
    pub from: Option<&'static str>,
    pub to: &'static str,
    pub actor: Option<i64>,
    pub detail: String,
}

/// One content version (WEB-REVIEW: every revision kept).
pub(super) struct VersionRow {
    pub revision: u32,
    pub content: Content,
    pub by: Option<i64>,
    pub at: i64,
}

/// An article and what its commands wrote.
pub(super) struct Lived {
    pub article: Article,
    pub number: String,
    pub version: i64,
    pub updated_at: i64,
    /// The last command that changed the served page (publication, link, mark, withdrawal).
    pub page_updated_at: i64,
    pub versions: Vec<VersionRow>,
    pub history: Vec<HistoryRow>,
}

fn error(e: sites::SiteError) -> anyhow::Error {
    anyhow!("bench article refused: {e}")
}

impl Lived {
    /// WEB-COLUMNS: a draft by one of the column's editors at `at`.
    fn draft(
        id: ArticleId,
        place: Place<'_>,
        acting: &Acting,
        content: Content,
        major: bool,
        at: i64,
    ) -> anyhow::Result<Lived> {
        let (article, events) =
            article::draft(id, place, acting, content, major, Instant::from_millis(at))
                .map_err(error)?;
        let number = format!("{}-{}", place.site.registration().site_code, id.0);
        let mut lived = Lived {
            number,
            version: 1,
            updated_at: at,
            page_updated_at: at,
            versions: vec![VersionRow {
                revision: 1,
                content: article.content.clone(),
                by: Some(acting.user.0),
                at,
            }],
            history: Vec::new(),
            article,
        };
        lived.record(&events, "draft".into(), None, acting, at);
        Ok(lived)
    }

    fn record(
        &mut self,
        events: &[article::Event],
        command: String,
        from: Option<&'static str>,
        acting: &Acting,
        at: i64,
    ) {
        let to = self.article.status.code();
        let actor = (acting.user.0 != 0).then_some(acting.user.0);
        for event in events {
            let (kind, detail) = describe(event);
            self.history.push(HistoryRow {
                at,
                kind,
                command: command.clone(),
                from,
                to,
                actor,
                detail: detail.to_string(),
            });
        }
    }

    /// Runs `command` by `acting` at `at` (WEB-REVIEW: the table, who may act here, the
    /// records), as `article_machine::store` would store it.
    fn run(
        &mut self,
        place: Place<'_>,
        acting: &Acting,
        command: Command,
        at: i64,
    ) -> anyhow::Result<()> {
        let before = self.article.status;
        let (next, events) = article::apply(
            &self.article,
            &command,
            acting,
            place,
            Instant::from_millis(at),
        )
        .map_err(error)?;
        if next.revision != self.article.revision {
            self.versions.push(VersionRow {
                revision: next.revision,
                content: next.content.clone(),
                by: Some(acting.user.0),
                at,
            });
        }
        // What `article_machine::store` changes of the served page: a publication, a new
        // approved digest, a validity mark, a withdrawal.
        let published = next.status == Status::Published;
        let page_changed = (published
            && (before != Status::Published
                || next.approved_digest != self.article.approved_digest
                || next.validity != self.article.validity))
            || (next.status == Status::Withdrawn && before != Status::Withdrawn);
        if page_changed {
            self.page_updated_at = at;
        }
        self.article = next;
        self.version += 1;
        self.updated_at = at;
        let code = platform::workflow::command_code(&command.kind());
        self.record(&events, code, Some(before.code()), acting, at);
        Ok(())
    }

    /// Whether it was ever published (its page exists).
    pub fn has_page(&self) -> bool {
        self.article.published_at.is_some()
    }
}

/// Where the newest article of a column stops, when it is still on its way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stop {
    Draft,
    Reviewer,
    Publisher,
    Scheduled,
    Published,
}

/// The people of one column: its editors and reviewer (its responsible unit's), a leader.
pub(super) struct Crew<'a> {
    pub unit: &'a HostUnit,
    pub world: &'a World,
}

/// Lives one article of `column` whose publication is at `publish_at` (or stops on its way).
#[allow(clippy::too_many_arguments)]
fn live_one(
    rng: &mut Rng,
    crew: &Crew<'_>,
    site: &Site,
    column: &PlannedColumn,
    id: ArticleId,
    publish_at: i64,
    stop: Stop,
    index: u64,
) -> anyhow::Result<Lived> {
    let place = Place {
        site,
        column: &column.column,
    };
    let kind = column.column.kind;
    let span = HOUR * 2 + i64::try_from(rng.below(70)).unwrap_or(0) * HOUR;
    let start = (publish_at - span).max(column.column.opened_at.millis() + MINUTE);
    let step = ((publish_at - start) / 8).max(1);
    let mut at = start;
    let mut next = || {
        at += step;
        at
    };
    let author_b = rng.below(10) < 3;
    let author = crew.unit.editor(author_b);
    let major = matches!(
        kind,
        ColumnKind::News | ColumnKind::Notice | ColumnKind::Policy
    ) && rng.below(50) == 0;
    let code = site.registration().site_code.clone();
    let content = sites_texts::content(
        rng,
        kind,
        &crew.unit.name,
        &code,
        index,
        Instant::from_millis(start),
    );
    let mut lived = Lived::draft(id, place, &author, content, major, start)?;
    let other = crew.unit.editor(!author_b);
    if rng.below(25) == 0 {
        let content = sites_texts::edited(rng, &lived.article.content, &crew.unit.name);
        let edit = Command::Edit {
            content: Box::new(content),
            major,
        };
        lived.run(place, &other, edit, next())?;
    }
    if stop == Stop::Draft {
        return Ok(lived);
    }
    lived.run(place, &author, Command::Submit, next())?;
    let reviewer = crew.unit.reviewer();
    if rng.below(33) == 0 {
        let back = Command::SendBack {
            reason: "请补充工作成效和下一步安排".into(),
        };
        lived.run(place, &reviewer, back, next())?;
        let content = sites_texts::edited(rng, &lived.article.content, &crew.unit.name);
        let edit = Command::Edit {
            content: Box::new(content),
            major,
        };
        lived.run(place, &author, edit, next())?;
        lived.run(place, &author, Command::Submit, next())?;
    }
    if stop == Stop::Reviewer {
        return Ok(lived);
    }
    let opinion = "内容属实，同意发布".to_owned();
    lived.run(place, &reviewer, Command::Review { opinion }, next())?;
    if major {
        let opinion = "同意".to_owned();
        lived.run(
            place,
            &crew.unit.leader(),
            Command::ApproveMajor { opinion },
            next(),
        )?;
    }
    if stop == Stop::Publisher {
        return Ok(lived);
    }
    let publisher = crew.world.publisher(rng.below(16) as usize);
    let at = match stop {
        Stop::Scheduled => Some(Instant::from_millis(
            crew.world.now + HOUR + rng.below(72) as i64 * HOUR,
        )),
        _ => None,
    };
    lived.run(place, &publisher, Command::Publish { at }, publish_at)?;
    Ok(lived)
}

/// The articles of one site's columns, ids from `first_id` (in column order): phase one lives
/// each up to its publication, phase two links the interpretations to the site's policy
/// documents, phase three withdraws a few and marks a few policy documents.
pub(super) fn live_site(
    rng: &mut Rng,
    world: &World,
    site: &Site,
    columns: &[PlannedColumn],
    first_id: i64,
) -> anyhow::Result<Vec<(usize, Lived)>> {
    let mut lived: Vec<(usize, Lived)> = Vec::new();
    let mut next_id = first_id;
    // An archived column took its articles while it was open.
    let open: Vec<PlannedColumn> = columns
        .iter()
        .map(|planned| {
            let mut open = planned.clone();
            open.column.archived_at = None;
            open
        })
        .collect();
    for (at_column, (column, open)) in columns.iter().zip(&open).enumerate() {
        let Some(unit) = world.units.get(column.unit) else {
            continue;
        };
        let crew = Crew { unit, world };
        let n = column.articles;
        if n == 0 {
            continue;
        }
        let window = window_ms(world, column.column.kind);
        let roll = rng.below(100);
        let age = if roll < 75 {
            (window as f64 * 0.6 * rng.unit()) as i64
        } else if roll < 87 {
            (window as f64 * (0.6 + 0.4 * rng.unit())) as i64
        } else {
            (window as f64 * (1.0 + 2.0 * rng.unit())) as i64
        };
        let first = column.column.opened_at.millis() + DAY;
        let end = column.column.archived_at.map_or(world.now, Instant::millis);
        let last = (end - age).max(first + HOUR).min(world.now - HOUR);
        let busy = matches!(column.column.kind, ColumnKind::News | ColumnKind::Notice);
        let on_way = busy && column.column.archived_at.is_none() && rng.below(30) == 0;
        for k in 0..n {
            let publish_at = if n == 1 {
                last
            } else {
                first
                    + (last - first) * i64::try_from(k).unwrap_or(0)
                        / i64::try_from(n - 1).unwrap_or(1)
            };
            let stop = if on_way && k + 1 == n {
                match rng.below(4) {
                    0 => Stop::Draft,
                    1 => Stop::Reviewer,
                    2 => Stop::Publisher,
                    _ => Stop::Scheduled,
                }
            } else {
                Stop::Published
            };
            let publish_at = if stop == Stop::Published {
                publish_at
            } else {
                world.now - rng.below(48) as i64 * HOUR - HOUR
            };
            let id = ArticleId(next_id);
            next_id += 1;
            let one = live_one(rng, &crew, site, open, id, publish_at, stop, k)?;
            lived.push((at_column, one));
        }
    }
    link_interpretations(world, site, &open, &mut lived)?;
    after_life(rng, world, site, &open, &mut lived)?;
    Ok(lived)
}

/// PUB-INTERPRET: each published interpretation is linked, just after its publication, to the
/// newest policy document of the site published before it (by a publisher, as
/// `usecase::link_interpretation` checks: a published article of the same site).
fn link_interpretations(
    world: &World,
    site: &Site,
    columns: &[PlannedColumn],
    lived: &mut [(usize, Lived)],
) -> anyhow::Result<()> {
    let is = |lived: &Lived, kind: ColumnKind, columns: &[PlannedColumn], at: usize| {
        lived.article.status == Status::Published
            && columns.get(at).is_some_and(|c| c.column.kind == kind)
    };
    let mut readings: Vec<(i64, ArticleId)> = lived
        .iter()
        .filter(|(at, l)| is(l, ColumnKind::Interpretation, columns, *at))
        .filter_map(|(_, l)| l.article.published_at.map(|p| (p.millis(), l.article.id)))
        .collect();
    readings.sort_unstable();
    let mut policies: Vec<(i64, usize)> = lived
        .iter()
        .enumerate()
        .filter(|(_, (at, l))| is(l, ColumnKind::Policy, columns, *at))
        .filter_map(|(i, (_, l))| l.article.published_at.map(|p| (p.millis(), i)))
        .collect();
    policies.sort_unstable();
    for (published, reading) in readings {
        let before = policies.partition_point(|(p, _)| *p < published);
        let Some(&(_, index)) = before.checked_sub(1).and_then(|i| policies.get(i)) else {
            continue;
        };
        let Some((at_column, policy)) = lived.get_mut(index) else {
            continue;
        };
        let Some(column) = columns.get(*at_column) else {
            continue;
        };
        let place = Place {
            site,
            column: &column.column,
        };
        let at = (published + 10 * MINUTE).max(policy.updated_at + 1);
        let link = Command::LinkInterpretation {
            interpretation: reading,
        };
        policy.run(place, &world.publisher(index), link, at)?;
    }
    Ok(())
}

/// WEB-ARCHIVE, PUB-ABOLISH: one in two hundred published articles withdrawn, one in twelve
/// policy documents marked 废止 or 失效, each some time after its last command.
fn after_life(
    rng: &mut Rng,
    world: &World,
    site: &Site,
    columns: &[PlannedColumn],
    lived: &mut [(usize, Lived)],
) -> anyhow::Result<()> {
    for (index, (at_column, one)) in lived.iter_mut().enumerate() {
        if one.article.status != Status::Published {
            continue;
        }
        let Some(column) = columns.get(*at_column) else {
            continue;
        };
        let place = Place {
            site,
            column: &column.column,
        };
        let publisher = world.publisher(index);
        let later = one.updated_at + DAY + rng.below(300) as i64 * DAY;
        if one.article.content.policy.is_some() && rng.below(12) == 0 && later < world.now {
            let date = Instant::from_millis(later).to_datetime().date_naive();
            let abolished = rng.below(2) == 0;
            let (validity, note) = if abolished {
                (Validity::Abolished, "被新印发的实施方案废止".to_owned())
            } else {
                (Validity::Expired, "有效期届满".to_owned())
            };
            let since = one
                .article
                .content
                .policy
                .as_ref()
                .map_or(date, |p| p.written_on.max(date - Duration::days(1)));
            let mark = Command::MarkValidity {
                validity,
                since,
                note,
            };
            one.run(place, &publisher, mark, later)?;
        } else if rng.below(200) == 0 && later < world.now {
            let withdraw = Command::Withdraw {
                reason: "信息已过时效，撤稿归档".into(),
            };
            one.run(place, &publisher, withdraw, later)?;
        }
    }
    Ok(())
}
