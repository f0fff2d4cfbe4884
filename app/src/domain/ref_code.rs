//! A referral code: the `?ref=` of a share link, so organizers can see which links bring
//! signatures. Lower-case ASCII letters, digits, `-` and `_`, 1 to 32 long; anything else is
//! dropped (a mangled link is not the signer's mistake, so it never stops a signature).
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RefCode(String);

impl RefCode {
    /// The code in `input` (case folded), or `None` when it is not one.
    pub fn parse(input: &str) -> Option<Self> {
        let code = input.trim().to_ascii_lowercase();
        let ok = (1..=32).contains(&code.len())
            && code
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
        ok.then_some(RefCode(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::RefCode;

    #[test]
    fn codes_are_short_plain_and_case_folded() {
        assert_eq!(
            RefCode::parse(" Newsletter-2026 ").expect("ok").as_str(),
            "newsletter-2026"
        );
        assert_eq!(
            RefCode::parse("tg_channel").expect("ok").as_str(),
            "tg_channel"
        );
        assert!(RefCode::parse("").is_none());
        assert!(RefCode::parse("a b").is_none());
        assert!(RefCode::parse("<script>").is_none());
        assert!(RefCode::parse("почта").is_none());
        assert!(RefCode::parse(&"x".repeat(33)).is_none());
    }
}
