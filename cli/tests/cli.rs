//! The `hullguard` binary: arguments, discovery, configuration, formats and
//! exit codes (0 clean, 1 findings at or above the threshold, 2 errors).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_hullguard"));
    c.env_remove("NO_COLOR");
    c
}

fn run(args: &[&str], dir: &Path) -> Output {
    bin().args(args).current_dir(dir).output().unwrap()
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("hg-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn exit_codes_follow_the_threshold() {
    let d = tmp("exit");
    std::fs::write(d.join("Dockerfile"), "FROM ubuntu\nUSER 1000\n").unwrap();
    std::fs::write(d.join("clean.Dockerfile"), "FROM ubuntu:24.04\nUSER 1000\n").unwrap();
    assert_eq!(
        run(&["lint", "clean.Dockerfile"], &d).status.code(),
        Some(0)
    );
    let o = run(&["lint", "Dockerfile"], &d);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stdout(&o).contains("DL3006"));
    assert_eq!(
        run(&["lint", "Dockerfile", "--failure-threshold", "error"], &d)
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        run(&["lint", "Dockerfile", "--no-fail"], &d).status.code(),
        Some(0)
    );
    assert_eq!(
        run(&["lint", "Dockerfile", "--ignore", "DL3006"], &d)
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        run(&["lint", "Dockerfile", "--ignore", "DS-0001"], &d)
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        run(
            &[
                "lint",
                "Dockerfile",
                "--severity",
                "DL3006=style",
                "-t",
                "info"
            ],
            &d
        )
        .status
        .code(),
        Some(0)
    );
}

