//! The `virtual-shelf` command line: `serve` (default), `migrate`, `create-retailer`,
//! `create-user`, so production can be bootstrapped without SQL.

use std::io::BufRead;

use anyhow::Context;
use clap::{Parser, Subcommand};

use crate::config::Settings;
use crate::domain::accounts::Role;
use crate::domain::accounts::users::{self, NewUser};
use crate::domain::retailers::{self, NewRetailer};
use crate::startup::{Application, open_database};
use crate::telemetry;

/// Virtual Shelf API server and admin tasks. Configured by SHELF_* environment variables
/// (see the README).
#[derive(Debug, Parser)]
#[command(name = "virtual-shelf", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the HTTP API (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Create a retailer and print its id.
    CreateRetailer {
        /// Display name.
        #[arg(long)]
        name: String,
        /// ISO 4217 currency, e.g. KRW.
        #[arg(long)]
        currency: String,
        /// IANA time zone, e.g. Asia/Seoul.
        #[arg(long)]
        time_zone: String,
        /// BCP 47 locale, e.g. ko-KR.
        #[arg(long)]
        locale: String,
    },
    /// Create a user; the password is read from the first line of standard input.
    CreateUser {
        /// Login email.
        #[arg(long)]
        email: String,
        /// Display name.
        #[arg(long)]
        name: String,
        /// customer, retailer_admin, operator or platform_admin.
        #[arg(long, value_parser = parse_role)]
        role: Role,
        /// Retailer id, required for retailer_admin and operator.
        #[arg(long)]
        retailer_id: Option<String>,
    },
}

fn parse_role(name: &str) -> Result<Role, String> {
    Role::parse(name)
        .ok_or_else(|| "expected customer, retailer_admin, operator or platform_admin".into())
}

/// Parses arguments and runs the chosen command.
pub fn run() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let settings = Settings::load()?;
    telemetry::init(&settings.log, settings.log_format);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(execute(cli.command.unwrap_or(Command::Serve), settings))
}

async fn execute(command: Command, settings: Settings) -> anyhow::Result<()> {
    match command {
        Command::Serve => {
            Application::build(settings)
                .await?
                .run_until_stopped()
                .await?
        }
        Command::Migrate => {
            open_database(&settings).await?;
        }
        Command::CreateRetailer {
            name,
            currency,
            time_zone,
            locale,
        } => {
            let pool = open_database(&settings).await?;
            let input = NewRetailer {
                name,
                currency,
                time_zone,
                locale,
            };
            let retailer = tokio::task::spawn_blocking(move || {
                let mut conn = pool.get()?;
                retailers::create(&mut conn, &input).map_err(describe)
            })
            .await??;
            println_id(&retailer.id);
        }
        Command::CreateUser {
            email,
            name,
            role,
            retailer_id,
        } => {
            let password = std::io::stdin()
                .lock()
                .lines()
                .next()
                .context("expected the password on standard input")??;
            let pool = open_database(&settings).await?;
            let user = tokio::task::spawn_blocking(move || {
                let mut conn = pool.get()?;
                users::create(
                    &mut conn,
                    &NewUser {
                        email: &email,
                        password: &password,
                        name: &name,
                        role,
                        retailer_id: retailer_id.as_deref(),
                    },
                )
                .map_err(describe)
            })
            .await??;
            println_id(&user.id);
        }
    }
    Ok(())
}

/// Turns a domain error into a message an operator can act on.
fn describe(error: crate::domain::DomainError) -> anyhow::Error {
    use crate::domain::DomainError;
    match error {
        DomainError::Invalid(errors) => anyhow::anyhow!(
            "invalid input: {}",
            errors
                .iter()
                .map(|e| format!("{} {}", e.field, e.message))
                .collect::<Vec<_>>()
                .join("; ")
        ),
        other => anyhow::Error::new(other),
    }
}

/// The created id goes to standard output so scripts can capture it.
#[allow(clippy::print_stdout)]
fn println_id(id: &str) {
    println!("{id}");
}
