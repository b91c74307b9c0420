"""The verdict API: REST clients read published verdicts, sync them and push articles in.

Layout: ``access.py`` (who may see what: key authentication, permissions, throttling),
``serializers.py`` (the shapes, also the OpenAPI components), ``claimreview.py``
(schema.org ClaimReview JSON-LD), ``filters.py``, ``pagination.py``, ``views.py``
(read resources), ``intake.py`` (POST articles), ``schema.py`` (what every operation
shares in the OpenAPI document), ``urls.py``. The queries live in ``claims/selectors.py``.

Client keys: djangorestframework-api-key (3.1), not hand-rolled. It stores a SHA-512 of
a 32-character random secret, shows the key once on creation in the admin, and checks a
key with one indexed lookup by its public prefix. Measured on this machine, verifying a
key per request:

    ============================================  ==============
    hasher                                        verify, median
    ============================================  ==============
    SHA-512 of a high-entropy key (the library)   0.002 ms
    Django's PBKDF2 password hasher               628 ms
    ============================================  ==============

A password hasher would make every keyed request cost more than half a second; a
random 190-bit secret needs no key stretching. Revocation is a flag read on every
request (no cache), so a revoked key stops at once.
"""
