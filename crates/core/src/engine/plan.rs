//! What-if projections and the cheapest plan to reach a target score.
//!
//! Scores here are points with the admin's statuses
//! ([`crate::engine::status::adjusted_points`]). A completed action earns its
//! full points possible, whatever its status.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::model::{DayScore, Points, Status, TenantHistory, SAME_POINTS};
use super::queue::{queue, ActionItem};
use super::status::Overrides;
use super::status::{adjusted_points, effective_earned, effective_status, scored_possible};
use crate::engine::sort::set_of;

/// The projected score of `day` if the actions `completed` were done: each
/// earns its full points possible. Unknown ids, repeats and [Not Scored]
/// actions add nothing.
pub fn project(
    day: &DayScore,
    overrides: &Overrides,
    today: NaiveDate,
    completed: &[&str],
) -> Points {
    let completed: BTreeSet<&str> = set_of(completed.iter().copied());
    day.controls
        .iter()
        .fold(Points::default(), |total, control| {
            let possible = scored_possible(control);
            let earned = if completed.contains(control.id.as_str()) {
                possible
            } else {
                effective_earned(control, overrides, today)
            };
            Points {
                earned: total.earned + earned,
                possible: total.possible + possible,
            }
        })
}

/// The projected score of `day` once every action whose status is Planned
/// (and not expired) is completed.
pub fn projected_with_planned(day: &DayScore, overrides: &Overrides, today: NaiveDate) -> Points {
    let planned: Vec<&str> = day
        .controls
        .iter()
        .filter(|c| effective_status(c, overrides, today) == Status::Planned)
        .map(|c| c.id.as_str())
        .collect();
    project(day, overrides, today, &planned)
}

/// The cheapest set of actions that reaches a target score.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// Ids of the actions to complete, in queue order.
    pub actions: Vec<String>,
    /// Sum of the actions' costs ([`action_cost`]).
    pub total_cost: u32,
    /// Projected score (points) once the actions are completed.
    pub reached: f64,
    /// The target score asked for (points).
    pub target: f64,
    /// False when even every candidate action falls short of the target.
    pub reachable: bool,
}

/// Cost of an action: user impact weight + implementation cost weight (2 to 6).
pub fn action_cost(item: &ActionItem) -> u32 {
    // The weights are small whole numbers; the cast saturates, never panics.
    item.effort().round() as u32
}

/// Above this many DP states the plan keeps the cheapest cost but breaks
/// ties by higher gain instead of fewer actions (far beyond real tenants:
/// 200 actions need at most about 16 million).
const MAX_COUNTED_STATES: usize = 40_000_000;

/// The cheapest plan (sum of [`action_cost`]) whose actions' gains bring the
/// day's score with admin statuses to `target` points. Exact (dynamic
/// programming over integer costs); among plans of equal cost: fewer actions,
/// then the higher projected score, then actions earlier in queue order.
/// Candidates are the default-queue scored actions with something to gain.
/// A target at or below the current score (or NaN) gives an empty, reachable
/// plan; a target out of reach gives every candidate, unreachable.
pub fn plan_to_target(
    history: &TenantHistory,
    day: &DayScore,
    overrides: &Overrides,
    today: NaiveDate,
    target: f64,
) -> Plan {
    let need = target - adjusted_points(day, overrides, today).earned;
    if need.is_nan() || need <= SAME_POINTS {
        return plan_of(day, overrides, today, target, &[], true);
    }
    let candidates: Vec<ActionItem> = queue(history, day, overrides, today)
        .into_iter()
        .filter(|item| item.in_default_queue() && item.scored && item.gain > 0.0)
        .collect();
    let knapsack: Vec<Candidate> = candidates
        .iter()
        .map(|item| Candidate {
            gain: item.gain,
            // Weights are at least 1 each: this never changes a real cost,
            // and the table needs positive costs.
            cost: (action_cost(item) as usize).max(1),
        })
        .collect();
    match cheapest_cover(&knapsack, need - SAME_POINTS, MAX_COUNTED_STATES) {
        Some(indices) => {
            let chosen: Vec<&ActionItem> =
                indices.iter().filter_map(|&i| candidates.get(i)).collect();
            plan_of(day, overrides, today, target, &chosen, true)
        }
        None => {
            let every: Vec<&ActionItem> = candidates.iter().collect();
            plan_of(day, overrides, today, target, &every, false)
        }
    }
}

fn plan_of(
    day: &DayScore,
    overrides: &Overrides,
    today: NaiveDate,
    target: f64,
    chosen: &[&ActionItem],
    reachable: bool,
) -> Plan {
    let ids: Vec<&str> = chosen.iter().map(|item| item.id.as_str()).collect();
    Plan {
        actions: ids.iter().map(|id| id.to_string()).collect(),
        total_cost: chosen
            .iter()
            .map(|item| action_cost(item))
            .fold(0, u32::saturating_add),
        reached: project(day, overrides, today, &ids).earned,
        target,
        reachable,
    }
}

