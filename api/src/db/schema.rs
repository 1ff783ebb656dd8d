//! Tables as diesel sees them. Both migration sets must produce exactly this; a test
//! compares them after normalizing types (PostgreSQL `Int8` = SQLite `BigInt`).

diesel::table! {
    retailers (id) {
        id -> Text,
        name -> Text,
        currency -> Text,
        time_zone -> Text,
        locale -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        email -> Text,
        password_hash -> Text,
        name -> Text,
        role -> Text,
        retailer_id -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> Text,
        user_id -> Text,
        family_id -> Text,
        token_hash -> Text,
        expires_at -> Timestamp,
        created_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    products (id) {
        id -> Text,
        retailer_id -> Text,
        sku -> Text,
        gtin -> Nullable<Text>,
        name -> Text,
        description -> Text,
        price_minor -> BigInt,
        stock_on_hand -> BigInt,
        reserved -> BigInt,
        active -> Bool,
        image_key -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(users -> retailers (retailer_id));
diesel::joinable!(refresh_tokens -> users (user_id));
diesel::joinable!(products -> retailers (retailer_id));

diesel::allow_tables_to_appear_in_same_query!(retailers, users, refresh_tokens, products);
