//! Start-up: settings → data directory → vault → database (migrated) → demo content → mailer →
//! HTTP router and, unless told otherwise, an in-process worker. Each failure that comes from a
//! setting is reported as a [`ConfigError`] naming it.
use crate::assets;
use crate::config::{ConfigError, Environment, MailBackend, Settings};
use crate::mailer::Mailer;
use crate::mailer::templates::{Renderer, SiteContext};
use crate::worker::{JobContext, Worker, WorkerOptions};
use app::ssr::db::{DbOptions, connect};
use app::ssr::state::AppState;
use app::ssr::vault::Vault;
use leptos::prelude::LeptosOptions;
use sea_orm::DatabaseConnection;
use sea_orm_migration::MigratorTrait;
use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::watch;

#[derive(Clone)]
pub struct ServerState {
    pub app: AppState,
    pub settings: Arc<Settings>,
    /// Hash of the built assets; part of their URL.
    pub asset_version: String,
    /// Set when the file mailbox is on, which also routes `/dev/mailbox`.
    pub mailbox_dir: Option<PathBuf>,
    /// Public pages kept briefly for anonymous readers (see `routes::page_cache`).
    pub pages: crate::routes::page_cache::PageCache,
    pub https: bool,
    /// OpenID Connect providers for organizer sign-in.
    pub providers: crate::providers::Providers,
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("{0}")]
    Config(#[from] ConfigError),
    #[error("{0}")]
    Other(String),
}

/// The parts every command needs: the vault, the migrated database and the mailer.
pub struct Resources {
    pub settings: Arc<Settings>,
    pub counts: app::petitions::ssr::counts::CountCache,
    pub vault: Vault,
    pub db: DatabaseConnection,
    pub mailer: Mailer,
}

/// Whether `listen` (`host:port`) accepts connections from this machine only.
fn listens_on_loopback_only(listen: &str) -> bool {
    listen
        .parse::<std::net::SocketAddr>()
        .map(|a| a.ip().is_loopback())
        .unwrap_or_else(|_| listen.starts_with("localhost:"))
}

/// Warns when the data folder, or a file directly in it, can be read by other users of the
/// machine (made by an earlier version, or by hand).
fn warn_if_others_can_read(data_dir: &std::path::Path) {
    use std::os::unix::fs::PermissionsExt;
    let entries = std::fs::read_dir(data_dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path());
    for path in std::iter::once(data_dir.to_owned()).chain(entries) {
        if let Ok(meta) = std::fs::metadata(&path)
            && meta.permissions().mode() & 0o077 != 0
        {
            tracing::warn!(
                path = %path.display(),
                mode = format!("{:o}", meta.permissions().mode() & 0o777),
                "other users of this machine can read this; chmod go-rwx it"
            );
        }
    }
}

impl Resources {
    /// Opens everything; `migrate` applies pending migrations first (the web and worker
    /// processes do; `petrel migrate` does it itself).
    pub async fn open(settings: Settings, migrate: bool) -> Result<Resources, StartError> {
        app::ssr::private::create_dir(&settings.data_dir).map_err(|e| {
            ConfigError::new(
                "data_dir",
                format!("cannot create {}: {e}", settings.data_dir.display()),
            )
        })?;
        warn_if_others_can_read(&settings.data_dir);
        let keys_dir = settings.keys_dir();
        let create_keys = settings.environment == Environment::Development;
        let opened = Vault::open_dir(&keys_dir, create_keys)
            .map_err(|e| ConfigError::new("vault.keys_dir", e.to_string()))?;
        if opened.generated {
            tracing::warn!(
                keys_dir = %keys_dir.display(),
                "generated new personal-data keys. Back them up: without them the personal data \
                 in this database can never be read again"
            );
        }
        let db = connect(
            &settings.database_url(),
            &DbOptions {
                max_connections: settings.database_max_connections,
            },
        )
        .await
        .map_err(|e| ConfigError::new("database_url", format!("cannot connect: {e}")))?;
        if migrate {
            migration::Migrator::up(&db, None)
                .await
                .map_err(|e| StartError::Other(format!("database migration failed: {e}")))?;
        }
        let mailer = Mailer::from_settings(&settings)?;
        Ok(Resources {
            settings: Arc::new(settings),
            counts: Default::default(),
            vault: opened.vault,
            db,
            mailer,
        })
    }

    pub fn worker(&self) -> Worker {
        let s = &self.settings;
        Worker::new(
            JobContext {
                db: self.db.clone(),
                vault: self.vault.clone(),
                mailer: self.mailer.clone(),
                renderer: Renderer::new(),
                site: SiteContext {
                    public_url: s.public_url.clone(),
                    site_name: "Petrel".to_owned(),
                },
                email_retention_days: s.worker.email_retention_days,
                counts: self.counts.clone(),
                retention: s.retention.clone(),
                letters: s.letters.clone(),
                statement_descriptor: s.stripe.statement_descriptor.clone(),
                stripe: payments(&s.stripe).ok().and_then(|p| p.checkout),
                lists: s.lists.clone(),
            },
            WorkerOptions {
                concurrency: s.worker.concurrency,
                count_interval: Duration::from_secs(s.worker.count_interval_secs.max(1)),
                poll_interval: Duration::from_millis(s.worker.poll_interval_ms),
                lease: Duration::from_secs(s.worker.lease_secs),
            },
        )
    }
}

