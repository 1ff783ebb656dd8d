//! Operators' order lists: the orders of a day, a slot or a zone with address and lines,
//! in the order a van is loaded (slot start, then postal code, then number); searched by
//! order number, the customer's phone or name.

use std::collections::HashMap;

use chrono::NaiveDate;
use diesel::prelude::*;

use super::{Order, OrderAddress, OrderItem, OrderStatus};
use crate::db::DbConnection;
use crate::db::schema::{delivery_slots, delivery_zones, order_addresses, order_items, orders};
use crate::domain::delivery::slots::Slot;
use crate::domain::delivery::zones;
use crate::domain::search::{contains_pattern, lower};
use crate::domain::{DomainError, FieldError};

#[diesel::declare_sql_function]
extern "SQL" {
    /// SQL `replace()`: strips the separators people type in numbers.
    fn replace(
        text: diesel::sql_types::Text,
        from: diesel::sql_types::Text,
        to: diesel::sql_types::Text,
    ) -> diesel::sql_types::Text;
}

/// Longest search term.
pub const MAX_SEARCH_CHARS: usize = 100;
/// Fewest digits a term needs to be looked up as a phone number.
const MIN_PHONE_DIGITS: usize = 3;

/// Largest page of a list.
pub const MAX_PER_PAGE: u32 = 500;
/// Page size when none is asked for.
pub const DEFAULT_PER_PAGE: u32 = 100;
/// Most orders one unpaginated answer (a CSV export, a pick list) covers; a wider one has
/// to be narrowed by filters rather than built in memory.
pub const MAX_UNPAGINATED: usize = 10_000;
/// Order ids per `IN (…)` when loading lines: far below SQLite's bound-parameter limit.
const ID_CHUNK: usize = 500;

/// The filters as a client spells them (query string values); empty means absent.
#[derive(Debug, Clone, Copy, Default)]
pub struct FilterText<'a> {
    /// Local date of the delivery slot, `YYYY-MM-DD`.
    pub date: Option<&'a str>,
    /// One delivery slot.
    pub slot_id: Option<&'a str>,
    /// The delivery zone of the slot.
    pub zone_id: Option<&'a str>,
    /// One order status by name.
    pub status: Option<&'a str>,
    /// Part of the order number, the customer's phone or the recipient's name.
    pub q: Option<&'a str>,
}

/// Which orders to list; every filter given applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    /// Local date of the delivery slot.
    pub date: Option<NaiveDate>,
    /// One delivery slot.
    pub slot_id: Option<String>,
    /// The slot's delivery zone.
    pub zone_id: Option<String>,
    /// Statuses included (never empty).
    pub statuses: Vec<OrderStatus>,
    /// A search term: part of the order number (with or without its dash, any case),
    /// of the recipient's name, or, for a term of digits and separators, of the phone.
    pub search: Option<String>,
}

/// True for the statuses an order reaches only once it was paid: everything but the
/// checkout's own `pending_payment` and its failed ends. Cancelled orders stay in the
/// lists, so an operator sees that an order of the slot went away.
fn was_confirmed(status: OrderStatus) -> bool {
    !matches!(
        status,
        OrderStatus::PendingPayment | OrderStatus::PaymentFailed | OrderStatus::Expired
    )
}

fn present(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|v| !v.is_empty())
}

