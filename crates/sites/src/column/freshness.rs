//! Column freshness (WEB-FRESH): when a column next needs a new article, its light (CAL-LIGHT
//! with the profile's yellow rule, so editors are warned before it goes stale), and its
//! flags — stale, blank (no article ever: a single-veto item) and a special column untouched
//! for its window (to be merged, removed or archived) — with the national check's count of
//! them (reports.md §3 item 4). Pure. A column's `Marks` — its due update, the instant its
//! light leaves green and a special column's end of window — are computed once per change of
//! its inputs and stored; `freshness_at` reads its freshness at any instant from them alone.

use calendar::{Calendar, Clock, Instant, Light, Limit, LimitUnit};
use platform::clocks::light_rule;
use platform::profile::RuleProfile;

use crate::column::{Column, ColumnKind};

/// Where a column stands at an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Freshness {
    /// The update window of its type; `None` for types without one.
    pub window: Option<Limit>,
    /// The latest publication in it.
    pub last_update: Option<Instant>,
    /// The next due update: the last update (for a blank column, its opening) plus the
    /// window; `None` without a window.
    pub due: Option<Instant>,
    /// Green, yellow once the profile's yellow rule says the due time is near, red when past
    /// it; a blank column is red at once (it is a single-veto item as soon as it shows).
    pub light: Light,
    /// Past its due update with an article in it.
    pub stale: bool,
    /// No article ever.
    pub blank: bool,
    /// A special column past its window (`website.fresh_special_columns`): to be merged,
    /// removed or archived (000 门户 §19).
    pub special_untouched: bool,
}

/// The clock of a window from `since`.
fn clock(since: Instant, window: Limit) -> Clock {
    Clock::new(since, window)
}

/// WEB-FRESH: the freshness of `column` whose latest publication was `last_update`, at
/// `now`; `None` for an archived column, which is no longer watched.
pub fn freshness(
    column: &Column,
    last_update: Option<Instant>,
    now: Instant,
    profile: &RuleProfile,
    calendar: &Calendar,
) -> Option<Freshness> {
    if column.archived_at.is_some() {
        return None;
    }
    let window = column.kind.window(profile);
    let since = last_update.unwrap_or(column.opened_at);
    let blank = last_update.is_none();
    let due = window.map(|window| clock(since, window).due(calendar).at);
    let light = match window {
        _ if blank => Light::Red,
        Some(window) => clock(since, window).light(calendar, now, &light_rule(profile)),
        None => Light::Green,
    };
    let stale = !blank && due.is_some_and(|due| now > due);
    let special_untouched = column.kind == ColumnKind::Special && {
        let window = profile.website.fresh_special_columns.limit();
        now > clock(since, window).due(calendar).at
    };
    Some(Freshness {
        window,
        last_update,
        due,
        light,
        stale,
        blank,
        special_untouched,
    })
}

/// WEB-FRESH: the instants at which a column's freshness changes, from its type, opening and
/// last update under a rule profile and a work calendar. Stored with the column so that its
/// freshness at any instant is [`freshness_at`] of them, without reading every column again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Marks {
    /// The update window of its type; `None` for types without one.
    pub window: Option<Limit>,
    /// The latest publication in it; `None`: blank.
    pub last_update: Option<Instant>,
    /// The due update (`Freshness::due`).
    pub due_at: Option<Instant>,
    /// The first instant its light is no longer green: yellow from it, red after `due_at`
    /// (the instant after `due_at` when the yellow rule never lights); `None` without a window.
    pub warn_at: Option<Instant>,
    /// A special column: untouched after this instant (`website.fresh_special_columns`).
    pub special_due_at: Option<Instant>,
}

impl Marks {
    /// The first instant after `now` at which the freshness read from these marks changes;
    /// `None` when it never does.
    pub fn next_after(&self, now: Instant) -> Option<Instant> {
        let after = |at: Instant| Instant::from_millis(at.millis() + 1);
        [
            self.warn_at,
            self.due_at.map(after),
            self.special_due_at.map(after),
        ]
        .into_iter()
        .flatten()
        .filter(|at| *at > now)
        .min()
    }
}

