"""The demo network as plain data, composed deterministically from the JSON files (no Django).

Each venture concept is run in three centers under a local name ("Safi Water Kiosks – Amman");
people are composed from aligned first-name and family-name lists of the center's region.
"""

from __future__ import annotations

import random
import unicodedata
from datetime import date
from typing import Any

from markaz.demo.datafiles import load, load_names, load_series

STAGES = ("idea", "prototype", "pilot", "scaling", "sustained")
FOUNDED_YEARS = {
    "idea": (2023, 2024),
    "prototype": (2022, 2024),
    "pilot": (2021, 2023),
    "scaling": (2018, 2021),
    "sustained": (2012, 2017),
}
PEOPLE_PER_CENTER = 40
# Where a center's visitors and residents from elsewhere come from (Lisbon's Mouraria has a
# large Bangladeshi community, Amman many Egyptian workers, and so on).
GUEST_GROUP = {
    "levant": "egypt",
    "egypt": "levant",
    "maghreb": "ghana",
    "east_africa": "ghana",
    "ghana": "east_africa",
    "bangladesh": "indonesia",
    "portugal": "bangladesh",
    "indonesia": "bangladesh",
}
GROUP_LANGUAGE = {
    "levant": "ar",
    "egypt": "ar",
    "maghreb": "ar",
    "east_africa": "sw",
    "ghana": "ak",
    "bangladesh": "bn",
    "portugal": "pt",
    "indonesia": "id",
}
ADVISOR_SECTORS = {"academia", "private", "international", "philanthropy"}


