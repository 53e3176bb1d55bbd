"""Pages for organizations, partnerships and people."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from markaz.core.access import STAFF_ROLES
from markaz.core.web import (
    apply_service_errors,
    center_view,
    forbid_unless,
    paginate,
    query_without_page,
)
from markaz.stakeholders import permissions as perms
from markaz.stakeholders import selectors, services
from markaz.stakeholders.forms import (
    AffiliationForm,
    OrganizationFilterForm,
    OrganizationForm,
    PartnershipForm,
    PersonFilterForm,
    PersonForm,
)


def _list_page(request, template, partial, page, form, **extra):
    context = {"page": page, "form": form, "query": query_without_page(request), **extra}
    return render(request, partial if request.htmx else template, context)


@center_view()
def organization_list(request):
    form = OrganizationFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.search_organizations(
        request.scope, request.center, q=filters.get("q", ""), sector=filters.get("sector", "")
    )
    return _list_page(
        request,
        "stakeholders/organization_list.html",
        "stakeholders/_organization_rows.html",
        paginate(request, qs),
        form,
        can_create=perms.can_manage_organizations(request.scope, request.center),
    )


@center_view()
def organization_detail(request, pk: int):
    center = request.center
    organization = selectors.get_organization_for(request.scope, center, pk)
    partnerships = selectors.partnerships_for(request.scope, center).filter(
        organization=organization
    )
    return render(
        request,
        "stakeholders/organization_detail.html",
        {
            "organization": organization,
            "partnerships": partnerships,
            "can_edit": perms.can_manage_organizations(request.scope, center),
            "can_partner": perms.can_manage_partnerships(request.scope, center),
        },
    )


@center_view(*STAFF_ROLES)
def organization_create(request):
    return _organization_form(request, None)


@center_view()
def organization_edit(request, pk: int):
    organization = selectors.get_organization_for(request.scope, request.center, pk)
    forbid_unless(perms.can_manage_organizations(request.scope, request.center))
    return _organization_form(request, organization)


def _organization_form(request, organization):
    form = OrganizationForm(request.POST or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        try:
            if organization is None:
                organization = services.create_organization(
                    scope=request.scope, center=request.center, data=form.cleaned_data
                )
            else:
                services.update_organization(
                    scope=request.scope, organization=organization, data=form.cleaned_data
                )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Organization saved."))
            return redirect("organization-detail", center=request.center.slug, pk=organization.pk)
    return render(
        request, "stakeholders/organization_form.html", {"form": form, "object": organization}
    )


@center_view(*STAFF_ROLES)
def partnership_create(request, pk: int):
    organization = selectors.get_organization_for(request.scope, request.center, pk)
    form = PartnershipForm(
        request.POST or None,
        request.FILES or None,
        organizations=selectors.organizations_for(request.scope, request.center),
        initial={"organization": organization},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.create_partnership(
                scope=request.scope, center=request.center, data=form.cleaned_data
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Partnership recorded."))
            return redirect("organization-detail", center=request.center.slug, pk=pk)
    return render(
        request,
        "stakeholders/partnership_form.html",
        {"form": form, "organization": organization},
    )


@center_view()
def person_list(request):
    form = PersonFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.search_people(request.scope, request.center, q=filters.get("q", ""))
    return _list_page(
        request,
        "stakeholders/person_list.html",
        "stakeholders/_person_rows.html",
        paginate(request, qs),
        form,
        can_create=perms.can_create_person(request.scope, request.center),
    )


@center_view()
def person_detail(request, pk: int):
    person = selectors.get_person_for(request.scope, request.center, pk)
    affiliations = person.affiliations.select_related("organization")
    ventures = person.team_roles.select_related("venture")
    return render(
        request,
        "stakeholders/person_detail.html",
        {
            "person": person,
            "affiliations": affiliations,
            "team_roles": ventures,
            "can_edit": perms.can_edit_person(request.scope, person),
            "show_private": perms.can_edit_person(request.scope, person),
        },
    )


@center_view(*STAFF_ROLES)
def person_create(request):
    return _person_form(request, None)


@center_view()
def person_edit(request, pk: int):
    person = selectors.get_person_for(request.scope, request.center, pk)
    forbid_unless(perms.can_edit_person(request.scope, person))
    return _person_form(request, person)


def _person_form(request, person, *, template="stakeholders/person_form.html"):
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            if person is None:
                person = services.create_person(
                    scope=request.scope, center=request.center, data=form.service_data()
                )
            else:
                services.update_person(scope=request.scope, person=person, data=form.service_data())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Profile saved."))
            return redirect("person-detail", center=person.center.slug, pk=person.pk)
    return render(request, template, {"form": form, "object": person})


@center_view()
def affiliation_create(request, pk: int):
    person = selectors.get_person_for(request.scope, request.center, pk)
    forbid_unless(perms.can_edit_person(request.scope, person))
    form = AffiliationForm(
        request.POST or None,
        organizations=selectors.organizations_for(request.scope, request.center),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.add_affiliation(scope=request.scope, person=person, data=form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Affiliation added."))
            return redirect("person-detail", center=request.center.slug, pk=pk)
    return render(request, "stakeholders/affiliation_form.html", {"form": form, "person": person})


@require_POST
@center_view()
def affiliation_remove(request, pk: int, affiliation_pk: int):
    person = selectors.get_person_for(request.scope, request.center, pk)
    affiliation = person.affiliations.filter(pk=affiliation_pk).first()
    if affiliation is None:
        raise Http404
    forbid_unless(perms.can_edit_person(request.scope, person))
    services.remove_affiliation(scope=request.scope, affiliation=affiliation)
    messages.success(request, _("Affiliation removed."))
    return redirect("person-detail", center=request.center.slug, pk=pk)


def edit_own_profile(request):
    person = selectors.own_person(request.scope)
    if person is None:
        return render(request, "stakeholders/no_profile.html")
    from markaz.core.tokens_selectors import tokens_of

    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_person(scope=request.scope, person=person, data=form.service_data())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Profile saved."))
            return redirect("me")
    return render(
        request,
        "stakeholders/me.html",
        {"form": form, "object": person, "tokens": tokens_of(request.scope)},
    )
