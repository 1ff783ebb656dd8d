//! Bulk photos: a ZIP of images named by SKU (`MILK-1L.jpg`, in any folder, the extension
//! `jpg`, `jpeg`, `png` or `webp` in any case), each stored for its product the way a
//! single upload is ([`super::images::store`]), and a report of what matched.
//!
//! An archive is untrusted: it may claim small sizes and unpack into gigabytes (a zip
//! bomb). Entries are counted before anything is read, every entry is read through a cap
//! whatever its header says, and the bytes unpacked in total are capped too.
//!
//! Three steps, so that no database connection is held while photos are decoded:
//! [`live_skus`] (database), [`store`] (CPU and blob store), [`link`] (database).

use std::collections::{BTreeMap, HashMap};
use std::io::{Cursor, Read};

use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use super::images;
use crate::db::schema::products;
use crate::db::{DbConnection, write_transaction};
use crate::domain::{DomainError, ids};
use crate::storage::BlobStore;

/// Most entries (files and folders) an archive may hold.
pub const MAX_ENTRIES: usize = 2_000;
/// Most bytes all entries may unpack into together.
pub const MAX_UNPACKED_BYTES: u64 = 256 * 1024 * 1024;
/// Extensions of the files taken as photos.
const IMAGE_EXTENSIONS: [&str; 4] = ["jpg", "jpeg", "png", "webp"];

/// A photo stored for its product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct MatchedPhoto {
    /// The product's SKU.
    pub sku: String,
    /// The file's path in the archive.
    pub file: String,
}

/// Why a file was not used as a photo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RejectReason {
    /// Its name does not end in `.jpg`, `.jpeg`, `.png` or `.webp`.
    NotAnImageName,
    /// Not a JPEG, PNG or WebP image, damaged, or too large to decode.
    NotAnImage,
    /// More bytes than a single photo upload may have.
    TooLarge,
    /// It cannot be unpacked (encrypted, or compressed with an unsupported method).
    Unreadable,
}

/// A file that was not used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct RejectedFile {
    /// The file's path in the archive.
    pub file: String,
    /// Why.
    pub reason: RejectReason,
}

/// Several files named after one SKU: none of them was used, since which one was meant
/// cannot be told.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct DuplicatePhoto {
    /// The SKU they name.
    pub sku: String,
    /// Their paths in the archive.
    pub files: Vec<String>,
}

/// What a ZIP of photos did. Folders and the hidden files archivers add (`__MACOSX/`,
/// names starting with `.`) are left out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct PhotoZipReport {
    /// Photos stored, each for the product whose SKU names it.
    pub matched: Vec<MatchedPhoto>,
    /// Image files named after no product of the retailer (paths).
    pub unknown_skus: Vec<String>,
    /// Files that are not usable photos.
    pub not_images: Vec<RejectedFile>,
    /// SKUs named by several files; none of those files was used.
    pub duplicates: Vec<DuplicatePhoto>,
}

/// Photos stored and waiting to be linked to their products by [`link`].
#[derive(Debug)]
pub struct StoredPhotos {
    /// The report, as it stands once linked.
    pub report: PhotoZipReport,
    /// (SKU, storage key) of each matched photo.
    links: Vec<(String, String)>,
}

/// SKUs of the retailer's live products, the names a photo may carry.
pub fn live_skus(conn: &mut DbConnection, retailer_id: &str) -> Result<Vec<String>, DomainError> {
    Ok(products::table
        .filter(products::retailer_id.eq(retailer_id))
        .filter(products::deleted_at.is_null())
        .select(products::sku)
        .load(conn)?)
}

fn not_a_zip(message: impl Into<String>) -> DomainError {
    DomainError::invalid("file", message)
}

