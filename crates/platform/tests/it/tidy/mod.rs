//! The tidy test (issue 11, point 5), like rust-analyzer's `xtask/src/tidy.rs`: `cargo test`
//! walks the whole workspace from this crate's folder and checks the conventions of
//! `docs/STYLE.md` that a compiler does not. Each check lists every offender with its file
//! and line, so a failure says what to fix. It reads only the repository (`docs/rules.md`,
//! never `../shared`), so a fresh clone passes it.

mod migrations;
mod web;

use std::path::{Path, PathBuf};

/// The longest a source file may be (style.md: files under ~600 lines).
const MAX_LINES: usize = 600;

/// Files still over [`MAX_LINES`], each with why it is not split yet.
const LONG_FILES_ALLOWED: &[&str] = &[];

/// The pure modules (architecture invariant 3; the `//!` of each crate's `lib.rs`): state
/// machines, calendar and the values they compute with. No database, runtime or clock read.
/// A folder ends with `/`.
const PURE: &[&str] = &[
    "crates/calendar/src/",
    "crates/platform/src/assessment/score.rs",
    "crates/platform/src/ids.rs",
    "crates/platform/src/privacy.rs",
    "crates/platform/src/workflow/machine.rs",
    "crates/hotline/src/order/",
    "crates/hotline/src/account.rs",
    "crates/hotline/src/appeal.rs",
    "crates/hotline/src/callback.rs",
    "crates/hotline/src/evaluation.rs",
    "crates/hotline/src/kb.rs",
    "crates/hotline/src/limits.rs",
    "crates/hotline/src/refuse.rs",
    "crates/hotline/src/snapshot.rs",
    "crates/hotline/src/supervise.rs",
    "crates/hotline/src/warn.rs",
    "crates/services/src/case/",
    "crates/services/src/item/",
    "crates/services/src/bundle.rs",
    "crates/services/src/enterprise.rs",
    "crates/services/src/reuse.rs",
    "crates/services/src/snapshot.rs",
    "crates/sites/src/lib.rs",
    "crates/sites/src/acting.rs",
    "crates/sites/src/annual/",
    "crates/sites/src/article/",
    "crates/sites/src/check.rs",
    "crates/sites/src/column/",
    "crates/sites/src/diff.rs",
    "crates/sites/src/error.rs",
    "crates/sites/src/registry/",
    "crates/sites/src/sanitize.rs",
    "crates/sites/src/serde_date.rs",
    "crates/sites/src/submission/",
    "crates/openness/src/acting.rs",
    "crates/openness/src/annual.rs",
    "crates/openness/src/application/",
    "crates/openness/src/error.rs",
    "crates/openness/src/register/",
    "crates/inspect/src/",
    "crates/consultation/src/topic.rs",
    "crates/consultation/src/ballot.rs",
    "crates/consultation/src/interview.rs",
];

/// What a pure module may not name: the database, the async runtime, or a clock read ("now"
/// is always a parameter).
const IMPURE: &[&str] = &[
    "sqlx",
    "tokio",
    "SystemTime",
    "Utc::now",
    "Local::now",
    "now_ms",
];

/// The workspace root (`crates/platform/../..`).
pub(crate) fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every file under `dir` (relative to the root) whose name ends with one of `extensions`,
/// as (path relative to the root with `/`, text), sorted by path. Skips `target`.
pub(crate) fn files(dir: &str, extensions: &[&str]) -> Vec<(String, String)> {
    fn walk(root: &Path, dir: &Path, extensions: &[&str], out: &mut Vec<(String, String)>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if path.is_dir() {
                if name != "target" && !name.starts_with('.') {
                    walk(root, &path, extensions, out);
                }
            } else if extensions.iter().any(|ext| name.ends_with(ext)) {
                let relative = path.strip_prefix(root).unwrap();
                let relative = relative
                    .components()
                    .map(|part| part.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                let text = std::fs::read_to_string(&path)
                    .unwrap_or_else(|error| panic!("{relative}: {error}"));
                out.push((relative, text));
            }
        }
    }
    let root = root();
    let mut out = Vec::new();
    walk(&root, &root.join(dir), extensions, &mut out);
    out.sort();
    assert!(!out.is_empty(), "no {extensions:?} file under {dir}");
    out
}

/// Fails with every offender, one a line, under a headline saying what the rule is.
pub(crate) fn report(what: &str, offenders: &[String]) {
    assert!(
        offenders.is_empty(),
        "{what} ({} offender(s)):\n{}",
        offenders.len(),
        offenders.join("\n")
    );
}

#[test]
fn tidy_every_rust_file_opens_with_a_module_doc() {
    let offenders: Vec<String> = files("crates", &[".rs"])
        .into_iter()
        .filter(|(_, text)| !text.starts_with("//!"))
        .map(|(path, text)| {
            let first = text.lines().next().unwrap_or("");
            format!("{path}:1: opens with {first:?}, not a `//!` line saying what it is for")
        })
        .collect();
    report("every .rs file under crates/ opens with `//!`", &offenders);
}

#[test]
fn tidy_no_source_file_is_over_600_lines() {
    let offenders: Vec<String> = files("crates", &[".rs"])
        .into_iter()
        .filter(|(path, _)| path.contains("/src/") || path.contains("/tests/"))
        .filter(|(path, _)| !LONG_FILES_ALLOWED.contains(&path.as_str()))
        .filter_map(|(path, text)| {
            let lines = text.lines().count();
            (lines > MAX_LINES).then(|| {
                format!("{path}:{lines}: {lines} lines; split it by topic (at most {MAX_LINES})")
            })
        })
        .collect();
    report(
        "no file under crates/*/src or crates/*/tests is over 600 lines",
        &offenders,
    );
}

