//! The integration tests that start an external tool: poppler (`pdftotext`,
//! `pdffonts`, `pdftoppm`), `qpdf`, Ghostscript, headless Chromium or HarfBuzz's
//! `hb-shape`. Each says so and passes where its tool is missing, unless
//! `APPEALPRESS_REQUIRE_TOOLS` is set (as `.ci/run` does). `cargo test` runs them;
//! `cargo quick` skips them (`--skip tools::`). A module moves here when it starts
//! using a tool. The files stay beside the others, in `tests/it/`.

#[path = "address_labels.rs"]
mod address_labels;
#[path = "bundle.rs"]
mod bundle;
#[path = "column.rs"]
mod column;
#[path = "composition.rs"]
mod composition;
#[path = "download_page.rs"]
mod download_page;
#[path = "e2e.rs"]
mod e2e;
#[path = "framing.rs"]
mod framing;
#[path = "hb_shape.rs"]
mod hb_shape;
#[path = "labels.rs"]
mod labels;
#[path = "languages.rs"]
mod languages;
#[path = "page_composition.rs"]
mod page_composition;
#[path = "petition.rs"]
mod petition;
#[path = "poster.rs"]
mod poster;
#[path = "preflight.rs"]
mod preflight;
#[path = "press.rs"]
mod press;
#[path = "printed_text.rs"]
mod printed_text;
#[path = "scripts.rs"]
mod scripts;
#[path = "tally.rs"]
mod tally;
/// Ignored by default (minutes long); it runs `qpdf --check` on every file.
#[path = "torture.rs"]
mod torture;
