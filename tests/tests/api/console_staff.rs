//! A retailer's staff: invitations, deactivation and password reset links, through the
//! JSON API on both backends and through the console's pages (SQLite: the pages do not
//! depend on the backend), over HTTP and in a headless Chromium with the keyboard and
//! axe-core. Every login path refuses a deactivated account.

use diesel::prelude::*;
use fantoccini::key::Key;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use virtual_shelf::domain::accounts::Role;

use crate::checkout::all_at_once;
use crate::console::{Console, csrf_of, location, page, user};
use crate::console_browser::Walk;
use crate::console_orders::wait_for_path;
use crate::helpers::{
    Backend, DEMO_PASSWORD, TestApp, error_fields, expect_json, expect_problem, spawn_app,
};
use crate::on_both_backends;

on_both_backends!(
    staff_through_the_json_api,
    two_admins_switching_each_other_off_leave_one,
);

async fn post(app: &TestApp, path: &str, token: &str, body: Value) -> reqwest::Response {
    app.authed(Method::POST, path, token)
        .json(&body)
        .send()
        .await
        .expect("post")
}

/// The token at the end of a staff link.
fn token_of(link: &str) -> String {
    link.rsplit('/').next().expect("token").to_owned()
}

/// The id of the account with `email`.
async fn id_of(app: &TestApp, email: &str) -> String {
    let email = email.to_owned();
    app.with_db(move |conn| {
        virtual_shelf::domain::accounts::users::find_by_email(conn, &email)
            .expect("lookup")
            .expect("account")
            .id
    })
    .await
}

