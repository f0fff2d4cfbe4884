//! Keeping bots and mass signing out without keeping people out: a signed form token (its age
//! tells a form sent back faster than a person fills it in), the honeypot field, the browser's
//! proof of work (`domain::pow`), and per-address rate limits over hashes of network addresses
//! under a daily salt (`ip_salt`). Shared by every public form (signatures, letters, and the
//! donation and mailing-list forms to come).
pub mod form_token;
pub mod ip_salt;

/// A form filled in faster than this was not filled in by a person.
pub const MIN_FILL_MS: i64 = 2_000;
/// Limits against mass signing, from the `abuse` settings.
///
/// Many people can share one network address — a Tor exit, a university, a mobile carrier —
/// and those behind Tor are the signers most at risk. So a busy address alone never keeps a
/// signature out of the count: over these short-window limits (the UK Parliament petitions
/// site's, 1 a minute and 5 in five minutes, for forms without the proof of work) signatures
/// are *flagged for review*: emailed, counted once confirmed like any other, and listed for
/// the organizer, who can invalidate them in bulk (`ssr::invalidation`) if more points to
/// abuse. See docs/decisions.md.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AbuseSettings {
    /// Proof-of-work difficulty (leading zero bits) asked of browsers with JavaScript; 0 off.
    pub pow_bits: u8,
    /// Signatures per campaign from one network address in a minute before the next are
    /// flagged for review.
    pub ip_per_minute: i64,
    /// The same over five minutes.
    pub ip_per_5_minutes: i64,
    /// The per-minute limit for forms sent without a valid proof of work (JavaScript off).
    pub ip_per_minute_without_pow: i64,
    /// The five-minute limit for forms sent without a valid proof of work.
    pub ip_per_5_minutes_without_pow: i64,
}

impl Default for AbuseSettings {
    fn default() -> Self {
        AbuseSettings {
            pow_bits: 16,
            ip_per_minute: 2,
            ip_per_5_minutes: 10,
            ip_per_minute_without_pow: 1,
            ip_per_5_minutes_without_pow: 5,
        }
    }
}
