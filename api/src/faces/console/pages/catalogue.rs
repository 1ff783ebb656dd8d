//! View models of the catalogue: the list, a product's page (its form or, for operators,
//! its values; its photo), the CSV import with its dry run, the ZIP of photos' report.

use std::collections::HashMap;

use askama::Template;
use serde::Deserialize;

use super::Nav;
use crate::app::pages::render::FieldErrors;
use crate::app::pages::staff::StaffFrame;
use crate::domain::FieldError;
use crate::domain::accounts::{Principal, Role};
use crate::domain::catalog::import::ImportReport;
use crate::domain::catalog::input::PriceField;
use crate::domain::catalog::photo_zip::{PhotoZipReport, RejectReason};
use crate::domain::catalog::{Product, ProductInput, products};
use crate::domain::money;
use crate::domain::retailers::Retailer;
use crate::faces::console::i18n::catalogue::{self, CatalogueStrings};

/// What every catalogue page shows besides the staff frame and the header's links.
struct Area {
    c: &'static CatalogueStrings,
    retailer: String,
    /// `/console/r/{rid}/products`, the base of the area's links.
    base: String,
    read_only: bool,
}

impl Area {
    /// The area's part of a page, and the header's links.
    fn new(frame: &StaffFrame, user: &Principal, retailer: &Retailer) -> (Self, Nav) {
        let area = Self {
            c: catalogue::strings(frame.language()),
            retailer: retailer.name.clone(),
            base: format!("/console/r/{}/products", retailer.id),
            read_only: user.role == Role::Operator,
        };
        (area, Nav::new(user, retailer, "products"))
    }
}

/// A product's row.
pub struct ProductRow {
    sku: String,
    name: String,
    price: String,
    available: i64,
    active: bool,
}

/// The catalogue list.
#[derive(Template)]
#[template(path = "console_products.html")]
pub struct ProductsPage {
    frame: StaffFrame,
    nav: Nav,
    area: Area,
    search: String,
    paged: bool,
    rows: Vec<ProductRow>,
    next_after: Option<String>,
}

impl ProductsPage {
    /// One page of the catalogue, as searched.
    pub fn new(
        frame: StaffFrame,
        user: &Principal,
        retailer: &Retailer,
        search: String,
        paged: bool,
        page: products::Page,
    ) -> Self {
        let locale = frame.language().locale();
        let (area, nav) = Area::new(&frame, user, retailer);
        Self {
            rows: page
                .items
                .iter()
                .map(|product| ProductRow {
                    sku: product.sku.clone(),
                    name: product.name.clone(),
                    price: money::format(product.price_minor, &retailer.currency, locale),
                    available: product.available(),
                    active: product.active,
                })
                .collect(),
            frame,
            nav,
            area,
            search,
            paged,
            next_after: page.next_after,
        }
    }
}

/// A product's form as posted, and as shown again: what was typed, kept as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ProductForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    price: String,
    #[serde(default)]
    stock_on_hand: String,
    #[serde(default)]
    gtin: String,
    /// Sent only when the box is ticked.
    active: Option<String>,
}

impl ProductForm {
    /// The form filled with what is stored; the price as a plain amount (`2500`, `3.90`).
    pub fn of(product: &Product, currency: &str) -> Self {
        let digits = shelf_generator::money::minor_digits(currency).unwrap_or(0);
        let scale = 10i64.pow(digits);
        let price = if digits == 0 {
            product.price_minor.to_string()
        } else {
            format!(
                "{}.{:0width$}",
                product.price_minor / scale,
                product.price_minor % scale,
                width = digits as usize
            )
        };
        Self {
            name: product.name.clone(),
            description: product.description.clone(),
            price,
            stock_on_hand: product.stock_on_hand.to_string(),
            gtin: product.gtin.clone().unwrap_or_default(),
            active: product.active.then(|| "on".to_owned()),
        }
    }

