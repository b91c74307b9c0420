"""The public page of a ruled claim: the standing verdict with its ClaimReview markup,
the way fact-checkers publish, and the earlier verdicts it replaced."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from . import selectors
from .api.claimreview import as_script, claimreview
from .api.serializers import Links


def claim_page(request, claim_id: int):
    verdicts = list(
        selectors.verdicts_visible(internal=False).filter(claim_id=claim_id).order_by("-published_at", "-pk")
    )
    current = next((v for v in verdicts if v.superseded_by_id is None), None)
    if current is None:
        raise Http404("No published verdict on this claim.")
    sightings = selectors.claim_sightings([claim_id]).get(claim_id, [])
    review = claimreview(current, sightings, Links(request))
    return render(
        request,
        "claims/claim_page.html",
        {
            "claim": current.claim,
            "current": current,
            "earlier": [v for v in verdicts if v is not current],
            "sightings": sightings,
            "jsonld": as_script(review),
            "rating": review["reviewRating"],
        },
    )
