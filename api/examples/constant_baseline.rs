//! The ceiling for the scan benchmark: actix-web with the same worker count, answering
//! every `GET /s/{code}` with a constant JSON body and no database. `scripts/bench-scan`
//! measures the real scan path against it.

use actix_web::{App, HttpResponse, HttpServer, web};

const BODY: &str = r#"{"code":"00000000","product":{"sku":"CONSTANT","name":"Constant","price":{"amount_minor":1000,"currency":"KRW"}}}"#;

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let bind = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:8090".into());
    HttpServer::new(|| {
        App::new().route(
            "/s/{code}",
            web::get().to(|| async {
                HttpResponse::Ok()
                    .content_type("application/json")
                    .body(BODY)
            }),
        )
    })
    .bind(bind)?
    .run()
    .await
}
