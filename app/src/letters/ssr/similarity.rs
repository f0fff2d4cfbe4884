//! How alike letters are, without keeping their text: keyed fingerprints of word triples.
use super::sealed::SHINGLE_PURPOSE;

/// Hashes kept per fingerprint.
const SKETCH: usize = 128;
/// Letters compared against when measuring similarity (the latest ones).
pub(super) const COMPARED: u64 = 1000;
/// A fingerprint of a text: the smallest keyed hashes of its word triples (a bottom-k sketch).
/// Comparing two tells how much of the wording they share, without keeping the text.
pub fn fingerprint(vault: &crate::ssr::vault::Vault, body: &str) -> Vec<u32> {
    let words: Vec<String> = body
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let mut hashes: Vec<u32> = words
        .windows(3.min(words.len().max(1)))
        .map(|w| {
            let h = vault.lookup_hash(SHINGLE_PURPOSE, &w.join(" "));
            h.bytes().fold(2_166_136_261u32, |acc, b| {
                (acc ^ u32::from(b)).wrapping_mul(16_777_619)
            })
        })
        .collect();
    hashes.sort_unstable();
    hashes.dedup();
    hashes.truncate(SKETCH);
    hashes
}

/// How alike two fingerprints are, in percent (an estimate of the share of word triples in
/// common).
pub fn similarity(a: &[u32], b: &[u32]) -> i32 {
    if a.is_empty() || b.is_empty() {
        return 0;
    }
    let mut union: Vec<u32> = a.iter().chain(b).copied().collect();
    union.sort_unstable();
    union.dedup();
    union.truncate(SKETCH);
    let shared = union
        .iter()
        .filter(|h| a.binary_search(h).is_ok() && b.binary_search(h).is_ok())
        .count();
    (shared * 100 / union.len()) as i32
}

pub(super) fn encode(fp: &[u32]) -> String {
    fp.iter().map(|h| format!("{h:08x}")).collect()
}

pub(super) fn decode(text: &str) -> Vec<u32> {
    text.as_bytes()
        .chunks(8)
        .filter_map(|c| std::str::from_utf8(c).ok())
        .filter_map(|c| u32::from_str_radix(c, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similarity_sees_shared_wording() {
        let vault = crate::ssr::vault::Vault::generate();
        let base = "Please extend temporary protection to Russians who fled because they \
                    opposed the war, as you did for people fleeing Ukraine.";
        let same = fingerprint(&vault, base);
        assert_eq!(similarity(&same, &fingerprint(&vault, base)), 100);
        let edited = format!("{base} My neighbour is one of them; she fears being sent back.");
        let s = similarity(&same, &fingerprint(&vault, &edited));
        assert!((40..100).contains(&s), "{s}");
        let other = fingerprint(
            &vault,
            "The library on Elm Street should open on Sundays for students.",
        );
        assert_eq!(similarity(&same, &other), 0);
        assert_eq!(decode(&encode(&same)), same);
    }
}
