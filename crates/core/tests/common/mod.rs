//! What every imported history must hold, whatever the input: the
//! invariants ARCHITECTURE.md documents, asserted by the property tests.

use secure_score_core::engine::model::{TenantHistory, SAME_POINTS};

/// Panics, naming the day and control, unless `history` holds the engine's
/// invariants: days strictly by date; controls strictly by id, on every day
/// and in the history; every control's points finite and at least 0; each
/// day's categories adding up to its recomputed score. (A control Graph
/// reports above its maximum is kept as reported: the import warns.)
pub fn assert_invariants(history: &TenantHistory) {
    assert!(
        history.days.windows(2).all(|d| d[0].date < d[1].date),
        "days are not strictly by date"
    );
    assert!(
        history.controls.windows(2).all(|c| c[0].id < c[1].id),
        "the history's controls are not strictly by id"
    );
    for day in &history.days {
        assert!(
            day.controls.windows(2).all(|c| c[0].id < c[1].id),
            "{}: controls are not strictly by id",
            day.date
        );
        for c in &day.controls {
            assert!(
                c.earned.is_finite() && c.possible.is_finite(),
                "{} {}: points not finite: {} of {}",
                day.date,
                c.id,
                c.earned,
                c.possible
            );
            assert!(
                0.0 <= c.earned && 0.0 <= c.possible,
                "{} {}: {} of {} points",
                day.date,
                c.id,
                c.earned,
                c.possible
            );
        }
        let (earned, possible) = (day.earned(), day.possible());
        let categories = day.by_category();
        let sum = |f: fn(&(_, secure_score_core::engine::model::Points)) -> f64| {
            categories.iter().map(f).sum::<f64>()
        };
        assert!(
            (sum(|(_, p)| p.earned) - earned).abs() <= SAME_POINTS * earned.abs().max(1.0)
                && (sum(|(_, p)| p.possible) - possible).abs()
                    <= SAME_POINTS * possible.abs().max(1.0),
            "{}: the categories do not add up to the day",
            day.date
        );
    }
}
