"""The public page of a ruled claim: the standing verdict with its ClaimReview markup,
the way fact-checkers publish, and the earlier verdicts it replaced."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect, render

from . import selectors
from .api.claimreview import as_script, claimreview
from .api.serializers import STATUS_LABELS, Links
from .models import Evidence


def claim_page(request, claim_id: int):
    published = selectors.verdicts_visible(internal=False).filter(claim_id=claim_id)
    verdicts = selectors.with_evidence(
        list(selectors.verdict_rows(published, internal=False).order_by("-published_at", "-id"))
    )
    current = next((v for v in verdicts if v["superseded_by_id"] is None), None)
    if current is None:
        # A merged claim's address leads to the claim it now lives under.
        survivor = selectors.claim_merged_into(claim_id)
        if survivor is not None:
            return redirect("claim-page", claim_id=survivor, permanent=True)
        raise Http404("No published verdict on this claim.")
    sightings = selectors.claim_sightings([claim_id]).get(claim_id, [])
    stances = dict(Evidence.Stance.choices)
    for verdict in verdicts:
        verdict["label"] = STATUS_LABELS[verdict["status"]]
        for item in verdict["evidence"]:
            item["stance_label"] = stances[item["evidence__stance"]]
    return render(
        request,
        "claims/claim_page.html",
        {
            "current": current,
            "earlier": [v for v in verdicts if v is not current],
            "sightings": sightings,
            "jsonld": as_script(claimreview(current, sightings, Links(request))),
        },
    )
