//! Samples from a file: a JSON array (or `{"samples": […]}`) or CSV.

use super::*;

/// Samples from a file: a JSON array of samples (or `{"samples": […]}`), or
/// CSV with a header row of field ids. Errors say where.
pub fn parse_samples(text: &str) -> Result<Vec<Sample>, String> {
    let trimmed = text.trim_start();
    let samples: Vec<Sample> = if trimmed.starts_with('[') || trimmed.starts_with('{') {
        let doc: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| format!("The file is not JSON (line {}, column {}): {e}", e.line(), e.column()))?;
        let list = match doc {
            serde_json::Value::Array(items) => items,
            serde_json::Value::Object(mut o) => match o.remove("samples") {
                Some(serde_json::Value::Array(items)) => items,
                _ => return Err("The file should be a list of samples, or {\"samples\": [...]}.".into()),
            },
            _ => return Err("The file should be a list of samples, or {\"samples\": [...]}.".into()),
        };
        list.into_iter()
            .enumerate()
            .map(|(i, v)| {
                serde_json::from_value(v).map_err(|e| format!("Sample {} is not usable — {e}", i + 1))
            })
            .collect::<Result<_, _>>()?
    } else {
        parse_csv(text)?
    };
    for (i, s) in samples.iter().enumerate() {
        if let Err(e) = s.validate() {
            let first = e.0.first().map(|f| format!("{}: {}", f.field, f.message)).unwrap_or_default();
            return Err(format!("Sample {} is not usable — {first}", i + 1));
        }
    }
    if samples.is_empty() {
        return Err("The file holds no samples.".into());
    }
    Ok(samples)
}

fn csv_row(line: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => cells.push(std::mem::take(&mut cell)),
            (c, _) => cell.push(c),
        }
    }
    cells.push(cell);
    cells.into_iter().map(|s| s.trim().to_owned()).collect()
}

fn parse_csv(text: &str) -> Result<Vec<Sample>, String> {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let header = csv_row(lines.next().ok_or("The file is empty.")?);
    if header.iter().all(String::is_empty) {
        return Err("The first line should name the fields, like subject,senderEmail,priority.".into());
    }
    lines
        .enumerate()
        .map(|(i, line)| {
            let cells = csv_row(line);
            if cells.len() != header.len() {
                return Err(format!(
                    "Line {} has {} values; the first line names {} fields.",
                    i + 2,
                    cells.len(),
                    header.len()
                ));
            }
            let mut sample = Sample::default();
            for (key, value) in header.iter().zip(cells) {
                if value.is_empty() {
                    continue;
                }
                match key.as_str() {
                    "at" => sample.at = Some(value),
                    "event" => sample.event = Some(TriggerEvent::parse(&value)),
                    _ => {
                        sample.fields.insert(key.clone(), FieldValue::Text(value));
                    }
                }
            }
            Ok(sample)
        })
        .collect()
}