pub struct Application {
    listener: TcpListener,
    router: axum::Router,
    worker: Worker,
    run_worker: bool,
    pub state: ServerState,
}

impl Application {
    /// Opens everything and binds the listener. `run_worker`: run jobs in this process too.
    pub async fn build(settings: Settings, run_worker: bool) -> Result<Application, StartError> {
        // Leptos spawns rendering tasks on this executor; a second call is harmless.
        let _ = any_spawner::Executor::init_tokio();
        let resources = Resources::open(settings, true).await?;
        let settings = resources.settings.clone();
        if settings.seed_demo() {
            // The fund first: the demo campaign points to it.
            match crate::demo::seed_fund_if_none(&resources.db).await {
                Ok(true) => tracing::info!("created the demo fund"),
                Ok(false) => {}
                Err(e) => {
                    return Err(StartError::Other(format!(
                        "seeding the demo fund failed: {e}"
                    )));
                }
            }
            match crate::demo::seed_list_if_none(&resources.db).await {
                Ok(true) => tracing::info!("created the demo mailing list"),
                Ok(false) => {}
                Err(e) => {
                    return Err(StartError::Other(format!(
                        "seeding the demo list failed: {e}"
                    )));
                }
            }
            match crate::demo::seed_if_empty(&resources.db).await {
                Ok(true) => tracing::info!("created the demo campaign"),
                Ok(false) => {}
                Err(e) => return Err(StartError::Other(format!("seeding the demo failed: {e}"))),
            }
        }
        let asset_version = assets::version(&settings.site_root);
        let leptos_options = LeptosOptions::builder()
            .output_name("petrel")
            .site_root(settings.site_root.to_string_lossy().into_owned())
            .site_pkg_dir(format!("pkg/{asset_version}"))
            .build();
        let state = ServerState {
            app: AppState {
                db: resources.db.clone(),
                vault: resources.vault.clone(),
                site: Arc::new(settings.site_info()),
                counts: resources.counts.clone(),
                campaigns: Default::default(),
                ip_salts: Default::default(),
                blocklist: Default::default(),
                abuse: settings.abuse.clone(),
                letters: settings.letters.clone(),
                donations: Arc::new(settings.donations.clone()),
                payments: payments(&settings.stripe)?,
                auth: app::accounts::settings::AuthConfig {
                    sessions: settings.auth.sessions(),
                    secure_cookie: settings.public_url.starts_with("https://"),
                    providers: settings
                        .auth
                        .providers
                        .iter()
                        .map(|p| (p.name.clone(), p.label.clone()))
                        .collect(),
                },
                public_url: settings.public_url.trim_end_matches('/').into(),
                leptos_options,
            },
            asset_version,
            // The development mailbox shows every message sent, personal data and links
            // included: served only when the server listens on loopback alone.
            mailbox_dir: (settings.mail.backend == MailBackend::File
                && listens_on_loopback_only(&settings.listen))
            .then(|| settings.mailbox_dir()),
            https: settings.public_url.starts_with("https://"),
            providers: crate::providers::Providers::new(&settings.auth.providers),
            pages: crate::routes::page_cache::PageCache::new(
                (settings.page_cache_ms > 0).then(|| Duration::from_millis(settings.page_cache_ms)),
            ),
            settings: settings.clone(),
        };
        let router = crate::routes::router(state.clone());
        let listener = TcpListener::bind(&settings.listen).await.map_err(|e| {
            ConfigError::new(
                "listen",
                format!("cannot listen on {}: {e}", settings.listen),
            )
        })?;
        crate::routes::metrics::handle();
        Ok(Application {
            listener,
            router,
            worker: resources.worker(),
            run_worker,
            state,
        })
    }

    pub fn port(&self) -> u16 {
        self.listener
            .local_addr()
            .map(|a| a.port())
            .unwrap_or_default()
    }

    /// A handle on this application's worker (tests run it with `run_due`).
    pub fn worker(&self) -> Worker {
        self.worker.clone()
    }

    /// Serves until `shutdown` completes, then lets in-flight requests and jobs finish.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let (stop_tx, stop_rx) = watch::channel(false);
        let worker_task = self
            .run_worker
            .then(|| tokio::spawn(self.worker.clone().run(stop_rx)));
        tracing::info!(address = %self.listener.local_addr()?, "serving");
        let header_read = Duration::from_secs(self.state.settings.timeouts.header_read_secs);
        let served = crate::serve::serve(self.listener, self.router, header_read, shutdown).await;
        let _ = stop_tx.send(true);
        if let Some(task) = worker_task {
            let _ = task.await;
        }
        served
    }
}

/// Card payments: Stripe's checkout when both keys are set, else none (the fund pages show the
/// configured alternative).
fn payments(
    stripe: &crate::config::StripeSettings,
) -> Result<app::donations::ssr::checkout::Payments, StartError> {
    let checkout = crate::stripe::StripeCheckout::new(stripe)
        .map_err(|e| StartError::Other(format!("the Stripe client: {e}")))?;
    Ok(app::donations::ssr::checkout::Payments {
        checkout_origin: checkout
            .is_some()
            .then(|| Arc::from(stripe.checkout_origin.trim_end_matches('/'))),
        checkout: checkout.map(|c| Arc::new(c) as Arc<dyn app::donations::ssr::checkout::Checkout>),
        statement_descriptor: Arc::from(stripe.statement_descriptor.as_str()),
    })
}

/// Completes on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}
