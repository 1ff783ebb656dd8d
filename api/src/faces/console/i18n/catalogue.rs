//! The catalogue's strings: the list's tools, a product's page and photo, the CSV import
//! with its dry run, the ZIP of photos.

use crate::app::pages::i18n::Lang;

/// Every fixed text of the catalogue pages, in one language.
#[derive(Debug)]
pub struct CatalogueStrings {
    /// Link from the list to the CSV import.
    pub import_link: &'static str,
    /// Link from the list to the ZIP of photos.
    pub photos_link: &'static str,
    /// Link from the list to the CSV export.
    pub export_link: &'static str,
    /// Label of the list's links.
    pub actions: &'static str,
    /// Link back to the list.
    pub back: &'static str,
    /// Heading of a product's fields.
    pub details: &'static str,
    /// Label: description.
    pub description: &'static str,
    /// Hint under the price.
    pub price_hint: &'static str,
    /// Label: stock on hand.
    pub stock_on_hand: &'static str,
    /// Hint under the stock.
    pub stock_hint: &'static str,
    /// Units reserved by orders.
    pub reserved: &'static str,
    /// Label: GTIN.
    pub gtin: &'static str,
    /// Hint under the GTIN.
    pub gtin_hint: &'static str,
    /// Button that saves a product.
    pub save: &'static str,
    /// Notice after a save.
    pub saved: &'static str,
    /// Summary above a form with errors.
    pub not_saved: &'static str,
    /// A bad name.
    pub err_name: &'static str,
    /// A bad description.
    pub err_description: &'static str,
    /// A bad price.
    pub err_price: &'static str,
    /// A bad stock count.
    pub err_stock: &'static str,
    /// A bad GTIN.
    pub err_gtin: &'static str,
    /// Any other bad value.
    pub err_field: &'static str,
    /// Heading and label of the photo.
    pub photo: &'static str,
    /// No photo yet.
    pub no_photo: &'static str,
    /// Alternative text of the current photo.
    pub photo_alt: &'static str,
    /// Label of the photo file input.
    pub photo_file: &'static str,
    /// Before a size limit.
    pub up_to: &'static str,
    /// Button that uploads a photo.
    pub upload_photo: &'static str,
    /// Notice after a photo upload.
    pub photo_saved: &'static str,
    /// No file was chosen.
    pub err_no_file: &'static str,
    /// A file that is no usable image.
    pub err_not_image: &'static str,
    /// A file over the limit.
    pub err_too_large: &'static str,
    /// Title of the CSV import.
    pub import_title: &'static str,
    /// How the CSV is laid out.
    pub import_intro: &'static str,
    /// Label of the CSV file input.
    pub csv_file: &'static str,
    /// Button that checks a CSV.
    pub check_button: &'static str,
    /// Heading of the dry run.
    pub check_title: &'static str,
    /// The dry run found no problem.
    pub file_ok: &'static str,
    /// Count: rows.
    pub rows_read: &'static str,
    /// Count: new products.
    pub creates: &'static str,
    /// Count: changed products.
    pub updates: &'static str,
    /// Count: unchanged products.
    pub unchanged: &'static str,
    /// Button that imports.
    pub confirm_button: &'static str,
    /// The dry run found problems.
    pub bad_rows: &'static str,
    /// Column: line number.
    pub line: &'static str,
    /// Column: field.
    pub field: &'static str,
    /// Column: problem.
    pub problem: &'static str,
    /// Notice after an import.
    pub imported: &'static str,
    /// Link from the dry run back to the upload form.
    pub another_file: &'static str,
    /// A bad header row.
    pub msg_header: &'static str,
    /// An unreadable line.
    pub msg_row: &'static str,
    /// A bad SKU.
    pub msg_sku: &'static str,
    /// A bad or missing name.
    pub msg_name: &'static str,
    /// A bad or missing price.
    pub msg_price_minor: &'static str,
    /// A bad active flag.
    pub msg_active: &'static str,
    /// A file with no products.
    pub msg_file: &'static str,
    /// Title of the ZIP of photos.
    pub photos_title: &'static str,
    /// What the ZIP holds.
    pub photos_intro: &'static str,
    /// Label of the ZIP file input.
    pub zip_file: &'static str,
    /// Button that uploads a ZIP.
    pub upload_zip: &'static str,
    /// Heading of the ZIP's report.
    pub report_title: &'static str,
    /// Heading: photos stored.
    pub matched: &'static str,
    /// Heading: no such SKU.
    pub unknown: &'static str,
    /// Heading: files not used.
    pub not_images: &'static str,
    /// Heading: several files for a SKU.
    pub duplicates: &'static str,
    /// Column: file.
    pub file: &'static str,
    /// Column: why.
    pub reason: &'static str,
    /// A file that is not named as an image.
    pub reason_name: &'static str,
    /// A file that cannot be unpacked.
    pub reason_unreadable: &'static str,
    /// A file that is no usable ZIP.
    pub err_zip: &'static str,
    /// An empty list.
    pub none: &'static str,
}

