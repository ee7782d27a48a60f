//! The logical-expression parser: syntax, every error kind with its
//! position, and properties against a naive evaluator.

use anytime_core::engine::expr::{parse, parse_syntax, Expr, ExprErrorKind, MAX_DEPTH};
use proptest::prelude::*;

#[test]
fn precedence_and_case() {
    let cases = [
        ("1", "1"),
        ("1 and 2 or 3", "1 AND 2 OR 3"),
        ("1 OR 2 AND 3", "1 OR 2 AND 3"),
        ("(1 OR 2) AND 3", "(1 OR 2) AND 3"),
        ("not 1 and 2", "NOT 1 AND 2"),
        ("NOT (1 AND 2)", "NOT (1 AND 2)"),
        ("nOt NoT 1", "NOT NOT 1"),
        ("1AND(2OR NOT3)", "1 AND (2 OR NOT 3)"),
        ("  ((1))  ", "1"),
        ("1 AND 2 AND 3", "1 AND 2 AND 3"),
        ("(1 AND 2) AND 3", "(1 AND 2) AND 3"),
    ];
    for (input, canonical) in cases {
        assert_eq!(parse_syntax(input).unwrap().to_string(), canonical, "{input}");
    }
    assert_eq!(
        parse_syntax("1 OR 2 AND NOT 3").unwrap(),
        Expr::Or(vec![Expr::Cond(1), Expr::And(vec![Expr::Cond(2), Expr::Not(Box::new(Expr::Cond(3)))])])
    );
}

#[test]
fn syntax_errors_name_their_position() {
    use ExprErrorKind::*;
    let cases: &[(&str, ExprErrorKind, Option<usize>, &str)] = &[
        ("", Empty, Some(1), "Write an expression"),
        ("   ", Empty, Some(1), "Write an expression"),
        ("1 AND", ExpectedOperand, Some(6), "Expected a condition number, NOT or '(' at 6, found the end."),
        ("1 AND OR 2", ExpectedOperand, Some(7), "at 7, found 'OR'"),
        ("1 AND (2 OR 3", UnclosedParenthesis, Some(7), "The '(' at 7 is never closed."),
        ("1 AND 2)", UnmatchedParenthesis, Some(8), "The ')' at 8 has no matching '('."),
        ("1 2", ExpectedOperator, Some(3), "Expected AND, OR or the end at 3, found '2'."),
        ("(1 2)", ExpectedOperator, Some(4), "Expected AND, OR, ')' or the end at 4"),
        ("1 && 2", UnexpectedCharacter, Some(3), "Unexpected '&' at 3 (write AND)."),
        ("1 | 2", UnexpectedCharacter, Some(3), "(write OR)"),
        ("!1", UnexpectedCharacter, Some(1), "(write NOT)"),
        ("1 XOR 2", UnknownWord, Some(3), "Unknown word 'XOR' at 3: use AND, OR or NOT."),
        ("()", ExpectedOperand, Some(2), "found ')'"),
        ("1 AND 99999999999", UnknownCondition, Some(7), "There is no condition '99999999999'"),
        ("é AND 1", UnknownWord, Some(1), "Unknown word 'é' at 1"),
        // Positions count characters, not bytes.
        ("1 AND ( é", UnknownWord, Some(9), "at 9"),
    ];
    for &(input, kind, position, message) in cases {
        let errors = parse(input, 3).unwrap_err();
        let e = &errors[0];
        assert_eq!((e.kind, e.position), (kind, position), "{input}: {e:?}");
        assert!(e.message.contains(message), "{input}: {:?} should contain {message:?}", e.message);
    }
}

#[test]
fn every_number_must_exist_and_every_condition_be_used() {
    let errors = parse("1 AND 4 OR 0", 3).unwrap_err();
    let summary: Vec<(ExprErrorKind, Option<usize>, &str)> =
        errors.iter().map(|e| (e.kind, e.position, e.message.as_str())).collect();
    assert_eq!(
        summary,
        vec![
            (ExprErrorKind::UnknownCondition, Some(7), "There is no condition 4 (at 7): use 1 to 3."),
            (ExprErrorKind::UnknownCondition, Some(12), "There is no condition 0 (at 12): use 1 to 3."),
            (ExprErrorKind::UnusedCondition, None, "Condition 2 is not used in the expression."),
            (ExprErrorKind::UnusedCondition, None, "Condition 3 is not used in the expression."),
        ]
    );
    let errors = parse("1", 0).unwrap_err();
    assert_eq!(errors[0].message, "There is no condition 1 (at 1): the list is empty.");
    assert!(parse("3 OR 2 AND 1 AND 1", 3).is_ok());
}

