"""Delivery channels: one small injectable class per provider.

``WhatsAppChannel`` (Twilio) and ``EmailChannel`` (SMTP) each send one rendered
message and return the provider's id, or raise ``TransientSendError`` (retry) or
``PermanentSendError`` (give up).
"""

from workers.channels.email import EmailChannel
from workers.channels.errors import PermanentSendError, SendError, TransientSendError
from workers.channels.whatsapp import HttpxTwilioClient, WhatsAppChannel

__all__ = [
    "EmailChannel",
    "HttpxTwilioClient",
    "PermanentSendError",
    "SendError",
    "TransientSendError",
    "WhatsAppChannel",
]