    /// The domain's input for product `sku`, and the fields that could not even be read
    /// as numbers (named as the form names them).
    pub fn input(&self, sku: &str, currency: &str) -> (ProductInput, Vec<FieldError>) {
        let mut unreadable = Vec::new();
        let price_minor = money::parse_amount(&self.price, currency);
        if price_minor.is_none() {
            unreadable.push(FieldError::new("price", "is not an amount"));
        }
        let stock: String = self
            .stock_on_hand
            .chars()
            .filter(|c| !c.is_whitespace() && *c != ',')
            .collect();
        let stock_on_hand = stock.parse::<i64>().ok();
        if stock_on_hand.is_none() {
            unreadable.push(FieldError::new("stock_on_hand", "is not a whole number"));
        }
        let input = ProductInput {
            sku: sku.to_owned(),
            gtin: Some(Some(self.gtin.clone())),
            name: Some(self.name.clone()),
            // Browsers post a textarea's line ends as CRLF; the catalogue keeps LF.
            description: Some(self.description.replace("\r\n", "\n")),
            price_minor,
            stock_on_hand,
            active: Some(self.active.is_some()),
            price_field: PriceField::Object,
        };
        (input, unreadable)
    }
}

/// A product's field errors in the page's words.
pub fn product_errors(errors: &[FieldError], c: &'static CatalogueStrings) -> FieldErrors {
    FieldErrors::worded(errors, |error| match error.field.as_str() {
        "name" => c.err_name,
        "description" => c.err_description,
        "price" | "price_minor" => c.err_price,
        "stock_on_hand" => c.err_stock,
        "gtin" => c.err_gtin,
        _ => c.err_field,
    })
}

/// What a product page says after a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProductNotice {
    /// The fields were saved.
    Saved,
    /// The photo was saved.
    PhotoSaved,
}

/// A product's page: its form (or its values, for operators) and its photo.
#[derive(Template)]
#[template(path = "console_product.html")]
pub struct ProductPage {
    frame: StaffFrame,
    nav: Nav,
    area: Area,
    sku: String,
    /// The stored name, for the title (the form may hold another).
    title: String,
    /// "Price (KRW)".
    price_label: String,
    price: String,
    reserved: i64,
    form: ProductForm,
    errors: FieldErrors,
    notice: Option<&'static str>,
    photo_url: Option<String>,
    photo_error: Option<&'static str>,
    photo_limit_mb: usize,
}

impl ProductPage {
    /// The page of `product`; `form` is what to show in the form (what was typed when
    /// `errors` or `photo_error` say why it was not saved).
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        frame: StaffFrame,
        user: &Principal,
        retailer: &Retailer,
        product: &Product,
        form: ProductForm,
        errors: FieldErrors,
        notice: Option<ProductNotice>,
        photo_error: Option<&'static str>,
        photo_limit: usize,
    ) -> Self {
        let (area, nav) = Area::new(&frame, user, retailer);
        let c = area.c;
        let locale = frame.language().locale();
        Self {
            sku: product.sku.clone(),
            title: product.name.clone(),
            price_label: format!("{} ({})", frame.t.price, retailer.currency),
            price: money::format(product.price_minor, &retailer.currency, locale),
            reserved: product.reserved,
            form,
            errors,
            notice: notice.map(|notice| match notice {
                ProductNotice::Saved => c.saved,
                ProductNotice::PhotoSaved => c.photo_saved,
            }),
            photo_url: product
                .image_key
                .as_ref()
                .map(|key| format!("/media/{key}")),
            photo_error,
            photo_limit_mb: photo_limit / (1024 * 1024),
            frame,
            nav,
            area,
        }
    }
}

/// One bad field of a CSV, as the dry run's table shows it.
pub struct BadField {
    line: String,
    sku: String,
    field: String,
    message: &'static str,
}

