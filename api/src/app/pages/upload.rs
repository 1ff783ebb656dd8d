//! Posted `multipart/form-data` forms (file uploads), read into memory with bounds and
//! CSRF-checked before a handler sees any part, like [`super::form::CsrfForm`].
//!
//! A file over its limit does not fail the request: it is kept as
//! [`UploadedFile::too_large`] so the form can say so next to its field. Only a body far
//! past every limit is refused outright (413).

use actix_multipart::Multipart;
use actix_web::HttpRequest;
use actix_web::web::{Bytes, BytesMut};
use futures_util::StreamExt;

use super::form::check_csrf;
use crate::app::error::ApiError;

/// Text parts beyond this are refused; the largest is a CSV carried between a dry run and
/// its confirmation.
const TEXT_FACTOR: usize = 2;
/// Room for the form's other parts and the multipart framing.
const FRAMING_BYTES: usize = 64 * 1024;

/// One posted file.
#[derive(Debug)]
pub struct UploadedFile {
    /// The file name the browser sent (no folders are trusted), possibly empty.
    pub name: String,
    /// Its bytes; empty when it was too large.
    pub bytes: Bytes,
    /// True when it was larger than the upload's file limit (and so was dropped).
    pub too_large: bool,
}

impl UploadedFile {
    /// True when the browser sent no file for the field (nothing was chosen).
    pub fn is_missing(&self) -> bool {
        !self.too_large && self.bytes.is_empty() && self.name.is_empty()
    }
}

/// A posted multipart form that carried a valid CSRF token.
#[derive(Debug, Default)]
pub struct Upload {
    texts: Vec<(String, String)>,
    files: Vec<(String, UploadedFile)>,
}

fn unreadable(error: impl std::fmt::Display) -> ApiError {
    ApiError::BadRequest(format!("unreadable form: {error}"))
}

impl Upload {
    /// Reads every part of `payload`: files up to `file_limit` bytes each, text up to
    /// twice that; a body past `2 × file_limit` and some framing is refused (413). Then
    /// refuses (403) a form without this device's CSRF token.
    pub async fn read(
        req: &HttpRequest,
        mut payload: Multipart,
        file_limit: usize,
    ) -> Result<Self, ApiError> {
        let body_limit = file_limit * TEXT_FACTOR + FRAMING_BYTES;
        let mut total = 0usize;
        let mut upload = Self::default();
        while let Some(part) = payload.next().await {
            let mut part = part.map_err(unreadable)?;
            let disposition = part.content_disposition().cloned();
            let name = disposition
                .as_ref()
                .and_then(|d| d.get_name())
                .unwrap_or_default()
                .to_owned();
            let filename = disposition
                .as_ref()
                .and_then(|d| d.get_filename())
                .map(str::to_owned);
            let limit = if filename.is_some() {
                file_limit
            } else {
                file_limit * TEXT_FACTOR
            };
            let mut bytes = BytesMut::new();
            let mut too_large = false;
            while let Some(chunk) = part.next().await {
                let chunk = chunk.map_err(unreadable)?;
                total += chunk.len();
                if total > body_limit {
                    return Err(ApiError::PayloadTooLarge { limit: body_limit });
                }
                // Past its limit a file is drained, not kept, so the form can answer.
                too_large |= bytes.len() + chunk.len() > limit;
                if !too_large {
                    bytes.extend_from_slice(&chunk);
                }
            }
            match filename {
                Some(filename) => {
                    let file = UploadedFile {
                        name: filename,
                        bytes: if too_large {
                            Bytes::new()
                        } else {
                            bytes.freeze()
                        },
                        too_large,
                    };
                    upload.files.push((name, file));
                }
                None if too_large => return Err(ApiError::PayloadTooLarge { limit }),
                None => {
                    let text = String::from_utf8(bytes.to_vec()).map_err(unreadable)?;
                    upload.texts.push((name, text));
                }
            }
        }
        check_csrf(req, upload.text("csrf").unwrap_or_default())?;
        Ok(upload)
    }

    /// The text part `name`.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.texts
            .iter()
            .find(|(field, _)| field == name)
            .map(|(_, value)| value.as_str())
    }

    /// The file part `name`, unless the browser sent none.
    pub fn file(&self, name: &str) -> Option<&UploadedFile> {
        self.files
            .iter()
            .find(|(field, file)| field == name && !file.is_missing())
            .map(|(_, file)| file)
    }
}
