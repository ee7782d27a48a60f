//! `anytime-engine`: the core engine for portals, as WebAssembly with a
//! JavaScript API. Objects go in and come out as plain JSON-shaped values
//! (a string is read as JSON text); failures are thrown `Error`s whose
//! `name` says which (`ValidationError`, `ExpressionError`, `TypeError`)
//! and whose `errors` carry the contract's field paths or positions.

pub mod engine;

use js_sys::{Error, JsString, Reflect, Uint8Array, JSON};
use wasm_bindgen::prelude::*;

use engine::{Answer, Failure};

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = include_str!("../types.d.ts");

/// A JS value as JSON text (strings are taken as JSON text already).
fn text(value: &JsValue, what: &str) -> Result<String, JsValue> {
    if let Some(s) = value.dyn_ref::<JsString>() {
        return Ok(utf8(s));
    }
    // `JSON.stringify` answers `undefined` for `undefined`, functions and
    // symbols: not text, so refused with words like any other bad input.
    JSON::stringify(value)
        .ok()
        .and_then(|s| JsValue::from(s).dyn_into::<JsString>().ok())
        .map(|s| utf8(&s))
        .ok_or_else(|| thrown(&Failure::Input(format!("{what}: expected an object"))))
}

#[wasm_bindgen]
extern "C" {
    /// The platform's UTF-8 encoder (browsers, workers, Node).
    #[wasm_bindgen(js_name = TextEncoder)]
    type Utf8Encoder;
    #[wasm_bindgen(constructor, js_class = "TextEncoder")]
    fn new() -> Utf8Encoder;
    #[wasm_bindgen(method, js_class = "TextEncoder", js_name = encodeInto)]
    fn encode_into(this: &Utf8Encoder, source: &JsString, dest: &Uint8Array) -> Encoded;

    /// What `encodeInto` did: UTF-16 units read, bytes written.
    type Encoded;
    #[wasm_bindgen(method, getter)]
    fn read(this: &Encoded) -> u32;
    #[wasm_bindgen(method, getter)]
    fn written(this: &Encoded) -> u32;
}

thread_local! {
    static ENCODER: Utf8Encoder = Utf8Encoder::new();
}

