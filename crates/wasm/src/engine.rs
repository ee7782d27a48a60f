//! The package's operations on JSON text, in plain Rust: what the
//! JavaScript functions do, testable natively and used by the native
//! reference answers the Node tests compare against.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

use anytime_core::engine::clock::Zones;
use anytime_core::engine::{corpus, expr, impact, sla_due_times, Draft, Evaluator, Sample, Settings};
use anytime_core::*;

/// Why a call failed, as the JavaScript `Error` it becomes.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// `ValidationError`: every failing field with its contract path.
    Invalid(ValidationErrors),
    /// `ExpressionError`: every problem with its 1-based position.
    Expression(Vec<expr::ExprError>),
    /// `TypeError`: the input is not what the function takes.
    Input(String),
}

impl Failure {
    pub fn name(&self) -> &'static str {
        match self {
            Failure::Invalid(_) => "ValidationError",
            Failure::Expression(_) => "ExpressionError",
            Failure::Input(_) => "TypeError",
        }
    }

    pub fn message(&self) -> String {
        match self {
            Failure::Invalid(e) => match e.0.as_slice() {
                [one] => format!("{}: {}", one.field, one.message),
                many => format!(
                    "{} fields need attention; the first is {}: {}",
                    many.len(),
                    many[0].field,
                    many[0].message
                ),
            },
            Failure::Expression(errors) => errors.first().map(|e| e.message.clone()).unwrap_or_default(),
            Failure::Input(m) => m.clone(),
        }
    }

    /// The details a caller reacts to: `errors` (and `position` for expressions).
    pub fn details(&self) -> Value {
        match self {
            Failure::Invalid(e) => json!({ "errors": e.0 }),
            Failure::Expression(errors) => json!({
                "errors": errors,
                "position": errors.first().and_then(|e| e.position),
            }),
            Failure::Input(_) => json!({}),
        }
    }
}

pub type Answer = Result<String, Failure>;

/// JSON text → a value, read as the server reads a body (the core's
/// strict reader: objects only where objects belong, no NUL, nesting
/// bounded), with the path of what is wrong (`conditions[0].value`).
fn read<T: DeserializeOwned>(text: &str, what: &str) -> Result<T, Failure> {
    anytime_core::decode::from_str(text).map_err(|e| {
        if e.path.is_empty() {
            Failure::Input(format!("{what}: {}", e.message))
        } else {
            let mut errors = ValidationErrors::default();
            errors.add(e.path, e.message);
            Failure::Invalid(errors)
        }
    })
}

fn write<T: Serialize>(value: &T) -> Answer {
    serde_json::to_string(value).map_err(|e| Failure::Input(e.to_string()))
}

/// The agents, departments and fields references are checked against.
#[derive(serde::Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct ContextDoc {
    #[serde(default = "system_fields")]
    fields: Vec<Field>,
    #[serde(default)]
    agents: Vec<Agent>,
    #[serde(default)]
    departments: Vec<Department>,
}

fn check<T: DeserializeOwned + Validate + Serialize>(object: &str, ctx: &ContextDoc) -> Answer {
    let value: T = read(object, "object")?;
    let directory = Directory { agents: ctx.agents.clone(), departments: ctx.departments.clone() };
    value.validate(&Context::new(&ctx.fields, &directory)).map_err(Failure::Invalid)?;
    write(&value)
}

/// The kinds `validate` knows, as the API names its objects.
pub const KINDS: [&str; 11] = [
    "emailAccount",
    "routing",
    "customRule",
    "trigger",
    "slaPolicy",
    "workingTime",
    "holiday",
    "blockedSender",
    "field",
    "fieldMapping",
    "autoAllocation",
];

/// Validates one object of `kind`; answers it in canonical form (aliases
/// resolved, defaults filled) or every failing field.
pub fn validate(kind: &str, object: &str, context: Option<&str>) -> Answer {
    let ctx: ContextDoc = match context {
        Some(c) if c != "null" => read(c, "context")?,
        _ => ContextDoc { fields: system_fields(), ..ContextDoc::default() },
    };
    match kind {
        "emailAccount" => check::<EmailAccount>(object, &ctx),
        "routing" => check::<RoutingConfig>(object, &ctx),
        "customRule" => check::<CustomRule>(object, &ctx),
        "trigger" => check::<Trigger>(object, &ctx),
        "slaPolicy" => check::<SlaPolicy>(object, &ctx),
        "workingTime" => check::<WorkingTime>(object, &ctx),
        "holiday" => check::<Holiday>(object, &ctx),
        "blockedSender" => check::<BlockedSender>(object, &ctx),
        "field" => check::<Field>(object, &ctx),
        "fieldMapping" => check::<FieldMappingRequest>(object, &ctx),
        "autoAllocation" => check::<AutoAllocationSetting>(object, &ctx),
        other => Err(Failure::Input(format!(
            "Unknown kind '{other}'. Use {}.",
            anytime_core::validate::one_of(KINDS.iter().copied())
        ))),
    }
}

