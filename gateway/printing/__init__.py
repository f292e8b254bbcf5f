"""Print stations: a Celery worker per printer personalises the cards of a batch one by one.

``settings`` (the ``[printing]`` section), ``devices`` (printer and encoder built from a station's
settings), ``station`` (operator actions: start, pause, resume, cancel, resolve), ``worker`` (one
card per task, crash recovery), ``cards`` (what is printed on a card, from the database), ``batch_files``
(batch PDF, previews, packing lists), ``verification`` (is a card genuine and valid: the verdict
the public pages of ``gateway.web.verify`` show).
"""
