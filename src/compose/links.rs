//! Links: which printed text a reader of the home PDF can follow. Markdown links come
//! from load with their targets; this finds the e-mail and web addresses written out
//! in plain text, and shortens the online action's address for print.

use crate::load::Inline;

/// The online action, printed as a QR code with its short address under it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ActionLink {
    /// The full address the code and the link lead to.
    pub(crate) url: String,
    /// The address as printed: without its scheme or a trailing `/`.
    pub(crate) short: String,
}

impl ActionLink {
    /// The link to `url`, an address load checked (`http(s)://host…`).
    pub(crate) fn new(url: &str) -> ActionLink {
        let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
        ActionLink { url: url.to_string(), short: rest.trim_end_matches('/').to_string() }
    }
}

/// The inlines with every e-mail or web address in their unlinked text made a link of
/// its own (`mailto:` for e-mail, `https://` added to a bare `www.`).
pub(crate) fn link_addresses(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out = Vec::with_capacity(inlines.len());
    for inline in inlines {
        if inline.link.is_some() {
            out.push(inline);
            continue;
        }
        let mut rest = inline.text.as_str();
        while let Some((start, end, uri)) = find_address(rest) {
            if start > 0 {
                out.push(Inline { text: rest[..start].to_string(), link: None, ..inline.clone() });
            }
            out.push(Inline { text: rest[start..end].to_string(), link: Some(uri), ..inline.clone() });
            rest = &rest[end..];
        }
        if !rest.is_empty() {
            out.push(Inline { text: rest.to_string(), link: None, ..inline });
        }
    }
    out
}

/// Whether the inline's text is its own address (an autolink, an address found in the
/// text): printed exactly as written, never respaced or requoted by the language's
/// conventions.
pub(crate) fn shows_its_address(inline: &Inline) -> bool {
    inline.link.as_deref().is_some_and(|uri| {
        uri.strip_prefix("mailto:").unwrap_or(uri) == inline.text
            || uri == inline.text
            || uri.strip_prefix("https://") == Some(inline.text.as_str())
    })
}

/// The first address in `text`: its byte range and the URI it opens.
fn find_address(text: &str) -> Option<(usize, usize, String)> {
    let mut offset = 0;
    for word in text.split_inclusive(char::is_whitespace) {
        let start = offset;
        offset += word.len();
        // Leading brackets and quotes, trailing punctuation: "(see www.x.org)." links
        // `www.x.org`.
        let trimmed = word.trim_end();
        let lead = trimmed.len() - trimmed.trim_start_matches(['(', '[', '<', '"', '\'', '«', '“']).len();
        let core = trimmed[lead..]
            .trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']', '>', '"', '\'', '»', '”']);
        let uri = if is_email(core) {
            format!("mailto:{core}")
        } else if is_web_address(core) {
            if core.to_ascii_lowercase().starts_with("www.") {
                format!("https://{core}")
            } else {
                core.to_string()
            }
        } else {
            continue;
        };
        return Some((start + lead, start + lead + core.len(), uri));
    }
    None
}

/// `name@host.tld`: a local part of letters, digits and `._%+-`, and a host with a dot.
pub(crate) fn is_email(text: &str) -> bool {
    let Some((local, host)) = text.split_once('@') else { return false };
    let local_ok = !local.is_empty()
        && local.chars().all(|c| c.is_alphanumeric() || "._%+-".contains(c))
        && !local.starts_with('.');
    local_ok && is_host(host)
}

/// `http(s)://host…` or `www.host…`.
fn is_web_address(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let rest = ["https://", "http://"].iter().find_map(|s| lower.strip_prefix(s));
    match rest {
        Some(rest) => is_host(rest.split(['/', '?', '#']).next().unwrap_or_default()),
        None => lower.starts_with("www.") && is_host(lower.split(['/', '?', '#']).next().unwrap_or_default()),
    }
}

/// A domain name with at least one dot and a top-level part of two letters or more.
fn is_host(host: &str) -> bool {
    let labels: Vec<&str> = host.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|l| !l.is_empty() && l.chars().all(|c| c.is_alphanumeric() || c == '-'))
        && labels.last().is_some_and(|tld| tld.chars().count() >= 2 && tld.chars().all(char::is_alphabetic))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links(text: &str) -> Vec<(String, Option<String>)> {
        link_addresses(vec![Inline::plain(text)]).into_iter().map(|i| (i.text, i.link)).collect()
    }

    #[test]
    fn bare_addresses_become_links_without_their_punctuation() {
        let s = |t: &str| t.to_string();
        assert_eq!(
            links("Write to (info@example.org), or see www.example.org/act."),
            [
                (s("Write to ("), None),
                (s("info@example.org"), Some(s("mailto:info@example.org"))),
                (s("), or see "), None),
                (s("www.example.org/act"), Some(s("https://www.example.org/act"))),
                (s("."), None),
            ]
        );
        assert_eq!(
            links("https://example.org"),
            [(s("https://example.org"), Some(s("https://example.org")))]
        );
        // Not addresses: a bare @, a version number, a sentence's end.
        for text in ["@ home", "v1.2", "end.", "a@b", "x@y.1"] {
            assert_eq!(links(text), [(s(text), None)], "{text}");
        }
    }

    #[test]
    fn the_short_address_drops_the_scheme() {
        assert_eq!(ActionLink::new("https://example.org/act/").short, "example.org/act");
        assert_eq!(ActionLink::new("http://www.example.org").short, "www.example.org");
    }
}
