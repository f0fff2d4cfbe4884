//! The command line: `petrel serve | worker | migrate | admin …`.
use crate::config::Settings;
use crate::startup::{Application, Resources, StartError, shutdown_signal};
use crate::telemetry;
use app::domain::{Email, Locale};
use clap::{Parser, Subcommand};
use sea_orm_migration::MigratorTrait;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "petrel",
    version,
    about = "Petrel: petitions, letters, donations and mailing lists that protect the people who take part"
)]
struct Cli {
    /// Configuration file (default: petrel.toml in the working directory, if present).
    #[arg(long, global = true, env = "PETREL_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web site and run jobs in the same process (the default).
    Serve {
        /// Do not run jobs in this process (run `petrel worker` separately).
        #[arg(long)]
        no_worker: bool,
    },
    /// Run jobs only.
    Worker,
    /// Apply database migrations (or roll them back).
    Migrate {
        #[command(subcommand)]
        action: Option<MigrateAction>,
    },
    /// Administration.
    Admin {
        #[command(subcommand)]
        action: AdminAction,
    },
    /// Create and close campaigns.
    Campaign {
        #[command(subcommand)]
        action: CampaignAction,
    },
    /// Export data for delivery.
    Export {
        #[command(subcommand)]
        what: ExportWhat,
    },
    /// Import a legislature's members from an EveryPolitician term CSV or a Popolo JSON export.
    /// Importing again updates what changed and marks members the file no longer lists as no
    /// longer serving; malformed rows are listed and left out.
    ImportRepresentatives {
        file: PathBuf,
        /// The legislature's short name (e.g. `uk-commons`); created on its first import.
        #[arg(long)]
        legislature: String,
        /// ISO country code (needed to create the legislature).
        #[arg(long)]
        country: Option<String>,
        /// Its name, e.g. "House of Commons" (needed to create the legislature).
        #[arg(long)]
        name: Option<String>,
        /// The term; for Popolo, only memberships of this legislative period are read.
        #[arg(long)]
        term: Option<String>,
        /// Where the data comes from (shown with the directory).
        #[arg(long)]
        source: Option<String>,
        /// The date the data describes (YYYY-MM-DD).
        #[arg(long)]
        as_of: Option<String>,
        /// What members are called after their name, e.g. "MP" (the `{title}` of letters).
        #[arg(long)]
        title: Option<String>,
        /// `csv` (EveryPolitician) or `popolo`; by default from the file's name or content.
        #[arg(long)]
        format: Option<String>,
    },
    /// Read a message sent to the bounce address on standard input (a bounce, a delivery
    /// report, an automatic reply or a complaint) and record what it says about the letter or
    /// the list message it returns. For the mail server's bounce address, e.g. an alias
    /// `petrel-bounces: "|petrel bounce"`.
    Bounce,
    /// Mailing lists.
    Lists {
        #[command(subcommand)]
        action: ListsAction,
    },
    /// Letters to representatives.
    Letters {
        #[command(subcommand)]
        action: LettersAction,
    },
    /// Load a postcode table for a legislature: CSV rows of a postcode or postcode prefix and
    /// the area's id or name. Replaces the legislature's earlier table.
    ImportPostcodes {
        file: PathBuf,
        #[arg(long)]
        legislature: String,
    },
}

#[derive(Subcommand)]
enum CampaignAction {
    /// Create a campaign from a TOML or YAML file (see docs/campaign-file.md).
    Create { file: PathBuf },
    /// Close a campaign: it stops taking signatures and shows its final count.
    Close { slug: String },
}

#[derive(Subcommand)]
enum ListsAction {
    /// Import subscribers from a CSV file (listmonk's and Mailchimp's exports are understood:
    /// `email` or `Email Address`, `name` or `First Name`/`Last Name`, `language`, `country`).
    /// Each is sent a confirmation link unless `--consented` is given.
    Import {
        file: PathBuf,
        /// The list, by its address.
        #[arg(long)]
        list: String,
        /// I attest that everyone in the file agreed to get this list's emails (recorded as their
        /// consent): they are subscribed at once, without a confirmation email.
        #[arg(long)]
        consented: bool,
        /// The language of rows that give none.
        #[arg(long, default_value = "en")]
        lang: String,
    },
}

#[derive(Subcommand)]
enum LettersAction {
    /// The same as `petrel bounce` (its older name).
    Bounce,
}

#[derive(Subcommand)]
enum ExportWhat {
    /// Confirmed signatures of a campaign as CSV on standard output.
    Signatures { slug: String },
}

