//! Evaluation statistics (EVAL-ALL, OPS-ASSESS): per unit, service item or staff member over
//! a period, the count of each level, the satisfaction rate with its formula printed under
//! every table, the bad ratings and how many of them were rectified.

use calendar::Instant;
use sqlx::Row as _;

use super::model::{EvaluationStage, Level};
use crate::db::Db;
use crate::error::{Error, Result};
use crate::profile::RuleProfile;

/// HL-RATES, EVAL-ALL: how the satisfaction rate is computed, in the words printed under every
/// table. Whether 基本满意 counts is the profile's
/// `evaluation.satisfaction_counts_basically_satisfied`, the same switch as the 12345 三率.
pub fn satisfaction_formula(profile: &RuleProfile) -> String {
    let satisfied = if profile.evaluation.satisfaction_counts_basically_satisfied {
        "非常满意 + 满意 + 基本满意"
    } else {
        "非常满意 + 满意，“基本满意”不计入"
    };
    format!(
        "满意率 =（{satisfied}）÷ 评价总数 × 100%，百分比四舍五入保留两位小数（“基本满意”是否计入由规则配置 \
         evaluation.satisfaction_counts_basically_satisfied 决定，与12345热线“三率”相同，平台默认计入）；\
         差评数为开启整改任务的评价数（按评价时的差评起点），已整改数为其中整改已审核通过的数目"
    )
}

/// What the rows of a statistics table are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GroupBy {
    /// The responsible unit (every evaluation has one).
    Unit,
    /// The service item (evaluations with an item code).
    Item,
    /// The window clerk or handler rated (evaluations naming one).
    Staff,
    /// EVAL-ALL: the stage rated (咨询预约, 申请受理, 审查决定, 结果送达, or the whole subject).
    Stage,
}

impl GroupBy {
    /// 单位, 事项, 工作人员.
    pub const fn label_zh(self) -> &'static str {
        match self {
            GroupBy::Unit => "单位",
            GroupBy::Item => "事项",
            GroupBy::Staff => "工作人员",
            GroupBy::Stage => "评价环节",
        }
    }
}

/// The figures of one row (or of the whole period).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GroupStatistics {
    /// The unit id, the item code or the staff user id, as text.
    pub key: String,
    /// The unit name, the item code or the staff member's name.
    pub label: String,
    /// Counts by level, 非常满意 first (index = level − 1).
    pub per_level: [i64; 5],
    pub total: i64,
    /// The numerator of the satisfaction rate: levels 1–2, and 3 (基本满意) when the profile
    /// counts it.
    pub satisfied: i64,
    /// Evaluations that opened a rectification (EVAL-BAD).
    pub bad: i64,
    /// Bad evaluations whose rectification was accepted.
    pub rectified: i64,
}

impl GroupStatistics {
    /// The count of one level.
    pub fn count_of(&self, level: Level) -> i64 {
        self.per_level
            .get(
                usize::try_from(level.level())
                    .unwrap_or(0)
                    .saturating_sub(1),
            )
            .copied()
            .unwrap_or(0)
    }

    /// The satisfaction rate in hundredths of a percent (9_650 = 96.50%), `None` without
    /// evaluations.
    pub fn satisfaction_basis_points(&self) -> Option<i64> {
        (self.total > 0).then(|| (self.satisfied * 10_000 + self.total / 2) / self.total)
    }

    /// `96.50%`, or `—` without evaluations.
    pub fn satisfaction_rate_text(&self) -> String {
        match self.satisfaction_basis_points() {
            Some(bp) => format!("{}.{:02}%", bp / 100, bp % 100),
            None => "—".to_owned(),
        }
    }
}

/// A statistics table over `[from, until)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvaluationStatistics {
    pub group_by: GroupBy,
    pub from: Instant,
    pub until: Instant,
    /// One row per unit, item or staff member, by label.
    pub groups: Vec<GroupStatistics>,
    /// Every evaluation of the period, including those without an item or a staff member.
    pub overall: GroupStatistics,
    /// [`satisfaction_formula`] under the profile used, to print under the table.
    pub formula: String,
}

