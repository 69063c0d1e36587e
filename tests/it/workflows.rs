//! The GitHub workflows read as data: what `zizmor` does not check and a wrong edit
//! would break silently. The packs workflow runs on every change to what the outputs
//! are made from (the folders build.rs digests into the tool's key, the content, the
//! fonts), installs the fonts found at run time, deploys one run at a time with the
//! tool its shards used, publishes through `appealpress publish` for as many shards as
//! its matrix has, and pins every action to a commit; a test workflow runs `.ci/run`.

use std::path::Path;

use serde_yaml::Value;

fn read(path: &str) -> (String, Value) {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap();
    let yaml = serde_yaml::from_str(&text).unwrap();
    (text, yaml)
}

/// The strings of a YAML sequence.
fn strings(value: &Value) -> Vec<String> {
    value
        .as_sequence()
        .map(|s| s.iter().filter_map(|v| v.as_str().map(str::to_string)).collect())
        .unwrap_or_default()
}

/// Every `run:` of a job, joined.
fn runs(job: &Value) -> String {
    let steps = job["steps"].as_sequence().cloned().unwrap_or_default();
    steps.iter().filter_map(|s| s["run"].as_str()).collect::<Vec<_>>().join("\n")
}

/// What build.rs watches (`for watched in [...]`): everything in the tool's key.
fn watched_by_build_rs() -> Vec<String> {
    let build_rs = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("build.rs")).unwrap();
    let start = build_rs.find("for watched in [").expect("build.rs lists what it watches") + 16;
    let end = start + build_rs[start..].find(']').unwrap();
    build_rs[start..end]
        .split(',')
        .map(|s| s.trim().trim_matches('"').to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// The problems of the packs workflow, one line each.
fn packs_workflow_problems(text: &str, yaml: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    // `on` is read by YAML 1.1 readers as `true`; serde_yaml reads the key as written.
    let paths = strings(&yaml["on"]["push"]["paths"]);
    let covered = |input: &str| paths.iter().any(|p| p == input || *p == format!("{input}/**"));
    let inputs = watched_by_build_rs().into_iter().chain(["packs".to_string(), "fonts".to_string()]);
    for input in inputs {
        if !covered(&input) {
            problems.push(format!("the push paths miss `{input}`, which the outputs are made from"));
        }
    }
    let concurrency = &yaml["concurrency"];
    if concurrency["group"].as_str().is_none() || concurrency["cancel-in-progress"].as_bool() != Some(false) {
        problems.push("no concurrency group that lets deploys finish in order".to_string());
    }
    let jobs = &yaml["jobs"];
    let shard_job = &jobs["build"];
    let shards = shard_job["strategy"]["matrix"]["shard"].as_sequence().map_or(0, Vec::len);
    for font in ["fonts-noto-cjk", "fonts-noto-core"] {
        if !runs(shard_job).contains(font) {
            problems.push(format!("the shards do not install {font}"));
        }
    }
    if !runs(shard_job).contains(&format!("--shard \"$SHARD/{shards}\"")) {
        problems.push(format!("the shards do not build `--shard I/{shards}`"));
    }
    let publish = &jobs["publish"];
    let publish_runs = runs(publish);
    if publish_runs.contains("cargo") {
        problems.push("publish compiles the tool again instead of using the shards' binary".to_string());
    }
    if !publish_runs.contains(&format!("appealpress publish --out dist --shards {shards}")) {
        problems.push(format!("publish does not run `appealpress publish --shards {shards}`"));
    }
    // A failed shard must not hold back the deploy: publish runs unless cancelled.
    let condition = publish["if"].as_str().unwrap_or_default();
    if !condition.contains("!cancelled()") {
        problems.push("publish is skipped when a shard fails, holding back withdrawals".to_string());
    }
    problems.extend(unpinned_actions(text));
    problems
}

/// Each `uses:` not pinned to a full commit SHA.
fn unpinned_actions(text: &str) -> Vec<String> {
    let uses = text.lines().filter_map(|l| l.trim().trim_start_matches("- ").strip_prefix("uses: "));
    let pinned = |action: &str| {
        action.split_once('@').is_some_and(|(_, rev)| {
            let rev = rev.split_whitespace().next().unwrap_or_default();
            rev.len() == 40 && rev.chars().all(|c| c.is_ascii_hexdigit())
        })
    };
    uses.filter(|u| !pinned(u)).map(|u| format!("`{u}` is not pinned to a commit")).collect()
}

#[test]
fn the_packs_workflow_rebuilds_on_every_input_and_always_publishes_withdrawals() {
    let (text, yaml) = read(".github/workflows/packs.yml");
    let problems = packs_workflow_problems(&text, &yaml);
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn the_checks_find_what_they_look_for() {
    // The workflow as an editor might break it: a path dropped, the fonts not
    // installed, publish gated on every shard passing, an action on a tag.
    let (text, _) = read(".github/workflows/packs.yml");
    let broken = text
        .replace("      - \"labels/**\"\n", "")
        .replace("fonts-noto-cjk", "fonts-dejavu")
        .replace("if: ${{ !cancelled() && needs.tool.result == 'success' }}", "if: ${{ success() }}")
        .replacen("@3d3c42e5aac5ba805825da76410c181273ba90b1", "@v4", 1);
    let problems = packs_workflow_problems(&broken, &serde_yaml::from_str(&broken).unwrap());
    for expected in ["miss `labels`", "fonts-noto-cjk", "holding back withdrawals", "@v4"] {
        assert!(problems.iter().any(|p| p.contains(expected)), "{expected}: {problems:#?}");
    }
}

#[test]
fn a_test_workflow_runs_ci_run_on_pushes_and_pull_requests() {
    let (text, yaml) = read(".github/workflows/test.yml");
    assert!(yaml["on"].get("push").is_some() && yaml["on"].get("pull_request").is_some());
    let runs: Vec<String> = yaml["jobs"].as_mapping().unwrap().values().map(runs).collect();
    assert!(runs.iter().any(|r| r.contains(".ci/run")), "{runs:?}");
    let unpinned = unpinned_actions(&text);
    assert!(unpinned.is_empty(), "{unpinned:#?}");
}
