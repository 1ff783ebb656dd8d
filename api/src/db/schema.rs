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

diesel::table! {
    posters (id) {
        id -> Text,
        retailer_id -> Text,
        title -> Text,
        page_size -> Text,
        layout -> Text,
        scan_distance_mm -> Integer,
        version -> Integer,
        retired_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    placements (id) {
        id -> Text,
        poster_id -> Text,
        name -> Text,
        site -> Nullable<Text>,
        spot -> Nullable<Text>,
        city -> Nullable<Text>,
        latitude -> Nullable<Double>,
        longitude -> Nullable<Double>,
        starts_at -> Timestamp,
        ends_at -> Timestamp,
        created_at -> Timestamp,
    }
}

diesel::table! {
    scan_codes (code) {
        code -> Text,
        retailer_id -> Text,
        poster_id -> Text,
        placement_id -> Nullable<Text>,
        product_id -> Text,
        printed_price_minor -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    poster_slots (id) {
        id -> Text,
        poster_id -> Text,
        version -> Integer,
        placement_id -> Nullable<Text>,
        position -> Integer,
        code -> Text,
    }
}

diesel::table! {
    scan_events (id) {
        id -> Text,
        code -> Text,
        user_agent_class -> Text,
        scanned_at -> Timestamp,
    }
}

diesel::table! {
    delivery_zones (id) {
        id -> Text,
        retailer_id -> Text,
        name -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    delivery_zone_postal_codes (zone_id, prefix) {
        zone_id -> Text,
        prefix -> Text,
    }
}

diesel::table! {
    slot_templates (id) {
        id -> Text,
        zone_id -> Text,
        weekday -> Integer,
        start_minute -> Integer,
        end_minute -> Integer,
        capacity -> Integer,
        fee_minor -> BigInt,
        prior_notice_minutes -> Integer,
        same_day_cutoff_minute -> Nullable<Integer>,
        active -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    closed_dates (zone_id, local_date) {
        zone_id -> Text,
        local_date -> Text,
    }
}

diesel::table! {
    delivery_slots (id) {
        id -> Text,
        zone_id -> Text,
        template_id -> Text,
        local_date -> Text,
        starts_at -> Timestamp,
        ends_at -> Timestamp,
        capacity -> Integer,
        booked -> Integer,
        fee_minor -> BigInt,
        bookable_until -> Timestamp,
        detached -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    slot_bookings (id) {
        id -> Text,
        slot_id -> Text,
        reference -> Text,
        booked_at -> Timestamp,
        released_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(users -> retailers (retailer_id));
diesel::joinable!(refresh_tokens -> users (user_id));
diesel::joinable!(products -> retailers (retailer_id));
diesel::joinable!(posters -> retailers (retailer_id));
diesel::joinable!(placements -> posters (poster_id));
diesel::joinable!(scan_codes -> products (product_id));
diesel::joinable!(scan_codes -> posters (poster_id));
diesel::joinable!(scan_codes -> placements (placement_id));
diesel::joinable!(scan_codes -> retailers (retailer_id));
diesel::joinable!(poster_slots -> scan_codes (code));
diesel::joinable!(scan_events -> scan_codes (code));
diesel::joinable!(delivery_zones -> retailers (retailer_id));
diesel::joinable!(delivery_zone_postal_codes -> delivery_zones (zone_id));
diesel::joinable!(slot_templates -> delivery_zones (zone_id));
diesel::joinable!(closed_dates -> delivery_zones (zone_id));
diesel::joinable!(delivery_slots -> delivery_zones (zone_id));
diesel::joinable!(delivery_slots -> slot_templates (template_id));
diesel::joinable!(slot_bookings -> delivery_slots (slot_id));

diesel::allow_tables_to_appear_in_same_query!(
    retailers,
    users,
    refresh_tokens,
    products,
    posters,
    placements,
    scan_codes,
    poster_slots,
    scan_events,
    delivery_zones,
    delivery_zone_postal_codes,
    slot_templates,
    closed_dates,
    delivery_slots,
    slot_bookings,
);