static EN: CatalogueStrings = CatalogueStrings {
    import_link: "Import CSV",
    photos_link: "Photos from a ZIP",
    export_link: "Download CSV",
    actions: "Catalogue tools",
    back: "Back to the catalogue",
    details: "Product details",
    description: "Description",
    price_hint: "As on the shelf, e.g. 2,500",
    stock_on_hand: "Stock on hand",
    stock_hint: "Units in the warehouse; what orders reserve is counted apart.",
    reserved: "Reserved by orders",
    gtin: "GTIN (barcode)",
    gtin_hint: "8, 12, 13 or 14 digits; empty for none.",
    save: "Save",
    saved: "Saved.",
    not_saved: "Nothing was saved. Fix the fields marked below.",
    err_name: "Enter a name of 1 to 200 characters.",
    err_description: "Keep the description within 4,000 characters.",
    err_price: "Enter a price of 0 or more, e.g. 2,500.",
    err_stock: "Enter a whole number from 0 to 1,000,000,000.",
    err_gtin: "Enter 8, 12, 13 or 14 digits with a correct check digit.",
    err_field: "Check this value.",
    photo: "Photo",
    no_photo: "No photo yet.",
    photo_alt: "Current photo of",
    photo_file: "New photo (JPEG, PNG or WebP)",
    up_to: "Up to",
    upload_photo: "Upload photo",
    photo_saved: "Photo saved.",
    err_no_file: "Choose a file.",
    err_not_image: "This file is not a JPEG, PNG or WebP image, or it is damaged.",
    err_too_large: "This file is too large.",
    import_title: "Import products from CSV",
    import_intro: "A header row, then one product a line. Columns in any order: sku (required), name, description, price_minor (whole minor units: won, cents), stock_on_hand, gtin, active (true or false). New products need a name and a price; columns left out keep what is stored. You first see what would change: nothing is written until you import.",
    csv_file: "CSV file (UTF-8)",
    check_button: "Check the file",
    check_title: "Check before importing",
    file_ok: "Every row is valid. Nothing is written until you import.",
    rows_read: "Rows",
    creates: "New products",
    updates: "Changed products",
    unchanged: "Unchanged",
    confirm_button: "Import",
    bad_rows: "Nothing can be imported yet: fix these rows in the file and check it again.",
    line: "Line",
    field: "Field",
    problem: "Problem",
    imported: "Imported.",
    another_file: "Check another file",
    msg_header: "Header row: every column must be one of sku, name, description, price_minor, stock_on_hand, gtin, active, image, each once; sku is required.",
    msg_row: "This line cannot be read: its number of fields differs from the header's, or it is not UTF-8 text.",
    msg_sku: "SKU: 1 to 64 letters, digits, '.', '_' or '-', once per file.",
    msg_name: "Name: 1 to 200 characters; a new product needs one.",
    msg_price_minor: "Price in whole minor units (won, cents), 0 or more; a new product needs one.",
    msg_active: "On sale: true or false (or 1/0, yes/no).",
    msg_file: "The file holds no products or cannot be read as CSV.",
    photos_title: "Photos from a ZIP",
    photos_intro: "A ZIP of JPEG, PNG or WebP photos, each named by its product's SKU (MILK-1L.jpg), in any folders. Each photo replaces the product's current one.",
    zip_file: "ZIP file",
    upload_zip: "Upload photos",
    report_title: "What the ZIP held",
    matched: "Photos stored",
    unknown: "No product with this SKU",
    not_images: "Files not used",
    duplicates: "Several files for one SKU (none used)",
    file: "File",
    reason: "Why",
    reason_name: "Not a .jpg, .jpeg, .png or .webp file.",
    reason_unreadable: "Cannot be unpacked (encrypted, or an unsupported compression).",
    err_zip: "This is not a ZIP file, or it holds too many files or too much data.",
    none: "None.",
};

