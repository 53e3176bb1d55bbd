"""Conflicts of interest between reviewers and applications, detected and declared.

A reviewer is conflicted on an application when they:
- applied themselves;
- are (currently) affiliated with the venture's organization or with an organization the
  applicant is affiliated with (`stakeholders.Affiliation`);
- are on the venture's team (`ventures.TeamMember`);
- declared a relationship with that organization or venture, or a conflict on that very
  application (`review.Conflict`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from markaz.review.models import Conflict
from markaz.stakeholders.models import Affiliation, Person
from markaz.ventures.models import TeamMember

Pair = tuple[int, int]  # (reviewer user id, application id)


def _current(qs):
    return qs.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=timezone.localdate()))


def conflicts_between(
    center_id: int, reviewer_ids: Iterable[int], applications: Iterable
) -> dict[Pair, str]:
    """Every conflicted (reviewer, application) pair with the first reason found.

    `applications` are `programs.Application` rows with `venture` loaded. A handful of
    queries, whatever the number of reviewers and applications.
    """
    reviewer_ids = list(dict.fromkeys(reviewer_ids))
    apps = list(applications)
    if not reviewer_ids or not apps:
        return {}
    person_of = dict(
        Person.objects.filter(user_id__in=reviewer_ids).values_list("pk", "user_id")
    )  # person id -> user id
    applicant_people = dict(
        Person.objects.filter(user_id__in={a.applicant_id for a in apps}).values_list(
            "user_id", "pk"
        )
    )
    orgs_of_applicant: dict[int, set[int]] = defaultdict(set)
    for person_id, org_id in _current(
        Affiliation.objects.filter(person_id__in=applicant_people.values())
    ).values_list("person_id", "organization_id"):
        orgs_of_applicant[person_id].add(org_id)

    reviewer_orgs: dict[int, set[int]] = defaultdict(set)
    for person_id, org_id in _current(
        Affiliation.objects.filter(person_id__in=person_of)
    ).values_list("person_id", "organization_id"):
        reviewer_orgs[person_of[person_id]].add(org_id)
    reviewer_ventures: dict[int, set[int]] = defaultdict(set)
    for person_id, venture_id in TeamMember.objects.filter(person_id__in=person_of).values_list(
        "person_id", "venture_id"
    ):
        reviewer_ventures[person_of[person_id]].add(venture_id)
    declared_orgs: dict[int, set[int]] = defaultdict(set)
    declared_ventures: dict[int, set[int]] = defaultdict(set)
    declared_apps: dict[int, set[int]] = defaultdict(set)
    for user_id, org_id, venture_id, app_id in Conflict.objects.filter(
        center_id=center_id, reviewer_id__in=reviewer_ids
    ).values_list("reviewer_id", "organization_id", "venture_id", "application_id"):
        if org_id:
            declared_orgs[user_id].add(org_id)
        if venture_id:
            declared_ventures[user_id].add(venture_id)
        if app_id:
            declared_apps[user_id].add(app_id)

    found: dict[Pair, str] = {}
    for app in apps:
        orgs = set(orgs_of_applicant.get(applicant_people.get(app.applicant_id), ()))
        if app.venture.organization_id:
            orgs.add(app.venture.organization_id)
        for uid in reviewer_ids:
            reason = None
            if uid == app.applicant_id:
                reason = _("is the applicant")
            elif app.pk in declared_apps[uid]:
                reason = _("declared a conflict on this application")
            elif app.venture_id in declared_ventures[uid] or orgs & declared_orgs[uid]:
                reason = _("declared a relationship with the applicant")
            elif app.venture_id in reviewer_ventures[uid]:
                reason = _("is on the venture's team")
            elif orgs & reviewer_orgs[uid]:
                reason = _("is affiliated with the applicant's organization")
            if reason:
                found[(uid, app.pk)] = reason
    return found
