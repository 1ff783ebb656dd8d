//! The language of a page, from `Accept-Language`, and its strings.

/// Languages the pages are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// 한국어.
    Ko,
    /// English (the fallback).
    En,
}

impl Lang {
    /// The preferred supported language of an `Accept-Language` header (highest `q`
    /// first, header order breaking ties); English when none is supported.
    pub fn from_accept_language(header: Option<&str>) -> Self {
        let Some(header) = header else {
            return Self::En;
        };
        let mut ranked: Vec<(f32, usize, &str)> = header
            .split(',')
            .enumerate()
            .filter_map(|(index, part)| {
                let mut pieces = part.trim().split(';');
                let tag = pieces.next()?.trim();
                let q = pieces
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
                (q > 0.0).then_some((q, index, tag))
            })
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        ranked
            .iter()
            .find_map(|(_, _, tag)| {
                let primary = tag
                    .split('-')
                    .next()
                    .unwrap_or_default()
                    .to_ascii_lowercase();
                match primary.as_str() {
                    "ko" => Some(Self::Ko),
                    "en" => Some(Self::En),
                    _ => None,
                }
            })
            .unwrap_or(Self::En)
    }

    /// The `lang` attribute value.
    pub fn code(self) -> &'static str {
        match self {
            Self::Ko => "ko",
            Self::En => "en",
        }
    }

    /// The locale prices are written in.
    pub fn locale(self) -> &'static str {
        match self {
            Self::Ko => "ko-KR",
            Self::En => "en-US",
        }
    }

    /// The page strings in this language.
    pub fn strings(self) -> &'static Strings {
        match self {
            Self::Ko => &KO,
            Self::En => &EN,
        }
    }
}

/// Every fixed text on the pages.
#[derive(Debug)]
pub struct Strings {
    /// Badge for an orderable product.
    pub in_stock: &'static str,
    /// Badge for a product with no stock left.
    pub sold_out: &'static str,
    /// Notice for a deactivated or deleted product.
    pub unavailable: &'static str,
    /// Label before the price printed on the poster.
    pub printed_price: &'static str,
    /// Notice that the poster's campaign is over.
    pub campaign_ended: &'static str,
    /// Title of the unknown-code page.
    pub not_found_title: &'static str,
    /// Body of the unknown-code page.
    pub not_found_body: &'static str,
    /// "From the poster" label.
    pub from_poster: &'static str,
}

const KO: Strings = Strings {
    in_stock: "주문 가능",
    sold_out: "품절",
    unavailable: "현재 판매하지 않는 상품입니다.",
    printed_price: "포스터 가격",
    campaign_ended: "이 포스터의 행사는 종료되었습니다. 현재 가격으로 주문할 수 있습니다.",
    not_found_title: "상품을 찾을 수 없습니다",
    not_found_body: "이 QR 코드는 알 수 없는 코드입니다. 포스터의 다른 상품을 스캔해 보세요.",
    from_poster: "포스터",
};

const EN: Strings = Strings {
    in_stock: "In stock",
    sold_out: "Sold out",
    unavailable: "This product is currently unavailable.",
    printed_price: "Poster price",
    campaign_ended: "This poster's campaign has ended. You can still order at today's price.",
    not_found_title: "Product not found",
    not_found_body: "We don't know this QR code. Try scanning another product on the poster.",
    from_poster: "Poster",
};

#[cfg(test)]
mod tests {
    use super::Lang;

    #[test]
    fn picks_the_preferred_supported_language() {
        assert_eq!(
            Lang::from_accept_language(Some("ko-KR,ko;q=0.9,en-US;q=0.8")),
            Lang::Ko
        );
        assert_eq!(
            Lang::from_accept_language(Some("en-US,en;q=0.9,ko;q=0.8")),
            Lang::En
        );
        assert_eq!(Lang::from_accept_language(Some("ja-JP,ko;q=0.5")), Lang::Ko);
        assert_eq!(
            Lang::from_accept_language(Some("en;q=0.2, ko;q=0.7")),
            Lang::Ko
        );
        assert_eq!(Lang::from_accept_language(Some("fr-FR")), Lang::En);
        assert_eq!(Lang::from_accept_language(Some("ko;q=0")), Lang::En);
        assert_eq!(Lang::from_accept_language(None), Lang::En);
    }
}
