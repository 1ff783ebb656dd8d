//! The channels page's strings: visits, carts and sales per channel (posters, shared
//! links, embedded shelves, catalogue feeds, direct visits) and per source within one.
use crate::app::pages::i18n::Lang;
use crate::domain::analytics::{DIRECT, EMBED, FEED, POSTER, SHARE};

/// Every fixed text of the channels page, in one language.
#[derive(Debug)]
pub struct ChannelsStrings {
    /// Title of the page.
    pub title: &'static str,
    /// What the page shows.
    pub intro: &'static str,
    /// Heading of the table of channels.
    pub channels_heading: &'static str,
    /// Column of the channel's name.
    pub channel: &'static str,
    /// Column of the product page views.
    pub page_views: &'static str,
    /// Column of the unique visitors.
    pub unique_visitors: &'static str,
    /// Column of the add-to-carts.
    pub add_to_carts: &'static str,
    /// Column of the units ordered.
    pub units: &'static str,
    /// Name of the `poster` channel.
    pub poster: &'static str,
    /// Name of the `share` channel.
    pub share: &'static str,
    /// Name of the `embed` channel.
    pub embed: &'static str,
    /// Name of the `feed` channel.
    pub feed: &'static str,
    /// Name of the `direct` channel.
    pub direct: &'static str,
    /// Hint under the channels: a channel's name opens its sources.
    pub show_sources: &'static str,
    /// Heading of a channel's sources, before the channel's name.
    pub sources_of: &'static str,
    /// Column of the source.
    pub source: &'static str,
    /// The source of visits through no known source (direct visits).
    pub no_source: &'static str,
    /// A channel without visits or orders in the period.
    pub no_sources: &'static str,
    /// Link back from a channel's sources to every channel.
    pub all_channels: &'static str,
}

/// English.
pub static EN: ChannelsStrings = ChannelsStrings {
    title: "Channels",
    intro: "Visits, carts and sales per channel in the period.",
    channels_heading: "Every channel",
    channel: "Channel",
    page_views: "Page views",
    unique_visitors: "Unique visitors",
    add_to_carts: "Added to cart",
    units: "Units",
    poster: "Posters",
    share: "Shared links",
    embed: "Embedded shelves",
    feed: "Catalogue feeds",
    direct: "Direct",
    show_sources: "Open a channel's name to see its sources.",
    sources_of: "Sources of",
    source: "Source",
    no_source: "No source",
    no_sources: "No visits or orders through this channel in the period.",
    all_channels: "All channels",
};

/// Korean.
pub static KO: ChannelsStrings = ChannelsStrings {
    title: "채널",
    intro: "기간 동안 채널별 방문, 장바구니 담기, 판매입니다.",
    channels_heading: "전체 채널",
    channel: "채널",
    page_views: "페이지 조회",
    unique_visitors: "순 방문자",
    add_to_carts: "장바구니 담기",
    units: "수량",
    poster: "포스터",
    share: "공유 링크",
    embed: "임베드 진열대",
    feed: "상품 피드",
    direct: "직접 방문",
    show_sources: "채널 이름을 누르면 출처별로 볼 수 있습니다.",
    sources_of: "출처:",
    source: "출처",
    no_source: "출처 없음",
    no_sources: "이 기간에 이 채널을 통한 방문이나 주문이 없습니다.",
    all_channels: "전체 채널",
};

/// The strings of `lang`.
pub fn strings(lang: Lang) -> &'static ChannelsStrings {
    match lang {
        Lang::Ko => &KO,
        Lang::En => &EN,
    }
}

impl ChannelsStrings {
    /// The name of a channel of [`crate::domain::analytics::CHANNELS`].
    pub fn channel_name(&self, channel: &str) -> Option<&'static str> {
        match channel {
            POSTER => Some(self.poster),
            SHARE => Some(self.share),
            EMBED => Some(self.embed),
            FEED => Some(self.feed),
            DIRECT => Some(self.direct),
            _ => None,
        }
    }
}
