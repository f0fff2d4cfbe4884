//! Money as Stripe counts it: an integer number of the currency's minor units (cents; yen have
//! none), never a float. A fund has one currency; what a donor types ("25", "25.50", "25,50")
//! is parsed against it, and a form that names another currency is refused.
use serde::{Deserialize, Serialize};

/// A currency Petrel takes donations in: an ISO 4217 code, lower case as Stripe writes it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Currency(String);

/// Currencies whose amounts have no minor unit (Stripe's list of zero-decimal currencies).
const ZERO_DECIMAL: [&str; 16] = [
    "bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv",
    "xaf", "xof", "xpf",
];

/// The two-decimal currencies Stripe charges in. Its three-decimal ones (BHD, JOD, KWD, OMR,
/// TND) are left out: Stripe takes them only in multiples of ten, which Petrel does not model.
const TWO_DECIMAL: [&str; 119] = [
    "aed", "afn", "all", "amd", "ang", "aoa", "ars", "aud", "awg", "azn", "bam", "bbd", "bdt",
    "bgn", "bmd", "bnd", "bob", "brl", "bsd", "bwp", "byn", "bzd", "cad", "cdf", "chf", "cny",
    "cop", "crc", "cve", "czk", "dkk", "dop", "dzd", "egp", "etb", "eur", "fjd", "fkp", "gbp",
    "gel", "gip", "gmd", "gtq", "gyd", "hkd", "hnl", "htg", "huf", "idr", "ils", "inr", "isk",
    "jmd", "kes", "kgs", "khr", "kyd", "kzt", "lak", "lbp", "lkr", "lrd", "lsl", "mad", "mdl",
    "mkd", "mmk", "mnt", "mop", "mur", "mvr", "mwk", "mxn", "myr", "mzn", "nad", "ngn", "nio",
    "nok", "npr", "nzd", "pab", "pen", "pgk", "php", "pkr", "pln", "qar", "ron", "rsd", "rub",
    "sar", "sbd", "scr", "sek", "sgd", "shp", "sle", "sos", "srd", "std", "szl", "thb", "tjs",
    "top", "try", "ttd", "twd", "tzs", "uah", "usd", "uyu", "uzs", "wst", "xcd", "yer", "zar",
    "zmw", "hrk",
];

impl Currency {
    /// A code Stripe charges in (`EUR`, `usd`, `JPY`…), any case.
    pub fn parse(code: &str) -> Option<Currency> {
        let code = code.trim().to_ascii_lowercase();
        (TWO_DECIMAL.contains(&code.as_str()) || ZERO_DECIMAL.contains(&code.as_str()))
            .then_some(Currency(code))
    }

    /// The lower-case code (`eur`).
    pub fn code(&self) -> &str {
        &self.0
    }

    /// Digits after the decimal point: 0 for yen, 2 for euro.
    pub fn decimals(&self) -> u32 {
        if ZERO_DECIMAL.contains(&self.0.as_str()) {
            0
        } else {
            2
        }
    }

    /// How many minor units make one major unit.
    pub fn minor_per_major(&self) -> i64 {
        10i64.pow(self.decimals())
    }

    /// The sign or code shown with an amount: `€`, `$`, `£`, `₽`, else the upper-case code.
    pub fn symbol(&self) -> String {
        match self.0.as_str() {
            "eur" => "€".into(),
            "usd" => "$".into(),
            "gbp" => "£".into(),
            "jpy" => "¥".into(),
            "rub" => "₽".into(),
            other => other.to_ascii_uppercase(),
        }
    }

