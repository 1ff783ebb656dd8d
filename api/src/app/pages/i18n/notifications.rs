//! The words of an order's messages list, shared by every page that shows what the
//! customer was sent (the customer's order page, the console's, the operators').

use super::Lang;

/// The messages list's texts, in one language.
#[derive(Debug)]
pub struct MessageStrings {
    /// Heading of the list on the staff's pages.
    pub heading: &'static str,
    /// Heading of the list on the customer's own page.
    pub heading_yours: &'static str,
    /// Shown when nothing was sent.
    pub none: &'static str,
    /// Column: when the message was written.
    pub when: &'static str,
    /// Column: what the message says.
    pub message: &'static str,
    /// Column: how it travels.
    pub channel: &'static str,
    /// Column: where it stands.
    pub status: &'static str,
    /// The email channel.
    pub email: &'static str,
    /// The webhook channel (SMS and messenger gateways).
    pub webhook: &'static str,
    /// Sent; the time follows.
    pub sent: &'static str,
    /// Waiting for its first attempt.
    pub waiting: &'static str,
    /// Retrying; the attempts so far follow.
    pub retrying: &'static str,
    /// Given up; the attempts follow.
    pub failed: &'static str,
    /// Not sent because the channel is not set up.
    pub skipped: &'static str,
    /// After a count of attempts.
    pub attempts: &'static str,
    /// Heading of the customer's language choice.
    pub language_heading: &'static str,
    /// Label of the language choice.
    pub language_label: &'static str,
    /// Button that saves it.
    pub language_save: &'static str,
    /// Notice after saving.
    pub language_saved: &'static str,
    /// A value that is no choice of the list.
    pub language_invalid: &'static str,
}

/// English.
pub static EN: MessageStrings = MessageStrings {
    heading: "Messages to the customer",
    heading_yours: "Messages we sent you",
    none: "No message yet.",
    when: "Written",
    message: "Message",
    channel: "Channel",
    status: "Status",
    email: "Email",
    webhook: "SMS / messenger",
    sent: "Sent",
    waiting: "Waiting to be sent",
    retrying: "Not delivered yet, retrying",
    failed: "Failed",
    skipped: "Not sent (channel not set up)",
    attempts: "attempts",
    language_heading: "Messages about your orders",
    language_label: "Write to me in",
    language_save: "Save",
    language_saved: "Saved: your next messages are written in this language.",
    language_invalid: "Choose one of the languages in the list.",
};

/// Korean.
pub static KO: MessageStrings = MessageStrings {
    heading: "고객에게 보낸 알림",
    heading_yours: "보내 드린 알림",
    none: "아직 보낸 알림이 없습니다.",
    when: "작성",
    message: "알림",
    channel: "경로",
    status: "상태",
    email: "이메일",
    webhook: "문자 / 메신저",
    sent: "보냄",
    waiting: "보내기 대기 중",
    retrying: "아직 전달되지 않아 다시 시도 중",
    failed: "실패",
    skipped: "보내지 않음 (경로 미설정)",
    attempts: "회 시도",
    language_heading: "주문 알림",
    language_label: "알림 언어",
    language_save: "저장",
    language_saved: "저장했습니다. 다음 알림부터 이 언어로 보내 드립니다.",
    language_invalid: "목록에 있는 언어를 고르세요.",
};

/// The strings in `lang`.
pub fn strings(lang: Lang) -> &'static MessageStrings {
    match lang {
        Lang::Ko => &KO,
        Lang::En => &EN,
    }
}
