//! Hostile text, refused before it costs anything or reaches a page: YAML nested
//! deeper than any case needs, control characters, and direction controls or
//! invisible characters in names and titles.
//!
//! The case files come from many hands (volunteers, translators, a shared drive), and
//! what they say ends up printed and on the download page: a byte that a reader cannot
//! see must not change what they read (U+202E prints "Ali Aarrass" as "ssarraA ilA"),
//! and a file of a few hundred kilobytes must not keep a build busy for minutes.

use std::path::Path;

use crate::diag::{Diagnostic, LineIndex, Span};

/// How deep YAML may nest (flow brackets and block indentation together). A case.yaml
/// needs four levels; libyaml spends time quadratic in the depth of flow brackets
/// (59 s for 100,000 `[`), and serde_yaml recurses once per level.
pub(crate) const MAX_YAML_DEPTH: usize = 64;

/// The character's name for a message: `U+001B`, with a short name for the usual ones.
pub(crate) fn describe(c: char) -> String {
    let name = match c {
        '\0' => " (NUL)",
        '\u{7}' => " (BEL)",
        '\u{8}' => " (backspace)",
        '\u{1b}' => " (ESC)",
        '\r' => " (carriage return)",
        '\u{7f}' => " (DEL)",
        '\u{200b}' => " (zero width space)",
        '\u{2060}' => " (word joiner)",
        '\u{feff}' => " (zero width no-break space, BOM)",
        '\u{202a}' => " (left-to-right embedding)",
        '\u{202b}' => " (right-to-left embedding)",
        '\u{202c}' => " (pop directional formatting)",
        '\u{202d}' => " (left-to-right override)",
        '\u{202e}' => " (right-to-left override)",
        '\u{2066}' => " (left-to-right isolate)",
        '\u{2067}' => " (right-to-left isolate)",
        '\u{2068}' => " (first strong isolate)",
        '\u{2069}' => " (pop directional isolate)",
        _ => "",
    };
    format!("U+{:04X}{name}", u32::from(c))
}

/// A C0 or C1 control character, or DEL: nothing a printed page or a web page shows,
/// and ESC or BEL drive a terminal that echoes them.
pub(crate) fn is_forbidden_control(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

/// Direction overrides, embeddings and isolates (U+202A-U+202E, U+2066-U+2069), and
/// invisible characters with no job in a name (zero width space, word joiner and the
/// invisible operators, a BOM inside text). ZWNJ and ZWJ are not among them: Persian
/// names (علی‌رضا) and Indic conjuncts need them.
pub(crate) fn is_hidden_in_name(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200b}' | '\u{2060}'..='\u{2064}' | '\u{feff}')
}

/// Refuses control characters in a file's text, at their line and column. Tab and
/// newline are text; a carriage return only as part of a CRLF line end.
pub(crate) fn check_controls(path: &Path, text: &str) -> Result<(), Diagnostic> {
    let Some(offset) = first_control(text.as_bytes()) else { return Ok(()) };
    let c = text[offset..].chars().next().unwrap_or_default();
    let (line, column) = LineIndex::new(text).line_col(text, offset);
    Err(Diagnostic::error(
        Some(Span::at(path, line, column)),
        format!("the file holds the control character {}", describe(c)),
    )
    .with_hint("delete it: it prints as nothing or as a box, and most editors do not show it"))
}

/// The byte offset of the first control character in UTF-8 `text` but tab, newline
/// and the CR of a CRLF: a byte below 0x20, DEL, or a C1 control (0xC2 0x80-0x9F).
/// Read byte by byte, as most texts hold none and every text is read.
fn first_control(text: &[u8]) -> Option<usize> {
    // Most 64-byte blocks hold no byte that could start one: a test the compiler
    // vectorises passes them over; a block that might is looked at byte by byte.
    let maybe = |b: u8| (b < 0x20 && b != b'\n' && b != b'\t') | (b == 0x7F) | (b == 0xC2);
    let blocks =
        text.chunks(64).enumerate().filter(|(_, block)| block.iter().fold(false, |any, &b| any | maybe(b)));
    blocks.flat_map(|(k, block)| k * 64..k * 64 + block.len()).find(|&i| is_control_at(text, i))
}

/// Whether a control character starts at byte `i` of `text`.
fn is_control_at(text: &[u8], i: usize) -> bool {
    let next = text.get(i + 1).copied();
    match text[i] {
        b'\t' | b'\n' => false,
        b'\r' => next != Some(b'\n'),
        0..=0x1F | 0x7F => true,
        0xC2 => next.is_some_and(|n| (0x80..=0x9F).contains(&n)),
        _ => false,
    }
}

