//! Layered configuration: compiled defaults, then an optional TOML file (`petrel.toml`, or the
//! file named by `--config` / `PETREL_CONFIG`), then `PETREL_*` environment variables (nested keys
//! with `__`, e.g. `PETREL_MAIL__BACKEND=smtp`), and `DATABASE_URL`. A bad value stops the start
//! with one line naming the setting.
use app::site::SiteInfo;
use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Environment {
    Development,
    Production,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MailBackend {
    /// Messages are written as `.eml` files under `<data_dir>/mailbox`; development only.
    File,
    Smtp,
    /// Kept in memory; for tests.
    Memory,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmtpSecurity {
    None,
    Starttls,
    Tls,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub environment: Environment,
    /// Address and port the HTTP server listens on.
    pub listen: String,
    /// The URL people reach this site at; used in emails. `https://` turns on HSTS.
    pub public_url: String,
    /// Where the SQLite file, generated keys and the file mailbox live.
    pub data_dir: PathBuf,
    /// `sqlite://…` or `postgres://…`; default: `sqlite://<data_dir>/petrel.db`.
    pub database_url: Option<String>,
    pub database_max_connections: u32,
    pub log_format: LogFormat,
    /// A tracing filter, e.g. `info` or `petrel=debug,info`.
    pub log_level: String,
    /// Where cargo-leptos put the built site (`pkg/` with the wasm, JS and CSS, and public files).
    pub site_root: PathBuf,
    /// Largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// How long a public page (one that sends `Cache-Control: public`) is reused for anonymous
    /// readers, in milliseconds; 0 turns the page cache off.
    pub page_cache_ms: u64,
    /// How long clients may take over a request.
    pub timeouts: HttpTimeouts,
    /// Create the demo campaign when the database has no campaigns.
    pub seed_demo: Option<bool>,
    pub mail: MailSettings,
    pub vault: VaultSettings,
    pub worker: WorkerSettings,
    pub retention: RetentionSettings,
    /// Limits against mass signing.
    pub abuse: app::ssr::abuse::AbuseSettings,
    /// Organizer sign-in and sessions.
    pub auth: AuthSettings,
    /// Letters to representatives.
    pub letters: app::letters::settings::LetterSettings,
    /// Donations to funds.
    pub donations: app::donations::settings::DonationSettings,
    /// Mailing lists.
    pub lists: app::lists::settings::ListSettings,
    /// Card payments through Stripe Checkout; off until `secret_key` and `webhook_secret` are set.
    pub stripe: StripeSettings,
    /// Who runs the site (footer, contact and privacy pages).
    pub site: SiteInfo,
}

/// Stripe: the keys, where its API is (tests point it at a fake), and what donors are told.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StripeSettings {
    /// `sk_live_…` or `sk_test_…`; never logged.
    #[serde(serialize_with = "serialize_secret")]
    pub secret_key: Option<SecretString>,
    /// The webhook endpoint's signing secret (`whsec_…`); never logged.
    #[serde(serialize_with = "serialize_secret")]
    pub webhook_secret: Option<SecretString>,
    /// Stripe's API, ending in `/`.
    pub api_base: String,
    /// Where Checkout's pages are: the donation form may be sent there (CSP `form-action`).
    pub checkout_origin: String,
    /// What a donor's bank statement shows, as configured in Stripe; told before they pay.
    pub statement_descriptor: String,
    /// How long a donor waits for Stripe to create the checkout before being told to try later.
    pub timeout_ms: u64,
}

impl Default for StripeSettings {
    fn default() -> Self {
        StripeSettings {
            secret_key: None,
            webhook_secret: None,
            api_base: "https://api.stripe.com/".into(),
            checkout_origin: "https://checkout.stripe.com".into(),
            statement_descriptor: String::new(),
            timeout_ms: 8_000,
        }
    }
}

impl StripeSettings {
    /// Both keys are set.
    pub fn enabled(&self) -> bool {
        self.secret_key.is_some() && self.webhook_secret.is_some()
    }
}

/// How long a client may take over a request, so that nobody can hold connections (and the
/// memory behind them) open by sending slowly.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HttpTimeouts {
    /// Seconds to send a request's headers, counted from the connection's start or the end of
    /// its previous request; then the connection is closed.
    pub header_read_secs: u64,
    /// Seconds for a whole request, body included, to be answered (408 after).
    pub request_secs: u64,
    /// The same for the admin's uploads (images, directory files of tens of megabytes).
    pub upload_secs: u64,
}

