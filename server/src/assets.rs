//! The built site (cargo-leptos output): `pkg/` holds the wasm, its JS glue and the stylesheet;
//! the root holds files copied from `public/`. `pkg/` is served under a path that carries a hash
//! of its contents (`/pkg/<hash>/petrel.wasm`), so browsers may cache it for a year and still get
//! a new build the moment it is deployed.
use sha2::{Digest, Sha256};
use std::path::Path;

/// A short hash of every file in `<site_root>/pkg`, or `dev` when there is no built site (tests
/// that only need server-rendered HTML run without one).
pub fn version(site_root: &Path) -> String {
    let dir = site_root.join("pkg");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return "dev".to_owned();
    };
    let mut files: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    files.sort();
    let mut hasher = Sha256::new();
    for file in files {
        if let Ok(bytes) = std::fs::read(&file) {
            hasher.update(
                file.file_name()
                    .map(|n| n.as_encoded_bytes())
                    .unwrap_or_default(),
            );
            hasher.update(&bytes);
        }
    }
    hex::encode(&hasher.finalize()[..8])
}
