"""Deterministic plans for generated centers (no Django): what generate_network writes.

Center n of seed s depends only on (s, n), through its own `random.Random(f"{s}:{n}")`, so a
larger scale with the same seed extends the same network and a re-run can skip centers that
exist. Names are composed from word lists and the demo's venture concepts, in both languages.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from markaz.demo.compose import STAGES, ascii_slug
from markaz.demo.datafiles import load, load_names, load_series

CENTERS_PER_UNIT = 5
ORGS_PER_CENTER = 100
VENTURES_PER_CENTER = 200
PEOPLE_PER_CENTER = 600
STAFF_PER_CENTER = 3
SECTORS = (
    "government",
    "academia",
    "non_profit",
    "private",
    "social_enterprise",
    "community",
    "international",
    "philanthropy",
)
LEGAL_FORMS = ("non_profit", "social_business", "for_profit", "cooperative", "informal")
CENTER_KINDS = ("government", "non_profit", "university", "corporate", "independent")


@dataclass
class CenterPlan:
    n: int
    center: dict[str, Any]
    focus_sdgs: list[int]
    staff: list[tuple[str, str]]  # (username, role)
    orgs: list[dict[str, Any]]
    people: list[dict[str, Any]]
    ventures: list[dict[str, Any]]
    # (venture index, goal numbers, target codes)
    sdgs: list[tuple[int, list[int], list[str]]] = field(default_factory=list)
    # (person index, organization index, title, start, end)
    affiliations: list[tuple[int, int, str, date, date | None]] = field(default_factory=list)
    # (venture index, person index, role, can_manage)
    team: list[tuple[int, int, str, bool]] = field(default_factory=list)


def center_slug(seed: int, n: int) -> str:
    return f"gen-{seed}-{n}"


def staff_username(seed: int, number: int) -> str:
    return f"gen{seed}-staff-{number}"


@cache
def _words() -> dict[str, Any]:
    return {"words": load("gen_words"), "concepts": load_series("ventures"), "vocab": load("vocab")}


def _fill(template: str, **values: str) -> str:
    for key, value in values.items():
        template = template.replace("{" + key + "}", value)
    return template


def _date(rng: random.Random, first: int, last: int) -> date:
    return date(rng.randint(first, last), rng.randint(1, 12), rng.randint(1, 28))


def _unique(rng: random.Random, count: int, make) -> list:
    """`count` results of make(rng) with distinct first elements (English names)."""
    seen: set[str] = set()
    out = []
    while len(out) < count:
        item = make(rng)
        if item[0] not in seen:
            seen.add(item[0])
            out.append(item)
    return out


def plan_center(seed: int, n: int) -> CenterPlan:
    w = _words()
    words, concepts, vocab = w["words"], w["concepts"], w["vocab"]
    rng = random.Random(f"{seed}:{n}")
    city_en, city_ar, country, region, tz = rng.choice(words["cities"])
    brand = rng.choice(words["brands"])
    fmt = rng.choice(words["center_names"])
    slug = center_slug(seed, n)
    center = {
        "slug": slug,
        "name_en": f"{_fill(fmt[0], brand=brand[0])} – {city_en}",
        "name_ar": f"{_fill(fmt[1], brand=brand[1])} – {city_ar}",
        "description_en": _fill(words["center_descriptions"][0], city=city_en),
        "description_ar": _fill(words["center_descriptions"][1], city=city_ar),
        "country": country,
        "city_en": city_en,
        "city_ar": city_ar,
        "region": region,
        "kind": rng.choice(CENTER_KINDS),
        "founded_year": rng.randint(2005, 2023),
        "timezone": tz,
        "contact_email": f"hello@{slug}.example",
    }
    focus = sorted(rng.sample(range(1, 18), 4))
    first_staff = (n - 1) * STAFF_PER_CENTER + 1
    staff = [
        (staff_username(seed, first_staff + k), "admin" if k == 0 else "staff")
        for k in range(STAFF_PER_CENTER)
    ]

    def make_org(r: random.Random):
        sector = SECTORS[len(orgs_made) % len(SECTORS)]
        en, ar = r.choice(words["org_names"][sector])
        b, topic = r.choice(words["brands"]), r.choice(words["org_topics"])
        name_en = _fill(en, brand=b[0], topic=topic[0], city=city_en)
        name_ar = _fill(ar, brand=b[1], topic_ar=topic[1], city=city_ar)
        orgs_made.append(name_en)
        return name_en, name_ar, sector

    orgs_made: list[str] = []
    orgs = [
        {
            "name_en": en,
            "name_ar": ar,
            "sector": sector,
            "country": country,
            "website": f"https://{ascii_slug(en)[:50].strip('-')}.{slug}.example",
        }
        for en, ar, sector in _unique(rng, ORGS_PER_CENTER, make_org)
    ]
    people = _people(rng, words["region_names"][region], country, city_en, vocab, n)
    picks = rng.sample(range(len(concepts) * len(words["brands"])), VENTURES_PER_CENTER)
    plan = CenterPlan(n, center, focus, staff, orgs, people, [])
    for vi, pick in enumerate(picks):
        concept = concepts[pick % len(concepts)]
        b = words["brands"][pick // len(concepts)]
        plan.ventures.append(_venture(rng, concept, b, country, city_en, city_ar))
        goals = concept["goals"][: rng.randint(1, len(concept["goals"]))]
        targets = [t for t in concept["targets"] if int(t.split(".")[0]) in goals]
        plan.sdgs.append((vi, goals, targets))
    for pi, _person in enumerate(people):
        if rng.random() < 0.7:
            oi = rng.randrange(len(orgs))
            title = rng.choice(vocab["titles"][orgs[oi]["sector"]])
            plan.affiliations.append((pi, oi, title, _date(rng, 2012, 2024), None))
            if rng.random() < 0.15:
                past = (oi + 1 + rng.randrange(len(orgs) - 1)) % len(orgs)
                start = _date(rng, 2004, 2010)
                title = rng.choice(vocab["titles"][orgs[past]["sector"]])
                plan.affiliations.append((pi, past, title, start, _date(rng, 2011, 2011)))
    for vi in range(len(plan.ventures)):
        plan.team.append((vi, vi, "founder", True))  # a distinct founder per venture
        members = {vi}
        for role, chance, manage in (("co_founder", 0.4, True), ("member", 0.6, False)):
            pi = rng.randrange(len(people))
            if rng.random() < chance and pi not in members:
                members.add(pi)
                plan.team.append((vi, pi, role, manage))
        pi = rng.randrange(len(people))
        if rng.random() < 0.3 and pi not in members:
            plan.team.append((vi, pi, "advisor", False))
    return plan


def _people(rng, groups, country, city, vocab, n) -> list[dict[str, Any]]:
    names = load_names()
    people = []
    for i in range(PEOPLE_PER_CENTER):
        pool = names[rng.choice(groups)]
        first = rng.choice(pool["female"] if i % 2 else pool["male"])
        family = rng.choice(pool["family"])
        local = f"{ascii_slug(first[0], '')}.{ascii_slug(family[0], '')}.{i}"
        people.append(
            {
                "name_en": f"{first[0]} {family[0]}",
                "name_ar": f"{first[1]} {family[1]}",
                "email": f"{local}@c{n}.people.example",
                "country": country,
                "city": city,
                "languages": ["en", "ar"] if rng.random() < 0.3 else ["en"],
                "expertise": rng.sample(vocab["expertise"], 2),
            }
        )
    return people


def _venture(rng, concept, brand, country, city_en, city_ar) -> dict[str, Any]:
    stage = rng.choice(STAGES)
    row = {
        "name_en": _fill(concept["gen_en"], brand=brand[0]),
        "name_ar": _fill(concept["gen_ar"], brand=brand[1]),
        "stage": stage,
        "legal_form": concept["legal_form"] if rng.random() < 0.7 else rng.choice(LEGAL_FORMS),
        "is_public": rng.random() < 0.25,
        "country": country,
        "city": city_en,
        "founded_on": _date(rng, 2010, 2024),
    }
    for part in ("problem", "solution", "beneficiaries"):
        row[f"{part}_en"] = _fill(concept[f"{part}_en"], city=city_en)
        row[f"{part}_ar"] = _fill(concept[f"{part}_ar"], city=city_ar)
    return row
