"""Reads of challenges for a user. Missing and forbidden look the same (404)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Count, Prefetch, QuerySet

from markaz.challenges import permissions as perms
from markaz.challenges.models import (
    Attachment,
    Challenge,
    ChallengeOwner,
    ChallengeVenture,
    Comment,
    Visibility,
)
from markaz.core.access import AccessScope, get_visible
from markaz.core.models import Center
from markaz.core.search import text_filter
from markaz.stakeholders.models import Sector

TEXT_FIELDS = (
    "title_en", "title_ar", "problem_en", "problem_ar", "affected_population_en",
    "affected_population_ar", "place_en", "place_ar",
)  # fmt: skip


def _with_owners(qs: QuerySet[Challenge]) -> QuerySet[Challenge]:
    owners = ChallengeOwner.objects.select_related("organization").order_by("id")
    return qs.prefetch_related(Prefetch("owners", queryset=owners), "sdg_targets")


def challenges_for(scope: AccessScope, center: Center) -> QuerySet[Challenge]:
    """Every role of the center reads its challenges; nobody else reads them here."""
    qs = Challenge.objects.filter(center=center).select_related("center")
    if not scope.has_role(center):
        return qs.none()
    return qs


def search_challenges(
    qs: QuerySet[Challenge],
    *,
    q: str = "",
    status: str = "",
    sdg: int | None = None,
    sector: str = "",
    visibility: str = "",
) -> QuerySet[Challenge]:
    if q:
        qs = qs.filter(text_filter(q, *TEXT_FIELDS))
    if status:
        qs = qs.filter(status=status)
    if visibility:
        qs = qs.filter(visibility=visibility)
    if sdg:
        by_goal = Challenge.sdg_targets.through.objects.filter(target__goal_id=sdg)
        qs = qs.filter(pk__in=by_goal.values("challenge_id"))
    if sector:
        qs = qs.filter(
            pk__in=ChallengeOwner.objects.filter(organization__sector=sector).values("challenge_id")
        )
    return _with_owners(qs)


def get_challenge_for(scope: AccessScope, center: Center, pk: int) -> Challenge:
    return get_visible(challenges_for(scope, center), pk=pk)


def public_challenges() -> QuerySet[Challenge]:
    """Public challenges of every center, for anyone (filter with `search_challenges`)."""
    return Challenge.objects.filter(visibility=Visibility.PUBLIC).select_related("center")


def get_public_challenge(pk: int) -> Challenge:
    return get_visible(_with_owners(public_challenges()), pk=pk)


def owners_of(challenge: Challenge) -> QuerySet[ChallengeOwner]:
    return challenge.owners.select_related("organization").order_by("id")


def get_owner_for(challenge: Challenge, pk: int) -> ChallengeOwner:
    return get_visible(owners_of(challenge), pk=pk)


def comments_for(scope: AccessScope, challenge: Challenge) -> QuerySet[Comment]:
    """The workspace's comments, for its members only."""
    qs = challenge.comments.select_related("author", "author__person", "challenge")
    if not perms.is_workspace_member(scope, challenge):
        return qs.none()
    return qs


def get_comment_for(scope: AccessScope, challenge: Challenge, pk: int) -> Comment:
    return get_visible(comments_for(scope, challenge), pk=pk)


def comment_threads(comments) -> list[tuple[Comment, list[Comment]]]:
    """Top-level comments in order, each with its replies (one level)."""
    replies: dict[int, list[Comment]] = {}
    top = []
    for comment in comments:
        if comment.parent_id is None:
            top.append(comment)
        else:
            replies.setdefault(comment.parent_id, []).append(comment)
    return [(c, replies.get(c.pk, [])) for c in top]


def attachments_for(scope: AccessScope, challenge: Challenge) -> QuerySet[Attachment]:
    qs = challenge.attachments.select_related("uploaded_by", "challenge")
    if not perms.can_download(scope, challenge):
        return qs.none()
    return qs


def get_attachment_for(scope: AccessScope, challenge: Challenge, pk: int) -> Attachment:
    return get_visible(attachments_for(scope, challenge), pk=pk)


def venture_links_for(scope: AccessScope, challenge: Challenge) -> QuerySet[ChallengeVenture]:
    """Linked ventures the reader may see (staff: all; others: public ones and their own)."""
    from markaz.ventures.selectors import ventures_for

    visible = ventures_for(scope, challenge.center).values("pk")
    return challenge.venture_links.filter(venture__in=visible).select_related("venture")


def public_venture_links(challenge: Challenge) -> QuerySet[ChallengeVenture]:
    return challenge.venture_links.filter(venture__is_public=True).select_related("venture")


