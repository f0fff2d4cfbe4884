//! The `letters` settings of `petrel.toml`: the daily cap per representative, when answers are
//! shown, and when a letter that did not bounce counts as delivered.
use serde::{Deserialize, Serialize};

/// The `letters` settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LetterSettings {
    /// Letters delivered to one representative in 24 hours at most; the rest wait their turn
    /// (0: no cap). Keeps a popular campaign from flooding one inbox.
    pub daily_cap_per_representative: u32,
    /// Answers to "did you get a reply?" needed before a representative's, party's or
    /// legislature's figure is shown (fewer would say more about a few writers than about them).
    pub min_answers: u32,
    /// Hours after which a letter their mail server took, and that did not bounce, counts as
    /// delivered (bounces mostly come back within minutes, retries give up within days).
    pub bounce_window_hours: u32,
}

impl Default for LetterSettings {
    fn default() -> Self {
        LetterSettings {
            daily_cap_per_representative: 50,
            min_answers: 10,
            bounce_window_hours: 72,
        }
    }
}
