//! Logical expressions over numbered conditions (contract §4):
//! `1 AND (2 OR NOT 3)`. Numbers are 1-based positions in the condition
//! list; `AND`, `OR`, `NOT` are case-insensitive; precedence NOT > AND > OR;
//! whitespace is free. Errors carry the 1-based character position and say
//! what was expected there. Hand-written: a regex engine would cost the
//! browser bundle hundreds of KB.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A parsed expression. Condition numbers are 1-based, as written.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Expr {
    Cond(u32),
    Not(Box<Expr>),
    And(Vec<Expr>),
    Or(Vec<Expr>),
}

/// What went wrong, for code that reacts to it (the UI underlines `position`).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ExprErrorKind {
    Empty,
    UnexpectedCharacter,
    UnknownWord,
    ExpectedOperand,
    ExpectedOperator,
    UnclosedParenthesis,
    UnmatchedParenthesis,
    UnknownCondition,
    UnusedCondition,
    /// More than [`MAX_DEPTH`] levels of parentheses and `NOT`.
    TooDeep,
    /// More conditions than a set may hold ([`crate::model::MAX_CONDITIONS`]).
    TooManyConditions,
}

/// How deeply parentheses and `NOT` may nest. Far beyond what a person
/// writes, and small enough that parsing, evaluating, printing and dropping
/// a tree can never exhaust a thread's stack (the browser's included).
pub const MAX_DEPTH: usize = 32;

/// A parse or reference error, with the 1-based character position it is
/// about (`None` for "condition 3 is not used", which is about the whole).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExprError {
    pub kind: ExprErrorKind,
    pub position: Option<usize>,
    /// How many characters from `position` the error covers (for underlining).
    pub length: usize,
    pub message: String,
}

impl fmt::Display for ExprError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ExprError {}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok {
    Num(u32),
    /// A number too large to be a condition.
    BigNum,
    And,
    Or,
    Not,
    LParen,
    RParen,
    End,
}

#[derive(Debug, Clone, Copy)]
struct Token {
    tok: Tok,
    /// 1-based character position and length in characters.
    pos: usize,
    len: usize,
}

fn describe(t: &Token, src: &[char]) -> String {
    match t.tok {
        Tok::End => "the end".to_owned(),
        _ => format!("'{}'", src[t.pos - 1..t.pos - 1 + t.len].iter().collect::<String>()),
    }
}

fn lex(src: &[char]) -> Result<Vec<Token>, ExprError> {
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < src.len() {
        let c = src[i];
        let start = i;
        let tok = if c.is_whitespace() {
            i += 1;
            continue;
        } else if c == '(' {
            i += 1;
            Tok::LParen
        } else if c == ')' {
            i += 1;
            Tok::RParen
        } else if c.is_ascii_digit() {
            while i < src.len() && src[i].is_ascii_digit() {
                i += 1;
            }
            let digits: String = src[start..i].iter().collect();
            digits.parse::<u32>().map_or(Tok::BigNum, Tok::Num)
        } else if c.is_alphabetic() {
            while i < src.len() && src[i].is_alphabetic() {
                i += 1;
            }
            let word: String = src[start..i].iter().collect();
            match word.to_ascii_uppercase().as_str() {
                "AND" => Tok::And,
                "OR" => Tok::Or,
                "NOT" => Tok::Not,
                _ => {
                    return Err(ExprError {
                        kind: ExprErrorKind::UnknownWord,
                        position: Some(start + 1),
                        length: i - start,
                        message: format!("Unknown word '{word}' at {}: use AND, OR or NOT.", start + 1),
                    })
                }
            }
        } else {
            let hint = match c {
                '&' => " (write AND)",
                '|' => " (write OR)",
                '!' => " (write NOT)",
                _ => "",
            };
            return Err(ExprError {
                kind: ExprErrorKind::UnexpectedCharacter,
                position: Some(start + 1),
                length: 1,
                message: format!("Unexpected '{c}' at {}{hint}.", start + 1),
            });
        };
        tokens.push(Token { tok, pos: start + 1, len: i - start });
    }
    tokens.push(Token { tok: Tok::End, pos: src.len() + 1, len: 0 });
    Ok(tokens)
}

