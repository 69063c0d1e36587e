//! Values computed once per key and shared by the parallel jobs that ask for them.
//!
//! The jobs of a case want the same expensive things (an encoded photo, the pack's
//! text set in one language): the first job to ask computes it, others asking for the
//! same key wait for that one result, and different keys go on in parallel.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex, OnceLock};

/// A map whose values are each computed once, by the first caller.
#[derive(Debug)]
pub(crate) struct OnceMap<K, V> {
    slots: Mutex<HashMap<K, Arc<OnceLock<V>>>>,
}

impl<K, V> Default for OnceMap<K, V> {
    fn default() -> Self {
        OnceMap { slots: Mutex::new(HashMap::new()) }
    }
}

impl<K: Eq + Hash, V: Clone> OnceMap<K, V> {
    /// The value for `key`, computed by `init` if no caller has computed it yet.
    /// The map's lock is held only to find the slot, never while computing.
    pub(crate) fn get_or_init(&self, key: K, init: impl FnOnce() -> V) -> V {
        let slot = self.slots.lock().unwrap_or_else(|e| e.into_inner()).entry(key).or_default().clone();
        slot.get_or_init(init).clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn each_key_is_computed_once_across_threads() {
        let map = OnceMap::default();
        let calls = AtomicUsize::new(0);
        std::thread::scope(|scope| {
            for _ in 0..4 {
                scope.spawn(|| {
                    for key in 0..10 {
                        let value = map.get_or_init(key, || {
                            calls.fetch_add(1, Ordering::SeqCst);
                            key * 2
                        });
                        assert_eq!(value, key * 2);
                    }
                });
            }
        });
        assert_eq!(calls.load(Ordering::SeqCst), 10);
    }
}