/// Reads `zip`, matches its images to `skus` and stores every matched photo (normalized
/// as [`images::store`] does) in `blobs`. Each entry may unpack into at most
/// `entry_limit` bytes. Fails (field `file`) when `zip` is not a ZIP archive, holds more
/// than [`MAX_ENTRIES`] entries or unpacks into more than [`MAX_UNPACKED_BYTES`].
pub fn store(
    blobs: &dyn BlobStore,
    zip: &[u8],
    skus: &[String],
    entry_limit: u64,
) -> Result<StoredPhotos, DomainError> {
    let mut archive =
        zip::ZipArchive::new(Cursor::new(zip)).map_err(|_| not_a_zip("is not a ZIP archive"))?;
    if archive.len() > MAX_ENTRIES {
        return Err(not_a_zip(format!("holds more than {MAX_ENTRIES} files")));
    }
    let by_name = SkuNames::new(skus);
    let mut report = PhotoZipReport::default();
    // First the names, from the central directory: nothing is unpacked for a file that
    // will not be used. SKU → (entry index, path) of the files naming it.
    let mut candidates: BTreeMap<&str, Vec<(usize, String)>> = BTreeMap::new();
    for index in 0..archive.len() {
        let file = match archive.name_for_index(index) {
            Some(Ok(name)) => name.into_owned(),
            _ => {
                // A name that cannot be decoded is reported by its place in the archive.
                report.not_images.push(RejectedFile {
                    file: format!("#{}", index + 1),
                    reason: RejectReason::Unreadable,
                });
                continue;
            }
        };
        if file.ends_with('/') || is_archiver_litter(&file) {
            continue;
        }
        match image_stem(&file).map(|stem| by_name.find(stem)) {
            None => report.not_images.push(RejectedFile {
                file,
                reason: RejectReason::NotAnImageName,
            }),
            Some(None) => report.unknown_skus.push(file),
            Some(Some(sku)) => candidates.entry(sku).or_default().push((index, file)),
        }
    }
    // Then each photo, one at a time, through the caps.
    let mut unpacked = 0u64;
    let mut links = Vec::new();
    for (sku, mut files) in candidates {
        if files.len() > 1 {
            report.duplicates.push(DuplicatePhoto {
                sku: sku.to_owned(),
                files: files.into_iter().map(|(_, file)| file).collect(),
            });
            continue;
        }
        let Some((index, file)) = files.pop() else {
            continue;
        };
        let mut bytes = Vec::new();
        // The header's size may lie: read through the cap and count what really came out.
        let read = archive
            .by_index(index)
            .map(|entry| entry.take(entry_limit + 1).read_to_end(&mut bytes).is_ok());
        unpacked += bytes.len() as u64;
        if unpacked > MAX_UNPACKED_BYTES {
            return Err(not_a_zip(format!(
                "unpacks into more than {} MB",
                MAX_UNPACKED_BYTES / (1024 * 1024)
            )));
        }
        let rejected = match read {
            Ok(true) if bytes.len() as u64 > entry_limit => Some(RejectReason::TooLarge),
            Ok(true) => match images::store(blobs, &bytes) {
                Ok(key) => {
                    links.push((sku.to_owned(), key));
                    None
                }
                Err(DomainError::Invalid(_)) => Some(RejectReason::NotAnImage),
                Err(other) => return Err(other),
            },
            Ok(false) | Err(_) => Some(RejectReason::Unreadable),
        };
        match rejected {
            Some(reason) => report.not_images.push(RejectedFile { file, reason }),
            None => report.matched.push(MatchedPhoto {
                sku: sku.to_owned(),
                file,
            }),
        }
    }
    report.unknown_skus.sort();
    report.not_images.sort_by(|a, b| a.file.cmp(&b.file));
    Ok(StoredPhotos { report, links })
}

/// Points each matched product at its stored photo, in one transaction, and returns the
/// final report. A product deleted since [`live_skus`] is reported as unknown.
pub fn link(
    conn: &mut DbConnection,
    retailer_id: &str,
    stored: StoredPhotos,
) -> Result<PhotoZipReport, DomainError> {
    let StoredPhotos { mut report, links } = stored;
    let now = ids::now();
    let gone: Vec<String> = write_transaction(conn, |conn| {
        let mut gone = Vec::new();
        for (sku, key) in &links {
            let updated = diesel::update(
                products::table
                    .filter(products::retailer_id.eq(retailer_id))
                    .filter(products::sku.eq(sku))
                    .filter(products::deleted_at.is_null()),
            )
            .set((products::image_key.eq(key), products::updated_at.eq(now)))
            .execute(conn)?;
            if updated == 0 {
                gone.push(sku.clone());
            }
        }
        Ok::<_, DomainError>(gone)
    })?;
    if !gone.is_empty() {
        let (kept, lost): (Vec<_>, Vec<_>) = report
            .matched
            .into_iter()
            .partition(|photo| !gone.contains(&photo.sku));
        report.matched = kept;
        report
            .unknown_skus
            .extend(lost.into_iter().map(|photo| photo.file));
        report.unknown_skus.sort();
    }
    Ok(report)
}

/// Files archivers add beside the real ones (macOS resource forks and folder settings).
fn is_archiver_litter(path: &str) -> bool {
    path.starts_with("__MACOSX/") || file_name(path).starts_with('.')
}

fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

/// The name of a photo file without folders and extension, if its extension is an
/// image's.
fn image_stem(path: &str) -> Option<&str> {
    let (stem, extension) = file_name(path).rsplit_once('.')?;
    IMAGE_EXTENSIONS
        .iter()
        .any(|known| extension.eq_ignore_ascii_case(known))
        .then_some(stem)
}

/// SKUs by the names files give them: exactly, or else ignoring ASCII case when that
/// names one SKU only (file systems and people change case; SKUs may differ by it).
struct SkuNames<'a> {
    exact: HashMap<&'a str, &'a str>,
    folded: HashMap<String, Vec<&'a str>>,
}

