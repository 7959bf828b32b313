"""Which provider takes a payment: the real clients when their credentials are set,
the simulated provider in development, otherwise none (503)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sidecar.core.errors import AppError
from sidecar.core.settings import Settings
from sidecar.models import PaymentProvider
from sidecar.payments.daraja import DarajaClient
from sidecar.payments.stripe_gateway import StripeGateway


class PaymentMethodUnavailable(AppError):
    status = 503

    def __init__(self, method: str) -> None:
        name = "M-Pesa" if method == "mpesa" else "Card"
        super().__init__(f"{name} payments are not available right now; try another method.")


@dataclass
class Gateways:
    mpesa: DarajaClient | None
    stripe: StripeGateway | None
    simulated: bool
    mpesa_max_amount_kes: int
    callback_token: str | None
    stripe_webhook_secret: str | None
    query_after: timedelta
    simulated_delay: timedelta

    @classmethod
    def from_settings(cls, settings: Settings) -> Gateways:
        return cls(
            mpesa=DarajaClient.from_settings(settings) if settings.mpesa_enabled else None,
            stripe=StripeGateway.from_settings(settings) if settings.stripe_enabled else None,
            simulated=settings.payments_simulated,
            mpesa_max_amount_kes=settings.mpesa_max_amount_kes,
            callback_token=settings.mpesa_callback_token,
            stripe_webhook_secret=settings.stripe_webhook_secret,
            query_after=timedelta(seconds=settings.payment_query_after_seconds),
            simulated_delay=timedelta(seconds=settings.payments_simulated_delay_seconds),
        )

    @classmethod
    def simulated_only(cls) -> Gateways:
        """The simulated provider alone (demo data)."""
        return cls(
            mpesa=None,
            stripe=None,
            simulated=True,
            mpesa_max_amount_kes=250_000,
            callback_token=None,
            stripe_webhook_secret=None,
            query_after=timedelta(minutes=2),
            simulated_delay=timedelta(0),
        )

    def provider_for(self, method: str) -> PaymentProvider:
        """With credentials, the real provider whatever PAYMENTS_SIMULATED says."""
        if method == "mpesa" and self.mpesa is not None:
            return PaymentProvider.MPESA
        if method == "card" and self.stripe is not None:
            return PaymentProvider.STRIPE
        if self.simulated:
            return PaymentProvider.SIMULATED
        raise PaymentMethodUnavailable(method)

    def close(self) -> None:
        if self.mpesa is not None:
            self.mpesa.close()
