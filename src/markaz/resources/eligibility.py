"""Data-driven eligibility: a resource holds rules; a venture must meet all of them.

Rules are one JSON object keyed by kind, e.g. `{"stages": ["pilot", "scaling"], "public": true}`:

- `stages`: the venture's stage is one of `values`;
- `sdg_goals`: the venture works on at least one of the SDG goal numbers in `values`;
- `legal_forms`: the venture's legal form is one of `values`;
- `cohorts`: the venture belongs to at least one of the cohorts (ids) in `values`, as told by
  the programs app (`markaz.programs.selectors.cohort_ids_of_venture`);
- `public`: the venture's profile is public.

`refusals(rules, facts)` returns one explained message per rule not met (empty: eligible), so
pages and the API can say why, not only that, a venture cannot use an item.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

RULE_KINDS = ("stages", "sdg_goals", "legal_forms", "cohorts", "public")


@dataclass(frozen=True)
class Facts:
    stage: str = ""
    legal_form: str = ""
    sdg_goals: frozenset[int] = field(default_factory=frozenset)
    cohorts: frozenset[int] = field(default_factory=frozenset)
    is_public: bool = False


def validate_rules(rules) -> dict:
    """Raise ValueError with a readable message when rules are not well formed."""
    if not isinstance(rules, dict):
        raise ValueError(_("Eligibility rules must be an object keyed by rule."))
    for kind, values in rules.items():
        if kind not in RULE_KINDS:
            raise ValueError(
                _("Each rule needs a kind among: %(kinds)s.") % {"kinds": ", ".join(RULE_KINDS)}
            )
        if kind == "public":
            if not isinstance(values, bool):
                raise ValueError(_("The rule “public” is true or false."))
            continue
        if not isinstance(values, list) or not values:
            raise ValueError(_("The rule “%(rule)s” needs a list of values.") % {"rule": kind})
        if kind in ("sdg_goals", "cohorts") and not all(isinstance(v, int) for v in values):
            raise ValueError(_("The rule “%(rule)s” takes numbers.") % {"rule": kind})
    return rules


def _labels(values: Iterable, choices: dict[str, str]) -> str:
    return ", ".join(str(choices.get(v, v)) for v in values)


def refusals(rules: dict, facts: Facts) -> list[str]:
    from markaz.ventures.models import LegalForm, Stage

    stages, forms = dict(Stage.choices), dict(LegalForm.choices)
    out = []
    for kind, values in (rules or {}).items():
        if kind == "stages" and facts.stage not in values:
            out.append(
                _("Open to ventures at these stages: %(wanted)s (this venture: %(actual)s).")
                % {"wanted": _labels(values, stages), "actual": stages.get(facts.stage, "—")}
            )
        elif kind == "legal_forms" and facts.legal_form not in values:
            out.append(
                _("Open to these legal forms: %(wanted)s (this venture: %(actual)s).")
                % {"wanted": _labels(values, forms), "actual": forms.get(facts.legal_form, "—")}
            )
        elif kind == "sdg_goals" and not facts.sdg_goals & set(values):
            out.append(
                _("Open to ventures working on SDGs %(wanted)s.")
                % {"wanted": ", ".join(str(v) for v in sorted(values))}
            )
        elif kind == "cohorts" and not facts.cohorts & set(values):
            out.append(_("Open to ventures in the center's eligible cohorts only."))
        elif kind == "public" and values and not facts.is_public:
            out.append(_("Open to ventures with a public profile only."))
    return out


def describe(rules: dict) -> list[str]:
    """Each rule as a sentence, for the catalog."""
    from markaz.ventures.models import LegalForm, Stage

    out = []
    for kind, values in (rules or {}).items():
        if kind == "stages":
            out.append(_("Stages: %(v)s") % {"v": _labels(values, dict(Stage.choices))})
        elif kind == "legal_forms":
            out.append(_("Legal forms: %(v)s") % {"v": _labels(values, dict(LegalForm.choices))})
        elif kind == "sdg_goals":
            out.append(_("Works on SDGs: %(v)s") % {"v": ", ".join(map(str, sorted(values)))})
        elif kind == "cohorts":
            out.append(_("Members of eligible cohorts"))
        elif kind == "public" and values:
            out.append(_("Ventures with a public profile"))
    return out


def facts_of(venture) -> Facts:
    """What the rules look at, for one venture (a few small queries)."""
    from markaz.programs.selectors import cohort_ids_of_venture

    return Facts(
        stage=venture.stage,
        legal_form=venture.legal_form or "",
        sdg_goals=frozenset(venture.sdg_goals.values_list("pk", flat=True)),
        cohorts=frozenset(cohort_ids_of_venture(venture)),
        is_public=venture.is_public,
    )