static KO: CatalogueStrings = CatalogueStrings {
    import_link: "CSV 가져오기",
    photos_link: "ZIP으로 사진 올리기",
    export_link: "CSV 내려받기",
    actions: "상품 관리 도구",
    back: "상품 목록으로",
    details: "상품 정보",
    description: "설명",
    price_hint: "매대에 붙는 가격, 예: 2,500",
    stock_on_hand: "보유 재고",
    stock_hint: "창고에 있는 수량입니다. 주문으로 예약된 수량은 따로 셉니다.",
    reserved: "주문 예약 수량",
    gtin: "GTIN(바코드)",
    gtin_hint: "8·12·13·14자리 숫자, 없으면 비워 두세요.",
    save: "저장",
    saved: "저장했습니다.",
    not_saved: "저장하지 않았습니다. 아래 표시된 항목을 고쳐 주세요.",
    err_name: "상품명을 1~200자로 입력해 주세요.",
    err_description: "설명은 4,000자 이내로 입력해 주세요.",
    err_price: "0 이상의 가격을 입력해 주세요. 예: 2,500",
    err_stock: "0~1,000,000,000 사이의 정수를 입력해 주세요.",
    err_gtin: "검증 숫자가 맞는 8·12·13·14자리 숫자를 입력해 주세요.",
    err_field: "이 값을 확인해 주세요.",
    photo: "사진",
    no_photo: "아직 사진이 없습니다.",
    photo_alt: "현재 사진:",
    photo_file: "새 사진(JPEG, PNG, WebP)",
    up_to: "최대",
    upload_photo: "사진 올리기",
    photo_saved: "사진을 저장했습니다.",
    err_no_file: "파일을 선택해 주세요.",
    err_not_image: "JPEG, PNG, WebP 이미지가 아니거나 손상된 파일입니다.",
    err_too_large: "파일이 너무 큽니다.",
    import_title: "CSV로 상품 가져오기",
    import_intro: "첫 줄은 머리글, 그다음 한 줄에 상품 하나입니다. 열 순서는 자유: sku(필수), name, description, price_minor(최소 단위 정수: 원, 센트), stock_on_hand, gtin, active(true 또는 false). 새 상품에는 name과 price_minor가 필요하고, 빠진 열은 저장된 값을 유지합니다. 먼저 무엇이 바뀌는지 보여 드리며, 가져오기를 누르기 전에는 아무것도 저장되지 않습니다.",
    csv_file: "CSV 파일(UTF-8)",
    check_button: "파일 검사",
    check_title: "가져오기 전 검사",
    file_ok: "모든 행이 올바릅니다. 가져오기를 누르기 전에는 아무것도 저장되지 않습니다.",
    rows_read: "행 수",
    creates: "새 상품",
    updates: "변경되는 상품",
    unchanged: "변경 없음",
    confirm_button: "가져오기",
    bad_rows: "아직 가져올 수 없습니다. 파일에서 아래 행을 고친 뒤 다시 검사해 주세요.",
    line: "줄",
    field: "항목",
    problem: "문제",
    imported: "가져왔습니다.",
    another_file: "다른 파일 검사",
    msg_header: "머리글: 열은 sku, name, description, price_minor, stock_on_hand, gtin, active, image 중 하나여야 하고 한 번씩만 쓸 수 있으며, sku는 필수입니다.",
    msg_row: "이 줄을 읽을 수 없습니다. 항목 수가 머리글과 다르거나 UTF-8 텍스트가 아닙니다.",
    msg_sku: "SKU: 영문·숫자·'.'·'_'·'-' 1~64자, 파일 안에서 한 번만.",
    msg_name: "상품명: 1~200자, 새 상품에는 필수입니다.",
    msg_price_minor: "가격: 최소 단위(원, 센트)의 0 이상 정수, 새 상품에는 필수입니다.",
    msg_active: "판매 여부: true 또는 false(1/0, yes/no도 가능).",
    msg_file: "상품이 없거나 CSV로 읽을 수 없는 파일입니다.",
    photos_title: "ZIP으로 사진 올리기",
    photos_intro: "상품 SKU를 파일명으로 한 JPEG, PNG, WebP 사진(예: MILK-1L.jpg)을 담은 ZIP 파일입니다. 폴더 구조는 상관없으며, 각 사진은 상품의 현재 사진을 대체합니다.",
    zip_file: "ZIP 파일",
    upload_zip: "사진 올리기",
    report_title: "ZIP 처리 결과",
    matched: "저장한 사진",
    unknown: "해당 SKU의 상품 없음",
    not_images: "사용하지 않은 파일",
    duplicates: "같은 SKU의 파일이 여러 개(사용하지 않음)",
    file: "파일",
    reason: "이유",
    reason_name: ".jpg, .jpeg, .png, .webp 파일이 아닙니다.",
    reason_unreadable: "압축을 풀 수 없습니다(암호화되었거나 지원하지 않는 압축 방식).",
    err_zip: "ZIP 파일이 아니거나, 파일이 너무 많거나 용량이 너무 큽니다.",
    none: "없음.",
};

/// The catalogue strings in `lang`.
pub fn strings(lang: Lang) -> &'static CatalogueStrings {
    match lang {
        Lang::Ko => &KO,
        Lang::En => &EN,
    }
}
