//! A self-hosted proof of work for the signing form. With JavaScript on, the browser finds a
//! number that makes `SHA-256("petrel-pow:" ‖ form token ‖ ":" ‖ email ‖ ":" ‖ number)` start
//! with `bits` zero bits — a few tens of milliseconds for a person, a real cost for a script
//! submitting thousands of addresses, since every address needs its own. The server checks it
//! with one hash. Nothing leaves the site: no third-party captcha sees who signs.
//!
//! Forms sent without it (JavaScript off, or sent before the page was interactive) are still
//! accepted, under a stricter per-address rate limit.
use sha2::{Digest, Sha256};

/// Difficulties above this would take a phone seconds; a setting is clamped to it.
pub const MAX_BITS: u8 = 24;

fn digest(form_token: &str, email: &str, n: u64) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(b"petrel-pow:");
    h.update(form_token.as_bytes());
    h.update(b":");
    h.update(email.trim().to_lowercase().as_bytes());
    h.update(b":");
    h.update(n.to_string().as_bytes());
    h.finalize().into()
}

fn leading_zero_bits(hash: &[u8; 32]) -> u32 {
    let mut bits = 0;
    for byte in hash {
        if *byte == 0 {
            bits += 8;
        } else {
            return bits + byte.leading_zeros();
        }
    }
    bits
}

/// The smallest number that solves the challenge for this token and address.
pub fn solve(form_token: &str, email: &str, bits: u8) -> u64 {
    let bits = u32::from(bits.min(MAX_BITS));
    (0..u64::MAX)
        .find(|n| leading_zero_bits(&digest(form_token, email, *n)) >= bits)
        .unwrap_or(0)
}

/// Whether `solution` (as the form sent it) solves the challenge.
pub fn verify(form_token: &str, email: &str, bits: u8, solution: &str) -> bool {
    let bits = u32::from(bits.min(MAX_BITS));
    solution
        .trim()
        .parse::<u64>()
        .is_ok_and(|n| leading_zero_bits(&digest(form_token, email, n)) >= bits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solutions_verify_for_their_address_only() {
        let n = solve("1700000000000.abcdef", "Anna@Example.org", 16);
        assert!(verify(
            "1700000000000.abcdef",
            " anna@example.org ",
            16,
            &n.to_string()
        ));
        // The inputs are fixed, so these are fixed outcomes, not chances.
        assert!(!verify(
            "1700000000000.abcdef",
            "boris@example.org",
            16,
            &n.to_string()
        ));
        assert!(!verify(
            "1700000000001.abcdef",
            "anna@example.org",
            16,
            &n.to_string()
        ));
        assert!(!verify(
            "1700000000000.abcdef",
            "anna@example.org",
            16,
            "not a number"
        ));
        assert!(!verify("1700000000000.abcdef", "anna@example.org", 16, ""));
        assert_eq!(solve("t", "e", 0), 0, "no work asked, none done");
    }

    #[test]
    fn difficulty_counts_bits() {
        let mut h = [0u8; 32];
        assert_eq!(leading_zero_bits(&h), 256);
        h[1] = 0b0001_0000;
        assert_eq!(leading_zero_bits(&h), 11);
    }
}
