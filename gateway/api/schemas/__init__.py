"""Request and response shapes of /api/v1, one typed model each, one module per area.

Validation (spectree runs the request models before a view), serialisation (views return model
instances, built from ORM rows with ``from_attributes``) and /api/v1/openapi.json all come from
these models. Enums are the domain's own (``gateway.models``), never copied lists.
"""
