//! The customer is told: every status change of the delivery path sends one message per
//! channel, by its id, in the customer's language and naming the order, to a real SMTP
//! server (aiosmtpd, from the test venv) and a real webhook receiver started here, whose
//! Standard Webhooks signature is verified from the specification; messages wait while
//! the mail server is down and go out once it is back; a status change rolled back sends
//! nothing; the order pages and the staff JSON list what was sent; the language comes
//! from registration's `Accept-Language` and the customer changes it.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sha2::Sha256;
use tempfile::TempDir;
use virtual_shelf::db::write_transaction;
use virtual_shelf::domain::accounts::Role;
use virtual_shelf::domain::notifications::outbox;
use virtual_shelf::domain::orders::{self, Change, OrderStatus};

use crate::checkout::{Shop, customer, fill, place, shop};
use crate::console::{Console, csrf_of, location};
use crate::helpers::{
    Backend, DEMO_PASSWORD, TestApp, expect_json, expect_problem, spawn_app_with,
};
use crate::on_both_backends;
use crate::venv_servers::{VenvServer, free_port};

on_both_backends!(
    every_status_change_tells_the_customer_once_per_channel,
    messages_wait_while_the_mail_server_is_down,
    a_rolled_back_change_tells_nobody,
    a_dispatch_undone_by_a_failed_capture_withdraws_its_message,
    two_nodes_send_each_message_once,
);

const PRODUCTS: &str = "MILK,우유,Fresh milk,2500,10\n";
/// The Standard Webhooks specification's example secret.
const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
/// Polls and retries fast, so the tests wait little.
const FAST: &str = "notify_poll_interval_ms = 50\nnotify_retry_base_ms = 100\n";

/// aiosmtpd on `port`, delivering into a maildir.
struct MailServer {
    _server: VenvServer,
}

impl MailServer {
    fn start(port: u16, maildir: &TempDir) -> Self {
        let listen = format!("127.0.0.1:{port}");
        let dir = maildir.path().join("mail");
        let server = VenvServer::start(
            "python",
            &[
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                &listen,
                "-c",
                "aiosmtpd.handlers.Mailbox",
                dir.to_str().expect("UTF-8 path"),
            ],
            port,
        );
        Self { _server: server }
    }
}

/// One email as delivered: decoded by Python's `email` package.
#[derive(Debug, Clone)]
struct Mail {
    message_id: String,
    to: String,
    subject: String,
    body: String,
}

/// The emails in the maildir of `dir`.
fn mails(dir: &TempDir) -> Vec<Mail> {
    let script = r#"
import email, email.policy, json, mailbox, sys
box = mailbox.Maildir(sys.argv[1], create=True)
out = []
for key in box.keys():
    m = email.message_from_bytes(box.get_bytes(key), policy=email.policy.default)
    out.append({"id": m["Message-ID"], "to": m["To"], "subject": m["Subject"],
                "body": m.get_body(("plain",)).get_content()})
print(json.dumps(out))
"#;
    let output = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(dir.path().join("mail"))
        .output()
        .expect("run python3");
    assert!(output.status.success(), "{output:?}");
    let parsed: Vec<Value> = serde_json::from_slice(&output.stdout).expect("JSON");
    parsed
        .into_iter()
        .map(|mail| Mail {
            message_id: mail["id"].as_str().expect("Message-ID").to_owned(),
            to: mail["to"].as_str().expect("To").to_owned(),
            subject: mail["subject"].as_str().expect("Subject").to_owned(),
            body: mail["body"].as_str().expect("body").to_owned(),
        })
        .collect()
}

/// One request the webhook receiver got.
#[derive(Debug, Clone)]
struct Hook {
    headers: HashMap<String, String>,
    body: String,
}

/// A real HTTP server on a free port that records every request and answers 204.
struct Receiver {
    url: String,
    got: Arc<Mutex<Vec<Hook>>>,
    handle: actix_web::dev::ServerHandle,
}

