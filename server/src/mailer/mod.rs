//! Sending email: SMTP (pooled, STARTTLS or TLS, optional DKIM), a file mailbox for development
//! (`<data_dir>/mailbox/*.eml`, listed at `/dev/mailbox`), or memory for tests. Only the worker
//! sends; requests queue messages through `app::ssr::outbox`.
pub mod templates;

use crate::config::{MailBackend, Settings, SmtpSecurity};
use lettre::message::header::ContentType;
use lettre::message::{Mailbox, MultiPart, SinglePart, dkim};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use secrecy::ExposeSecret;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// A rendered message, ready to send.
#[derive(Debug, Clone)]
pub struct Outgoing {
    pub to: Mailbox,
    /// Where answers go, if not to the sender (a letter's writer).
    pub reply_to: Option<Mailbox>,
    pub subject: String,
    pub text: String,
    pub html: String,
    pub language: String,
    /// Extra headers such as `List-Unsubscribe`.
    pub headers: Vec<(String, String)>,
    /// `<id@host>` when the message must keep one Message-ID if sent again (a mailing's copy
    /// to one person); `None`: a new one.
    pub message_id: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("building the message: {0}")]
    Build(String),
    #[error("SMTP: {0}")]
    Smtp(#[from] lettre::transport::smtp::Error),
    #[error("mailbox file: {0}")]
    File(#[from] std::io::Error),
}

impl MailError {
    /// Whether sending again cannot help: a message that cannot be built, or a permanent (5xx)
    /// answer from the mail server.
    pub fn is_permanent(&self) -> bool {
        match self {
            MailError::Build(_) => true,
            MailError::Smtp(e) => e.is_permanent(),
            MailError::File(_) => false,
        }
    }
}

#[derive(Clone)]
enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    File(PathBuf),
    Memory(Arc<Mutex<Vec<Message>>>),
}

#[derive(Clone)]
pub struct Mailer {
    transport: Transport,
    from: Mailbox,
    dkim: Option<Arc<dkim::DkimConfig>>,
}

