//! Mailing-list settings read from the configuration (`[lists]`).
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ListSettings {
    /// An address that takes unsubscribe requests by mail, added to every list message's
    /// `List-Unsubscribe` as a `mailto:` next to the one-click link (some mail clients use
    /// only that). Unset: the HTTPS link alone, which RFC 8058 clients use.
    pub unsubscribe_mailto: Option<String>,
    /// Mailings go out at most this many messages a second…
    pub send_per_second: u32,
    /// …and this many an hour, across all mailings (0: no hourly limit). Mail providers
    /// throttle senders that go faster than they agreed to.
    pub send_per_hour: u32,
    /// Messages sent at once over the SMTP pool.
    pub send_concurrency: u32,
    /// How long a batch a worker claimed stays its own: the batches of a worker that died go
    /// back to the others after this (a batch takes about a second).
    pub claim_lease_secs: u32,
    /// Soft bounces (a full mailbox, a server away) an address may have before it is
    /// suppressed like a hard bounce.
    pub soft_bounce_limit: u32,
    /// The bearer token a mail provider's bounce and complaint webhook (`POST /webhooks/mail`)
    /// must send; unset, the webhook is off. Never logged.
    #[serde(skip_serializing)]
    pub webhook_token: Option<String>,
}

impl Default for ListSettings {
    fn default() -> Self {
        ListSettings {
            unsubscribe_mailto: None,
            send_per_second: 100,
            send_per_hour: 0,
            send_concurrency: 8,
            claim_lease_secs: 60,
            soft_bounce_limit: 3,
            webhook_token: None,
        }
    }
}
