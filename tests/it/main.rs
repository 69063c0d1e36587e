//! The integration tests, as one test crate with a module per area, so that the
//! crate and the dev-dependencies are linked into one test binary rather than one per
//! file (the layout rust-analyzer uses).
//!
//! A test is found by its module and name: `cargo test --test it press::` runs the
//! press tests, `cargo test --test it press_boxes` the tests with that in their name.
//! The fixtures and snapshots stay under `tests/`, found from `CARGO_MANIFEST_DIR`.
//!
//! The modules that start an external tool (poppler, qpdf, Ghostscript, Chromium,
//! hb-shape) are gathered under [`tools`]; the quick loop, `cargo quick`
//! (.cargo/config.toml), runs the library's tests and all the others.

mod common;
mod tools;

mod accessibility;
mod bad_input;
mod case_life;
mod fuzz;
mod guide;
mod incremental;
mod layout_snapshots;
mod links;
mod locale;
mod metadata;
mod pipes;
mod publish;
mod safety;
mod watch;
mod workflows;
