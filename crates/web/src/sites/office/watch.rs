//! What the site group watches (WEB-FRESH, SEC-TAMPER): `/office/sites/freshness` lists the
//! stale and nearly stale columns of the viewer's units per responsible unit, each with its
//! light in words and colour, blank columns counted and marked 单项否决, special columns
//! untouched for their window flagged, and each site's counts as the national check counts
//! them; `/office/sites/alarms` lists the tamper check's alarms of the sites the viewer
//! administers or supervises.

use std::collections::{BTreeMap, HashMap};

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use calendar::{Instant, Light};
use platform::db::now_ms;
use platform::roles::Role;
use serde::Deserialize;
use sites::column::{self, FreshnessCount};
use sites::jobs::freshness::{self as fresh, ColumnFreshness};
use sites::store::pages;
use sites::{SiteId, UnitId, UserId};

use super::{Names, acting};
use crate::AppState;
use crate::chrome::{Chrome, date_of, minute_of};
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::Query;
use crate::staff::{Judged, Staff};

/// One column on the freshness page.
pub struct FreshLine {
    pub id: i64,
    pub site: String,
    pub name: String,
    pub kind: &'static str,
    pub light: (&'static str, &'static str),
    pub rank: u8,
    pub last_update: String,
    pub due: String,
    pub flags: Vec<String>,
}

/// The columns of one responsible unit.
pub struct UnitGroup {
    pub unit: String,
    pub lines: Vec<FreshLine>,
}

/// One site's counts (reports.md §3 item 4) and the vetoes they fail.
pub struct SiteCount {
    pub site: String,
    pub count: FreshnessCount,
    pub vetoes: Vec<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "office/sites_freshness.html")]
pub struct FreshnessPage {
    chrome: Chrome,
    groups: Vec<UnitGroup>,
    counts: Vec<SiteCount>,
    all: bool,
    shown: usize,
    special_window: String,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct FreshnessQuery {
    all: Option<String>,
}

const fn rank(light: Light) -> u8 {
    match light {
        Light::Red => 0,
        Light::Yellow => 1,
        Light::Green => 2,
    }
}

/// `GET /office/sites/freshness`: the columns of the sites the viewer's unit hosts, runs or
/// supervises, and elsewhere those the unit is responsible for or the viewer edits; red and
/// yellow ones unless `?all=1`.
pub async fn freshness(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Query(query): Query<FreshnessQuery>,
) -> Result<FreshnessPage, PageError> {
    let db = &state.platform.db;
    let actor = &staff.actor;
    let rules = Judged::load(&state, &staff).await?;
    let now = Instant::from_millis(now_ms());
    let names = Names::load(&state).await?;
    let editor = actor.has(Role::SiteEditor).then_some(UserId(actor.user_id));
    let mine = sites::usecase::office::sites_involving(db, UnitId(actor.unit_id), editor).await?;
    let all = query.all.is_some();
    let mut groups: BTreeMap<String, Vec<FreshLine>> = BTreeMap::new();
    let mut counts = Vec::new();
    for site_id in mine {
        let stored = sites::store::sites::get(db, site_id).await?;
        let registration = stored.site.registration();
        let whole = [
            registration.host_unit,
            registration.operator_unit,
            registration.supervising_unit,
        ]
        .contains(&UnitId(actor.unit_id));
        let report = fresh::report(db, Some(site_id), now, &rules.profile, &rules.calendar).await?;
        let visible: Vec<ColumnFreshness> = report
            .into_iter()
            .filter(|c| {
                whole
                    || c.column.responsible_unit.0 == actor.unit_id
                    || editor.is_some_and(|user| c.column.editors.includes(user))
            })
            .collect();
        if visible.is_empty() {
            continue;
        }
        let count = fresh::tally(&visible);
        counts.push(SiteCount {
            site: registration.name.clone(),
            vetoes: count.vetoes(),
            count,
        });
        for item in visible {
            let f = &item.freshness;
            let watched = f.light != Light::Green || f.blank || f.special_untouched;
            if !all && !watched {
                continue;
            }
            let mut flags = Vec::new();
            if f.blank {
                flags.push("空白栏目（单项否决）".to_owned());
            }
            if f.stale {
                flags.push("超期未更新".to_owned());
            } else if f.light == Light::Yellow {
                flags.push("即将超期".to_owned());
            }
            if f.special_untouched {
                flags.push("专题专栏超期未更新，应归档、合并或撤销".to_owned());
            }
            let unit = names.unit(item.column.responsible_unit.0);
            groups.entry(unit).or_default().push(FreshLine {
                id: item.column.id.0,
                site: registration.name.clone(),
                name: item.column.name.clone(),
                kind: item.column.kind.label_zh(),
                light: super::columns::light_of(f.light),
                rank: rank(f.light),
                last_update: f
                    .last_update
                    .map_or_else(|| "从未更新".to_owned(), |at| date_of(at.millis())),
                due: f
                    .due
                    .map_or_else(|| "不设期限".to_owned(), |at| date_of(at.millis())),
                flags,
            });
        }
    }
    let mut shown = 0;
    let groups = groups
        .into_iter()
        .map(|(unit, mut lines)| {
            lines.sort_by(|a, b| (a.rank, &a.due, &a.name).cmp(&(b.rank, &b.due, &b.name)));
            shown += lines.len();
            UnitGroup { unit, lines }
        })
        .collect();
    Ok(FreshnessPage {
        chrome: Chrome::office(&state, &csrf, actor).await?,
        groups,
        counts,
        all,
        shown,
        special_window: rules.profile.website.fresh_special_columns.0.label_zh(),
    })
}

/// One tamper alarm.
pub struct AlarmLine {
    pub at: String,
    pub site: String,
    pub article_id: i64,
    pub article: String,
    pub restored: bool,
    pub served: String,
    pub approved: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "office/sites_alarms.html")]