impl Receiver {
    fn start() -> Self {
        let got: Arc<Mutex<Vec<Hook>>> = Arc::default();
        let shared = actix_web::web::Data::from(got.clone());
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("address").port();
        let server = actix_web::HttpServer::new(move || {
            actix_web::App::new()
                .app_data(shared.clone())
                .default_service(actix_web::web::to(
                    |req: actix_web::HttpRequest,
                     body: String,
                     got: actix_web::web::Data<Mutex<Vec<Hook>>>| async move {
                        let headers = req
                            .headers()
                            .iter()
                            .map(|(name, value)| {
                                (
                                    name.as_str().to_owned(),
                                    value.to_str().unwrap_or_default().to_owned(),
                                )
                            })
                            .collect();
                        got.lock().expect("lock").push(Hook { headers, body });
                        actix_web::HttpResponse::NoContent().finish()
                    },
                ))
        })
        .workers(1)
        .listen(listener)
        .expect("listen")
        .run();
        let handle = server.handle();
        tokio::spawn(server);
        Self {
            url: format!("http://127.0.0.1:{port}/hooks/shelf"),
            got,
            handle,
        }
    }

    fn requests(&self) -> Vec<Hook> {
        self.got.lock().expect("lock").clone()
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        drop(self.handle.stop(false));
    }
}

/// True when `hook`'s `webhook-signature` is HMAC-SHA256, keyed with the secret's
/// decoded bytes, of `{webhook-id}.{webhook-timestamp}.{body}`, as the Standard Webhooks
/// specification says; computed here, independently of the service.
fn signature_verifies(hook: &Hook) -> bool {
    let key = STANDARD
        .decode(SECRET.strip_prefix("whsec_").expect("prefix"))
        .expect("base64");
    let signed = format!(
        "{}.{}.{}",
        hook.headers["webhook-id"], hook.headers["webhook-timestamp"], hook.body
    );
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).expect("key");
    mac.update(signed.as_bytes());
    let expected = format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()));
    hook.headers["webhook-signature"]
        .split(' ')
        .any(|signature| signature == expected)
}

/// The staff JSON of an order.
async fn staff_order(app: &TestApp, shop: &Shop, order_id: &str) -> Value {
    let response = app
        .authed(
            Method::GET,
            &format!("/v1/retailers/{}/orders/{order_id}", shop.id),
            &shop.token,
        )
        .send()
        .await
        .expect("order");
    expect_json(response, StatusCode::OK).await
}

