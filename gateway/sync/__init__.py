"""Keeping the gateway in step with the union's 1C registry: full and incremental sync, the
delivery of card statuses back to 1C (the outbox), and the reconciliation report.

Modules: ``settings`` (the ``[sync]`` section), ``lock`` (one sync at a time), ``connect`` (the
registry from settings), ``upsert`` + ``tree`` (organisations and members), ``onec_orders`` (card
orders from 1C through intake), ``full``, ``incremental``, ``outbox``, ``reconcile``, ``tasks``.
"""
