"""Who hears about each event: recipient_for turns an outbox row into one user."""

from __future__ import annotations

from sqlalchemy import select

from sidecar.core import events
from sidecar.models import Car, Inquiry, OutboxMessage, Part, Vendor
from sidecar.notifications.service import recipient_for, wants_whatsapp


def outbox_row(kind, payload):
    stored = (
        payload.model_dump(mode="json") if isinstance(payload, events.EventPayload) else payload
    )
    return OutboxMessage(kind=kind, payload=stored, dedupe_key=f"{kind}:{stored}")


def created(inquiry, vendor):
    return events.InquiryCreated(
        inquiry_id=inquiry.id,
        part_id=inquiry.part_id,
        vendor_user_id=vendor.id,
        customer_id=inquiry.user_id,
    )


def make_inquiry(session, *, customer, vendor_user):
    vendor_id = session.scalar(select(Vendor.id).where(Vendor.user_id == vendor_user.id))
    part = Part(vendor_id=vendor_id, name="Oil filter", sku="OF-1", price=900, stock=3)
    session.add(part)
    session.flush()
    inquiry = Inquiry(user_id=customer.id, part_id=part.id, quantity=2, message="Genuine?")
    session.add(inquiry)
    session.flush()
    return inquiry


class TestRecipientFor:
    def test_inquiry_created_goes_to_the_parts_vendor(self, db, create_user):
        customer, vendor = create_user(), create_user(role="vendor")
        with db.transaction() as session:
            inquiry = make_inquiry(session, customer=customer, vendor_user=vendor)
            recipient = recipient_for(
                session, outbox_row("inquiry.created", created(inquiry, vendor))
            )
            assert recipient.user.id == vendor.id
            assert recipient.context["part_name"] == "Oil filter"
            assert recipient.context["quantity"] == 2

    def test_inquiry_responded_goes_to_the_customer(self, db, create_user):
        customer, vendor = create_user(), create_user(role="vendor")
        with db.transaction() as session:
            inquiry = make_inquiry(session, customer=customer, vendor_user=vendor)
            inquiry.response_message = "Yes, Toyota genuine."
            recipient = recipient_for(
                session,
                outbox_row(
                    "inquiry.responded",
                    events.InquiryResponded(
                        inquiry_id=inquiry.id,
                        part_id=inquiry.part_id,
                        customer_id=customer.id,
                        vendor_user_id=vendor.id,
                        responded_by=vendor.id,
                        status="responded",
                    ),
                ),
            )
            assert recipient.user.id == customer.id
            assert recipient.context["response_message"] == "Yes, Toyota genuine."

    def test_car_decisions_go_to_the_owner(self, db, create_user):
        owner = create_user()
        with db.transaction() as session:
            car = Car(
                owner_id=owner.id,
                title="Note 2017",
                make="Nissan",
                model="Note",
                year=2017,
                price=850_000,
                status="rejected",
                rejection_reason="Blurry photos",
            )
            session.add(car)
            session.flush()
            moderated = events.CarModerated(car_id=car.id, owner_id=owner.id)
            rejected = recipient_for(session, outbox_row("car.rejected", moderated))
            approved = recipient_for(session, outbox_row("car.approved", moderated))
            assert rejected.user.id == approved.user.id == owner.id
            assert rejected.context["reason"] == "Blurry photos"

    def test_vendor_approval_goes_to_the_vendor(self, db, create_user):
        vendor = create_user(role="vendor", company_name="Kisumu Motors")
        with db.transaction() as session:
            vendor_id = session.scalar(select(Vendor.id).where(Vendor.user_id == vendor.id))
            recipient = recipient_for(
                session, outbox_row("vendor.approved", events.VendorApproved(vendor_id=vendor_id))
            )
            assert recipient.user.id == vendor.id
            assert recipient.context == {"company_name": "Kisumu Motors"}

    def test_vanished_subjects_and_unknown_kinds_have_nobody(self, db):
        with db.transaction() as session:
            for kind, payload in [
                (
                    "inquiry.created",
                    {"inquiry_id": 999, "part_id": 1, "vendor_user_id": 1, "customer_id": 1},
                ),
                (
                    "import.status_changed",
                    {
                        "import_id": 999,
                        "user_id": 1,
                        "from_status": "pending",
                        "to_status": "shipped",
                    },
                ),
                ("vendor.approved", {"vendor_id": 999}),
                ("import.status_changed", {"import_id": 1}),  # a payload missing its facts
                ("vendor.approved", {}),  # a malformed payload
                ("order.created", {"order_id": 1}),
            ]:
                assert recipient_for(session, outbox_row(kind, payload)) is None, kind


class TestWantsWhatsapp:
    def test_needs_phone_opt_in_and_an_active_account(self, create_user, db):
        user = create_user(phone="+254712345678")
        user.whatsapp_opt_in = True
        assert wants_whatsapp(user)
        user.is_active = False
        assert not wants_whatsapp(user)
        user.is_active, user.phone = True, None
        assert not wants_whatsapp(user)
