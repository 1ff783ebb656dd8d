//! The embed pages' strings in Korean and English.

use crate::app::pages::i18n::Lang;

/// Every text an embed page shows.
#[derive(Debug)]
pub struct EmbedStrings {
    /// Before the retailer's name under the shelf's name.
    pub sold_by: &'static str,
    /// Accessible name of the list of products.
    pub products: &'static str,
    /// The buy link's visible text.
    pub buy: &'static str,
    /// Read after the product's name on the buy link: where it opens.
    pub new_tab: &'static str,
    /// Shown for a product with no units left.
    pub sold_out: &'static str,
    /// Shown when none of the shelf's products is on sale.
    pub empty: &'static str,
    /// Title of the page of a deleted or unknown shelf.
    pub not_found_title: &'static str,
    /// Body of the page of a deleted or unknown shelf.
    pub not_found_body: &'static str,
}

/// English.
pub static EN: EmbedStrings = EmbedStrings {
    sold_by: "Sold by",
    products: "Products",
    buy: "Buy",
    new_tab: "(opens in a new tab)",
    sold_out: "Sold out",
    empty: "Nothing on this shelf is for sale right now.",
    not_found_title: "This shelf is not available",
    not_found_body: "The shop has taken this shelf down.",
};

/// Korean.
pub static KO: EmbedStrings = EmbedStrings {
    sold_by: "판매",
    products: "상품",
    buy: "구매",
    new_tab: "(새 탭에서 열림)",
    sold_out: "품절",
    empty: "지금 이 선반에서 살 수 있는 상품이 없습니다.",
    not_found_title: "이 선반을 볼 수 없습니다",
    not_found_body: "가게에서 이 선반을 내렸습니다.",
};

/// The strings of `lang`.
pub fn strings(lang: Lang) -> &'static EmbedStrings {
    match lang {
        Lang::Ko => &KO,
        Lang::En => &EN,
    }
}
