//! A signer's name, the country they live in, their postcode, and how their name may be shown.
use super::country_codes::COUNTRY_CODES;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A person's name as they wrote it: 1 to 100 letters, spaces, apostrophes, hyphens and full
/// stops, white space collapsed. Its `Debug` is redacted.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonName(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameError {
    Missing,
    TooLong,
    Invalid,
}

impl NameError {
    pub fn message_key(self) -> &'static str {
        match self {
            NameError::Missing => "error-name-missing",
            NameError::TooLong => "error-name-too-long",
            NameError::Invalid => "error-name-invalid",
        }
    }
}

impl PersonName {
    pub const MAX_CHARS: usize = 100;

    pub fn parse(input: &str) -> Result<Self, NameError> {
        let collapsed = input.split_whitespace().collect::<Vec<_>>().join(" ");
        if collapsed.is_empty() {
            return Err(NameError::Missing);
        }
        if collapsed.chars().count() > Self::MAX_CHARS {
            return Err(NameError::TooLong);
        }
        let ok = collapsed.chars().all(Self::allowed) && collapsed.chars().any(char::is_alphabetic);
        if !ok {
            return Err(NameError::Invalid);
        }
        Ok(PersonName(collapsed))
    }

    /// What a name may hold, and what `error-name-invalid` says: letters of any script (with
    /// their combining accents, as some keyboards send them), spaces, hyphens (also the en dash
    /// some write in double-barrelled names), apostrophes and full stops ("J. R. R. Tolkien",
    /// "St. John"). Not digits, emoji, or other symbols: real names rarely have them, and markup
    /// and injections always do.
    fn allowed(c: char) -> bool {
        c.is_alphabetic()
            || " '’ʼ-‐‑–.".contains(c)
            || matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}')
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `Anna Petrova-Smirnova` → `A. P.`
    pub fn initials(&self) -> String {
        self.0
            .split(' ')
            .filter_map(|w| w.chars().find(|c| c.is_alphabetic()))
            .map(|c| format!("{}.", c.to_uppercase()))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

impl fmt::Debug for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PersonName(<redacted>)")
    }
}

/// An ISO 3166-1 alpha-2 country code from the list signers choose from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CountryCode([u8; 2]);

impl CountryCode {
    pub fn parse(input: &str) -> Option<CountryCode> {
        let upper = input.trim().to_ascii_uppercase();
        // The list is sorted (a test checks).
        COUNTRY_CODES
            .binary_search(&upper.as_str())
            .ok()
            .map(|i| CountryCode::from_listed(COUNTRY_CODES[i]))
    }

    pub fn all() -> impl Iterator<Item = CountryCode> {
        COUNTRY_CODES.iter().map(|c| CountryCode::from_listed(c))
    }

    fn from_listed(code: &str) -> CountryCode {
        let b = code.as_bytes();
        CountryCode([b[0], b[1]])
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("??")
    }
}

impl TryFrom<String> for CountryCode {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        CountryCode::parse(&value).ok_or_else(|| format!("unknown country {value:?}"))
    }
}

impl From<CountryCode> for String {
    fn from(value: CountryCode) -> Self {
        value.as_str().to_owned()
    }
}

/// A postcode, checked against the country's format where one is known, upper-cased.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostalCode(String);

impl PostalCode {
    pub fn parse(input: &str, country: CountryCode) -> Result<PostalCode, &'static str> {
        let s = input
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_uppercase();
        if s.is_empty() {
            return Err("error-postcode-missing");
        }
        let digits = |n: usize| s.len() == n && s.chars().all(|c| c.is_ascii_digit());
        let ok = match country.as_str() {
            "DE" | "FR" | "IT" | "ES" | "FI" | "EE" | "LT" | "HR" | "UA" | "MX" => digits(5),
            "RU" | "BY" | "KZ" | "RO" | "CN" | "IN" | "SG" => digits(6),
            "AT" | "BE" | "CH" | "DK" | "NO" | "HU" | "BG" | "LU" | "SI" | "AU" | "NZ" | "ZA"
            | "GE" | "AM" | "CY" => digits(4),
            "US" => {
                digits(5)
                    || (s.len() == 10
                        && s.chars()
                            .enumerate()
                            .all(|(i, c)| if i == 5 { c == '-' } else { c.is_ascii_digit() }))
            }
            "PL" => {
                s.len() == 6
                    && s.chars()
                        .enumerate()
                        .all(|(i, c)| if i == 2 { c == '-' } else { c.is_ascii_digit() })
            }
            "CZ" | "SK" | "SE" | "GR" => {
                let compact: String = s.chars().filter(|c| *c != ' ').collect();
                compact.len() == 5 && compact.chars().all(|c| c.is_ascii_digit())
            }
            "NL" => {
                let compact: String = s.chars().filter(|c| *c != ' ').collect();
                compact.len() == 6
                    && compact[..4].chars().all(|c| c.is_ascii_digit())
                    && compact[4..].chars().all(|c| c.is_ascii_uppercase())
            }
            "GB" => uk_postcode(&s),
            "IE" => {
                s.len() >= 3
                    && s.len() <= 8
                    && s.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ')
            }
            "CA" => {
                let compact: String = s.chars().filter(|c| *c != ' ').collect();
                compact.len() == 6
                    && compact.chars().enumerate().all(|(i, c)| {
                        if i % 2 == 0 {
                            c.is_ascii_uppercase()
                        } else {
                            c.is_ascii_digit()
                        }
                    })
            }
            _ => {
                (2..=10).contains(&s.len())
                    && s.chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-')
            }
        };
        if ok {
            Ok(PostalCode(s))
        } else {
            Err("error-postcode-invalid")
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for PostalCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PostalCode(<redacted>)")
    }
}