#[derive(Subcommand)]
enum MigrateAction {
    /// Apply every pending migration.
    Up,
    /// Roll back the last N migrations.
    Down {
        #[arg(default_value_t = 1)]
        steps: u32,
    },
    /// List migrations and whether each is applied.
    Status,
}

#[derive(Subcommand)]
enum AdminAction {
    /// Create an account for EMAIL, or change its role: the first admin comes from here; later
    /// ones can also be invited from the admin area. The person signs in with an emailed link.
    Add {
        email: String,
        /// `admin` or `organizer`.
        #[arg(long, default_value = "admin")]
        role: String,
    },
    /// Block an email domain or a network range (CIDR): its signatures are kept as suspect and
    /// never counted. `petrel admin block list` shows the lists.
    Block {
        /// `email-domain`, `ip-range`, or `list`.
        kind: String,
        value: Option<String>,
        /// Remove instead of add.
        #[arg(long)]
        remove: bool,
    },
    /// Queue a test email to ADDRESS (the worker sends it), to check mail delivery.
    SendTestEmail {
        address: String,
        #[arg(long, default_value = "en")]
        lang: String,
    },
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let settings = match Settings::load(cli.config.as_deref()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("petrel: {e}");
            return ExitCode::from(2);
        }
    };
    telemetry::init(settings.log_format, &settings.log_level);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("petrel: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(
        cli.command.unwrap_or(Command::Serve { no_worker: false }),
        settings,
    )) {
        Ok(()) => ExitCode::SUCCESS,
        Err(StartError::Config(e)) => {
            eprintln!("petrel: {e}");
            ExitCode::from(2)
        }
        Err(StartError::Other(e)) => {
            eprintln!("petrel: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command, settings: Settings) -> Result<(), StartError> {
    match command {
        Command::Serve { no_worker } => {
            let app = Application::build(settings, !no_worker).await?;
            app.run_until(shutdown_signal())
                .await
                .map_err(|e| StartError::Other(format!("server stopped: {e}")))
        }
        Command::Worker => {
            let resources = Resources::open(settings, true).await?;
            let (tx, rx) = tokio::sync::watch::channel(false);
            let worker = resources.worker();
            let task = tokio::spawn(worker.run(rx));
            shutdown_signal().await;
            let _ = tx.send(true);
            let _ = task.await;
            Ok(())
        }
        Command::Migrate { action } => {
            let resources = Resources::open(settings, false).await?;
            let db = &resources.db;
            let result = match action.unwrap_or(MigrateAction::Up) {
                MigrateAction::Up => migration::Migrator::up(db, None).await,
                MigrateAction::Down { steps } => migration::Migrator::down(db, Some(steps)).await,
                MigrateAction::Status => {
                    let applied = migration::Migrator::get_applied_migrations(db).await;
                    let pending = migration::Migrator::get_pending_migrations(db).await;
                    if let (Ok(applied), Ok(pending)) = (applied, pending) {
                        for m in applied {
                            println!("applied  {}", m.name());
                        }
                        for m in pending {
                            println!("pending  {}", m.name());
                        }
                    }
                    Ok(())
                }
            };
            result.map_err(|e| StartError::Other(format!("migration failed: {e}")))
        }
        Command::Campaign {
            action: CampaignAction::Create { file },
        } => {
            let text = std::fs::read_to_string(&file)
                .map_err(|e| StartError::Other(format!("cannot read {}: {e}", file.display())))?;
            // Check the file before touching the database.
            let format = crate::campaigns::Format::of(&file);
            crate::campaigns::parse(&text, format).map_err(|p| StartError::Other(p.join("\n")))?;
            let resources = Resources::open(settings, true).await?;
            let id = crate::campaigns::create(&resources.db, &text, format)
                .await
                .map_err(|p| StartError::Other(p.join("\n")))?;
            println!("created campaign {id}");
            Ok(())
        }
        Command::Campaign {
            action: CampaignAction::Close { slug },
        } => {
            let resources = Resources::open(settings, true).await?;
            crate::campaigns::close(&resources.db, &slug)
                .await
                .map_err(|e| StartError::Other(e.to_string()))?;
            println!("closed {slug}");
            Ok(())
        }
        Command::ImportRepresentatives {
            file,
            legislature,
            country,
            name,
            term,
            source,
            as_of,
            title,
            format,
        } => {
            use app::directory::ssr::{self as directory, source::Format};
            let bytes = std::fs::read(&file)
                .map_err(|e| StartError::Other(format!("cannot read {}: {e}", file.display())))?;
            let format = match format.as_deref() {
                Some("csv") => Format::EveryPoliticianCsv,
                Some("popolo") => Format::PopoloJson,
                Some(other) => {
                    return Err(StartError::Other(format!(
                        "--format {other:?}: use csv or popolo"
                    )));
                }
                None => Format::detect(&file.to_string_lossy(), &bytes),
            };
            // Read the whole file before touching the database.
            let roster = directory::source::parse(&bytes, format, term.as_deref())
                .map_err(|e| StartError::Other(format!("{}: {e}", file.display())))?;
            let resources = Resources::open(settings, true).await?;
            let spec = directory::LegislatureSpec {
                slug: legislature,
                country,
                name,
                term,
                source,
                as_of,
                title: title.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty()),
            };
            let l = directory::ensure_legislature(&resources.db, &spec)
                .await
                .map_err(|e| StartError::Other(e.to_string()))?;
            let summary =
                directory::import(&resources.db, &l, roster, &mut progress_bar("members"))
                    .await
                    .map_err(|e| StartError::Other(format!("import failed: {e}")))?;
            report(&l.slug, &summary.problems, &summary);
            Ok(())
        }
        Command::Letters {
            action: LettersAction::Bounce,
        } => bounce(settings).await,
        Command::Bounce => bounce(settings).await,
        Command::Lists {
            action:
                ListsAction::Import {
                    file,
                    list,
                    consented,
                    lang,
                },
        } => {
            let bytes = std::fs::read(&file)
                .map_err(|e| StartError::Other(format!("cannot read {}: {e}", file.display())))?;
            let locale = app::domain::Locale::from_code(&lang).ok_or_else(|| {
                StartError::Other(format!("--lang {lang:?}: not a language Petrel speaks"))
            })?;
            let resources = Resources::open(settings, true).await?;
            let summary = app::lists::ssr::import::import(
                &resources.db,
                &resources.vault,
                &list,
                &bytes,
                consented,
                locale,
                &mut progress_bar("subscribers"),
            )
            .await
            .map_err(|e| StartError::Other(format!("import failed: {e}")))?;
            for (line, why) in &summary.malformed {
                eprintln!("line {line}: {why}");
            }
            println!("{list}: {summary}");
            Ok(())
        }
        Command::ImportPostcodes { file, legislature } => {
            use app::directory::ssr as directory;
            let bytes = std::fs::read(&file)
                .map_err(|e| StartError::Other(format!("cannot read {}: {e}", file.display())))?;
            let resources = Resources::open(settings, true).await?;
            let l = directory::legislature(&resources.db, &legislature)
                .await
                .map_err(|e| StartError::Other(e.to_string()))?
                .ok_or_else(|| {
                    StartError::Other(format!(
                        "there is no legislature {legislature:?}: import its members first"
                    ))
                })?;
            let summary = directory::postcodes::import(
                &resources.db,
                l.id,
                bytes.as_slice(),
                &mut progress_bar("postcodes"),
            )
            .await
            .map_err(|e| StartError::Other(format!("import failed: {e}")))?;
            report(&l.slug, &summary.problems, &summary);
            Ok(())
        }
        Command::Export {
            what: ExportWhat::Signatures { slug },
        } => {
            let resources = Resources::open(settings, true).await?;
            let mut out = std::io::stdout().lock();
            crate::campaigns::export(&resources.db, &resources.vault, &slug, &mut out)
                .await
                .map_err(|e| StartError::Other(e.to_string()))?;
            Ok(())
        }
        Command::Admin {
            action:
                AdminAction::Block {
                    kind,
                    value,
                    remove,
                },
        } => {
            use app::petitions::ssr::blocklist;
            let resources = Resources::open(settings, true).await?;
            let db = &resources.db;
            let mut list = blocklist::load(db)
                .await
                .map_err(|e| StartError::Other(e.to_string()))?;
            match (kind.as_str(), value) {
                ("list", _) => {}
                ("email-domain", Some(v)) => {
                    let v = v.trim().trim_start_matches('@').to_ascii_lowercase();
                    if v.is_empty() || !v.contains('.') {
                        return Err(StartError::Other(format!("{v:?} is not a domain")));
                    }
                    list.email_domains.retain(|d| *d != v);
                    if !remove {
                        list.email_domains.push(v);
                    }
                }
                ("ip-range", Some(v)) => {
                    let net: ipnet::IpNet = v
                        .parse()
                        .or_else(|_| v.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                        .map_err(|_| {
                            StartError::Other(format!("{v:?} is not an address or CIDR range"))
                        })?;
                    list.ip_ranges.retain(|r| *r != net);
                    if !remove {
                        list.ip_ranges.push(net);
                    }
                }
                _ => {
                    return Err(StartError::Other(
                        "usage: petrel admin block email-domain|ip-range VALUE [--remove] | list"
                            .into(),
                    ));
                }
            }
            blocklist::save(db, &list)
                .await
                .map_err(|e| StartError::Other(e.to_string()))?;
            for d in &list.email_domains {
                println!("email-domain {d}");
            }
            for r in &list.ip_ranges {
                println!("ip-range {r}");
            }
            Ok(())
        }
        Command::Admin {
            action: AdminAction::Add { email, role },
        } => {
            use app::accounts::ssr::{ADMIN, ORGANIZER, add_user, audit};
            let to = Email::parse(&email).map_err(|e| {
                StartError::Other(format!("{email:?} is not an email address ({e})"))
            })?;
            if role != ADMIN && role != ORGANIZER {
                return Err(StartError::Other(format!(
                    "role {role:?}: use {ADMIN} or {ORGANIZER}"
                )));
            }
            let resources = Resources::open(settings, true).await?;
            let (id, created) = add_user(&resources.db, &resources.vault, &to, &role, None)
                .await
                .map_err(|e| StartError::Other(format!("could not add the account: {e}")))?;
            audit(
                &resources.db,
                None,
                if created { "invite" } else { "role_change" },
                &format!("user:{id}"),
                serde_json::json!({ "role": role, "by": "command line" }),
            )
            .await
            .map_err(|e| StartError::Other(e.to_string()))?;
            println!(
                "{} account {id} ({role}); it signs in at /login with an emailed link",
                if created { "created" } else { "updated" }
            );
            Ok(())
        }
        Command::Admin {
            action: AdminAction::SendTestEmail { address, lang },
        } => {
            let to = Email::parse(&address).map_err(|e| {
                StartError::Other(format!("{address:?} is not an email address ({e})"))
            })?;
            let locale = Locale::from_code(&lang)
                .ok_or_else(|| StartError::Other(format!("unsupported language {lang:?}")))?;
            let resources = Resources::open(settings, true).await?;
            let id = app::ssr::outbox::queue(
                &resources.db,
                &resources.vault,
                app::ssr::outbox::Template::TestMessage,
                locale,
                &to,
                serde_json::Map::new(),
            )
            .await
            .map_err(|e| StartError::Other(format!("could not queue the message: {e}")))?;
            println!("queued test email {id}; a running worker will send it");
            Ok(())
        }
    }
}

/// An import's outcome: the rows it left out on standard error, its summary on standard output.
fn report(
    legislature: &str,
    problems: &[app::directory::ssr::source::Problem],
    summary: &dyn std::fmt::Display,
) {
    for p in problems {
        eprintln!("{}: {}", p.at, p.message);
    }
    println!("{legislature}: {summary}");
}

/// A progress bar on standard error, drawn only when it is a terminal.
fn progress_bar(label: &'static str) -> impl FnMut(usize, usize) + Send {
    use std::io::IsTerminal;
    let terminal = std::io::stderr().is_terminal();
    let mut shown = usize::MAX;
    move |done, total| {
        if !terminal || total == 0 {
            return;
        }
        let percent = done * 100 / total;
        if percent == shown {
            return;
        }
        shown = percent;
        let filled = percent / 4;
        eprint!(
            "\r{label} [{}{}] {done}/{total}",
            "#".repeat(filled),
            "-".repeat(25 - filled)
        );
        if done == total {
            eprintln!();
        }
    }
}

/// `petrel bounce`: one message from standard input.
async fn bounce(settings: Settings) -> Result<(), StartError> {
    use std::io::Read;
    let mut message = Vec::new();
    std::io::stdin()
        .take(10 * 1024 * 1024)
        .read_to_end(&mut message)
        .map_err(|e| StartError::Other(format!("cannot read the message: {e}")))?;
    let soft_limit = settings.lists.soft_bounce_limit;
    let resources = Resources::open(settings, true).await?;
    let said = crate::returns::take(&resources.db, &resources.vault, soft_limit, &message)
        .await
        .map_err(|e| StartError::Other(format!("{e:?}")))?;
    println!("{said}");
    Ok(())
}