impl<'a> SkuNames<'a> {
    fn new(skus: &'a [String]) -> Self {
        let mut folded: HashMap<String, Vec<&str>> = HashMap::new();
        for sku in skus {
            folded
                .entry(sku.to_ascii_lowercase())
                .or_default()
                .push(sku);
        }
        Self {
            exact: skus.iter().map(|s| (s.as_str(), s.as_str())).collect(),
            folded,
        }
    }

    fn find(&self, name: &str) -> Option<&'a str> {
        if let Some(sku) = self.exact.get(name) {
            return Some(sku);
        }
        match self.folded.get(&name.to_ascii_lowercase())?.as_slice() {
            [only] => Some(only),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;
    use crate::storage::StorageError;

    #[derive(Debug, Default)]
    struct Memory(std::sync::Mutex<HashMap<String, Vec<u8>>>);

    impl BlobStore for Memory {
        fn put(&self, key: &str, bytes: &[u8]) -> Result<(), StorageError> {
            if let Ok(mut blobs) = self.0.lock() {
                blobs.insert(key.to_owned(), bytes.to_vec());
            }
            Ok(())
        }

        fn get(&self, key: &str) -> Result<Option<Vec<u8>>, StorageError> {
            Ok(self.0.lock().ok().and_then(|blobs| blobs.get(key).cloned()))
        }
    }

    fn png() -> Vec<u8> {
        let mut bytes = Vec::new();
        image::DynamicImage::new_rgb8(4, 3)
            .write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Png)
            .expect("encode");
        bytes
    }

    fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, bytes) in files {
            writer
                .start_file(*name, zip::write::SimpleFileOptions::default())
                .expect("start");
            writer.write_all(bytes).expect("write");
        }
        writer.finish().expect("finish").into_inner()
    }

    #[test]
    fn matches_names_and_reports_the_rest() {
        let photo = png();
        let zip = zip_of(&[
            ("shop/MILK-1L.jpg", &photo),
            ("egg-10.PNG", &photo),
            ("NOPE.webp", &photo),
            ("notes.txt", b"hello"),
            ("BREAD.jpeg", b"not really a jpeg"),
            ("a/TEA.png", &photo),
            ("b/tea.jpg", &photo),
            ("__MACOSX/shop/._MILK-1L.jpg", b"fork"),
        ]);
        let skus: Vec<String> = ["MILK-1L", "EGG-10", "BREAD", "TEA"]
            .map(String::from)
            .to_vec();
        let blobs = Memory::default();
        let stored = store(&blobs, &zip, &skus, 1024 * 1024).expect("stored");
        let report = stored.report;
        assert_eq!(
            report.matched,
            [
                MatchedPhoto {
                    sku: "EGG-10".into(),
                    file: "egg-10.PNG".into()
                },
                MatchedPhoto {
                    sku: "MILK-1L".into(),
                    file: "shop/MILK-1L.jpg".into()
                },
            ]
        );
        assert_eq!(report.unknown_skus, ["NOPE.webp"]);
        assert_eq!(
            report.not_images,
            [
                RejectedFile {
                    file: "BREAD.jpeg".into(),
                    reason: RejectReason::NotAnImage
                },
                RejectedFile {
                    file: "notes.txt".into(),
                    reason: RejectReason::NotAnImageName
                },
            ]
        );
        assert_eq!(
            report.duplicates,
            [DuplicatePhoto {
                sku: "TEA".into(),
                files: vec!["a/TEA.png".into(), "b/tea.jpg".into()]
            }]
        );
        assert_eq!(stored.links.len(), 2);
        for (_, key) in &stored.links {
            assert!(blobs.get(key).expect("get").is_some(), "{key}");
        }
    }

    #[test]
    fn caps_what_an_archive_unpacks() {
        // 2 MB of zeros compress to a few kilobytes: the cap counts unpacked bytes.
        let zeros = vec![0u8; 2 * 1024 * 1024];
        let zip = zip_of(&[("MILK.png", &zeros)]);
        assert!(zip.len() < 64 * 1024);
        let skus = vec!["MILK".to_owned()];
        let report = store(&Memory::default(), &zip, &skus, 1024 * 1024)
            .expect("read")
            .report;
        assert_eq!(
            report.not_images,
            [RejectedFile {
                file: "MILK.png".into(),
                reason: RejectReason::TooLarge
            }]
        );
        let many: Vec<(String, &[u8])> = (0..=MAX_ENTRIES)
            .map(|i| (format!("{i}.txt"), &b""[..]))
            .collect();
        let many: Vec<(&str, &[u8])> = many.iter().map(|(n, b)| (n.as_str(), *b)).collect();
        assert!(matches!(
            store(&Memory::default(), &zip_of(&many), &skus, 1024),
            Err(DomainError::Invalid(_))
        ));
        assert!(matches!(
            store(&Memory::default(), b"PK not a zip", &skus, 1024),
            Err(DomainError::Invalid(_))
        ));
    }
}
