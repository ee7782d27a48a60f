//! `anytime-build`: the console's WebAssembly for Trunk, which has no
//! splitting of its own (trunk-rs/trunk#1022). Trunk builds the page,
//! styles and copied files; its post-build hook runs this, which
//!
//! 1. builds the app for wasm32 (the release build with `--cfg
//!    anytime_split`, so each lazy page's view is a split point, and
//!    `--emit-relocs`, which the splitter reads);
//! 2. splits the module (`wasm_split_cli_support`): the shell stays in the
//!    main module, each page and the code only pages share go into modules
//!    fetched on first use;
//! 3. runs wasm-bindgen on the main module and wasm-opt on every module;
//! 4. precompresses every file (brotli and gzip, for the server's content
//!    negotiation) and writes `console-files.json`: every file with its
//!    sizes, and what each page loads — for the service worker, the size
//!    budget and the benchmarks.
//!
//! `anytime-build sizes DIR` prints that report; `--check` fails when the
//! first load of a page or the whole console is over its budget.

mod compress;
mod home;
mod report;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

type Result<T> = std::result::Result<T, String>;

/// The crate Trunk's page loads, and the names it loads it by.
const APP: &str = "anytime-admin";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let outcome = match args.first().map(String::as_str) {
        Some("console") => console_command(&args[1..]),
        Some("sizes") => sizes_command(&args[1..]),
        _ => Err(USAGE.to_owned()),
    };
    if let Err(e) = outcome {
        eprintln!("anytime-build: {e}");
        std::process::exit(1);
    }
}

const USAGE: &str = "usage:
  anytime-build console [--release|--debug] [--out DIR]
      (in a Trunk hook: the profile and DIR come from TRUNK_PROFILE and TRUNK_STAGING_DIR)
  anytime-build sizes DIR [--check]";

fn console_command(args: &[String]) -> Result<()> {
    let mut release = std::env::var("TRUNK_PROFILE").is_ok_and(|p| p == "release");
    let mut out = std::env::var_os("TRUNK_STAGING_DIR").map(PathBuf::from);
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--release" => release = true,
            "--debug" => release = false,
            "--out" => out = Some(PathBuf::from(rest.next().ok_or("--out needs a folder")?)),
            other => return Err(format!("unknown argument '{other}'\n{USAGE}")),
        }
    }
    let out = out.ok_or_else(|| format!("no output folder: give --out DIR\n{USAGE}"))?;
    std::fs::create_dir_all(&out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let started = Instant::now();
    // Before the release build precompresses every file, index.html too.
    home::write_into(&out)?;
    if release {
        release_build(&out)?;
    } else {
        debug_build(&out)?;
    }
    eprintln!("anytime-build: console built in {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}

fn sizes_command(args: &[String]) -> Result<()> {
    let dir = PathBuf::from(args.first().ok_or(USAGE)?);
    let check = args.iter().any(|a| a == "--check");
    let manifest = report::Manifest::read(&dir)?;
    print!("{}", manifest.table());
    if check {
        manifest.check_budget()?;
        println!("Size budget: met.");
    }
    Ok(())
}

/// The workspace root (this crate lives in `crates/build`).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root().join("target"), PathBuf::from)
}

fn run(what: &str, command: &mut Command) -> Result<()> {
    let status = command.status().map_err(|e| format!("cannot run {what}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{what} failed ({status})"))
    }
}

/// `cargo build` of the app for wasm32 with extra rustflags, answering
/// the linked module's path.
fn cargo_build(profile: &str, extra_rustflags: &str) -> Result<PathBuf> {
    let mut rustflags = std::env::var("RUSTFLAGS").unwrap_or_default();
    if !extra_rustflags.is_empty() {
        rustflags = format!("{rustflags} {extra_rustflags}").trim().to_owned();
    }
    run(
        "cargo build",
        Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .current_dir(root())
            .args(["build", "--locked", "--target", "wasm32-unknown-unknown", "--bin", APP])
            .args(["--profile", profile])
            .env("RUSTFLAGS", rustflags),
    )?;
    let dir = if profile == "dev" { "debug" } else { profile };
    Ok(target_dir().join("wasm32-unknown-unknown").join(dir).join(format!("{APP}.wasm")))
}

