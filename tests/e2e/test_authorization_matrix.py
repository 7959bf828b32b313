"""Every endpoint x every kind of caller, with the exact status each must get.

The world: a customer who owns a pending car, an active car, an import, an inquiry,
an order and an uploaded image key; an approved vendor who owns a part and is the
importer an admin assigned the import to; and, as strangers to all of it, another
customer, another approved vendor (an importer too, not assigned), an unapproved
vendor and an admin (tests/hardening/world.py, shared with the hardening tests).
Vendors of the parts kind only never see imports (tests/hardening/test_findings.py,
finding 7).
Each (endpoint, role) case runs in a fresh world.

Reading: 404 means "not yours to see" (it might as well not exist), 403 means "you
can see it but may not do this", 401 means "sign in". Webhooks authenticate with a
shared secret, a Twilio or Stripe signature or Daraja's secret path, not a role, so
every caller without one is refused alike.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from tests.conftest import PASSWORD, ROLES, make_settings
from tests.hardening.world import World, build_world


@pytest.fixture
def settings(database_url):
    # Simulated payments: the buyer's payment is accepted (no provider is called).
    return make_settings(database_url, payments_simulated=True)


@pytest.fixture
def world(db, create_user) -> World:
    return build_world(db, create_user, media_dir=None)


def _expect(
    anonymous: int,
    customer: int,
    other_customer: int,
    unapproved_vendor: int,
    vendor: int,
    other_vendor: int,
    admin: int,
) -> dict[str, int]:
    return dict(
        zip(
            ROLES,
            (anonymous, customer, other_customer, unapproved_vendor, vendor, other_vendor, admin),
            strict=True,
        )
    )


def everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(ROLES, status)


def signed_in(status: int, anonymous: int = 401) -> dict[str, int]:
    return everyone(status) | {"anonymous": anonymous}


def admin_only(status: int) -> dict[str, int]:
    return everyone(403) | {"anonymous": 401, "admin": status}


Body = Callable[[World], dict[str, Any]] | None
W = World


@dataclass(frozen=True)
class Case:
    method: str
    path: str  # the OpenAPI template
    url: Callable[[World], str]
    expected: dict[str, int]
    body: Body = None
    form: bool = False
    files: Callable[[World], dict[str, Any]] | None = None  # multipart files, beside the form
    label: str = ""  # tells apart cases of one route (the object's state, say)

    @property
    def id(self) -> str:
        return f"{self.method} {self.path}" + (f" ({self.label})" if self.label else "")


def _car(w: W) -> dict[str, Any]:
    return {"title": "Demio 2018", "make": "Mazda", "model": "Demio", "year": 2018, "price": 980000}


def _specs(w: W) -> dict[str, Any]:
    specs = {"make": "Toyota", "model": "Harrier", "year": 2022, "budget": 3_000_000}
    return {"specs": specs | {"originCountry": "Japan"}}


_CRSP_FILE = (
    b"Make,Model,Transmission,Drive_configuration,Engine_capacity,Body_type,Seating,Fuel,"
    b"crsp_ksh\r\nToyota,HARRIER,Automatic transmission,2WD,1998,SUV,5,PETROL,7500000\r\n"
)

CASES = [
    Case("GET", "/healthz", lambda w: "/healthz", everyone(200)),
    Case("GET", "/readyz", lambda w: "/readyz", everyone(200)),
    Case(
        "POST",
        "/v1/auth/register",
        lambda w: "/v1/auth/register",
        everyone(201),
        lambda w: {
            "email": f"new-{uuid.uuid4().hex[:8]}@example.co.ke",
            "password": "Tembo-Mlima-Kilima-42",
        },
    ),
    Case(
        "POST",
        "/v1/auth/login",
        lambda w: "/v1/auth/login",
        everyone(200),
        lambda w: {"email": w.customer.email, "password": PASSWORD},
    ),
    Case("POST", "/v1/auth/refresh", lambda w: "/v1/auth/refresh", everyone(401)),
    Case("POST", "/v1/auth/logout", lambda w: "/v1/auth/logout", everyone(204)),
    Case("GET", "/v1/auth/me", lambda w: "/v1/auth/me", signed_in(200)),
    # The world's users have no phone on their profile: a code cannot be sent.
    Case("POST", "/v1/auth/phone/verify", lambda w: "/v1/auth/phone/verify", signed_in(422)),
    Case(
        "POST",
        "/v1/auth/phone/confirm",
        lambda w: "/v1/auth/phone/confirm",
        signed_in(422),
        lambda w: {"code": "123456"},
    ),
    Case(
        "PATCH",
        "/v1/auth/me",
        lambda w: "/v1/auth/me",
        signed_in(200),
        lambda w: {"language": "sw"},
    ),
    Case("GET", "/v1/vendors", lambda w: "/v1/vendors", admin_only(200)),
    Case(
        "PUT",
        "/v1/vendors/{vendor_id}/approve",
        lambda w: f"/v1/vendors/{w.unapproved_vendor_id}/approve",
        admin_only(200),
    ),
    Case("GET", "/v1/cars", lambda w: "/v1/cars", everyone(200)),
    # Customers and approved vendors sell; admins moderate and do not.
    Case(
        "POST", "/v1/cars", lambda w: "/v1/cars", _expect(401, 201, 201, 403, 201, 201, 403), _car
    ),
    Case(
        "GET",
        "/v1/cars/{car_id}",
        lambda w: f"/v1/cars/{w.car_pending}",
        _expect(404, 200, 404, 404, 404, 404, 200),
        label="pending",
    ),
    Case(
        "GET",
        "/v1/cars/{car_id}",
        lambda w: f"/v1/cars/{w.car_active}",
        everyone(200),
        label="active",
    ),
    # Only the owner edits; others can see the active car, so they get 403.
    Case(
        "PATCH",
        "/v1/cars/{car_id}",
        lambda w: f"/v1/cars/{w.car_active}",
        _expect(401, 200, 403, 403, 403, 403, 403),
        lambda w: {"price": 1_600_000},
        label="active",
    ),
    # A pending car is not theirs to see: 404 for everyone but its owner and admins.
    Case(
        "PATCH",
        "/v1/cars/{car_id}",
        lambda w: f"/v1/cars/{w.car_pending}",
        _expect(401, 200, 404, 404, 404, 404, 403),
        lambda w: {"price": 1_600_000},
        label="pending",
    ),
    Case(
        "DELETE",
        "/v1/cars/{car_id}",
        lambda w: f"/v1/cars/{w.car_pending}",
        _expect(401, 204, 404, 404, 404, 404, 204),
        label="pending",
    ),
    Case(
        "DELETE",
        "/v1/cars/{car_id}",
        lambda w: f"/v1/cars/{w.car_active}",
        _expect(401, 204, 403, 403, 403, 403, 204),
        label="active",
    ),
    Case(
        "PUT",
        "/v1/cars/{car_id}/approve",
        lambda w: f"/v1/cars/{w.car_pending}/approve",
        admin_only(200),
    ),
    Case(
        "PUT",
        "/v1/cars/{car_id}/reject",
        lambda w: f"/v1/cars/{w.car_pending}/reject",
        admin_only(200),
        lambda w: {"reason": "The photos are of another car."},
    ),
    Case(
        "POST",
        "/v1/media/uploads",
        lambda w: "/v1/media/uploads",
        signed_in(201),
        lambda w: {"content_type": "image/jpeg"},
    ),
    # The signed form is the credential, not the caller's role; a form without the
    # file is refused before any signature is looked at.
    Case(
        "POST",
        "/v1/media/local-upload",
        lambda w: "/v1/media/local-upload",
        everyone(422),
        lambda w: {"key": w.media_key, "signature": "forged", "expires": "9999999999"},
        form=True,
    ),
    Case("GET", "/media/{key}", lambda w: f"/media/{w.media_key}", everyone(404)),
    Case("POST", "/v1/imports/estimate", lambda w: "/v1/imports/estimate", everyone(200), _specs),
    Case("GET", "/v1/imports/crsp", lambda w: "/v1/imports/crsp?q=harrier", everyone(200)),
    Case(
        "GET", "/v1/imports/crsp/releases", lambda w: "/v1/imports/crsp/releases", admin_only(200)
    ),
    Case(
        "POST",
        "/v1/imports/crsp/releases",
        lambda w: "/v1/imports/crsp/releases",
        admin_only(201),
        lambda w: {"label": "CRSP-2026-01", "effectiveFrom": "2026-01-01"},
        form=True,
        files=lambda w: {"file": ("crsp.csv", _CRSP_FILE, "text/csv")},
    ),
    Case(
        "GET",
        "/v1/imports/crsp/releases/{label}/diff",
        lambda w: f"/v1/imports/crsp/releases/{w.crsp_draft}/diff",
        admin_only(200),
    ),
    Case(
        "POST",
        "/v1/imports/crsp/releases/{label}/publish",
        lambda w: f"/v1/imports/crsp/releases/{w.crsp_draft}/publish",
        admin_only(200),
    ),
    Case("POST", "/v1/imports", lambda w: "/v1/imports", signed_in(201), _specs),
    Case("GET", "/v1/imports", lambda w: "/v1/imports", signed_in(200)),
    Case(
        "GET",
        "/v1/imports/{import_id}",
        lambda w: f"/v1/imports/{w.import_id}",
        # The importer assigned to it sees it; another importer does not.
        _expect(401, 200, 404, 404, 200, 404, 200),
    ),
    # Its importer and admins move it; the owner may see but not move it.
    Case(
        "PUT",
        "/v1/imports/{import_id}/status",
        lambda w: f"/v1/imports/{w.import_id}/status",
        _expect(401, 403, 404, 404, 200, 404, 200),
        lambda w: {"status": "sourcing"},
    ),
    Case(
        "PUT",
        "/v1/imports/{import_id}/assign",
        lambda w: f"/v1/imports/{w.import_id}/assign",
        admin_only(200),
        lambda w: {"vendorId": w.vendor_id},
    ),
    Case("GET", "/v1/parts", lambda w: "/v1/parts", everyone(200)),
    Case(
        "POST",
        "/v1/parts",
        lambda w: "/v1/parts",
        _expect(401, 403, 403, 403, 201, 201, 403),
        lambda w: {
            "name": "Oil filter",
            "sku": f"SKU-{uuid.uuid4().hex[:6]}",
            "price": 900,
            "stock": 4,
        },
    ),
    Case("GET", "/v1/parts/{part_id}", lambda w: f"/v1/parts/{w.part_id}", everyone(200)),
    Case(
        "PATCH",
        "/v1/parts/{part_id}",
        lambda w: f"/v1/parts/{w.part_id}",
        _expect(401, 403, 403, 403, 200, 403, 200),
        lambda w: {"stock": 7},
    ),
    Case(
        "DELETE",
        "/v1/parts/{part_id}",
        lambda w: f"/v1/parts/{w.part_id}",
        _expect(401, 403, 403, 403, 204, 403, 204),
    ),
    # Asking about your own part is pointless: 422 for its vendor.
    Case(
        "POST",
        "/v1/inquiries",
        lambda w: "/v1/inquiries",
        _expect(401, 201, 201, 201, 422, 201, 201),
        lambda w: {"partId": w.part_id, "quantity": 1, "message": "Do you deliver to Thika?"},
    ),
    Case("GET", "/v1/inquiries", lambda w: "/v1/inquiries", signed_in(200)),
    Case(
        "GET",
        "/v1/inquiries/{inquiry_id}",
        lambda w: f"/v1/inquiries/{w.inquiry_id}",
        _expect(401, 200, 404, 404, 200, 404, 200),
    ),
    Case(
        "PUT",
        "/v1/inquiries/{inquiry_id}/respond",
        lambda w: f"/v1/inquiries/{w.inquiry_id}/respond",
        _expect(401, 403, 404, 404, 200, 404, 200),
        lambda w: {"responseMessage": "Yes, in stock.", "status": "responded"},
    ),
    # Buying your own part is refused (422).
    Case(
        "POST",
        "/v1/orders",
        lambda w: "/v1/orders",
        _expect(401, 201, 201, 201, 422, 201, 201),
        lambda w: {"items": [{"item_type": "part", "item_id": w.part_id, "quantity": 1}]},
    ),
    Case("GET", "/v1/orders", lambda w: "/v1/orders", signed_in(200)),
    # Everyone signed in gets a summary of what they themselves sold (nothing to see of others).
    Case("GET", "/v1/orders/sales", lambda w: "/v1/orders/sales", signed_in(200)),
    # The vendor sells the order's line, so it sees the order (its own lines).
    Case(
        "GET",
        "/v1/orders/{order_id}",
        lambda w: f"/v1/orders/{w.order_id}",
        _expect(401, 200, 404, 404, 200, 404, 200),
    ),
    Case(
        "POST",
        "/v1/orders/{order_id}/cancel",
        lambda w: f"/v1/orders/{w.order_id}/cancel",
        _expect(401, 200, 404, 404, 403, 404, 200),
    ),
    Case(
        "POST",
        "/v1/orders/{order_id}/refund",
        lambda w: f"/v1/orders/{w.paid_order_id}/refund",
        admin_only(202),
    ),
    # The buyer cannot hand over what they bought; the line's vendor and admins can.
    Case(
        "PUT",
        "/v1/orders/{order_id}/items/{item_id}/fulfil",
        lambda w: f"/v1/orders/{w.paid_order_id}/items/{w.paid_item_id}/fulfil",
        _expect(401, 403, 404, 404, 200, 404, 200),
    ),
    # Only the buyer pays; those who can see the order but may not pay it get 403.
    Case(
        "POST",
        "/v1/orders/{order_id}/payments",
        lambda w: f"/v1/orders/{w.order_id}/payments",
        _expect(401, 202, 404, 404, 403, 404, 403),
        lambda w: {"method": "mpesa", "phone": "0712345678"},
    ),
    Case(
        "GET",
        "/v1/orders/{order_id}/payments",
        lambda w: f"/v1/orders/{w.paid_order_id}/payments",
        _expect(401, 200, 404, 404, 403, 404, 200),
    ),
    Case("GET", "/v1/notifications", lambda w: "/v1/notifications", signed_in(200)),
    Case("GET", "/v1/content/{content_type}", lambda w: "/v1/content/articles", everyone(200)),
    Case(
        "GET",
        "/v1/content/{content_type}/{document_id}",
        lambda w: "/v1/content/articles/no-such-document",
        everyone(404),
    ),
    Case(
        "POST",
        "/v1/webhooks/strapi",
        lambda w: "/v1/webhooks/strapi",
        everyone(401),
        lambda w: {"event": "entry.publish", "uid": "api::article.article", "entry": {}},
    ),
    Case(
        "POST",
        "/v1/webhooks/twilio/status",
        lambda w: "/v1/webhooks/twilio/status",
        everyone(403),
        lambda w: {"MessageSid": "SM1", "MessageStatus": "delivered"},
        form=True,
    ),
    # Daraja's callback path carries the secret token: any other path is not there.
    Case(
        "POST",
        "/v1/webhooks/mpesa/{token}",
        lambda w: "/v1/webhooks/mpesa/not-the-token-0123456789",
        everyone(404),
        lambda w: {"Body": {"stkCallback": {"CheckoutRequestID": "ws_CO_1", "ResultCode": 0}}},
    ),
    Case(
        "POST",
        "/v1/webhooks/stripe",
        lambda w: "/v1/webhooks/stripe",
        everyone(400),
        lambda w: {"id": "evt_1", "type": "payment_intent.succeeded", "data": {"object": {}}},
    ),
    Case("GET", "/v1/audit-logs", lambda w: "/v1/audit-logs", admin_only(200)),
    Case("GET", "/v1/stats/overview", lambda w: "/v1/stats/overview", admin_only(200)),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_status(case: Case, role: str, client, world, auth_headers):
    headers = {} if role == "anonymous" else auth_headers(getattr(world, role))
    body = case.body(world) if case.body else None
    response = client.request(
        case.method,
        case.url(world),
        headers=headers,
        **({"data": body} if case.form else {"json": body} if body is not None else {}),
        **({"files": case.files(world)} if case.files else {}),
    )
    assert response.status_code == case.expected[role], (
        f"{case.method} {case.path} as {role}: {response.status_code} {response.text[:300]}"
    )
    assert response.status_code < 500


def test_every_route_is_in_the_matrix(app):
    documented = {
        (method.upper(), path)
        for path, operations in app.openapi()["paths"].items()
        for method in operations
    }
    covered = {(case.method, case.path) for case in CASES}
    assert documented - covered == set(), "routes without authorization cases"
    assert covered - documented == set(), "cases for routes that no longer exist"
    assert all(set(case.expected) == set(ROLES) for case in CASES)
    assert len({case.id for case in CASES}) == len(CASES), "two cases share an id"