const AGGREGATES: &str = "COUNT(CASE WHEN e.level = 1 THEN 1 END) AS n1, \
    COUNT(CASE WHEN e.level = 2 THEN 1 END) AS n2, COUNT(CASE WHEN e.level = 3 THEN 1 END) AS n3, \
    COUNT(CASE WHEN e.level = 4 THEN 1 END) AS n4, COUNT(CASE WHEN e.level = 5 THEN 1 END) AS n5, \
    COUNT(*) AS total, COUNT(r.id) AS bad, \
    COUNT(CASE WHEN r.status = 'accepted' THEN 1 END) AS rectified";

fn figures_from_row(
    row: &sqlx::any::AnyRow,
    worst_satisfied: Level,
    key: String,
    label: String,
) -> Result<GroupStatistics> {
    let per_level = [
        row.try_get("n1")?,
        row.try_get("n2")?,
        row.try_get("n3")?,
        row.try_get("n4")?,
        row.try_get("n5")?,
    ];
    let satisfied_levels = usize::try_from(worst_satisfied.level()).unwrap_or(0);
    let satisfied = per_level.iter().take(satisfied_levels).sum();
    Ok(GroupStatistics {
        key,
        label,
        per_level,
        total: row.try_get("total")?,
        satisfied,
        bad: row.try_get("bad")?,
        rectified: row.try_get("rectified")?,
    })
}

/// The evaluation statistics of `[from, until)` grouped by unit, item or staff member; the
/// profile says whether 基本满意 counts as satisfied (HL-RATES).
pub async fn statistics(
    db: &Db,
    profile: &RuleProfile,
    group_by: GroupBy,
    from: Instant,
    until: Instant,
) -> Result<EvaluationStatistics> {
    let worst_satisfied = Level::worst_satisfied(profile);
    if until <= from {
        return Err(Error::invalid("统计截止时间应晚于开始时间"));
    }
    let (key, label, join, filter) = match group_by {
        GroupBy::Unit => (
            "CAST(e.unit_id AS TEXT)",
            "n.name",
            "JOIN units n ON n.id = e.unit_id",
            "",
        ),
        GroupBy::Item => (
            "e.item_code",
            "e.item_code",
            "",
            "AND e.item_code IS NOT NULL",
        ),
        GroupBy::Staff => (
            "CAST(e.staff_user_id AS TEXT)",
            "u.display_name",
            "JOIN users u ON u.id = e.staff_user_id",
            "",
        ),
        GroupBy::Stage => ("e.stage", "e.stage", "", ""),
    };
    let grouped = format!(
        "SELECT {key} AS group_key, {label} AS group_label, {AGGREGATES} \
         FROM evaluations e LEFT JOIN rectifications r ON r.evaluation_id = e.id {join} \
         WHERE e.created_at >= $1 AND e.created_at < $2 {filter} \
         GROUP BY {key}, {label} ORDER BY {label}, {key}"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(grouped))
        .bind(from.millis())
        .bind(until.millis())
        .fetch_all(&db.pool)
        .await?;
    let mut groups = rows
        .iter()
        .map(|row| {
            let key: String = row.try_get("group_key")?;
            let label: String = row.try_get("group_label")?;
            figures_from_row(row, worst_satisfied, key, label)
        })
        .collect::<Result<Vec<_>>>()?;
    if group_by == GroupBy::Stage {
        // EVAL-ALL: the stage's Chinese name, in the order of the flow.
        for group in &mut groups {
            group.label = EvaluationStage::parse(&group.key)?.label_zh().to_owned();
        }
        groups.sort_by_key(|group| {
            EvaluationStage::ALL
                .iter()
                .position(|stage| stage.code() == group.key)
        });
    }
    let overall_sql = format!(
        "SELECT {AGGREGATES} FROM evaluations e LEFT JOIN rectifications r ON r.evaluation_id = e.id \
         WHERE e.created_at >= $1 AND e.created_at < $2"
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(overall_sql))
        .bind(from.millis())
        .bind(until.millis())
        .fetch_one(&db.pool)
        .await?;
    let overall = figures_from_row(&row, worst_satisfied, String::new(), "合计".to_owned())?;
    Ok(EvaluationStatistics {
        group_by,
        from,
        until,
        groups,
        overall,
        formula: satisfaction_formula(profile),
    })
}