/// An action as the knapsack sees it.
#[derive(Clone, Copy, Debug)]
struct Candidate {
    gain: f64,
    /// At least 1.
    cost: usize,
}

/// Indices (ascending) of the cheapest subset of `items` whose gains sum to
/// at least `need`, preferring fewer items unless that takes more than
/// `max_counted_states`; None when all of them together fall short.
fn cheapest_cover(items: &[Candidate], need: f64, max_counted_states: usize) -> Option<Vec<usize>> {
    let total_cost = items.iter().map(|i| i.cost).fold(0, usize::saturating_add);
    let by_cost = Table::fill(items, total_cost, None);
    let cheapest = (0..=total_cost).find(|&cost| by_cost.best(cost, 0) >= need)?;
    let min_cost = items.iter().map(|i| i.cost).min().unwrap_or(1).max(1);
    let max_count = (cheapest / min_cost).min(items.len());
    if Table::states(items, cheapest, max_count) > max_counted_states {
        return Some(by_cost.chosen(items, cheapest, 0));
    }
    let counted = Table::fill(items, cheapest, Some(max_count));
    let count = (0..=max_count).find(|&count| counted.best(cheapest, count) >= need)?;
    Some(counted.chosen(items, cheapest, count))
}

/// A 0/1 knapsack table: the best gain over subsets of the items with exact
/// total cost `c` (and, when counting, exactly `k` items), filled from the
/// last item to the first, with one bit per item and state recording whether
/// that item is in the best subset of the remaining items. Equal gains prefer
/// taking the earlier item, so [`Table::chosen`] returns the best subset
/// earliest in item order.
struct Table {
    best: Vec<f64>,
    max_cost: usize,
    counts: usize,
    taken: Vec<Bits>,
    counting: bool,
}

impl Table {
    /// Number of item states a counted table up to `max_cost` and
    /// `max_count` items would record.
    fn states(items: &[Candidate], max_cost: usize, max_count: usize) -> usize {
        let mut cost_so_far = 0usize;
        let mut states = 0usize;
        for (seen, item) in items.iter().rev().enumerate() {
            cost_so_far = cost_so_far.saturating_add(item.cost);
            let cols = cost_so_far.min(max_cost) + 1;
            let rows = (seen + 1).min(max_count) + 1;
            states = states.saturating_add(cols.saturating_mul(rows));
        }
        states
    }

    /// Fills the table up to `max_cost`, and up to `max_count` items when
    /// given (else the count is not tracked: every state has count 0).
    fn fill(items: &[Candidate], max_cost: usize, max_count: Option<usize>) -> Table {
        let counting = max_count.is_some();
        let max_count = max_count.unwrap_or(0);
        let counts = max_count + 1;
        let mut best = vec![f64::NEG_INFINITY; (max_cost + 1) * counts];
        if let Some(empty) = best.first_mut() {
            *empty = 0.0;
        }
        let step = usize::from(counting);
        let mut taken = Vec::with_capacity(items.len());
        let mut cost_so_far = 0usize;
        let (mut cheapest_item, mut dearest_item) = (usize::MAX, 1);
        for (seen, item) in items.iter().rev().enumerate() {
            cost_so_far = cost_so_far.saturating_add(item.cost);
            cheapest_item = cheapest_item.min(item.cost).max(1);
            dearest_item = dearest_item.max(item.cost);
            let top_cost = cost_so_far.min(max_cost);
            let top_count = (seen + 1).min(max_count);
            let mut bits = Bits::new(top_cost + 1, top_count + 1);
            // Row by row from the top cost down, so each row reads a lower
            // row this item has not updated yet (0/1 knapsack in place).
            for cost in (item.cost..=top_cost).rev() {
                // The counts a subset of this cost can have.
                let (fewest, most) = if counting {
                    let fewest = cost.div_ceil(dearest_item).max(1);
                    (fewest, (cost / cheapest_item).min(top_count))
                } else {
                    (0, 0)
                };
                if fewest > most {
                    continue;
                }
                let Some((lower, upper)) = best.split_at_mut_checked(cost * counts) else {
                    continue;
                };
                let start = (cost - item.cost) * counts;
                let (Some(without), Some(row)) = (
                    lower.get(start + fewest - step..=start + most - step),
                    upper.get_mut(fewest..=most),
                ) else {
                    continue;
                };
                for ((count, cell), &before) in (fewest..).zip(row).zip(without) {
                    let with_item = before + item.gain;
                    if before > f64::NEG_INFINITY && with_item >= *cell {
                        *cell = with_item;
                        bits.set(cost, count);
                    }
                }
            }
            taken.push(bits);
        }
        taken.reverse();
        Table {
            best,
            max_cost,
            counts,
            taken,
            counting,
        }
    }

