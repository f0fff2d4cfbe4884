//! Email addresses out of text that leaves the request: log lines (the server's writer) and the
//! errors stored with failed jobs (`jobs.last_error`), which often quote an SMTP server's answer
//! naming the recipient. The domain types redact themselves in `Debug`; this is the second line.

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
