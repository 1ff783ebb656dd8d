//! The words of each message, in Korean and English: a subject and a plain-text body
//! naming the order's number and linking its page (or, for staff, the link to open).
//! Written at send time from what the outbox stored, with the public origin given.

use super::Kind;
use super::outbox::Payload;
use crate::domain::accounts::invitations;
use crate::domain::accounts::language::Language;

/// A message ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// Email subject; also the title of a webhook message.
    pub subject: String,
    /// Plain-text body.
    pub text: String,
    /// The page the message points to.
    pub link: String,
}

/// What the message is about, in a few words: a page's label for it, and its subject.
pub fn title(kind: Kind, language: Language) -> &'static str {
    match (language, kind) {
        (Language::En, Kind::Confirmed) => "Order confirmed",
        (Language::En, Kind::OutForDelivery) => "Out for delivery",
        (Language::En, Kind::Delivered) => "Delivered",
        (Language::En, Kind::Failed) => "Delivery failed",
        (Language::En, Kind::Rescheduled) => "Delivery rescheduled",
        (Language::En, Kind::Refunded) => "Refunded",
        (Language::En, Kind::Cancelled) => "Order cancelled",
        (Language::En, Kind::PasswordReset) => "Set a new password",
        (Language::En, Kind::StaffInvitation) => "You are invited",
        (Language::Ko, Kind::Confirmed) => "주문 확정",
        (Language::Ko, Kind::OutForDelivery) => "배송 출발",
        (Language::Ko, Kind::Delivered) => "배송 완료",
        (Language::Ko, Kind::Failed) => "배송 실패",
        (Language::Ko, Kind::Rescheduled) => "배송 일정 변경",
        (Language::Ko, Kind::Refunded) => "환불 완료",
        (Language::Ko, Kind::Cancelled) => "주문 취소",
        (Language::Ko, Kind::PasswordReset) => "비밀번호 재설정",
        (Language::Ko, Kind::StaffInvitation) => "직원 초대",
    }
}

/// The sentence that says what happened to order `number`.
fn order_sentence(kind: Kind, language: Language, number: &str, payload: &Payload) -> String {
    let shop = &payload.retailer;
    let reason = payload.reason.as_deref().filter(|r| !r.trim().is_empty());
    match language {
        Language::En => match kind {
            Kind::Confirmed => format!(
                "Thank you! Your order {number} from {shop} is confirmed and will be delivered \
                 in the slot you chose."
            ),
            Kind::OutForDelivery => format!("Your order {number} from {shop} is on its way."),
            Kind::Delivered => format!("Your order {number} from {shop} was delivered."),
            Kind::Failed => match reason {
                Some(reason) => format!(
                    "We could not deliver your order {number} from {shop} ({reason}). \
                     We will get in touch to deliver it another time."
                ),
                None => format!(
                    "We could not deliver your order {number} from {shop}. \
                     We will get in touch to deliver it another time."
                ),
            },
            Kind::Rescheduled => format!(
                "Your order {number} from {shop} will be delivered in a new slot; \
                 its page shows when."
            ),
            Kind::Refunded => {
                format!("Your order {number} went back to {shop} and what you paid was refunded.")
            }
            Kind::Cancelled => {
                format!("Your order {number} from {shop} was cancelled; nothing is charged.")
            }
            Kind::PasswordReset | Kind::StaffInvitation => String::new(),
        },
        Language::Ko => match kind {
            Kind::Confirmed => format!(
                "주문해 주셔서 감사합니다. {shop}의 주문 {number}이(가) 확인되었습니다. \
                 선택하신 시간에 배송해 드립니다."
            ),
            Kind::OutForDelivery => format!("{shop}의 주문 {number}이(가) 배송을 시작했습니다."),
            Kind::Delivered => format!("{shop}의 주문 {number}이(가) 배송되었습니다."),
            Kind::Failed => match reason {
                Some(reason) => format!(
                    "{shop}의 주문 {number}을(를) 배송하지 못했습니다 ({reason}). \
                     다시 배송할 수 있도록 연락드리겠습니다."
                ),
                None => format!(
                    "{shop}의 주문 {number}을(를) 배송하지 못했습니다. \
                     다시 배송할 수 있도록 연락드리겠습니다."
                ),
            },
            Kind::Rescheduled => format!(
                "{shop}의 주문 {number}의 배송 시간이 바뀌었습니다. 새 시간은 주문 페이지에서 \
                 확인하세요."
            ),
            Kind::Refunded => {
                format!("주문 {number}이(가) {shop}(으)로 반품되어 결제 금액이 환불되었습니다.")
            }
            Kind::Cancelled => {
                format!("{shop}의 주문 {number}이(가) 취소되었습니다. 결제되지 않습니다.")
            }
            Kind::PasswordReset | Kind::StaffInvitation => String::new(),
        },
    }
}

