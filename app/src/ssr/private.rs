//! Files and folders that hold personal data (the data folder, the SQLite database and its WAL,
//! the development mailbox, the keys) are created for Petrel's user alone: folders 0700, files
//! 0600. (SQLite gives its WAL and shared-memory files the database file's mode.)
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::Path;

/// Creates `dir` and any missing parents, each 0700; an existing folder is left as it is.
pub fn create_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

/// Writes `bytes` to a new file `path` of mode 0600 (replacing any file there).
pub fn write_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(bytes)
}

/// Creates an empty file `path` of mode 0600 if there is none (an empty file is an empty SQLite
/// database, so SQLite opens it instead of creating one with the default mode).
pub fn touch(path: &Path) -> std::io::Result<()> {
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
    {
        Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => Err(e),
        _ => Ok(()),
    }
}