async fn staff_through_the_json_api(backend: Backend) {
    let app = spawn_app(backend).await;
    let (shop, admin) = app.retailer_with_admin("Staff Mart").await;
    let admin_id = app.me(&admin).await["id"].as_str().expect("id").to_owned();
    let staff_path = format!("/v1/retailers/{shop}/staff");

    // Invitations: bad fields, a taken email, an operator who may not invite.
    let bad = post(
        &app,
        &staff_path,
        &admin,
        json!({"email": "nope", "role": "customer"}),
    )
    .await;
    let bad = expect_problem(bad, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(error_fields(&bad), ["email", "role"]);
    let taken = json!({"email": "retailer@demo.test", "role": "operator"});
    expect_problem(
        post(&app, &staff_path, &admin, taken).await,
        StatusCode::CONFLICT,
        "email_taken",
    )
    .await;
    let operator = app.staff(&shop, Role::Operator).await;
    let by_operator = json!({"email": "x@staff.test", "role": "operator"});
    expect_problem(
        post(&app, &staff_path, &operator, by_operator).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;

    let invited = post(
        &app,
        &staff_path,
        &admin,
        json!({"email": " Kim@Staff.TEST ", "role": "operator"}),
    )
    .await;
    let invited = expect_json(invited, StatusCode::CREATED).await;
    let link = invited["link"].as_str().expect("link");
    assert!(
        link.starts_with(&format!("{}/console/invite/", app.address)),
        "{link}"
    );
    let token = token_of(link);

    // The invitee sets a name and password and is signed in as an operator of the shop.
    let accept_path = format!("/v1/invitations/{token}/accept");
    let short = app
        .request(Method::POST, &accept_path)
        .json(&json!({"name": "", "password": "short"}))
        .send()
        .await
        .expect("accept");
    let short = expect_problem(short, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(error_fields(&short), ["password", "name"]);
    let body = json!({"name": "Kim Operator", "password": "kim-password"});
    let accepted = app
        .request(Method::POST, &accept_path)
        .json(&body)
        .send()
        .await
        .expect("accept");
    let pair = expect_json(accepted, StatusCode::CREATED).await;
    let kim_token = pair["access_token"].as_str().expect("token");
    let me = app.me(kim_token).await;
    assert_eq!(me["role"], "operator");
    assert_eq!(me["email"], "kim@staff.test");
    assert_eq!(me["retailer_id"], shop.as_str());
    let kim = me["id"].as_str().expect("id").to_owned();
    // Used once: refused afterwards; a token never made is unknown.
    let again = app
        .request(Method::POST, &accept_path)
        .json(&body)
        .send()
        .await
        .expect("accept");
    expect_problem(again, StatusCode::UNPROCESSABLE_ENTITY, "link_expired").await;
    let unknown = app
        .request(Method::POST, "/v1/invitations/nonsense/accept")
        .json(&body)
        .send()
        .await
        .expect("accept");
    expect_problem(unknown, StatusCode::NOT_FOUND, "not_found").await;

    // The list, readable by any of the shop's staff.
    let listed = app
        .authed(Method::GET, &staff_path, &operator)
        .send()
        .await
        .expect("list");
    let listed = expect_json(listed, StatusCode::OK).await;
    let emails: Vec<&str> = listed["staff"]
        .as_array()
        .expect("staff")
        .iter()
        .map(|m| m["email"].as_str().expect("email"))
        .collect();
    assert!(emails.contains(&"kim@staff.test"), "{listed}");
    assert_eq!(emails.len(), 3, "{listed}");

    // Deactivated: no login, no refresh; reactivated: login again.
    let deactivate = format!("{staff_path}/{kim}/deactivate");
    let off = expect_json(
        post(&app, &deactivate, &admin, json!({})).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(off["active"], false);
    let login = app
        .request(Method::POST, "/v1/auth/login")
        .json(&json!({"email": "kim@staff.test", "password": "kim-password"}))
        .send()
        .await
        .expect("login");
    expect_problem(login, StatusCode::UNAUTHORIZED, "account_deactivated").await;
    let refresh = app
        .request(Method::POST, "/v1/auth/refresh")
        .json(&json!({"refresh_token": pair["refresh_token"]}))
        .send()
        .await
        .expect("refresh");
    assert_eq!(refresh.status(), StatusCode::UNAUTHORIZED);
    let on = post(
        &app,
        &format!("{staff_path}/{kim}/reactivate"),
        &admin,
        json!({}),
    )
    .await;
    assert_eq!(expect_json(on, StatusCode::OK).await["active"], true);
    app.login("kim@staff.test", "kim-password").await;

    // Not oneself, not the last active admin (a platform admin asks here).
    let own = post(
        &app,
        &format!("{staff_path}/{admin_id}/deactivate"),
        &admin,
        json!({}),
    )
    .await;
    expect_problem(own, StatusCode::CONFLICT, "cannot_deactivate_self").await;
    let root = app.platform_admin().await;
    let last = post(
        &app,
        &format!("{staff_path}/{admin_id}/deactivate"),
        &root,
        json!({}),
    )
    .await;
    expect_problem(last, StatusCode::CONFLICT, "last_admin").await;
    app.me(&admin).await;

    // A reset link; another retailer's admin sees neither the staff nor the link.
    let reset = post(
        &app,
        &format!("{staff_path}/{kim}/password-reset"),
        &admin,
        json!({}),
    )
    .await;
    let reset = expect_json(reset, StatusCode::CREATED).await;
    assert!(
        reset["link"]
            .as_str()
            .expect("link")
            .contains("/console/reset/"),
        "{reset}"
    );
    let (_, other) = app.retailer_with_admin("Other Mart").await;
    let foreign = post(&app, &deactivate, &other, json!({})).await;
    expect_problem(foreign, StatusCode::NOT_FOUND, "not_found").await;
    // A reset token does not accept an invitation.
    let misuse = app
        .request(
            Method::POST,
            &format!(
                "/v1/invitations/{}/accept",
                token_of(reset["link"].as_str().expect("link"))
            ),
        )
        .json(&body)
        .send()
        .await
        .expect("accept");
    expect_problem(misuse, StatusCode::NOT_FOUND, "not_found").await;
}

async fn two_admins_switching_each_other_off_leave_one(backend: Backend) {
    let app = spawn_app(backend).await;
    let (shop, first) = app.retailer_with_admin("Pair Mart").await;
    let second = app.staff(&shop, Role::RetailerAdmin).await;
    let id = |me: Value| me["id"].as_str().expect("id").to_owned();
    let (first_id, second_id) = (id(app.me(&first).await), id(app.me(&second).await));
    let off = |target: &str, token: &str| {
        app.authed(
            Method::POST,
            &format!("/v1/retailers/{shop}/staff/{target}/deactivate"),
            token,
        )
        .json(&json!({}))
    };
    for _ in 0..3 {
        let answers = all_at_once(vec![off(&second_id, &first), off(&first_id, &second)]).await;
        let mut statuses: Vec<StatusCode> = answers.iter().map(|(status, ..)| *status).collect();
        statuses.sort();
        assert_eq!(
            statuses,
            [StatusCode::OK, StatusCode::CONFLICT],
            "{answers:?}"
        );
        let refused = answers
            .iter()
            .find(|(status, ..)| *status == StatusCode::CONFLICT);
        assert_eq!(refused.expect("refusal").1["code"], "last_admin");
        // Both active again for the next round.
        let root = app.platform_admin().await;
        for target in [&first_id, &second_id] {
            let on = format!("/v1/retailers/{shop}/staff/{target}/reactivate");
            expect_json(post(&app, &on, &root, json!({})).await, StatusCode::OK).await;
        }
    }
}

/// Makes every link of `email` expire now.
async fn expire_links(app: &TestApp, email: &str) {
    use virtual_shelf::db::schema::staff_invitations;
    let email = email.to_owned();
    app.with_db(move |conn| {
        diesel::update(staff_invitations::table.filter(staff_invitations::email.eq(email)))
            .set(
                staff_invitations::expires_at
                    .eq(chrono::Utc::now().naive_utc() - chrono::Duration::minutes(1)),
            )
            .execute(conn)
            .expect("expire");
    })
    .await;
}

/// Posts the invitation form on the staff page; the page that answers.
async fn invite(
    browser: &mut Console<'_>,
    shop: &str,
    email: &str,
    role: &str,
) -> (StatusCode, String) {
    let staff = page(
        browser.get(&format!("/console/r/{shop}/staff")).await,
        StatusCode::OK,
    )
    .await;
    let response = browser
        .post(
            &format!("/console/r/{shop}/staff"),
            &[("csrf", &csrf_of(&staff)), ("email", email), ("role", role)],
        )
        .await;
    let status = response.status();
    (status, page(response, status).await)
}

/// The link shown in the page's link box.
fn shown_link(html: &str) -> String {
    let marker = "id=\"link-url\" value=\"";
    let start = html
        .find(marker)
        .unwrap_or_else(|| panic!("no link in {html}"))
        + marker.len();
    html[start..].split('"').next().expect("link").to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_in_the_console() {
    let app = spawn_app(Backend::Sqlite).await;
    let (shop, _) = app.retailer_with_admin("Console Staff Mart").await;
    let admin = user(&app, Role::RetailerAdmin, Some(&shop)).await;
    let mut browser = Console::new(&app, "en");
    assert_eq!(
        browser.sign_in(&admin, DEMO_PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );

    // Field errors next to their field, nothing stored; then the link to copy.
    let (status, bad) = invite(&mut browser, &shop, "not-an-email", "operator").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.contains("id=\"email-error\"") && bad.contains("Enter an email address"),
        "{bad}"
    );
    let (status, taken) = invite(&mut browser, &shop, &admin, "operator").await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(
        taken.contains("An account with this email already exists."),
        "{taken}"
    );
    let (status, made) = invite(&mut browser, &shop, "lee@staff.test", "operator").await;
    assert_eq!(status, StatusCode::OK);
    let link = shown_link(&made);
    let path = link
        .strip_prefix(&app.address)
        .expect("own origin")
        .to_owned();
    assert!(path.starts_with("/console/invite/"), "{path}");

    // The invitee opens it in another browser, in Korean, fixes a short password and is
    // signed in to the console, where an operator reads and does not edit.
    let mut invitee = Console::new(&app, "ko");
    let form = page(invitee.get(&path).await, StatusCode::OK).await;
    assert!(
        form.contains("Console Staff Mart") && form.contains("lee@staff.test"),
        "{form}"
    );
    let csrf = csrf_of(&form);
    let no_csrf = invitee
        .post(&path, &[("name", "Lee"), ("password", "lee-password")])
        .await;
    page(no_csrf, StatusCode::FORBIDDEN).await;
    let short = invitee
        .post(
            &path,
            &[("csrf", &csrf), ("name", "Lee"), ("password", "short")],
        )
        .await;
    let short = page(short, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(
        short.contains("id=\"password-error\"") && short.contains("8자 이상으로"),
        "{short}"
    );
    let joined = invitee
        .post(
            &path,
            &[
                ("csrf", &csrf),
                ("name", "Lee"),
                ("password", "lee-password"),
            ],
        )
        .await;
    assert_eq!(joined.status(), StatusCode::SEE_OTHER);
    assert!(invitee.cookies.contains_key("shelf_staff"));
    let home = location(&joined).to_owned();
    let start = invitee.get(&home).await;
    assert_eq!(location(&start), format!("/console/r/{shop}/"));
    let staff_page = page(
        invitee.get(&format!("/console/r/{shop}/staff")).await,
        StatusCode::OK,
    )
    .await;
    assert!(
        staff_page.contains("id=\"read-only\"") && !staff_page.contains("invite-form"),
        "{staff_page}"
    );
    assert!(!staff_page.contains("/deactivate\""), "{staff_page}");
    page(
        invitee.get(&format!("/console/r/{shop}/orders")).await,
        StatusCode::OK,
    )
    .await;
    let csrf = csrf_of(&staff_page);
    let refused = invitee
        .post(
            &format!("/console/r/{shop}/staff"),
            &[
                ("csrf", &csrf),
                ("email", "x@staff.test"),
                ("role", "operator"),
            ],
        )
        .await;
    page(refused, StatusCode::FORBIDDEN).await;

    // The link was spent: a clear page, 410; a made-up one is 404.
    let spent = page(Console::new(&app, "en").get(&path).await, StatusCode::GONE).await;
    assert!(spent.contains("This link no longer works"), "{spent}");
    let unknown = page(
        browser.get("/console/invite/AAAA").await,
        StatusCode::NOT_FOUND,
    )
    .await;
    assert!(unknown.contains("This link does not exist"), "{unknown}");
    // An expired invitation is refused too, before and after the form.
    let (_, made) = invite(&mut browser, &shop, "late@staff.test", "retailer_admin").await;
    let late = shown_link(&made)
        .strip_prefix(&app.address)
        .expect("own origin")
        .to_owned();
    let mut latecomer = Console::new(&app, "en");
    let form = page(latecomer.get(&late).await, StatusCode::OK).await;
    expire_links(&app, "late@staff.test").await;
    let expired = latecomer
        .post(
            &late,
            &[
                ("csrf", &csrf_of(&form)),
                ("name", "Late"),
                ("password", "late-password"),
            ],
        )
        .await;
    assert!(
        page(expired, StatusCode::GONE)
            .await
            .contains("This link no longer works")
    );
    assert!(!latecomer.cookies.contains_key("shelf_staff"));

    // Deactivated: the open session stops opening pages, sign-in is refused.
    let lee = id_of(&app, "lee@staff.test").await;
    let list = page(
        browser.get(&format!("/console/r/{shop}/staff")).await,
        StatusCode::OK,
    )
    .await;
    let off_path = format!("/console/r/{shop}/staff/{lee}/deactivate");
    page(browser.post(&off_path, &[]).await, StatusCode::FORBIDDEN).await;
    let off = browser.post(&off_path, &[("csrf", &csrf_of(&list))]).await;
    assert_eq!(
        location(&off),
        format!("/console/r/{shop}/staff?done=deactivated")
    );
    let notice = page(browser.get(location(&off)).await, StatusCode::OK).await;
    assert!(notice.contains("The account was deactivated"), "{notice}");
    let detour = invitee.get(&format!("/console/r/{shop}/staff")).await;
    assert_eq!(detour.status(), StatusCode::SEE_OTHER);
    assert!(location(&detour).starts_with("/console/login"));
    let again = invitee.sign_in("lee@staff.test", "lee-password").await;
    let again = page(again, StatusCode::UNAUTHORIZED).await;
    assert!(again.contains("비활성화된 계정입니다"), "{again}");
    assert_eq!(
        app.request(Method::POST, "/v1/auth/login")
            .json(&json!({"email": "lee@staff.test", "password": "lee-password"}))
            .send()
            .await
            .expect("login")
            .status(),
        StatusCode::UNAUTHORIZED
    );

    // The last active admin and oneself stay, with the reason on the page.
    let me = id_of(&app, &admin).await;
    let list = page(
        browser.get(&format!("/console/r/{shop}/staff")).await,
        StatusCode::OK,
    )
    .await;
    let own = browser
        .post(
            &format!("/console/r/{shop}/staff/{me}/deactivate"),
            &[("csrf", &csrf_of(&list))],
        )
        .await;
    assert!(
        page(own, StatusCode::CONFLICT)
            .await
            .contains("You cannot deactivate your own account.")
    );
    let first_admin = {
        let shop = shop.clone();
        let admin = admin.clone();
        app.with_db(move |conn| {
            virtual_shelf::domain::accounts::users::staff_of(conn, &shop)
                .expect("staff")
                .into_iter()
                .find(|u| u.role == "retailer_admin" && u.email != admin)
                .expect("the first admin")
                .id
        })
        .await
    };
    let off = browser
        .post(
            &format!("/console/r/{shop}/staff/{first_admin}/deactivate"),
            &[("csrf", &csrf_of(&list))],
        )
        .await;
    assert_eq!(off.status(), StatusCode::SEE_OTHER);
    let mut root = Console::new(&app, "en");
    root.sign_in("admin@demo.test", DEMO_PASSWORD).await;
    let list = page(
        root.get(&format!("/console/r/{shop}/staff")).await,
        StatusCode::OK,
    )
    .await;
    let last = root
        .post(
            &format!("/console/r/{shop}/staff/{me}/deactivate"),
            &[("csrf", &csrf_of(&list))],
        )
        .await;
    assert!(
        page(last, StatusCode::CONFLICT)
            .await
            .contains("last active admin")
    );

    // A reset link sets a new password and ends the colleague's sessions.
    let list = page(
        browser.get(&format!("/console/r/{shop}/staff")).await,
        StatusCode::OK,
    )
    .await;
    let on = browser
        .post(
            &format!("/console/r/{shop}/staff/{lee}/reactivate"),
            &[("csrf", &csrf_of(&list))],
        )
        .await;
    assert_eq!(
        location(&on),
        format!("/console/r/{shop}/staff?done=reactivated")
    );
    let mut lee_browser = Console::new(&app, "en");
    assert_eq!(
        lee_browser
            .sign_in("lee@staff.test", "lee-password")
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    let made = browser
        .post(
            &format!("/console/r/{shop}/staff/{lee}/password-reset"),
            &[("csrf", &csrf_of(&list))],
        )
        .await;
    let made = page(made, StatusCode::OK).await;
    let reset = shown_link(&made)
        .strip_prefix(&app.address)
        .expect("own origin")
        .to_owned();
    assert!(reset.starts_with("/console/reset/"), "{reset}");
    let form = page(lee_browser.get(&reset).await, StatusCode::OK).await;
    let done = lee_browser
        .post(
            &reset,
            &[("csrf", &csrf_of(&form)), ("password", "new-lee-password")],
        )
        .await;
    assert!(
        page(done, StatusCode::OK)
            .await
            .contains("Your password was changed")
    );
    assert_eq!(
        lee_browser
            .get(&format!("/console/r/{shop}/"))
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    page(
        Console::new(&app, "en")
            .sign_in("lee@staff.test", "lee-password")
            .await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    assert_eq!(
        Console::new(&app, "en")
            .sign_in("lee@staff.test", "new-lee-password")
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    page(lee_browser.get(&reset).await, StatusCode::GONE).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_with_the_keyboard_and_axe() {
    let app = spawn_app(Backend::Sqlite).await;
    let (shop, _) = app.retailer_with_admin("Browser Staff Mart").await;
    let admin = user(&app, Role::RetailerAdmin, Some(&shop)).await;
    let mut walk = Walk::desktop("console-staff", "en-US,en", 1280, 800).await;
    let staff = format!("/console/r/{shop}/staff");
    walk.browser.open(&format!("{}{staff}", app.address)).await;
    walk.browser.wait_for("#email").await;
    walk.sign_in(&admin).await;
    walk.browser.wait_for("#invite-form").await;
    walk.browser.shot("staff").await;
    walk.check_accessibility("staff").await;

    // A field error next to its field, then the link to copy.
    walk.tab_to("email").await;
    walk.keys("not-an-email").await;
    walk.keys(&Key::Enter).await;
    walk.browser.wait_for("#email-error").await;
    walk.check_accessibility("staff-invite-error").await;
    walk.tab_to("email").await;
    walk.browser.type_into("#email", "park@staff.test").await;
    walk.tab_to("invite").await;
    walk.keys(&Key::Enter).await;
    walk.browser.wait_for("#new-link").await;
    walk.browser.shot("staff-invited").await;
    walk.check_accessibility("staff-invited").await;
    let link = walk.browser.attr("#link-url", "value").await.expect("link");

    // The colleague's pages: the form, and a link that no longer works.
    walk.browser.open(&link).await;
    walk.browser.wait_for("#name").await;
    walk.browser.shot("invitation").await;
    walk.check_accessibility("invitation").await;
    walk.tab_to("name").await;
    walk.keys("Park").await;
    walk.keys(&Key::Tab).await;
    walk.keys("park-password").await;
    walk.keys(&Key::Enter).await;
    wait_for_path(&walk, &format!("/console/r/{shop}/")).await;
    walk.browser.open(&link).await;
    walk.browser.wait_for("#link-gone").await;
    walk.browser.shot("invitation-spent").await;
    walk.check_accessibility("invitation-spent").await;
    walk.browser.quit().await;
}