/// Parses a logical expression over `condition_count` conditions: its
/// canonical form and the condition numbers it uses, or every problem.
pub fn parse_expression(text: &str, condition_count: usize) -> Answer {
    let parsed = expr::parse(text, condition_count).map_err(Failure::Expression)?;
    write(&json!({ "expression": parsed.to_string() }))
}

/// Compiled settings, ready for many previews.
pub struct Engine {
    evaluator: Evaluator,
}

impl Engine {
    pub fn compile(settings: &str) -> Result<Engine, Failure> {
        let settings: Settings = read(settings, "settings")?;
        Ok(Engine { evaluator: Evaluator::compile(&settings, &Zones::new()) })
    }

    /// Why parts of the settings cannot take effect (e.g. an unknown zone).
    pub fn problems(&self) -> &[String] {
        &self.evaluator.problems
    }

    fn ready(mut sample: Sample, now: &str, index: Option<usize>) -> Result<Sample, Failure> {
        sample.validate().map_err(|e| {
            let mut errors = ValidationErrors::default();
            for f in e.0 {
                errors.add(index.map_or(f.field.clone(), |i| format!("[{i}].{}", f.field)), f.message);
            }
            Failure::Invalid(errors)
        })?;
        if sample.at.is_none() {
            sample.at = Some(now.to_owned());
        }
        Ok(sample)
    }

    /// What the settings do to one conversation, explained. A sample
    /// without `at` is evaluated at `now`, as the server does.
    pub fn preview(&self, sample: &str, now: &str) -> Answer {
        let sample = Self::ready(read(sample, "sample")?, now, None)?;
        write(&self.evaluator.preview(&sample))
    }

    /// Many conversations, counted: read straight from the text into the
    /// engine (the bulk path), or, when the text is not read that way, the
    /// strict way, which says what is wrong.
    pub fn preview_many(&self, samples: &str, now: &str) -> Answer {
        if let Ok(summary) = self.evaluator.preview_many_json(samples, instant(now)) {
            return write(&summary);
        }
        let samples: Vec<Sample> = read(samples, "samples")?;
        let samples = samples
            .into_iter()
            .enumerate()
            .map(|(i, s)| Self::ready(s, now, Some(i)))
            .collect::<Result<Vec<_>, _>>()?;
        write(&self.evaluator.preview_many(&samples))
    }

    pub fn condition_count(&self) -> usize {
        self.evaluator.condition_count()
    }
}

/// "Now" as an instant (`None` when it is not a time: samples then have no `at`).
fn instant(now: &str) -> Option<i64> {
    anytime_core::date::DateTime::parse(now).map(|t| t.unix_seconds())
}

/// Options of `compare_many`: how many changed conversations to list.
#[derive(serde::Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct CompareOptions {
    #[serde(default)]
    limit: Option<usize>,
}

/// What saving `draft` (a whole settings document, or `{kind, object}`)
/// would change against `saved` over `samples`: the core's impact, as
/// `POST …/preview/impact` answers it. Samples without `at` are at `now`.
pub fn compare_many(saved: &str, draft: &str, samples: &str, options: Option<&str>, now: &str) -> Answer {
    let saved: Settings = read(saved, "saved")?;
    let draft: Draft = read(draft, "draft")?;
    let options: CompareOptions = match options {
        Some(o) if o != "null" => read(o, "options")?,
        _ => CompareOptions::default(),
    };
    let limit = options.limit.unwrap_or(impact::DEFAULT_CHANGED_LISTED);
    if limit > impact::MAX_CHANGED_LISTED {
        return Err(Failure::Input(format!(
            "options.limit: list at most {} changed conversations.",
            impact::MAX_CHANGED_LISTED
        )));
    }
    draft.check(&saved).under("draft").into_result().map_err(Failure::Invalid)?;
    let zones = Zones::new();
    let before = Evaluator::compile(&saved, &zones);
    let after = Evaluator::compile(&draft.settings(&saved), &zones);
    if let Ok(answer) = impact::impact_json(&before, &after, samples, instant(now), limit) {
        return write(&answer);
    }
    let samples = read::<Vec<Sample>>(samples, "samples")?
        .into_iter()
        .enumerate()
        .map(|(i, s)| Engine::ready(s, now, Some(i)))
        .collect::<Result<Vec<_>, _>>()?;
    write(&impact(&before, &after, &samples, limit))
}

/// Options of `generate_samples`: the corpus, and the draft it is for.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct GenerateOptions {
    count: usize,
    #[serde(default)]
    seed: u64,
    #[serde(default)]
    start: Option<String>,
    /// With a draft, senders come from both blocked lists, as
    /// `POST …/preview/impact` generates them.
    #[serde(default)]
    draft: Option<Draft>,
}

