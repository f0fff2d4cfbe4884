//! Translations: Fluent files under `app/locales/<code>/`, compiled into both the server and the
//! wasm bundle. UI strings, validation messages and email texts all live there, as do the
//! pieces of number and date formatting, so a new language needs no code.
use crate::domain::Locale;
use chrono::{Datelike, NaiveDate};
use fluent_templates::{LanguageIdentifier, Loader, fluent_bundle::FluentValue};
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static SUPPORTED: LazyLock<Vec<(&'static str, LanguageIdentifier)>> = LazyLock::new(|| {
    let mut list: Vec<(&'static str, LanguageIdentifier)> = LOCALES
        .locales()
        .map(|id| {
            let code: &'static str = Box::leak(id.language.as_str().to_owned().into_boxed_str());
            (code, id.clone())
        })
        .collect();
    list.sort_by_key(|(code, _)| (*code != "en", *code));
    list.dedup_by_key(|(code, _)| *code);
    list
});

/// Language code and identifier of every language with a folder under `locales/`, English first.
pub fn supported() -> &'static [(&'static str, LanguageIdentifier)] {
    &SUPPORTED
}

/// An argument to a translated message.
pub enum Arg<'a> {
    Str(&'a str),
    /// A number: chooses the plural form, and is shown formatted for the language.
    Num(i64),
}

/// The message `key` in `locale`, falling back to English; the key itself if nobody has it.
/// Every country signers choose from, with its name in `locale`, sorted by that name. Built once
/// per language: a campaign page under load must not look up and sort 250 names per view.
pub fn countries(locale: Locale) -> &'static [(crate::domain::CountryCode, String)] {
    static LISTS: LazyLock<Vec<Vec<(crate::domain::CountryCode, String)>>> = LazyLock::new(|| {
        Locale::all()
            .map(|locale| {
                let mut list: Vec<_> = crate::domain::CountryCode::all()
                    .map(|c| (c, t(locale, &format!("country-{}", c.as_str()))))
                    .collect();
                list.sort_by_cached_key(|(_, name)| name.to_lowercase());
                list
            })
            .collect()
    });
    LISTS
        .get(Locale::all().position(|l| l == locale).unwrap_or(0))
        .map(Vec::as_slice)
        .unwrap_or_default()
}

pub fn t(locale: Locale, key: &str) -> String {
    LOCALES.lookup(locale.langid(), key)
}

/// The message `key` with arguments. A `Num` argument `n` is passed both as a number (so Fluent
/// picks the right plural form) and, as `n_text`, formatted for the language.
pub fn t_with(locale: Locale, key: &str, args: &[(&str, Arg<'_>)]) -> String {
    let mut map: HashMap<Cow<'static, str>, FluentValue> = HashMap::new();
    for (name, value) in args {
        match value {
            Arg::Str(s) => {
                map.insert(
                    Cow::Owned((*name).to_owned()),
                    FluentValue::from(s.to_string()),
                );
            }
            Arg::Num(n) => {
                map.insert(Cow::Owned((*name).to_owned()), FluentValue::from(*n));
                map.insert(
                    Cow::Owned(format!("{name}_text")),
                    FluentValue::from(format_number(locale, *n)),
                );
            }
        }
    }
    LOCALES.lookup_with_args(locale.langid(), key, &map)
}

/// `1234567` as the language writes it: `1,234,567` in English, `1 234 567` in Russian.
/// A moment for admin pages: unambiguous and the same in every language (`2026-11-27 14:05 UTC`).
pub fn format_time(at: &chrono::DateTime<chrono::Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

pub fn format_number(locale: Locale, n: i64) -> String {
    let separator = t(locale, "number-group-separator");
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + 8);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(&separator);
        }
        out.push(c);
    }
    out
}

