//! What a run takes from its environment: `SOURCE_DATE_EPOCH` and the shipped fonts
//! folder.

use std::path::{Path, PathBuf};

/// Reads `SOURCE_DATE_EPOCH` when set to a number; empty is unset, as the
/// reproducible-builds specification has it (`SOURCE_DATE_EPOCH= cmd` in a script).
pub(crate) fn source_date_from_env() -> Result<Option<i64>, String> {
    parse_source_date(std::env::var("SOURCE_DATE_EPOCH").ok().as_deref())
}

/// `SOURCE_DATE_EPOCH`'s value read: unset or empty is none, else whole seconds.
fn parse_source_date(value: Option<&str>) -> Result<Option<i64>, String> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => {
            v.parse().map(Some).map_err(|_| format!("SOURCE_DATE_EPOCH `{v}` is not a number of seconds"))
        }
    }
}

/// The default fonts folder: `fonts/` here if present, else the one this binary was built with.
pub(crate) fn default_fonts_dir() -> PathBuf {
    let local = PathBuf::from("fonts");
    if local.join("NotoSans-Regular.ttf").is_file() {
        local
    } else {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_source_date_is_unset() {
        assert_eq!(parse_source_date(None), Ok(None));
        assert_eq!(parse_source_date(Some("")), Ok(None));
        assert_eq!(parse_source_date(Some(" 1767225600\n")), Ok(Some(1_767_225_600)));
        assert!(parse_source_date(Some("yesterday")).unwrap_err().contains("`yesterday`"));
    }
}
