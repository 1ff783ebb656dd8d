//! The feeds page's strings: the secret URLs of the catalogue feeds for Meta and Google,
//! and the form that makes or regenerates them.
use crate::app::pages::i18n::Lang;

/// Every fixed text of the feeds page, in one language.
#[derive(Debug)]
pub struct FeedsStrings {
    /// Title of the page.
    pub title: &'static str,
    /// What the feeds are for.
    pub intro: &'static str,
    /// Notice for those who may not make feed URLs.
    pub read_only: &'static str,
    /// Heading above the current URLs.
    pub urls_heading: &'static str,
    /// No feed URLs made yet.
    pub none_yet: &'static str,
    /// Label of the Meta catalogue CSV URL.
    pub meta_url: &'static str,
    /// Label of the Google Merchant Center feed URL.
    pub google_url: &'static str,
    /// Label before when the URLs were made.
    pub created: &'static str,
    /// How to treat the URLs.
    pub secret_hint: &'static str,
    /// Button that makes the first URLs.
    pub create_button: &'static str,
    /// Heading of the regenerate form.
    pub regenerate_heading: &'static str,
    /// What regenerating does.
    pub regenerate_warning: &'static str,
    /// The checkbox that confirms regenerating.
    pub confirm: &'static str,
    /// Button that regenerates.
    pub regenerate_button: &'static str,
    /// Summary above a form with errors.
    pub not_done: &'static str,
    /// Regenerating without ticking the confirmation.
    pub err_confirm: &'static str,
    /// Notice after the URLs were made.
    pub made: &'static str,
}

/// English.
pub static EN: FeedsStrings = FeedsStrings {
    title: "Catalogue feeds",
    intro: "Give these addresses to Meta Commerce Manager (Instagram and Facebook shops) and \
Google Merchant Center as scheduled feeds: they list every active product with its price, \
stock and photo, and link to the product's share page.",
    read_only: "You can see the feed addresses; only a retailer admin can make new ones.",
    urls_heading: "Feed addresses",
    none_yet: "No feed addresses yet.",
    meta_url: "Meta catalogue (CSV)",
    google_url: "Google Merchant Center (RSS)",
    created: "Made",
    secret_hint: "Anyone with these addresses can read the active catalogue: give them only to \
the platforms.",
    create_button: "Make feed addresses",
    regenerate_heading: "New feed addresses",
    regenerate_warning: "The current addresses stop working at once: Meta and Google must be \
given the new ones, or their catalogues stop updating.",
    confirm: "I understand that the current addresses stop working",
    regenerate_button: "Make new addresses",
    not_done: "Nothing was changed. See the field below.",
    err_confirm: "Tick this box to confirm.",
    made: "New feed addresses made.",
};

/// Korean.
pub static KO: FeedsStrings = FeedsStrings {
    title: "상품 피드",
    intro: "이 주소를 Meta 커머스 관리자(인스타그램·페이스북 샵)와 Google 판매자 센터에 \
예약 피드로 등록하세요. 판매 중인 모든 상품의 가격, 재고, 사진이 담기고 상품 공유 페이지로 \
연결됩니다.",
    read_only: "피드 주소를 볼 수 있습니다. 새 주소는 매장 관리자만 만들 수 있습니다.",
    urls_heading: "피드 주소",
    none_yet: "아직 피드 주소가 없습니다.",
    meta_url: "Meta 카탈로그 (CSV)",
    google_url: "Google 판매자 센터 (RSS)",
    created: "만든 시각",
    secret_hint: "이 주소를 아는 사람은 누구나 판매 중인 상품 목록을 볼 수 있습니다. 플랫폼에만 \
알려 주세요.",
    create_button: "피드 주소 만들기",
    regenerate_heading: "새 피드 주소",
    regenerate_warning: "지금 주소는 즉시 사용할 수 없게 됩니다. Meta와 Google에 새 주소를 \
등록하지 않으면 카탈로그가 더 이상 갱신되지 않습니다.",
    confirm: "지금 주소를 더 이상 사용할 수 없게 됨을 확인했습니다",
    regenerate_button: "새 주소 만들기",
    not_done: "아무것도 바뀌지 않았습니다. 아래 항목을 확인하세요.",
    err_confirm: "확인란을 선택하세요.",
    made: "새 피드 주소를 만들었습니다.",
};

/// The strings of `lang`.
pub fn strings(lang: Lang) -> &'static FeedsStrings {
    match lang {
        Lang::Ko => &KO,
        Lang::En => &EN,
    }
}