impl Filter {
    /// Validates the filters as sent; every malformed one is a field error. Without a
    /// status, every order that was ever confirmed is included.
    pub fn parse(text: FilterText<'_>) -> Result<Self, DomainError> {
        let mut errors = Vec::new();
        let date = present(text.date).and_then(|date| {
            // chrono also reads `2026-1-5` and signed years: only the canonical spelling
            // is a date here, as the API documents it.
            let parsed = NaiveDate::parse_from_str(date, "%Y-%m-%d")
                .ok()
                .filter(|parsed| parsed.format("%Y-%m-%d").to_string() == date);
            if parsed.is_none() {
                errors.push(FieldError::new("date", "must be a date as YYYY-MM-DD"));
            }
            parsed
        });
        let statuses = match present(text.status) {
            None => OrderStatus::ALL
                .into_iter()
                .filter(|s| was_confirmed(*s))
                .collect(),
            Some(name) => match OrderStatus::parse(name) {
                Some(status) => vec![status],
                None => {
                    let names: Vec<&str> = OrderStatus::ALL.iter().map(|s| s.as_str()).collect();
                    errors.push(FieldError::new(
                        "status",
                        format!("must be one of {}", names.join(", ")),
                    ));
                    Vec::new()
                }
            },
        };
        let search = present(text.q).map(str::to_owned);
        if search
            .as_ref()
            .is_some_and(|q| q.chars().count() > MAX_SEARCH_CHARS)
        {
            errors.push(FieldError::new(
                "q",
                format!("must be at most {MAX_SEARCH_CHARS} characters"),
            ));
        }
        if !errors.is_empty() {
            return Err(DomainError::Invalid(errors));
        }
        Ok(Self {
            date,
            slot_id: present(text.slot_id).map(str::to_owned),
            zone_id: present(text.zone_id).map(str::to_owned),
            statuses,
            search,
        })
    }
}

/// Which page of a list, 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    /// Page number, from 1.
    pub page: u32,
    /// Orders per page, 1 to [`MAX_PER_PAGE`].
    pub per_page: u32,
}

impl PageRequest {
    /// Validates a page request; absent values take the defaults (page 1,
    /// [`DEFAULT_PER_PAGE`]).
    pub fn new(page: Option<u32>, per_page: Option<u32>) -> Result<Self, DomainError> {
        let (page, per_page) = (page.unwrap_or(1), per_page.unwrap_or(DEFAULT_PER_PAGE));
        let mut errors = Vec::new();
        if page == 0 {
            errors.push(FieldError::new("page", "must be 1 or more"));
        }
        if !(1..=MAX_PER_PAGE).contains(&per_page) {
            errors.push(FieldError::new(
                "per_page",
                format!("must be between 1 and {MAX_PER_PAGE}"),
            ));
        }
        if errors.is_empty() {
            Ok(Self { page, per_page })
        } else {
            Err(DomainError::Invalid(errors))
        }
    }
}

/// An order as an operator's list shows it.
#[derive(Debug, Clone)]
pub struct ListedOrder {
    /// The order.
    pub order: Order,
    /// Where it goes.
    pub address: OrderAddress,
    /// When it goes.
    pub slot: Slot,
    /// Its lines, in order.
    pub items: Vec<OrderItem>,
}

/// One page of a list.
#[derive(Debug)]
pub struct Page {
    /// The orders on this page.
    pub orders: Vec<ListedOrder>,
    /// The next page's number; `None` on the last.
    pub next_page: Option<u32>,
}

/// One page of the retailer's orders matching `filter`.
pub fn page(
    conn: &mut DbConnection,
    retailer_id: &str,
    filter: &Filter,
    request: PageRequest,
) -> Result<Page, DomainError> {
    verify(conn, retailer_id, filter)?;
    let per_page = i64::from(request.per_page);
    let offset = i64::from(request.page - 1) * per_page;
    let mut orders = load(conn, retailer_id, filter, offset, per_page + 1)?;
    let next_page = (orders.len() as i64 > per_page).then(|| {
        orders.truncate(request.per_page as usize);
        request.page + 1
    });
    Ok(Page { orders, next_page })
}

/// Every order matching `filter`, for answers that are not paginated. More than
/// [`MAX_UNPAGINATED`] is refused with `too_many_orders`.
pub fn all(
    conn: &mut DbConnection,
    retailer_id: &str,
    filter: &Filter,
) -> Result<Vec<ListedOrder>, DomainError> {
    verify(conn, retailer_id, filter)?;
    let orders = load(conn, retailer_id, filter, 0, MAX_UNPAGINATED as i64 + 1)?;
    if orders.len() > MAX_UNPAGINATED {
        return Err(DomainError::Unprocessable {
            code: "too_many_orders",
            message: format!(
                "more than {MAX_UNPAGINATED} orders match; narrow the list by date, slot or zone"
            ),
        });
    }
    Ok(orders)
}