struct Parser<'a> {
    src: &'a [char],
    tokens: Vec<Token>,
    next: usize,
    /// Open parentheses, for "unclosed" errors pointing at the '('.
    open: Vec<usize>,
    /// Position of each condition number, for reference errors.
    refs: Vec<(u32, usize, usize)>,
    /// Parentheses and `NOT`s around the token being parsed.
    depth: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Token {
        self.tokens[self.next]
    }

    fn bump(&mut self) -> Token {
        let t = self.tokens[self.next];
        self.next += 1;
        t
    }

    fn or(&mut self) -> Result<Expr, ExprError> {
        let mut items = vec![self.and()?];
        while self.peek().tok == Tok::Or {
            self.bump();
            items.push(self.and()?);
        }
        Ok(if items.len() == 1 { items.swap_remove(0) } else { Expr::Or(items) })
    }

    fn and(&mut self) -> Result<Expr, ExprError> {
        let mut items = vec![self.not()?];
        while self.peek().tok == Tok::And {
            self.bump();
            items.push(self.not()?);
        }
        Ok(if items.len() == 1 { items.swap_remove(0) } else { Expr::And(items) })
    }

    fn not(&mut self) -> Result<Expr, ExprError> {
        if self.peek().tok == Tok::Not {
            let t = self.bump();
            self.enter(t)?;
            let inner = self.not()?;
            self.depth -= 1;
            return Ok(Expr::Not(Box::new(inner)));
        }
        self.primary()
    }

    /// One level deeper, refused past [`MAX_DEPTH`] at the token that opens it.
    fn enter(&mut self, t: Token) -> Result<(), ExprError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(ExprError {
                kind: ExprErrorKind::TooDeep,
                position: Some(t.pos),
                length: t.len,
                message: format!(
                    "Nested too deeply at {}: use at most {MAX_DEPTH} levels of parentheses and NOT.",
                    t.pos
                ),
            });
        }
        Ok(())
    }

    fn primary(&mut self) -> Result<Expr, ExprError> {
        let t = self.bump();
        match t.tok {
            Tok::Num(n) => {
                self.refs.push((n, t.pos, t.len));
                Ok(Expr::Cond(n))
            }
            Tok::BigNum => Err(ExprError {
                kind: ExprErrorKind::UnknownCondition,
                position: Some(t.pos),
                length: t.len,
                message: format!("There is no condition {} (at {}).", describe(&t, self.src), t.pos),
            }),
            Tok::LParen => {
                self.enter(t)?;
                self.open.push(t.pos);
                let inner = self.or()?;
                let close = self.peek();
                if close.tok != Tok::RParen {
                    return Err(self.expected_operator(close));
                }
                self.bump();
                self.open.pop();
                self.depth -= 1;
                Ok(inner)
            }
            _ => Err(ExprError {
                kind: ExprErrorKind::ExpectedOperand,
                position: Some(t.pos),
                length: t.len.max(1),
                message: format!(
                    "Expected a condition number, NOT or '(' at {}, found {}.",
                    t.pos,
                    describe(&t, self.src)
                ),
            }),
        }
    }

    /// After a complete operand: only AND, OR, ')' (when one is open) or the end may follow.
    fn expected_operator(&self, t: Token) -> ExprError {
        if t.tok == Tok::End {
            if let Some(&open) = self.open.last() {
                return ExprError {
                    kind: ExprErrorKind::UnclosedParenthesis,
                    position: Some(open),
                    length: 1,
                    message: format!("The '(' at {open} is never closed."),
                };
            }
        }
        if t.tok == Tok::RParen && self.open.is_empty() {
            return ExprError {
                kind: ExprErrorKind::UnmatchedParenthesis,
                position: Some(t.pos),
                length: 1,
                message: format!("The ')' at {} has no matching '('.", t.pos),
            };
        }
        let close = if self.open.is_empty() { "" } else { ", ')'" };
        ExprError {
            kind: ExprErrorKind::ExpectedOperator,
            position: Some(t.pos),
            length: t.len.max(1),
            message: format!(
                "Expected AND, OR{close} or the end at {}, found {}.",
                t.pos,
                describe(&t, self.src)
            ),
        }
    }
}

