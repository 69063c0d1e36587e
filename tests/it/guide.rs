//! The user guide (`docs/`) against the command line: every subcommand that
//! `appealpress --help` lists has its page in `docs/src/commands/`, and every option
//! and argument of that subcommand's `--help` is on its page, so that a new flag
//! without its line in the guide fails here. The guide's own table of contents must
//! name every page, so that mdBook builds them all.

use std::path::Path;
use std::process::Command;

/// The `-h` text of `appealpress` with `args` (`--help` is `-h` with the longer notes).
fn help(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_appealpress")).args(args).arg("-h").output().unwrap();
    assert!(out.status.success(), "appealpress {args:?} -h: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// The entries of one section of a clap help text (`Commands:`, `Options:`,
/// `Arguments:`), as written: `build`; `--help` from `-h, --help`; `PACKS_DIR` from
/// `[PACKS_DIR]`. An entry is indented by two spaces, or is an option (a line starting
/// with `-`); deeper lines continue a description.
fn entries(help: &str, section: &str) -> Vec<String> {
    let lines = help.lines().skip_while(|l| *l != section).skip(1);
    let mut out = Vec::new();
    for line in lines.take_while(|l| l.is_empty() || l.starts_with(' ')) {
        let text = line.trim_start();
        let indent = line.len() - text.len();
        let is_entry = if section == "Options:" { text.starts_with('-') } else { indent == 2 };
        if !is_entry {
            continue;
        }
        let words: Vec<&str> = text.split([' ', '=']).collect();
        let word = words.iter().find(|w| w.starts_with("--")).unwrap_or(&words[0]);
        out.push(word.trim_end_matches(',').trim_matches(['[', ']', '<', '>', '.']).to_string());
    }
    out
}

fn guide(page: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/src").join(page);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn every_subcommand_option_and_argument_is_in_the_guide() {
    let top = help(&[]);
    let commands: Vec<String> = entries(&top, "Commands:").into_iter().filter(|c| c != "help").collect();
    assert!(commands.len() >= 7 && commands.contains(&"build".to_string()), "{commands:?} from\n{top}");
    let overview = guide("commands/overview.md");
    let mut missing = Vec::new();
    for option in entries(&top, "Options:") {
        if !overview.contains(&option) {
            missing.push(format!("commands/overview.md: appealpress {option}"));
        }
    }
    for command in &commands {
        let page_name = format!("commands/{command}.md");
        let page = guide(&page_name);
        if !overview.contains(&format!("appealpress {command}")) {
            missing.push(format!("commands/overview.md: appealpress {command}"));
        }
        let text = help(&[command]);
        let options = entries(&text, "Options:").into_iter().filter(|o| o != "--help");
        for name in options.chain(entries(&text, "Arguments:")) {
            if !page.contains(&name) {
                missing.push(format!("{page_name}: {name}"));
            }
        }
    }
    assert!(missing.is_empty(), "not in the guide (docs/src/):\n{}", missing.join("\n"));
}

#[test]
fn the_table_of_contents_names_every_page() {
    let summary = guide("SUMMARY.md");
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/src");
    let mut pages = Vec::new();
    for dir in [src.clone(), src.join("commands")] {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "md") && !path.ends_with("SUMMARY.md") {
                pages.push(path.strip_prefix(&src).unwrap().to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let unlisted: Vec<&String> = pages.iter().filter(|p| !summary.contains(&format!("]({p})"))).collect();
    assert!(unlisted.is_empty(), "pages SUMMARY.md does not list: {unlisted:?}");
}
