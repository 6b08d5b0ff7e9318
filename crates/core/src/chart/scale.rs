//! The value axis: the one rule for a round scale.

use crate::engine::model::SAME_POINTS;

/// A value axis from 0 to `top` in steps of `step`, each step 1, 2, 2.5
/// or 5 times a power of ten, at most five of them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scale {
    pub step: f64,
    pub top: f64,
}

/// At most this many steps from 0 to the top.
const MAX_STEPS: f64 = 5.0;

impl Scale {
    /// The scale whose top is the first step at or above `high` (at least
    /// 1; a value that is not finite counts as 1).
    pub fn to_fit(high: f64) -> Scale {
        let high = if high.is_finite() { high.max(1.0) } else { 1.0 };
        let step = nice_step(high / MAX_STEPS);
        // Float noise must not add a step: 0.3 / 0.1 is 2.9999999999999996.
        let steps = (high / step - SAME_POINTS).ceil().max(1.0);
        Scale {
            step,
            top: steps * step,
        }
    }

    /// The labelled values, 0 to the top.
    pub fn ticks(&self) -> impl Iterator<Item = f64> + '_ {
        let count = (self.top / self.step).round() as usize;
        (0..=count).map(|i| i as f64 * self.step)
    }
}

/// The smallest of 1, 2, 2.5 and 5 times a power of ten at least `raw`.
fn nice_step(raw: f64) -> f64 {
    let power = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|s| *s >= raw * (1.0 - SAME_POINTS))
        .unwrap_or(10.0 * power)
}