/// Parses the syntax only; condition numbers are not checked.
pub fn parse_syntax(text: &str) -> Result<Expr, ExprError> {
    parse_with_refs(text).map(|(e, _)| e)
}

type Refs = Vec<(u32, usize, usize)>;

fn parse_with_refs(text: &str) -> Result<(Expr, Refs), ExprError> {
    let src: Vec<char> = text.chars().collect();
    let tokens = lex(&src)?;
    if tokens.len() == 1 {
        return Err(ExprError {
            kind: ExprErrorKind::Empty,
            position: Some(1),
            length: 0,
            message: "Write an expression, like 1 AND (2 OR 3).".to_owned(),
        });
    }
    let mut p = Parser { src: &src, tokens, next: 0, open: Vec::new(), refs: Vec::new(), depth: 0 };
    let expr = p.or()?;
    let t = p.peek();
    if t.tok != Tok::End {
        return Err(p.expected_operator(t));
    }
    Ok((expr, p.refs))
}

/// Parses and checks the expression against a list of `condition_count`
/// conditions: every number must exist and every condition must be used.
/// Returns every reference error (the first syntax error stops parsing).
pub fn parse(text: &str, condition_count: usize) -> Result<Expr, Vec<ExprError>> {
    // Before anything is sized by it: the count may come from a caller.
    if condition_count > crate::model::MAX_CONDITIONS {
        return Err(vec![ExprError {
            kind: ExprErrorKind::TooManyConditions,
            position: None,
            length: 0,
            message: crate::model::too_many_conditions(condition_count),
        }]);
    }
    let (expr, refs) = parse_with_refs(text).map_err(|e| vec![e])?;
    let mut errors = Vec::new();
    let mut used = vec![false; condition_count];
    for &(n, pos, len) in &refs {
        match used.get_mut((n as usize).wrapping_sub(1)) {
            Some(u) => *u = true,
            None => errors.push(ExprError {
                kind: ExprErrorKind::UnknownCondition,
                position: Some(pos),
                length: len,
                message: if condition_count == 0 {
                    format!("There is no condition {n} (at {pos}): the list is empty.")
                } else {
                    format!("There is no condition {n} (at {pos}): use 1 to {condition_count}.")
                },
            }),
        }
    }
    for (i, u) in used.iter().enumerate() {
        if !u {
            errors.push(ExprError {
                kind: ExprErrorKind::UnusedCondition,
                position: None,
                length: 0,
                message: format!("Condition {} is not used in the expression.", i + 1),
            });
        }
    }
    if errors.is_empty() {
        Ok(expr)
    } else {
        Err(errors)
    }
}

impl Expr {
    fn precedence(&self) -> u8 {
        match self {
            Expr::Or(_) => 1,
            Expr::And(_) => 2,
            Expr::Not(_) | Expr::Cond(_) => 3,
        }
    }

    fn write(&self, f: &mut fmt::Formatter<'_>, parent: u8) -> fmt::Result {
        let wrap = self.precedence() < parent;
        if wrap {
            f.write_str("(")?;
        }
        match self {
            Expr::Cond(n) => write!(f, "{n}")?,
            Expr::Not(inner) => {
                f.write_str("NOT ")?;
                inner.write(f, 3)?;
            }
            Expr::And(items) | Expr::Or(items) => {
                let (op, prec) = if matches!(self, Expr::And(_)) { (" AND ", 2) } else { (" OR ", 1) };
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(op)?;
                    }
                    // Same-precedence children are parenthesised so the tree
                    // shape survives a print → parse round trip.
                    item.write(f, prec + 1)?;
                }
            }
        }
        if wrap {
            f.write_str(")")?;
        }
        Ok(())
    }

    /// Evaluates with `cond(n)` giving condition `n` (1-based); short-circuits.
    pub fn eval(&self, cond: &mut impl FnMut(u32) -> bool) -> bool {
        match self {
            Expr::Cond(n) => cond(*n),
            Expr::Not(e) => !e.eval(cond),
            Expr::And(items) => items.iter().all(|e| e.eval(cond)),
            Expr::Or(items) => items.iter().any(|e| e.eval(cond)),
        }
    }
}

/// Canonical text: upper-case keywords, single spaces, only the parentheses
/// the tree needs.
impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(f, 0)
    }
}
