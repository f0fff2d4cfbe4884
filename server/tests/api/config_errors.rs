//! `petrel serve` with an invalid setting stops with one line naming it, and a non-zero code.
use std::process::Command;

fn petrel(envs: &[(&str, &str)]) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_petrel"));
    cmd.arg("serve")
        .current_dir(dir.path())
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("PETREL_DATA_DIR", dir.path().join("data"))
        .env("PETREL_LISTEN", "127.0.0.1:0");
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run petrel");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn assert_names(envs: &[(&str, &str)], setting: &str) {
    let (code, stderr) = petrel(envs);
    assert_ne!(code, Some(0), "{envs:?} should fail");
    let last = stderr.lines().last().unwrap_or_default();
    assert!(
        last.starts_with(&format!("petrel: invalid setting {setting}: ")),
        "{envs:?}: {stderr}"
    );
}

#[test]
fn bad_database_url() {
    assert_names(
        &[("DATABASE_URL", "mysql://localhost/petrel")],
        "database_url",
    );
    assert_names(
        &[("DATABASE_URL", "postgres://petrel@127.0.0.1:1/petrel")],
        "database_url",
    );
}

#[test]
fn unreadable_key_file() {
    let keys = tempfile::tempdir().expect("temp dir");
    std::fs::write(keys.path().join("lookup-key"), "not a key").expect("write");
    std::fs::write(keys.path().join("data-key-1"), "c2hvcnQ").expect("write");
    let path = keys.path().to_string_lossy().into_owned();
    assert_names(&[("PETREL_VAULT__KEYS_DIR", &path)], "vault.keys_dir");
}

#[test]
fn missing_keys_in_production() {
    let keys = tempfile::tempdir().expect("temp dir");
    let path = keys.path().join("none").to_string_lossy().into_owned();
    assert_names(
        &[
            ("PETREL_ENVIRONMENT", "production"),
            ("PETREL_PUBLIC_URL", "https://petrel.example.org"),
            ("PETREL_MAIL__BACKEND", "smtp"),
            ("PETREL_VAULT__KEYS_DIR", &path),
        ],
        "vault.keys_dir",
    );
}

#[test]
fn file_mailbox_in_production() {
    assert_names(
        &[
            ("PETREL_ENVIRONMENT", "production"),
            ("PETREL_PUBLIC_URL", "https://petrel.example.org"),
        ],
        "mail.backend",
    );
}

#[test]
fn malformed_values() {
    assert_names(&[("PETREL_MAIL__SMTP_PORT", "lots")], "mail.smtp_port");
    assert_names(&[("PETREL_LISTEN", "here")], "listen");
    assert_names(&[("PETREL_ENVIRONMENT", "staging")], "environment");
}
