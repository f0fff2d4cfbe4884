//! The languages Petrel speaks. The list is whatever folders `app/locales/` holds, so adding a
//! language is adding a folder of `.ftl` files; English is the default and the fallback.
use crate::i18n;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Locale(u8);

impl Locale {
    /// English: the default for unprefixed URLs when neither cookie nor browser says otherwise.
    pub const DEFAULT: Locale = Locale(0);

    pub fn all() -> impl Iterator<Item = Locale> {
        (0..i18n::supported().len()).map(|i| Locale(i as u8))
    }

    /// Accepts a language code (`ru`) or a tag with a region (`ru-RU`, `en_GB`), any case.
    pub fn from_code(code: &str) -> Option<Locale> {
        let primary = code
            .split(['-', '_'])
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        i18n::supported()
            .iter()
            .position(|(c, _)| *c == primary)
            .map(|i| Locale(i as u8))
    }

    /// The best supported language for an `Accept-Language` header, by its q-values.
    pub fn negotiate(accept_language: &str) -> Option<Locale> {
        let mut best: Option<(f32, usize, Locale)> = None;
        for (position, part) in accept_language.split(',').enumerate() {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or_default().trim();
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if q <= 0.0 {
                continue;
            }
            if let Some(locale) = Locale::from_code(tag) {
                let better = match best {
                    None => true,
                    Some((bq, bpos, _)) => q > bq || (q == bq && position < bpos),
                };
                if better {
                    best = Some((q, position, locale));
                }
            }
        }
        best.map(|(_, _, l)| l)
    }

    pub fn code(self) -> &'static str {
        i18n::supported()[self.0 as usize].0
    }

    pub fn langid(self) -> &'static fluent_templates::LanguageIdentifier {
        &i18n::supported()[self.0 as usize].1
    }

    /// The URL prefix of this language, such as `/ru`.
    pub fn prefix(self) -> String {
        format!("/{}", self.code())
    }

    /// The path prefix for a language code as a form sent it (`/ru`), or none for an unknown one.
    pub fn prefix_of(code: &str) -> String {
        Locale::from_code(code)
            .map(Locale::prefix)
            .unwrap_or_default()
    }
}

impl Default for Locale {
    fn default() -> Self {
        Locale::DEFAULT
    }
}

impl fmt::Debug for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Locale({})", self.code())
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for Locale {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Locale {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let code = String::deserialize(d)?;
        Locale::from_code(&code)
            .ok_or_else(|| serde::de::Error::custom(format!("unsupported language {code:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_is_the_default_and_russian_is_there() {
        assert_eq!(Locale::DEFAULT.code(), "en");
        assert_eq!(Locale::from_code("ru-RU").map(Locale::code), Some("ru"));
        assert_eq!(Locale::from_code("xx"), None);
    }

    #[test]
    fn negotiation_follows_q_values() {
        let ru = Locale::from_code("ru");
        assert_eq!(Locale::negotiate("de-DE,de;q=0.9,ru;q=0.8,en;q=0.7"), ru);
        assert_eq!(Locale::negotiate("en;q=0.5, ru"), ru);
        assert_eq!(Locale::negotiate("ru;q=0, en"), Some(Locale::DEFAULT));
        assert_eq!(Locale::negotiate("fr, de"), None);
        assert_eq!(Locale::negotiate(""), None);
    }
}
