//! Snapshot comparison for text dumps (the layout snapshots), as insta does it: a
//! difference fails the test and leaves what was got beside the reference as
//! `<name>.new` to read and diff; accepting it is a separate, explicit act.
//!
//! With `UPDATE_SNAPSHOTS=1` a differing (or missing) reference is rewritten and the
//! test still fails, naming the file: an update is never a pass, so an environment
//! that happens to set the variable cannot turn a changed layout green. The next run,
//! with or without the variable, passes on the new references.

use std::path::{Path, PathBuf};

/// Compares `actual` with the reference file `reference`; see the module's note.
pub fn assert_snapshot(reference: &Path, actual: &str) {
    let new = pending(reference);
    let expected = std::fs::read_to_string(reference).ok();
    if expected.as_deref() == Some(actual) {
        // A `.new` left by an earlier failure is stale once the reference matches.
        let _ = std::fs::remove_file(&new);
        return;
    }
    let name = reference.display();
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|v| !v.is_empty()) {
        std::fs::write(reference, actual).unwrap();
        let _ = std::fs::remove_file(&new);
        panic!(
            "snapshot {name} {}: review the change (git diff), commit it with the change that made it, and run the tests again without UPDATE_SNAPSHOTS",
            if expected.is_some() { "updated" } else { "written" }
        );
    }
    std::fs::write(&new, actual).unwrap();
    let Some(expected) = expected else {
        panic!("no snapshot {name}: what was got is in {}; accept it with UPDATE_SNAPSHOTS=1", new.display());
    };
    let first = actual.lines().zip(expected.lines()).position(|(a, e)| a != e);
    let first = first.unwrap_or_else(|| actual.lines().count().min(expected.lines().count()));
    let line = |text: &str| text.lines().nth(first).unwrap_or("(end)").to_string();
    panic!(
        "snapshot {name} differs at line {}:\n  expected: {}\n  actual:   {}\nwhat was got is in {}; compare with `diff {name} {}`. If the change is meant, accept it with UPDATE_SNAPSHOTS=1 (which rewrites the reference and still fails once)",
        first + 1,
        line(&expected),
        line(actual),
        new.display(),
        new.display(),
    );
}

/// Where what was got is left when it differs: the reference's name with `.new` added.
fn pending(reference: &Path) -> PathBuf {
    let mut name = reference.as_os_str().to_owned();
    name.push(".new");
    PathBuf::from(name)
}