/// An amount of money (`minor` units of `currency`) as the language writes it: `€1,234.50`,
/// `1 234,50 €`. An unknown currency code is written as it is.
pub fn format_money(locale: Locale, currency: &str, minor: i64) -> String {
    let Some(c) = crate::domain::Currency::parse(currency) else {
        return format!(
            "{} {}",
            format_number(locale, minor),
            currency.to_uppercase()
        );
    };
    let amount = c.format_plain(
        minor.saturating_abs(),
        &t(locale, "number-group-separator"),
        &t(locale, "number-decimal-mark"),
    );
    let money = t_with(
        locale,
        "money",
        &[
            ("amount", Arg::Str(&amount)),
            ("symbol", Arg::Str(&c.symbol())),
        ],
    );
    // The sign goes before the symbol too: `-€1,550.00`, `-1 550,00 €`.
    if minor < 0 {
        format!("-{money}")
    } else {
        money
    }
}

/// A date as the language writes it in running text: `27 November 2026`, `27 ноября 2026 г.`.
pub fn format_date(locale: Locale, date: NaiveDate) -> String {
    let month = t(locale, &format!("month-{}", date.month()));
    let day = date.day().to_string();
    let year = date.year().to_string();
    t_with(
        locale,
        "date-long",
        &[
            ("day", Arg::Str(&day)),
            ("month", Arg::Str(&month)),
            ("year", Arg::Str(&year)),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use std::path::Path;

    fn ru() -> Locale {
        Locale::from_code("ru").expect("Russian is supported")
    }

    #[test]
    fn numbers_and_dates_per_language() {
        assert_eq!(format_number(Locale::DEFAULT, 1_234_567), "1,234,567");
        assert_eq!(format_number(ru(), -1_234_567), "-1\u{a0}234\u{a0}567");
        assert_eq!(format_number(ru(), 999), "999");
        let d = NaiveDate::from_ymd_opt(2026, 11, 27).expect("date");
        assert_eq!(format_date(Locale::DEFAULT, d), "27 November 2026");
        assert_eq!(format_date(ru(), d), "27 ноября 2026 г.");
    }

    #[test]
    fn russian_plurals() {
        let sig = |n| t_with(ru(), "campaign-goal", &[("goal", Arg::Num(n))]);
        assert_eq!(sig(1), "1 подпись");
        assert_eq!(sig(21), "21 подпись");
        assert!(sig(3).contains("подписи"), "{}", sig(3));
        assert!(sig(5).contains("подписей"), "{}", sig(5));
        assert!(sig(10_000).contains("10\u{a0}000"), "{}", sig(10_000));
    }

    fn keys_of(dir: &Path) -> BTreeSet<String> {
        let mut keys = BTreeSet::new();
        for entry in std::fs::read_dir(dir).expect("locale folder") {
            let path = entry.expect("entry").path();
            let text = std::fs::read_to_string(&path).expect("ftl file");
            for line in text.lines() {
                let first = line.chars().next();
                if matches!(first, Some(c) if c.is_ascii_alphabetic() || c == '-')
                    && let Some((key, _)) = line.split_once('=')
                {
                    keys.insert(format!(
                        "{}:{}",
                        path.file_name()
                            .map(|f| f.to_string_lossy().into_owned())
                            .unwrap_or_default(),
                        key.trim()
                    ));
                }
            }
        }
        keys
    }

    /// Every language has every message English has, in the same file: none is half-translated.
    #[test]
    fn every_language_is_complete() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
        let english = keys_of(&root.join("en"));
        assert!(english.len() > 50, "English has {} messages", english.len());
        for (code, _) in supported() {
            let other = keys_of(&root.join(code));
            let missing: Vec<_> = english.difference(&other).collect();
            let extra: Vec<_> = other.difference(&english).collect();
            assert!(missing.is_empty(), "{code} lacks {missing:?}");
            assert!(
                extra.is_empty(),
                "{code} has messages English lacks: {extra:?}"
            );
        }
        assert!(supported().len() >= 2);
    }
}