/// The core's generated corpus: `{count, seed, start?, draft?}` (start:
/// the current week's Monday when absent).
pub fn generate_samples(settings: &str, spec: &str, now: &str) -> Answer {
    let settings: Settings = read(settings, "settings")?;
    let spec: GenerateOptions = read(spec, "options")?;
    if !(1..=corpus::MAX_SAMPLES).contains(&spec.count) {
        return Err(Failure::Input(format!(
            "options.count: generate 1 to {} conversations.",
            corpus::MAX_SAMPLES
        )));
    }
    let t = spec.start.as_deref().unwrap_or(now);
    let start = anytime_core::date::DateTime::parse(t).map(|d| d.unix_seconds()).ok_or_else(|| {
        Failure::Input(format!("options.start: '{t}' is not a time like 2026-12-07T00:00:00Z."))
    })?;
    let start = if spec.start.is_some() { start } else { corpus::week_start(start) };
    let samples = match &spec.draft {
        Some(d) => corpus::generate_for(&settings, &d.settings(&settings), spec.count, start, spec.seed),
        None => corpus::generate(&settings, spec.count, start, spec.seed),
    };
    write(&samples)
}

/// Samples from a file's text (JSON or CSV), or where the file is wrong.
pub fn read_sample_file(text: &str) -> Answer {
    write(&corpus::read_samples(text).map_err(Failure::Input)?)
}

/// A policy's due times from `created_time` (its conditions set aside).
pub fn sla_due(
    policy: &str,
    working_time: &str,
    holidays: &str,
    created_time: &str,
    last_contact_reply: Option<&str>,
) -> Answer {
    let policy: SlaPolicy = read(policy, "policy")?;
    let working_time: WorkingTime = read(working_time, "workingTime")?;
    let holidays: Vec<Holiday> = read(holidays, "holidays")?;
    let due =
        sla_due_times(&policy, &working_time, &holidays, created_time, last_contact_reply, &Zones::new())
            .map_err(Failure::Invalid)?;
    write(&due)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_answers_canonical_objects_or_every_path() {
        let ok = validate("holiday", r#"{"title":"Christmas","date":"2026-12-25"}"#, None).unwrap();
        assert_eq!(serde_json::from_str::<Value>(&ok).unwrap()["date"], "2026-12-25");
        let Err(Failure::Invalid(e)) = validate(
            "trigger",
            r#"{"description":"","event":9,"conditions":[{"fieldId":"subject","matchType":"moreThan","value":"x"}]}"#,
            None,
        ) else {
            panic!("expected a validation error")
        };
        let paths: Vec<&str> = e.0.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(paths, ["description", "event", "conditions[0].matchType"]);
        // A wrong JSON type is reported on its path too.
        let Err(Failure::Invalid(e)) = validate("holiday", r#"{"title":"X","date":["2026-12-25"]}"#, None)
        else {
            panic!()
        };
        assert_eq!(e.0[0].field, "date");
        assert!(
            matches!(validate("nope", "{}", None), Err(Failure::Input(m)) if m.starts_with("Unknown kind 'nope'"))
        );
        // An array where an object belongs: refused, with the server's words.
        let Err(Failure::Input(m)) = validate("trigger", r#"["","T",true,1]"#, None) else { panic!() };
        assert_eq!(m, "object: Expected an object, found an array.");
    }

    #[test]
    fn expressions_answer_canonical_text_or_positions() {
        assert_eq!(
            parse_expression("1 and (2 or not 3)", 3).unwrap(),
            r#"{"expression":"1 AND (2 OR NOT 3)"}"#
        );
        let Err(f @ Failure::Expression(_)) = parse_expression("1 OR (2", 2) else { panic!() };
        assert_eq!(f.details()["position"], 6);
        assert_eq!(f.message(), "The '(' at 6 is never closed.");
        let deep = format!("{}1{}", "(".repeat(3000), ")".repeat(3000));
        let Err(f @ Failure::Expression(_)) = parse_expression(&deep, 1) else { panic!() };
        assert_eq!(f.details()["errors"][0]["kind"], "tooDeep");
        assert_eq!(f.details()["position"], 33);
    }

    #[test]
    fn previews_fill_in_now_and_check_samples() {
        let engine = Engine::compile("{}").unwrap();
        let outcome: Value = serde_json::from_str(
            &engine.preview(r#"{"fields":{"subject":"x"}}"#, "2026-12-07T10:00:00Z").unwrap(),
        )
        .unwrap();
        assert_eq!(outcome["event"], 1);
        let Err(Failure::Invalid(e)) = engine.preview_many(r#"[{}, {"at":"soon"}]"#, "2026-12-07T10:00:00Z")
        else {
            panic!()
        };
        assert_eq!(e.0[0].field, "[1].at");
        assert!(matches!(Engine::compile("3"), Err(Failure::Input(_))));
        // The bulk path is as strict as the server: arrays for objects and NUL refused, with paths.
        for (text, path) in [
            (r#"[{}, [{"subject": "x"}, 1]]"#, "[1]"),
            (r#"[{"agents": [["ana", 2]]}]"#, "[0].agents[0]"),
            (r#"[{"fields": {"subject": "a\u0000b"}}]"#, "[0].fields.subject"),
        ] {
            let Err(Failure::Invalid(e)) = engine.preview_many(text, "2026-12-07T10:00:00Z") else {
                panic!("{text}")
            };
            assert_eq!(e.0[0].field, path, "{text}");
        }
    }
}
