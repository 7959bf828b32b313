from __future__ import annotations

import ipaddress

import pytest
from pydantic import ValidationError

from sidecar.core.settings import DEV_JWT_SECRET, Settings


class TestSettings:
    def test_defaults_are_the_embedded_development_setup(self, monkeypatch):
        for name in ("DATABASE_URL", "REDIS_URL", "ENVIRONMENT", "JWT_SECRET", "CORS_ORIGINS"):
            monkeypatch.delenv(name, raising=False)
        settings = Settings()
        assert settings.environment == "development"
        assert settings.database_url is None
        assert settings.redis_url is None
        assert settings.rate_limit_per_minute == 100
        assert settings.auth_rate_limit_per_minute == 10
        assert settings.bcrypt_rounds == 12

    def test_admission_defaults_to_the_pool_size_also_when_set_empty(self, monkeypatch):
        monkeypatch.setenv("DB_POOL_SIZE", "7")
        monkeypatch.setenv("ADMISSION_MAX_IN_FLIGHT", "")  # as an env file leaves it
        assert Settings().max_in_flight == 7
        monkeypatch.setenv("ADMISSION_MAX_IN_FLIGHT", "3")
        assert Settings().max_in_flight == 3

    def test_reads_the_environment(self, monkeypatch):
        monkeypatch.setenv("CORS_ORIGINS", "https://a.example, https://b.example")
        monkeypatch.setenv("TRUSTED_PROXIES", "10.0.0.0/8,192.168.1.1")
        monkeypatch.setenv("DATABASE_URL", "postgresql://u:p@db:5432/gm")
        monkeypatch.setenv("RATE_LIMIT_PER_MINUTE", "250")
        settings = Settings()
        assert settings.cors_origins == ["https://a.example", "https://b.example"]
        assert settings.trusted_proxies == [
            ipaddress.ip_network("10.0.0.0/8"),
            ipaddress.ip_network("192.168.1.1/32"),
        ]
        assert settings.database_url == "postgresql+psycopg://u:p@db:5432/gm"
        assert settings.rate_limit_per_minute == 250

    @pytest.mark.parametrize(
        "overrides",
        [
            {"jwt_secret": DEV_JWT_SECRET},
            {"jwt_secret": "short"},
            {"jwt_secret": "r" * 40, "debug": True},
            {"jwt_secret": "r" * 40, "cookie_secure": False},
        ],
    )
    def test_production_refuses_unsafe_settings(self, overrides):
        with pytest.raises(ValidationError, match="unsafe production settings"):
            Settings(environment="production", **overrides)

    def test_production_accepts_safe_settings(self):
        assert Settings(environment="production", jwt_secret="r" * 40).environment == "production"

    def test_bcrypt_cost_below_12_is_refused(self):
        with pytest.raises(ValidationError):
            Settings(bcrypt_rounds=10)

    def test_bad_proxy_address_is_refused(self):
        with pytest.raises(ValidationError):
            Settings(trusted_proxies="not-an-ip")