    /// Best gain at exact cost and count; −∞ when no subset has them.
    fn best(&self, cost: usize, count: usize) -> f64 {
        if cost > self.max_cost || count >= self.counts {
            return f64::NEG_INFINITY;
        }
        self.best
            .get(cost * self.counts + count)
            .copied()
            .unwrap_or(f64::NEG_INFINITY)
    }

    /// Indices of the best subset at exact cost and count.
    fn chosen(&self, items: &[Candidate], mut cost: usize, mut count: usize) -> Vec<usize> {
        let mut chosen = Vec::new();
        for (index, (item, bits)) in items.iter().zip(&self.taken).enumerate() {
            if bits.get(cost, count) {
                chosen.push(index);
                cost = cost.saturating_sub(item.cost);
                count = count.saturating_sub(usize::from(self.counting));
            }
        }
        chosen
    }
}

/// A packed grid of bits indexed by (cost, count).
struct Bits {
    words: Vec<u64>,
    costs: usize,
    counts: usize,
}

impl Bits {
    fn new(costs: usize, counts: usize) -> Bits {
        Bits {
            words: vec![0; (costs * counts).div_ceil(64)],
            costs,
            counts,
        }
    }

    fn set(&mut self, cost: usize, count: usize) {
        if cost < self.costs && count < self.counts {
            let bit = cost * self.counts + count;
            if let Some(word) = self.words.get_mut(bit / 64) {
                *word |= 1 << (bit % 64);
            }
        }
    }

    fn get(&self, cost: usize, count: usize) -> bool {
        if cost >= self.costs || count >= self.counts {
            return false;
        }
        let bit = cost * self.counts + count;
        self.words
            .get(bit / 64)
            .is_some_and(|word| word >> (bit % 64) & 1 == 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BUDGET: usize = MAX_COUNTED_STATES;

    fn items(list: &[(f64, usize)]) -> Vec<Candidate> {
        list.iter()
            .map(|&(gain, cost)| Candidate { gain, cost })
            .collect()
    }

    #[test]
    fn exact_where_greedy_by_ratio_fails() {
        // a: 6 for 2 (ratio 3), b: 10 for 4 (ratio 2.5); need 10.
        // Greedy by ratio takes a then b (cost 6); b alone costs 4.
        let list = items(&[(6.0, 2), (10.0, 4)]);
        assert_eq!(cheapest_cover(&list, 10.0, BUDGET), Some(vec![1]));
    }

    #[test]
    fn equal_cost_prefers_fewer_actions() {
        // a + b: 5 + 5 for 2 + 2 = 4; c: 10 for 4. Both cost 4: c is one action.
        let list = items(&[(5.0, 2), (5.0, 2), (10.0, 4)]);
        assert_eq!(cheapest_cover(&list, 10.0, BUDGET), Some(vec![2]));
    }

    #[test]
    fn over_the_state_budget_keeps_the_cost_and_prefers_gain() {
        // Same items as above with no budget for counting: cost 4 either
        // way, equal gain 10, so the earlier items a + b win.
        let list = items(&[(5.0, 2), (5.0, 2), (10.0, 4)]);
        assert_eq!(cheapest_cover(&list, 10.0, 0), Some(vec![0, 1]));
    }

    #[test]
    fn equal_cost_and_count_prefers_more_gain_then_queue_order() {
        // Need 3; every single action of cost 2 reaches it: the one gaining
        // 5 wins over 4, and of the two gaining 5 the earlier one.
        let list = items(&[(4.0, 2), (5.0, 2), (5.0, 2)]);
        assert_eq!(cheapest_cover(&list, 3.0, BUDGET), Some(vec![1]));
    }

    #[test]
    fn out_of_reach_and_empty() {
        let list = items(&[(1.0, 2), (2.0, 3)]);
        // 1 + 2 = 3 < 3.5
        assert_eq!(cheapest_cover(&list, 3.5, BUDGET), None);
        assert_eq!(cheapest_cover(&list, 3.0, BUDGET), Some(vec![0, 1]));
        assert_eq!(cheapest_cover(&[], 1.0, BUDGET), None);
    }

    #[test]
    fn bits_ignore_out_of_range() {
        let mut bits = Bits::new(2, 3);
        bits.set(1, 2);
        bits.set(5, 0);
        assert!(bits.get(1, 2));
        assert!(!bits.get(0, 5));
        assert!(!bits.get(5, 0));
    }

    #[test]
    fn state_count_grows_with_items() {
        // Costs 2, 3 seen from the last: (2+1)*(1+1) = 6, then (5+1)*(2+1) = 18.
        assert_eq!(Table::states(&items(&[(1.0, 3), (1.0, 2)]), 10, 5), 6 + 18);
        // Capped at cost 4 and 1 item: (2+1)*2 + (4+1)*2 = 16.
        assert_eq!(Table::states(&items(&[(1.0, 3), (1.0, 2)]), 4, 1), 16);
    }
}