fn wasm_bindgen(input: &Path, out: &Path, split: bool) -> Result<()> {
    let mut command = Command::new("wasm-bindgen");
    command.args(["--target", "web", "--out-name", APP, "--no-typescript"]).arg("--out-dir").arg(out);
    if split {
        // The split modules call the main module through its lld exports,
        // by their mangled names.
        command.args(["--keep-lld-exports", "--no-demangle"]);
    }
    run("wasm-bindgen", command.arg(input))
}

/// One module per `trunk serve` rebuild: no splitting, no wasm-opt.
fn debug_build(out: &Path) -> Result<()> {
    check_tools(false)?;
    let wasm = cargo_build("dev", "")?;
    wasm_bindgen(&wasm, out, false)
}

/// The first line `tool --version` prints.
fn version_of(tool: &str) -> Result<String> {
    let output = Command::new(tool)
        .arg("--version")
        .output()
        .map_err(|e| format!("{tool} is not on PATH ({e}); scripts/setup.sh installs it"))?;
    Ok(String::from_utf8_lossy(&output.stdout).lines().next().unwrap_or_default().trim().to_owned())
}

/// wasm-bindgen must be the version in Cargo.lock (its output and the
/// crate's macros must agree), wasm-opt binaryen 132: Debian's 108
/// rewrites the externref table and the page never starts.
fn check_tools(optimise: bool) -> Result<()> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).map_err(|e| e.to_string())?;
    let wanted = lock
        .split("[[package]]")
        .find(|p| p.contains("\nname = \"wasm-bindgen\"\n"))
        .and_then(|p| p.lines().find_map(|l| l.strip_prefix("version = \"")))
        .map(|v| v.trim_end_matches('"').to_owned())
        .ok_or("Cargo.lock has no wasm-bindgen")?;
    let found = version_of("wasm-bindgen")?;
    if found != format!("wasm-bindgen {wanted}") {
        return Err(format!("'{found}' is on PATH; wasm-bindgen {wanted} (Cargo.lock's) is needed"));
    }
    if optimise {
        let found = version_of("wasm-opt")?;
        if !found.contains("version 132") {
            return Err(format!(
                "'{found}' is on PATH; binaryen 132 is needed (npm's, node_modules/.bin first on PATH)"
            ));
        }
    }
    Ok(())
}

fn release_build(out: &Path) -> Result<()> {
    check_tools(true)?;
    let step = Instant::now();
    let wasm =
        cargo_build("wasm-release", "-Clink-args=--emit-relocs --cfg anytime_split --cfg erase_components")?;
    eprintln!("anytime-build: compiled in {:.1} s", step.elapsed().as_secs_f64());

    let step = Instant::now();
    let input = std::fs::read(&wasm).map_err(|e| format!("cannot read {}: {e}", wasm.display()))?;
    let work = target_dir().join("console-split");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).map_err(|e| format!("cannot create {}: {e}", work.display()))?;
    // Modules from an earlier build must not linger beside the new ones.
    for entry in std::fs::read_dir(out).map_err(|e| e.to_string())?.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.contains(".wasm") || name.starts_with("__wasm_split") {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    let main_split = work.join("main.wasm");
    let main_module = format!("./{APP}.js");
    let split = wasm_split_cli_support::transform({
        let mut opts = wasm_split_cli_support::Options::new(&input);
        opts.output_dir = out;
        opts.main_out_path = &main_split;
        opts.main_module = &main_module;
        opts.link_name = "./__wasm_split.js";
        opts
    })
    .map_err(|e| format!("splitting the module failed: {e:#}"))?;
    eprintln!(
        "anytime-build: split into {} modules in {:.1} s",
        split.split_modules.len() + 1,
        step.elapsed().as_secs_f64()
    );

    let step = Instant::now();
    wasm_bindgen(&main_split, out, true)?;
    let mut modules = split.split_modules.clone();
    modules.push(out.join(format!("{APP}_bg.wasm")));
    optimise(&modules)?;
    eprintln!("anytime-build: wasm-bindgen and wasm-opt in {:.1} s", step.elapsed().as_secs_f64());

    let prefetch = fingerprint(out, &split.split_modules, &split.prefetch_map)?;
    let step = Instant::now();
    // An earlier build's list is not one of this build's files.
    for name in [report::FILE.to_owned(), format!("{}.br", report::FILE), format!("{}.gz", report::FILE)] {
        let _ = std::fs::remove_file(out.join(name));
    }
    let manifest = report::Manifest::new(compress::tree(out)?, &prefetch);
    manifest.write(out)?;
    eprintln!("anytime-build: precompressed in {:.1} s", step.elapsed().as_secs_f64());
    print!("{}", manifest.summary());
    Ok(())
}

