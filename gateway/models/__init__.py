"""All ORM models; importing this package registers every table on ``Base.metadata``."""

from gateway.models.auth import ApiToken, TokenKind
from gateway.models.batches import BatchRegionCount, BatchState, PrintBatch
from gateway.models.cards import ACTIVE_CARD_STATES, Card, CardNumberCounter, CardState
from gateway.models.events import Event
from gateway.models.leases import LockLease  # noqa: F401  (lease rows of gateway.db.locks)
from gateway.models.operations import BeatJob  # noqa: F401,E402  (beat jobs: readiness, queues page)
from gateway.models.orders import (
    OPEN_ORDER_STATES,
    CardForm,
    CardOrder,
    IdempotencyRecord,
    OrderReason,
    OrderSource,
    OrderState,
    Upload,
    UploadRowResult,
    UploadState,
)
from gateway.models.outbox import OneCStatus, OutboxMessage, OutboxState
from gateway.models.printing import AttemptOutcome, CardPrintAttempt, PrintStation, StationState
from gateway.models.production import BatchStock, BureauExport, BureauExportState  # noqa: F401
from gateway.models.registry import (
    Member,
    MemberCategory,
    Organisation,
    OrgKind,
    RegionMemberCount,
    member_match_key,
)
from gateway.models.sync import (  # noqa: F401
    OneCOrderLine,
    ReconciliationRun,
    ReconciliationState,
    SyncKind,
    SyncRun,
    SyncState,
)
from gateway.models.users import AuditEntry, LoginAttempt, Role, User  # noqa: F401
from gateway.models.virtual import (  # noqa: F401,E402  (partners, webhooks, wallet devices)
    PartnerAccount,
    PartnerWebhook,
    SelfCheckAttempt,
    WalletRegistration,
)

__all__ = [
    "ACTIVE_CARD_STATES",
    "OPEN_ORDER_STATES",
    "ApiToken",
    "AttemptOutcome",
    "CardPrintAttempt",
    "BatchRegionCount",
    "BatchState",
    "Card",
    "CardNumberCounter",
    "CardForm",
    "CardOrder",
    "CardState",
    "Event",
    "IdempotencyRecord",
    "Member",
    "RegionMemberCount",
    "MemberCategory",
    "OneCStatus",
    "OrderReason",
    "OrderSource",
    "OrderState",
    "OrgKind",
    "Organisation",
    "OutboxMessage",
    "OutboxState",
    "PrintBatch",
    "PrintStation",
    "StationState",
    "TokenKind",
    "Upload",
    "UploadRowResult",
    "UploadState",
    "member_match_key",
]