/// WEB-FRESH: the first instant the light of `clock` (no pauses) is not green. The light only
/// moves from green to yellow to red as time passes (CAL-LIGHT), so this instant is exact: green
/// before it, yellow from it up to `due`, red after. Natural-time windows in closed form; a
/// working-time window by bisection on the light itself.
fn first_not_green(
    clock: &Clock,
    due: Instant,
    calendar: &Calendar,
    profile: &RuleProfile,
) -> Instant {
    let rule = light_rule(profile);
    let window = clock.limit();
    if !window.unit.counts_working_time() {
        // Yellow when (due - now) * 100 <= allowed * percent; red after due.
        if rule.yellow_percent == 0 {
            return Instant::from_millis(due.millis() + 1);
        }
        let allowed = i128::from(due.millis() - clock.start().millis());
        let ahead = allowed * i128::from(rule.yellow_percent) / 100;
        let ahead = i64::try_from(ahead.max(0)).unwrap_or(i64::MAX / 4);
        return Instant::from_millis(due.millis() - ahead);
    }
    debug_assert!(matches!(
        window.unit,
        LimitUnit::WorkingDays | LimitUnit::WorkingHours
    ));
    let lit = |at: i64| clock.light(calendar, Instant::from_millis(at), &rule) != Light::Green;
    let mut hi = due.millis() + 1;
    let mut span = (hi - clock.start().millis()).max(DAY_MILLIS);
    let mut lo = hi - 2 * span;
    while lit(lo) {
        span *= 2;
        lo = hi - 2 * span;
    }
    // lit(lo) is false, lit(hi) is true.
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if lit(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Instant::from_millis(hi)
}

const DAY_MILLIS: i64 = 86_400_000;

/// WEB-FRESH: the marks of `column` whose latest publication was `last_update` (archived or
/// not: the caller does not watch an archived column).
pub fn marks(
    column: &Column,
    last_update: Option<Instant>,
    profile: &RuleProfile,
    calendar: &Calendar,
) -> Marks {
    let window = column.kind.window(profile);
    let since = last_update.unwrap_or(column.opened_at);
    let (due_at, warn_at) = match window {
        Some(window) => {
            let clock = clock(since, window);
            let due = clock.due(calendar).at;
            (
                Some(due),
                Some(first_not_green(&clock, due, calendar, profile)),
            )
        }
        None => (None, None),
    };
    let special_due_at = (column.kind == ColumnKind::Special).then(|| {
        let window = profile.website.fresh_special_columns.limit();
        clock(since, window).due(calendar).at
    });
    Marks {
        window,
        last_update,
        due_at,
        warn_at,
        special_due_at,
    }
}

/// WEB-FRESH: the freshness at `now` of a watched column with `marks` — for every column and
/// every instant the same as [`freshness`] (proven by the tests).
pub fn freshness_at(marks: &Marks, now: Instant) -> Freshness {
    let blank = marks.last_update.is_none();
    let light = match (marks.due_at, marks.warn_at) {
        _ if blank => Light::Red,
        (Some(due), _) if now > due => Light::Red,
        (Some(_), Some(warn)) if now >= warn => Light::Yellow,
        _ => Light::Green,
    };
    Freshness {
        window: marks.window,
        last_update: marks.last_update,
        due: marks.due_at,
        light,
        stale: !blank && marks.due_at.is_some_and(|due| now > due),
        blank,
        special_untouched: marks.special_due_at.is_some_and(|due| now > due),
    }
}

/// WEB-FRESH (reports.md §3 item 3): the home page of a site opened at `opened_at`, whose
/// latest new information was `last_update`: due within `website.fresh_home_page`, stale
/// (a single veto) after it.
pub fn home_page(
    last_update: Option<Instant>,
    opened_at: Instant,
    now: Instant,
    profile: &RuleProfile,
    calendar: &Calendar,
) -> Freshness {
    let window = profile.website.fresh_home_page.limit();
    let since = last_update.unwrap_or(opened_at);
    let clock = clock(since, window);
    let due = clock.due(calendar).at;
    Freshness {
        window: Some(window),
        last_update,
        due: Some(due),
        light: clock.light(calendar, now, &light_rule(profile)),
        stale: now > due,
        blank: last_update.is_none(),
        special_untouched: false,
    }
}

/// The national check's single veto on columns (reports.md §3 item 4): 5 stale among the
/// news/dynamic columns and the first-level notice and policy-document columns together.
pub const STALE_CORE_VETO: usize = 5;
/// … or 10 stale columns of any type with a window.
pub const STALE_ANY_VETO: usize = 10;
/// … or 5 blank columns.
pub const BLANK_VETO: usize = 5;

/// WEB-FRESH: a site's columns counted as the national check counts them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FreshnessCount {
    /// Stale news/dynamic, first-level notice and first-level policy columns.
    pub stale_core: usize,
    /// Stale columns of any type.
    pub stale: usize,
    /// Blank columns.
    pub blank: usize,
    /// Yellow columns: stale soon.
    pub yellow: usize,
    /// Special columns untouched for their window.
    pub special_untouched: usize,
}

impl FreshnessCount {
    /// Counts `items`: each column's type, whether it is first-level, and its freshness.
    pub fn tally<'a>(items: impl IntoIterator<Item = (ColumnKind, bool, &'a Freshness)>) -> Self {
        let mut count = FreshnessCount::default();
        for (kind, first_level, freshness) in items {
            if freshness.stale {
                count.stale += 1;
                if kind.is_core(first_level) {
                    count.stale_core += 1;
                }
            }
            if freshness.blank {
                count.blank += 1;
            }
            if freshness.light == Light::Yellow {
                count.yellow += 1;
            }
            if freshness.special_untouched {
                count.special_untouched += 1;
            }
        }
        count
    }

    /// The single vetoes these counts fail, in words; empty when none.
    pub fn vetoes(&self) -> Vec<String> {
        let mut vetoes = Vec::new();
        if self.stale_core >= STALE_CORE_VETO {
            vetoes.push(format!(
                "动态要闻类及一级通知公告、政策文件类栏目有{}个未按时更新（达到{STALE_CORE_VETO}个即单项否决）",
                self.stale_core
            ));
        }
        if self.stale >= STALE_ANY_VETO {
            vetoes.push(format!(
                "应更新但长期未更新的栏目有{}个（达到{STALE_ANY_VETO}个即单项否决）",
                self.stale
            ));
        }
        if self.blank >= BLANK_VETO {
            vetoes.push(format!(
                "空白栏目有{}个（达到{BLANK_VETO}个即单项否决）",
                self.blank
            ));
        }
        vetoes
    }
}
