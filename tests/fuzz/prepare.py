#!/usr/bin/env python3
"""Prepares a freshly seeded server for a schemathesis run and prints the ids it used.

Through the API only, as the demo accounts: creates three fuzz products, a fuzz
poster of them (A4, so that print renders stay cheap), a placement of it, a slot
template and a cart line and an order of the demo customer, then discovers the demo
retailer, zone and a bookable slot. Prints `NAME=value` lines (shell-quoted) that
schemathesis.toml reads as `${NAME}`. Standard library only, so any Python 3 runs it.

Usage: prepare.py BASE_URL
"""

import datetime
import json
import shlex
import sys
import urllib.error
import urllib.request
import uuid

PASSWORD = "demo-password"
# In the demo zone, which serves postal codes starting with `04`.
POSTAL_CODE = "04524"
# SKU and stock: plenty, nearly sold out, sold out (`out_of_stock` answers).
FUZZ_PRODUCTS = (("FUZZ-1", 1000), ("FUZZ-2", 3), ("FUZZ-3", 0))
FUZZ_SKUS = tuple(sku for sku, _ in FUZZ_PRODUCTS)


class Api:
    """A tiny JSON client that fails loudly on any unexpected status."""

    def __init__(self, base):
        self.base = base.rstrip("/")

    def call(self, method, path, body=None, token=None, expect=(200,), headers=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                status, text = response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read().decode(errors="replace")
        if status not in expect:
            sys.exit(f"prepare: {method} {path} answered {status}, expected {expect}: {text[:500]}")
        return json.loads(text) if text else None

    def login(self, who):
        body = {"email": f"{who}@demo.test", "password": PASSWORD}
        return self.call("POST", "/v1/auth/login", body)["access_token"]


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: prepare.py BASE_URL")
    api = Api(sys.argv[1])
    retailer = api.login("retailer")
    customer = api.login("customer")
    retailer_id = api.call("GET", "/v1/me", token=retailer)["retailer_id"]
    shop = f"/v1/retailers/{retailer_id}"

    for number, (sku, stock) in enumerate(FUZZ_PRODUCTS, start=1):
        product = {
            "sku": sku,
            "name": f"Fuzz product {number}",
            "description": "Made by tests/fuzz/prepare.py for a schemathesis run.",
            "price": {"amount_minor": 1000 * number},
            "stock_on_hand": stock,
        }
        api.call("POST", f"{shop}/products", product, retailer, expect=(201,))

    poster = api.call(
        "POST",
        f"{shop}/posters",
        {
            "title": "Fuzz poster",
            "page_size": "A4",
            "scan_distance_m": 0.5,
            "slots": [{"sku": sku} for sku in FUZZ_SKUS],
        },
        retailer,
        expect=(201,),
    )
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    placement = api.call(
        "POST",
        f"{shop}/posters/{poster['id']}/placements",
        {
            "name": "Fuzz placement",
            "site": "Fuzz Station",
            "starts_at": (now - datetime.timedelta(days=1)).isoformat().replace("+00:00", "Z"),
            "ends_at": (now + datetime.timedelta(days=90)).isoformat().replace("+00:00", "Z"),
        },
        retailer,
        expect=(201,),
    )
    code = placement["slots"][0]["code"]

    zone_id = api.call("GET", f"{shop}/delivery/zones", token=retailer)["items"][0]["id"]
    # A template of its own, so that runs which change or delete templates leave the
    # demo's intact and the fuzzer has a real id to work on.
    template = api.call(
        "POST",
        f"{shop}/delivery/zones/{zone_id}/templates",
        {
            "weekday": 7,
            "start": "08:00",
            "end": "09:00",
            "capacity": 50,
            "fee": {"amount_minor": 3000},
        },
        retailer,
        expect=(201,),
    )
    slots = api.call(
        "GET",
        f"/v1/delivery/slots?retailer_id={retailer_id}&postal_code={POSTAL_CODE}&days=14",
        token=customer,
    )["slots"]
    slots = [slot for slot in slots if slot["bookable"]]
    if not slots:
        sys.exit("prepare: the demo zone offers no bookable slot in the next 14 days")
    slot_id = slots[-1]["id"]

    # An order of the customer (checkout empties the cart), then a cart line left in place.
    api.call("POST", "/v1/cart/items", {"code": code, "quantity": 1}, customer, expect=(200, 201))
    order = api.call(
        "POST",
        "/v1/checkout",
        {
            "delivery_slot_id": slot_id,
            "address": {
                "name": "Fuzz Customer",
                "phone": "010-1234-5678",
                "line1": "Sejong-daero 110",
                "postal_code": POSTAL_CODE,
                "city": "Seoul",
            },
            "payment": {"token": "tok_approve"},
        },
        customer,
        expect=(201,),
        headers={"Idempotency-Key": str(uuid.uuid4())},
    )
    cart = api.call(
        "POST", "/v1/cart/items", {"code": code, "quantity": 1}, customer, expect=(200, 201)
    )
    cart_item_id = cart["items"][0]["id"]

    image_url = api.call("GET", f"{shop}/products?limit=200", token=retailer)["items"]
    media_key = next(p["image_url"] for p in image_url if p.get("image_url")).rsplit("/", 1)[1]

    shelf = api.call(
        "POST",
        f"{shop}/shelves",
        {"name": "Fuzz shelf", "skus": FUZZ_SKUS},
        retailer,
        expect=(201,),
    )
    feeds = api.call("POST", f"{shop}/feeds/regenerate", token=retailer, expect=(200, 201))
    feed_secret = feeds["meta_csv_url"].rsplit("/", 2)[1]

    values = {
        "SHELF_FUZZ_RETAILER_ID": retailer_id,
        "SHELF_FUZZ_SKU": FUZZ_SKUS[0],
        "SHELF_FUZZ_POSTER_ID": poster["id"],
        "SHELF_FUZZ_PLACEMENT_ID": placement["id"],
        "SHELF_FUZZ_CODE": code,
        "SHELF_FUZZ_ZONE_ID": zone_id,
        "SHELF_FUZZ_TEMPLATE_ID": template["id"],
        "SHELF_FUZZ_SLOT_ID": slot_id,
        "SHELF_FUZZ_POSTAL_CODE": POSTAL_CODE,
        "SHELF_FUZZ_ORDER_ID": order["id"],
        "SHELF_FUZZ_CART_ITEM_ID": cart_item_id,
        "SHELF_FUZZ_MEDIA_KEY": media_key,
        "SHELF_FUZZ_SHELF_ID": shelf["id"],
        "SHELF_FUZZ_EMBED_URL": shelf["embed_url"],
        "SHELF_FUZZ_FEED_SECRET": feed_secret,
    }
    for name, value in values.items():
        print(f"{name}={shlex.quote(str(value))}")


if __name__ == "__main__":
    main()
