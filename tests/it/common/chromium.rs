//! A real headless Chromium for tests of HTML output: loads a local file, returns the
//! DOM after load (`--dump-dom`), the page's console messages, and every network
//! request and host lookup Chromium's own net log (`--log-net-log`) recorded.
//!
//! What counts as the page's: the net log has no "tab" field, so requests are told
//! apart by who asked. A request that a document made (a subresource, a preload, a
//! frame, a navigation it starts) carries the document's origin as `initiator` (`null`
//! for a `file://` page) and the page's site (`file://`) in its network isolation key;
//! a DNS lookup made for the page (including `preconnect` and `dns-prefetch`, which
//! make no request) carries that site in its network anonymization key. Chromium's own
//! background fetches have no initiator (`not an origin`) and a key that is not the
//! page's. As measured on Chromium 156 with the flags below, those are the component
//! updater (`update.googleapis.com`) and the account list of the sign-in code
//! (`accounts.google.com/ListAccounts`, sent for every disk profile once its network
//! is up; no flag or preference turns it off). They are kept in
//! [`PageLoad::background`] for reading, and only they are filtered out. `file://` and
//! `data:` loads never go through the network stack, so the page's own file is not in
//! the log at all.
//!
//! Every host name resolves to nothing (`--host-resolver-rules`), so even those
//! background requests never leave the machine; they are still logged, because the
//! log records a request when it starts, before its host is looked up. Host lookups
//! are then logged as `~notfound` rather than the name asked for; the URL requests
//! keep their full URLs.

#![allow(dead_code)]

use std::fs::File;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// How long one page load may take before the browser is killed and the test fails.
pub const TIMEOUT: Duration = Duration::from_secs(90);

/// The net log's marker for a request no document initiated.
const NO_INITIATOR: &str = "not an origin";

/// What a page load produced.
#[derive(Debug)]
pub struct PageLoad {
    /// The serialised DOM after the load event.
    pub dom: String,
    /// Every URL request in the net log, in order (one entry per request).
    pub requests: Vec<NetRequest>,
    /// Every host lookup in the net log.
    pub lookups: Vec<HostLookup>,
    /// Console messages the page logged (CSP violations among them).
    pub console: Vec<String>,
    /// How long the browser ran.
    pub elapsed: Duration,
}

/// A URL request from the net log.
#[derive(Debug, Clone)]
pub struct NetRequest {
    /// The URL.
    pub url: String,
    /// The initiating origin, `null` for a `file://` document, `not an origin` when
    /// no document asked.
    pub initiator: String,
    /// The network isolation key (top-frame site and frame site).
    pub isolation_key: String,
}

impl NetRequest {
    /// True when a document made it (see the module documentation).
    pub fn by_page(&self) -> bool {
        self.initiator != NO_INITIATOR || self.isolation_key.contains("file://")
    }
}

/// A DNS lookup from the net log.
#[derive(Debug, Clone)]
pub struct HostLookup {
    /// `scheme://host` as logged (`~notfound` under the resolver rules).
    pub host: String,
    /// The network anonymization key it was made under.
    pub anonymization_key: String,
}

impl HostLookup {
    /// True when made for the page.
    pub fn by_page(&self) -> bool {
        self.anonymization_key.contains("file://")
    }
}

impl PageLoad {
    /// Requests the page made.
    pub fn page_requests(&self) -> Vec<&NetRequest> {
        self.requests.iter().filter(|r| r.by_page()).collect()
    }

    /// Host lookups made for the page.
    pub fn page_lookups(&self) -> Vec<&HostLookup> {
        self.lookups.iter().filter(|l| l.by_page()).collect()
    }

    /// Chromium's own requests, not the page's: the only ones filtered out.
    pub fn background(&self) -> Vec<&NetRequest> {
        self.requests.iter().filter(|r| !r.by_page()).collect()
    }

    /// Every element in the DOM with its attributes, in document order.
    pub fn elements(&self) -> Vec<Element> {
        elements(&self.dom)
    }

