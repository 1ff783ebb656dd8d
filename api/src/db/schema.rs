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
        deactivated_at -> Nullable<Timestamp>,
        language -> Text,
        referral_code -> Nullable<Text>,
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
        share_code -> Text,
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
        cost_minor -> Nullable<BigInt>,
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
        id -> BigInt,
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

diesel::table! {
    carts (id) {
        id -> Text,
        user_id -> Nullable<Text>,
        device_token_hash -> Nullable<Text>,
        retailer_id -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    cart_items (id) {
        id -> Text,
        cart_id -> Text,
        product_id -> Text,
        quantity -> Integer,
        scan_code -> Nullable<Text>,
        added_at -> Timestamp,
        source_channel -> Nullable<Text>,
        source_id -> Nullable<Text>,
    }
}

diesel::table! {
    orders (id) {
        id -> Text,
        number -> Text,
        retailer_id -> Text,
        customer_id -> Text,
        status -> Text,
        status_reason -> Nullable<Text>,
        currency -> Text,
        items_total_minor -> BigInt,
        delivery_fee_minor -> BigInt,
        total_minor -> BigInt,
        delivery_slot_id -> Text,
        slot_booking_id -> Text,
        reserved_until -> Timestamp,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    order_addresses (order_id) {
        order_id -> Text,
        name -> Text,
        phone -> Text,
        line1 -> Text,
        line2 -> Text,
        postal_code -> Text,
        city -> Text,
    }
}

diesel::table! {
    order_items (id) {
        id -> Text,
        order_id -> Text,
        position -> Integer,
        product_id -> Text,
        sku -> Text,
        name -> Text,
        quantity -> Integer,
        unit_price_minor -> BigInt,
        catalog_price_minor -> BigInt,
        scan_code -> Nullable<Text>,
        picked_quantity -> Nullable<Integer>,
        source_channel -> Nullable<Text>,
        source_id -> Nullable<Text>,
    }
}

diesel::table! {
    order_events (id) {
        id -> Text,
        order_id -> Text,
        from_status -> Nullable<Text>,
        to_status -> Text,
        actor_id -> Nullable<Text>,
        note -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    payments (id) {
        id -> Text,
        order_id -> Text,
        provider -> Text,
        kind -> Text,
        outcome -> Text,
        amount_minor -> BigInt,
        provider_reference -> Nullable<Text>,
        failure_reason -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    payment_events (provider, event_id) {
        provider -> Text,
        event_id -> Text,
        order_id -> Nullable<Text>,
        kind -> Text,
        received_at -> Timestamp,
    }
}

diesel::table! {
    idempotency_keys (user_id, idempotency_key) {
        user_id -> Text,
        idempotency_key -> Text,
        request_hash -> Text,
        response_status -> Nullable<Integer>,
        response_body -> Nullable<Text>,
        locked_until -> Timestamp,
        created_at -> Timestamp,
    }
}

diesel::table! {
    web_sessions (token_hash) {
        token_hash -> Text,
        user_id -> Text,
        expires_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    staff_invitations (token_hash) {
        token_hash -> Text,
        kind -> Text,
        retailer_id -> Text,
        email -> Text,
        role -> Text,
        user_id -> Nullable<Text>,
        created_by -> Text,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    blobs (blob_key) {
        blob_key -> Text,
        bytes -> Binary,
        created_at -> Timestamp,
    }
}

diesel::table! {
    rate_limit_buckets (bucket_key) {
        bucket_key -> Text,
        empty_at_ms -> BigInt,
    }
}

diesel::table! {
    test_payment_authorizations (reference) {
        reference -> Text,
        idempotency_key -> Text,
        authorized_minor -> BigInt,
        captured_minor -> BigInt,
        refunded_minor -> BigInt,
        voided -> Bool,
        declines_capture -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    analytics_day_salts (local_date) {
        local_date -> Text,
        salt -> Binary,
    }
}

diesel::table! {
    analytics_source_days (retailer_id, local_date, channel, source_id) {
        retailer_id -> Text,
        local_date -> Text,
        channel -> Text,
        source_id -> Text,
        poster_id -> Nullable<Text>,
        placement_id -> Nullable<Text>,
        product_id -> Nullable<Text>,
        scans -> BigInt,
        page_views -> BigInt,
        add_to_carts -> BigInt,
        visitors -> BigInt,
    }
}

diesel::table! {
    analytics_scope_days (retailer_id, dimension, local_date, scope_key) {
        retailer_id -> Text,
        dimension -> Text,
        local_date -> Text,
        scope_key -> Text,
        scans -> BigInt,
        page_views -> BigInt,
        add_to_carts -> BigInt,
        visitors -> BigInt,
    }
}

diesel::table! {
    analytics_visitor_marks (retailer_id, local_date, scope, visitor_hash) {
        retailer_id -> Text,
        local_date -> Text,
        scope -> Text,
        visitor_hash -> Binary,
    }
}

diesel::table! {
    analytics_order_lines (order_id, position) {
        order_id -> Text,
        position -> Integer,
        retailer_id -> Text,
        channel -> Text,
        source_id -> Text,
        poster_id -> Nullable<Text>,
        placement_id -> Nullable<Text>,
        product_id -> Text,
        local_date -> Text,
        local_hour -> Integer,
        units -> BigInt,
        revenue_minor -> BigInt,
        returned_local_date -> Nullable<Text>,
        refunded_minor -> BigInt,
    }
}

diesel::table! {
    notifications (id) {
        id -> Text,
        kind -> Text,
        order_id -> Nullable<Text>,
        user_id -> Nullable<Text>,
        email -> Text,
        language -> Text,
        payload -> Text,
        secret -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    notification_deliveries (notification_id, channel) {
        notification_id -> Text,
        channel -> Text,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        locked_until -> Nullable<Timestamp>,
        sent_at -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
    }
}

diesel::table! {
    catalogue_feeds (retailer_id) {
        retailer_id -> Text,
        token -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    shelves (id) {
        id -> Text,
        retailer_id -> Text,
        name -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    shelf_products (shelf_id, product_id) {
        shelf_id -> Text,
        product_id -> Text,
        position -> Integer,
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
diesel::joinable!(carts -> users (user_id));
diesel::joinable!(carts -> retailers (retailer_id));
diesel::joinable!(cart_items -> carts (cart_id));
diesel::joinable!(cart_items -> products (product_id));
diesel::joinable!(orders -> retailers (retailer_id));
diesel::joinable!(orders -> users (customer_id));
diesel::joinable!(orders -> delivery_slots (delivery_slot_id));
diesel::joinable!(order_addresses -> orders (order_id));
diesel::joinable!(order_items -> orders (order_id));
diesel::joinable!(order_items -> products (product_id));
diesel::joinable!(order_events -> orders (order_id));
diesel::joinable!(payments -> orders (order_id));
diesel::joinable!(web_sessions -> users (user_id));
diesel::joinable!(staff_invitations -> retailers (retailer_id));
diesel::joinable!(notifications -> orders (order_id));
diesel::joinable!(notification_deliveries -> notifications (notification_id));
diesel::joinable!(catalogue_feeds -> retailers (retailer_id));
diesel::joinable!(shelves -> retailers (retailer_id));
diesel::joinable!(shelf_products -> shelves (shelf_id));
diesel::joinable!(shelf_products -> products (product_id));

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
    carts,
    cart_items,
    orders,
    order_addresses,
    order_items,
    order_events,
    payments,
    payment_events,
    idempotency_keys,
    web_sessions,
    staff_invitations,
    blobs,
    rate_limit_buckets,
    test_payment_authorizations,
    analytics_day_salts,
    analytics_source_days,
    analytics_scope_days,
    analytics_visitor_marks,
    analytics_order_lines,
    notifications,
    notification_deliveries,
    catalogue_feeds,
    shelves,
    shelf_products,
);