pub struct AlarmsPage {
    chrome: Chrome,
    lines: Vec<AlarmLine>,
    sites: usize,
}

fn short(digest: &str) -> String {
    match digest {
        "" => "—".to_owned(),
        digest => digest.chars().take(16).collect(),
    }
}

/// How many alarms the page lists.
const ALARMS: i64 = 500;

/// `GET /office/sites/alarms`: SEC-TAMPER, the alarms of the sites the viewer administers (a
/// leader of the host or operator unit, a publisher of the operator unit) or supervises.
pub async fn alarms(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
) -> Result<AlarmsPage, PageError> {
    let db = &state.platform.db;
    let acting = acting(&staff);
    let mut watched: HashMap<SiteId, String> = HashMap::new();
    for stored in sites::store::sites::list(db).await? {
        let site = &stored.site;
        let supervising = site.registration().supervising_unit;
        let admin = column::administrators(site)
            .iter()
            .any(|(unit, role)| acting.has_in(*role, *unit));
        if admin || acting.has_in(Role::UnitLeader, supervising) {
            watched.insert(site.id, site.registration().name.clone());
        }
    }
    let mut lines = Vec::new();
    if !watched.is_empty() {
        for alarm in pages::alarms(db, None, ALARMS).await? {
            let Some(site) = watched.get(&alarm.site) else {
                continue;
            };
            let article = sites::store::articles::get(db, alarm.article).await?;
            lines.push(AlarmLine {
                at: minute_of(alarm.found_at.millis()),
                site: site.clone(),
                article_id: alarm.article.0,
                article: format!("{}《{}》", article.number, article.article.content.title),
                restored: alarm.restored,
                served: short(&alarm.served_digest),
                approved: short(&alarm.approved_digest),
            });
        }
    }
    Ok(AlarmsPage {
        chrome: Chrome::office(&state, &csrf, &staff.actor).await?,
        lines,
        sites: watched.len(),
    })
}
