"""User-facing texts, one module per language (today only Russian: ``gateway.texts.ru``).

Codes stay English in the database, the logs and the API's machine-readable fields; every word a
person reads on a page, in a flash message or in a downloaded file comes from here, so a wording
is changed once and a page never shows an internal code.
"""
