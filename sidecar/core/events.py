"""What the outbox carries: one payload model per event kind (ids, never copies).

Services emit ``(kind, payload)``; the delivery reloads the rows the ids name, so a
message always shows the current facts. ``parse`` reads a stored payload back into
its model.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from sidecar.models import EventKind, ImportStatus, InquiryStatus


class EventPayload(BaseModel):
    # Stored rows outlive code changes: an unknown extra field is kept, not refused.
    model_config = ConfigDict(extra="allow", frozen=True)


class CarModerated(EventPayload):
    car_id: int
    owner_id: int
    reason: str | None = None


class ImportStatusChanged(EventPayload):
    import_id: int
    user_id: int
    from_status: ImportStatus
    to_status: ImportStatus
    note: str | None = None


class InquiryCreated(EventPayload):
    inquiry_id: int
    part_id: int
    vendor_user_id: int
    customer_id: int


class InquiryResponded(EventPayload):
    inquiry_id: int
    part_id: int
    customer_id: int
    vendor_user_id: int
    responded_by: int
    status: InquiryStatus


class VendorApproved(EventPayload):
    vendor_id: int


PAYLOADS: dict[EventKind, type[EventPayload]] = {
    EventKind.CAR_APPROVED: CarModerated,
    EventKind.CAR_REJECTED: CarModerated,
    EventKind.IMPORT_STATUS_CHANGED: ImportStatusChanged,
    EventKind.INQUIRY_CREATED: InquiryCreated,
    EventKind.INQUIRY_RESPONDED: InquiryResponded,
    EventKind.VENDOR_APPROVED: VendorApproved,
}


def parse(kind: EventKind | str, payload: dict[str, object]) -> EventPayload:
    """The stored ``payload`` of ``kind`` as its model (ValueError for unknown kinds)."""
    return PAYLOADS[EventKind(kind)].model_validate(payload)
