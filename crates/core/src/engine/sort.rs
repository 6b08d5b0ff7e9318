//! Stable sorting compiled once for the whole app.
//!
//! The standard library's sort is generic over the item type and the
//! comparator, so every call site compiles its own copy of the sort
//! (3–5 KB of WASM each). These functions sort a list of indices with the
//! comparator behind `dyn` (one compiled sort in all) and then move the
//! items into that order: the same result as `slice::sort_by`, stable, in
//! O(n log n), with a much smaller bundle. Use them instead of the slice
//! methods everywhere in the app.
//!
//! For the same reason, [`map_of`] and [`set_of`] build sorted collections
//! by inserting: `collect()` into a `BTreeMap`/`BTreeSet` sorts its input
//! first, with one more compiled sort per key type.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// Sorts `items` stably by `compare` (as `slice::sort_by`).
pub fn sort_by<T>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    let mut order: Vec<usize> = (0..items.len()).collect();
    {
        let items: &[T] = items;
        let mut by_index = |a: &usize, b: &usize| match (items.get(*a), items.get(*b)) {
            (Some(a), Some(b)) => compare(a, b),
            _ => Ordering::Equal,
        };
        sort_indices(&mut order, &mut by_index);
    }
    permute(items, &mut order);
}

/// Sorts `items` stably by the key `key` gives (as `slice::sort_by_key`).
pub fn sort_by_key<T, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `items` stably in their natural order (as `slice::sort`).
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// A map of `entries`; a later entry replaces an earlier one of the same
/// key (as `collect` does).
pub fn map_of<K: Ord, V>(entries: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    map.extend(entries);
    map
}

/// A set of `items`.
pub fn set_of<T: Ord>(items: impl IntoIterator<Item = T>) -> BTreeSet<T> {
    let mut set = BTreeSet::new();
    set.extend(items);
    set
}

/// The one compiled sort: indices by a comparator behind `dyn`.
#[inline(never)]
fn sort_indices(order: &mut [usize], compare: &mut dyn FnMut(&usize, &usize) -> Ordering) {
    order.sort_by(compare);
}

/// Moves `items` so that position `i` holds the item that was at
/// `order[i]`, following each cycle of the permutation once; `order` is
/// left as the identity.
fn permute<T>(items: &mut [T], order: &mut [usize]) {
    for start in 0..order.len() {
        let mut current = start;
        while let Some(next) = order.get(current).copied() {
            if let Some(slot) = order.get_mut(current) {
                *slot = current;
            }
            if next == start || next == current || next >= items.len() {
                break;
            }
            items.swap(current, next);
            current = next;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Same order as the standard library's stable sort, ties included.
        #[test]
        fn matches_the_standard_stable_sort(items in proptest::collection::vec((0u8..6, any::<u16>()), 0..80)) {
            let mut ours = items.clone();
            let mut std_sorted = items;
            sort_by_key(&mut ours, |item| item.0);
            std_sorted.sort_by_key(|item| item.0);
            prop_assert_eq!(ours, std_sorted);
        }

        #[test]
        fn natural_order(items in proptest::collection::vec(any::<i32>(), 0..80)) {
            let mut ours = items.clone();
            let mut std_sorted = items;
            sort(&mut ours);
            std_sorted.sort();
            prop_assert_eq!(ours, std_sorted);
        }
    }

    #[test]
    fn collections_as_collect_builds_them() {
        let entries = [(3, "c"), (1, "a"), (3, "z"), (2, "b")];
        assert_eq!(
            map_of(entries),
            entries.into_iter().collect::<BTreeMap<_, _>>()
        );
        assert_eq!(
            set_of([5, 1, 5, 3]),
            [5, 1, 5, 3].into_iter().collect::<BTreeSet<_>>()
        );
    }

    #[test]
    fn reverse_and_owned_items() {
        let mut words: Vec<String> = ["pear", "fig", "apple", "kiwi"].map(String::from).to_vec();
        sort_by(&mut words, |a, b| b.cmp(a));
        assert_eq!(words, ["pear", "kiwi", "fig", "apple"]);
    }
}
