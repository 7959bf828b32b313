"""ORM models, one file per table; importing this package registers them all."""

from sidecar.models.audit_logs import AuditLog
from sidecar.models.base import Base
from sidecar.models.cars import Car, CarStatus
from sidecar.models.cms_entries import CmsEntry
from sidecar.models.imports import ImportRequest, ImportStatus, ImportStatusEvent
from sidecar.models.inquiries import Inquiry
from sidecar.models.media_uploads import MediaUpload
from sidecar.models.notifications import Notification
from sidecar.models.orders import Order, OrderItem
from sidecar.models.outbox import OutboxMessage
from sidecar.models.parts import Part
from sidecar.models.refresh_tokens import RefreshToken
from sidecar.models.users import Language, Role, User
from sidecar.models.vendors import Vendor
from sidecar.models.webhook_events import WebhookEvent

__all__ = [
    "AuditLog",
    "Base",
    "Car",
    "CarStatus",
    "CmsEntry",
    "ImportRequest",
    "ImportStatus",
    "ImportStatusEvent",
    "Inquiry",
    "Language",
    "MediaUpload",
    "Notification",
    "Order",
    "OrderItem",
    "OutboxMessage",
    "Part",
    "RefreshToken",
    "Role",
    "User",
    "Vendor",
    "WebhookEvent",
]