/// Refuses a slot or zone that is not the retailer's, as a field error: a typo in a
/// filter should not look like a quiet day.
fn verify(conn: &mut DbConnection, retailer_id: &str, filter: &Filter) -> Result<(), DomainError> {
    let mut errors = Vec::new();
    if let Some(slot_id) = &filter.slot_id {
        let found: i64 = delivery_slots::table
            .inner_join(delivery_zones::table)
            .filter(delivery_slots::id.eq(slot_id))
            .filter(delivery_zones::retailer_id.eq(retailer_id))
            .count()
            .get_result(conn)?;
        if found == 0 {
            errors.push(FieldError::new(
                "slot_id",
                "no delivery slot of this retailer has this id",
            ));
        }
    }
    if let Some(zone_id) = &filter.zone_id {
        match zones::get(conn, retailer_id, zone_id) {
            Ok(_) => {}
            Err(DomainError::NotFound(_)) => errors.push(FieldError::new(
                "zone_id",
                "no delivery zone of this retailer has this id",
            )),
            Err(other) => return Err(other),
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(DomainError::Invalid(errors))
    }
}

fn load(
    conn: &mut DbConnection,
    retailer_id: &str,
    filter: &Filter,
    offset: i64,
    limit: i64,
) -> Result<Vec<ListedOrder>, DomainError> {
    let mut query = orders::table
        .inner_join(delivery_slots::table)
        .inner_join(order_addresses::table)
        .filter(orders::retailer_id.eq(retailer_id))
        .filter(orders::status.eq_any(&filter.statuses))
        .select((
            Order::as_select(),
            OrderAddress::as_select(),
            Slot::as_select(),
        ))
        .order((
            delivery_slots::starts_at.asc(),
            order_addresses::postal_code.asc(),
            orders::number.asc(),
        ))
        .offset(offset)
        .limit(limit)
        .into_boxed();
    if let Some(date) = filter.date {
        query = query.filter(delivery_slots::local_date.eq(date.to_string()));
    }
    if let Some(slot_id) = &filter.slot_id {
        query = query.filter(delivery_slots::id.eq(slot_id.clone()));
    }
    if let Some(zone_id) = &filter.zone_id {
        query = query.filter(delivery_slots::zone_id.eq(zone_id.clone()));
    }
    if let Some(term) = &filter.search {
        let by_text = lower(order_addresses::name)
            .like(contains_pattern(term))
            .escape('\\')
            .or(lower(replace(orders::number, "-", ""))
                .like(contains_pattern(&term.replace('-', "")))
                .escape('\\'));
        query = match phone_digits(term) {
            Some(digits) => {
                let phone = replace(
                    replace(
                        replace(
                            replace(replace(order_addresses::phone, " ", ""), "-", ""),
                            "+",
                            "",
                        ),
                        "(",
                        "",
                    ),
                    ")",
                    "",
                );
                query.filter(by_text.or(phone.like(format!("%{digits}%"))))
            }
            None => query.filter(by_text),
        };
    }
    let rows: Vec<(Order, OrderAddress, Slot)> = query.load(conn)?;
    let mut items = items_of(conn, rows.iter().map(|(order, ..)| order.id.as_str()))?;
    Ok(rows
        .into_iter()
        .map(|(order, address, slot)| ListedOrder {
            items: items.remove(&order.id).unwrap_or_default(),
            order,
            address,
            slot,
        })
        .collect())
}

/// The digits of a term that looks like (part of) a phone number: digits and the
/// separators people type, with enough digits to mean something.
fn phone_digits(term: &str) -> Option<String> {
    let phone_like = term
        .chars()
        .all(|c| c.is_ascii_digit() || " -+().".contains(c));
    let digits: String = term.chars().filter(char::is_ascii_digit).collect();
    (phone_like && digits.len() >= MIN_PHONE_DIGITS).then_some(digits)
}

/// The lines of these orders, by order id, each order's in position order.
fn items_of<'a>(
    conn: &mut DbConnection,
    order_ids: impl Iterator<Item = &'a str>,
) -> Result<HashMap<String, Vec<OrderItem>>, DomainError> {
    let ids: Vec<&str> = order_ids.collect();
    let mut by_order: HashMap<String, Vec<OrderItem>> = HashMap::new();
    for chunk in ids.chunks(ID_CHUNK) {
        let items: Vec<OrderItem> = order_items::table
            .filter(order_items::order_id.eq_any(chunk))
            .order((order_items::order_id.asc(), order_items::position.asc()))
            .select(OrderItem::as_select())
            .load(conn)?;
        for item in items {
            by_order
                .entry(item.order_id.clone())
                .or_default()
                .push(item);
        }
    }
    Ok(by_order)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_a_status_lists_every_order_that_was_paid() {
        let filter = Filter::parse(FilterText::default()).expect("no filters");
        assert!(filter.statuses.contains(&OrderStatus::Confirmed));
        assert!(filter.statuses.contains(&OrderStatus::Cancelled));
        assert!(filter.statuses.contains(&OrderStatus::Returned));
        assert!(!filter.statuses.contains(&OrderStatus::PendingPayment));
        assert!(!filter.statuses.contains(&OrderStatus::PaymentFailed));
        assert!(!filter.statuses.contains(&OrderStatus::Expired));
    }

    #[test]
    fn parses_filters_and_treats_empty_as_absent() {
        let filter = Filter::parse(FilterText {
            date: Some("2026-11-24"),
            slot_id: Some(""),
            zone_id: Some(" z "),
            status: Some("picking"),
            q: Some(" 7Q2K "),
        })
        .expect("valid");
        assert_eq!(filter.date, NaiveDate::from_ymd_opt(2026, 11, 24));
        assert_eq!(filter.slot_id, None);
        assert_eq!(filter.zone_id.as_deref(), Some("z"));
        assert_eq!(filter.statuses, vec![OrderStatus::Picking]);
        assert_eq!(filter.search.as_deref(), Some("7Q2K"));
    }

    #[test]
    fn names_every_bad_filter() {
        let Err(DomainError::Invalid(errors)) = Filter::parse(FilterText {
            date: Some("2026-13-01"),
            status: Some("shipped"),
            ..FilterText::default()
        }) else {
            panic!("expected field errors");
        };
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["date", "status"]);
    }

    #[test]
    fn reads_dates_only_as_yyyy_mm_dd() {
        for date in ["2026-1-5", "+2026-01-05", "26-01-05", "2026-01-05T00:00"] {
            let text = FilterText {
                date: Some(date),
                ..FilterText::default()
            };
            assert!(Filter::parse(text).is_err(), "{date}");
        }
    }

    #[test]
    fn only_phone_like_terms_search_phones() {
        assert_eq!(phone_digits("010-1234").as_deref(), Some("0101234"));
        assert_eq!(phone_digits("+82 (10) 55").as_deref(), Some("821055"));
        assert_eq!(phone_digits("7Q2K-9XJ4"), None);
        assert_eq!(phone_digits("12"), None);
    }

    #[test]
    fn bounds_pages() {
        assert_eq!(
            PageRequest::new(None, None).ok(),
            Some(PageRequest {
                page: 1,
                per_page: DEFAULT_PER_PAGE
            })
        );
        assert!(PageRequest::new(Some(0), Some(10)).is_err());
        assert!(PageRequest::new(Some(1), Some(MAX_PER_PAGE + 1)).is_err());
        assert!(PageRequest::new(Some(3), Some(MAX_PER_PAGE)).is_ok());
    }
}
