//! The operator pages' texts: the day's slots, a slot with its pick list and bag labels,
//! an order with its moves.

use crate::app::pages::i18n::Lang;

/// Every fixed text of the operator pages, in one language.
#[derive(Debug)]
pub struct OpsStrings {
    /// The face's name, in the header and titles.
    pub brand: &'static str,
    /// Title of the sign-in page.
    pub signin_title: &'static str,
    /// Who the sign-in is for.
    pub signin_intro: &'static str,
    /// Title of the day's slots.
    pub today_title: &'static str,
    /// Says the list reloads by itself.
    pub refreshes: &'static str,
    /// Link that stops the reloading.
    pub stop_refreshing: &'static str,
    /// Says the list does not reload.
    pub refresh_off: &'static str,
    /// Link that starts the reloading again.
    pub start_refreshing: &'static str,
    /// A day without delivery slots.
    pub no_slots_day: &'static str,
    /// A slot without orders yet.
    pub slot_empty: &'static str,
    /// An error page's way back to the day's slots.
    pub back_to_today: &'static str,
    /// An error page's advice when the page was not found.
    pub not_found_body: &'static str,
    /// Column: the slot's time window.
    pub window: &'static str,
    /// Column: the delivery zone.
    pub zone: &'static str,
    /// Column: orders.
    pub orders: &'static str,
    /// Column: units to deliver.
    pub units: &'static str,
    /// Column: orders being picked.
    pub picking: &'static str,
    /// Column: orders out for delivery.
    pub out: &'static str,
    /// Column: orders delivered.
    pub delivered: &'static str,
    /// Column: failed deliveries.
    pub failed: &'static str,
    /// Heading of a slot's orders.
    pub loading_order: &'static str,
    /// A slot without orders.
    pub no_orders_slot: &'static str,
    /// Heading of the pick list.
    pub pick_list: &'static str,
    /// Link to the pick list's PDF.
    pub pick_pdf: &'static str,
    /// Link to the pick list's CSV.
    pub pick_csv: &'static str,
    /// Link to the bag labels and their title.
    pub labels: &'static str,
    /// Which orders get a label, and how to print them.
    pub labels_hint: &'static str,
    /// How many labels the sheet holds.
    pub labels_count: &'static str,
    /// The pick list is empty.
    pub nothing_to_pick: &'static str,
    /// Column: SKU.
    pub sku: &'static str,
    /// Column: product.
    pub product: &'static str,
    /// Column: units to pick.
    pub quantity: &'static str,
    /// A product without a photo.
    pub no_photo: &'static str,
    /// Link to the address on a map.
    pub map: &'static str,
    /// Link that calls the customer.
    pub call: &'static str,
    /// Heading of an order's lines; a label's item count.
    pub items: &'static str,
    /// Link back to the day's slots.
    pub all_slots: &'static str,
    /// Link from an order to its slot.
    pub to_slot: &'static str,
    /// Title prefix of an order.
    pub order: &'static str,
    /// Label of the status.
    pub status: &'static str,
    /// Label of the delivery slot.
    pub slot: &'static str,
    /// Label of the delivery address.
    pub address: &'static str,
    /// Label of the captured amount.
    pub captured: &'static str,
    /// Heading of the history.
    pub history: &'static str,
    /// Who made a change: the service.
    pub by_system: &'static str,
    /// Who made a change: the customer.
    pub by_customer: &'static str,
    /// Heading of the moves.
    pub next_step: &'static str,
    /// No move is left.
    pub no_moves: &'static str,
    /// Button: confirmed → picking.
    pub move_picking: &'static str,
    /// Button: picking → out for delivery.
    pub move_out: &'static str,
    /// Explains the picked quantities.
    pub picked_hint: &'static str,
    /// Label of a picked quantity.
    pub picked: &'static str,
    /// "of" before the ordered quantity.
    pub ordered: &'static str,
    /// Button: delivered.
    pub move_delivered: &'static str,
    /// Button: delivery failed.
    pub move_failed: &'static str,
    /// Label of the failure's reason.
    pub reason: &'static str,
    /// Label of the reason's free text.
    pub details: &'static str,
    /// The empty choice of a select.
    pub choose: &'static str,
    /// Common reasons a delivery fails: (value, text).
    pub reasons: [(&'static str, &'static str); 6],
    /// Button: return to stock and refund.
    pub move_return: &'static str,
    /// Button: reschedule.
    pub move_reschedule: &'static str,
    /// Label of the new slot.
    pub new_slot: &'static str,
    /// The zone has no bookable slot.
    pub no_slots: &'static str,
    /// Notice: another operator moved the order first; followed by its status.
    pub moved_meanwhile: &'static str,
    /// Confirmation of a move; followed by the new status.
    pub done: &'static str,
    /// A picked quantity out of range.
    pub err_picked: &'static str,
    /// Nothing picked at all.
    pub err_nothing_picked: &'static str,
    /// A failure without a reason.
    pub err_reason: &'static str,
    /// A note over 500 characters.
    pub err_note: &'static str,
    /// No or a wrong slot chosen.
    pub err_slot: &'static str,
    /// The chosen slot cannot be booked.
    pub err_slot_full: &'static str,
    /// The capture failed.
    pub err_capture: &'static str,
    /// The capture is still running.
    pub err_capture_pending: &'static str,
    /// Stock below the units picked.
    pub err_stock: &'static str,
}

