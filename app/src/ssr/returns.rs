//! Reading what comes back to the bounce address — delivery status notifications (RFC 3464),
//! automatic replies (RFC 3834), complaint reports (RFC 5965, "ARF") and plain bounces — one way
//! for every kind of message Petrel sends. Each kind marks its messages with a header of its own
//! (a letter's delivery, a list message's subscriber) whose value carries a keyed check; a report
//! quotes the original message or its headers, and the first such header whose check holds says
//! which message it is about. Only what comes before it (the report's own parts) decides the
//! verdict, so words quoted from the original cannot.

/// What a message to the bounce address says about the message it returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// It bounced for good (`Action: failed`, or a bounce without a report's fields).
    Failed,
    /// A delivery report says it arrived, or the recipient's mailbox answered automatically (an
    /// out-of-office reply comes only from a mailbox that got it).
    Delivered,
    /// A report without a verdict yet (`delayed`, `relayed`, `expanded`): nothing changes.
    Pending,
    /// The recipient marked it as unwanted (a feedback report, `Feedback-Type: abuse`).
    Complaint,
}

/// The message a returned mail is about: which of `headers` marked it (its index), the id
/// `check` found in the header's value, and the verdict. `None`: none of Petrel's messages is in
/// it (or its check failed: a forged bounce).
pub fn read(
    message: &[u8],
    headers: &[&str],
    check: impl Fn(usize, &str) -> Option<i64>,
) -> Option<(usize, i64, Verdict)> {
    let text = String::from_utf8_lossy(message);
    let prefixes: Vec<String> = headers
        .iter()
        .map(|h| format!("{}:", h.to_ascii_lowercase()))
        .collect();
    let mut actions = Vec::new();
    let mut auto_reply = false;
    let mut complaint = false;
    let mut in_headers = true;
    for line in text.lines() {
        let trimmed = line.trim_start_matches(['>', ' ']);
        let lower = trimmed.to_ascii_lowercase();
        for (i, prefix) in prefixes.iter().enumerate() {
            if lower.starts_with(prefix.as_str())
                && let Some(id) = check(i, trimmed[prefix.len()..].trim())
            {
                let verdict = if complaint {
                    Verdict::Complaint
                } else if actions.iter().any(|a: &String| a.starts_with("failed")) {
                    Verdict::Failed
                } else if actions.iter().any(|a| a.starts_with("delivered")) {
                    Verdict::Delivered
                } else if !actions.is_empty() {
                    Verdict::Pending
                } else if auto_reply {
                    Verdict::Delivered
                } else {
                    Verdict::Failed
                };
                return Some((i, id, verdict));
            }
        }
        if line.trim().is_empty() {
            in_headers = false;
        }
        if let Some(value) = lower.strip_prefix("action:") {
            actions.push(value.trim().to_owned());
        }
        if let Some(value) = lower.strip_prefix("feedback-type:") {
            complaint |= matches!(value.trim(), "abuse" | "fraud" | "virus");
        }
        if in_headers {
            auto_reply |= auto_reply_header(&lower);
        }
    }
    None
}

/// Whether a (lower-cased) header line marks an automatic reply: RFC 3834's `Auto-Submitted`
/// (anything but `no`), or what common responders send instead (`X-Autoreply`,
/// `X-Autorespond`, `Precedence: auto_reply`).
fn auto_reply_header(line: &str) -> bool {
    let Some((name, value)) = line.split_once(':') else {
        return false;
    };
    let value = value.trim();
    match name.trim() {
        "auto-submitted" => value != "no",
        "x-autoreply" | "x-autorespond" => !value.is_empty() && value != "no",
        "precedence" => value == "auto_reply",
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(_: usize, value: &str) -> Option<i64> {
        (value == "7.ok").then_some(7)
    }

    #[test]
    fn complaints_are_told_from_bounces() {
        let arf = "Content-Type: multipart/report; report-type=feedback-report\r\n\r\n\
                   Feedback-Type: abuse\r\nUser-Agent: x\r\n\r\nX-Tag: 7.ok\r\n";
        assert_eq!(
            read(arf.as_bytes(), &["X-Tag"], check),
            Some((0, 7, Verdict::Complaint))
        );
        let forged = "Feedback-Type: abuse\r\n\r\nX-Tag: 8.no\r\n";
        assert_eq!(read(forged.as_bytes(), &["X-Tag"], check), None);
    }
}
