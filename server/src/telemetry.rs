//! Logging with `tracing`, as text or JSON, to standard error. Code logs ids, never emails or
//! names (the domain types redact themselves in `Debug`); as a second line of defence every log
//! line passes through [`redact`], which replaces anything shaped like an email address.
use crate::config::LogFormat;
use std::io::{self, Write};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;

/// Installs the global subscriber. Safe to call more than once (later calls do nothing), so
/// tests can start several applications in one process.
pub fn init(format: LogFormat, level: &str) {
    let filter = EnvFilter::try_new(level).unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(RedactingWriter(io::stderr));
    let _ = match format {
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
        LogFormat::Text => builder.try_init(),
    };
}

/// Replaces email-shaped substrings with `[email]`.
pub fn redact(line: &str) -> std::borrow::Cow<'_, str> {
    if !line.contains('@') {
        return std::borrow::Cow::Borrowed(line);
    }
    let is_part = |c: char| c.is_alphanumeric() || "._%+-'".contains(c);
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '@' {
            // Local part: walk back over what we already copied.
            let mut start = i;
            while start > 0 && is_part(chars[start - 1]) {
                start -= 1;
            }
            let mut end = i + 1;
            while end < chars.len()
                && (chars[end].is_alphanumeric() || chars[end] == '.' || chars[end] == '-')
            {
                end += 1;
            }
            let domain: String = chars[i + 1..end].iter().collect();
            if start < i && domain.trim_end_matches('.').contains('.') {
                let keep = out.chars().count() - (i - start);
                out = out.chars().take(keep).collect();
                out.push_str("[email]");
                // Keep a trailing full stop that ended a sentence.
                if chars[end - 1] == '.' {
                    out.push('.');
                }
                i = end;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    std::borrow::Cow::Owned(out)
}

#[derive(Clone, Copy)]
pub struct RedactingWriter<F>(pub F);

impl<'a, F, W> MakeWriter<'a> for RedactingWriter<F>
where
    F: Fn() -> W + 'static,
    W: Write,
{
    type Writer = Redacting<W>;
    fn make_writer(&'a self) -> Self::Writer {
        Redacting((self.0)())
    }
}

pub struct Redacting<W: Write>(W);

impl<W: Write> Write for Redacting<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        self.0.write_all(redact(&text).as_bytes())?;
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn emails_are_replaced() {
        assert_eq!(
            redact("sent to anna.p+x@example.org ok"),
            "sent to [email] ok"
        );
        assert_eq!(redact("to: ivan@mail.ru."), "to: [email].");
        assert_eq!(redact("{\"to\":\"Вася@почта.рф\"}"), "{\"to\":\"[email]\"}");
        assert_eq!(redact("no address @ here, a@b"), "no address @ here, a@b");
        assert_eq!(redact("plain line"), "plain line");
    }
}