/// UK postcodes: outward code (A9, A99, AA9, AA99, A9A, AA9A) and inward code (9AA).
fn uk_postcode(s: &str) -> bool {
    let compact: String = s.chars().filter(|c| *c != ' ').collect();
    if !(5..=7).contains(&compact.len()) {
        return false;
    }
    let (outward, inward) = compact.split_at(compact.len() - 3);
    let inward_ok = {
        let b = inward.as_bytes();
        b[0].is_ascii_digit() && b[1].is_ascii_uppercase() && b[2].is_ascii_uppercase()
    };
    let o = outward.as_bytes();
    let outward_ok = o[0].is_ascii_uppercase()
        && o.iter().all(|c| c.is_ascii_alphanumeric())
        && o.iter().any(|c| c.is_ascii_digit());
    inward_ok && outward_ok
}

/// How a signer's name may appear in public lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NameDisplay {
    /// Not shown anywhere (the default).
    #[default]
    Hidden,
    Initials,
    Full,
}

impl NameDisplay {
    pub fn parse(input: &str) -> Option<NameDisplay> {
        match input {
            "" | "hidden" => Some(NameDisplay::Hidden),
            "initials" => Some(NameDisplay::Initials),
            "full" => Some(NameDisplay::Full),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            NameDisplay::Hidden => "hidden",
            NameDisplay::Initials => "initials",
            NameDisplay::Full => "full",
        }
    }

    /// What the public sees of `name`.
    pub fn public_name(self, name: &PersonName) -> Option<String> {
        match self {
            NameDisplay::Hidden => None,
            NameDisplay::Initials => Some(name.initials()),
            NameDisplay::Full => Some(name.as_str().to_owned()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        let n = PersonName::parse("  Анна   Петрова-Смирнова ").expect("valid");
        assert_eq!(n.as_str(), "Анна Петрова-Смирнова");
        assert_eq!(n.initials(), "А. П.");
        assert_eq!(PersonName::parse(" "), Err(NameError::Missing));
        assert_eq!(PersonName::parse(&"a".repeat(101)), Err(NameError::TooLong));
        for bad in [
            "<script>alert(1)</script>",
            "Robert'); DROP TABLE",
            "123",
            "a\u{0}b",
            "---",
            "Anna 2",
            "Anna 🙂",
        ] {
            assert_eq!(PersonName::parse(bad), Err(NameError::Invalid), "{bad}");
        }
        // What the message promises passes: full stops, en dashes, combining accents.
        for good in [
            "J. R. R. Tolkien",
            "Anna Petrova–Smirnova",
            "Zoe\u{0301} O’Brien",
            "Mary-Jane d'Arc",
        ] {
            assert!(PersonName::parse(good).is_ok(), "{good}");
        }
        assert!(!format!("{n:?}").contains("Анна"));
    }

    #[test]
    fn countries() {
        assert_eq!(
            CountryCode::parse("de").map(|c| c.as_str().to_owned()),
            Some("DE".into())
        );
        assert!(CountryCode::parse("XX").is_none());
        assert!(CountryCode::parse("DEU").is_none());
        assert_eq!(CountryCode::all().count(), COUNTRY_CODES.len());
        assert!(
            COUNTRY_CODES.windows(2).all(|w| w[0] < w[1]),
            "COUNTRY_CODES must stay sorted: parse() searches it by halves"
        );
        assert!(COUNTRY_CODES.iter().all(|c| c.len() == 2));
    }

    #[test]
    fn postcodes() {
        let c = |s| CountryCode::parse(s).expect("country");
        assert_eq!(
            PostalCode::parse("sw1a 1aa", c("GB")).map(|p| p.0),
            Ok("SW1A 1AA".into())
        );
        assert!(PostalCode::parse("EC1A1BB", c("GB")).is_ok());
        assert!(PostalCode::parse("12345", c("GB")).is_err());
        assert!(PostalCode::parse("10117", c("DE")).is_ok());
        assert!(PostalCode::parse("1011", c("DE")).is_err());
        assert!(PostalCode::parse("1011 AB", c("NL")).is_ok());
        assert!(PostalCode::parse("00-950", c("PL")).is_ok());
        assert!(PostalCode::parse("101000", c("RU")).is_ok());
        assert_eq!(
            PostalCode::parse("", c("FR")),
            Err("error-postcode-missing")
        );
        assert!(PostalCode::parse("<b>", c("BR")).is_err());
    }
}
