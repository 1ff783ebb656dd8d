//! The words of sharing: the product page's share control and the account page's count
//! of the orders a customer's shared links brought.

use crate::app::pages::i18n::Lang;

/// Every fixed text of sharing, in one language.
#[derive(Debug)]
pub struct ShareStrings {
    /// The control that opens the share link.
    pub share: &'static str,
    /// Label of the field holding the link.
    pub link_label: &'static str,
    /// Hint under the link for a signed-in customer: it carries their code.
    pub link_hint_yours: &'static str,
    /// Link that shares by e-mail.
    pub by_email: &'static str,
    /// Status after the script copied the link.
    pub copied: &'static str,
    /// Status when the browser refused to copy: the link is selected instead.
    pub copy_yourself: &'static str,
    /// Heading of the account page's sharing card.
    pub heading: &'static str,
    /// Label of the customer's referral code.
    pub your_code: &'static str,
    /// Label of the count of orders the customer's links brought.
    pub orders_brought: &'static str,
    /// How the count comes about.
    pub orders_brought_hint: &'static str,
}

/// English.
pub static EN: ShareStrings = ShareStrings {
    share: "Share",
    link_label: "Link to this product",
    link_hint_yours: "This link carries your referral code: orders through it count as \
brought by you.",
    by_email: "Share by e-mail",
    copied: "Link copied",
    copy_yourself: "The link is selected: copy it to share.",
    heading: "Sharing",
    your_code: "Your referral code",
    orders_brought: "Orders your shared links brought",
    orders_brought_hint: "Paid orders of other customers who opened a product link you \
shared, within 7 days of opening it.",
};

/// 한국어.
pub static KO: ShareStrings = ShareStrings {
    share: "공유",
    link_label: "이 상품 링크",
    link_hint_yours: "이 링크에는 내 추천 코드가 들어 있어, 이 링크로 들어온 주문이 내가 \
가져온 주문으로 집계됩니다.",
    by_email: "이메일로 공유",
    copied: "링크를 복사했습니다",
    copy_yourself: "링크를 선택했습니다. 복사해서 공유하세요.",
    heading: "공유",
    your_code: "내 추천 코드",
    orders_brought: "내가 공유한 링크로 들어온 주문",
    orders_brought_hint: "내가 공유한 상품 링크를 연 다른 고객이 7일 안에 결제한 주문 \
수입니다.",
};

/// The strings of `lang`.
pub fn strings(lang: Lang) -> &'static ShareStrings {
    match lang {
        Lang::Ko => &KO,
        Lang::En => &EN,
    }
}
