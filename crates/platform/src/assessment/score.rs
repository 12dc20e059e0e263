//! OPS-ASSESS, the pure half: a unit's figures for one domain and year, its score by the
//! weights of the rule profile (`profile.assessment`), and the formula printed under the
//! table. No database, runtime or clock read.

use crate::profile::{AssessmentRules, RuleProfile};

/// A ratio of two counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Ratio {
    pub numerator: u64,
    pub denominator: u64,
}

impl Ratio {
    pub const fn new(numerator: u64, denominator: u64) -> Ratio {
        Ratio {
            numerator,
            denominator,
        }
    }

    /// Hundredths of a percent (9_750 = 97.50 %), rounded down; `None` without a
    /// denominator.
    pub fn basis_points(self) -> Option<u64> {
        (self.denominator > 0).then(|| {
            (u128::from(self.numerator.min(self.denominator)) * 10_000
                / u128::from(self.denominator))
            .try_into()
            .unwrap_or(10_000)
        })
    }

    /// `97.50%`, or `—` without a denominator.
    pub fn percent_text(self) -> String {
        match self.basis_points() {
            Some(bp) => format!("{}.{:02}%", bp / 100, bp % 100),
            None => "—".into(),
        }
    }
}

/// What one unit did in one domain (subject kind) in the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Figures {
    /// 按时办结率: the main limit met of those concluded (released ones left out).
    pub timeliness: Ratio,
    /// The 12345 三率 (HL-RATES); `None` where the domain has no such rate.
    pub response: Option<Ratio>,
    pub completion: Option<Ratio>,
    pub satisfaction: Option<Ratio>,
    /// 好差评满意率: satisfied of all ratings (EVAL-ALL).
    pub evaluation: Ratio,
    /// Subjects whose main limit was breached.
    pub overdue: u64,
    /// Accountability events (HL-ACCOUNT).
    pub accountability: u64,
}

/// A unit's score: hundredths of a point (8_750 = 87.50 分); `None` when no weighted figure
/// had anything to count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Score {
    /// The weighted rates before deductions.
    pub base: Option<u64>,
    /// What the overdue subjects and accountability events took (capped).
    pub deduction: u64,
    pub total: Option<u64>,
}

impl Score {
    /// `87.50`, or `—`.
    pub fn text(self) -> String {
        points_text(self.total)
    }
}

/// Hundredths of a point as `87.50`, or `—`.
pub fn points_text(hundredths: Option<u64>) -> String {
    match hundredths {
        Some(h) => format!("{}.{:02}", h / 100, h % 100),
        None => "—".into(),
    }
}

/// OPS-ASSESS: the score of `figures` under `weights`: each rate with a denominator
/// contributes its weight × its percentage, divided by the sum of those weights (a rate with
/// nothing to count, or none in the domain, takes no part); then the deductions — tenths of a
/// point per overdue subject and per accountability event, at most `deduction_cap` points —
/// and never below 0.
pub fn score(figures: &Figures, weights: &AssessmentRules) -> Score {
    let parts = [
        (Some(figures.timeliness), weights.weight_timeliness),
        (figures.response, weights.weight_response),
        (figures.completion, weights.weight_completion),
        (figures.satisfaction, weights.weight_satisfaction),
        (Some(figures.evaluation), weights.weight_evaluation),
    ];
    let (mut weighted, mut weight_sum) = (0u128, 0u128);
    for (ratio, weight) in parts {
        if let Some(bp) = ratio.and_then(Ratio::basis_points)
            && weight > 0
        {
            weighted += u128::from(bp) * u128::from(weight);
            weight_sum += u128::from(weight);
        }
    }
    let base = (weight_sum > 0).then(|| u64::try_from(weighted / weight_sum).unwrap_or(10_000));
    let deduction_tenths = figures
        .overdue
        .saturating_mul(u64::from(weights.overdue_deduction_tenths))
        .saturating_add(
            figures
                .accountability
                .saturating_mul(u64::from(weights.accountability_deduction_tenths)),
        );
    let deduction = deduction_tenths
        .saturating_mul(10)
        .min(u64::from(weights.deduction_cap) * 100);
    Score {
        base,
        deduction,
        total: base.map(|base| base.saturating_sub(deduction)),
    }
}

fn tenths_text(tenths: u32) -> String {
    if tenths.is_multiple_of(10) {
        format!("{}", tenths / 10)
    } else {
        format!("{}.{}", tenths / 10, tenths % 10)
    }
}