impl Mailer {
    /// Builds the mailer the settings ask for. Errors name the setting at fault.
    pub fn from_settings(settings: &Settings) -> Result<Mailer, crate::config::ConfigError> {
        use crate::config::ConfigError;
        let m = &settings.mail;
        let from: Mailbox = m
            .from
            .parse()
            .map_err(|_| ConfigError::new("mail.from", "not a mailbox"))?;
        let transport = match m.backend {
            MailBackend::File => {
                let dir = settings.mailbox_dir();
                app::ssr::private::create_dir(&dir).map_err(|e| {
                    ConfigError::new("data_dir", format!("cannot create {}: {e}", dir.display()))
                })?;
                Transport::File(dir)
            }
            MailBackend::Memory => Transport::Memory(Arc::default()),
            MailBackend::Smtp => {
                let tls = || {
                    TlsParameters::new(m.smtp_host.clone())
                        .map_err(|e| ConfigError::new("mail.smtp_host", e.to_string()))
                };
                let mut builder =
                    AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&m.smtp_host)
                        .port(m.smtp_port)
                        .tls(match m.smtp_security {
                            SmtpSecurity::None => Tls::None,
                            SmtpSecurity::Starttls => Tls::Required(tls()?),
                            SmtpSecurity::Tls => Tls::Wrapper(tls()?),
                        })
                        .pool_config(
                            lettre::transport::smtp::PoolConfig::new()
                                .max_size(m.smtp_pool_size.max(1)),
                        );
                if let (Some(user), Some(password)) = (&m.smtp_username, &m.smtp_password) {
                    builder = builder.credentials(Credentials::new(
                        user.clone(),
                        password.expose_secret().to_owned(),
                    ));
                }
                Transport::Smtp(builder.build())
            }
        };
        let dkim = match (&m.dkim_domain, &m.dkim_selector, &m.dkim_key_file) {
            (Some(domain), Some(selector), Some(file)) => {
                let pem = std::fs::read_to_string(file).map_err(|e| {
                    ConfigError::new(
                        "mail.dkim_key_file",
                        format!("cannot read {}: {e}", file.display()),
                    )
                })?;
                let key = dkim::DkimSigningKey::new(&pem, dkim::DkimSigningAlgorithm::Rsa)
                    .or_else(|_| {
                        dkim::DkimSigningKey::new(&pem, dkim::DkimSigningAlgorithm::Ed25519)
                    })
                    .map_err(|e| ConfigError::new("mail.dkim_key_file", e.to_string()))?;
                Some(Arc::new(dkim::DkimConfig::default_config(
                    selector.clone(),
                    domain.clone(),
                    key,
                )))
            }
            (None, None, None) => None,
            _ => {
                return Err(ConfigError::new(
                    "mail.dkim_domain",
                    "DKIM needs dkim_domain, dkim_selector and dkim_key_file together",
                ));
            }
        };
        Ok(Mailer {
            transport,
            from,
            dkim,
        })
    }

    pub fn is_file_mailbox(&self) -> bool {
        matches!(self.transport, Transport::File(_))
    }

    /// Messages the memory backend has "sent".
    pub fn sent_in_memory(&self) -> Vec<Message> {
        match &self.transport {
            Transport::Memory(list) => list.lock().map(|l| l.clone()).unwrap_or_default(),
            _ => Vec::new(),
        }
    }

    pub fn build(&self, mail: &Outgoing) -> Result<Message, MailError> {
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(mail.to.clone())
            .subject(mail.subject.clone())
            .message_id(mail.message_id.clone());
        if let Some(reply_to) = &mail.reply_to {
            builder = builder.reply_to(reply_to.clone());
        }
        for (name, value) in &mail.headers {
            builder = builder.raw_header(lettre::message::header::HeaderValue::new(
                lettre::message::header::HeaderName::new_from_ascii(name.clone())
                    .map_err(|e| MailError::Build(e.to_string()))?,
                value.clone(),
            ));
        }
        builder = builder.raw_header(lettre::message::header::HeaderValue::new(
            lettre::message::header::HeaderName::new_from_ascii_str("Content-Language"),
            mail.language.clone(),
        ));
        // A letter from a person is plain text, as a person would send it.
        let built = if mail.html.is_empty() {
            builder.singlepart(SinglePart::plain(mail.text.clone()))
        } else {
            builder.multipart(
                MultiPart::alternative()
                    .singlepart(
                        SinglePart::builder()
                            .header(ContentType::TEXT_PLAIN)
                            .body(mail.text.clone()),
                    )
                    .singlepart(
                        SinglePart::builder()
                            .header(ContentType::TEXT_HTML)
                            .body(mail.html.clone()),
                    ),
            )
        };
        let mut message = built.map_err(|e| MailError::Build(e.to_string()))?;
        if let Some(dkim) = &self.dkim {
            message.sign(dkim);
        }
        Ok(message)
    }

    pub async fn send(&self, mail: &Outgoing) -> Result<(), MailError> {
        let message = self.build(mail)?;
        match &self.transport {
            Transport::Smtp(t) => {
                t.send(message).await?;
            }
            Transport::File(dir) => {
                let name = format!(
                    "{}-{}.eml",
                    chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ"),
                    uuid::Uuid::new_v4().simple()
                );
                let (path, bytes) = (dir.join(name), message.formatted());
                tokio::task::spawn_blocking(move || app::ssr::private::write_file(&path, &bytes))
                    .await
                    .map_err(std::io::Error::other)??;
            }
            Transport::Memory(list) => {
                if let Ok(mut list) = list.lock() {
                    list.push(message);
                }
            }
        }
        metrics::counter!("petrel_emails_sent_total").increment(1);
        Ok(())
    }
}
