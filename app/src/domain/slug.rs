//! A campaign's URL name: lower-case ASCII letters, digits and single hyphens, 3 to 80 long.
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Slug(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a slug is 3 to 80 lower-case letters, digits and single hyphens")]
pub struct SlugError;

impl Slug {
    /// Its length, in ASCII characters.
    pub const MIN_LEN: usize = 3;
    pub const MAX_LEN: usize = 80;

    pub fn parse(input: &str) -> Result<Self, SlugError> {
        let ok = (Slug::MIN_LEN..=Slug::MAX_LEN).contains(&input.len())
            && input
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !input.starts_with('-')
            && !input.ends_with('-')
            && !input.contains("--");
        if ok {
            Ok(Slug(input.to_owned()))
        } else {
            Err(SlugError)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Slug {
    type Error = SlugError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Slug::parse(&value)
    }
}

impl From<Slug> for String {
    fn from(value: Slug) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert!(Slug::parse("protect-russian-exiles").is_ok());
        for bad in [
            "ab",
            "Has-Caps",
            "-edge",
            "edge-",
            "two--hyphens",
            "sp ace",
            "../etc",
        ] {
            assert!(Slug::parse(bad).is_err(), "{bad}");
        }
    }
}
