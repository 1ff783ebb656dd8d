//! The posters' and placements' strings: the list, a poster's page, the builder with
//! its preflight findings, the retire confirmation and the placement form.

use crate::app::pages::i18n::Lang;

/// Every fixed text of the poster and placement pages, in one language.
#[derive(Debug)]
pub struct PostersStrings {
    /// Title of the poster list.
    pub posters_title: &'static str,
    /// Link to the builder of a new poster.
    pub new_poster: &'static str,
    /// The retailer has no poster yet.
    pub no_posters: &'static str,
    /// Label: the poster's headline.
    pub title: &'static str,
    /// Column: version number.
    pub version: &'static str,
    /// Column and heading: products.
    pub products: &'static str,
    /// Column: status.
    pub status: &'static str,
    /// Status of a poster in use.
    pub active: &'static str,
    /// Status of a retired poster.
    pub retired: &'static str,
    /// Heading of the versions list.
    pub versions: &'static str,
    /// Words after a version's product count.
    pub version_products: &'static str,
    /// Mark of the current version.
    pub current: &'static str,
    /// Heading of the download links.
    pub print_files: &'static str,
    /// Link: the PDF of every page.
    pub pdf: &'static str,
    /// Link: one page as PNG.
    pub png: &'static str,
    /// Link: one page as SVG.
    pub svg: &'static str,
    /// Link to the builder of a new version.
    pub edit: &'static str,
    /// Link and heading: retire.
    pub retire: &'static str,
    /// Heading of the retire confirmation.
    pub retire_question: &'static str,
    /// What retiring does.
    pub retire_explain: &'static str,
    /// Button that retires the poster.
    pub retire_button: &'static str,
    /// Link back without changing anything.
    pub cancel: &'static str,
    /// Link back to the poster.
    pub back: &'static str,
    /// Heading of the poster's placements.
    pub placements: &'static str,
    /// The poster hangs nowhere yet.
    pub no_placements: &'static str,
    /// Link and title: new placement.
    pub new_placement: &'static str,
    /// Link and title: edit a placement.
    pub edit_placement: &'static str,
    /// Column: campaign window.
    pub window: &'static str,
    /// Label: cost of a placement.
    pub cost: &'static str,
    /// Placement status before its window.
    pub scheduled: &'static str,
    /// Placement status within its window.
    pub running: &'static str,
    /// Placement status after its window.
    pub ended: &'static str,
    /// Title of the builder of a new poster.
    pub builder_new: &'static str,
    /// Title of the builder of a new version.
    pub builder_edit: &'static str,
    /// Line under the builder's title.
    pub builder_intro: &'static str,
    /// Heading of the design fields.
    pub design: &'static str,
    /// Label: page size.
    pub page_size: &'static str,
    /// Orientation word after a page size.
    pub portrait: &'static str,
    /// Orientation word after a page size.
    pub landscape: &'static str,
    /// Label: layout.
    pub layout: &'static str,
    /// Hint under the layout.
    pub layout_hint: &'static str,
    /// Label: scan distance.
    pub scan_distance: &'static str,
    /// Hint under the scan distance.
    pub scan_distance_hint: &'static str,
    /// Button that re-renders the builder with the fields as typed.
    pub update_preview: &'static str,
    /// Heading of the draft's products.
    pub on_poster: &'static str,
    /// The draft has no product yet.
    pub no_products: &'static str,
    /// Button: move a product up.
    pub move_up: &'static str,
    /// Button: move a product down.
    pub move_down: &'static str,
    /// Button: remove a product.
    pub remove: &'static str,
    /// Heading and label of the product search.
    pub find: &'static str,
    /// Button that searches.
    pub search: &'static str,
    /// Button: add one product.
    pub add: &'static str,
    /// Button: add every product found.
    pub add_found: &'static str,
    /// Button: add the whole catalogue.
    pub add_catalogue: &'static str,
    /// The search found nothing.
    pub nothing_found: &'static str,
    /// Mark of a found product already on the poster.
    pub already: &'static str,
    /// Button that saves a new poster.
    pub save_new: &'static str,
    /// Button that saves a new version.
    pub save_version: &'static str,
    /// Heading of the preview.
    pub preview: &'static str,
    /// Word before a page number.
    pub page: &'static str,
    /// Alternative text of a preview page, before its number.
    pub preview_alt: &'static str,
    /// Heading of the poster-wide findings.
    pub preflight: &'static str,
    /// The preflight found nothing.
    pub no_findings: &'static str,
    /// Finding: code too small for the distance.
    pub code_too_small: &'static str,
    /// Finding: photo under 150 ppi.
    pub low_resolution: &'static str,
    /// Finding: text shortened.
    pub text_shortened: &'static str,
    /// Finding: payload outside QR alphanumeric mode.
    pub not_alphanumeric: &'static str,
    /// Finding: characters without glyphs.
    pub missing_glyphs: &'static str,
    /// Finding: something that cannot be printed.
    pub invalid: &'static str,
    /// Summary above a form with errors.
    pub not_saved: &'static str,
    /// Error: bad title.
    pub err_title: &'static str,
    /// Error: bad page size.
    pub err_page_size: &'static str,
    /// Error: bad layout.
    pub err_layout: &'static str,
    /// Error: bad scan distance.
    pub err_scan_distance: &'static str,
    /// Error: no or too many products.
    pub err_slots: &'static str,
    /// Error: a product no longer in the catalogue.
    pub err_sku: &'static str,
    /// Label: placement name.
    pub name: &'static str,
    /// Label: site.
    pub site: &'static str,
    /// Label: spot.
    pub spot: &'static str,
    /// Label: city.
    pub city: &'static str,
    /// Label: latitude.
    pub latitude: &'static str,
    /// Label: longitude.
    pub longitude: &'static str,
    /// Label: campaign start.
    pub starts_at: &'static str,
    /// Label: campaign end.
    pub ends_at: &'static str,
    /// Hint under the window's fields, before the time zone.
    pub local_time: &'static str,
    /// Hint under the cost.
    pub cost_hint: &'static str,
    /// Button that saves a placement.
    pub save_placement: &'static str,
    /// Error: bad placement name.
    pub err_name: &'static str,
    /// Error: text too long.
    pub err_text: &'static str,
    /// Error: bad coordinates.
    pub err_coordinate: &'static str,
    /// Error: unreadable date and time.
    pub err_date: &'static str,
    /// Error: end not after start.
    pub err_window: &'static str,
    /// Error: bad cost.
    pub err_cost: &'static str,
}

