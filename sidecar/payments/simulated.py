"""The simulated provider of development (PAYMENTS_SIMULATED=true, no credentials).

A simulated payment gets references shaped like the real ones (prefixed ``sim_``)
and is confirmed by ``Job.CONFIRM_SIMULATED_PAYMENTS`` a few seconds later, through
the same code path as a provider's confirmation. Production refuses the setting.
"""

from __future__ import annotations

import secrets
import string

_RECEIPT_ALPHABET = string.ascii_uppercase + string.digits


def checkout_request_id() -> str:
    return f"sim_ws_CO_{secrets.token_hex(10)}"


def payment_intent_id() -> str:
    return f"sim_pi_{secrets.token_hex(12)}"


def client_secret(intent_id: str) -> str:
    return f"{intent_id}_secret_{secrets.token_hex(8)}"


def receipt_number() -> str:
    """Shaped like an M-Pesa receipt (10 characters), marked as simulated."""
    return "SIM" + "".join(secrets.choice(_RECEIPT_ALPHABET) for _ in range(7))


def refund_reference(payment_id: int) -> str:
    return f"sim_re_{payment_id}_{secrets.token_hex(6)}"
