"""Arabic pages of challenges show no English interface text."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from markaz.challenges import services
from markaz.challenges.models import Challenge
from markaz.challenges.tests.fixtures import PDF
from markaz.core.access import scope_for
from markaz.core.tests.arabic import PACKAGE, english_left_on


def _english_left_on_mine(client, urls):
    """English interface text of this app and of the shared templates left on the pages.

    Strings of other apps (their navigation items, while they are being built) are theirs to
    translate; the core Arabic-pages test checks every catalog.
    """
    import polib

    own = {PACKAGE / "locale/ar/LC_MESSAGES/django.po",
           PACKAGE / "challenges/locale/ar/LC_MESSAGES/django.po"}  # fmt: skip
    mine = {e.msgid for path in own for e in polib.pofile(str(path))}
    found = english_left_on(client, urls)
    return {url: sorted(set(texts) & mine) for url, texts in found.items() if set(texts) & mine}


def test_challenge_pages_are_fully_arabic(client, staff_a, partner_a, challenge_a, venture_a):
    staff = scope_for(staff_a)
    services.link_venture(scope=staff, challenge=challenge_a, venture=venture_a)
    comment = services.add_comment(scope=staff, challenge=challenge_a, body="ملاحظة **مهمة**")
    services.add_comment(
        scope=scope_for(partner_a), challenge=challenge_a, body="رد", parent=comment
    )
    services.add_attachment(scope=staff, challenge=challenge_a,
                            upload=SimpleUploadedFile("خطة.pdf", PDF))  # fmt: skip
    Challenge.objects.filter(pk=challenge_a.pk).update(visibility="public")
    c, pk = challenge_a.center.slug, challenge_a.pk
    translation.activate("ar")
    urls = [
        reverse("challenges-list", kwargs={"center": c}),
        reverse("challenges-list", kwargs={"center": c}) + "?status=framing&sector=government",
        reverse("challenges-sectors", kwargs={"center": c}),
        reverse("challenges-create", kwargs={"center": c}),
        reverse("challenges-detail", kwargs={"center": c, "pk": pk}),
        reverse("challenges-edit", kwargs={"center": c, "pk": pk}),
        reverse("challenges-owners", kwargs={"center": c, "pk": pk}),
        reverse("challenges-comment-edit",
                kwargs={"center": c, "pk": pk, "challenge_comment": comment.pk}),
        reverse("challenges-public"),
        reverse("challenges-public-detail", kwargs={"pk": pk}),
    ]  # fmt: skip
    assert all(u.startswith("/ar/") for u in urls)
    client.force_login(staff_a)
    assert _english_left_on_mine(client, urls) == {}
    client.logout()
    assert _english_left_on_mine(client, urls[-2:]) == {}


def test_the_detail_page_in_arabic_reads_right_to_left_with_arabic_content(
    client, partner_a, challenge_a
):
    client.force_login(partner_a)
    translation.activate("ar")
    url = reverse("challenges-detail", kwargs={"center": "amal-hub", "pk": challenge_a.pk})
    page = client.get(url).content.decode()
    assert 'dir="rtl"' in page
    assert "فقدان المياه في التجمعات غير الرسمية" in page
    assert "وزارة المياه" in page
    assert "مساحة العمل" in page
