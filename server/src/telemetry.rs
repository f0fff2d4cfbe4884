//! Logging with `tracing`, as text or JSON, to standard error. Code logs ids, never emails or
//! names (the domain types redact themselves in `Debug`); as a second line of defence every log
//! line passes through [`redact`], which replaces anything shaped like an email address.
use crate::config::LogFormat;
use std::io::{self, Write};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;

/// Installs the global subscriber. Safe to call more than once (later calls do nothing), so
/// tests can start several applications in one process.
pub fn init(format: LogFormat, level: &str) {
    let filter = EnvFilter::try_new(level).unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(RedactingWriter(io::stderr));
    let _ = match format {
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
        LogFormat::Text => builder.try_init(),
    };
}

pub use app::ssr::redact::redact;

#[derive(Clone, Copy)]
pub struct RedactingWriter<F>(pub F);

impl<'a, F, W> MakeWriter<'a> for RedactingWriter<F>
where
    F: Fn() -> W + 'static,
    W: Write,
{
    type Writer = Redacting<W>;
    fn make_writer(&'a self) -> Self::Writer {
        Redacting((self.0)())
    }
}

pub struct Redacting<W: Write>(W);

impl<W: Write> Write for Redacting<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        self.0.write_all(redact(&text).as_bytes())?;
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}