def get_venture_link_for(scope: AccessScope, challenge: Challenge, venture_id: int):
    return get_visible(venture_links_for(scope, challenge), venture_id=venture_id)


def calls_of(scope: AccessScope | None, challenge: Challenge) -> list:
    """Calls of the programs app linked to the challenge, once that app links them.

    Works before the programs app exists (an empty list) and after (its own visibility rules
    when it offers a `calls_for` selector; otherwise the open ones, for public readers).
    """
    if not apps.is_installed("markaz.programs"):
        return []
    related = getattr(challenge, "calls", None)
    if related is None:
        return []
    qs = related.all()
    program_selectors = _programs_selectors()
    if scope is None:
        phases = getattr(program_selectors, "PUBLIC_PHASES", None)
        return list(qs.filter(phase__in=phases)) if phases is not None else []
    calls_for = getattr(program_selectors, "calls_for", None)
    if calls_for is not None:
        qs = qs.filter(pk__in=calls_for(scope, challenge.center).values("pk"))
    elif not scope.is_staff_of(challenge.center_id):
        return []
    return list(qs)


def _programs_selectors():
    try:
        from markaz.programs import selectors
    except ImportError:
        return None
    return selectors


# -- sectors ---------------------------------------------------------------------------------


@dataclass
class SectorRow:
    challenge: Challenge
    counts: list[int]
    total: int = 0
    sectors: int = 0


@dataclass
class SectorMatrix:
    sectors: list[tuple[str, str]]
    rows: list[SectorRow] = field(default_factory=list)
    totals: list[int] = field(default_factory=list)
    challenges_per_sector: list[int] = field(default_factory=list)


def sector_counts(challenge_ids) -> dict[int, dict[str, int]]:
    """{challenge id: {sector: number of owner organizations}} in one query."""
    out: dict[int, dict[str, int]] = {}
    rows = (
        ChallengeOwner.objects.filter(challenge_id__in=challenge_ids)
        .values_list("challenge_id", "organization__sector")
        .annotate(n=Count("id"))
        .order_by()
    )
    for challenge_id, sector, n in rows:
        out.setdefault(challenge_id, {})[sector] = n
    return out


def sector_matrix(challenges: list[Challenge]) -> SectorMatrix:
    """Challenges × the 8 sectors: how many owner organizations of each sector take part."""
    sectors = list(Sector.choices)
    counts = sector_counts([c.pk for c in challenges])
    matrix = SectorMatrix(sectors=sectors)
    totals = [0] * len(sectors)
    per_sector = [0] * len(sectors)
    for challenge in challenges:
        by = counts.get(challenge.pk, {})
        row = [by.get(code, 0) for code, _label in sectors]
        for i, n in enumerate(row):
            totals[i] += n
            per_sector[i] += 1 if n else 0
        matrix.rows.append(
            SectorRow(challenge, row, total=sum(row), sectors=sum(1 for n in row if n))
        )
    matrix.totals, matrix.challenges_per_sector = totals, per_sector
    return matrix


def sector_breakdown(challenge: Challenge) -> list[dict]:
    """Per sector that takes part: its label, count, share (%) and organizations."""
    owners = list(owners_of(challenge))
    total = len(owners) or 1
    out = []
    for code, label in Sector.choices:
        mine = [o for o in owners if o.organization.sector == code]
        if mine:
            out.append(
                {"sector": code, "label": label, "count": len(mine),
                 "percent": round(100 * len(mine) / total), "owners": mine}
            )  # fmt: skip
    return out


def workspace_people(challenge: Challenge) -> list[dict]:
    """Who takes part in the workspace: people of the owner organizations (current
    affiliations, with a login in the center) and the center's staff."""
    from django.db.models import Q
    from django.utils import timezone

    from markaz.core.models import Membership
    from markaz.stakeholders.models import Affiliation, Person

    today = timezone.localdate()
    members = Membership.objects.filter(center_id=challenge.center_id).values("user_id")
    affiliations = (
        Affiliation.objects.filter(
            organization__challenge_roles__challenge=challenge,
            person__user__in=members,
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .filter(Q(starts_on__isnull=True) | Q(starts_on__lte=today))
        .select_related("person", "organization")
        .order_by("organization__name_en", "person__name_en")
    )
    people = [{"name": a.person.name, "where": a.organization.name} for a in affiliations]
    seen = {a.person_id for a in affiliations}
    staff_ids = Membership.objects.filter(
        center_id=challenge.center_id, role__in=["admin", "staff"]
    ).values("user_id")
    for person in Person.objects.filter(user__in=staff_ids).exclude(pk__in=seen):
        people.append({"name": person.name, "where": challenge.center.name})
    return people
