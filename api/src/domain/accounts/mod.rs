//! Accounts and authentication: users and roles, password hashing, access tokens (JWT),
//! rotating refresh tokens, browser sessions and login throttling.

pub mod access_tokens;
pub mod invitations;
pub mod language;
pub mod opaque_tokens;
pub mod password;
pub mod referrals;
pub mod refresh_tokens;
pub mod sessions;
pub mod throttle;
pub mod users;
pub mod web_sessions;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What a user may do. Retailer admins and operators belong to exactly one retailer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Shops by scanning posters.
    Customer,
    /// Manages one retailer's catalogue and posters.
    RetailerAdmin,
    /// Runs one retailer's deliveries.
    Operator,
    /// Runs the platform; sees every retailer.
    PlatformAdmin,
}

impl Role {
    /// The name stored in the database and carried in tokens.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Customer => "customer",
            Self::RetailerAdmin => "retailer_admin",
            Self::Operator => "operator",
            Self::PlatformAdmin => "platform_admin",
        }
    }

    /// Parses a stored or typed role name.
    pub fn parse(name: &str) -> Option<Self> {
        [
            Self::Customer,
            Self::RetailerAdmin,
            Self::Operator,
            Self::PlatformAdmin,
        ]
        .into_iter()
        .find(|role| role.as_str() == name)
    }

    /// True for roles that belong to one retailer.
    pub fn is_retailer_staff(self) -> bool {
        matches!(self, Self::RetailerAdmin | Self::Operator)
    }
}

/// Who is calling, as proven by a valid access token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// The user's id.
    pub user_id: String,
    /// The user's role.
    pub role: Role,
    /// The retailer a staff member belongs to.
    pub retailer_id: Option<String>,
}

/// What a caller wants to do with a retailer's resources.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetailerAccess {
    /// Read catalogue, orders and lists.
    Read,
    /// Move orders through delivery (operators and admins).
    Operate,
    /// Change catalogue and posters.
    Manage,
}

impl Principal {
    /// The one place that decides who may touch a retailer's resources. Staff of another
    /// retailer get `NotFound`, so they cannot even learn that the resource exists.
    pub fn authorize_retailer(
        &self,
        retailer_id: &str,
        access: RetailerAccess,
    ) -> Result<(), super::DomainError> {
        use super::DomainError;
        match self.role {
            Role::PlatformAdmin => Ok(()),
            Role::RetailerAdmin | Role::Operator
                if self.retailer_id.as_deref() != Some(retailer_id) =>
            {
                Err(DomainError::NotFound("retailer"))
            }
            Role::RetailerAdmin => Ok(()),
            Role::Operator if access != RetailerAccess::Manage => Ok(()),
            Role::Operator | Role::Customer => Err(DomainError::Forbidden),
        }
    }

    /// Only customers pass (carts, checkout and one's own orders are theirs alone); the
    /// customer's user id.
    pub fn require_customer(&self) -> Result<&str, super::DomainError> {
        if self.role == Role::Customer {
            Ok(&self.user_id)
        } else {
            Err(super::DomainError::Forbidden)
        }
    }

    /// Only platform admins pass.
    pub fn require_platform_admin(&self) -> Result<(), super::DomainError> {
        if self.role == Role::PlatformAdmin {
            Ok(())
        } else {
            Err(super::DomainError::Forbidden)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::DomainError;

    fn staff(role: Role, retailer: &str) -> Principal {
        Principal {
            user_id: "u".into(),
            role,
            retailer_id: Some(retailer.into()),
        }
    }

    #[test]
    fn other_retailers_are_invisible() {
        let admin = staff(Role::RetailerAdmin, "a");
        assert!(
            admin
                .authorize_retailer("a", RetailerAccess::Manage)
                .is_ok()
        );
        assert!(matches!(
            admin.authorize_retailer("b", RetailerAccess::Read),
            Err(DomainError::NotFound(_))
        ));
    }

    #[test]
    fn operators_read_but_do_not_manage() {
        let operator = staff(Role::Operator, "a");
        assert!(
            operator
                .authorize_retailer("a", RetailerAccess::Read)
                .is_ok()
        );
        assert!(matches!(
            operator.authorize_retailer("a", RetailerAccess::Manage),
            Err(DomainError::Forbidden)
        ));
    }

    #[test]
    fn customers_are_forbidden_and_platform_admins_allowed() {
        let customer = Principal {
            user_id: "c".into(),
            role: Role::Customer,
            retailer_id: None,
        };
        assert!(matches!(
            customer.authorize_retailer("a", RetailerAccess::Read),
            Err(DomainError::Forbidden)
        ));
        let root = Principal {
            role: Role::PlatformAdmin,
            ..customer
        };
        assert!(root.authorize_retailer("a", RetailerAccess::Manage).is_ok());
    }

    #[test]
    fn role_names_round_trip() {
        for name in ["customer", "retailer_admin", "operator", "platform_admin"] {
            assert_eq!(Role::parse(name).map(Role::as_str), Some(name));
        }
        assert_eq!(Role::parse("root"), None);
    }
}
