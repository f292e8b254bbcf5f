"""Print stations: a Celery worker per printer personalises the cards of a batch one by one.

``settings`` (the ``[printing]`` section), ``devices`` (printer and encoder built from a station's
settings), ``station`` (operator actions: start, pause, resume, cancel, resolve), ``worker`` (one
card per task, crash recovery), ``cards`` (what is printed on a card, from the database), ``files``
(batch PDF, previews, packing lists), ``verify`` (the public verification page).
"""