impl Default for HttpTimeouts {
    fn default() -> Self {
        HttpTimeouts {
            header_read_secs: 10,
            request_secs: 30,
            upload_secs: 600,
        }
    }
}

/// Organizer sign-in: session lifetimes and OpenID Connect providers.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AuthSettings {
    /// A session unused for this long ends.
    pub idle_minutes: u32,
    /// A session ends this long after sign-in, however active.
    pub max_hours: u32,
    /// OpenID Connect providers offered on the sign-in page, besides the emailed link.
    pub providers: Vec<ProviderSettings>,
}

impl Default for AuthSettings {
    fn default() -> Self {
        let sessions = app::accounts::settings::SessionSettings::default();
        AuthSettings {
            idle_minutes: sessions.idle_minutes,
            max_hours: sessions.max_hours,
            providers: Vec::new(),
        }
    }
}

impl AuthSettings {
    pub fn sessions(&self) -> app::accounts::settings::SessionSettings {
        app::accounts::settings::SessionSettings {
            idle_minutes: self.idle_minutes,
            max_hours: self.max_hours,
        }
    }
}

/// What a sign-in provider speaks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProviderKind {
    /// OpenID Connect, found by discovery at `issuer`.
    #[default]
    Oidc,
    /// GitHub's plain OAuth2 (github.com unless `auth_url`, `token_url`, `api_url` say otherwise).
    Github,
}

/// One sign-in provider.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProviderSettings {
    /// In its URLs (`/login/provider/<name>`): lower-case letters, digits and hyphens.
    pub name: String,
    /// On the sign-in button.
    pub label: String,
    #[serde(default)]
    pub kind: ProviderKind,
    /// OpenID Connect: the issuer URL, exactly as the provider states it (discovery reads
    /// `<issuer>/.well-known/openid-configuration`).
    #[serde(default)]
    pub issuer: Option<String>,
    pub client_id: String,
    /// Never logged.
    #[serde(serialize_with = "serialize_secret")]
    pub client_secret: Option<SecretString>,
    /// GitHub Enterprise: its authorize, token and API addresses.
    #[serde(default)]
    pub auth_url: Option<String>,
    #[serde(default)]
    pub token_url: Option<String>,
    #[serde(default)]
    pub api_url: Option<String>,
}

/// How long personal data is kept.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetentionSettings {
    /// Signers' personal data is anonymised this many days after their campaign closes.
    pub signer_days_after_close: u32,
    /// Signatures never confirmed are deleted after this many days.
    pub unconfirmed_days: u32,
    /// A letter's text is deleted this many days after it was delivered.
    #[serde(default = "default_letter_body_days")]
    pub letter_body_days: u32,
    /// A letter writer's name, address and email are deleted this many days after delivery
    /// (the count of letters stays).
    #[serde(default = "default_letter_writer_days")]
    pub letter_writer_days: u32,
    /// A donor's name, email and message are erased this many years after their last payment
    /// (a monthly gift: after it stopped); the amounts stay for the accounts.
    #[serde(default = "default_donor_years")]
    pub donor_years: u32,
}

fn default_donor_years() -> u32 {
    10
}

fn default_letter_body_days() -> u32 {
    28
}