const EN: OpsStrings = OpsStrings {
    brand: "Deliveries",
    signin_title: "Sign in to deliveries",
    signin_intro: "For delivery operators and retailer admins.",
    today_title: "Today and the next days",
    refreshes: "This list refreshes itself every 30 seconds.",
    stop_refreshing: "Stop refreshing",
    refresh_off: "This list does not refresh itself.",
    start_refreshing: "Refresh every 30 seconds",
    no_slots_day: "No delivery slots on this day.",
    slot_empty: "No orders yet.",
    back_to_today: "Back to the day's slots",
    not_found_body: "Check the address, or start again from the day's slots.",
    window: "Window",
    zone: "Zone",
    orders: "Orders",
    units: "Units",
    picking: "Picking",
    out: "Out",
    delivered: "Delivered",
    failed: "Failed",
    loading_order: "Orders in loading order",
    no_orders_slot: "No orders in this slot.",
    pick_list: "Pick list",
    pick_pdf: "Pick list PDF",
    pick_csv: "Pick list CSV",
    labels: "Bag labels",
    labels_hint: "One label per order still to load and deliver (confirmed, being \
                  picked, out for delivery). Print on A4 paper: eight labels to a page.",
    labels_count: "Labels on this sheet",
    nothing_to_pick: "Nothing left to pick in this slot.",
    sku: "SKU",
    product: "Product",
    quantity: "Units",
    no_photo: "No photo",
    map: "Map",
    call: "Call",
    items: "Items",
    all_slots: "All slots",
    to_slot: "Its slot",
    order: "Order",
    status: "Status",
    slot: "Slot",
    address: "Address",
    captured: "Captured",
    history: "History",
    by_system: "System",
    by_customer: "Customer",
    next_step: "Next step",
    no_moves: "Nothing more to do with this order.",
    move_picking: "Start picking",
    move_out: "Out for delivery",
    picked_hint: "Picked units per line; lower a number for a short pick.",
    picked: "Picked",
    ordered: "of",
    move_delivered: "Delivered",
    move_failed: "Delivery failed",
    reason: "Reason",
    details: "Details",
    choose: "Choose…",
    reasons: [
        ("absent", "No one at home"),
        ("address", "Address not found"),
        ("refused", "Refused by the customer"),
        ("access", "No access to the building"),
        ("damaged", "Goods damaged"),
        ("other", "Other"),
    ],
    move_return: "Return to stock and refund",
    move_reschedule: "Reschedule",
    new_slot: "New slot",
    no_slots: "No bookable slot in this zone.",
    moved_meanwhile: "Another operator moved this order first. It is now:",
    done: "Done. The order is now:",
    err_picked: "Enter 0 up to the units ordered.",
    err_nothing_picked: "Nothing was picked: an empty order cannot go out.",
    err_reason: "Choose or write a reason.",
    err_note: "Write at most 500 characters.",
    err_slot: "Choose a bookable slot of this zone.",
    err_slot_full: "That slot cannot take the order any more; choose another.",
    err_capture: "The payment could not be captured; the order stays in picking.",
    err_capture_pending: "The payment is still being captured; try again in a moment.",
    err_stock: "The recorded stock is below the units picked: correct the stock or record a short pick.",
};