/// A CSV problem in the page's words: by the field it concerns, since the domain's own
/// messages are English for API clients.
fn csv_message(error: &FieldError, c: &'static CatalogueStrings) -> &'static str {
    if error.row == Some(1) {
        return c.msg_header;
    }
    match error.field.as_str() {
        "row" => c.msg_row,
        "sku" => c.msg_sku,
        "name" => c.msg_name,
        "description" => c.err_description,
        "price_minor" => c.msg_price_minor,
        "stock_on_hand" => c.err_stock,
        "gtin" => c.err_gtin,
        "active" => c.msg_active,
        _ => c.msg_file,
    }
}

/// Where the import stands.
pub enum ImportStage {
    /// The upload form.
    Form {
        /// Why the last upload was not read.
        file_error: Option<&'static str>,
    },
    /// The dry run found every row valid: its counts, and the CSV to post again
    /// (base64) with the confirmation.
    Checked {
        /// What the import would do.
        report: ImportReport,
        /// The checked file, base64.
        csv: String,
    },
    /// Rows to fix: the domain's errors, and the CSV's SKU of each row.
    Bad {
        /// Every problem found.
        errors: Vec<FieldError>,
        /// SKU by row number.
        skus: HashMap<usize, String>,
    },
    /// The import was written.
    Done(ImportReport),
}

/// The CSV import.
#[derive(Template)]
#[template(path = "console_import.html")]
pub struct ImportPage {
    frame: StaffFrame,
    nav: Nav,
    area: Area,
    file_error: Option<&'static str>,
    report: Option<ImportReport>,
    csv: Option<String>,
    bad: Vec<BadField>,
    done: bool,
    limit_mb: usize,
}

impl ImportPage {
    /// The import at `stage`.
    pub fn new(
        frame: StaffFrame,
        user: &Principal,
        retailer: &Retailer,
        stage: ImportStage,
        limit: usize,
    ) -> Self {
        let (area, nav) = Area::new(&frame, user, retailer);
        let c = area.c;
        let mut view = Self {
            frame,
            nav,
            area,
            file_error: None,
            report: None,
            csv: None,
            bad: Vec::new(),
            done: false,
            limit_mb: limit / (1024 * 1024),
        };
        match stage {
            ImportStage::Form { file_error } => view.file_error = file_error,
            ImportStage::Checked { report, csv } => {
                view.report = Some(report);
                view.csv = Some(csv);
            }
            ImportStage::Bad { errors, skus } => {
                view.bad = errors
                    .iter()
                    .map(|error| BadField {
                        line: error.row.map_or_else(String::new, |row| row.to_string()),
                        sku: error
                            .row
                            .and_then(|row| skus.get(&row))
                            .cloned()
                            .unwrap_or_default(),
                        field: error.field.clone(),
                        message: csv_message(error, c),
                    })
                    .collect();
            }
            ImportStage::Done(report) => {
                view.report = Some(report);
                view.done = true;
            }
        }
        view
    }
}

/// A file of the ZIP that was not used, and why in the page's words.
pub struct RejectedRow {
    file: String,
    reason: &'static str,
}

/// The ZIP of photos: its form and, after an upload, its report.
#[derive(Template)]
#[template(path = "console_import_photos.html")]
pub struct PhotosPage {
    frame: StaffFrame,
    nav: Nav,
    area: Area,
    file_error: Option<&'static str>,
    report: Option<PhotoZipReport>,
    rejected: Vec<RejectedRow>,
    limit_mb: usize,
}

impl PhotosPage {
    /// The form, with why the last upload was refused, or the report of one.
    pub fn new(
        frame: StaffFrame,
        user: &Principal,
        retailer: &Retailer,
        outcome: Result<Option<PhotoZipReport>, &'static str>,
        limit: usize,
    ) -> Self {
        let (area, nav) = Area::new(&frame, user, retailer);
        let c = area.c;
        let (report, file_error) = match outcome {
            Ok(report) => (report, None),
            Err(message) => (None, Some(message)),
        };
        let rejected = report
            .iter()
            .flat_map(|report| &report.not_images)
            .map(|rejected| RejectedRow {
                file: rejected.file.clone(),
                reason: match rejected.reason {
                    RejectReason::NotAnImageName => c.reason_name,
                    RejectReason::NotAnImage => c.err_not_image,
                    RejectReason::TooLarge => c.err_too_large,
                    RejectReason::Unreadable => c.reason_unreadable,
                },
            })
            .collect();
        Self {
            frame,
            nav,
            area,
            file_error,
            report,
            rejected,
            limit_mb: limit / (1024 * 1024),
        }
    }
}