/// Refuses control characters that YAML escapes (`"\e"`, `"\0"`, `"\x07"`) put into a
/// parsed value, at the line of the key that holds it. `line_offset` as for
/// [`super::case_yaml::yaml_error_in`].
pub(crate) fn check_yaml_values(path: &Path, text: &str, line_offset: usize) -> Result<(), Diagnostic> {
    // Only an escape writes a control character the raw text does not hold: a text
    // with no backslash needs no second parse.
    if !text.contains('\\') {
        return Ok(());
    }
    let Ok(value) = serde_yaml::from_str::<serde_yaml::Value>(text) else { return Ok(()) };
    let mut found = None;
    walk_strings(&value, "", &mut |key, s| {
        if found.is_none() {
            found = s.chars().find(|&c| is_forbidden_control(c)).map(|c| (key.to_string(), c));
        }
    });
    let Some((key, c)) = found else { return Ok(()) };
    let line = line_of_key(text, &key, 0);
    let line = if line == 0 { line_offset.max(1) } else { line + line_offset };
    Err(Diagnostic::error(
        Some(Span::at(path, line, 0)),
        format!("`{key}` holds the control character {}", describe(c)),
    )
    .with_hint("remove the escape that writes it (`\\e`, `\\0`, `\\x..`)"))
}

/// Calls `f` with every string in a YAML value (keys included) and the innermost
/// mapping key above it.
fn walk_strings(value: &serde_yaml::Value, key: &str, f: &mut dyn FnMut(&str, &str)) {
    match value {
        serde_yaml::Value::String(s) => f(key, s),
        serde_yaml::Value::Sequence(items) => items.iter().for_each(|v| walk_strings(v, key, f)),
        serde_yaml::Value::Mapping(map) => {
            for (k, v) in map {
                let name = k.as_str().unwrap_or(key);
                walk_strings(k, name, f);
                walk_strings(v, name, f);
            }
        }
        serde_yaml::Value::Tagged(tagged) => walk_strings(&tagged.value, key, f),
        _ => {}
    }
}

/// The first character of a name or title that no reader sees but that changes what
/// they read, if any.
pub(crate) fn hidden_in_name(value: &str) -> Option<char> {
    value.chars().find(|&c| is_hidden_in_name(c))
}

/// The error for a name or title holding `c`: at the character in `text` when it is
/// written there as itself (searched from line `from_line`), else at `fallback`.
pub(crate) fn hidden_in_name_error(
    what: &str,
    c: char,
    text: &str,
    from_line: usize,
    fallback: Span,
    opt_in: Option<&str>,
) -> Diagnostic {
    let index = LineIndex::new(text);
    let start = text.split_inclusive('\n').take(from_line.saturating_sub(1)).map(str::len).sum::<usize>();
    let span = match text.get(start..).and_then(|rest| rest.find(c)) {
        Some(at) => {
            let (line, column) = index.line_col(text, start + at);
            Span::at(&fallback.file, line, column)
        }
        None => fallback,
    };
    let diag = Diagnostic::error(
        Some(span),
        format!("{what} holds the invisible character {}, which changes how it reads", describe(c)),
    );
    let diag = diag.with_hint("delete it: the name is printed on every pack, postcard and the download page");
    match opt_in {
        Some(hint) => diag.with_hint(hint),
        None => diag,
    }
}

/// Refuses YAML nested deeper than [`MAX_YAML_DEPTH`], before a parser sees it. A
/// cheap scan over the text that follows what the YAML scanner would nest on: flow
/// brackets outside quotes and comments, and block levels (each indentation, each
/// `- ` item, a key's sequence at the key's own column). Block scalars (`|`, `>`) are
/// skipped as text. It may count a level too many, never fewer.
pub(crate) fn check_nesting(path: &Path, text: &str, line_offset: usize) -> Result<(), Diagnostic> {
    match deepest(text) {
        None => Ok(()),
        Some((line, column)) => Err(Diagnostic::error(
            Some(Span::at(path, line + line_offset, column)),
            format!("the YAML nests deeper than {MAX_YAML_DEPTH} levels here"),
        )
        .with_hint("a case needs a few levels of lists and keys; check the brackets and indentation")),
    }
}

