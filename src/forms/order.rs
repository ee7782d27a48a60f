//! Reordering a list: by keyboard (one step) or by drag and drop (any
//! distance). The result is the whole order, sent once per move to the
//! list's `…/order` endpoint.

/// The order after moving the item at `from` to `to` (clamped), or `None`
/// when nothing moves.
pub fn moved<T: Clone>(items: &[T], from: usize, to: usize) -> Option<Vec<T>> {
    if from >= items.len() {
        return None;
    }
    let to = to.min(items.len() - 1);
    if from == to {
        return None;
    }
    let mut out = items.to_vec();
    let item = out.remove(from);
    out.insert(to, item);
    Some(out)
}

/// Where Alt+↑ / Alt+↓ takes the item at `from` (`None` at the ends).
pub fn step(len: usize, from: usize, up: bool) -> Option<usize> {
    if up {
        from.checked_sub(1)
    } else {
        Some(from + 1).filter(|&to| to < len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves() {
        let v = ["a", "b", "c", "d"];
        assert_eq!(moved(&v, 1, 0), Some(vec!["b", "a", "c", "d"]));
        assert_eq!(moved(&v, 0, 3), Some(vec!["b", "c", "d", "a"]));
        assert_eq!(moved(&v, 3, 9), None);
        assert_eq!(moved(&v, 2, 2), None);
        assert_eq!(moved(&v, 7, 0), None);
        assert_eq!(step(4, 0, true), None);
        assert_eq!(step(4, 3, false), None);
        assert_eq!(step(4, 1, true), Some(0));
        assert_eq!(step(4, 1, false), Some(2));
    }
}