/// A string's UTF-8, encoded by the platform straight into this module's
/// memory. wasm-bindgen's own copy walks ASCII one character at a time in
/// JavaScript: for a bulk run's samples (megabytes of JSON) that was a
/// sixth of the whole run. The same text either way: lone surrogates
/// become U+FFFD.
fn utf8(s: &JsString) -> String {
    let mut source = s.clone();
    // ASCII fits exactly; anything else comes in a second round. Zeroed,
    // so the view below only ever covers initialised bytes.
    let mut bytes = vec![0u8; source.length() as usize];
    let mut filled = 0;
    ENCODER.with(|encoder| loop {
        // SAFETY: the view covers the vector's bytes past those filled, and
        // nothing allocates in this module's memory (which could move or
        // grow it) before `encodeInto` returns.
        let view = unsafe { Uint8Array::view_mut_raw(bytes.as_mut_ptr().add(filled), bytes.len() - filled) };
        let done = encoder.encode_into(&source, &view);
        drop(view);
        filled += done.written() as usize;
        let (read, length) = (done.read(), source.length());
        if read >= length {
            break;
        }
        source = source.slice(read, length);
        bytes.resize(filled + source.length() as usize * 3, 0);
    });
    bytes.truncate(filled);
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

fn thrown(failure: &Failure) -> JsValue {
    let error = Error::new(&failure.message());
    error.set_name(failure.name());
    if let Ok(details) = JSON::parse(&failure.details().to_string()) {
        for key in ["errors", "position"] {
            if let Ok(v) = Reflect::get(&details, &key.into()) {
                if !v.is_undefined() {
                    let _ = Reflect::set(&error, &key.into(), &v);
                }
            }
        }
    }
    error.into()
}

fn answer(result: Answer) -> Result<JsValue, JsValue> {
    let json = result.map_err(|f| thrown(&f))?;
    JSON::parse(&json)
}

fn now() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

/// Checks one object as the server would; answers it in canonical form.
#[wasm_bindgen(unchecked_return_type = "Record<string, unknown>")]
pub fn validate(
    #[wasm_bindgen(unchecked_param_type = "ObjectKind")] kind: &str,
    #[wasm_bindgen(unchecked_param_type = "object | string")] object: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ValidationContext")] context: Option<js_sys::Object>,
) -> Result<JsValue, JsValue> {
    let context = context.map(|c| text(&c, "context")).transpose()?;
    answer(engine::validate(kind, &text(&object, "object")?, context.as_deref()))
}

/// Reads a logical expression over `conditionCount` conditions.
#[wasm_bindgen(js_name = parseExpression, unchecked_return_type = "ParsedExpression")]
pub fn parse_expression(
    text: &str,
    #[wasm_bindgen(js_name = conditionCount)] condition_count: usize,
) -> Result<JsValue, JsValue> {
    answer(engine::parse_expression(text, condition_count))
}

/// A policy's first-response, next-response and resolution due times.
#[wasm_bindgen(js_name = slaDueTimes, unchecked_return_type = "SlaResult")]
pub fn sla_due_times(
    #[wasm_bindgen(unchecked_param_type = "SlaPolicy | string")] policy: JsValue,
    #[wasm_bindgen(js_name = workingTime, unchecked_param_type = "WorkingTime | string")]
    working_time: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Holiday[] | string")] holidays: JsValue,
    #[wasm_bindgen(js_name = createdTime)] created_time: &str,
    #[wasm_bindgen(js_name = lastContactReplyTime)] last_contact_reply_time: Option<String>,
) -> Result<JsValue, JsValue> {
    let holidays = if holidays.is_undefined() || holidays.is_null() {
        "[]".to_owned()
    } else {
        text(&holidays, "holidays")?
    };
    answer(engine::sla_due(
        &text(&policy, "policy")?,
        &text(&working_time, "workingTime")?,
        &holidays,
        created_time,
        last_contact_reply_time.as_deref(),
    ))
}

/// What saving a draft would change over many conversations (contract §13).
#[wasm_bindgen(js_name = compareMany, unchecked_return_type = "Impact")]
pub fn compare_many(
    #[wasm_bindgen(unchecked_param_type = "Settings | string")] saved: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Draft | string")] draft: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Sample[] | string")] samples: JsValue,
    #[wasm_bindgen(unchecked_param_type = "CompareOptions")] options: Option<js_sys::Object>,
) -> Result<JsValue, JsValue> {
    let options = options.map(|o| text(&o, "options")).transpose()?;
    answer(engine::compare_many(
        &text(&saved, "saved")?,
        &text(&draft, "draft")?,
        &text(&samples, "samples")?,
        options.as_deref(),
        &now(),
    ))
}

/// Varied conversations over the settings' fields, the same ones for the same options.
#[wasm_bindgen(js_name = generateSamples, unchecked_return_type = "Sample[]")]
pub fn generate_samples(
    #[wasm_bindgen(unchecked_param_type = "Settings | string")] settings: JsValue,
    #[wasm_bindgen(unchecked_param_type = "GenerateOptions")] options: js_sys::Object,
) -> Result<JsValue, JsValue> {
    answer(engine::generate_samples(&text(&settings, "settings")?, &text(&options, "options")?, &now()))
}

/// Samples from a JSON or CSV file's text; a `TypeError` names the sample and line that is wrong.
#[wasm_bindgen(js_name = readSamples, unchecked_return_type = "Sample[]")]
pub fn read_samples(text: &str) -> Result<JsValue, JsValue> {
    answer(engine::read_sample_file(text))
}

/// Settings compiled once for many previews. Call `free()` when done.
#[wasm_bindgen]
pub struct Evaluator {
    inner: engine::Engine,
}

/// Compiles a settings snapshot (`GET …/export`, or a draft of it).
#[wasm_bindgen]
pub fn compile(
    #[wasm_bindgen(unchecked_param_type = "Settings | string")] settings: JsValue,
) -> Result<Evaluator, JsValue> {
    let inner = engine::Engine::compile(&text(&settings, "settings")?).map_err(|f| thrown(&f))?;
    Ok(Evaluator { inner })
}

#[wasm_bindgen]
impl Evaluator {
    /// What the settings do to one conversation, with ✓/✗ per condition.
    #[wasm_bindgen(unchecked_return_type = "Outcome")]
    pub fn preview(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Sample | string")] sample: JsValue,
    ) -> Result<JsValue, JsValue> {
        answer(self.inner.preview(&text(&sample, "sample")?, &now()))
    }

    /// Many conversations in one call (one crossing), counted.
    #[wasm_bindgen(js_name = previewMany, unchecked_return_type = "Summary")]
    pub fn preview_many(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Sample[] | string")] samples: JsValue,
    ) -> Result<JsValue, JsValue> {
        answer(self.inner.preview_many(&text(&samples, "samples")?, &now()))
    }

    /// Why parts of the settings cannot take effect, if any.
    #[wasm_bindgen(getter)]
    pub fn problems(&self) -> Vec<String> {
        self.inner.problems().to_vec()
    }

    /// How many conditions the compiled settings hold.
    #[wasm_bindgen(getter, js_name = conditionCount)]
    pub fn condition_count(&self) -> usize {
        self.inner.condition_count()
    }
}