/// A block level: its column, and whether it is a key whose value is on the lines
/// below (so a `- ` item at the key's own column is its child, not its sibling).
#[derive(Clone, Copy, PartialEq)]
enum Level {
    Item(usize),
    Key(usize),
    OpenKey(usize),
}

impl Level {
    fn column(self) -> usize {
        match self {
            Level::Item(c) | Level::Key(c) | Level::OpenKey(c) => c,
        }
    }
}

/// A block scalar being skipped: the column of the node it belongs to, and its
/// content's indentation once known.
struct BlockScalar {
    parent: usize,
    indent: Option<usize>,
}

/// The 1-based line and column (chars) where nesting first passes the limit.
fn deepest(text: &str) -> Option<(usize, usize)> {
    let mut levels: Vec<Level> = Vec::new();
    let mut flow = 0usize;
    let mut flow_base = 0usize;
    // In flow context a line goes on where the last one stopped; a quote never does
    // (below).
    let mut node_start = true;
    let mut block_scalar: Option<BlockScalar> = None;
    for (number, line) in text.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let indent = line.len() - line.trim_start_matches(' ').len();
        let blank = line.trim().is_empty();
        if let Some(scalar) = &mut block_scalar {
            if blank {
                continue;
            }
            match scalar.indent {
                Some(content) if indent >= content => continue,
                None if indent > scalar.parent => {
                    scalar.indent = Some(indent);
                    continue;
                }
                _ => block_scalar = None,
            }
        }
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        let mut node_column = 0;
        // A quote is taken to end with its line: a quoted scalar that goes on is then
        // scanned as YAML (a level too many at worst), and a line that only looks like
        // the start of one (a plain scalar's next line starting with `"`) hides
        // nothing past its own end.
        let mut quote: Option<char> = None;
        if flow == 0 {
            let rest = line.trim_start_matches(' ');
            if blank || rest.starts_with('#') {
                continue;
            }
            if indent == 0 && (rest.starts_with("---") || rest.starts_with("...")) {
                levels.clear();
                i = 3;
            } else {
                i = chars.iter().take_while(|&&c| c == ' ').count();
                let item = is_item(&chars, i);
                while let Some(&top) = levels.last() {
                    let child_item = item && top == Level::OpenKey(i);
                    if top.column() > i || (top.column() == i && !child_item) {
                        levels.pop();
                    } else {
                        break;
                    }
                }
                // `- - - x`: each dash opens a level at its own column.
                while is_item(&chars, i) {
                    levels.push(Level::Item(i));
                    i += 1;
                    while chars.get(i).is_some_and(|c| *c == ' ' || *c == '\t') {
                        i += 1;
                    }
                }
                if i < chars.len() && chars[i] != '#' {
                    let open = ends_with_colon(&chars[i..]);
                    levels.push(if open { Level::OpenKey(i) } else { Level::Key(i) });
                }
                if levels.len() > MAX_YAML_DEPTH {
                    return Some((number + 1, i + 1));
                }
                node_column = levels.last().map_or(0, |l| l.column());
            }
        }
        if flow == 0 {
            node_start = true;
        }
        let mut after_space = true;
        while i < chars.len() {
            let c = chars[i];
            if let Some(q) = quote {
                if q == '"' && c == '\\' {
                    i += 2;
                    continue;
                }
                if c == q {
                    if q == '\'' && chars.get(i + 1) == Some(&'\'') {
                        i += 2;
                        continue;
                    }
                    quote = None;
                    node_start = false;
                }
                i += 1;
                continue;
            }
            if c == ' ' || c == '\t' {
                after_space = true;
                i += 1;
                continue;
            }
            if c == '#' && after_space {
                break;
            }
            after_space = false;
            let next_blank = chars.get(i + 1).is_none_or(|n| *n == ' ' || *n == '\t');
            match c {
                '[' | '{' if node_start || flow > 0 => {
                    if flow == 0 {
                        flow_base = levels.len();
                    }
                    flow += 1;
                    if flow_base + flow > MAX_YAML_DEPTH {
                        return Some((number + 1, i + 1));
                    }
                    node_start = true;
                }
                ']' | '}' if flow > 0 => {
                    flow -= 1;
                    node_start = false;
                }
                ',' if flow > 0 => node_start = true,
                ':' if next_blank || (flow > 0 && matches!(chars.get(i + 1), Some(',' | ']' | '}'))) => {
                    node_start = true;
                }
                '"' | '\'' if node_start => quote = Some(c),
                '|' | '>' if node_start && flow == 0 => {
                    let rest: String = chars[i + 1..].iter().collect();
                    let header = rest.split(" #").next().unwrap_or("").trim_end();
                    if header.chars().all(|h| h.is_ascii_digit() || h == '+' || h == '-') {
                        let explicit = header.chars().find(|h| h.is_ascii_digit());
                        let explicit =
                            explicit.and_then(|d| d.to_digit(10)).map(|d| node_column + d as usize);
                        block_scalar = Some(BlockScalar { parent: node_column, indent: explicit });
                        break;
                    }
                    node_start = false;
                }
                // An anchor or a tag before a node leaves it a node start.
                '&' | '!' if node_start => {
                    while chars.get(i + 1).is_some_and(|n| *n != ' ' && *n != '\t') {
                        i += 1;
                    }
                }
                '-' | '?' if node_start && flow == 0 && next_blank => {}
                _ => node_start = false,
            }
            i += 1;
        }
        if quote.is_some() {
            node_start = false;
        }
    }
    None
}