/// The formula printed under the table, in the profile's weights and options.
pub fn formula_zh(profile: &RuleProfile) -> Vec<String> {
    let w = &profile.assessment;
    let satisfied = if profile.evaluation.satisfaction_counts_basically_satisfied {
        "“非常满意”“满意”“基本满意”"
    } else {
        "“非常满意”“满意”（“基本满意”不计入）"
    };
    vec![
        format!(
            "得分 =（按时办结率×{} + 响应率×{} + 办结率×{} + 满意率×{} + 好差评满意率×{}）÷ 有数据指标的权重之和 − 扣分，\
             最低 0 分，保留两位小数（其后舍去）；某项指标没有应计数（如政务服务办件无“三率”）时不参与计分，其权重不计入分母。",
            w.weight_timeliness,
            w.weight_response,
            w.weight_completion,
            w.weight_satisfaction,
            w.weight_evaluation
        ),
        format!(
            "扣分 = 超期件数×{} + 问责事件数×{}，最多扣 {} 分。",
            tenths_text(w.overdue_deduction_tenths),
            tenths_text(w.accountability_deduction_tenths),
            w.deduction_cap
        ),
        "按时办结率 = 主要时限（12345工单为办理时限，政务服务办件为承诺时限）按时办结数 ÷ 已办结数，\
         在时限内因退回、撤单而停止的不计；超期件数 = 主要时限超期办结的件数；均按计时开始日期计入年度，尚未办结的待办结时计入。"
            .into(),
        format!(
            "响应率、办结率、满意率按12345热线“三率”口径（见热线统计页）全年计算；好差评满意率 = 评价为{satisfied}的次数 ÷ 评价总次数，\
             按评价日期计入年度；问责事件数按记录日期计入年度。"
        ),
        "以上权重和扣分标准为平台默认值（000 §12345-27、002 考核制度 §6、004 §37–40 要求年度考核但未规定权重），\
         由系统管理员在本页或规则配置中修改，修改记入审计日志。"
            .into(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures(timeliness: (u64, u64), evaluation: (u64, u64)) -> Figures {
        Figures {
            timeliness: Ratio::new(timeliness.0, timeliness.1),
            evaluation: Ratio::new(evaluation.0, evaluation.1),
            ..Figures::default()
        }
    }

    /// OPS-ASSESS: the score of each case under the platform's default weights.
    #[test]
    fn ops_assess_scores_weigh_the_rates_with_figures_and_deduct_capped() {
        let weights = AssessmentRules::default();
        let hotline = Figures {
            response: Some(Ratio::new(90, 100)),
            completion: Some(Ratio::new(80, 100)),
            satisfaction: Some(Ratio::new(95, 100)),
            ..figures((85, 100), (9, 10))
        };
        let cases: [(&str, Figures, Option<u64>, u64); 7] = [
            // (30×85 + 15×90 + 20×80 + 20×95 + 15×90) ÷ 100 = 87.50
            ("all five", hotline, Some(8_750), 0),
            // 2 overdue × 0.5 + 1 accountability × 2 = 3 points.
            (
                "deductions",
                Figures {
                    overdue: 2,
                    accountability: 1,
                    ..hotline
                },
                Some(8_450),
                300,
            ),
            // 100 overdue would take 50 points: capped at 20.
            (
                "capped",
                Figures {
                    overdue: 100,
                    ..hotline
                },
                Some(6_750),
                2_000,
            ),
            // Services: no 三率: (30×100 + 15×50) ÷ 45 = 83.33.
            ("no rates", figures((10, 10), (1, 2)), Some(8_333), 0),
            // Nothing rated: timeliness alone.
            ("timeliness only", figures((3, 4), (0, 0)), Some(7_500), 0),
            ("nothing", figures((0, 0), (0, 0)), None, 0),
            // Never below 0.
            (
                "floor",
                Figures {
                    accountability: 20,
                    ..figures((1, 10), (0, 0))
                },
                Some(0),
                2_000,
            ),
        ];
        for (name, figures, total, deduction) in cases {
            let score = score(&figures, &weights);
            assert_eq!(score.total, total, "{name}");
            assert_eq!(score.deduction, deduction, "{name}");
        }
    }

    /// OPS-ASSESS: a weight of 0 takes a rate out; the formula prints the weights in force.
    #[test]
    fn ops_assess_weights_come_from_the_profile_and_are_printed() {
        let mut profile = RuleProfile::default();
        profile.assessment.weight_timeliness = 0;
        profile.assessment.weight_evaluation = 45;
        profile.assessment.overdue_deduction_tenths = 15;
        let figures = figures((0, 10), (8, 10));
        assert_eq!(score(&figures, &profile.assessment).total, Some(8_000));
        let text = formula_zh(&profile).join("\n");
        assert!(text.contains("按时办结率×0 + 响应率×15"), "{text}");
        assert!(text.contains("好差评满意率×45"), "{text}");
        assert!(
            text.contains("超期件数×1.5 + 问责事件数×2，最多扣 20 分"),
            "{text}"
        );
        assert_eq!(
            Score {
                base: None,
                deduction: 0,
                total: None
            }
            .text(),
            "—"
        );
        assert_eq!(points_text(Some(8_333)), "83.33");
    }
}
