//! Stable sorting with one copy of the standard library's sort.
//!
//! `slice::sort_by` is generic over the element and the comparison, so
//! every call site compiles a sort of its own: 3–4 KB of WebAssembly each,
//! and the console had 22 of them. These sort the positions of the items
//! (always `usize`, compared through a `dyn`), so the sort itself is
//! compiled once, then put the items in place by swaps along the
//! permutation's cycles. A sort here is of a page's list or a run's
//! lines, where a call through a pointer costs nothing that matters.

use std::cmp::Ordering;

/// Sorts `items` by `compare`, keeping equal items in their order (as
/// `slice::sort_by` does).
pub fn sort_by<T>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    let order = positions(items.len(), &mut |a, b| compare(&items[a], &items[b]));
    permute(items, order);
}

/// Sorts `items` by `key`, keeping equal items in their order (as
/// `slice::sort_by_key` does).
pub fn sort_by_key<T, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `items` in their own order, keeping equal items in their order.
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// The positions `0..len` in the order `compare` gives them, equal ones in
/// their own order: the one instantiation of the sort.
#[inline(never)]
fn positions(len: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

/// Puts the item at `order[i]` in place `i`, for every `i`, by following
/// each cycle of the permutation with swaps.
fn permute<T>(items: &mut [T], mut order: Vec<usize>) {
    const DONE: usize = usize::MAX;
    for start in 0..items.len() {
        if order[start] == DONE {
            continue;
        }
        let mut place = start;
        loop {
            let from = std::mem::replace(&mut order[place], DONE);
            if from == start {
                break;
            }
            items.swap(place, from);
            place = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn small_cases() {
        let mut empty: Vec<u8> = vec![];
        sort(&mut empty);
        assert!(empty.is_empty());
        let mut one = vec![7];
        sort(&mut one);
        assert_eq!(one, [7]);
        let mut words = vec!["pear", "fig", "apple", "fig"];
        sort(&mut words);
        assert_eq!(words, ["apple", "fig", "fig", "pear"]);
        let mut by_len = vec!["pear", "fig", "apple", "kiwi", "yam"];
        sort_by_key(&mut by_len, |w| std::cmp::Reverse(w.len()));
        assert_eq!(by_len, ["apple", "pear", "kiwi", "fig", "yam"]);
    }

    proptest! {
        // The standard library's stable sort is the oracle: the same order,
        // equal keys included (the second half of each pair tells them apart).
        #[test]
        fn agrees_with_the_standard_stable_sort(items in proptest::collection::vec((0u8..6, 0u16..1000), 0..200)) {
            let mut ours = items.clone();
            sort_by_key(&mut ours, |&(k, _)| k);
            let mut theirs = items;
            theirs.sort_by_key(|&(k, _)| k);
            prop_assert_eq!(ours, theirs);
        }

        #[test]
        fn sorts_by_a_comparison(items in proptest::collection::vec(".{0,4}", 0..100)) {
            let mut ours = items.clone();
            sort_by(&mut ours, |a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
            let mut theirs = items;
            theirs.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
            prop_assert_eq!(ours, theirs);
        }
    }
}