#[test]
fn nesting_is_bounded_and_the_error_names_where() {
    let parens = |n: usize| format!("{}1{}", "(".repeat(n), ")".repeat(n));
    let nots = |n: usize| format!("{}1", "NOT ".repeat(n));
    assert!(parse(&parens(MAX_DEPTH), 1).is_ok());
    assert!(parse(&nots(MAX_DEPTH), 1).is_ok());
    // The 33rd level opens at: the 33rd (; the 33rd NOT (1 + 32 × 4); the NOT of the 17th "NOT (".
    let cases = [(parens(MAX_DEPTH + 1), 33), (nots(MAX_DEPTH + 1), 129), ("NOT (".repeat(17) + "1", 81)];
    for (text, position) in cases {
        let e = &parse(&text, 1).unwrap_err()[0];
        assert_eq!((e.kind, e.position), (ExprErrorKind::TooDeep, Some(position)), "{text}");
        assert_eq!(
            e.message,
            format!("Nested too deeply at {position}: use at most 32 levels of parentheses and NOT.")
        );
    }
}

#[test]
fn a_condition_count_past_the_limit_is_refused_before_anything_is_sized_by_it() {
    let e = &parse("1", usize::MAX).unwrap_err()[0];
    assert_eq!((e.kind, e.position), (ExprErrorKind::TooManyConditions, None));
    assert!(e.message.starts_with("Use at most 500 conditions in one rule"));
    assert!(parse("1", 500).is_err(), "499 unused, said");
    assert_eq!(parse("1", 500).unwrap_err().len(), 499);
}

#[test]
fn hostile_depths_never_exhaust_a_small_stack() {
    // What aborted the server: 3,000 parentheses, 8,000 NOTs — and far more.
    // On a 256 KiB thread every one is a plain error.
    std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(|| {
            for n in [3_000, 8_000, 200_000] {
                let parens = format!("{}1{}", "(".repeat(n), ")".repeat(n));
                let nots = format!("{}1", "NOT ".repeat(n));
                let mixed = format!("{}1", "NOT (".repeat(n));
                for text in [parens, nots, mixed] {
                    let e = &parse(&text, 1).unwrap_err()[0];
                    assert_eq!(e.kind, ExprErrorKind::TooDeep);
                }
            }
        })
        .unwrap()
        .join()
        .unwrap();
}

/// A random spelling that nests exactly `depth` levels of '(' and NOT on
/// its deepest path (the generator is the oracle), with shallower siblings.
/// Also says whether the text is an AND/OR at its top, which NOT must not
/// wrap bare (it would bind to the first operand only).
fn nested_text(depth: usize, seed: &mut u64) -> (String, bool) {
    if depth == 0 {
        return (format!("{}", 1 + next(seed) % 3), false);
    }
    let (inner, combined) = nested_text(depth - 1, seed);
    let wrapped =
        if combined || next(seed).is_multiple_of(2) { format!("({inner})") } else { format!("NOT {inner}") };
    match next(seed) % 3 {
        0 => (wrapped, false),
        1 => {
            let (sibling, _) = nested_text(next(seed) as usize % depth.min(4), seed);
            (format!("{wrapped} AND {sibling}"), true)
        }
        _ => {
            let (sibling, _) = nested_text(next(seed) as usize % depth.min(4), seed);
            (format!("{sibling} OR {wrapped}"), true)
        }
    }
}

fn arb_expr(conditions: u32) -> impl Strategy<Value = Expr> {
    let leaf = (1..=conditions).prop_map(Expr::Cond);
    leaf.prop_recursive(5, 40, 4, |inner| {
        prop_oneof![
            inner.clone().prop_map(|e| Expr::Not(Box::new(e))),
            prop::collection::vec(inner.clone(), 2..4).prop_map(Expr::And),
            prop::collection::vec(inner, 2..4).prop_map(Expr::Or),
        ]
    })
}

