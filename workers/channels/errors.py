"""What a failed send means for the worker: try again later, or give up.

A channel raises ``TransientSendError`` when the same message may well go through on
a later attempt (the worker retries with backoff) and ``PermanentSendError`` when it
never will (the worker marks the notification and stops). Both carry the provider's
code, when there is one, and a message for the operator.

Twilio codes are documented at https://www.twilio.com/docs/api/errors/<code>; SMTP
reply codes in RFC 5321 section 4.2 (4yz transient, 5yz permanent).
"""

from __future__ import annotations


class SendError(Exception):
    """A message could not be handed to its provider."""

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self) -> str:
        return f"{self.message} (code {self.code})" if self.code else self.message


class TransientSendError(SendError):
    """Worth retrying: timeouts, connection failures, HTTP 5xx and 429, Twilio 63018
    (rate limit for the channel), SMTP 4yz replies and dropped connections."""


class PermanentSendError(SendError):
    """Retrying cannot help: Twilio 63003 (WhatsApp number unreachable), 63024 (invalid
    recipient), 21211 (invalid To), 21610 (recipient replied STOP), 63016 (free-form
    message outside the 24-hour session window), other 4xx; SMTP 5yz replies."""