const KO: OpsStrings = OpsStrings {
    brand: "배송",
    signin_title: "배송 로그인",
    signin_intro: "배송 담당자와 소매점 관리자용입니다.",
    today_title: "오늘과 다음 날",
    refreshes: "이 목록은 30초마다 새로 고쳐집니다.",
    stop_refreshing: "자동 새로 고침 끄기",
    refresh_off: "이 목록은 자동으로 새로 고쳐지지 않습니다.",
    start_refreshing: "30초마다 새로 고치기",
    no_slots_day: "이 날은 배송 시간대가 없습니다.",
    slot_empty: "아직 주문이 없습니다.",
    back_to_today: "오늘의 배송 시간대로 돌아가기",
    not_found_body: "주소를 확인하거나 오늘의 배송 시간대에서 다시 시작해 주세요.",
    window: "시간",
    zone: "구역",
    orders: "주문",
    units: "수량",
    picking: "피킹 중",
    out: "배송 중",
    delivered: "배송 완료",
    failed: "배송 실패",
    loading_order: "적재 순서대로 본 주문",
    no_orders_slot: "이 시간대에는 주문이 없습니다.",
    pick_list: "피킹 목록",
    pick_pdf: "피킹 목록 PDF",
    pick_csv: "피킹 목록 CSV",
    labels: "봉투 라벨",
    labels_hint: "아직 싣고 배송할 주문(주문 확정, 피킹 중, 배송 중)마다 라벨 한 장. \
                  A4 용지에 인쇄하세요. 한 장에 라벨 8개가 들어갑니다.",
    labels_count: "이 시트의 라벨 수",
    nothing_to_pick: "이 시간대에 피킹할 상품이 남아 있지 않습니다.",
    sku: "SKU",
    product: "상품",
    quantity: "수량",
    no_photo: "사진 없음",
    map: "지도",
    call: "전화",
    items: "상품",
    all_slots: "전체 시간대",
    to_slot: "이 주문의 시간대",
    order: "주문",
    status: "상태",
    slot: "배송 시간대",
    address: "주소",
    captured: "결제 확정 금액",
    history: "이력",
    by_system: "시스템",
    by_customer: "고객",
    next_step: "다음 단계",
    no_moves: "이 주문에 더 할 일이 없습니다.",
    move_picking: "피킹 시작",
    move_out: "배송 출발",
    picked_hint: "줄마다 피킹한 수량입니다. 부족하면 숫자를 줄이세요.",
    picked: "피킹 수량",
    ordered: "/",
    move_delivered: "배송 완료",
    move_failed: "배송 실패",
    reason: "사유",
    details: "상세 내용",
    choose: "선택하세요…",
    reasons: [
        ("absent", "부재중"),
        ("address", "주소를 찾을 수 없음"),
        ("refused", "고객이 수령 거부"),
        ("access", "건물 출입 불가"),
        ("damaged", "상품 파손"),
        ("other", "기타"),
    ],
    move_return: "재입고하고 환불",
    move_reschedule: "다시 배송 예약",
    new_slot: "새 배송 시간대",
    no_slots: "이 구역에 예약할 수 있는 시간대가 없습니다.",
    moved_meanwhile: "다른 담당자가 먼저 이 주문을 처리했습니다. 현재 상태:",
    done: "완료했습니다. 현재 상태:",
    err_picked: "0부터 주문 수량까지 입력하세요.",
    err_nothing_picked: "피킹한 상품이 없어 배송을 출발할 수 없습니다.",
    err_reason: "사유를 고르거나 적어 주세요.",
    err_note: "500자 이내로 적어 주세요.",
    err_slot: "이 구역의 예약 가능한 시간대를 고르세요.",
    err_slot_full: "그 시간대는 더 이상 주문을 받을 수 없습니다. 다른 시간대를 고르세요.",
    err_capture: "결제를 확정하지 못해 주문이 피킹 중으로 남았습니다.",
    err_capture_pending: "결제 확정이 진행 중입니다. 잠시 후 다시 시도하세요.",
    err_stock: "기록된 재고가 피킹 수량보다 적습니다. 재고를 고치거나 부족 피킹으로 기록하세요.",
};

/// The operator pages' strings in `lang`.
pub fn strings(lang: Lang) -> &'static OpsStrings {
    match lang {
        Lang::Ko => &KO,
        Lang::En => &EN,
    }
}
