//! Diagnostics: what went wrong (or looks wrong), where, and what to do about it.
//!
//! Modelled on typst's `SourceDiagnostic`: a severity, an optional source span, a
//! message and hints. Stages never print; they return errors, report warnings into a
//! [`Sink`], and the CLI prints everything once.
//!
//! What a diagnostic prints is escaped ([`escape`]): a file name or a value quoted in
//! a message may hold ESC, a newline or a direction override, and a terminal must not
//! act on it nor a line be forged.

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Severity {
    /// The job cannot produce its output.
    Error,
    /// The output is built, but someone should look.
    Warning,
    /// Worth knowing, nothing to fix: a closed case was skipped.
    Note,
}

/// A place in a source file. `line` and `column` are 1-based; 0 means unknown.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    /// The file, as the user named it (relative to the packs folder's parent when possible).
    pub(crate) file: PathBuf,
    /// 1-based line, or 0 when only the file is known.
    pub(crate) line: usize,
    /// 1-based column, or 0 when unknown.
    pub(crate) column: usize,
}

impl Span {
    /// A span that names only a file.
    pub fn file(file: impl Into<PathBuf>) -> Self {
        Span { file: file.into(), line: 0, column: 0 }
    }

    /// A span at a line and column of a file.
    pub(crate) fn at(file: impl Into<PathBuf>, line: usize, column: usize) -> Self {
        Span { file: file.into(), line, column }
    }
}

/// `text` with its control characters (C0, DEL, C1: ESC, newline, BEL ...), direction
/// controls (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C) and invisible
/// characters (U+200B, U+2060, U+FEFF) written as Rust-style `\u{1b}` escapes, so that
/// printing a name from the input cannot move the terminal's cursor, colour it, forge
/// a line, or reverse what follows. A backslash stays as it is.
pub(crate) fn escape(text: &str) -> std::borrow::Cow<'_, str> {
    let hidden = |c: char| {
        c.is_control()
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}')
            || matches!(c, '\u{200b}' | '\u{2060}'..='\u{2064}' | '\u{feff}')
    };
    if !text.chars().any(hidden) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if hidden(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A path as [`escape`] prints it.
pub(crate) fn escape_path(path: &Path) -> String {
    escape(&path.to_string_lossy()).into_owned()
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", escape_path(&self.file))?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.column > 0 {
                write!(f, ":{}", self.column)?;
            }
        }
        Ok(())
    }
}

/// One problem found in the input or while building. In `manifest.json` it is an
/// object with these fields, so CI can annotate the file and line.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub(crate) severity: Severity,
    /// Where it is, when it has a place.
    pub(crate) span: Option<Span>,
    /// What is wrong, in one sentence.
    pub(crate) message: String,
    /// What the user can do about it.
    pub(crate) hints: Vec<String>,
}

impl Diagnostic {
    /// An error at a span.
    pub(crate) fn error(span: Option<Span>, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Error, span, message: message.into(), hints: Vec::new() }
    }

    /// A warning at a span.
    pub(crate) fn warning(span: Option<Span>, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, span, message: message.into(), hints: Vec::new() }
    }

    /// A note at a span.
    pub(crate) fn note(span: Option<Span>, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Note, span, message: message.into(), hints: Vec::new() }
    }

    /// An error about a whole file.
    pub(crate) fn in_file(path: &Path, message: impl Into<String>) -> Self {
        Self::error(Some(Span::file(path)), message)
    }

    /// Adds a hint.
    pub(crate) fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        match &self.span {
            Some(span) => write!(f, "{label}: {span}: {}", escape(&self.message))?,
            None => write!(f, "{label}: {}", escape(&self.message))?,
        }
        for hint in &self.hints {
            write!(f, "\n  = hint: {}", escape(hint))?;
        }
        Ok(())
    }
}

/// The warnings a stage reports, like typst's `Sink::warn`: each problem once, in the
/// order first reported. A warning repeats the same severity, span and message (the
/// pack and the postcard of a language both miss its labels); it is kept once, with
/// the first report's hints, so what the CLI and the manifest show depends neither on
/// how many products met the problem nor on which of them ran first.
#[derive(Debug, Clone, Default)]
pub struct Sink {
    warnings: Vec<Diagnostic>,
    seen: HashSet<(Severity, Option<Span>, String)>,
}

