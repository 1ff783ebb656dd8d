//! The orders pages' strings: the search and filters of the list, an order's page with
//! its lines, slot, address, payment and history, and the cancellation form.
use crate::app::pages::i18n::Lang;

/// Every fixed text of these pages, in one language.
#[derive(Debug)]
pub struct OrdersStrings {
    /// Title of the order list.
    pub title: &'static str,
    /// Label of the search input.
    pub search: &'static str,
    /// Label and column: status.
    pub status: &'static str,
    /// The status filter's empty choice.
    pub any_status: &'static str,
    /// Label: delivery date.
    pub date: &'static str,
    /// Button that searches and filters.
    pub apply: &'static str,
    /// Column: order number.
    pub number: &'static str,
    /// Column: recipient.
    pub customer: &'static str,
    /// Column: phone.
    pub phone: &'static str,
    /// Column and heading: delivery slot.
    pub slot: &'static str,
    /// Column: total.
    pub total: &'static str,
    /// No order matches.
    pub no_orders: &'static str,
    /// Link to the previous page.
    pub previous_page: &'static str,
    /// Summary above bad filters.
    pub not_found_filter: &'static str,
    /// A bad date.
    pub err_date: &'static str,
    /// A search term too long.
    pub err_q: &'static str,
    /// Link back to the list.
    pub back: &'static str,
    /// Title of an order's page, before its number.
    pub order: &'static str,
    /// Heading of the lines.
    pub lines: &'static str,
    /// Column: SKU.
    pub sku: &'static str,
    /// Column: product.
    pub product: &'static str,
    /// Column: quantity.
    pub quantity: &'static str,
    /// Column: units picked.
    pub picked: &'static str,
    /// Column: unit price.
    pub unit_price: &'static str,
    /// Column: line total.
    pub line_total: &'static str,
    /// Items total.
    pub items_total: &'static str,
    /// Delivery fee.
    pub delivery_fee: &'static str,
    /// Heading: address.
    pub address: &'static str,
    /// Heading: payment.
    pub payment: &'static str,
    /// Amount authorized.
    pub authorized: &'static str,
    /// Amount captured.
    pub captured: &'static str,
    /// Amount voided.
    pub voided: &'static str,
    /// Amount refunded.
    pub refunded: &'static str,
    /// Label: the status reason.
    pub reason: &'static str,
    /// Heading: history.
    pub history: &'static str,
    /// Column: when.
    pub when: &'static str,
    /// Column: the status change.
    pub change: &'static str,
    /// Column: who.
    pub by: &'static str,
    /// Column: note.
    pub note: &'static str,
    /// Changes made by the service.
    pub by_system: &'static str,
    /// Changes made by the customer.
    pub by_customer: &'static str,
    /// The order's creation in the history.
    pub created: &'static str,
    /// Heading of the cancellation form.
    pub cancel_heading: &'static str,
    /// What cancelling does.
    pub cancel_intro: &'static str,
    /// Label of the reason.
    pub cancel_reason: &'static str,
    /// Button that cancels.
    pub cancel_button: &'static str,
    /// A bad reason.
    pub err_reason: &'static str,
    /// Why an order offers no cancellation.
    pub not_cancellable: &'static str,
    /// Notice after a cancellation.
    pub cancelled: &'static str,
}

static EN: OrdersStrings = OrdersStrings {
    title: "Orders",
    search: "Order number, phone or name",
    status: "Status",
    any_status: "Any status",
    date: "Delivery date",
    apply: "Search",
    number: "Number",
    customer: "Customer",
    phone: "Phone",
    slot: "Delivery slot",
    total: "Total",
    no_orders: "No order matches.",
    previous_page: "Previous page",
    not_found_filter: "Check the marked filter.",
    err_date: "Enter a date as YYYY-MM-DD.",
    err_q: "Use at most 100 characters.",
    back: "All orders",
    order: "Order",
    lines: "Lines",
    sku: "SKU",
    product: "Product",
    quantity: "Quantity",
    picked: "Picked",
    unit_price: "Unit price",
    line_total: "Line total",
    items_total: "Items",
    delivery_fee: "Delivery fee",
    address: "Address",
    payment: "Payment",
    authorized: "Authorized",
    captured: "Captured",
    voided: "Released (voided)",
    refunded: "Refunded",
    reason: "Reason",
    history: "History",
    when: "When",
    change: "Change",
    by: "By",
    note: "Note",
    by_system: "System",
    by_customer: "Customer",
    created: "Placed",
    cancel_heading: "Cancel on the customer's behalf",
    cancel_intro: "The stock and the delivery slot are released and the payment authorization is voided, so the customer is not charged.",
    cancel_reason: "Reason (recorded in the history)",
    cancel_button: "Cancel the order and release the payment",
    err_reason: "Give a reason (1 to 500 characters).",
    not_cancellable: "This order can no longer be cancelled here: only confirmed orders and orders being picked can be.",
    cancelled: "The order was cancelled and its payment released.",
};

static KO: OrdersStrings = OrdersStrings {
    title: "주문",
    search: "주문번호, 전화번호 또는 이름",
    status: "상태",
    any_status: "모든 상태",
    date: "배송일",
    apply: "검색",
    number: "주문번호",
    customer: "고객",
    phone: "전화번호",
    slot: "배송 시간대",
    total: "합계",
    no_orders: "일치하는 주문이 없습니다.",
    previous_page: "이전 페이지",
    not_found_filter: "표시된 조건을 확인해 주세요.",
    err_date: "YYYY-MM-DD 형식으로 날짜를 입력해 주세요.",
    err_q: "100자 이하로 입력해 주세요.",
    back: "주문 목록",
    order: "주문",
    lines: "주문 상품",
    sku: "SKU",
    product: "상품",
    quantity: "수량",
    picked: "피킹 수량",
    unit_price: "단가",
    line_total: "금액",
    items_total: "상품 합계",
    delivery_fee: "배송비",
    address: "배송지",
    payment: "결제",
    authorized: "승인",
    captured: "매입",
    voided: "승인 취소",
    refunded: "환불",
    reason: "사유",
    history: "이력",
    when: "일시",
    change: "변경",
    by: "처리자",
    note: "메모",
    by_system: "시스템",
    by_customer: "고객",
    created: "주문 생성",
    cancel_heading: "고객 요청으로 주문 취소",
    cancel_intro: "재고와 배송 시간대가 해제되고 결제 승인이 취소되어 고객에게 청구되지 않습니다.",
    cancel_reason: "사유 (이력에 기록됨)",
    cancel_button: "주문 취소 및 결제 취소",
    err_reason: "사유를 입력해 주세요 (1~500자).",
    not_cancellable: "이 주문은 취소할 수 없습니다. 확정 또는 피킹 중인 주문만 취소할 수 있습니다.",
    cancelled: "주문이 취소되고 결제가 취소되었습니다.",
};

/// The strings in `lang`.
pub fn strings(lang: Lang) -> &'static OrdersStrings {
    match lang {
        Lang::Ko => &KO,
        Lang::En => &EN,
    }
}