    /// The text of every `tag` element (inner tags removed, entities decoded).
    pub fn texts(&self, tag: &str) -> Vec<String> {
        texts(&self.dom, tag)
    }
}

/// Loads `html` (a local file) in headless Chromium. `None` when Chromium is not
/// installed (see [`super::tool`]); panics when it fails, hangs past [`TIMEOUT`], or
/// leaves a net log that cannot be read.
pub fn load_page(html: &Path) -> Option<PageLoad> {
    let chromium = super::tool("chromium")?;
    let html = html.canonicalize().expect("the page exists");
    let work = tempfile::tempdir().unwrap();
    let profile = work.path().join("profile");
    let net_log = work.path().join("net.json");
    let stdout = work.path().join("dom.html");
    let stderr = work.path().join("stderr.txt");

    let mut command = Command::new(&chromium);
    command
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-default-apps",
            "--disable-extensions",
            "--disable-breakpad",
            "--disable-crash-reporter",
            "--no-pings",
            "--metrics-recording-only",
            "--password-store=basic",
            "--use-mock-keychain",
            // Measured: stops the network-time fetch to clients2.google.com.
            "--disable-features=NetworkTimeServiceQuerying",
            // Nothing resolves, so nothing can be reached; requests are still logged.
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--log-net-log={}", net_log.display()))
        .arg("--dump-dom")
        .arg(file_url(&html))
        // Keep whatever Chromium writes outside the profile inside the temporary folder.
        .env("XDG_CONFIG_HOME", work.path().join("config"))
        .env("XDG_CACHE_HOME", work.path().join("cache"))
        .stdin(Stdio::null())
        .stdout(File::create(&stdout).unwrap())
        .stderr(File::create(&stderr).unwrap());
    // Its own process group, so that a hung browser is killed with all its children.
    std::os::unix::process::CommandExt::process_group(&mut command, 0);

    let started = Instant::now();
    let mut child = command.spawn().expect("chromium starts");
    let status = wait_or_kill(&mut child, TIMEOUT);
    let elapsed = started.elapsed();
    let err = std::fs::read_to_string(&stderr).unwrap_or_default();
    let Some(status) = status else {
        panic!("chromium did not finish loading {} within {TIMEOUT:?}; stderr:\n{err}", html.display());
    };
    assert!(status.success(), "chromium failed ({status}) on {}; stderr:\n{err}", html.display());

    let dom = std::fs::read_to_string(&stdout).unwrap();
    let log = std::fs::read_to_string(&net_log).expect("chromium wrote its net log");
    let (requests, lookups) = parse_net_log(&log);
    let console = err.lines().filter(|l| l.contains(":CONSOLE")).map(str::to_string).collect();
    Some(PageLoad { dom, requests, lookups, console, elapsed })
}

/// Waits for the child; after `timeout`, kills its process group and returns `None`.
fn wait_or_kill(child: &mut Child, timeout: Duration) -> Option<std::process::ExitStatus> {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(status) = child.try_wait().expect("waiting for chromium") {
            return Some(status);
        }
        if Instant::now() >= deadline {
            // The group id is the child's pid (process_group(0)).
            let _ = Command::new("kill").args(["-KILL", "--", &format!("-{}", child.id())]).status();
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// `file://` URL of an absolute path, percent-encoding what a URL path cannot hold.
pub fn file_url(path: &Path) -> String {
    let mut url = String::from("file://");
    for byte in path.to_str().expect("a UTF-8 path").bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            url.push(byte as char);
        } else {
            url.push_str(&format!("%{byte:02X}"));
        }
    }
    url
}