impl Sink {
    /// An empty sink.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reports a warning (or a note), unless the same one was reported before.
    pub(crate) fn warn(&mut self, diag: Diagnostic) {
        if self.seen.insert((diag.severity, diag.span.clone(), diag.message.clone())) {
            self.warnings.push(diag);
        }
    }

    /// The warnings, in the order first reported.
    pub(crate) fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// The warnings, in the order first reported.
    pub(crate) fn into_warnings(self) -> Vec<Diagnostic> {
        self.warnings
    }

    /// How many distinct warnings were reported.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.warnings.len()
    }

    /// True when nothing was reported.
    #[cfg(test)]
    pub(crate) fn is_empty(&self) -> bool {
        self.warnings.is_empty()
    }
}

impl Extend<Diagnostic> for Sink {
    fn extend<I: IntoIterator<Item = Diagnostic>>(&mut self, diags: I) {
        diags.into_iter().for_each(|diag| self.warn(diag));
    }
}

impl FromIterator<Diagnostic> for Sink {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(diags: I) -> Self {
        let mut sink = Sink::new();
        sink.extend(diags);
        sink
    }
}

/// Two sinks are equal when they hold the same warnings in the same order.
impl PartialEq for Sink {
    fn eq(&self, other: &Self) -> bool {
        self.warnings == other.warnings
    }
}

/// Maps byte offsets of a text to 1-based lines and columns (columns count chars).
#[derive(Debug, Clone)]
pub(crate) struct LineIndex {
    line_starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `text`.
    pub(crate) fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { line_starts }
    }

    /// The 1-based (line, column) of a byte offset in the indexed text.
    pub(crate) fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let start = self.line_starts[line];
        let column = text.get(start..offset).map_or(1, |s| s.chars().count() + 1);
        (line + 1, column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_counts_lines_and_chars() {
        let text = "ab\ncdé\nf";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 0), (1, 1));
        assert_eq!(index.line_col(text, 3), (2, 1));
        assert_eq!(index.line_col(text, text.find('f').unwrap()), (3, 1));
        assert_eq!(index.line_col(text, text.find('é').unwrap() + 2), (2, 4));
    }

    #[test]
    fn a_sink_keeps_each_warning_once_in_the_order_first_reported() {
        let at = |line| Some(Span::at("packs/x/en.md", line, 1));
        let mut sink = Sink::new();
        sink.warn(Diagnostic::warning(at(9), "late"));
        sink.warn(Diagnostic::warning(at(2), "early").with_hint("first hint"));
        sink.warn(Diagnostic::warning(at(2), "early").with_hint("second hint"));
        sink.warn(Diagnostic::note(at(2), "early"));
        sink.warn(Diagnostic::warning(at(9), "late"));
        let shown: Vec<String> = sink.warnings().iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "warning: packs/x/en.md:9:1: late",
                "warning: packs/x/en.md:2:1: early\n  = hint: first hint",
                "note: packs/x/en.md:2:1: early",
            ]
        );
    }

    #[test]
    fn display_escapes_what_a_terminal_would_act_on() {
        let d = Diagnostic::error(Some(Span::file("packs/x\u{1b}[2J/e\nn.md")), "`a\u{202e}b\u{7}`")
            .with_hint("in \u{1b}]0;title\u{7}");
        assert_eq!(
            d.to_string(),
            "error: packs/x\\u{1b}[2J/e\\u{a}n.md: `a\\u{202e}b\\u{7}`\n  = hint: in \\u{1b}]0;title\\u{7}"
        );
        // Names in other scripts, with ZWNJ, print as they are.
        assert_eq!(escape("علی‌رضا"), "علی‌رضا");
    }

    #[test]
    fn display_names_file_line_and_column() {
        let d = Diagnostic::error(Some(Span::at("packs/x/en.md", 4, 2)), "bad").with_hint("fix it");
        assert_eq!(d.to_string(), "error: packs/x/en.md:4:2: bad\n  = hint: fix it");
    }
}
