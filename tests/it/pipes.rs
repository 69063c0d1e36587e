//! Closed pipes: `appealpress check packs 2>&1 | head -1` closes the pipe after the
//! first line, and `new ... | head -c0` before any. The run must go on and end with
//! the exit code it would have had (0, or 1 for content errors), never 101 (a panic
//! on the first write that fails).
//!
//! The pipe's read end is closed before the binary starts, so every write it makes to
//! that stream fails, whatever the timing.

use crate::common;

use std::path::Path;
use std::process::{Command, Output, Stdio};

/// Which of the binary's streams go to the closed pipe; the others are captured.
#[derive(Clone, Copy)]
enum Closed {
    Stdout,
    Stderr,
    Both,
}

/// Runs `appealpress` in `cwd` with the streams `closed` names writing into a pipe
/// nobody reads.
fn run_into_closed_pipe(cwd: &Path, args: &[&str], closed: Closed) -> Output {
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    let pipe = || Stdio::from(writer.try_clone().expect("a second write end"));
    let (stdout, stderr) = match closed {
        Closed::Stdout => (pipe(), Stdio::piped()),
        Closed::Stderr => (Stdio::piped(), pipe()),
        Closed::Both => (pipe(), pipe()),
    };
    let child = Command::new(env!("CARGO_BIN_EXE_appealpress"))
        .args(args)
        .current_dir(cwd)
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove("APPEALPRESS_FONT_PATH")
        .env_remove("APPEALPRESS_NO_SYSTEM_FONTS")
        .env("XDG_CACHE_HOME", cwd.join(".cache"))
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(stderr)
        .spawn()
        .expect("the binary runs");
    // Our copy of the write end too, or the captured streams would never end.
    drop(writer);
    child.wait_with_output().expect("the binary ends")
}

/// What was captured, for the failure message and the "panicked" check.
fn captured(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

#[track_caller]
fn assert_exit(output: &Output, code: i32) {
    let text = captured(output);
    assert_eq!(output.status.code(), Some(code), "exit status {:?}; captured:\n{text}", output.status);
    assert!(!text.contains("panicked"), "a panic:\n{text}");
}

/// `check` writes its progress lines and summary to stderr: with stderr closed (and
/// with both closed, as `2>&1 | head -1` ends up) it still exits 0 on good packs.
#[test]
fn check_into_a_closed_pipe_exits_with_the_runs_status() {
    let dir = common::packs_copy();
    for closed in [Closed::Stderr, Closed::Both] {
        assert_exit(&run_into_closed_pipe(dir.path(), &["check", "packs"], closed), 0);
    }
}

/// A run with content errors keeps its exit code 1 when nobody reads what it says.
#[test]
fn failing_check_into_a_closed_pipe_exits_1() {
    let dir = common::packs_copy();
    // A new case is all placeholders, which check refuses.
    let created =
        run_into_closed_pipe(dir.path(), &["new", "draft-case", "--packs", "packs"], Closed::Stderr);
    assert_exit(&created, 0);
    let output = run_into_closed_pipe(dir.path(), &["check", "packs"], Closed::Both);
    assert_exit(&output, 1);
}

/// `new ... | head -c0`: the folder is created and the run ends with 0, though the
/// lines naming the files it created go nowhere.
#[test]
fn new_into_a_closed_pipe_exits_0() {
    let dir = common::packs_copy();
    let args = ["new", "piped-case", "--langs", "en,fr", "--packs", "packs"];
    for (closed, id) in [(Closed::Stdout, "piped-case"), (Closed::Both, "piped-case-2")] {
        let mut args = args;
        args[1] = id;
        assert_exit(&run_into_closed_pipe(dir.path(), &args, closed), 0);
        assert!(dir.path().join(format!("packs/{id}/case.yaml")).is_file());
    }
}

/// `prune` and `index` report on stderr and stdout; with both closed they still end
/// as they would have.
#[test]
fn index_and_prune_into_a_closed_pipe() {
    let dir = common::packs_copy();
    let built = common::appealpress(
        dir.path(),
        &["build", "packs", "--out", "dist", "--product", "postcard", "--shard", "1/1"],
    );
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    let out = dir.path().join("dist");
    let out = out.to_str().unwrap();
    assert_exit(&run_into_closed_pipe(dir.path(), &["index", "--out", out], Closed::Both), 0);
    assert_exit(&run_into_closed_pipe(dir.path(), &["prune", "--out", out], Closed::Both), 0);
}