/// Renames every split module to `stem.<hash>.wasm` (the first 64 bits of
/// its SHA-256, in hex) and the link module's references with it, so the
/// server can let browsers keep them for a year: a new build is new names.
/// Answers the prefetch map with the new stems.
fn fingerprint(
    out: &Path,
    modules: &[PathBuf],
    prefetch: &std::collections::HashMap<String, Vec<String>>,
) -> Result<std::collections::HashMap<String, Vec<String>>> {
    use sha2::{Digest, Sha256};
    let link = out.join("__wasm_split.js");
    let mut js =
        std::fs::read_to_string(&link).map_err(|e| format!("cannot read {}: {e}", link.display()))?;
    let mut renamed = std::collections::HashMap::new();
    for module in modules {
        let bytes = std::fs::read(module).map_err(|e| format!("cannot read {}: {e}", module.display()))?;
        let hash: String = Sha256::digest(&bytes)[..8].iter().map(|b| format!("{b:02x}")).collect();
        let stem = module.file_stem().and_then(|s| s.to_str()).ok_or("a module without a name")?;
        let new_stem = format!("{stem}.{hash}");
        let (old, new) = (format!("\"./{stem}.wasm\""), format!("\"./{new_stem}.wasm\""));
        if !js.contains(&old) {
            return Err(format!("the link module does not load {stem}.wasm"));
        }
        js = js.replace(&old, &new);
        std::fs::rename(module, module.with_file_name(format!("{new_stem}.wasm")))
            .map_err(|e| e.to_string())?;
        renamed.insert(stem.to_owned(), new_stem);
    }
    std::fs::write(&link, js).map_err(|e| format!("cannot write {}: {e}", link.display()))?;
    Ok(prefetch
        .iter()
        .map(|(split, stems)| {
            (
                split.clone(),
                stems.iter().map(|s| renamed.get(s).cloned().unwrap_or_else(|| s.clone())).collect(),
            )
        })
        .collect())
}

/// wasm-opt -Oz on every module. `ANYTIME_BUILD_NAMES=1` keeps the
/// function names (and skips nothing else), for `twiggy` on each module.
fn optimise(modules: &[PathBuf]) -> Result<()> {
    let strip: &[&str] = if std::env::var_os("ANYTIME_BUILD_NAMES").is_some() {
        &["-g"]
    } else {
        &["--strip-debug", "--strip-producers"]
    };
    in_parallel(modules, |module| {
        // Its warnings about the split modules' name sections (which
        // --strip-debug drops) are noise; they are shown if it fails.
        let output = Command::new("wasm-opt")
            .arg("-Oz")
            .args(strip)
            .arg(module)
            .arg("-o")
            .arg(module)
            .output()
            .map_err(|e| format!("cannot run wasm-opt: {e}"))?;
        if output.status.success() {
            Ok(())
        } else {
            Err(format!(
                "wasm-opt failed on {} ({}): {}",
                module.display(),
                output.status,
                String::from_utf8_lossy(&output.stderr)
            ))
        }
    })
}

/// `work` on every item, two at a time (the machines have two cores; each
/// item is mostly one); every failure is said.
pub fn in_parallel<T: Sync>(items: &[T], work: impl Fn(&T) -> Result<()> + Sync) -> Result<()> {
    let queue = std::sync::Mutex::new(items.iter());
    let failures = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| loop {
                let Some(item) = queue.lock().unwrap_or_else(|p| p.into_inner()).next() else { break };
                if let Err(e) = work(item) {
                    failures.lock().unwrap_or_else(|p| p.into_inner()).push(e);
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap_or_else(|p| p.into_inner());
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("\n"))
    }
}
