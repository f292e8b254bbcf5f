"""Celery task of the partner webhooks (sent by beat every ``[virtual] webhook_interval_seconds``)."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from flask import current_app

from gateway.virtual.webhooks import as_dict, deliver_webhooks


@shared_task(name="gateway.virtual.deliver_webhooks_task")
def deliver_webhooks_task() -> dict[str, Any]:
    # Two copies running at once take different rows (FOR UPDATE SKIP LOCKED): no lock needed.
    ext = current_app.extensions
    return as_dict(deliver_webhooks(ext["gateway.sessionmaker"], ext["gateway.settings"].virtual))
