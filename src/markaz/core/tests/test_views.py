from django.urls import reverse

from markaz.core.models import AuditEntry, Membership


def test_anonymous_home_lists_the_network_and_signed_in_home_lists_my_centers(
    client, center_a, center_b, staff_a
):
    page = client.get("/en/").content.decode()
    assert "Amal Hub" in page and "Baobab Lab" in page
    client.force_login(staff_a)
    page = client.get("/en/").content.decode()
    assert "Amal Hub" in page and "Baobab Lab" not in page


def test_pages_carry_lang_and_dir_for_each_language(client, center_a, staff_a):
    client.force_login(staff_a)
    ar = client.get(f"/ar/c/{center_a.slug}/").content.decode()
    en = client.get(f"/en/c/{center_a.slug}/").content.decode()
    assert '<html lang="ar" dir="rtl">' in ar and "مركز أمل" in ar
    assert '<html lang="en" dir="ltr">' in en and "Amal Hub" in en


def _meta_line(page: str) -> str:
    """The dashboard's header line: city, country, region, kind."""
    return page.split('<p class="meta">', 1)[1].split("</p>", 1)[0]


def test_the_dashboard_shows_the_city_in_the_page_language(client, center_a, staff_a):
    client.force_login(staff_a)
    ar = _meta_line(client.get(f"/ar/c/{center_a.slug}/").content.decode())
    en = _meta_line(client.get(f"/en/c/{center_a.slug}/").content.decode())
    assert ar.startswith("عمّان،") and "Amman" not in ar
    assert en.startswith("Amman,") and "عمّان" not in en


def test_a_city_without_an_arabic_name_shows_in_english_on_arabic_pages(client, center_a, staff_a):
    center_a.city_ar = ""
    center_a.save()
    client.force_login(staff_a)
    ar = _meta_line(client.get(f"/ar/c/{center_a.slug}/").content.decode())
    assert ar.startswith("Amman")


def test_the_center_form_edits_both_cities_each_in_its_own_direction(client, center_a, admin_a):
    client.force_login(admin_a)
    form = client.get(reverse("center-settings", kwargs={"center": center_a.slug})).context["form"]
    assert form["city_ar"].field.widget.attrs | {"lang": "ar", "dir": "rtl"} == (
        form["city_ar"].field.widget.attrs
    )
    assert form["city_en"].field.widget.attrs["dir"] == "ltr"
    assert 'value="عمّان"' in str(form["city_ar"])


