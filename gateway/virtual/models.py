"""The virtual ЭПБ's tables live with the other models (gateway/models/virtual.py, so importing any
model registers them all); re-exported here for the package's own modules."""

from gateway.models.virtual import (
    PartnerAccount,
    PartnerScope,
    PartnerWebhook,
    SelfCheckAttempt,
    WalletRegistration,
    WebhookState,
)

__all__ = [
    "PartnerAccount",
    "PartnerScope",
    "PartnerWebhook",
    "SelfCheckAttempt",
    "WalletRegistration",
    "WebhookState",
]
