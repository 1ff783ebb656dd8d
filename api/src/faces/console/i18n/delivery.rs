//! The delivery settings' strings: the zones, a zone's weekly slots and its calendar of
//! closed dates.

use crate::app::pages::i18n::Lang;

/// Every fixed text of the delivery pages, in one language.
#[derive(Debug)]
pub struct DeliveryStrings {
    /// Title of the zone list.
    pub delivery_title: &'static str,
    /// What zones are for.
    pub delivery_intro: &'static str,
    /// The retailer has no zone yet.
    pub no_zones: &'static str,
    /// Column and label: the zone's name.
    pub name: &'static str,
    /// Column and label: the postal codes or prefixes served.
    pub postal_codes: &'static str,
    /// How to type postal codes.
    pub postal_codes_hint: &'static str,
    /// Column: how many weekly slots the zone has.
    pub weekly_slots: &'static str,
    /// Column: the next closed dates.
    pub next_closed: &'static str,
    /// No closed date ahead.
    pub none: &'static str,
    /// Heading and button: a new zone.
    pub new_zone: &'static str,
    /// Button: create the zone.
    pub create_zone: &'static str,
    /// Heading of the zone's name and codes.
    pub zone: &'static str,
    /// Button: save the zone.
    pub save_zone: &'static str,
    /// Link back to the zone list.
    pub back_to_zones: &'static str,
    /// Link and heading: the calendar of closed dates.
    pub calendar: &'static str,
    /// Heading of the weekly slots.
    pub weekly_slots_title: &'static str,
    /// What the weekly slots are.
    pub weekly_slots_intro: &'static str,
    /// Full weekday names, Monday first.
    pub weekdays: [&'static str; 7],
    /// A weekday without slots.
    pub no_slots: &'static str,
    /// Label and column: local start.
    pub start: &'static str,
    /// Label and column: local end.
    pub end: &'static str,
    /// Hint of a clock time.
    pub time_hint: &'static str,
    /// Label and column: orders per slot.
    pub capacity: &'static str,
    /// Label and column: the delivery fee.
    pub fee: &'static str,
    /// Hint of the fee.
    pub fee_hint: &'static str,
    /// Label and column: prior notice in minutes.
    pub prior_notice: &'static str,
    /// Hint of the prior notice.
    pub prior_notice_hint: &'static str,
    /// Label and column: same-day cutoff.
    pub cutoff: &'static str,
    /// Hint of the cutoff.
    pub cutoff_hint: &'static str,
    /// Label: weekday.
    pub weekday: &'static str,
    /// Column: what can be done with a slot.
    pub actions: &'static str,
    /// Link: edit a slot.
    pub edit: &'static str,
    /// Button: remove a slot.
    pub remove: &'static str,
    /// Heading and button: add a slot.
    pub add_slot: &'static str,
    /// Heading of the form editing a slot.
    pub edit_slot: &'static str,
    /// Button: save the slot.
    pub save_slot: &'static str,
    /// Link: stop editing.
    pub cancel: &'static str,
    /// Shown above a refused form.
    pub not_saved: &'static str,
    /// A month's title, `{month}` and `{year}` replaced.
    pub month_title: &'static str,
    /// Month names.
    pub months: [&'static str; 12],
    /// Link: the previous month.
    pub previous_month: &'static str,
    /// Link: the next month.
    pub next_month: &'static str,
    /// What the calendar shows and does.
    pub calendar_intro: &'static str,
    /// Mark of a closed date.
    pub closed: &'static str,
    /// Mark of today.
    pub today: &'static str,
    /// Button: close a date.
    pub close: &'static str,
    /// Button: reopen a date.
    pub reopen: &'static str,
    /// Accessible name of the close button, `{date}` replaced.
    pub close_date: &'static str,
    /// Accessible name of the reopen button, `{date}` replaced.
    pub reopen_date: &'static str,
    /// Error: the name.
    pub err_name: &'static str,
    /// Error: postal codes unreadable.
    pub err_postal_codes: &'static str,
    /// Error: postal codes served by another zone.
    pub err_postal_taken: &'static str,
    /// Error: a clock time.
    pub err_time: &'static str,
    /// Error: the end not after the start.
    pub err_end: &'static str,
    /// Error: the slot overlaps another on its weekday.
    pub err_overlap: &'static str,
    /// Error: the capacity.
    pub err_capacity: &'static str,
    /// Error: the fee.
    pub err_fee: &'static str,
    /// Error: the prior notice.
    pub err_prior_notice: &'static str,
    /// Error: the weekday.
    pub err_weekday: &'static str,
    /// Error of any other field.
    pub invalid: &'static str,
}

static EN: DeliveryStrings = DeliveryStrings {
    delivery_title: "Delivery",
    delivery_intro: "Each zone serves the postal codes that begin with one of its prefixes; the longest matching prefix wins.",
    no_zones: "No delivery zone yet: customers cannot choose home delivery.",
    name: "Name",
    postal_codes: "Postal codes or prefixes",
    postal_codes_hint: "Separate them with commas or spaces, e.g. 04, 05 06.",
    weekly_slots: "Weekly slots",
    next_closed: "Next closed dates",
    none: "None",
    new_zone: "New zone",
    create_zone: "Create zone",
    zone: "Zone",
    save_zone: "Save zone",
    back_to_zones: "All zones",
    calendar: "Closed dates",
    weekly_slots_title: "Weekly delivery slots",
    weekly_slots_intro: "Every week repeats these slots. A change applies to slots nobody booked yet; booked ones are kept.",
    weekdays: [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ],
    no_slots: "No slot.",
    start: "Start",
    end: "End",
    time_hint: "Local time, HH:MM (end up to 24:00).",
    capacity: "Orders per slot",
    fee: "Delivery fee",
    fee_hint: "As you would write it, e.g. 3,000.",
    prior_notice: "Prior notice (minutes)",
    prior_notice_hint: "Least time between ordering and the slot's start; 0 for none.",
    cutoff: "Same-day cutoff",
    cutoff_hint: "Orders for a slot on the same day must be placed before this local time (HH:MM); empty for none.",
    weekday: "Weekday",
    actions: "Actions",
    edit: "Edit",
    remove: "Remove",
    add_slot: "Add a slot",
    edit_slot: "Edit slot",
    save_slot: "Save slot",
    cancel: "Cancel",
    not_saved: "Nothing was saved. Check the fields marked below.",
    month_title: "{month} {year}",
    months: [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    previous_month: "Previous month",
    next_month: "Next month",
    calendar_intro: "On a closed date the zone delivers nothing: its slots are shown but cannot be booked. Dates before today cannot change.",
    closed: "Closed",
    today: "Today",
    close: "Close",
    reopen: "Reopen",
    close_date: "Close {date}",
    reopen_date: "Reopen {date}",
    err_name: "Enter a name of 1 to 120 characters.",
    err_postal_codes: "Enter one or more postal codes or prefixes of letters and digits (up to 12 each).",
    err_postal_taken: "Another zone already serves one of these prefixes; each prefix belongs to one zone.",
    err_time: "Enter a time as HH:MM, e.g. 18:00.",
    err_end: "The end must be after the start (24:00 at the latest).",
    err_overlap: "This slot overlaps another slot on the same weekday.",
    err_capacity: "Enter a whole number from 0 to 10000.",
    err_fee: "Enter an amount of 0 or more.",
    err_prior_notice: "Enter whole minutes from 0 to 10080 (a week).",
    err_weekday: "Choose a weekday.",
    invalid: "Check this field.",
};

static KO: DeliveryStrings = DeliveryStrings {
    delivery_title: "배송",
    delivery_intro: "각 배송 지역은 우편번호 앞자리로 정합니다. 여러 지역이 맞으면 가장 길게 맞는 앞자리의 지역이 배송합니다.",
    no_zones: "아직 배송 지역이 없습니다. 고객이 배송을 선택할 수 없습니다.",
    name: "이름",
    postal_codes: "우편번호 또는 앞자리",
    postal_codes_hint: "쉼표나 공백으로 구분하세요 (예: 04, 05 06).",
    weekly_slots: "주간 배송 시간대",
    next_closed: "다음 휴무일",
    none: "없음",
    new_zone: "새 배송 지역",
    create_zone: "배송 지역 만들기",
    zone: "배송 지역",
    save_zone: "배송 지역 저장",
    back_to_zones: "전체 배송 지역",
    calendar: "휴무일",
    weekly_slots_title: "주간 배송 시간대",
    weekly_slots_intro: "매주 이 시간대가 반복됩니다. 변경은 아직 예약이 없는 시간대에 적용되고, 예약된 시간대는 유지됩니다.",
    weekdays: [
        "월요일",
        "화요일",
        "수요일",
        "목요일",
        "금요일",
        "토요일",
        "일요일",
    ],
    no_slots: "시간대 없음.",
    start: "시작",
    end: "종료",
    time_hint: "현지 시각, HH:MM (종료는 24:00까지).",
    capacity: "시간대당 주문 수",
    fee: "배송비",
    fee_hint: "평소 쓰는 대로 입력하세요 (예: 3,000).",
    prior_notice: "최소 사전 주문 (분)",
    prior_notice_hint: "주문부터 시간대 시작까지 필요한 최소 시간. 없으면 0.",
    cutoff: "당일 주문 마감",
    cutoff_hint: "같은 날 시간대의 주문은 이 현지 시각(HH:MM) 전에 해야 합니다. 없으면 비워 두세요.",
    weekday: "요일",
    actions: "작업",
    edit: "수정",
    remove: "삭제",
    add_slot: "시간대 추가",
    edit_slot: "시간대 수정",
    save_slot: "시간대 저장",
    cancel: "취소",
    not_saved: "저장되지 않았습니다. 아래 표시된 항목을 확인하세요.",
    month_title: "{year}년 {month}",
    months: [
        "1월", "2월", "3월", "4월", "5월", "6월", "7월", "8월", "9월", "10월", "11월", "12월",
    ],
    previous_month: "이전 달",
    next_month: "다음 달",
    calendar_intro: "휴무일에는 이 지역에 배송하지 않습니다. 시간대는 보이지만 예약할 수 없습니다. 오늘 이전 날짜는 바꿀 수 없습니다.",
    closed: "휴무",
    today: "오늘",
    close: "휴무로 지정",
    reopen: "다시 열기",
    close_date: "{date} 휴무로 지정",
    reopen_date: "{date} 다시 열기",
    err_name: "이름을 1–120자로 입력하세요.",
    err_postal_codes: "영문자와 숫자로 된 우편번호나 앞자리(각 12자 이하)를 하나 이상 입력하세요.",
    err_postal_taken: "다른 배송 지역이 이미 이 앞자리 중 하나를 배송합니다. 앞자리마다 한 지역만 배송할 수 있습니다.",
    err_time: "시각을 HH:MM 형식으로 입력하세요 (예: 18:00).",
    err_end: "종료는 시작보다 뒤여야 합니다 (최대 24:00).",
    err_overlap: "같은 요일의 다른 시간대와 겹칩니다.",
    err_capacity: "0–10000 사이의 정수를 입력하세요.",
    err_fee: "0 이상의 금액을 입력하세요.",
    err_prior_notice: "0–10080(일주일) 사이의 분을 정수로 입력하세요.",
    err_weekday: "요일을 선택하세요.",
    invalid: "이 항목을 확인하세요.",
};

/// The strings of `lang`.
pub fn strings(lang: Lang) -> &'static DeliveryStrings {
    match lang {
        Lang::Ko => &KO,
        Lang::En => &EN,
    }
}