def test_the_language_switch_keeps_the_page(client, center_a, staff_a):
    client.force_login(staff_a)
    response = client.post(
        "/i18n/setlang/", {"language": "ar", "next": f"/en/c/{center_a.slug}/ventures/?stage=idea"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/ar/c/{center_a.slug}/ventures/?stage=idea"


def test_dashboard_counts_what_the_user_may_see(client, center_a, staff_a, reviewer_a, venture_a):
    client.force_login(staff_a)
    assert (
        client.get(reverse("dashboard", kwargs={"center": center_a.slug})).context["counts"][
            "ventures"
        ]
        == 1
    )
    client.force_login(reviewer_a)
    assert (
        client.get(reverse("dashboard", kwargs={"center": center_a.slug})).context["counts"][
            "ventures"
        ]
        == 0
    )


def test_dashboard_query_count_does_not_grow_with_data(
    client, center_a, staff_a, django_assert_max_num_queries
):
    from markaz.stakeholders.factories import OrganizationFactory
    from markaz.ventures.factories import VentureFactory

    client.force_login(staff_a)
    url = reverse("dashboard", kwargs={"center": center_a.slug})
    for v in VentureFactory.create_batch(30, center=center_a):
        v.sdg_goals.set([3, 4])
    OrganizationFactory.create_batch(30, center=center_a)
    with django_assert_max_num_queries(16):
        assert client.get(url).status_code == 200


def test_admin_adds_and_removes_members_but_keeps_the_last_admin(
    client, center_a, admin_a, stranger
):
    client.force_login(admin_a)
    url = reverse("members", kwargs={"center": center_a.slug})
    client.post(url, {"user": "stranger@example.org", "role": "reviewer"})
    added = Membership.objects.get(user=stranger, center=center_a)
    assert added.role == "reviewer"
    unknown = client.post(url, {"user": "nobody", "role": "staff"})
    assert "No user with this username or email." in unknown.content.decode()
    own = Membership.objects.get(user=admin_a, role="admin")
    client.post(reverse("remove-member", kwargs={"center": center_a.slug, "pk": own.pk}))
    assert Membership.objects.filter(pk=own.pk).exists()
    client.post(reverse("remove-member", kwargs={"center": center_a.slug, "pk": added.pk}))
    assert not Membership.objects.filter(pk=added.pk).exists()


def test_staff_see_members_but_cannot_change_them(client, center_a, staff_a, stranger):
    client.force_login(staff_a)
    url = reverse("members", kwargs={"center": center_a.slug})
    assert client.get(url).status_code == 200
    client.post(url, {"user": "stranger", "role": "admin"})
    assert not Membership.objects.filter(user=stranger).exists()


def test_admin_filters_the_audit_log(client, center_a, admin_a, staff_a):
    from markaz.core import audit

    audit.record(action="ventures.venture.created", actor=staff_a, center=center_a)
    audit.record(action="stakeholders.person.updated", actor=admin_a, center=center_a)
    client.force_login(admin_a)
    url = reverse("audit", kwargs={"center": center_a.slug})
    page = client.get(url, {"action": "venture"})
    assert [e.action for e in page.context["page"]] == ["ventures.venture.created"]
    page = client.get(url, {"actor": "admin_a"})
    assert [e.action for e in page.context["page"]] == ["stakeholders.person.updated"]
    bad = client.get(url, {"since": "not-a-date"})
    assert bad.status_code == 200 and "since" in bad.context["form"].errors


def test_center_admin_edits_center_settings(client, center_a, admin_a):
    client.force_login(admin_a)
    response = client.post(
        reverse("center-settings", kwargs={"center": center_a.slug}),
        _settings_form(
            city_en="Zarqa", city_ar="الزرقاء", kind="university", focus_sdgs=["4", "6"]
        ),
    )
    assert response.status_code == 302
    center_a.refresh_from_db()
    assert (center_a.city_en, center_a.city_ar) == ("Zarqa", "الزرقاء")
    entry = AuditEntry.objects.get(action="core.center.updated")
    assert entry.changes["city_en"] == ["Amman", "Zarqa"]
    assert entry.changes["city_ar"] == ["عمّان", "الزرقاء"]
    assert entry.changes["focus_sdgs"] == [[], [4, 6]]


def test_password_reset_sends_a_mail_in_the_users_language(client, staff_a, mailoutbox):
    response = client.post("/ar/accounts/password_reset/", {"email": staff_a.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "/ar/accounts/reset/" in mailoutbox[0].body


def test_sign_in_with_a_wrong_password_shows_an_error(client, staff_a):
    response = client.post("/en/accounts/login/", {"username": "staff_a", "password": "nope"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


def _png():
    import base64

    return base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
    )


def _settings_form(**extra):
    return {"name_en": "Amal Hub", "name_ar": "مركز أمل", "country": "JO", "city_en": "Amman",
            "city_ar": "عمّان", "region": "mena", "kind": "non_profit", "timezone": "Asia/Amman",
            **extra}  # fmt: skip


def test_a_logo_is_checked_by_content_and_served_publicly(client, center_a, admin_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(admin_a)
    url = reverse("center-settings", kwargs={"center": center_a.slug})
    fake = SimpleUploadedFile("logo.png", b"<script>alert(1)</script>", "image/png")
    response = client.post(url, _settings_form(logo=fake))
    assert response.status_code == 200
    assert "This type of file is not accepted here." in response.content.decode()
    real = SimpleUploadedFile("logo.png", _png(), "image/png")
    assert client.post(url, _settings_form(logo=real)).status_code == 302
    client.logout()
    served = client.get(reverse("center-logo", kwargs={"slug": center_a.slug}))
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content) == _png()


def test_an_unknown_time_zone_is_refused(client, center_a, admin_a):
    client.force_login(admin_a)
    url = reverse("center-settings", kwargs={"center": center_a.slug})
    response = client.post(url, _settings_form(timezone="Mars/Olympus"))
    assert response.status_code == 200
    assert "timezone" in response.context["form"].errors


def test_the_django_admin_edits_both_cities_with_the_arabic_one_right_to_left(
    client, center_a, django_user_model
):
    import re

    operator = django_user_model.objects.create_superuser("operator", "op@example.org", "x")
    client.force_login(operator)
    page = client.get(reverse("admin:core_center_change", args=[center_a.pk])).content.decode()
    arabic = re.search(r"<input[^>]*name=\"city_ar\"[^>]*>", page).group(0)
    assert 'lang="ar"' in arabic and 'dir="rtl"' in arabic and 'value="عمّان"' in arabic
    assert re.search(r"<input[^>]*name=\"city_en\"[^>]*dir=\"ltr\"", page)
