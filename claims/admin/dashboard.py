"""The desk at a glance on the admin index: the counts that matter and a 30-day chart."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from claims import desk
from claims.models import Claim
from sources.models import Article

admin.site.index_template = "admin/desk_index.html"

CHART_WIDTH, CHART_HEIGHT, CHART_PAD = 620, 150, 24


def chart_svg(days: tuple[tuple, ...]) -> SafeString:
    """Claims found (bars) and verdicts published (dots) per day, as inline SVG: no script, no CDN."""
    top = max([found for _, found, _ in days] + [published for _, _, published in days] + [1])
    step = (CHART_WIDTH - 2 * CHART_PAD) / len(days)
    plot = CHART_HEIGHT - 2 * CHART_PAD

    def y(value: int) -> float:
        return round(CHART_PAD + plot - plot * value / top, 1)

    bars = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" fill="#79aec8"><title>{}: {} claims found</title></rect>',
        (
            (
                CHART_PAD + i * step + 1,
                y(found),
                step - 2,
                CHART_PAD + plot - y(found),
                day.isoformat(),
                found,
            )
            for i, (day, found, _) in enumerate(days)
        ),
    )
    dots = format_html_join(
        "",
        '<circle cx="{}" cy="{}" r="3.5" fill="#ba2121"><title>{}: {} verdicts published</title></circle>',
        (
            (round(CHART_PAD + (i + 0.5) * step, 1), y(published), day.isoformat(), published)
            for i, (day, _, published) in enumerate(days)
            if published
        ),
    )
    return format_html(
        '<svg class="desk-chart" role="img" aria-label="Claims found and verdicts published per day, last 30 days" '
        'width="{w}" height="{h}" viewBox="0 0 {w} {h}" xmlns="http://www.w3.org/2000/svg">'
        '<line x1="{p}" y1="{base}" x2="{right}" y2="{base}" stroke="#999"/>'
        '<text x="{p}" y="14" font-size="11" fill="#666">max {top}/day</text>'
        '<text x="{p}" y="{h}" font-size="11" fill="#666">{first}</text>'
        '<text x="{right}" y="{h}" font-size="11" fill="#666" text-anchor="end">{last}</text>'
        "{bars}{dots}</svg>",
        w=CHART_WIDTH,
        h=CHART_HEIGHT,
        p=CHART_PAD,
        base=CHART_PAD + plot,
        right=CHART_WIDTH - CHART_PAD,
        top=top,
        first=days[0][0].strftime("%d %b"),
        last=days[-1][0].strftime("%d %b"),
        bars=bars,
        dots=dots,
    )


def desk_context(request) -> dict:
    """What the index shows to a member of the desk (nothing to anyone who cannot view claims)."""
    if not request.user.has_perm("claims.view_claim"):
        return {}
    counts = desk.desk_counts()
    claims = reverse("admin:claims_claim_changelist")
    articles = reverse("admin:sources_article_changelist")
    tiles = [
        ("Awaiting triage", counts.awaiting_triage, claims),
        ("In review", counts.in_review, f"{claims}?state={Claim.ReviewState.IN_REVIEW}"),
        ("Verdict drafted", counts.drafted, f"{claims}?state={Claim.ReviewState.VERDICT_DRAFTED}"),
        ("Published this week", counts.published_this_week, f"{claims}?state={Claim.ReviewState.PUBLISHED}"),
        ("My claims", desk.my_open_claims(request.user), f"{claims}?state=all&assignee=me"),
        ("Failed articles", counts.failed_articles, f"{articles}?status__exact={Article.Status.FAILED}"),
    ]
    return {"desk_tiles": tiles, "desk_chart": chart_svg(counts.days), "desk_counted_at": counts.counted_at}