/// The URL requests and host lookups in a net log (the JSON `--log-net-log` writes).
/// Panics when the log is not complete JSON: a truncated log could hide requests.
pub fn parse_net_log(text: &str) -> (Vec<NetRequest>, Vec<HostLookup>) {
    let log: Value = serde_json::from_str(text).expect("the net log is complete JSON");
    let types = log["constants"]["logEventTypes"].as_object().expect("net log event types");
    let type_id = |name: &str| types.get(name).and_then(Value::as_u64).unwrap_or_else(|| panic!("no {name}"));
    let start_job = type_id("URL_REQUEST_START_JOB");
    let resolver_request = type_id("HOST_RESOLVER_MANAGER_REQUEST");
    let resolver_job = type_id("HOST_RESOLVER_MANAGER_JOB");

    let mut requests = Vec::new();
    let mut lookups = Vec::new();
    let text_of = |params: &Value, key: &str| params[key].as_str().unwrap_or("").to_string();
    for event in log["events"].as_array().expect("net log events") {
        let kind = event["type"].as_u64().unwrap_or(u64::MAX);
        let params = &event["params"];
        // URL_REQUEST_START_JOB is logged once per job (again after a redirect); its
        // end event has no URL.
        if kind == start_job && params["url"].is_string() {
            requests.push(NetRequest {
                url: text_of(params, "url"),
                initiator: text_of(params, "initiator"),
                isolation_key: text_of(params, "network_isolation_key"),
            });
        } else if (kind == resolver_request || kind == resolver_job) && params["host"].is_string() {
            lookups.push(HostLookup {
                host: text_of(params, "host"),
                anonymization_key: text_of(params, "network_anonymization_key"),
            });
        }
    }
    (requests, lookups)
}

/// An element of the dumped DOM.
#[derive(Debug, Clone)]
pub struct Element {
    /// Tag name, lower case.
    pub name: String,
    /// Attributes in source order, values with entities decoded.
    pub attrs: Vec<(String, String)>,
}

impl Element {
    /// An attribute's value.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// The elements of a serialised DOM as Chromium writes it (attributes always
/// double-quoted, `"` in values written `&quot;`, `<` in text written `&lt;`).
pub fn elements(dom: &str) -> Vec<Element> {
    let mut out = Vec::new();
    let mut rest = dom;
    while let Some(start) = rest.find('<') {
        rest = &rest[start + 1..];
        if rest.starts_with("!--") {
            rest = rest.find("-->").map_or("", |end| &rest[end + 3..]);
            continue;
        }
        let name_end = rest.find(|c: char| c.is_whitespace() || c == '>' || c == '/').unwrap_or(rest.len());
        let name = rest[..name_end].to_ascii_lowercase();
        rest = &rest[name_end..];
        let mut attrs = Vec::new();
        loop {
            rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
            if rest.is_empty() || rest.starts_with('>') {
                rest = rest.get(1..).unwrap_or("");
                break;
            }
            let attr_end =
                rest.find(|c: char| c.is_whitespace() || c == '=' || c == '>').unwrap_or(rest.len());
            let attr = rest[..attr_end].to_ascii_lowercase();
            rest = &rest[attr_end..];
            let mut value = String::new();
            if let Some(after) = rest.strip_prefix("=\"") {
                let end = after.find('"').expect("a closed attribute value");
                value = decode_entities(&after[..end]);
                rest = &after[end + 1..];
            }
            attrs.push((attr, value));
        }
        if name == "style" || name == "script" {
            // Raw text: skip to the closing tag.
            let close = format!("</{name}");
            rest = rest.find(&close).map_or("", |end| &rest[end..]);
        }
        if !name.is_empty() && !name.starts_with('!') && !name.starts_with('/') {
            out.push(Element { name, attrs });
        }
    }
    out
}

/// The text content of each `tag` element.
pub fn texts(dom: &str, tag: &str) -> Vec<String> {
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    let mut out = Vec::new();
    let mut rest = dom;
    while let Some(start) = rest.find(&open) {
        rest = &rest[start + open.len()..];
        if !rest.starts_with(['>', ' ']) {
            continue;
        }
        let body_start = rest.find('>').unwrap() + 1;
        let end = rest.find(&close).expect("a closed element");
        let body = &rest[body_start..end];
        let mut text = String::new();
        let mut in_tag = false;
        for c in body.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        out.push(decode_entities(text.trim()));
        rest = &rest[end..];
    }
    out
}

/// Decodes the entities Chromium writes when serialising.
pub fn decode_entities(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}
