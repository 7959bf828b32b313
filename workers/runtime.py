"""What a worker process needs, built once per process (after Celery forks)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache, cached_property

from sidecar.content.revalidation import Revalidator
from sidecar.content.strapi_client import StrapiClient
from sidecar.core.database import Database
from sidecar.core.embedded import resolve_database_url
from sidecar.core.log import configure_logging_for
from sidecar.core.settings import Settings, get_settings
from sidecar.payments.gateways import Gateways
from workers.channels.email import EmailChannel
from workers.channels.whatsapp import WhatsAppChannel


@dataclass
class Runtime:
    settings: Settings
    db: Database
    whatsapp: WhatsAppChannel | None
    email: EmailChannel | None

    @cached_property
    def strapi(self) -> StrapiClient:
        """Strapi's REST API (raises StrapiRejected on use when STRAPI_URL is unset)."""
        return StrapiClient.from_settings(self.settings)

    @cached_property
    def payments(self) -> Gateways:
        """The payment providers (real clients with credentials, else simulated or none)."""
        return Gateways.from_settings(self.settings)

    @cached_property
    def revalidator(self) -> Revalidator:
        """The frontend's revalidation hook (does nothing when unconfigured)."""
        return Revalidator.from_settings(self.settings)

    @classmethod
    def from_settings(cls, settings: Settings, db: Database | None = None) -> Runtime:
        return cls(
            settings=settings,
            db=db or Database.from_settings(settings, resolve_database_url(settings)),
            whatsapp=WhatsAppChannel.from_settings(settings) if settings.twilio_enabled else None,
            email=EmailChannel.from_settings(settings) if settings.smtp_enabled else None,
        )


@cache
def _runtime_for(pid: int) -> Runtime:
    settings = get_settings()
    configure_logging_for(settings)  # the tasks' lines in the API's ECS JSON
    return Runtime.from_settings(settings)


def current_runtime() -> Runtime:
    """This process's runtime; a forked child builds its own (connections don't survive fork)."""
    return _runtime_for(os.getpid())
