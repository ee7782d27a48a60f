//! Precompression: `file.br` (brotli, quality 11) and `file.gz` (gzip,
//! level 9) beside every file worth it, made once at build time so the
//! server only picks one by `Accept-Encoding`.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use crate::Result;

/// A file's size as it is and as each encoding would send it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Sizes {
    pub raw: u64,
    pub gzip: u64,
    pub brotli: u64,
}

/// Files a browser fetches as text or WebAssembly; images other than
/// SVG and fonts are compressed already.
fn compressible(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("html" | "js" | "mjs" | "css" | "wasm" | "svg" | "json" | "txt" | "map")
    )
}

pub fn brotli(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() / 3);
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 24, ..Default::default() };
    brotli::BrotliCompress(&mut &data[..], &mut out, &params).expect("compressing to memory cannot fail");
    out
}

pub fn gzip(data: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(data).expect("compressing to memory cannot fail");
    encoder.finish().expect("compressing to memory cannot fail")
}

/// Compresses every file under `dir` (its old `.br`/`.gz` replaced) and
/// answers each file's sizes by its path relative to `dir`, `/`-separated.
/// An encoding is written only where it is smaller than the file; the
/// sizes say what is sent either way.
pub fn tree(dir: &Path) -> Result<BTreeMap<String, Sizes>> {
    let mut files = Vec::new();
    collect(dir, &mut files)?;
    files.retain(|p| !matches!(p.extension().and_then(|e| e.to_str()), Some("br" | "gz")));
    let sizes = std::sync::Mutex::new(BTreeMap::new());
    crate::in_parallel(&files, |path| {
        let s = one(path)?;
        sizes.lock().unwrap_or_else(|p| p.into_inner()).insert(relative(dir, path), s);
        Ok(())
    })?;
    Ok(sizes.into_inner().unwrap_or_else(|p| p.into_inner()))
}

fn one(path: &Path) -> Result<Sizes> {
    let data = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let raw = data.len() as u64;
    let mut sizes = Sizes { raw, gzip: raw, brotli: raw };
    for (extension, size, encoded) in [
        ("br", &mut sizes.brotli, compressible(path).then(|| brotli(&data))),
        ("gz", &mut sizes.gzip, compressible(path).then(|| gzip(&data))),
    ] {
        let beside = path.with_file_name(format!("{}.{extension}", file_name(path)));
        let _ = std::fs::remove_file(&beside);
        if let Some(encoded) = encoded.filter(|e| (e.len() as u64) < raw) {
            std::fs::write(&beside, &encoded)
                .map_err(|e| format!("cannot write {}: {e}", beside.display()))?;
            *size = encoded.len() as u64;
        }
    }
    Ok(sizes)
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

pub fn relative(dir: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(dir).unwrap_or(path);
    rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/")
}

fn collect(dir: &Path, into: &mut Vec<std::path::PathBuf>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, into)?;
        } else {
            into.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_round_trip_and_are_written_only_when_smaller() {
        let dir = std::env::temp_dir().join(format!("anytime-build-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("snippets")).unwrap();
        let text = "export const a = 'aaaa';\n".repeat(200);
        std::fs::write(dir.join("snippets/a.js"), &text).unwrap();
        std::fs::write(dir.join("tiny.css"), "a{}").unwrap();
        std::fs::write(dir.join("tiny.css.br"), "stale").unwrap();
        let sizes = tree(&dir).unwrap();

        let js = sizes["snippets/a.js"];
        assert_eq!(js.raw, text.len() as u64);
        assert!(js.brotli < js.raw / 10 && js.gzip < js.raw / 10, "{js:?}");
        let br = std::fs::read(dir.join("snippets/a.js.br")).unwrap();
        let mut back = Vec::new();
        brotli::BrotliDecompress(&mut &br[..], &mut back).unwrap();
        assert_eq!(back, text.as_bytes());
        let gz = std::fs::read(dir.join("snippets/a.js.gz")).unwrap();
        let mut back = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&gz[..]), &mut back).unwrap();
        assert_eq!(back, text);

        // Three bytes do not get smaller: sent as they are, the stale copy gone.
        assert_eq!(sizes["tiny.css"], Sizes { raw: 3, gzip: 3, brotli: 3 });
        assert!(!dir.join("tiny.css.br").exists() && !dir.join("tiny.css.gz").exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
