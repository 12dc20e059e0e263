//! Anomaly warnings (HL-WARN, 000 §12345-18): a surge of appeals on one topic or place.

use platform::profile::HotlineRules;

/// HL-WARN: `current` appeals in this period against `recent_total` over `recent_periods`
/// earlier periods is a surge when `current ≥ surge_min_count` and `current` is at least
/// `surge_factor_percent` % of the recent average. With no history, reaching the minimum
/// count is a surge.
pub fn is_surge(
    current: u64,
    recent_total: u64,
    recent_periods: u64,
    rules: &HotlineRules,
) -> bool {
    if current < u64::from(rules.surge_min_count) {
        return false;
    }
    if recent_periods == 0 {
        return true;
    }
    // current / (total / periods) * 100 >= factor, in integers without division.
    u128::from(current) * u128::from(recent_periods) * 100
        >= u128::from(recent_total) * u128::from(rules.surge_factor_percent)
}
