//! The retailer scope of a `/v1/retailers/{retailer_id}/…` route as an extractor: the
//! caller is authenticated, authorized for the access the route needs, and the retailer
//! is loaded, once, before the handler runs. Staff of another retailer get 404, as if it
//! did not exist. The access level is part of the handler's signature
//! (`RetailerScope<Manage>`), so what a route demands is read where it is declared.

use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};

use super::auth::AuthUser;
use super::error::ApiError;
use super::state::AppState;
use crate::domain::accounts::{Principal, RetailerAccess};
use crate::domain::retailers::{self, Retailer};
use crate::domain::{DomainError, ids};

/// An access level a retailer route demands, as a type.
pub trait AccessLevel {
    /// The level.
    const ACCESS: RetailerAccess;
}

/// Reading the catalogue, posters, orders and lists: any staff of the retailer.
#[derive(Debug)]
pub struct Read;
/// Moving orders through delivery: operators and admins.
#[derive(Debug)]
pub struct Operate;
/// Changing the catalogue, posters and delivery set-up: retailer admins.
#[derive(Debug)]
pub struct Manage;

impl AccessLevel for Read {
    const ACCESS: RetailerAccess = RetailerAccess::Read;
}
impl AccessLevel for Operate {
    const ACCESS: RetailerAccess = RetailerAccess::Operate;
}
impl AccessLevel for Manage {
    const ACCESS: RetailerAccess = RetailerAccess::Manage;
}

/// The retailer `retailer_id`, once `user` is allowed `access` on it: the one check
/// every face makes (staff of another retailer, and ids that name nothing, get
/// `NotFound`).
pub async fn authorized_retailer(
    state: &AppState,
    user: &Principal,
    retailer_id: String,
    access: RetailerAccess,
) -> Result<Retailer, ApiError> {
    user.authorize_retailer(&retailer_id, access)?;
    if !ids::is_well_formed(&retailer_id) {
        return Err(DomainError::NotFound("retailer").into());
    }
    state
        .db(move |conn| retailers::get(conn, &retailer_id))
        .await
}

/// An authenticated caller allowed `A` on the retailer of the path, and that retailer.
#[derive(Debug)]
pub struct RetailerScope<A> {
    /// Who is asking.
    pub user: Principal,
    /// The retailer named by the path's `{retailer_id}`.
    pub retailer: Retailer,
    access: PhantomData<A>,
}

impl<A: AccessLevel> FromRequest for RetailerScope<A> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let user = AuthUser::from_request(req, payload).into_inner();
        let retailer_id = req.match_info().get("retailer_id").map(str::to_owned);
        let state = req.app_data::<web::Data<AppState>>().cloned();
        Box::pin(async move {
            let AuthUser(user) = user?;
            let (Some(retailer_id), Some(state)) = (retailer_id, state) else {
                return Err(DomainError::internal(anyhow::anyhow!(
                    "retailer scope outside a /retailers/{{retailer_id}} route"
                ))
                .into());
            };
            let retailer = authorized_retailer(&state, &user, retailer_id, A::ACCESS).await?;
            Ok(Self {
                user,
                retailer,
                access: PhantomData,
            })
        })
    }
}