fn default_letter_writer_days() -> u32 {
    730
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailSettings {
    pub backend: MailBackend,
    /// The From header, e.g. `Petrel <campaigns@example.org>`.
    pub from: String,
    pub smtp_host: String,
    pub smtp_port: u16,
    pub smtp_security: SmtpSecurity,
    pub smtp_username: Option<String>,
    #[serde(serialize_with = "serialize_secret")]
    pub smtp_password: Option<SecretString>,
    pub smtp_pool_size: u32,
    /// DKIM signing, when all three are set.
    pub dkim_domain: Option<String>,
    pub dkim_selector: Option<String>,
    pub dkim_key_file: Option<PathBuf>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VaultSettings {
    /// Folder with `data-key-<n>` and `lookup-key`; default `<data_dir>/keys`.
    pub keys_dir: Option<PathBuf>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkerSettings {
    /// Jobs run at the same time by one process.
    pub concurrency: u32,
    pub poll_interval_ms: u64,
    /// How long a claimed job stays locked before another worker may take it again.
    pub lease_secs: u64,
    /// Keep sent emails' rows (without their sealed content) this many days.
    pub email_retention_days: u32,
    /// How often confirmed signatures are added to the public counts, in seconds.
    pub count_interval_secs: u64,
}

/// The names of the top-level settings.
fn top_level_keys() -> Vec<String> {
    match serde_json::to_value(Settings::default()) {
        Ok(serde_json::Value::Object(map)) => map.keys().cloned().collect(),
        _ => Vec::new(),
    }
}

fn serialize_secret<S: serde::Serializer>(
    value: &Option<SecretString>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(_) => s.serialize_some("<secret>"),
        None => s.serialize_none(),
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            environment: Environment::Development,
            listen: "127.0.0.1:3000".into(),
            public_url: "http://127.0.0.1:3000".into(),
            data_dir: PathBuf::from("data"),
            database_url: None,
            database_max_connections: 16,
            log_format: LogFormat::Text,
            log_level: "info".into(),
            site_root: PathBuf::from("target/site"),
            max_body_bytes: 64 * 1024,
            page_cache_ms: 1_000,
            timeouts: HttpTimeouts::default(),
            seed_demo: None,
            mail: MailSettings {
                backend: MailBackend::File,
                from: "Petrel <petrel@localhost>".into(),
                smtp_host: "localhost".into(),
                smtp_port: 587,
                smtp_security: SmtpSecurity::Starttls,
                smtp_username: None,
                smtp_password: None,
                smtp_pool_size: 4,
                dkim_domain: None,
                dkim_selector: None,
                dkim_key_file: None,
            },
            vault: VaultSettings::default(),
            worker: WorkerSettings {
                concurrency: 4,
                poll_interval_ms: 500,
                lease_secs: 300,
                email_retention_days: 7,
                count_interval_secs: 5,
            },
            retention: RetentionSettings {
                signer_days_after_close: 180,
                unconfirmed_days: 30,
                letter_body_days: default_letter_body_days(),
                letter_writer_days: default_letter_writer_days(),
                donor_years: default_donor_years(),
            },
            abuse: Default::default(),
            auth: Default::default(),
            letters: Default::default(),
            donations: Default::default(),
            lists: Default::default(),
            stripe: StripeSettings::default(),
            // No source address by default: the footer links to `/source`, which says how to
            // get the source of the running version (the licence is the AGPL).
            site: SiteInfo::default(),
        }
    }
}

/// A configuration problem, printed as one line: `invalid setting <name>: <why>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub setting: String,
    pub message: String,
}

impl ConfigError {
    pub fn new(setting: &str, message: impl Into<String>) -> Self {
        ConfigError {
            setting: setting.to_owned(),
            message: message.into(),
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = self.message.replace('\n', " ");
        write!(f, "invalid setting {}: {}", self.setting, message)
    }
}

impl std::error::Error for ConfigError {}

impl Settings {
    /// Loads the layers. `file`: an explicit config file (must exist); otherwise `petrel.toml`
    /// in the working directory if present.
    pub fn load(file: Option<&Path>) -> Result<Settings, ConfigError> {
        Self::from_figment(Self::figment(file)?)
    }

    pub fn figment(file: Option<&Path>) -> Result<Figment, ConfigError> {
        let mut figment = Figment::from(Serialized::defaults(Settings::default()));
        match file {
            Some(path) => {
                if !path.is_file() {
                    return Err(ConfigError::new(
                        "config",
                        format!("configuration file {} not found", path.display()),
                    ));
                }
                figment = figment.merge(Toml::file(path));
            }
            None => figment = figment.merge(Toml::file("petrel.toml")),
        }
        Ok(figment
            .merge(
                // Only variables that name a setting: PETREL_TEST_DATABASE_URL and friends belong
                // to the test tools, not to the server.
                Env::prefixed("PETREL_")
                    .filter(|key| {
                        let top = key.as_str().split("__").next().unwrap_or_default();
                        top_level_keys().iter().any(|k| k.eq_ignore_ascii_case(top))
                    })
                    .split("__"),
            )
            .merge(Env::raw().only(&["DATABASE_URL"])))
    }

