"""Pages of impact: catalog, periods, logic models, reports, review, SROI and import."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from markaz.core.web import apply_service_errors, center_view, forbid_unless, paginate
from markaz.impact import permissions as perms
from markaz.impact import selectors, services, sroi
from markaz.impact.forms import (
    AttachForm,
    BaselineForm,
    IndicatorForm,
    OutcomeFormSet,
    PeriodForm,
    ReportForm,
    SroiForm,
    StepForm,
    TargetForm,
)
from markaz.impact.models import Level, ReportStatus


def _flash(request, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


@center_view()
def home(request):
    scope, center = request.scope, request.center
    ventures = selectors.impact_ventures_for(scope, center).annotate(
        verified=Count("impact_reports", filter=Q(impact_reports__status=ReportStatus.VERIFIED)),
        pending=Count("impact_reports", filter=Q(impact_reports__status=ReportStatus.SUBMITTED)),
    )
    return render(request, "impact/home.html", {
        "ventures": ventures,
        "can_manage": perms.can_manage_impact(scope, center),
        "programs": selectors.programs_for(scope, center)
        if perms.can_manage_impact(scope, center) else [],
        "is_funder": selectors.is_funder_here(scope, center),
        "pending": selectors.reports_for(scope, center).filter(
            status=ReportStatus.SUBMITTED).count(),
    })  # fmt: skip


# -- catalog ----------------------------------------------------------------------------------


@center_view()
def indicator_list(request):
    qs = selectors.indicators_for(request.scope, request.center)
    return render(request, "impact/indicator_list.html", {
        "page": paginate(request, qs),
        "can_manage": perms.can_manage_impact(request.scope, request.center),
    })  # fmt: skip


def _indicator_form(request, indicator=None):
    forbid_unless(perms.can_manage_impact(request.scope, request.center))
    form = IndicatorForm(request.POST or None, instance=indicator)
    if request.method == "POST" and form.is_valid():
        targets = list(form.cleaned_data["sdg_targets"])
        try:
            if indicator is None:
                indicator = services.create_indicator(
                    scope=request.scope, center=request.center, data=form.service_data(),
                    sdg_targets=targets,
                )  # fmt: skip
            else:
                services.update_indicator(
                    scope=request.scope, indicator=indicator, data=form.service_data(),
                    sdg_targets=targets,
                )  # fmt: skip
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Indicator saved."))
            return redirect("impact-indicator-detail", center=request.center.slug, pk=indicator.pk)
    title = _("New indicator") if indicator is None else _("Edit indicator")
    return render(request, "impact/form.html", {"form": form, "title": title})


@center_view()
def indicator_create(request):
    return _indicator_form(request)


@center_view()
def indicator_edit(request, pk: int):
    return _indicator_form(request, selectors.get_indicator_for(request.scope, request.center, pk))


@center_view()
def indicator_detail(request, pk: int):
    indicator = selectors.get_indicator_for(request.scope, request.center, pk)
    return render(request, "impact/indicator_detail.html", {
        "indicator": indicator,
        "targets": indicator.sdg_targets.select_related("goal"),
        "can_manage": perms.can_manage_impact(request.scope, request.center),
    })  # fmt: skip


# -- periods ----------------------------------------------------------------------------------


@center_view()
def period_list(request):
    can_manage = perms.can_manage_impact(request.scope, request.center)
    form = PeriodForm(request.POST or None)
    if request.method == "POST":
        forbid_unless(can_manage)
        if form.is_valid():
            try:
                services.create_period(
                    scope=request.scope, center=request.center, data=form.cleaned_data
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Reporting period added."))
                return redirect("impact-period-list", center=request.center.slug)
    return render(request, "impact/period_list.html", {
        "periods": selectors.periods_for(request.scope, request.center),
        "form": form, "can_manage": can_manage,
    })  # fmt: skip


# -- a venture: logic model, indicators, targets, reports -------------------------------------


def _venture_context(request, venture):
    step_qs = selectors.steps_of(venture)
    steps = list(step_qs)
    vis = selectors.venture_indicators(venture)
    periods = selectors.periods_for(request.scope, request.center)
    can_edit = perms.can_report_for(request.scope, venture)
    return {
        "venture": venture,
        "levels": [
            (level, label, [s for s in steps if s.level == level]) for level, label in Level.choices
        ],
        "venture_indicators": vis,
        "reports": selectors.reports_for(request.scope, request.center).filter(venture=venture),
        "sroi": selectors.sroi_for(request.scope, request.center).filter(venture=venture),
        "can_edit": can_edit,
        "step_form": StepForm(steps=step_qs, prefix="step") if can_edit else None,
        "attach_form": AttachForm(
            indicators=selectors.indicators_for(request.scope, request.center).filter(
                is_active=True
            ),
            steps=step_qs.filter(level__in=[Level.OUTPUT, Level.OUTCOME]),
            prefix="ind",
        )
        if can_edit
        else None,
        "target_form": TargetForm(venture_indicators=vis, periods=periods, prefix="tgt")
        if can_edit
        else None,
    }


@center_view()
def venture_detail(request, pk: int):
    from markaz.impact.views_dashboards import venture_board_context

    venture = selectors.get_impact_venture_for(request.scope, request.center, pk)
    context = _venture_context(request, venture)
    context.update(venture_board_context(request, venture))
    return render(request, "impact/venture.html", context)


@center_view()
@require_POST
def venture_step(request, pk: int):
    venture = selectors.get_impact_venture_for(request.scope, request.center, pk)
    forbid_unless(perms.can_report_for(request.scope, venture))
    form = StepForm(request.POST, steps=selectors.steps_of(venture), prefix="step")
    if form.is_valid():
        try:
            services.add_step(scope=request.scope, venture=venture, data=form.cleaned_data)
            messages.success(request, _("Step added to the logic model."))
        except ValidationError as exc:
            _flash(request, exc)
    else:
        messages.error(request, _("Check the step: level and text are required."))
    return redirect("impact-venture", center=request.center.slug, pk=venture.pk)


@center_view()
def step_edit(request, pk: int, impact_step: int):
    """Edit one step of the logic model (its level, texts in both languages, where it leads)."""
    venture = selectors.get_impact_venture_for(request.scope, request.center, pk)
    step = selectors.get_step_for(request.scope, request.center, venture, impact_step)
    forbid_unless(perms.can_report_for(request.scope, venture))
    others = selectors.steps_of(venture).exclude(pk=step.pk)
    form = StepForm(request.POST or None, instance=step, steps=others)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_step(scope=request.scope, step=step, data=form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Step saved."))
            return redirect("impact-venture", center=request.center.slug, pk=venture.pk)
    return render(request, "impact/form.html", {"form": form, "title": _("Edit the step")})


@center_view()
@require_POST
def step_delete(request, pk: int, impact_step: int):
    venture = selectors.get_impact_venture_for(request.scope, request.center, pk)
    step = selectors.get_step_for(request.scope, request.center, venture, impact_step)
    forbid_unless(perms.can_report_for(request.scope, venture))
    services.remove_step(scope=request.scope, step=step)
    messages.success(request, _("Step removed from the logic model."))
    return redirect("impact-venture", center=request.center.slug, pk=venture.pk)


@center_view()
def venture_indicator_edit(request, pk: int, impact_vi: int):
    """The outcome an indicator measures and its baseline."""
    venture = selectors.get_impact_venture_for(request.scope, request.center, pk)
    vi = selectors.get_visible_venture_indicator(venture, impact_vi)
    forbid_unless(perms.can_report_for(request.scope, venture))
    steps = selectors.steps_of(venture).filter(level__in=[Level.OUTPUT, Level.OUTCOME])
    form = BaselineForm(request.POST or None, instance=vi, steps=steps)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_venture_indicator(
                scope=request.scope, venture_indicator=vi, data=form.cleaned_data
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Baseline saved."))
            return redirect("impact-venture", center=request.center.slug, pk=venture.pk)
    title = _("Outcome and baseline of %(name)s") % {"name": vi.indicator.name}
    return render(request, "impact/form.html", {"form": form, "title": title})


@center_view()
@require_POST
def venture_attach(request, pk: int):
    venture = selectors.get_impact_venture_for(request.scope, request.center, pk)
    forbid_unless(perms.can_report_for(request.scope, venture))
    form = AttachForm(
        request.POST, prefix="ind",
        indicators=selectors.indicators_for(request.scope, request.center),
        steps=selectors.steps_of(venture),
    )  # fmt: skip
    if form.is_valid():
        try:
            services.attach_indicator(scope=request.scope, venture=venture, data=form.cleaned_data)
            messages.success(request, _("Indicator added."))
        except ValidationError as exc:
            _flash(request, exc)
    else:
        messages.error(request, _("Choose an indicator."))
    return redirect("impact-venture", center=request.center.slug, pk=venture.pk)


@center_view()
@require_POST
def venture_target(request, pk: int):
    venture = selectors.get_impact_venture_for(request.scope, request.center, pk)
    forbid_unless(perms.can_report_for(request.scope, venture))
    form = TargetForm(
        request.POST, prefix="tgt", venture_indicators=selectors.venture_indicators(venture),
        periods=selectors.periods_for(request.scope, request.center),
    )  # fmt: skip
    if form.is_valid():
        try:
            services.set_target(scope=request.scope, **form.cleaned_data)
            messages.success(request, _("Target saved."))
        except ValidationError as exc:
            _flash(request, exc)
    else:
        messages.error(request, _("Choose an indicator and a period, and give a number."))
    return redirect("impact-venture", center=request.center.slug, pk=venture.pk)


@center_view()
def venture_report(request, pk: int):
    venture = selectors.get_impact_venture_for(request.scope, request.center, pk)
    forbid_unless(perms.can_report_for(request.scope, venture))
    periods = selectors.periods_for(request.scope, request.center)
    if not perms.can_manage_impact(request.scope, request.center):
        periods = periods.filter(is_open=True)
    form = ReportForm(
        request.POST or None, venture_indicators=selectors.venture_indicators(venture),
        periods=periods, initial={"period": request.GET.get("period")},
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            report = services.submit_report(
                scope=request.scope, venture=venture, period=form.cleaned_data["period"],
                values=form.values(), beneficiaries=form.beneficiary_ids(),
                reason=form.cleaned_data.get("reason", ""),
            )  # fmt: skip
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Report submitted for verification."))
            return redirect("impact-report-detail", center=request.center.slug, pk=report.pk)
    return render(request, "impact/report_form.html", {"form": form, "venture": venture})


@center_view()
def sroi_create(request, pk: int):
    venture = selectors.get_impact_venture_for(request.scope, request.center, pk)
    forbid_unless(perms.can_report_for(request.scope, venture))
    return _sroi_form(request, venture=venture)


def _sroi_form(request, *, venture=None, program=None):
    form = SroiForm(request.POST or None, prefix="sroi")
    outcomes = OutcomeFormSet(request.POST or None, prefix="out")
    if request.method == "POST" and form.is_valid() and outcomes.is_valid():
        rows = [f.cleaned_data for f in outcomes.forms if f.has_changed() and f.cleaned_data]
        try:
            analysis = services.create_sroi(
                scope=request.scope, venture=venture, program=program, data=form.cleaned_data,
                outcomes=rows,
            )  # fmt: skip
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            return redirect("impact-sroi-detail", center=request.center.slug, pk=analysis.pk)
    return render(request, "impact/sroi_form.html", {
        "form": form, "outcomes": outcomes, "venture": venture, "program": program,
    })  # fmt: skip


@center_view()
def program_sroi_create(request, pk: int):
    """An SROI analysis of a whole program (staff)."""
    forbid_unless(perms.can_manage_impact(request.scope, request.center))
    program = selectors.get_program_for(request.scope, request.center, pk)
    return _sroi_form(request, program=program)


@center_view()
def sroi_detail(request, pk: int):
    analysis = selectors.get_sroi_for(request.scope, request.center, pk)
    rows, result, table = sroi.analyse(analysis)
    return render(request, "impact/sroi_detail.html", {
        "analysis": analysis, "result": result,
        "rows": list(zip(rows, result.by_outcome, strict=True)),
        "sensitivity": [(sensitivity_labels().get(k, k), r) for k, r in table],
    })  # fmt: skip


def sensitivity_labels() -> dict[str, str]:
    return {
        "base": _("As entered"),
        "deadweight_up": _("Deadweight +10 points"),
        "deadweight_down": _("Deadweight −10 points"),
        "attribution_up": _("Attribution +10 points"),
        "attribution_down": _("Attribution −10 points"),
        "displacement_up": _("Displacement +10 points"),
        "drop_off_up": _("Drop-off +10 points"),
        "proxy_down": _("Financial proxies −20 %"),
        "proxy_up": _("Financial proxies +20 %"),
        "discount_up": _("Discount rate +2 points"),
        "discount_down": _("Discount rate −2 points"),
    }