/// The obvious recursive evaluator, for comparison.
fn naive(e: &Expr, values: &[bool]) -> bool {
    match e {
        Expr::Cond(n) => values[*n as usize - 1],
        Expr::Not(x) => !naive(x, values),
        Expr::And(xs) => xs.iter().fold(true, |acc, x| acc & naive(x, values)),
        Expr::Or(xs) => xs.iter().fold(false, |acc, x| acc | naive(x, values)),
    }
}

/// Random spellings of a tree: any keyword case, extra spaces, extra parentheses.
fn next(seed: &mut u64) -> u64 {
    *seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    *seed >> 33
}

fn spell(e: &Expr, seed: &mut u64, parent: u8) -> String {
    let kw = |k: &str, r: u64| match r % 3 {
        0 => k.to_lowercase(),
        1 => k.to_uppercase(),
        _ => {
            k.chars().enumerate().map(|(i, c)| if i % 2 == 0 { c.to_ascii_lowercase() } else { c }).collect()
        }
    };
    let (text, prec) = match e {
        Expr::Cond(n) => (n.to_string(), 3),
        Expr::Not(x) => {
            let r = next(seed);
            (format!("{} {}", kw("NOT", r), spell(x, seed, 3)), 3)
        }
        Expr::And(xs) | Expr::Or(xs) => {
            let (word, prec) = if matches!(e, Expr::And(_)) { ("AND", 2) } else { ("OR", 1) };
            let parts: Vec<String> = xs.iter().map(|x| spell(x, seed, prec + 1)).collect();
            let r = next(seed);
            (parts.join(&format!("{}{}{}", " ".repeat(1 + (r % 2) as usize), kw(word, r / 2), " ")), prec)
        }
    };
    let extra = next(seed).is_multiple_of(5);
    if prec < parent || extra {
        format!("({text})")
    } else {
        text
    }
}

proptest! {
    #[test]
    fn evaluator_agrees_with_naive(e in arb_expr(6), bits in 0u32..64) {
        let values: Vec<bool> = (0..6).map(|i| bits & (1 << i) != 0).collect();
        prop_assert_eq!(e.eval(&mut |n| values[n as usize - 1]), naive(&e, &values));
    }

    #[test]
    fn print_then_parse_is_stable(e in arb_expr(6)) {
        let printed = e.to_string();
        let parsed = parse_syntax(&printed).unwrap();
        prop_assert_eq!(&parsed, &e);
        prop_assert_eq!(parsed.to_string(), printed);
    }

    #[test]
    fn any_spelling_means_the_same(e in arb_expr(6), seed in any::<u64>(), bits in 0u32..64) {
        let mut s = seed;
        let text = spell(&e, &mut s, 0);
        let parsed = parse_syntax(&text).unwrap();
        let values: Vec<bool> = (0..6).map(|i| bits & (1 << i) != 0).collect();
        prop_assert_eq!(naive(&parsed, &values), naive(&e, &values), "{}", text);
        // Canonical printing is a fixed point.
        let canonical = parsed.to_string();
        prop_assert_eq!(parse_syntax(&canonical).unwrap().to_string(), canonical);
    }

    #[test]
    fn parser_never_panics(s in "[0-9a-zA-Z()&|! ]{0,40}") {
        let _ = parse(&s, 5);
    }

    /// Deep random expressions: accepted exactly when they nest at most
    /// MAX_DEPTH levels, refused as too deep otherwise — never a crash.
    #[test]
    fn deep_expressions_are_bounded(depth in 0usize..80, seed in any::<u64>()) {
        let mut s = seed;
        let (text, _) = nested_text(depth, &mut s);
        match parse_syntax(&text) {
            Ok(_) => prop_assert!(depth <= MAX_DEPTH, "{} levels accepted: {}", depth, text),
            Err(e) => {
                prop_assert!(depth > MAX_DEPTH, "{} levels refused: {} ({:?})", depth, text, e);
                prop_assert_eq!(e.kind, ExprErrorKind::TooDeep);
            }
        }
    }

    /// Random operator soup of any length never panics or overflows.
    #[test]
    fn random_soup_never_panics(parts in prop::collection::vec(prop_oneof![
        Just("("), Just(")"), Just("NOT "), Just(" AND "), Just(" OR "), Just("1"), Just("2"), Just(" ")
    ], 0..400)) {
        let text: String = parts.concat();
        let _ = parse(&text, 2);
    }
}
