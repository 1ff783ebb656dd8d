//! The crate's one error type.

use std::path::PathBuf;

use crate::preflight::Report;

/// Everything that can go wrong between a spec and a rendered or checked poster.
///
/// Messages name the offending field (`slots[3].price.currency`) or file and say why, so
/// the CLI can print them as they are and the API can map them to field errors.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The spec could not be read as JSON or TOML.
    #[error("could not read the poster spec: {0}")]
    Parse(String),
    /// A field of the spec holds a value the generator cannot use.
    #[error("{field}: {message}")]
    Invalid {
        /// Path of the field, e.g. `slots[2].url`.
        field: String,
        /// Why the value is not usable.
        message: String,
    },
    /// The preflight found problems that make the poster unfit to print.
    #[error("preflight refused the poster:\n{0}")]
    Refused(Report),
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file in question.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// Turning the laid-out poster into PDF, PNG or SVG failed.
    #[error("rendering failed: {0}")]
    Render(String),
    /// Reading a rendered poster back for decoding failed.
    #[error("checking failed: {0}")]
    Check(String),
}

impl Error {
    pub(crate) fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }

    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Self::Io {
            path: path.into(),
            source,
        }
    }
}

/// Result with the crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
