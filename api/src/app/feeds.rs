//! Catalogue feeds as both faces serve them: the secret URLs an admin copies into Meta's
//! and Google's merchant tools, and the feed documents behind them.

use chrono::{DateTime, SubsecRound, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::error::ApiError;
use super::state::AppState;
use super::urls::PublicUrls;
use crate::domain::catalog::feed_secrets::{self, FeedSecret};
use crate::domain::catalog::feeds::{self, Platform};
use crate::domain::retailers;

/// File name of the Meta catalogue CSV under a feed secret.
pub const META_FILE: &str = "meta.csv";
/// File name of the Google Merchant Center RSS feed under a feed secret.
pub const GOOGLE_FILE: &str = "google.xml";

/// A retailer's feed URLs. Whoever holds them can read the active catalogue; regenerating
/// retires them.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FeedUrls {
    /// The Meta (Instagram, Facebook) catalogue CSV.
    #[schema(example = "https://shelf.example/feeds/6Qx…/meta.csv")]
    pub meta_csv_url: String,
    /// The Google Merchant Center RSS 2.0 feed.
    #[schema(example = "https://shelf.example/feeds/6Qx…/google.xml")]
    pub google_rss_url: String,
    /// When these URLs were made (UTC, to the second, as every database keeps it).
    pub created_at: DateTime<Utc>,
}

impl FeedUrls {
    /// The URLs of `secret`.
    pub fn new(urls: &PublicUrls, secret: &FeedSecret) -> Self {
        Self {
            meta_csv_url: urls.feed_url(&secret.token, META_FILE),
            google_rss_url: urls.feed_url(&secret.token, GOOGLE_FILE),
            created_at: secret.created_at.and_utc().trunc_subsecs(0),
        }
    }
}

/// The current feed URLs of the retailer; `NotFound` until an admin made them.
pub async fn current(state: &AppState, retailer_id: &str) -> Result<FeedUrls, ApiError> {
    let retailer_id = retailer_id.to_owned();
    let secret = state
        .db(move |conn| feed_secrets::get(conn, &retailer_id))
        .await?;
    Ok(FeedUrls::new(&state.urls, &secret))
}

/// New feed URLs for the retailer; the old ones answer 404 from now on.
pub async fn regenerate(state: &AppState, retailer_id: &str) -> Result<FeedUrls, ApiError> {
    let retailer_id = retailer_id.to_owned();
    let secret = state
        .db(move |conn| feed_secrets::regenerate(conn, &retailer_id))
        .await?;
    Ok(FeedUrls::new(&state.urls, &secret))
}

/// The feed for `platform` behind `token`; `NotFound` for a token that is not a
/// retailer's current secret.
pub async fn document(
    state: &AppState,
    token: String,
    platform: Platform,
) -> Result<Vec<u8>, ApiError> {
    let (retailer, products) = state
        .db(move |conn| {
            let retailer_id = feed_secrets::retailer_of(conn, &token)?;
            let retailer = retailers::get(conn, &retailer_id)?;
            let products = feeds::listed_products(conn, &retailer_id)?;
            Ok((retailer, products))
        })
        .await?;
    let urls = &state.urls;
    let items = feeds::items(
        platform,
        &retailer,
        &products,
        |code| urls.share_url(code),
        |key| urls.image_url(key),
    );
    Ok(match platform {
        Platform::Meta => feeds::meta_csv(&items)?,
        Platform::Google => feeds::google_rss(&retailer, urls.origin(), &items)?,
    })
}