/// A block sequence item's dash at `i`: `-` followed by a blank or the line's end.
fn is_item(chars: &[char], i: usize) -> bool {
    chars.get(i) == Some(&'-') && chars.get(i + 1).is_none_or(|c| *c == ' ' || *c == '\t')
}

/// Whether a line's content is a key whose value starts on the next line (`key:`,
/// perhaps with a comment after it).
fn ends_with_colon(chars: &[char]) -> bool {
    let line: String = chars.iter().collect();
    let content = match line.find(" #") {
        Some(at) => &line[..at],
        None => &line,
    };
    content.trim_end().ends_with(':')
}

/// The 1-based line of the first `key:` in `text` (after `after_line`), for errors
/// about values serde accepted but the contract does not.
pub(crate) fn line_of_key(text: &str, key: &str, after_line: usize) -> usize {
    text.lines()
        .enumerate()
        .skip(after_line)
        .find(|(_, line)| {
            let trimmed = line.trim_start().trim_start_matches("- ");
            trimmed.starts_with(key) && trimmed[key.len()..].starts_with(':')
        })
        .map_or(0, |(i, _)| i + 1)
}

/// The 1-based line of the `index`th item (`- `) of the block list under `key:`, for
/// errors about one entry of `write_to` or `copies_to`; the key's line when the list is
/// written in flow style (`[...]`) or has fewer items.
pub(crate) fn line_of_entry(text: &str, key: &str, index: usize) -> usize {
    let key_line = line_of_key(text, key, 0);
    if key_line == 0 {
        return 0;
    }
    let lines: Vec<&str> = text.lines().collect();
    let indent_of = |line: &str| line.len() - line.trim_start().len();
    let key_indent = indent_of(lines[key_line - 1]);
    let mut items = 0;
    // Items are the `- ` lines at the first one's indent: a nested list's are deeper.
    let mut item_indent = None;
    for (i, line) in lines.iter().enumerate().skip(key_line) {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = indent_of(line);
        let is_item = trimmed.starts_with("- ") || trimmed == "-";
        // The list ends at the next key as far left as its own.
        if indent < key_indent || indent == key_indent && !is_item {
            break;
        }
        if is_item && *item_indent.get_or_insert(indent) == indent {
            if items == index {
                return i + 1;
            }
            items += 1;
        }
    }
    key_line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_found_across_block_edges_and_nothing_else() {
        let at =
            |prefix: usize, tail: &str| first_control(format!("{}{tail}", "a".repeat(prefix)).as_bytes());
        assert_eq!(at(63, "\u{85}b"), Some(63), "a C1 control (NEL) split over two blocks");
        assert_eq!(at(63, "\r\nb"), None, "a CRLF split over two blocks");
        assert_eq!(at(200, "\r"), Some(200), "a lone CR at the very end");
        assert_eq!(at(100, "\u{a0}é«»\t\n"), None, "no-break space, accents, guillemets, tab");
        assert_eq!(at(130, "x\u{1b}"), Some(131));
        assert_eq!(at(0, "\u{7f}"), Some(0));
    }

    fn depth_error(text: &str) -> Option<(usize, usize)> {
        deepest(text)
    }

    #[test]
    fn deep_flow_brackets_are_refused_at_the_first_level_too_many() {
        let text = format!("person: A\nphoto:\n  focus: {}\n", "[".repeat(100_000));
        let (line, column) = depth_error(&text).unwrap();
        // `photo` and `focus` are two levels, so the 63rd bracket is the 65th level.
        assert_eq!((line, column), (3, 10 + 62));
        let ok = format!("focus: {}1{}\n", "[".repeat(60), "]".repeat(60));
        assert_eq!(depth_error(&ok), None);
        assert!(depth_error(&format!("a: {}\n", "{x: ".repeat(70))).is_some());
        // Across lines.
        assert!(depth_error(&format!("a: {}", "[\n".repeat(70))).is_some());
    }

    #[test]
    fn deep_block_indentation_and_items_are_refused() {
        let keys: String = (0..70).map(|i| format!("{}k{i}:\n", " ".repeat(i))).collect();
        assert_eq!(depth_error(&keys).map(|(line, _)| line), Some(65));
        let dashes = format!("{}x\n", "- ".repeat(70));
        assert!(depth_error(&dashes).is_some());
        // A key's items at its own column are a level below it.
        let zigzag: String = (0..40).map(|i| format!("{0}- k{i}:\n", "  ".repeat(i))).collect();
        assert!(depth_error(&format!("a:\n{zigzag}")).is_some());
        let shallow: String = (0..20).map(|i| format!("{0}- k{i}:\n", "  ".repeat(i))).collect();
        assert_eq!(depth_error(&format!("a:\n{shallow}")), None);
    }

    #[test]
    fn brackets_in_text_are_not_levels() {
        let many = "[".repeat(200);
        for text in [
            format!("title: \"{many}\"\n"),
            format!("title: '{many}'\n"),
            format!("title: Free {many}\n"),
            format!("title: A # {many}\n"),
            format!("postcard: |\n  {many}\n\n  {many}\nperson: A\n"),
            format!("postcard: >-\n    {many}\n      {many}\n"),
            format!("a: [\"{many}\", '{many}']\n"),
        ] {
            assert_eq!(depth_error(&text), None, "{text}");
        }
        // A quote is taken to end with its line, so what goes on below is counted.
        assert!(depth_error(&format!("a: \"x\n  {many}\"\n")).is_some());
        // A plain scalar's next line that starts with a quote hides no brackets below.
        assert!(depth_error(&format!("a: [x\n\"{many}\n")).is_some());
        assert!(depth_error(&format!("title: a\n  \"x\nfocus: {many}\n")).is_some());
        // Text after a block scalar ends is YAML again.
        let text = format!("postcard: |\n  hi\nfocus: {many}\n");
        assert_eq!(depth_error(&text), Some((3, 8 + 63)));
    }

    #[test]
    fn the_sample_case_files_pass() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("packs");
        for entry in std::fs::read_dir(root).unwrap().flatten() {
            let Ok(text) = std::fs::read_to_string(entry.path().join("case.yaml")) else { continue };
            assert_eq!(depth_error(&text), None, "{}", entry.path().display());
        }
    }

    #[test]
    fn controls_are_named_at_their_line_and_column() {
        let err = check_controls(Path::new("en.md"), "a\r\nb\tc\nd\u{1b}[31m").unwrap_err();
        assert_eq!(
            err.to_string().lines().next().unwrap(),
            "error: en.md:3:2: the file holds the control character U+001B (ESC)"
        );
        assert!(check_controls(Path::new("en.md"), "a\rb").is_err());
        assert!(check_controls(Path::new("en.md"), "x\u{85}").is_err());
        assert!(check_controls(Path::new("en.md"), "a\r\nb\tc\n").is_ok());
    }

    #[test]
    fn escaped_controls_in_yaml_values_are_named_at_their_key() {
        let text = "person: A\nphoto:\n  credit: \"C\\e[2J\"\n";
        let err = check_yaml_values(Path::new("case.yaml"), text, 0).unwrap_err();
        assert_eq!(err.span.as_ref().unwrap().line, 3);
        assert!(err.message.contains("`credit` holds the control character U+001B (ESC)"), "{err}");
        assert!(check_yaml_values(Path::new("case.yaml"), "postcard: |\n  a\n  b\n", 0).is_ok());
    }

    #[test]
    fn names_may_hold_zwnj_and_zwj_but_not_overrides() {
        assert_eq!(hidden_in_name("علی‌رضا"), None);
        assert_eq!(hidden_in_name("क्‍ष"), None);
        assert_eq!(hidden_in_name("Ali \u{202e}ssarraA"), Some('\u{202e}'));
        assert_eq!(hidden_in_name("A\u{200b}li"), Some('\u{200b}'));
        assert_eq!(hidden_in_name("A\u{2067}li\u{2069}"), Some('\u{2067}'));
    }
}
