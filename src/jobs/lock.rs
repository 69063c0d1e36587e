//! One writer at a time: `build`, `watch`, `prune` and `index` hold an exclusive lock
//! on the output folder (`<out>/.appealpress/lock`) while they read and write it.
//!
//! Without it two runs interleave their reads and writes of `manifest.json`: the one
//! that writes last wins, and a `prune` beside a build writes back an old manifest in
//! which a withdrawn case's files are outputs again. The lock is the operating
//! system's (`flock` on Unix, `LockFileEx` on Windows), so it is released whenever the
//! holder ends, a `kill -9` included: there is no stale lock file to clean up.

use std::fs::{File, TryLockError};
use std::path::Path;

use crate::diag::{Diagnostic, Span};

/// The lock file, inside the output folder.
pub(crate) const LOCK_FILE: &str = ".appealpress/lock";

/// What to do when another run holds the lock.
#[derive(Clone, Copy)]
pub enum WhenBusy<'a> {
    /// Wait for it, calling the function once first (to say so).
    Wait(&'a dyn Fn(&Path)),
    /// Give up at once with an error (`--no-wait`).
    Fail,
}

/// The held lock; dropping it releases the folder.
#[derive(Debug)]
pub struct OutputLock {
    _file: File,
}

/// Takes the lock on `out_dir` (creating the folder and the lock file as needed).
/// Errors: the folder cannot be made or the lock file opened, or, with
/// [`WhenBusy::Fail`], another run holds it.
pub fn lock_output(out_dir: &Path, when_busy: WhenBusy) -> Result<OutputLock, Diagnostic> {
    let path = out_dir.join(LOCK_FILE);
    let cannot = |e: std::io::Error| {
        Diagnostic::error(Some(Span::file(&path)), format!("cannot lock the output folder: {e}"))
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(cannot)?;
    }
    let file =
        File::options().read(true).write(true).create(true).truncate(false).open(&path).map_err(cannot)?;
    match file.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => match when_busy {
            WhenBusy::Fail => {
                return Err(Diagnostic::error(
                    Some(Span::file(out_dir)),
                    "another appealpress is writing to this output folder",
                )
                .with_hint("wait for it to finish, or run again without --no-wait to wait for it"))
            }
            WhenBusy::Wait(say) => {
                say(out_dir);
                file.lock().map_err(cannot)?;
            }
        },
        Err(TryLockError::Error(e)) => return Err(cannot(e)),
    }
    Ok(OutputLock { _file: file })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_holder_is_refused_until_the_first_lets_go() {
        let out = tempfile::tempdir().unwrap();
        let first = lock_output(out.path(), WhenBusy::Fail).unwrap();
        let busy = lock_output(out.path(), WhenBusy::Fail).unwrap_err();
        assert!(busy.message.contains("another appealpress"), "{busy}");
        drop(first);
        lock_output(out.path(), WhenBusy::Fail).expect("free again once dropped");
    }

    #[test]
    fn a_waiting_holder_says_so_once_and_gets_the_lock_when_it_is_free() {
        let out = tempfile::tempdir().unwrap();
        let first = lock_output(out.path(), WhenBusy::Fail).unwrap();
        let said = std::sync::atomic::AtomicUsize::new(0);
        std::thread::scope(|scope| {
            let waiter = scope.spawn(|| {
                let say = |_: &Path| {
                    said.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                };
                lock_output(out.path(), WhenBusy::Wait(&say)).map(|_| ())
            });
            while said.load(std::sync::atomic::Ordering::SeqCst) == 0 {
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            drop(first);
            waiter.join().unwrap().unwrap();
        });
        assert_eq!(said.into_inner(), 1);
    }
}