    /// Parses an amount typed in the major unit ("25", "25.5", "25,50", "1 000") into minor
    /// units. `None` for anything else: letters, more decimals than the currency has, a
    /// negative sign, or an amount too large to be real.
    pub fn parse_amount(&self, text: &str) -> Option<i64> {
        if text.contains('-') {
            return None;
        }
        let cleaned: String = text
            .trim()
            .chars()
            .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\''))
            .collect();
        let cleaned = cleaned
            // A currency sign before the number (`€ 10`), not a mark (`,50` is no amount).
            .trim_start_matches(|c: char| !c.is_ascii_digit() && c != '.' && c != ',')
            .to_owned();
        // The last `.` or `,` is the decimal mark, unless it can only be grouping thousands:
        // three digits after it in a currency without decimals (`1,500` yen), or the same mark
        // twice (`1,234,567`). An ambiguous `25.505` euros stays a mistake, never 25,505 euros.
        let last = cleaned.rfind(['.', ',']);
        let grouping = last.is_some_and(|i| {
            let mark = &cleaned[i..=i];
            cleaned.len() - i - 1 == 3
                && (self.decimals() == 0 || cleaned.matches(mark).count() > 1)
        });
        let (whole, fraction) = match last {
            Some(i) if !grouping => (cleaned[..i].to_owned(), cleaned[i + 1..].to_owned()),
            _ => (cleaned, String::new()),
        };
        // Thousands grouped in the whole part: every group after the first has three digits.
        let groups: Vec<&str> = whole.split(['.', ',']).collect();
        if groups.len() > 1
            && (groups[0].is_empty()
                || groups[0].len() > 3
                || groups[1..].iter().any(|g| g.len() != 3))
        {
            return None;
        }
        let whole = groups.concat();
        if whole.is_empty()
            || whole.len() > 9
            || !whole.chars().all(|c| c.is_ascii_digit())
            || !fraction.chars().all(|c| c.is_ascii_digit())
            || fraction.len() > self.decimals() as usize
        {
            return None;
        }
        let whole: i64 = whole.parse().ok()?;
        let mut minor: i64 = if fraction.is_empty() {
            0
        } else {
            fraction.parse().ok()?
        };
        for _ in fraction.len()..self.decimals() as usize {
            minor *= 10;
        }
        whole
            .checked_mul(self.minor_per_major())?
            .checked_add(minor)
    }

    /// An amount in minor units as the major unit with its decimals (`25.50`, `1500` yen),
    /// digits grouped with `separator` and the decimal mark `mark`.
    pub fn format_plain(&self, minor: i64, separator: &str, mark: &str) -> String {
        let per = self.minor_per_major();
        let sign = if minor < 0 { "-" } else { "" };
        let abs = minor.unsigned_abs();
        let whole = (abs / per as u64).to_string();
        let mut grouped = String::new();
        for (i, c) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i).is_multiple_of(3) {
                grouped.push_str(separator);
            }
            grouped.push(c);
        }
        if self.decimals() == 0 {
            format!("{sign}{grouped}")
        } else {
            let cents = abs % per as u64;
            format!("{sign}{grouped}{mark}{cents:02}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Currency;

    #[test]
    fn amounts_are_integers_of_minor_units() {
        let eur = Currency::parse("EUR").expect("code");
        assert_eq!(eur.code(), "eur");
        assert_eq!(eur.parse_amount("25"), Some(2500));
        assert_eq!(eur.parse_amount("25.5"), Some(2550));
        assert_eq!(eur.parse_amount("25,50"), Some(2550));
        assert_eq!(eur.parse_amount(" 1 000 "), Some(100_000));
        assert_eq!(eur.parse_amount("€ 10"), Some(1000));
        assert_eq!(eur.parse_amount("25.505"), None);
        assert_eq!(eur.parse_amount("-5"), None);
        assert_eq!(eur.parse_amount("ten"), None);
        assert_eq!(eur.parse_amount(""), None);
        assert_eq!(eur.parse_amount("1e9"), None);
        assert_eq!(eur.parse_amount("9999999999"), None);
        let jpy = Currency::parse("jpy").expect("code");
        assert_eq!(jpy.decimals(), 0);
        assert_eq!(jpy.parse_amount("1500"), Some(1500));
        assert_eq!(jpy.parse_amount("1500.5"), None);
        assert_eq!(Currency::parse("XYZ"), None, "not a currency Stripe takes");
        assert_eq!(Currency::parse("kwd"), None, "three decimals: not modelled");
        assert_eq!(jpy.parse_amount("1,500"), Some(1500), "grouping in yen");
        assert_eq!(eur.parse_amount("1,234,567"), Some(123_456_700));
        assert_eq!(eur.parse_amount("1,500.50"), Some(150_050));
        assert_eq!(eur.parse_amount("1.234,56"), Some(123_456));
        assert_eq!(
            eur.parse_amount("25.505"),
            None,
            "ambiguous: never 25,505 euros"
        );
        assert_eq!(eur.parse_amount("1,50,00"), None);
        assert_eq!(eur.parse_amount(",50"), None);
        assert!(Currency::parse("euro").is_none());
        assert!(Currency::parse("e1r").is_none());
    }

    #[test]
    fn amounts_are_written_with_their_decimals() {
        let eur = Currency::parse("eur").expect("code");
        assert_eq!(eur.format_plain(2550, ",", "."), "25.50");
        assert_eq!(
            eur.format_plain(123_456_700, "\u{a0}", ","),
            "1\u{a0}234\u{a0}567,00"
        );
        assert_eq!(eur.format_plain(-500, ",", "."), "-5.00");
        let jpy = Currency::parse("jpy").expect("code");
        assert_eq!(jpy.format_plain(1500, ",", "."), "1,500");
    }
}
