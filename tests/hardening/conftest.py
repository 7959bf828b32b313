"""The real-worker fixtures of tests/workers, shared with the broker drill."""

from tests.workers.conftest import fake_twilio, smtp  # noqa: F401 (fixtures)
from tests.workers.test_celery_integration import (  # noqa: F401 (fixtures)
    queue_prefix,
    settings_for,
    start_worker,
)
