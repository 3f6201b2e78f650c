//! "Did you mean …?" for unknown chains, links, counties and columns.

/// The best match for `query` among `(key, label)` options, where `key` is
/// what the user should write and `label` a human name to show beside it.
/// A match is one whose key or label contains the query or is contained in
/// it (common with Chinese names: `加工厂` for `加工`), or is close in edit
/// distance.
#[must_use]
pub fn best_match<'a>(
    query: &str,
    options: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Option<(&'a str, &'a str)> {
    let query = query.trim();
    if query.is_empty() {
        return None;
    }
    let query_lower = query.to_lowercase();
    let mut best: Option<(f64, &str, &str)> = None;
    for (key, label) in options {
        let score = [key, label]
            .iter()
            .filter(|s| !s.is_empty())
            .map(|s| similarity(&query_lower, &s.to_lowercase()))
            .fold(0.0, f64::max);
        if score >= 0.5 && best.is_none_or(|(b, k, _)| score.total_cmp(&b).then_with(|| k.cmp(key)).is_gt()) {
            best = Some((score, key, label));
        }
    }
    best.map(|(_, key, label)| (key, label))
}

fn similarity(a: &str, b: &str) -> f64 {
    if a == b {
        return 1.0;
    }
    let (short, long) = if a.chars().count() <= b.chars().count() { (a, b) } else { (b, a) };
    if long.contains(short) {
        // Containment: the more of the longer string it covers, the better.
        #[allow(clippy::cast_precision_loss, reason = "name lengths are small")]
        let ratio = short.chars().count() as f64 / long.chars().count() as f64;
        return 0.6 + 0.4 * ratio;
    }
    // Edit distance ties often; a shared beginning is the better guess
    // (`sale` is nearer `sell` than `make`).
    let prefix = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count().min(4);
    strsim::normalized_levenshtein(a, b) + 0.05 * prefix as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn containment_and_typos() {
        let options = [("make", "加工"), ("tea-growing", "茶园种植")];
        assert_eq!(best_match("加工厂", options), Some(("make", "加工")));
        assert_eq!(best_match("tea-growin", options), Some(("tea-growing", "茶园种植")));
        assert_eq!(best_match("物流", options), None);
        let options = [("make", "加工"), ("sell", "销售")];
        assert_eq!(best_match("sale", options), Some(("sell", "销售")));
    }
}
