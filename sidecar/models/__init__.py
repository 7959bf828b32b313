"""ORM models, one file per table; importing this package registers them all."""

from sidecar.models.audit_logs import AuditLog
from sidecar.models.base import Base
from sidecar.models.cars import Car, CarStatus, Fuel, Transmission
from sidecar.models.cms_entries import CmsEntry
from sidecar.models.cms_sync_bookmarks import CmsSyncBookmark
from sidecar.models.crsp import CrspRelease, CrspReleaseStatus, CrspRow
from sidecar.models.imports import ImportRequest, ImportStatus, ImportStatusEvent
from sidecar.models.inquiries import Inquiry, InquiryStatus
from sidecar.models.media_uploads import MediaUpload
from sidecar.models.notifications import Channel, Notification, NotificationStatus
from sidecar.models.orders import ItemType, Order, OrderItem, OrderStatus, PaymentMethod
from sidecar.models.outbox import EventKind, OutboxMessage
from sidecar.models.parts import Part
from sidecar.models.payments import Payment, PaymentProvider, PaymentStatus
from sidecar.models.phone_verifications import PhoneVerification
from sidecar.models.refresh_tokens import RefreshToken
from sidecar.models.users import Language, Role, User
from sidecar.models.vendors import Vendor, VendorKind
from sidecar.models.webhook_events import WebhookEvent

__all__ = [
    "AuditLog",
    "Base",
    "Car",
    "CarStatus",
    "Channel",
    "CmsEntry",
    "CmsSyncBookmark",
    "CrspRelease",
    "CrspReleaseStatus",
    "CrspRow",
    "EventKind",
    "Fuel",
    "ImportRequest",
    "ImportStatus",
    "ImportStatusEvent",
    "Inquiry",
    "InquiryStatus",
    "ItemType",
    "Language",
    "MediaUpload",
    "Notification",
    "NotificationStatus",
    "Order",
    "OrderItem",
    "OrderStatus",
    "OutboxMessage",
    "Part",
    "Payment",
    "PaymentMethod",
    "PaymentProvider",
    "PaymentStatus",
    "PhoneVerification",
    "RefreshToken",
    "Role",
    "Transmission",
    "User",
    "Vendor",
    "VendorKind",
    "WebhookEvent",
]