#[test]
fn usage_io_and_config_errors_exit_2_naming_the_file() {
    let d = tmp("errors");
    std::fs::write(d.join("Dockerfile"), "FROM ubuntu:24.04\nUSER 1000\n").unwrap();
    let o = run(&["lint", "missing/Dockerfile"], &d);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("missing/Dockerfile"));
    let o = run(&["lint", "--ignore", "NOPE123", "Dockerfile"], &d);
    assert_eq!(o.status.code(), Some(2));
    std::fs::write(d.join(".hullguard.toml"), "ignorre = []\n").unwrap();
    let o = run(&["lint", "Dockerfile"], &d);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(
        err.contains(".hullguard.toml") && err.contains("ignorre"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn discovers_dockerfiles_and_nearest_config() {
    let d = tmp("discover");
    std::fs::create_dir_all(d.join("svc/api")).unwrap();
    std::fs::write(d.join("svc/api/Dockerfile"), "FROM ubuntu\nUSER 1000\n").unwrap();
    std::fs::write(d.join("svc/worker.Dockerfile"), "FROM ubuntu\nUSER 1000\n").unwrap();
    std::fs::write(d.join("svc/api/.hullguard.toml"), "ignore = [\"DL3006\"]\n").unwrap();
    let o = run(&["lint", ".", "--format", "json"], &d);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    let api = files
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with("api/Dockerfile"))
        .unwrap();
    let worker = files
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with("worker.Dockerfile"))
        .unwrap();
    assert!(api["diagnostics"].as_array().unwrap().is_empty());
    assert_eq!(worker["diagnostics"][0]["code"], "DL3006");
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn hadolint_yaml_is_read_when_no_hullguard_config_exists() {
    let d = tmp("hadolint");
    std::fs::write(d.join("Dockerfile"), "FROM ubuntu\nUSER 1000\n").unwrap();
    std::fs::write(d.join(".hadolint.yaml"), "ignored:\n  - DL3006\n").unwrap();
    assert_eq!(run(&["lint", "Dockerfile"], &d).status.code(), Some(0));
}

#[test]
fn stdin_and_pragmas() {
    let mut child = bin()
        .args(["lint", "-", "--format", "json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"# hadolint ignore=DL3006\nFROM ubuntu\nFROM debian AS x\nUSER 1000\n")
        .unwrap();
    let o = child.wait_with_output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let diags = v["files"][0]["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0]["line"], 3);
    assert_eq!(v["files"][0]["path"], "-");
}

#[test]
fn text_output_colour_only_when_asked_or_on_a_terminal() {
    let d = tmp("colour");
    std::fs::write(d.join("Dockerfile"), "FROM ubuntu\nUSER 1000\n").unwrap();
    let plain = stdout(&run(&["lint", "Dockerfile"], &d));
    assert!(!plain.contains('\x1b') && plain.contains("^^^^^^"));
    let coloured = stdout(&run(&["lint", "Dockerfile", "--color", "always"], &d));
    assert!(coloured.contains('\x1b'));
}

#[test]
fn sarif_rules_and_explain() {
    let d = tmp("sarif");
    std::fs::write(d.join("Dockerfile"), "FROM ubuntu\nUSER 1000\n").unwrap();
    let v: serde_json::Value =
        serde_json::from_slice(&run(&["lint", "Dockerfile", "-f", "sarif"], &d).stdout).unwrap();
    assert_eq!(v["runs"][0]["results"][0]["ruleId"], "DL3006");
    let rules = stdout(&run(&["rules"], &d));
    assert!(rules.contains("DL3006") && rules.contains("untagged-base-image"));
    let explain = run(&["explain", "CKV_DOCKER_7"], &d);
    assert!(stdout(&explain).contains("# DL3006"));
    assert_eq!(run(&["explain", "XX0000"], &d).status.code(), Some(2));
}

#[test]
fn parse_jsonl_reads_files_and_stdin() {
    let d = tmp("parse");
    std::fs::write(d.join("Dockerfile"), "FROM a\nRUN <<EOF\necho\nEOF\n").unwrap();
    let o = run(&["parse", "Dockerfile"], &d);
    let v: serde_json::Value = serde_json::from_str(stdout(&o).lines().next().unwrap()).unwrap();
    assert_eq!(v["instructions"][1]["heredocs"][0]["content"], "echo\n");
    assert_eq!(o.status.code(), Some(0));
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[test]
fn image_command_reports_with_the_lint_policy_and_exit_codes() {
    let root = repo();
    let o = run(&["image", "examples/image", "--color", "never"], &root);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let text = stdout(&o);
    assert!(
        text.contains("examples/image: config.User: HG200"),
        "{text}"
    );
    // History is linted with the Dockerfile rules and points at the entry.
    assert!(text.contains("history[9]: RUN curl"), "{text}");
    // Same policy flags and thresholds as lint.
    let quiet = run(
        &["image", "examples/image", "--failure-threshold", "none"],
        &root,
    );
    assert_eq!(quiet.status.code(), Some(0));
    let ignored = stdout(&run(
        &["image", "examples/image", "--ignore", "HG200"],
        &root,
    ));
    assert!(!ignored.contains("HG200"));
    // SARIF: an image finding has a logical location, no text region.
    let v: serde_json::Value =
        serde_json::from_slice(&run(&["image", "examples/image", "-f", "sarif"], &root).stdout)
            .unwrap();
    let results = v["runs"][0]["results"].as_array().unwrap();
    let hg200 = results.iter().find(|r| r["ruleId"] == "HG200").unwrap();
    assert_eq!(
        hg200["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
        "config.User"
    );
    // One report with the Dockerfile too.
    let both: serde_json::Value = serde_json::from_slice(
        &run(
            &[
                "image",
                "examples/image",
                "--dockerfile",
                "examples/Dockerfile",
                "-f",
                "json",
            ],
            &root,
        )
        .stdout,
    )
    .unwrap();
    assert_eq!(both["files"].as_array().unwrap().len(), 2);
    assert_eq!(both["files"][0]["path"], "examples/Dockerfile");
}

#[test]
fn image_errors_exit_2_with_a_code() {
    let d = tmp("image-errors");
    let o = run(&["image", "missing-image"], &d);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("IMAGE_IO"));
    std::fs::write(d.join("junk.tar"), b"not an image at all").unwrap();
    let o = run(&["image", "junk.tar"], &d);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("IMAGE_FORMAT"));
    let root = repo();
    let o = run(&["image", "examples/image", "--platform", "linux"], &root);
    assert_eq!(o.status.code(), Some(2));
    let o = run(
        &["image", "examples/image", "--platform", "linux/arm64"],
        &root,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("IMAGE_PLATFORM"));
}

#[test]
fn the_readme_configuration_example_loads() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let start = readme
        .find("```toml\n")
        .expect("a toml example in the README")
        + 8;
    let end = start + readme[start..].find("```").unwrap();
    let d = tmp("readme-config");
    std::fs::write(d.join(".hullguard.toml"), &readme[start..end]).unwrap();
    std::fs::write(d.join("Dockerfile"), "FROM ubuntu:24.04\nUSER 1000\n").unwrap();
    let o = run(&["lint", "Dockerfile"], &d);
    assert_ne!(
        o.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn parallel_lint_gives_the_same_report_in_input_order() {
    let d = tmp("jobs");
    let mut names = Vec::new();
    for k in 0..40 {
        std::fs::create_dir_all(d.join(format!("s{}", k % 7))).unwrap();
        let name = format!("s{}/{k}.Dockerfile", k % 7);
        // Different sizes, so threads finish out of order.
        let runs = "RUN apt-get update && apt-get install -y curl\n".repeat(k % 9);
        std::fs::write(d.join(&name), format!("FROM ubuntu:{k}\n{runs}")).unwrap();
        names.push(name);
    }
    // One subdirectory has its own policy, found for its files only.
    std::fs::write(d.join("s3/.hullguard.toml"), "ignore = [\"DL3008\"]\n").unwrap();
    let mut args = vec!["lint", "--format", "json"];
    args.extend(names.iter().map(String::as_str));
    let one = run(&[args.as_slice(), &["-j", "1"]].concat(), &d);
    let many = run(&[args.as_slice(), &["--jobs", "8"]].concat(), &d);
    assert_eq!(one.status.code(), Some(1));
    assert_eq!(many.status.code(), Some(1));
    assert_eq!(stdout(&one), stdout(&many));
    let v: serde_json::Value = serde_json::from_slice(&many.stdout).unwrap();
    let paths: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, names);
    let has = |file: &serde_json::Value, code: &str| {
        file["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["code"] == code)
    };
    let files = v["files"].as_array().unwrap();
    assert!(has(&files[1], "DL3008"));
    assert!(!has(&files[3], "DL3008"));
    // An unreadable file among many is still an error naming it.
    let o = run(&["lint", "-j", "4", &names[0], "missing/Dockerfile"], &d);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("missing/Dockerfile"));
}