/// The sentence of a staff link for `shop`.
fn link_sentence(kind: Kind, language: Language, shop: &str) -> String {
    let hours = invitations::RESET_TTL.num_hours();
    let days = invitations::INVITE_TTL.num_days();
    match (language, kind) {
        (Language::En, Kind::PasswordReset) => format!(
            "An admin of {shop} made you a link to set a new Virtual Shelf password. \
             It works once, for {hours} hours."
        ),
        (Language::En, _) => format!(
            "You are invited to join the staff of {shop} on Virtual Shelf. Open the link \
             within {days} days to choose your name and password."
        ),
        (Language::Ko, Kind::PasswordReset) => format!(
            "{shop}의 관리자가 Virtual Shelf 비밀번호를 새로 정할 수 있는 링크를 만들었습니다. \
             {hours}시간 동안 한 번 쓸 수 있습니다."
        ),
        (Language::Ko, _) => format!(
            "{shop}의 직원으로 Virtual Shelf에 초대되었습니다. {days}일 안에 링크를 열어 \
             이름과 비밀번호를 정하세요."
        ),
    }
}

/// Writes a `kind` message in `language` from `payload`, linking `target` on the public
/// origin `base_url`.
pub fn write(
    kind: Kind,
    language: Language,
    payload: &Payload,
    target: Target<'_>,
    base_url: &str,
) -> Written {
    let base_url = base_url.trim_end_matches('/');
    let title = title(kind, language);
    let (subject, sentence, link, see) = match target {
        Target::Order(order_id) => {
            let number = payload.number.as_deref().unwrap_or_default();
            let subject = match language {
                Language::En => format!("{title}: order {number}"),
                Language::Ko => format!("{title}: 주문 {number}"),
            };
            let see = match language {
                Language::En => "Your order:",
                Language::Ko => "주문 보기:",
            };
            let sentence = order_sentence(kind, language, number, payload);
            (
                subject,
                sentence,
                format!("{base_url}/orders/{order_id}"),
                see,
            )
        }
        Target::StaffLink(link_kind, token) => {
            let subject = format!("{title} · {}", payload.retailer);
            let see = match language {
                Language::En => "Open:",
                Language::Ko => "링크:",
            };
            let path = invitations::link_path(link_kind, token);
            let sentence = link_sentence(kind, language, &payload.retailer);
            (subject, sentence, format!("{base_url}{path}"), see)
        }
    };
    Written {
        text: format!("{sentence}\n\n{see} {link}\n"),
        subject,
        link,
    }
}

/// What a message links to.
#[derive(Debug, Clone, Copy)]
pub enum Target<'a> {
    /// The customer's page of this order id.
    Order(&'a str),
    /// A staff link of this kind with this token.
    StaffLink(invitations::Kind, &'a str),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn payload() -> Payload {
        Payload {
            number: Some("7Q2K-9XJ4".into()),
            status: None,
            reason: Some("nobody home".into()),
            retailer: "Corner Market".into(),
            phone: None,
        }
    }

    #[test]
    fn order_messages_name_the_order_and_link_its_page() {
        for language in Language::ALL {
            for kind in [
                Kind::Confirmed,
                Kind::OutForDelivery,
                Kind::Delivered,
                Kind::Failed,
                Kind::Rescheduled,
                Kind::Refunded,
                Kind::Cancelled,
            ] {
                let written = write(
                    kind,
                    language,
                    &payload(),
                    Target::Order("order-1"),
                    "https://shop.example/",
                );
                assert!(written.subject.contains("7Q2K-9XJ4"), "{written:?}");
                assert!(written.subject.contains(title(kind, language)));
                assert!(written.text.contains("7Q2K-9XJ4"), "{written:?}");
                assert!(
                    written.text.contains("https://shop.example/orders/order-1"),
                    "{written:?}"
                );
            }
        }
        let failed = write(
            Kind::Failed,
            Language::Ko,
            &payload(),
            Target::Order("o"),
            "https://shop.example",
        );
        assert!(failed.text.contains("배송하지 못했습니다 (nobody home)"));
    }

    #[test]
    fn staff_links_carry_the_token() {
        let written = write(
            Kind::StaffInvitation,
            Language::En,
            &payload(),
            Target::StaffLink(invitations::Kind::Invite, "tok"),
            "https://shop.example",
        );
        assert_eq!(written.link, "https://shop.example/console/invite/tok");
        assert!(written.text.contains(&written.link));
        assert!(written.subject.contains("Corner Market"));
    }
}