static EN: PostersStrings = PostersStrings {
    posters_title: "Posters",
    new_poster: "New poster",
    no_posters: "No posters yet.",
    title: "Title",
    version: "Version",
    products: "Products",
    status: "Status",
    active: "Active",
    retired: "Retired",
    versions: "Versions",
    version_products: "products",
    current: "current",
    print_files: "Print files",
    pdf: "PDF (all pages)",
    png: "PNG, page",
    svg: "SVG, page",
    edit: "Edit as a new version",
    retire: "Retire",
    retire_question: "Retire this poster?",
    retire_explain: "Its codes keep resolving, but its campaigns end and it can no longer be revised or placed. This cannot be undone.",
    retire_button: "Retire the poster",
    cancel: "Cancel",
    back: "Back to the poster",
    placements: "Placements",
    no_placements: "Not placed yet.",
    new_placement: "New placement",
    edit_placement: "Edit placement",
    window: "Campaign",
    cost: "Cost",
    scheduled: "Scheduled",
    running: "Running",
    ended: "Ended",
    builder_new: "New poster",
    builder_edit: "New version of",
    builder_intro: "Nothing is saved until you press the save button; every other button only updates this page.",
    design: "Design",
    page_size: "Page size and orientation",
    portrait: "portrait",
    landscape: "landscape",
    layout: "Layout",
    layout_hint: "auto, or rows x columns such as 4x6",
    scan_distance: "Scan distance (metres)",
    scan_distance_hint: "How far from the wall commuters stand, 0.2 to 10 m. The QR codes are sized for it.",
    update_preview: "Update preview",
    on_poster: "Products on the poster, in reading order",
    no_products: "No products yet: find some below.",
    move_up: "Move up",
    move_down: "Move down",
    remove: "Remove",
    find: "Find products",
    search: "Search",
    add: "Add",
    add_found: "Add all found",
    add_catalogue: "Add the whole catalogue",
    nothing_found: "No product matches.",
    already: "on the poster",
    save_new: "Save the poster",
    save_version: "Save as a new version",
    preview: "Preview",
    page: "Page",
    preview_alt: "Preview of page",
    preflight: "Preflight",
    no_findings: "No findings: the poster prints as shown.",
    code_too_small: "QR code too small for the scan distance: the print files are refused. Fewer products, a bigger page or a shorter distance fix it.",
    low_resolution: "Photo under 150 ppi at its printed size: it will look soft.",
    text_shortened: "Text shortened (…) to fit its label.",
    not_alphanumeric: "The QR code's address cannot use the compact mode, so its code is denser.",
    missing_glyphs: "Some characters cannot be drawn by the poster's fonts.",
    invalid: "Cannot be printed (an unreadable photo or a field the generator refuses).",
    not_saved: "Not saved: check the fields marked below.",
    err_title: "Enter a title of 1 to 120 characters.",
    err_page_size: "Choose a page size.",
    err_layout: "Enter auto, or rows x columns from 1 to 30, such as 4x6.",
    err_scan_distance: "Enter a distance from 0.2 to 10 metres.",
    err_slots: "Add 1 to 240 products.",
    err_sku: "No longer in the catalogue: remove it.",
    name: "Name",
    site: "Site (station)",
    spot: "Spot within the site",
    city: "City",
    latitude: "Latitude",
    longitude: "Longitude",
    starts_at: "Campaign start",
    ends_at: "Campaign end",
    local_time: "Local time,",
    cost_hint: "What the campaign here costs, for the cost per order; blank if unknown.",
    save_placement: "Save the placement",
    err_name: "Enter a name of 1 to 200 characters.",
    err_text: "At most 200 characters.",
    err_coordinate: "Enter both coordinates as numbers (latitude -90 to 90, longitude -180 to 180), or neither.",
    err_date: "Enter a date and time.",
    err_window: "The end must be after the start.",
    err_cost: "Enter an amount of zero or more.",
};

