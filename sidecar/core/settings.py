"""Settings: the only reader of the environment.

Every value comes from an environment variable of the same name (upper case); the
README's configuration table lists them with their defaults. Nothing else in the
code base reads ``os.environ``.
"""

from __future__ import annotations

import ipaddress
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

# The development secret is public (it is in this file), so production refuses it.
DEV_JWT_SECRET = "dev-only-insecure-jwt-secret-change-me-0123456789"  # noqa: S105

DEFAULT_BROKER_URL = "amqp://guest:guest@127.0.0.1:5672//"

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def _split_csv(value: object) -> object:
    if isinstance(value, str):
        return [item.strip() for item in value.split(",") if item.strip()]
    return value


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=None, extra="ignore", case_sensitive=False)

    environment: Literal["development", "test", "production"] = "development"
    debug: bool = False

    # Database: DATABASE_URL wins; unset, the CLI starts an embedded PostgreSQL
    # (pgserver) whose data lives under GURUMISHA_DATA_DIR.
    database_url: str | None = None
    gurumisha_data_dir: Path = Path(".gurumisha")
    db_pool_size: int = Field(default=10, ge=1, le=200)
    db_max_overflow: int = Field(default=10, ge=0, le=200)

    redis_url: str | None = None
    # Prefixed to every key we write in Redis, so deployments (or test runs) sharing
    # one Redis never count against each other.
    redis_key_prefix: str = Field(default="", max_length=40, pattern=r"^[A-Za-z0-9_.:-]*$")

    # Tokens
    jwt_secret: str = DEV_JWT_SECRET
    jwt_issuer: str = "gurumisha-sidecar"
    jwt_audience: str = "gurumisha-api"
    access_token_ttl_seconds: int = Field(default=900, ge=60, le=3600)
    refresh_token_ttl_days: int = Field(default=30, ge=1, le=365)
    # Two tabs (or a client retry) refreshing at once present the same token twice: the
    # second within this many seconds gets a token of the same session, not a sign-out.
    refresh_reuse_grace_seconds: int = Field(default=10, ge=0, le=300)
    # Secure cookies need https; set COOKIE_SECURE=false only for local http.
    cookie_secure: bool = True
    # bcrypt work factor; below 12 is refused (DESIGN.md section 9).
    bcrypt_rounds: int = Field(default=12, ge=12, le=16)
    # bcrypt costs ~270 ms of a core: more concurrent hashes than cores only queue
    # into timeouts, so beyond this many the API answers 429 at once.
    max_concurrent_password_hashes: int = Field(default=4, ge=1, le=64)

    # HTTP edge
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    trusted_proxies: Annotated[list[IPNetwork], NoDecode] = Field(default_factory=list)
    # Who may read /metrics (the scraper inside the cluster); anyone else gets a 404.
    metrics_allowed_networks: Annotated[list[IPNetwork], NoDecode] = Field(
        default_factory=lambda: [
            ipaddress.ip_network(network)
            for network in (
                "127.0.0.0/8",
                "::1/128",
                "10.0.0.0/8",
                "172.16.0.0/12",
                "192.168.0.0/16",
            )
        ]
    )
    rate_limit_per_minute: int = Field(default=100, ge=1)
    auth_rate_limit_per_minute: int = Field(default=10, ge=1)
    max_body_bytes: int = Field(default=1_048_576, ge=1024)
    # What a client may keep the server waiting for: its headers (at most
    # MAX_HEADER_BYTES, within HEADER_READ_TIMEOUT_SECONDS, enforced by the HTTP server)
    # and its body (within BODY_READ_TIMEOUT_SECONDS, else 408). Granian also closes a
    # kept-alive connection idle for the header timeout: it must outlive a load
    # balancer's idle timeout (60 s on most), or a reused connection fails.
    max_header_bytes: int = Field(default=16_384, ge=8_192, le=1_048_576)
    header_read_timeout_seconds: float = Field(default=75.0, gt=0, le=300)
    body_read_timeout_seconds: float = Field(default=60.0, gt=0, le=3600)
    # Client connections each API process holds open, idle kept-alive ones included;
    # past it a new connection waits in the listen backlog, unanswered. Requests are
    # limited by admission control, not here: a browser or proxy keeps its connection
    # between requests, so this must exceed the clients one process may have at once.
    server_max_connections: int = Field(default=8192, ge=128, le=1_000_000)
    # Public car and part lists reuse a COUNT(*) this many seconds old (0: always count);
    # with the public cache on, a count is kept until the cars or parts it counts change.
    list_total_cache_seconds: float = Field(default=5.0, ge=0, le=300)

    # Capacity (docs/PERFORMANCE.md, "Overload"). Each process admits at most
    # ADMISSION_MAX_IN_FLIGHT requests into the database path (unset: DB_POOL_SIZE, so
    # none waits for a connection); up to ADMISSION_QUEUE_LIMIT more wait at most
    # ADMISSION_QUEUE_TIMEOUT_SECONDS for a slot; the rest get 503 with Retry-After.
    admission_max_in_flight: int | None = Field(default=None, ge=1, le=1000)
    admission_queue_limit: int = Field(default=100, ge=0, le=10_000)
    admission_queue_timeout_seconds: float = Field(default=0.5, gt=0, le=30)
    # Threads for blocking work (sync endpoints, hashing): anyio's default is 40.
    thread_pool_size: int = Field(default=40, ge=2, le=1000)
    # Anonymous reads of car and part lists and pages, and of content, are answered
    # from a cache this many seconds old at most (0: off), in process and in Redis;
    # a committed write to what they show invalidates them at once in its process and
    # within PUBLIC_CACHE_SYNC_SECONDS in the others. HTTP caches may keep them
    # PUBLIC_CACHE_MAX_AGE_SECONDS, then serve them stale while they revalidate for
    # PUBLIC_CACHE_STALE_SECONDS more.
    public_cache_seconds: float = Field(default=30.0, ge=0, le=3600)
    public_cache_sync_seconds: float = Field(default=0.5, gt=0, le=60)
    public_cache_max_age_seconds: int = Field(default=5, ge=0, le=3600)
    public_cache_stale_seconds: int = Field(default=30, ge=0, le=86400)
    public_cache_max_entries: int = Field(default=5000, ge=1, le=1_000_000)
    public_base_url: str = "http://127.0.0.1:8000"

    # Broker: unset, the API runs tasks in-process right after commit (embedded
    # default); `gurumisha worker`/`beat` then use the local RabbitMQ default below.
    celery_broker_url: str | None = None
    # Prefix for the Celery queue names, so several deployments (or test runs) can
    # share one RabbitMQ virtual host without consuming each other's tasks.
    celery_queue_prefix: str = Field(default="", max_length=40, pattern=r"^[A-Za-z0-9_.-]*$")
    # Delivery retries: exponential backoff with jitter, capped.
    notification_max_attempts: int = Field(default=8, ge=1, le=50)
    notification_retry_base_seconds: float = Field(default=2.0, gt=0)
    notification_retry_cap_seconds: float = Field(default=600.0, gt=0)
    # The sweep re-publishes outbox rows not dispatched after this many seconds.
    outbox_sweep_after_seconds: int = Field(default=60, ge=1)

    # Storage: unset S3_BUCKET stores media under GURUMISHA_DATA_DIR/media.
    s3_bucket: str | None = None
    s3_endpoint_url: str | None = None
    aws_region: str = "af-south-1"
    media_max_bytes: int = Field(default=10 * 1024 * 1024, ge=1024)

    # WhatsApp (Twilio) and email: unset, messages are recorded and logged, not sent.
    twilio_account_sid: str | None = None
    twilio_auth_token: str | None = None
    twilio_whatsapp_from: str | None = None
    twilio_api_base_url: str = "https://api.twilio.com"
    twilio_status_callback_url: str | None = None
    # Content API template per message template (JSON: {"import.status_changed": "HX..."}),
    # needed to message a customer outside WhatsApp's 24-hour session window.
    twilio_content_sids: dict[str, str] = Field(default_factory=dict)
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = True
    mail_from: str = "Gurumisha Motors <no-reply@gurumisha.co.ke>"

    # Orders: how long an unpaid order holds its stock or car, how many a buyer may
    # have waiting, and the refundable deposit that reserves a car.
    order_hold_seconds: int = Field(default=900, ge=60, le=86400)
    max_pending_orders_per_user: int = Field(default=3, ge=1, le=100)
    car_reservation_deposit_kes: Decimal = Field(default=Decimal(50_000), gt=0)

    # M-Pesa (Safaricom Daraja, Lipa na M-Pesa Online). Unset credentials: M-Pesa is
    # simulated (PAYMENTS_SIMULATED) or refused.
    mpesa_api_base_url: str = "https://sandbox.safaricom.co.ke"
    mpesa_consumer_key: str | None = None
    mpesa_consumer_secret: str | None = None
    mpesa_shortcode: str | None = None
    mpesa_passkey: str | None = None
    # The sidecar's public base; Daraja calls {base}/v1/webhooks/mpesa/{token}.
    mpesa_callback_base_url: str | None = None
    mpesa_callback_token: str | None = Field(default=None, min_length=16)
    # Lipa na M-Pesa Online takes at most this much per transaction; above it, card.
    mpesa_max_amount_kes: int = Field(default=250_000, ge=1)
    # B2C (refunds to the buyer's phone): the paying shortcode, its API operator and
    # the operator's password encrypted with Safaricom's certificate.
    mpesa_b2c_shortcode: str | None = None
    mpesa_b2c_initiator_name: str | None = None
    mpesa_b2c_security_credential: str | None = None
    mpesa_b2c_command_id: str = "BusinessPayment"

    # Card (Stripe).
    stripe_secret_key: str | None = None
    stripe_webhook_secret: str | None = None
    stripe_api_base: str = "https://api.stripe.com"

    # Development: with no provider credentials, payments are accepted and confirmed
    # PAYMENTS_SIMULATED_DELAY_SECONDS later (provider "simulated"). Refused in production.
    payments_simulated: bool = False
    payments_simulated_delay_seconds: float = Field(default=3.0, ge=0, le=600)
    # Payments with no answer after this long are asked about (a lost callback).
    payment_query_after_seconds: int = Field(default=120, ge=10)

    # Strapi and the frontend
    strapi_url: str | None = None
    strapi_api_token: str | None = None
    strapi_webhook_secret: str | None = None
    frontend_revalidate_url: str | None = None
    frontend_revalidate_secret: str | None = None

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _parse_origins(cls, value: object) -> object:
        return _split_csv(value)

    @field_validator("trusted_proxies", "metrics_allowed_networks", mode="before")
    @classmethod
    def _parse_proxies(cls, value: object) -> object:
        items = _split_csv(value)
        if isinstance(items, list):
            return [ipaddress.ip_network(str(item), strict=False) for item in items]
        return items

    @field_validator("database_url")
    @classmethod
    def _force_psycopg(cls, value: str | None) -> str | None:
        """SQLAlchemy must use psycopg 3, whatever scheme the operator wrote."""
        if not value:
            return None
        for prefix in ("postgresql+psycopg2://", "postgresql://", "postgres://"):
            if value.startswith(prefix):
                return "postgresql+psycopg://" + value[len(prefix) :]
        return value

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> Settings:
        if self.environment == "production":
            problems = []
            if self.jwt_secret == DEV_JWT_SECRET or len(self.jwt_secret) < 32:
                problems.append("JWT_SECRET must be set to a random value of 32+ characters")
            if self.debug:
                problems.append("DEBUG must be off")
            if not self.cookie_secure:
                problems.append("COOKIE_SECURE must be on")
            if self.payments_simulated:
                problems.append("PAYMENTS_SIMULATED must be off")
            if problems:
                raise ValueError("unsafe production settings: " + "; ".join(problems))
        return self

    @field_validator("admission_max_in_flight", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        return None if value == "" else value  # `ADMISSION_MAX_IN_FLIGHT=` in an env file

    @property
    def max_in_flight(self) -> int:
        """ADMISSION_MAX_IN_FLIGHT, or DB_POOL_SIZE when unset."""
        return self.admission_max_in_flight or self.db_pool_size

    @property
    def broker_url(self) -> str:
        return self.celery_broker_url or DEFAULT_BROKER_URL

    @property
    def media_dir(self) -> Path:
        return self.gurumisha_data_dir / "media"

    @property
    def twilio_enabled(self) -> bool:
        return bool(
            self.twilio_account_sid and self.twilio_auth_token and self.twilio_whatsapp_from
        )

    @property
    def smtp_enabled(self) -> bool:
        return bool(self.smtp_host)

    @property
    def mpesa_enabled(self) -> bool:
        """Daraja's STK push can be used: credentials and the callback are set."""
        return bool(
            self.mpesa_consumer_key
            and self.mpesa_consumer_secret
            and self.mpesa_shortcode
            and self.mpesa_passkey
            and self.mpesa_callback_base_url
            and self.mpesa_callback_token
        )

    @property
    def mpesa_b2c_enabled(self) -> bool:
        return bool(
            self.mpesa_enabled
            and self.mpesa_b2c_shortcode
            and self.mpesa_b2c_initiator_name
            and self.mpesa_b2c_security_credential
        )

    @property
    def stripe_enabled(self) -> bool:
        return bool(self.stripe_secret_key)


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment."""
    return Settings()
