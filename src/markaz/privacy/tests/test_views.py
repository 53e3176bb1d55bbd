import json

from django.urls import reverse

from markaz.core.access import scope_for
from markaz.privacy import services
from markaz.privacy.models import Consent, ErasureRequest, ErasureStatus


def _public(user, venture):
    from markaz.ventures import services as ventures

    ventures.update_venture(scope=scope_for(user), venture=venture, data={"is_public": True})
    return Consent.objects.get(venture=venture)


def test_my_data_page_and_download_in_both_languages(client, rich_innovator):
    client.force_login(rich_innovator["user"])
    for lang in ("en", "ar"):
        page = client.get(f"/{lang}/me/data/")
        assert page.status_code == 200
    assert "بياناتي" in page.content.decode()
    got = client.get(reverse("privacy-download"))
    assert got.status_code == 200 and "attachment" in got["Content-Disposition"]
    data = json.loads(got.content)
    assert data["parts"]["person"]["phone"] == "+962 7 9999 1234"


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for name in ("privacy-my-data", "privacy-download"):
        assert client.get(reverse(name)).status_code == 302


def test_asking_for_erasure_needs_the_password_and_can_be_cancelled(client, innovator_a):
    innovator_a.set_password("right horse battery")
    innovator_a.save()
    client.force_login(innovator_a)
    url = reverse("privacy-my-data")
    client.post(url, {"understood": "on", "password": "wrong"})
    assert not ErasureRequest.objects.exists()
    client.post(url, {"understood": "on", "password": "right horse battery"})
    request = ErasureRequest.objects.get(user=innovator_a)
    assert request.status == ErasureStatus.PENDING
    client.post(reverse("privacy-cancel-erasure"))
    request.refresh_from_db()
    assert request.status == ErasureStatus.CANCELLED


def test_nobody_withdraws_another_persons_consent(client, innovator_a, venture_a, staff_a,
                                                   outsider, mentor_a):  # fmt: skip
    consent = _public(innovator_a, venture_a)
    url = reverse("privacy-withdraw-consent", kwargs={"pk": consent.pk})
    for user in (mentor_a, outsider):
        client.force_login(user)
        assert client.post(url).status_code == 404
    consent.refresh_from_db()
    assert consent.is_active
    client.force_login(innovator_a)
    assert client.post(url).status_code == 302
    venture_a.refresh_from_db()
    assert not venture_a.is_public


def test_an_admin_confirms_erasure_from_the_center_page(client, rich_innovator, admin_a,
                                                        staff_a, center_a):  # fmt: skip
    request = services.request_erasure(scope=scope_for(rich_innovator["user"]))
    url = reverse("privacy-erasure-request", kwargs={"center": center_a.slug, "pk": request.pk})
    client.force_login(staff_a)
    listing = client.get(reverse("privacy-erasure-requests", kwargs={"center": center_a.slug}))
    assert f"#{request.pk}" in listing.content.decode()
    assert client.post(url, {"decision": "confirm"}).status_code == 403
    client.force_login(admin_a)
    for lang in ("en", "ar"):
        assert client.get(url.replace("/en/", f"/{lang}/")).status_code == 200
    assert client.post(url, {"decision": "confirm"}).status_code == 302
    request.refresh_from_db()
    assert request.status == ErasureStatus.COMPLETED


def test_staff_of_another_center_never_see_the_request(client, innovator_a, outsider,
                                                       center_a, center_b):  # fmt: skip
    from markaz.core.models import Membership

    request = services.request_erasure(scope=scope_for(innovator_a))
    Membership.objects.create(user=outsider, center=center_b, role="admin")
    client.force_login(outsider)
    for center in (center_a, center_b):
        url = reverse("privacy-erasure-request", kwargs={"center": center.slug, "pk": request.pk})
        assert client.get(url).status_code == 404
        assert client.post(url, {"decision": "confirm"}).status_code == 404
    request.refresh_from_db()
    assert request.status == ErasureStatus.PENDING
