//! What a writer types into a letter besides their name and email: the subject, the text, their
//! town and postal address. The limits are checked on the server and are the form's
//! `maxlength`s, so both sides say the same thing.
use std::ops::RangeInclusive;

/// Characters in a subject.
pub const SUBJECT_MAX: usize = 200;
/// Characters in the letter's text (a letter shorter than this says nothing of the writer's own).
pub const BODY_CHARS: RangeInclusive<usize> = 50..=10_000;
/// Characters in a town's name.
pub const TOWN_MAX: usize = 100;
/// Characters in a postal address.
pub const ADDRESS_MAX: usize = 500;

fn within(text: &str, max: usize) -> bool {
    text.chars().count() <= max
}

/// The subject, trimmed, or the translation key of what is wrong with it.
pub fn subject(input: &str) -> Result<&str, &'static str> {
    let s = input.trim();
    if s.is_empty() || !within(s, SUBJECT_MAX) {
        return Err("error-letter-subject");
    }
    Ok(s)
}

/// The text, trimmed, or the key of what is wrong with it.
pub fn body(input: &str) -> Result<&str, &'static str> {
    let s = input.trim();
    if !BODY_CHARS.contains(&s.chars().count()) {
        return Err("error-letter-body");
    }
    Ok(s)
}

/// The town, trimmed, or the key of what is wrong with it.
pub fn town(input: &str) -> Result<&str, &'static str> {
    let s = input.trim();
    if s.is_empty() || !within(s, TOWN_MAX) {
        return Err("error-letter-town");
    }
    Ok(s)
}

/// The postal address, trimmed (empty when not given and not `required`), or the key of what is
/// wrong with it.
pub fn address(input: &str, required: bool) -> Result<&str, &'static str> {
    let s = input.trim();
    if !within(s, ADDRESS_MAX) {
        Err("error-text-too-long")
    } else if s.is_empty() && required {
        Err("error-letter-address")
    } else {
        Ok(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_hold_at_their_edges() {
        assert_eq!(subject("  Hi  "), Ok("Hi"));
        assert!(subject(" ").is_err() && subject(&"s".repeat(SUBJECT_MAX + 1)).is_err());
        assert!(body(&"b".repeat(*BODY_CHARS.start())).is_ok());
        assert_eq!(
            body(&"b".repeat(BODY_CHARS.start() - 1)),
            Err("error-letter-body")
        );
        assert!(
            body(&"я".repeat(*BODY_CHARS.end())).is_ok(),
            "counted in characters"
        );
        assert!(town(&"t".repeat(TOWN_MAX + 1)).is_err());
        assert_eq!(address("", true), Err("error-letter-address"));
        assert_eq!(address("", false), Ok(""));
        assert_eq!(
            address(&"a".repeat(ADDRESS_MAX + 1), false),
            Err("error-text-too-long")
        );
    }
}
