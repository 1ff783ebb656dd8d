//! The staff pages' strings (the retailer's console, later the operator pages), in both
//! languages: kept apart from the commuter's so neither set grows with the other's pages.

use super::Lang;

/// Every fixed text on the staff pages, in one language.
#[derive(Debug)]
pub struct StaffStrings {
    /// Name of the console in the header and titles.
    pub console: &'static str,
    /// The skip link to the page's content.
    pub skip_to_content: &'static str,
    /// Body of the page-not-found page.
    pub not_found_body: &'static str,
    /// Link from an error page to the console's start.
    pub go_to_start: &'static str,
    /// Label of the language switch.
    pub language: &'static str,
    /// Title of the sign-in page.
    pub signin_title: &'static str,
    /// Line under the sign-in title.
    pub signin_intro: &'static str,
    /// Label of the email input.
    pub email: &'static str,
    /// Label of the password input.
    pub password: &'static str,
    /// Button that signs in.
    pub signin_button: &'static str,
    /// A wrong email or password.
    pub bad_credentials: &'static str,
    /// A customer account tried to sign in.
    pub not_staff: &'static str,
    /// Too many attempts.
    pub throttled: &'static str,
    /// The account was deactivated.
    pub deactivated_account: &'static str,
    /// Button that signs out.
    pub signout: &'static str,
    /// Title of the retailer list (platform admins).
    pub retailers_title: &'static str,
    /// No retailer exists yet.
    pub no_retailers: &'static str,
    /// Link to the retailer list.
    pub switch_retailer: &'static str,
    /// Navigation: the dashboard.
    pub nav_dashboard: &'static str,
    /// Navigation: the catalogue.
    pub nav_products: &'static str,
    /// Navigation: the staff.
    pub nav_staff: &'static str,
    /// Navigation: the catalogue feeds.
    pub nav_feeds: &'static str,
    /// Navigation: the shelves bloggers embed.
    pub nav_shelves: &'static str,
    /// Navigation: visits and sales per channel.
    pub nav_channels: &'static str,
    /// Navigation: the posters.
    pub nav_posters: &'static str,
    /// Navigation: the delivery settings.
    pub nav_delivery: &'static str,
    /// Notice for operators, who only read.
    pub read_only: &'static str,
    /// Title of the dashboard.
    pub dashboard_title: &'static str,
    /// Label of the period links.
    pub period: &'static str,
    /// Period: today.
    pub today: &'static str,
    /// Period: the last 7 days.
    pub days_7: &'static str,
    /// Period: the last 30 days.
    pub days_30: &'static str,
    /// Heading of the totals.
    pub totals: &'static str,
    /// Scans.
    pub scans: &'static str,
    /// Unique scanners.
    pub unique_scanners: &'static str,
    /// Orders.
    pub orders: &'static str,
    /// Revenue.
    pub revenue: &'static str,
    /// Conversion (orders per unique scanner).
    pub conversion: &'static str,
    /// Cost per order.
    pub cost_per_order: &'static str,
    /// Shown for a figure that cannot be computed.
    pub not_available: &'static str,
    /// Heading of the placement table.
    pub placements: &'static str,
    /// Column of the placement's name.
    pub placement: &'static str,
    /// Codes without a placement.
    pub no_placement: &'static str,
    /// Mark of the best wall.
    pub best: &'static str,
    /// Mark of the worst wall.
    pub worst: &'static str,
    /// No placement had a scan or order.
    pub no_rows: &'static str,
    /// Heading of the charts.
    pub charts: &'static str,
    /// Link to the CSV download.
    pub download_csv: &'static str,
    /// Chart title: per day.
    pub chart_daily: &'static str,
    /// Chart title: per placement.
    pub chart_placements: &'static str,
    /// Chart title: heat map.
    pub chart_heatmap: &'static str,
    /// Chart axis: hour.
    pub hour: &'static str,
    /// Chart: nothing to draw.
    pub no_scans: &'static str,
    /// Short weekday names, Monday first.
    pub weekdays: [&'static str; 7],
    /// Title of the catalogue.
    pub products_title: &'static str,
    /// Label of the search input.
    pub search: &'static str,
    /// Button that searches.
    pub search_button: &'static str,
    /// Column: SKU.
    pub sku: &'static str,
    /// Column: name.
    pub name: &'static str,
    /// Column: price.
    pub price: &'static str,
    /// Column: stock available.
    pub stock: &'static str,
    /// Column: sold or not.
    pub active: &'static str,
    /// Active product.
    pub yes: &'static str,
    /// Inactive product.
    pub no: &'static str,
    /// No product matches.
    pub no_products: &'static str,
    /// Link to the next page.
    pub next_page: &'static str,
    /// Link back to the first page.
    pub first_page: &'static str,
}

const EN: StaffStrings = StaffStrings {
    console: "Virtual Shelf console",
    skip_to_content: "Skip to content",
    not_found_body: "Check the address, or start again from the console's first page.",
    go_to_start: "Back to the console",
    language: "Language",
    signin_title: "Sign in to the console",
    signin_intro: "For the staff of retailers and of the platform.",
    email: "Email",
    password: "Password",
    signin_button: "Sign in",
    bad_credentials: "Wrong email or password.",
    not_staff: "This is a shopper's account. The console is for retailer and platform staff; shop at the posters instead.",
    throttled: "Too many attempts. Wait a few minutes and try again.",
    deactivated_account: "This account was deactivated. Ask an admin of your retailer to reactivate it.",
    signout: "Sign out",
    retailers_title: "Choose a retailer",
    no_retailers: "No retailer exists yet.",
    switch_retailer: "Retailers",
    nav_dashboard: "Dashboard",
    nav_products: "Catalogue",
    nav_staff: "Staff",
    nav_feeds: "Feeds",
    nav_shelves: "Shelves",
    nav_channels: "Channels",
    nav_posters: "Posters",
    nav_delivery: "Delivery",
    read_only: "You can read everything here; changes are for retailer admins.",
    dashboard_title: "Scans to sales",
    period: "Period",
    today: "Today",
    days_7: "7 days",
    days_30: "30 days",
    totals: "Totals",
    scans: "Scans",
    unique_scanners: "Unique scanners",
    orders: "Orders",
    revenue: "Revenue",
    conversion: "Conversion",
    cost_per_order: "Cost per order",
    not_available: "–",
    placements: "Walls (placements)",
    placement: "Placement",
    no_placement: "No placement",
    best: "Best",
    worst: "Worst",
    no_rows: "No scans or orders in this period.",
    charts: "Charts",
    download_csv: "Download CSV",
    chart_daily: "Scans and orders per day",
    chart_placements: "Scans and orders per placement",
    chart_heatmap: "Scans by weekday and hour",
    hour: "Hour",
    no_scans: "No scans in this period",
    weekdays: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    products_title: "Catalogue",
    search: "Search by name or SKU",
    search_button: "Search",
    sku: "SKU",
    name: "Name",
    price: "Price",
    stock: "Available",
    active: "On sale",
    yes: "Yes",
    no: "No",
    no_products: "No product matches.",
    next_page: "Next page",
    first_page: "First page",
};

const KO: StaffStrings = StaffStrings {
    console: "버추얼 셸프 콘솔",
    skip_to_content: "본문으로 건너뛰기",
    not_found_body: "주소를 확인하거나 콘솔 첫 화면에서 다시 시작해 주세요.",
    go_to_start: "콘솔로 돌아가기",
    language: "언어",
    signin_title: "콘솔 로그인",
    signin_intro: "판매사와 플랫폼 직원용입니다.",
    email: "이메일",
    password: "비밀번호",
    signin_button: "로그인",
    bad_credentials: "이메일 또는 비밀번호가 올바르지 않습니다.",
    not_staff: "쇼핑 고객 계정입니다. 콘솔은 판매사와 플랫폼 직원 전용입니다. 쇼핑은 포스터에서 해 주세요.",
    throttled: "시도가 너무 많습니다. 몇 분 후 다시 시도해 주세요.",
    deactivated_account: "비활성화된 계정입니다. 판매사 관리자에게 다시 활성화를 요청해 주세요.",
    signout: "로그아웃",
    retailers_title: "판매사 선택",
    no_retailers: "아직 판매사가 없습니다.",
    switch_retailer: "판매사 목록",
    nav_dashboard: "대시보드",
    nav_products: "상품 목록",
    nav_staff: "직원",
    nav_feeds: "상품 피드",
    nav_shelves: "선반",
    nav_channels: "채널",
    nav_posters: "포스터",
    nav_delivery: "배송",
    read_only: "모든 내용을 볼 수 있으며, 변경은 판매사 관리자만 할 수 있습니다.",
    dashboard_title: "스캔에서 판매까지",
    period: "기간",
    today: "오늘",
    days_7: "7일",
    days_30: "30일",
    totals: "합계",
    scans: "스캔",
    unique_scanners: "순 스캔 사용자",
    orders: "주문",
    revenue: "매출",
    conversion: "전환율",
    cost_per_order: "주문당 비용",
    not_available: "–",
    placements: "게시 위치별",
    placement: "게시 위치",
    no_placement: "위치 없음",
    best: "최고",
    worst: "최저",
    no_rows: "이 기간에는 스캔이나 주문이 없습니다.",
    charts: "차트",
    download_csv: "CSV 다운로드",
    chart_daily: "일별 스캔과 주문",
    chart_placements: "게시 위치별 스캔과 주문",
    chart_heatmap: "요일·시간대별 스캔",
    hour: "시",
    no_scans: "이 기간에는 스캔이 없습니다",
    weekdays: ["월", "화", "수", "목", "금", "토", "일"],
    products_title: "상품 목록",
    search: "상품명 또는 SKU로 검색",
    search_button: "검색",
    sku: "SKU",
    name: "상품명",
    price: "가격",
    stock: "판매 가능",
    active: "판매 중",
    yes: "예",
    no: "아니요",
    no_products: "일치하는 상품이 없습니다.",
    next_page: "다음 페이지",
    first_page: "첫 페이지",
};

impl Lang {
    /// The staff pages' strings in this language.
    pub fn staff(self) -> &'static StaffStrings {
        match self {
            Self::Ko => &KO,
            Self::En => &EN,
        }
    }
}