def ascii_slug(text: str, sep: str = "-") -> str:
    """'João Gonçalo' -> 'joao-goncalo'; for e-mail addresses and example domains."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = "".join(ch if ch.isalnum() else " " for ch in plain.lower()).split()
    return sep.join(words)


def _localize(text: str, city: str) -> str:
    return text.replace("{city}", city)


def venture_instances(concepts: list[dict], centers: dict[str, dict]) -> list[dict[str, Any]]:
    """One venture per (concept, center), with stage, founding date and visibility spread out."""
    out = []
    for ci, concept in enumerate(concepts):
        for ii, slug in enumerate(concept["centers"]):
            center = centers[slug]
            stage = STAGES[(ci + 2 * ii) % len(STAGES)]
            first, last = FOUNDED_YEARS[stage]
            year = first + (ci + ii) % (last - first + 1)
            mature = stage in ("scaling", "sustained")
            row = {
                "concept": concept["key"],
                "center": slug,
                "name_en": f"{concept['name_en']} – {center['city_en']}",
                "name_ar": f"{concept['name_ar']} – {center['city_ar']}",
                "stage": stage,
                "legal_form": concept["legal_form"],
                "goals": concept["goals"],
                "targets": concept["targets"],
                "is_public": (ci + ii) % 3 == 0,
                "country": center["country"],
                "city": center["city_en"],
                "founded_on": date(year, (ci * 5 + ii * 3) % 12 + 1, 1 + (ci * 7 + ii) % 28),
                "website": (
                    f"https://{concept['key']}-{ascii_slug(center['city_en'])}.example"
                    if mature
                    else ""
                ),
            }
            for field in ("problem", "solution", "beneficiaries"):
                row[f"{field}_en"] = _localize(concept[f"{field}_en"], center["city_en"])
                row[f"{field}_ar"] = _localize(concept[f"{field}_ar"], center["city_ar"])
            out.append(row)
    return out


def _host(url: str) -> str:
    return url.split("://", 1)[-1].split("/", 1)[0]


def people_for_center(
    center: dict, orgs: list[dict], *, reserved: set[str], count: int = PEOPLE_PER_CENTER
) -> list[dict[str, Any]]:
    """`count` people with unique English names, affiliations (org name_en) and contact data."""
    names, vocab = load_names(), load("vocab")
    rng = random.Random(f"demo-people:{center['slug']}")
    index = orgs_by_name(orgs)
    home = center["names"]
    people: list[dict[str, Any]] = []
    taken = set(reserved)
    while len(people) < count:
        i = len(people)
        group = GUEST_GROUP[home] if i % 7 == 6 else home
        pool = names[group]
        first = rng.choice(pool["female"] if i % 2 == 0 else pool["male"])
        family = rng.choice(pool["family"])
        name_en = f"{first[0]} {family[0]}"
        if name_en in taken or first[0] == family[0]:
            continue
        taken.add(name_en)
        affiliations = []
        if rng.random() < 0.75:
            org = rng.choice(orgs)
            start = date(rng.randint(2014, 2023), rng.randint(1, 12), 1)
            title = rng.choice(vocab["titles"][org["sector"]])
            affiliations.append((org["name_en"], title, start, None))
            if rng.random() < 0.3:
                past = rng.choice([o for o in orgs if o is not org])
                begun = date(start.year - rng.randint(3, 6), rng.randint(1, 12), 1)
                ended = date(start.year - rng.randint(0, 1), rng.randint(1, 12), 1)
                ended = min(ended, start)
                past_title = rng.choice(vocab["titles"][past["sector"]])
                affiliations.append((past["name_en"], past_title, begun, ended))
        domain = (
            _host(index[affiliations[0][0]]["website"])
            if affiliations
            else rng.choice(vocab["mail_domains"])
        )
        languages = [GROUP_LANGUAGE[group], *center["languages"]]
        if rng.random() < 0.15:
            languages.append("fr")
        people.append(
            {
                "name_en": name_en,
                "name_ar": f"{first[1]} {family[1]}",
                "email": f"{ascii_slug(first[0], '')}.{ascii_slug(family[0], '')}@{domain}",
                "country": center["country"],
                "city": center["city_en"],
                "languages": list(dict.fromkeys(languages)),
                "expertise": rng.sample(vocab["expertise"], rng.choice((2, 3))),
                "affiliations": affiliations,
                "advisor": bool(affiliations)
                and index[affiliations[0][0]]["sector"] in ADVISOR_SECTORS,
            }
        )
    return people


def orgs_by_name(orgs: list[dict]) -> dict[str, dict]:
    return {org["name_en"]: org for org in orgs}


def team_for_center(
    slug: str, ventures: list[dict], people: list[dict], personas: list[dict]
) -> list[tuple[str, str, str, bool]]:
    """(venture name_en, person key, role, can_manage). Person keys are English names, or
    `user:<username>` for the demo logins. Every venture gets exactly one founder."""
    rng = random.Random(f"demo-team:{slug}")
    founders = {c: f"user:{p['username']}" for p in personas for c in p.get("founder_of", ())}
    advisors = {c: f"user:{p['username']}" for p in personas for c in p.get("advisor_of", ())}
    keys = [p["name_en"] for p in people]
    founder_pool = iter(keys[: len(ventures)])
    others = keys[len(ventures) :] or keys
    expert = [p["name_en"] for p in people if p["advisor"]] or keys
    rows: list[tuple[str, str, str, bool]] = []
    for venture in ventures:
        name, seen = venture["name_en"], set()

        def add(person: str, role: str, manage: bool, name=name, seen=seen) -> None:
            if person not in seen:
                seen.add(person)
                rows.append((name, person, role, manage))

        own = next(founder_pool)
        if venture["concept"] in founders:
            add(founders[venture["concept"]], "founder", True)
            add(own, "co_founder", True)
        else:
            add(own, "founder", True)
            if rng.random() < 0.5:
                add(rng.choice(others), "co_founder", True)
        add(rng.choice(others), "member", False)
        if venture["concept"] in advisors:
            add(advisors[venture["concept"]], "advisor", False)
        elif rng.random() < 0.4:
            add(rng.choice(expert), "advisor", False)
    return rows


def demo_plan() -> dict[str, Any]:
    """Everything seed_demo writes, keyed by center slug where it belongs to one."""
    centers = load("centers")
    by_slug = {c["slug"]: c for c in centers}
    orgs = load("organizations")
    personas = load("logins")
    ventures = venture_instances(load_series("ventures"), by_slug)
    people, team = {}, {}
    for center in centers:
        slug = center["slug"]
        mine = [p for p in personas if p["center"] == slug]
        reserved = {f"{p['first_name']} {p['last_name']}" for p in mine}
        people[slug] = people_for_center(center, orgs[slug], reserved=reserved)
        here = [v for v in ventures if v["center"] == slug]
        team[slug] = team_for_center(slug, here, people[slug], mine)
    return {
        "networks": load("networks"),
        "centers": centers,
        "organizations": orgs,
        "personas": personas,
        "ventures": ventures,
        "people": people,
        "team": team,
    }
