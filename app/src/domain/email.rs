//! An email address as a person typed it, checked for shape, with the normalised form used for
//! duplicate detection (case, Gmail's ignored dots, `+tags`). Its `Debug` never shows the address,
//! so an `Email` that ends up in a log line or an error leaks nothing.
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error("email-missing")]
    Missing,
    #[error("email-too-long")]
    TooLong,
    #[error("email-invalid")]
    Invalid,
}

impl EmailError {
    /// The translation key of the message shown next to the field.
    pub fn message_key(self) -> &'static str {
        match self {
            EmailError::Missing => "error-email-missing",
            EmailError::TooLong => "error-email-too-long",
            EmailError::Invalid => "error-email-invalid",
        }
    }
}

impl Email {
    /// Characters in an address at most (RFC 5321's limit on a path).
    pub const MAX_LEN: usize = 254;

    pub fn parse(input: &str) -> Result<Self, EmailError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(EmailError::Missing);
        }
        if s.len() > Email::MAX_LEN {
            return Err(EmailError::TooLong);
        }
        let (local, domain) = s.rsplit_once('@').ok_or(EmailError::Invalid)?;
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local
                .chars()
                .all(|c| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|l| {
                !l.is_empty()
                    && l.len() <= 63
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars().all(|c| c.is_alphanumeric() || c == '-')
            });
        if !local_ok || !domain_ok {
            return Err(EmailError::Invalid);
        }
        Ok(Email(format!("{local}@{}", domain.to_lowercase())))
    }

    /// The address to deliver to, as typed (domain lower-cased).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The form two addresses that reach the same mailbox share: lower case, `+tag` removed,
    /// and for Gmail the dots in the local part removed and googlemail.com folded into gmail.com.
    pub fn normalised(&self) -> String {
        let lower = self.0.to_lowercase();
        let (local, domain) = lower.rsplit_once('@').unwrap_or((lower.as_str(), ""));
        let local = local.split('+').next().unwrap_or(local);
        let (local, domain) = match domain {
            "gmail.com" | "googlemail.com" => (local.replace('.', ""), "gmail.com"),
            _ => (local.to_owned(), domain),
        };
        format!("{local}@{domain}")
    }
}

impl fmt::Debug for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Email(<redacted>)")
    }
}

impl TryFrom<String> for Email {
    type Error = EmailError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Email::parse(&value)
    }
}

impl From<Email> for String {
    fn from(value: Email) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_ordinary_addresses_and_lowercases_the_domain() {
        let e = Email::parse("  Anna.Petrova+petrel@Example.ORG ").expect("valid");
        assert_eq!(e.as_str(), "Anna.Petrova+petrel@example.org");
        assert_eq!(e.normalised(), "anna.petrova@example.org");
    }

    #[test]
    fn gmail_dots_and_tags_fold_together() {
        let a = Email::parse("a.n.n.a+x@googlemail.com").expect("valid");
        let b = Email::parse("Anna@gmail.com").expect("valid");
        assert_eq!(a.normalised(), b.normalised());
    }

    #[test]
    fn rejects_bad_shapes() {
        for bad in [
            "",
            "anna",
            "anna@",
            "@example.org",
            "anna@localhost",
            "an na@example.org",
            "anna@exa mple.org",
            "anna@-example.org",
            "anna..b@example.org",
            "<script>@x.org",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?} should be rejected");
        }
        assert_eq!(
            Email::parse(&format!("{}@example.org", "a".repeat(65))),
            Err(EmailError::Invalid)
        );
        assert_eq!(
            Email::parse(&format!("a@{}.org", "b".repeat(260))),
            Err(EmailError::TooLong)
        );
    }

    #[test]
    fn debug_never_shows_the_address() {
        let e = Email::parse("secret.person@example.org").expect("valid");
        assert!(!format!("{e:?}").contains("secret"));
    }
}