    pub fn from_figment(figment: Figment) -> Result<Settings, ConfigError> {
        let settings: Settings = figment.extract().map_err(|e| {
            let setting = if e.path.is_empty() {
                "config".to_owned()
            } else {
                e.path.join(".")
            };
            ConfigError::new(&setting, e.kind.to_string())
        })?;
        settings.validate()?;
        Ok(settings)
    }

    pub fn validate(&self) -> Result<(), ConfigError> {
        let url = self.database_url();
        if !(url.starts_with("sqlite:")
            || url.starts_with("postgres://")
            || url.starts_with("postgresql://"))
        {
            return Err(ConfigError::new(
                "database_url",
                "must start with sqlite: or postgres://",
            ));
        }
        if self.listen.parse::<std::net::SocketAddr>().is_err() {
            return Err(ConfigError::new(
                "listen",
                format!("{:?} is not an address:port", self.listen),
            ));
        }
        if !(self.public_url.starts_with("http://") || self.public_url.starts_with("https://")) {
            return Err(ConfigError::new(
                "public_url",
                "must start with http:// or https://",
            ));
        }
        if self.mail.from.parse::<lettre::message::Mailbox>().is_err() {
            return Err(ConfigError::new(
                "mail.from",
                format!(
                    "{:?} is not a mailbox such as Name <a@b.org>",
                    self.mail.from
                ),
            ));
        }
        for (key, secs) in [
            ("timeouts.header_read_secs", self.timeouts.header_read_secs),
            ("timeouts.request_secs", self.timeouts.request_secs),
            ("timeouts.upload_secs", self.timeouts.upload_secs),
        ] {
            if secs == 0 {
                return Err(ConfigError::new(key, "must be at least 1"));
            }
        }
        if self.stripe.secret_key.is_some() != self.stripe.webhook_secret.is_some() {
            return Err(ConfigError::new(
                "stripe",
                "set both secret_key and webhook_secret, or neither",
            ));
        }
        if !self.stripe.api_base.ends_with('/')
            || !(self.stripe.api_base.starts_with("https://")
                || self.stripe.api_base.starts_with("http://"))
        {
            return Err(ConfigError::new(
                "stripe.api_base",
                "must be an http(s) address ending in /",
            ));
        }
        if url::Url::parse(&self.stripe.checkout_origin).is_err() {
            return Err(ConfigError::new(
                "stripe.checkout_origin",
                "must be an address such as https://checkout.stripe.com",
            ));
        }
        if self.stripe.statement_descriptor.chars().count() > 22 {
            return Err(ConfigError::new(
                "stripe.statement_descriptor",
                "Stripe allows at most 22 characters",
            ));
        }
        if self.worker.concurrency == 0 {
            return Err(ConfigError::new("worker.concurrency", "must be at least 1"));
        }
        if self.abuse.pow_bits > app::domain::pow::MAX_BITS {
            return Err(ConfigError::new(
                "abuse.pow_bits",
                format!(
                    "at most {} (each bit doubles the work a phone does)",
                    app::domain::pow::MAX_BITS
                ),
            ));
        }
        if self.auth.idle_minutes == 0 || self.auth.max_hours == 0 {
            return Err(ConfigError::new(
                "auth",
                "idle_minutes and max_hours must be at least 1",
            ));
        }
        for (i, p) in self.auth.providers.iter().enumerate() {
            let setting = |field: &str| format!("auth.providers[{i}].{field}");
            if p.name.is_empty()
                || !p
                    .name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            {
                return Err(ConfigError::new(
                    &setting("name"),
                    "use lower-case letters, digits and hyphens",
                ));
            }
            if self.auth.providers[..i].iter().any(|q| q.name == p.name) {
                return Err(ConfigError::new(&setting("name"), "names must be unique"));
            }
            let urls = match p.kind {
                ProviderKind::Oidc => {
                    if p.issuer.is_none() {
                        return Err(ConfigError::new(
                            &setting("issuer"),
                            "an OpenID Connect provider needs its issuer URL",
                        ));
                    }
                    vec![("issuer", &p.issuer)]
                }
                ProviderKind::Github => vec![
                    ("auth_url", &p.auth_url),
                    ("token_url", &p.token_url),
                    ("api_url", &p.api_url),
                ],
            };
            for (field, value) in urls {
                let Some(value) = value else { continue };
                let ok = url::Url::parse(value)
                    .is_ok_and(|u| u.scheme() == "https" || u.scheme() == "http");
                if !ok {
                    return Err(ConfigError::new(&setting(field), "must be an http(s) URL"));
                }
                if self.environment == Environment::Production && !value.starts_with("https://") {
                    return Err(ConfigError::new(
                        &setting(field),
                        "production must talk to providers over https://",
                    ));
                }
            }
        }
        for (name, value) in [
            ("abuse.ip_per_minute", self.abuse.ip_per_minute),
            ("abuse.ip_per_5_minutes", self.abuse.ip_per_5_minutes),
            (
                "abuse.ip_per_minute_without_pow",
                self.abuse.ip_per_minute_without_pow,
            ),
            (
                "abuse.ip_per_5_minutes_without_pow",
                self.abuse.ip_per_5_minutes_without_pow,
            ),
        ] {
            if value < 1 {
                return Err(ConfigError::new(name, "must be at least 1"));
            }
        }
        if self.environment == Environment::Production {
            if self.mail.backend == MailBackend::File {
                return Err(ConfigError::new(
                    "mail.backend",
                    "the file mailbox is for development; production needs smtp",
                ));
            }
            if self.mail.backend == MailBackend::Memory {
                return Err(ConfigError::new(
                    "mail.backend",
                    "the memory mailer is for tests; production needs smtp",
                ));
            }
            if !self.public_url.starts_with("https://") {
                return Err(ConfigError::new(
                    "public_url",
                    "production must be served over https://",
                ));
            }
        }
        Ok(())
    }