#[test]
fn tidy_the_allow_list_of_long_files_names_only_long_files() {
    let offenders: Vec<String> = LONG_FILES_ALLOWED
        .iter()
        .filter_map(|path| match std::fs::read_to_string(root().join(path)) {
            Ok(text) if text.lines().count() > MAX_LINES => None,
            Ok(_) => Some(format!(
                "{path}: now at most {MAX_LINES} lines; take it off LONG_FILES_ALLOWED"
            )),
            Err(_) => Some(format!("{path}: gone; take it off LONG_FILES_ALLOWED")),
        })
        .collect();
    report(
        "LONG_FILES_ALLOWED lists only files still too long",
        &offenders,
    );
}

#[test]
fn tidy_pure_modules_import_no_sqlx_tokio_or_clock() {
    let mut offenders = Vec::new();
    let mut checked = 0;
    for (path, text) in files("crates", &[".rs"]) {
        let pure = PURE.iter().any(|pure| {
            if pure.ends_with('/') {
                path.starts_with(pure)
            } else {
                path == *pure
            }
        });
        if !pure {
            continue;
        }
        checked += 1;
        for (number, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            for word in IMPURE {
                if line.contains(word) {
                    offenders.push(format!(
                        "{path}:{}: `{word}` in a pure module: {}",
                        number + 1,
                        line.trim()
                    ));
                }
            }
        }
    }
    for pure in PURE {
        assert!(
            root().join(pure).exists(),
            "{pure} is listed in PURE but gone"
        );
    }
    assert!(checked > 20, "only {checked} pure files found");
    report(
        "pure modules (state machines, calendar) name no sqlx, tokio or clock read",
        &offenders,
    );
}

/// The rule IDs of the catalogue: the first cell of each table row of `docs/rules.md`.
fn catalogue_ids() -> Vec<String> {
    let text = std::fs::read_to_string(root().join("docs/rules.md")).unwrap();
    let ids: Vec<String> = text
        .lines()
        .filter_map(|line| line.strip_prefix('|'))
        .filter_map(|row| row.split('|').next())
        .map(str::trim)
        .filter(|cell| {
            cell.contains('-')
                && cell.starts_with(|c: char| c.is_ascii_uppercase())
                && cell
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
        })
        .map(str::to_owned)
        .collect();
    assert!(
        ids.len() > 100,
        "docs/rules.md holds only {} rule IDs",
        ids.len()
    );
    ids
}

/// Every `PREFIX-REST` in `line` whose prefix is one of `prefixes` (not preceded by a letter,
/// digit or `_`), the rest being upper-case letters, digits and inner hyphens.
fn cited_ids(line: &str, prefixes: &[String]) -> Vec<String> {
    let bytes = line.as_bytes();
    let mut out = Vec::new();
    for prefix in prefixes {
        let needle = format!("{prefix}-");
        let mut from = 0;
        while let Some(found) = line[from..].find(&needle) {
            let start = from + found;
            from = start + needle.len();
            if start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_') {
                continue;
            }
            let rest: String = line[from..]
                .chars()
                .take_while(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == '-')
                .collect();
            let rest = rest.trim_end_matches('-');
            if !rest.is_empty() {
                out.push(format!("{needle}{rest}"));
            }
        }
    }
    out
}

#[test]
fn tidy_every_rule_id_cited_in_code_is_in_docs_rules_md() {
    let ids = catalogue_ids();
    let mut prefixes: Vec<String> = ids
        .iter()
        .filter_map(|id| id.split('-').next())
        .map(str::to_owned)
        .collect();
    prefixes.sort();
    prefixes.dedup();
    let mut offenders = Vec::new();
    let mut cited = 0;
    let sources = files("crates", &[".rs", ".html", ".md"])
        .into_iter()
        .chain(files("migrations", &[".sql"]));
    for (path, text) in sources {
        for (number, line) in text.lines().enumerate() {
            for id in cited_ids(line, &prefixes) {
                cited += 1;
                if !ids.contains(&id) {
                    offenders.push(format!(
                        "{path}:{}: {id} is not a rule of docs/rules.md",
                        number + 1
                    ));
                }
            }
        }
    }
    assert!(cited > 1000, "only {cited} rule citations found");
    report(
        "every rule ID cited under crates/ and migrations/ is in docs/rules.md",
        &offenders,
    );
}

#[test]
fn tidy_rule_ids_are_read_whole() {
    let prefixes = vec!["HL".to_owned(), "SVC".to_owned()];
    assert_eq!(
        cited_ids(
            "(HL-SIGN, SVC-ITEM-FIELDS) HL-* XHL-SIGN 000 §12345-10 HL-RATES:",
            &prefixes
        ),
        ["HL-SIGN", "HL-RATES", "SVC-ITEM-FIELDS"]
    );
}

#[test]
fn tidy_one_integration_test_binary_per_crate() {
    let mut offenders = Vec::new();
    for krate in std::fs::read_dir(root().join("crates")).unwrap() {
        let krate = krate.unwrap().path();
        let Ok(entries) = std::fs::read_dir(krate.join("tests")) else {
            continue;
        };
        let name = krate.file_name().unwrap().to_string_lossy().into_owned();
        for entry in entries {
            let entry = entry.unwrap().file_name().to_string_lossy().into_owned();
            if entry != "it" {
                offenders.push(format!(
                    "crates/{name}/tests/{entry}: move it into crates/{name}/tests/it/ as a module"
                ));
            } else if !krate.join("tests/it/main.rs").exists() {
                offenders.push(format!("crates/{name}/tests/it/main.rs: missing"));
            }
        }
    }
    offenders.sort();
    report(
        "one integration-test binary per crate (tests/it/main.rs and its modules)",
        &offenders,
    );
}
