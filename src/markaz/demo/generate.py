"""Network-scale data for benchmarks: `markaz generate --scale N --seed S`.

One scale unit is 5 centers with 500 organizations, 1,000 ventures and 3,000 people, plus
3 staff logins per center (`gen<seed>-staff-<n>`, password `markaz-demo`), affiliations, venture
teams and SDG goals and targets. Center slugs are `gen-<seed>-<n>`; centers that already exist
are skipped whole (each batch of centers is written in one transaction), so re-running with the
same seed creates nothing and a larger scale extends the same network.
"""

from __future__ import annotations

import time
from collections import Counter
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from markaz.core.models import Center, Membership, Network
from markaz.demo.gen_plan import CENTERS_PER_UNIT, CenterPlan, center_slug, plan_center
from markaz.demo.progress import progress_bar
from markaz.demo.seed_steps import DEMO_PASSWORD
from markaz.stakeholders.models import Affiliation, Organization, Person
from markaz.ventures.models import TeamMember, Venture

BATCH = 2000
CENTERS_PER_TRANSACTION = 5


def generate_network(*, scale: int, seed: int = 1, progress: bool = False) -> dict[str, Any]:
    """Create the missing generated centers of `seed` up to `scale`; returns counts created."""
    from markaz.core.audit import record

    if scale < 1:
        raise ValueError("scale must be 1 or more")
    started = time.perf_counter()
    wanted = [center_slug(seed, n) for n in range(1, scale * CENTERS_PER_UNIT + 1)]
    existing = set(Center.objects.filter(slug__in=wanted).values_list("slug", flat=True))
    todo = [n for n, slug in enumerate(wanted, start=1) if slug not in existing]
    created: Counter[str] = Counter()
    if todo:
        network = _network(seed, created)
        password = make_password(DEMO_PASSWORD)  # hashed once: argon2 per user is far too slow
        with progress_bar(progress, total=len(todo), title=f"Generating seed {seed}") as advance:
            for i in range(0, len(todo), CENTERS_PER_TRANSACTION):
                chunk = todo[i : i + CENTERS_PER_TRANSACTION]
                with transaction.atomic():
                    _write([plan_center(seed, n) for n in chunk], network, password, created)
                advance(f"{created['ventures']:,} ventures", len(chunk))
        record(
            action="demo.network.generated",
            object_type="demo.network",
            changes={"seed": seed, "scale": scale, "created": dict(created)},
        )
    return {
        "seed": seed,
        "scale": scale,
        "skipped_centers": len(existing),
        **{k: created[k] for k in COUNT_KEYS},
        "seconds": round(time.perf_counter() - started, 1),
    }


COUNT_KEYS = (
    "centers",
    "organizations",
    "people",
    "ventures",
    "users",
    "memberships",
    "affiliations",
    "team_members",
    "venture_goals",
    "venture_targets",
)


def _network(seed: int, created: Counter[str]) -> Network:
    network, new = Network.objects.get_or_create(
        slug=f"gen-{seed}-network",
        defaults={
            "kind": "global",
            "name_en": f"Generated network (seed {seed})",
            "name_ar": f"الشبكة المولَّدة (البذرة {seed})",
        },
    )
    created["networks"] += new
    return network


def _bulk(model, rows: list, created: Counter[str], label: str) -> list:
    objs = model.objects.bulk_create(rows, batch_size=BATCH)
    created[label] += len(objs)
    return objs


def _write(plans: list[CenterPlan], network: Network, password: str, created: Counter) -> None:
    centers = _bulk(Center, [Center(**p.center) for p in plans], created, "centers")
    Center.networks.through.objects.bulk_create(
        Center.networks.through(center_id=c.pk, network_id=network.pk) for c in centers
    )
    Center.focus_sdgs.through.objects.bulk_create(
        Center.focus_sdgs.through(center_id=c.pk, goal_id=g)
        for c, p in zip(centers, plans, strict=True)
        for g in p.focus_sdgs
    )
    _staff(plans, centers, password, created)
    orgs, people, ventures = [], [], []
    for c, p in zip(centers, plans, strict=True):
        orgs.append([Organization(center_id=c.pk, **o) for o in p.orgs])
        people.append([Person(center_id=c.pk, **x) for x in p.people])
        ventures.append([Venture(center_id=c.pk, **v) for v in p.ventures])
    _bulk(Organization, [o for group in orgs for o in group], created, "organizations")
    _bulk(Person, [x for group in people for x in group], created, "people")
    _bulk(Venture, [v for group in ventures for v in group], created, "ventures")
    goals, targets, affiliations, team = [], [], [], []
    goal_row, target_row = Venture.sdg_goals.through, Venture.sdg_targets.through
    for p, o, x, v in zip(plans, orgs, people, ventures, strict=True):
        for vi, numbers, codes in p.sdgs:
            goals += [goal_row(venture_id=v[vi].pk, goal_id=g) for g in numbers]
            targets += [target_row(venture_id=v[vi].pk, target_id=t) for t in codes]
        affiliations += [
            Affiliation(
                person_id=x[pi].pk, organization_id=o[oi].pk, title=t, starts_on=s, ends_on=e
            )
            for pi, oi, t, s, e in p.affiliations
        ]
        team += [
            TeamMember(venture_id=v[vi].pk, person_id=x[pi].pk, role=r, can_manage=m)
            for vi, pi, r, m in p.team
        ]
    _bulk(goal_row, goals, created, "venture_goals")
    _bulk(target_row, targets, created, "venture_targets")
    _bulk(Affiliation, affiliations, created, "affiliations")
    _bulk(TeamMember, team, created, "team_members")


def _staff(plans: list[CenterPlan], centers: list[Center], password: str, created) -> None:
    user_model = get_user_model()
    names = [u for p in plans for u, _role in p.staff]
    have = dict(user_model.objects.filter(username__in=names).values_list("username", "pk"))
    new = [
        user_model(username=u, email=f"{u}@gen.example", password=password)
        for u in names
        if u not in have
    ]
    have.update((u.username, u.pk) for u in _bulk(user_model, new, created, "users"))
    _bulk(
        Membership,
        [
            Membership(user_id=have[u], center_id=c.pk, role=role)
            for c, p in zip(centers, plans, strict=True)
            for u, role in p.staff
        ],
        created,
        "memberships",
    )