    pub fn database_url(&self) -> String {
        self.database_url.clone().unwrap_or_else(|| {
            format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.join("petrel.db").display()
            )
        })
    }

    pub fn keys_dir(&self) -> PathBuf {
        self.vault
            .keys_dir
            .clone()
            .unwrap_or_else(|| self.data_dir.join("keys"))
    }

    pub fn mailbox_dir(&self) -> PathBuf {
        self.data_dir.join("mailbox")
    }

    pub fn seed_demo(&self) -> bool {
        self.seed_demo
            .unwrap_or(self.environment == Environment::Development)
    }

    pub fn site_info(&self) -> SiteInfo {
        self.site.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use figment::Jail;

    /// The embedded default keeps every email in the file mailbox: letters to the sample
    /// directory's real addresses never leave the machine unless SMTP is configured.
    #[test]
    fn the_embedded_default_never_sends_mail_out() {
        let s = Settings::default();
        assert_eq!(s.mail.backend, MailBackend::File);
        assert_eq!(s.environment, Environment::Development);
    }

    #[test]
    #[allow(clippy::result_large_err)] // figment::Jail's closure type, not ours
    fn layers_and_errors_name_the_setting() {
        Jail::expect_with(|jail| {
            jail.create_file(
                "petrel.toml",
                "listen = \"127.0.0.1:4000\"\n[mail]\nsmtp_port = 2525\n",
            )?;
            jail.set_env("PETREL_MAIL__SMTP_PORT", "2626");
            let s = Settings::load(None).expect("loads");
            assert_eq!(s.listen, "127.0.0.1:4000");
            assert_eq!(s.mail.smtp_port, 2626);

            jail.set_env("PETREL_MAIL__SMTP_PORT", "many");
            let e = Settings::load(None).expect_err("bad port");
            assert_eq!(e.setting, "mail.smtp_port");

            jail.set_env("PETREL_MAIL__SMTP_PORT", "25");
            jail.set_env("DATABASE_URL", "mysql://x");
            let e = Settings::load(None).expect_err("bad url");
            assert_eq!(e.setting, "database_url");
            assert!(e.to_string().starts_with("invalid setting database_url: "));

            jail.set_env("DATABASE_URL", "postgres://localhost/x");
            jail.set_env("PETREL_ENVIRONMENT", "production");
            jail.set_env("PETREL_PUBLIC_URL", "https://petrel.example.org");
            let e = Settings::load(None).expect_err("file mailbox in production");
            assert_eq!(e.setting, "mail.backend");
            Ok(())
        });
    }
}