static KO: PostersStrings = PostersStrings {
    posters_title: "포스터",
    new_poster: "새 포스터",
    no_posters: "아직 포스터가 없습니다.",
    title: "제목",
    version: "버전",
    products: "상품",
    status: "상태",
    active: "사용 중",
    retired: "종료됨",
    versions: "버전 기록",
    version_products: "개 상품",
    current: "현재",
    print_files: "인쇄 파일",
    pdf: "PDF (전체 페이지)",
    png: "PNG, 페이지",
    svg: "SVG, 페이지",
    edit: "새 버전으로 편집",
    retire: "포스터 종료",
    retire_question: "이 포스터를 종료할까요?",
    retire_explain: "QR 코드는 계속 열리지만 캠페인은 끝나고 더 이상 수정하거나 게시할 수 없습니다. 되돌릴 수 없습니다.",
    retire_button: "포스터 종료하기",
    cancel: "취소",
    back: "포스터로 돌아가기",
    placements: "게시 장소",
    no_placements: "아직 게시된 곳이 없습니다.",
    new_placement: "새 게시 장소",
    edit_placement: "게시 장소 편집",
    window: "캠페인 기간",
    cost: "비용",
    scheduled: "예정",
    running: "진행 중",
    ended: "종료",
    builder_new: "새 포스터 만들기",
    builder_edit: "새 버전:",
    builder_intro: "저장 버튼을 누르기 전에는 아무것도 저장되지 않습니다. 다른 버튼은 이 화면만 바꿉니다.",
    design: "디자인",
    page_size: "용지 크기와 방향",
    portrait: "세로",
    landscape: "가로",
    layout: "배치",
    layout_hint: "auto 또는 행x열 (예: 4x6)",
    scan_distance: "스캔 거리 (미터)",
    scan_distance_hint: "승객이 벽에서 떨어져 서는 거리, 0.2–10 m. QR 코드 크기가 이에 맞춰집니다.",
    update_preview: "미리보기 갱신",
    on_poster: "포스터의 상품 (읽는 순서)",
    no_products: "아직 상품이 없습니다. 아래에서 찾으세요.",
    move_up: "위로",
    move_down: "아래로",
    remove: "빼기",
    find: "상품 찾기",
    search: "검색",
    add: "추가",
    add_found: "찾은 상품 모두 추가",
    add_catalogue: "카탈로그 전체 추가",
    nothing_found: "일치하는 상품이 없습니다.",
    already: "포스터에 있음",
    save_new: "포스터 저장",
    save_version: "새 버전으로 저장",
    preview: "미리보기",
    page: "페이지",
    preview_alt: "미리보기 페이지",
    preflight: "인쇄 전 점검",
    no_findings: "문제 없음: 보이는 대로 인쇄됩니다.",
    code_too_small: "스캔 거리에 비해 QR 코드가 너무 작아 인쇄 파일이 거부됩니다. 상품 수를 줄이거나 더 큰 용지, 더 짧은 거리를 고르세요.",
    low_resolution: "인쇄 크기에서 사진 해상도가 150 ppi 미만이라 흐리게 보입니다.",
    text_shortened: "라벨에 맞추려고 글자를 줄였습니다 (…).",
    not_alphanumeric: "QR 주소가 압축 모드를 쓸 수 없어 코드가 더 촘촘합니다.",
    missing_glyphs: "포스터 글꼴로 그릴 수 없는 글자가 있습니다.",
    invalid: "인쇄할 수 없습니다 (읽을 수 없는 사진 또는 거부된 값).",
    not_saved: "저장되지 않았습니다. 아래 표시된 항목을 확인하세요.",
    err_title: "제목을 1–120자로 입력하세요.",
    err_page_size: "용지 크기를 고르세요.",
    err_layout: "auto 또는 1–30 사이의 행x열을 입력하세요 (예: 4x6).",
    err_scan_distance: "0.2–10 미터 사이의 거리를 입력하세요.",
    err_slots: "상품을 1–240개 추가하세요.",
    err_sku: "카탈로그에 더 이상 없습니다. 빼 주세요.",
    name: "이름",
    site: "장소 (역)",
    spot: "장소 안의 위치",
    city: "도시",
    latitude: "위도",
    longitude: "경도",
    starts_at: "캠페인 시작",
    ends_at: "캠페인 종료",
    local_time: "현지 시각,",
    cost_hint: "주문당 비용 계산에 쓰는 이 캠페인의 비용. 모르면 비워 두세요.",
    save_placement: "게시 장소 저장",
    err_name: "이름을 1–200자로 입력하세요.",
    err_text: "200자 이하로 입력하세요.",
    err_coordinate: "위도(-90–90)와 경도(-180–180)를 둘 다 숫자로 입력하거나 둘 다 비우세요.",
    err_date: "날짜와 시각을 입력하세요.",
    err_window: "종료는 시작보다 뒤여야 합니다.",
    err_cost: "0 이상의 금액을 입력하세요.",
};

/// The strings of `lang`.
pub fn strings(lang: Lang) -> &'static PostersStrings {
    match lang {
        Lang::Ko => &KO,
        Lang::En => &EN,
    }
}