/// Waits until `done` holds for the order's notifications (at most 30 s); returns them.
async fn notifications_when(
    app: &TestApp,
    shop: &Shop,
    order_id: &str,
    done: impl Fn(&[Value]) -> bool,
) -> Vec<Value> {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let order = staff_order(app, shop, order_id).await;
        let list = order["notifications"]
            .as_array()
            .expect("notifications")
            .clone();
        if done(&list) {
            return list;
        }
        assert!(Instant::now() < deadline, "notifications stuck: {list:#?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn all_sent(list: &[Value]) -> bool {
    list.iter().all(|n| n["status"] == "sent")
}

/// Moves the order as `token`'s staff member; expects it moved.
async fn move_to(app: &TestApp, shop: &Shop, token: &str, order_id: &str, body: Value) {
    let response = app
        .authed(
            Method::POST,
            &format!("/v1/retailers/{}/orders/{order_id}/transitions", shop.id),
            token,
        )
        .json(&body)
        .send()
        .await
        .expect("transition");
    expect_json(response, StatusCode::OK).await;
}

/// A confirmed order of 2 MILK by a new customer writing in `language`; returns (the
/// customer's token and email, the order).
async fn order_by(
    app: &TestApp,
    shop: &Shop,
    name: &str,
    language: &str,
) -> (String, String, Value) {
    order_paid_with(app, shop, (name, language), "tok_approve").await
}

/// [`order_by`], paid with the test provider's `payment` token.
async fn order_paid_with(
    app: &TestApp,
    shop: &Shop,
    (name, language): (&str, &str),
    payment: &str,
) -> (String, String, Value) {
    let token = customer(app, name).await;
    let patched = app
        .authed(Method::PATCH, "/v1/me", &token)
        .json(&json!({"language": language}))
        .send()
        .await
        .expect("patch me");
    let me = expect_json(patched, StatusCode::OK).await;
    assert_eq!(me["language"], language);
    fill(app, &token, shop, "MILK", 2).await;
    let placed = place(
        app,
        &token,
        shop,
        &uuid::Uuid::new_v4().to_string(),
        payment,
    )
    .await;
    let email = me["email"].as_str().expect("email").to_owned();
    (token, email, placed)
}

fn kinds(list: &[Value], channel: &str) -> Vec<String> {
    list.iter()
        .filter(|n| n["channel"] == channel)
        .map(|n| n["kind"].as_str().expect("kind").to_owned())
        .collect()
}

async fn every_status_change_tells_the_customer_once_per_channel(backend: Backend) {
    let maildir = tempfile::tempdir().expect("maildir");
    let port = free_port();
    let _mail = MailServer::start(port, &maildir);
    let receiver = Receiver::start();
    let app = spawn_app_with(
        backend,
        &format!(
            "{FAST}smtp_url = \"smtp://127.0.0.1:{port}\"\n\
             notify_webhook_url = \"{}\"\nnotify_webhook_secret = \"{SECRET}\"\n",
            receiver.url
        ),
    )
    .await;
    let shop = shop(&app, 5, PRODUCTS).await;
    let operator = app.staff(&shop.id, Role::Operator).await;
    let (_, ko_email, ko_order) = order_by(&app, &shop, "minji", "ko").await;
    let (_, en_email, en_order) = order_by(&app, &shop, "alice", "en").await;
    let (ko_id, en_id) = (
        ko_order["id"].as_str().expect("id"),
        en_order["id"].as_str().expect("id"),
    );

    for to in ["picking", "out_for_delivery", "delivered"] {
        move_to(&app, &shop, &operator, ko_id, json!({"to": to})).await;
    }
    let rescheduled = json!({"to": "confirmed", "delivery_slot_id": shop.slot_id});
    for body in [
        json!({"to": "picking"}),
        json!({"to": "out_for_delivery"}),
        json!({"to": "delivery_failed", "note": "nobody home"}),
        rescheduled,
        json!({"to": "picking"}),
        json!({"to": "out_for_delivery"}),
        json!({"to": "delivery_failed", "note": "still nobody"}),
        json!({"to": "returned"}),
    ] {
        move_to(&app, &shop, &operator, en_id, body).await;
    }

    let ko_list = notifications_when(&app, &shop, ko_id, all_sent).await;
    let en_list = notifications_when(&app, &shop, en_id, |list| {
        list.len() == 14 && all_sent(list)
    })
    .await;
    assert_eq!(
        kinds(&ko_list, "email"),
        ["confirmed", "out_for_delivery", "delivered"]
    );
    let en_kinds = [
        "confirmed",
        "out_for_delivery",
        "failed",
        "rescheduled",
        "out_for_delivery",
        "failed",
        "refunded",
    ];
    assert_eq!(kinds(&en_list, "email"), en_kinds);
    assert_eq!(kinds(&en_list, "webhook"), en_kinds);

    // Each message went out once per channel, under its own id.
    let mut expected: BTreeMap<String, (&str, &Value)> = BTreeMap::new();
    for (list, order) in [(&ko_list, &ko_order), (&en_list, &en_order)] {
        for n in list.iter() {
            expected.insert(
                n["id"].as_str().expect("id").to_owned(),
                (n["kind"].as_str().expect("kind"), order),
            );
        }
    }
    assert_eq!(expected.len(), 10);
    let delivered = mails(&maildir);
    assert_eq!(delivered.len(), 10, "{delivered:#?}");
    let hooks = receiver.requests();
    assert_eq!(hooks.len(), 10, "{hooks:#?}");
    for mail in &delivered {
        let id = mail
            .message_id
            .trim_matches(['<', '>'])
            .split('@')
            .next()
            .expect("id");
        let (kind, order) = expected
            .get(id)
            .unwrap_or_else(|| panic!("unknown {mail:?}"));
        let number = order["number"].as_str().expect("number");
        assert!(mail.subject.contains(number), "{mail:?}");
        assert!(mail.body.contains(number), "{mail:?}");
        let link = format!("/orders/{}", order["id"].as_str().expect("id"));
        assert!(mail.body.contains(&link), "{mail:?}");
        if order["id"] == ko_order["id"] {
            assert!(mail.to.contains(&ko_email), "{mail:?}");
            assert!(mail.subject.contains("주문"), "{mail:?}");
        } else {
            assert!(mail.to.contains(&en_email), "{mail:?}");
            assert!(mail.subject.contains("order"), "{mail:?}");
            if *kind == "failed" {
                assert!(mail.body.contains("nobody"), "{mail:?}");
            }
        }
    }
    let mut mail_ids: Vec<&str> = delivered.iter().map(|m| m.message_id.as_str()).collect();
    mail_ids.sort_unstable();
    mail_ids.dedup();
    assert_eq!(mail_ids.len(), 10, "one email per message");
    let mut hook_ids = Vec::new();
    for hook in &hooks {
        assert!(signature_verifies(hook), "{hook:?}");
        let id = hook.headers["webhook-id"].clone();
        let body: Value = serde_json::from_str(&hook.body).expect("JSON body");
        let (kind, order) = expected
            .get(&id)
            .unwrap_or_else(|| panic!("unknown {hook:?}"));
        assert_eq!(body["type"], format!("order.{kind}"));
        assert_eq!(body["data"]["message_id"], id);
        assert_eq!(body["data"]["order_number"], order["number"]);
        assert_eq!(body["data"]["phone"], "010-1234-5678");
        let language = if order["id"] == ko_order["id"] {
            "ko"
        } else {
            "en"
        };
        assert_eq!(body["data"]["language"], language);
        hook_ids.push(id);
    }
    hook_ids.sort_unstable();
    hook_ids.dedup();
    assert_eq!(hook_ids.len(), 10, "one webhook per message");
    let forged = Hook {
        body: hooks[0].body.replace("order.", "orders."),
        ..hooks[0].clone()
    };
    assert!(!signature_verifies(&forged));

    // The pages list them: the console's order page, and the customer's own.
    let admin_email = crate::console::user(&app, Role::RetailerAdmin, Some(&shop.id)).await;
    let mut console = Console::new(&app, "en");
    console.sign_in(&admin_email, DEMO_PASSWORD).await;
    let page = console
        .get(&format!("/console/r/{}/orders/{en_id}", shop.id))
        .await
        .text()
        .await
        .expect("page");
    assert!(page.contains("id=\"messages\""), "{page}");
    assert_eq!(page.matches("data-state=\"sent\"").count(), 14, "{page}");
    assert!(page.contains("Refunded") && page.contains("Delivery rescheduled"));
    let mut korean = Console::new(&app, "ko");
    korean.sign_in(&admin_email, DEMO_PASSWORD).await;
    let page = korean
        .get(&format!("/console/r/{}/orders/{ko_id}", shop.id))
        .await
        .text()
        .await
        .expect("page");
    assert!(
        page.contains("배송 완료") && page.contains("고객에게 보낸 알림"),
        "{page}"
    );
}

async fn messages_wait_while_the_mail_server_is_down(backend: Backend) {
    let maildir = tempfile::tempdir().expect("maildir");
    let port = free_port();
    let app = spawn_app_with(
        backend,
        &format!("{FAST}smtp_url = \"smtp://127.0.0.1:{port}\"\n"),
    )
    .await;
    let shop = shop(&app, 5, PRODUCTS).await;
    let (_, email, placed) = order_by(&app, &shop, "waiting", "en").await;
    let id = placed["id"].as_str().expect("id");

    // Nothing listens on the port: the email waits, attempts growing; without a webhook
    // configured, its webhook delivery is skipped.
    let waiting = notifications_when(&app, &shop, id, |list| {
        list.iter()
            .any(|n| n["channel"] == "email" && n["attempts"].as_i64() >= Some(3))
    })
    .await;
    let email_delivery = waiting
        .iter()
        .find(|n| n["channel"] == "email")
        .expect("email");
    assert_eq!(email_delivery["status"], "pending", "{waiting:#?}");
    assert!(email_delivery["next_attempt_at"].is_string());
    let hook = waiting
        .iter()
        .find(|n| n["channel"] == "webhook")
        .expect("webhook");
    assert_eq!(hook["status"], "skipped");
    assert!(mails(&maildir).is_empty());

    let _mail = MailServer::start(port, &maildir);
    let sent = notifications_when(&app, &shop, id, |list| {
        list.iter()
            .any(|n| n["channel"] == "email" && n["status"] == "sent")
    })
    .await;
    let delivered = mails(&maildir);
    assert_eq!(delivered.len(), 1, "{delivered:#?}");
    let message_id = sent[0]["id"].as_str().expect("id");
    assert!(
        delivered[0].message_id.contains(message_id),
        "{delivered:?}"
    );
    assert!(delivered[0].to.contains(&email));
}

async fn a_rolled_back_change_tells_nobody(backend: Backend) {
    // No mail server, no webhook: every delivery is skipped, none left pending.
    let app = spawn_app_with(backend, FAST).await;
    let shop = shop(&app, 5, PRODUCTS).await;
    let operator = app.staff(&shop.id, Role::Operator).await;
    let (_, _, placed) = order_by(&app, &shop, "rollback", "ko").await;
    let id = placed["id"].as_str().expect("id").to_owned();
    for to in ["picking", "out_for_delivery"] {
        move_to(&app, &shop, &operator, &id, json!({"to": to})).await;
    }
    let before = notifications_when(&app, &shop, &id, |list| {
        list.len() == 4 && list.iter().all(|n| n["status"] == "skipped")
    })
    .await;

    let order_id = id.clone();
    let (status, messages) = app
        .with_db(move |conn| {
            let outcome = write_transaction(conn, |conn| {
                let moved = orders::transition(
                    conn,
                    &order_id,
                    &[OrderStatus::OutForDelivery],
                    OrderStatus::Delivered,
                    Change::system("delivered, then the transaction fails"),
                )?;
                assert!(matches!(moved, orders::Transition::Moved { .. }));
                assert_eq!(outbox::for_order(conn, &order_id).expect("inside").len(), 6);
                Err::<(), _>(virtual_shelf::domain::DomainError::NotFound("on purpose"))
            });
            assert!(outcome.is_err());
            (
                orders::get(conn, &order_id).expect("order").status,
                outbox::for_order(conn, &order_id).expect("messages"),
            )
        })
        .await;
    assert_eq!(status, OrderStatus::OutForDelivery);
    assert_eq!(messages.len(), 4, "{messages:#?}");
    tokio::time::sleep(Duration::from_millis(300)).await;
    let after = staff_order(&app, &shop, &id).await;
    assert_eq!(after["notifications"].as_array().expect("list"), &before);
}

async fn a_dispatch_undone_by_a_failed_capture_withdraws_its_message(backend: Backend) {
    // The mail server is down and the worker looks only once a minute: nothing goes out
    // while the dispatch is tried and undone.
    let port = free_port();
    let app = spawn_app_with(
        backend,
        &format!("notify_poll_interval_ms = 60000\nsmtp_url = \"smtp://127.0.0.1:{port}\"\n"),
    )
    .await;
    let shop = shop(&app, 5, PRODUCTS).await;
    let operator = app.staff(&shop.id, Role::Operator).await;
    let (_, _, placed) =
        order_paid_with(&app, &shop, ("declined", "en"), "tok_capture_decline").await;
    let id = placed["id"].as_str().expect("id");
    move_to(&app, &shop, &operator, id, json!({"to": "picking"})).await;
    let refused = app
        .authed(
            Method::POST,
            &format!("/v1/retailers/{}/orders/{id}/transitions", shop.id),
            &operator,
        )
        .json(&json!({"to": "out_for_delivery"}))
        .send()
        .await
        .expect("transition");
    expect_problem(refused, StatusCode::CONFLICT, "capture_failed").await;
    let list = staff_order(&app, &shop, id).await["notifications"].clone();
    let states: Vec<(&str, &str)> = list
        .as_array()
        .expect("list")
        .iter()
        .map(|n| {
            (
                n["kind"].as_str().expect("kind"),
                n["status"].as_str().expect("status"),
            )
        })
        .collect();
    assert_eq!(
        states,
        [
            ("confirmed", "pending"),
            ("confirmed", "pending"),
            ("out_for_delivery", "skipped"),
            ("out_for_delivery", "skipped"),
        ],
        "{list:#}"
    );
}

async fn two_nodes_send_each_message_once(backend: Backend) {
    let maildir = tempfile::tempdir().expect("maildir");
    let port = free_port();
    let _mail = MailServer::start(port, &maildir);
    let settings = format!("{FAST}smtp_url = \"smtp://127.0.0.1:{port}\"\n");
    let app = spawn_app_with(backend, &settings).await;
    let _sibling = app.sibling(&settings).await;
    let shop = shop(&app, 20, "MILK,우유,Fresh milk,2500,100\n").await;
    let operator = app.staff(&shop.id, Role::Operator).await;
    let mut ids = Vec::new();
    for n in 0..6 {
        let (_, _, placed) = order_by(&app, &shop, &format!("node{n}"), "en").await;
        let id = placed["id"].as_str().expect("id").to_owned();
        for to in ["picking", "out_for_delivery", "delivered"] {
            move_to(&app, &shop, &operator, &id, json!({"to": to})).await;
        }
        ids.push(id);
    }
    let mut expected = Vec::new();
    for id in &ids {
        let list = notifications_when(&app, &shop, id, |list| {
            list.iter()
                .filter(|n| n["channel"] == "email")
                .all(|n| n["status"] == "sent")
        })
        .await;
        for n in list.iter().filter(|n| n["channel"] == "email") {
            assert_eq!(n["attempts"], 1, "{n}");
            expected.push(n["id"].as_str().expect("id").to_owned());
        }
    }
    let mut sent: Vec<String> = mails(&maildir)
        .into_iter()
        .map(|mail| mail.message_id)
        .collect();
    sent.sort_unstable();
    expected.sort_unstable();
    assert_eq!(expected.len(), 18);
    let sent_ids: Vec<&str> = sent
        .iter()
        .map(|id| id.trim_matches(['<', '>']).split('@').next().expect("id"))
        .collect();
    assert_eq!(sent_ids, expected, "each message exactly once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_language_comes_from_registration_and_the_customer_changes_it() {
    let app = spawn_app_with(Backend::Sqlite, "").await;
    let register = |accept: Option<&'static str>| {
        let mut request = app.request(Method::POST, "/v1/auth/register").json(&json!({
            "email": format!("{}@customer.test", uuid::Uuid::new_v4().simple()),
            "password": "a long enough password",
            "name": "Reader",
        }));
        if let Some(accept) = accept {
            request = request.header("accept-language", accept);
        }
        request.send()
    };
    for (accept, language) in [
        (Some("ko-KR,ko;q=0.9,en;q=0.8"), "ko"),
        (Some("fr-FR, en;q=0.5"), "en"),
        (None, "en"),
    ] {
        let pair = expect_json(
            register(accept).await.expect("register"),
            StatusCode::CREATED,
        )
        .await;
        let token = pair["access_token"].as_str().expect("token");
        assert_eq!(app.me(token).await["language"], language, "{accept:?}");
    }
    let token = customer(&app, "changer").await;
    let patch = |body: Value| {
        app.authed(Method::PATCH, "/v1/me", &token)
            .json(&body)
            .send()
    };
    let refused = patch(json!({"language": "fr"})).await.expect("patch");
    let problem = expect_problem(
        refused,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(problem["errors"][0]["field"], "language");
    assert_eq!(app.me(&token).await["language"], "en");
    let changed = expect_json(
        patch(json!({"language": "ko"})).await.expect("patch"),
        StatusCode::OK,
    )
    .await;
    assert_eq!(changed["language"], "ko");

    // The mobile pages: registering in Korean, then changing it on the order list.
    let mut browser = Console::new(&app, "ko-KR,ko;q=0.9");
    let form = browser.get("/register").await.text().await.expect("form");
    let email = format!("{}@customer.test", uuid::Uuid::new_v4().simple());
    let csrf = csrf_of(&form);
    let registered = browser
        .post(
            "/register",
            &[
                ("csrf", &csrf),
                ("email", &email),
                ("password", "a long enough password"),
                ("name", "민지"),
            ],
        )
        .await;
    assert_eq!(registered.status(), StatusCode::SEE_OTHER);
    let account = browser.get("/orders").await.text().await.expect("orders");
    assert!(
        account.contains("<option value=\"ko\" lang=\"ko\" selected>"),
        "{account}"
    );
    let csrf = csrf_of(&account);
    let bad = browser
        .post("/account/language", &[("csrf", &csrf), ("language", "fr")])
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let bad = bad.text().await.expect("page");
    assert!(
        bad.contains("id=\"language-error\"") && bad.contains("aria-invalid=\"true\""),
        "{bad}"
    );
    let saved = browser
        .post("/account/language", &[("csrf", &csrf), ("language", "en")])
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&saved), "/orders?language=saved");
    let account = browser
        .get("/orders?language=saved")
        .await
        .text()
        .await
        .expect("orders");
    assert!(
        account.contains("<option value=\"en\" lang=\"en\" selected>"),
        "{account}"
    );
    assert!(account.contains("id=\"language-saved\""));
    let without_token = browser
        .post("/account/language", &[("language", "ko")])
        .await;
    assert_eq!(without_token.status(), StatusCode::FORBIDDEN);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_links_are_emailed_and_their_token_forgotten_once_sent() {
    use diesel::prelude::*;
    use virtual_shelf::db::schema::notifications;

    let maildir = tempfile::tempdir().expect("maildir");
    let port = free_port();
    let _mail = MailServer::start(port, &maildir);
    let app = spawn_app_with(
        Backend::Sqlite,
        &format!("{FAST}smtp_url = \"smtp://127.0.0.1:{port}\"\n"),
    )
    .await;
    // A Korean retailer (ko-KR): the invitee, who has no account yet, is written to in Korean.
    let (retailer, admin) = app.retailer_with_admin("링크 마트").await;
    let invitee = format!("{}@staff.test", uuid::Uuid::new_v4().simple());
    let invited = app
        .authed(
            Method::POST,
            &format!("/v1/retailers/{retailer}/staff"),
            &admin,
        )
        .json(&json!({"email": invitee, "role": "operator"}))
        .send()
        .await
        .expect("invite");
    let link = expect_json(invited, StatusCode::CREATED).await["link"]
        .as_str()
        .expect("link")
        .to_owned();
    let deadline = Instant::now() + Duration::from_secs(30);
    let mail = loop {
        if let Some(mail) = mails(&maildir).into_iter().next() {
            break mail;
        }
        assert!(Instant::now() < deadline, "no invitation email");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(mail.to.contains(&invitee), "{mail:?}");
    assert!(mail.body.contains(&link), "{mail:?}");
    assert!(
        mail.subject.contains("직원 초대") && mail.subject.contains("링크 마트"),
        "{mail:?}"
    );
    // Once sent, the outbox no longer holds the token.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let email = invitee.clone();
        let secrets: Vec<Option<String>> = app
            .with_db(move |conn| {
                notifications::table
                    .filter(notifications::email.eq(email))
                    .select(notifications::secret)
                    .load(conn)
                    .expect("secrets")
            })
            .await;
        assert_eq!(secrets.len(), 1);
        if secrets[0].is_none() {
            break;
        }
        assert!(Instant::now() < deadline, "the token stayed in the outbox");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A customer on a phone, in Korean: registers, orders, and reads on the order's page
/// what was sent; then writes to be told in English. axe-core on each page; screenshots
/// in `target/test-artifacts/notifications/`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_customer_reads_what_was_sent_on_a_phone() {
    let maildir = tempfile::tempdir().expect("maildir");
    let port = free_port();
    let _mail = MailServer::start(port, &maildir);
    let app = spawn_app_with(
        Backend::Sqlite,
        &format!("{FAST}smtp_url = \"smtp://127.0.0.1:{port}\"\n"),
    )
    .await;
    let shop = shop(&app, 5, PRODUCTS).await;
    let operator = app.staff(&shop.id, Role::Operator).await;
    let mut walk = crate::console_browser::Walk::phone("notifications", "ko-KR,ko").await;
    let email = format!("phone-{}@customer.test", uuid::Uuid::new_v4().simple());
    walk.browser
        .open(&format!("{}/register", app.address))
        .await;
    walk.browser.type_into("#name", "김민지").await;
    walk.browser.type_into("#email", &email).await;
    walk.browser.type_into("#password", "subway-password").await;
    walk.browser.tap("#register").await;
    // Registered once the shop shows the (empty) cart it sends a new customer to; the
    // register page has a header too.
    walk.browser.wait_for("#cart-empty").await;

    let token = app.login(&email, "subway-password").await;
    assert_eq!(app.me(&token).await["language"], "ko");
    fill(&app, &token, &shop, "MILK", 1).await;
    let placed = place(
        &app,
        &token,
        &shop,
        &uuid::Uuid::new_v4().to_string(),
        "tok_approve",
    )
    .await;
    let id = placed["id"].as_str().expect("id");
    for to in ["picking", "out_for_delivery"] {
        move_to(&app, &shop, &operator, id, json!({"to": to})).await;
    }
    notifications_when(&app, &shop, id, |list| {
        list.len() == 4
            && list.iter().all(|n| {
                n["status"]
                    == if n["channel"] == "email" {
                        "sent"
                    } else {
                        "skipped"
                    }
            })
    })
    .await;

    walk.browser
        .open(&format!("{}/orders/{id}", app.address))
        .await;
    walk.browser.wait_for("#messages").await;
    let listed = walk.browser.text("#messages").await;
    assert!(
        listed.contains("주문 확정") && listed.contains("배송 출발"),
        "{listed}"
    );
    assert!(
        listed.contains("보냄") && listed.contains("이메일"),
        "{listed}"
    );
    // The webhook, not set up here, is not the customer's concern.
    assert!(!listed.contains("문자"), "{listed}");
    walk.check_accessibility("order page").await;
    walk.scroll_to_end().await;
    walk.browser.shot("order-messages").await;

    walk.browser.open(&format!("{}/orders", app.address)).await;
    walk.browser.wait_for("#language-form").await;
    walk.check_accessibility("order list").await;
    walk.browser.tap("#language option[value='en']").await;
    walk.browser.tap("#save-language").await;
    walk.browser.wait_for("#language-saved").await;
    walk.check_accessibility("language saved").await;
    walk.browser.shot("language-saved").await;
    assert_eq!(app.me(&token).await["language"], "en");
    walk.browser.quit().await;
}
