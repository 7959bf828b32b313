"""Delivering one outbox event: plan, record, send at most once per channel.

1. Plan (one transaction): find the recipient, render the message in their
   language, and insert one ``notifications`` row per channel with ON CONFLICT DO
   NOTHING on (outbox_id, channel): running twice plans nothing new.
2. Send each row under ``SELECT ... FOR UPDATE SKIP LOCKED``, only while it is
   ``queued``; the row is marked in the same transaction as the send. A duplicate
   task skips a row another worker holds; a worker killed mid-send rolls back, so
   the row is still queued and the redelivered task sends it.
3. Mark the outbox row dispatched once every row is final; otherwise raise
   ``RetryLater`` so the task retries with backoff (and the sweep is the backstop).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from enum import Enum

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert

from sidecar.core import clock
from sidecar.core.log import get_logger
from sidecar.models import Channel, Notification, NotificationStatus, OutboxMessage
from sidecar.notifications.service import recipient_for, wants_whatsapp
from sidecar.notifications.templates import Rendered, render
from workers.channels.errors import PermanentSendError, TransientSendError
from workers.runtime import Runtime

log = get_logger(__name__)


class RetryLater(Exception):
    """Some message hit a transient failure; try the event again later."""


class _Outcome(Enum):
    FINAL = "final"
    RETRY = "retry"
    BUSY = "busy"


@dataclass(frozen=True)
class Planned:
    notification_id: int
    channel: Channel
    rendered: Rendered
    kind: str
    language: str


def backoff_seconds(attempt: int, *, base: float, cap: float) -> float:
    """Exponential backoff with full jitter (AWS Architecture Blog, 2015), capped."""
    return random.uniform(0, min(cap, base * 2 ** max(attempt - 1, 0)))  # noqa: S311


def _plan(runtime: Runtime, outbox_id: int) -> list[Planned] | None:
    """Creates the notification rows of an event; None when it is already dispatched."""
    with runtime.db.transaction() as session:
        message = session.get(OutboxMessage, outbox_id)
        if message is None or message.dispatched_at is not None:
            return None
        recipient = recipient_for(session, message)
        if recipient is None:
            message.dispatched_at = clock.utcnow()
            message.last_error = "nobody to notify (recipient or subject no longer exists)"
            return None
        user = recipient.user
        rendered = render(message.kind, language=user.language, context=recipient.context)
        channels: dict[Channel, str] = {Channel.EMAIL: user.email}
        if wants_whatsapp(user) and user.phone:
            channels[Channel.WHATSAPP] = user.phone
        for channel, address in channels.items():
            session.execute(
                insert(Notification)
                .values(
                    outbox_id=outbox_id,
                    user_id=user.id,
                    channel=channel,
                    template=message.kind,
                    to_address=address,
                    subject=rendered.subject if channel is Channel.EMAIL else None,
                    body=rendered.text if channel is Channel.EMAIL else rendered.whatsapp,
                    status=NotificationStatus.QUEUED,
                )
                .on_conflict_do_nothing(index_elements=["outbox_id", "channel"])
            )
        rows = session.execute(
            select(Notification.id, Notification.channel).where(Notification.outbox_id == outbox_id)
        ).all()
        return [Planned(row.id, row.channel, rendered, message.kind, user.language) for row in rows]


def _send(runtime: Runtime, planned: Planned) -> _Outcome:
    """Sends one notification if it is still queued; marks it in the same transaction."""
    settings = runtime.settings
    with runtime.db.transaction() as session:
        notification = session.scalar(
            select(Notification)
            .where(Notification.id == planned.notification_id)
            .with_for_update(skip_locked=True)
        )
        if notification is None:
            return _Outcome.BUSY  # another worker is sending it right now
        if notification.status != NotificationStatus.QUEUED:
            return _Outcome.FINAL
        notification.attempts += 1
        to = notification.to_address or ""
        try:
            if planned.channel == Channel.WHATSAPP:
                if runtime.whatsapp is None:
                    return _logged(notification, "WhatsApp (Twilio) is not configured")
                provider_id = runtime.whatsapp.send(
                    to=to,
                    body=planned.rendered.whatsapp,
                    template=planned.kind,
                    variables=planned.rendered.variables,
                    language=planned.language,
                )
            else:
                if runtime.email is None:
                    return _logged(notification, "email (SMTP) is not configured")
                provider_id = runtime.email.send(
                    to=to,
                    subject=planned.rendered.subject,
                    text=planned.rendered.text,
                    html=planned.rendered.html,
                )
        except PermanentSendError as exc:
            notification.status = (
                NotificationStatus.UNDELIVERABLE
                if planned.channel == Channel.WHATSAPP
                else NotificationStatus.FAILED
            )
            notification.error = _describe(exc)
            log.warning("notification.permanent_failure", id=notification.id, error=exc.message)
            return _Outcome.FINAL
        except TransientSendError as exc:
            notification.error = _describe(exc)
            if notification.attempts >= settings.notification_max_attempts:
                notification.status = NotificationStatus.FAILED
                return _Outcome.FINAL
            log.info("notification.transient_failure", id=notification.id, error=exc.message)
            return _Outcome.RETRY
        notification.status = NotificationStatus.SENT
        notification.provider_id = provider_id
        notification.sent_at = clock.utcnow()
        notification.error = None
        log.info("notification.sent", id=notification.id, channel=planned.channel)
        return _Outcome.FINAL


def _logged(notification: Notification, why: str) -> _Outcome:
    notification.status = NotificationStatus.LOGGED
    notification.error = f"not sent: {why}; the message is recorded here"
    log.info(
        "notification.logged",
        id=notification.id,
        channel=notification.channel,
        to=notification.to_address,
        body=notification.body,
    )
    return _Outcome.FINAL


def _describe(exc: TransientSendError | PermanentSendError) -> str:
    return f"{exc.code}: {exc.message}" if exc.code else exc.message


def deliver_outbox(runtime: Runtime, outbox_id: int) -> str:
    """Delivers one outbox event on every channel; raises RetryLater on transient failure."""
    planned = _plan(runtime, outbox_id)
    if planned is None:
        return "nothing to do"
    outcomes = [_send(runtime, item) for item in planned]
    finished = all(outcome is _Outcome.FINAL for outcome in outcomes)
    with runtime.db.transaction() as session:
        message = session.get(OutboxMessage, outbox_id, with_for_update=True)
        if message is not None and message.dispatched_at is None:
            message.attempts += 1
            if finished:
                message.dispatched_at = clock.utcnow()
                message.last_error = None
            else:
                message.last_error = "some messages are waiting for a retry"
    if _Outcome.RETRY in outcomes:
        raise RetryLater(f"outbox {outbox_id}: transient delivery failure")
    return "dispatched" if finished else "in progress elsewhere"
