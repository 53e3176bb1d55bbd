"""Who to meet, for a viewer: the graph of their center, candidates from the directory (never
hidden people), `recommend.recommend`, and explanations written from the same reasons."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from markaz.core.access import AccessScope
from markaz.core.models import Center
from markaz.networking import recommend, selectors
from markaz.networking.graph import build_graph
from markaz.stakeholders.models import Person, Sector


@dataclass
class Suggestion:
    person: Person
    score: float
    reasons: dict
    explanation: list[str]


def _join(items: list[str]) -> str:
    return _(", ").join(items)


def explain(reason: recommend.Recommendation, challenge_labels: dict[str, str]) -> list[str]:
    """One full sentence per reason (no sentence assembled from translated fragments)."""
    labels = dict(Sector.choices)
    sectors = _join([str(labels.get(s, s)) for s in reason.new_sectors])
    lines = [
        ngettext(
            "Works in a sector you are not yet connected to: %(sectors)s.",
            "Works in sectors you are not yet connected to: %(sectors)s.",
            len(reason.new_sectors),
        )
        % {"sectors": sectors}
    ]
    if reason.shared_sdgs:
        lines.append(
            ngettext(
                "Shares SDG %(goals)s with you.",
                "Shares SDGs %(goals)s with you.",
                len(reason.shared_sdgs),
            )
            % {"goals": _join([str(g) for g in reason.shared_sdgs])}
        )
    if reason.shared_challenges:
        names = _join([f"“{challenge_labels[c]}”" for c in reason.shared_challenges])
        lines.append(
            ngettext(
                "Works on the challenge %(challenges)s, as you do.",
                "Works on the challenges %(challenges)s, as you do.",
                len(reason.shared_challenges),
            )
            % {"challenges": names}
        )
    if reason.shared_expertise:
        lines.append(
            _("Has expertise in %(topics)s, which interests you.")
            % {"topics": _join(reason.shared_expertise)}
        )
    return lines


def suggestions_for(scope: AccessScope, center: Center) -> list[Suggestion]:
    me = selectors.own_person_in(scope, center)
    if me is None or me.center_id != center.pk:
        return []
    listed = selectors.directory_for(scope, center).filter(center=center).exclude(pk=me.pk)
    people = {p.pk: p for p in listed}
    candidates = {}
    for pk, person in people.items():
        profile = getattr(person, "networking_profile", None)
        candidates[pk] = {
            "sdgs": [g.pk for g in profile.sdg_goals.all()] if profile else [],
            "expertise": list(profile.expertise) if profile else [],
        }
    own = selectors.profile_of(me)
    graph = build_graph([center.pk])
    found = recommend.recommend(
        graph, me.pk, candidates, viewer_interests=list(own.interests) if own else []
    )
    arabic = (get_language() or "en").startswith("ar")
    labels = {
        n: (d["label_ar"] if arabic else d["label"])
        for n, d in graph.nodes(data=True)
        if d["kind"] == "challenge"
    }
    return [
        Suggestion(
            person=people[r.person_id],
            score=r.score,
            reasons={
                "new_sectors": r.new_sectors,
                "shared_sdgs": r.shared_sdgs,
                "shared_challenges": [
                    {"id": graph.nodes[c]["pk"], "title": labels[c]} for c in r.shared_challenges
                ],
                "shared_expertise": r.shared_expertise,
            },
            explanation=explain(r, labels),
        )
        for r in found
    ]
