"""Suite-wide set-up and the named personas every app's tests use.

Center A ("Amal Hub", Amman) and center B ("Baobab Lab", Nairobi). Personas of center A:
admin, staff, reviewer, mentor, innovator (who runs `venture_a`), partner, funder.
`outsider` is staff of center B; `stranger` has a login and no role anywhere.
"""

from pathlib import Path

import pytest

# Every app's shared fixtures (`markaz/<app>/tests/fixtures.py`), so other apps' tests and
# the core access matrices can use them. They import models inside fixtures, never at the top.
pytest_plugins = sorted(
    f"markaz.{p.parent.parent.name}.tests.fixtures"
    for p in Path(__file__).parent.glob("src/markaz/*/tests/fixtures.py")
)

PASSWORD = "correct horse battery"  # noqa: S105 - test persona password


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Argon2 is deliberately slow; the suite creates hundreds of users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def center_a(db):
    from markaz.core.factories import CenterFactory

    return CenterFactory(
        slug="amal-hub",
        name_en="Amal Hub",
        name_ar="مركز أمل",
        country="JO",
        city_en="Amman",
        city_ar="عمّان",
    )


@pytest.fixture
def center_b(db):
    from markaz.core.factories import CenterFactory

    return CenterFactory(
        slug="baobab-lab",
        name_en="Baobab Lab",
        name_ar="مختبر الباوباب",
        country="KE",
        city_en="Nairobi",
        city_ar="نيروبي",
        region="ssa",
    )


def _member(center, username, role, *, with_person=True):
    from markaz.core.factories import UserFactory
    from markaz.core.models import Membership
    from markaz.stakeholders.factories import PersonFactory

    user = UserFactory(username=username, email=f"{username}@example.org")
    Membership.objects.get_or_create(user=user, center=center, role=role)
    if with_person and not hasattr(user, "person"):
        PersonFactory(center=center, user=user, name_en=username.title(), email=user.email)
    return user


def _persona_of_center_a(role):
    @pytest.fixture
    def persona(center_a):
        return _member(center_a, f"{role}_a", role)

    persona.__doc__ = f"The {role} of center A (with a Person record)."
    return persona


admin_a = _persona_of_center_a("admin")
staff_a = _persona_of_center_a("staff")
reviewer_a = _persona_of_center_a("reviewer")
mentor_a = _persona_of_center_a("mentor")
innovator_a = _persona_of_center_a("innovator")
partner_a = _persona_of_center_a("partner")
funder_a = _persona_of_center_a("funder")


@pytest.fixture
def outsider(center_b):
    return _member(center_b, "outsider_b", "staff")


@pytest.fixture
def stranger(db):
    from markaz.core.factories import UserFactory

    return UserFactory(username="stranger", email="stranger@example.org")


@pytest.fixture
def venture_a(center_a, innovator_a):
    from markaz.ventures.factories import TeamMemberFactory, VentureFactory

    venture = VentureFactory(center=center_a, name_en="Clean Water Kiosks", is_public=False)
    TeamMemberFactory(venture=venture, person=innovator_a.person, can_manage=True)
    return venture


@pytest.fixture
def venture_b(center_b):
    from markaz.ventures.factories import VentureFactory

    return VentureFactory(center=center_b, name_en="Baobab Private Venture", is_public=False)


@pytest.fixture
def org_a(center_a):
    from markaz.stakeholders.factories import OrganizationFactory

    return OrganizationFactory(center=center_a, name_en="Jordan River Foundation")


@pytest.fixture
def org_b(center_b):
    from markaz.stakeholders.factories import OrganizationFactory

    return OrganizationFactory(center=center_b, name_en="Nairobi Makers")


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def _english_by_default():
    """Each test starts in English; translation activation is per thread and would leak."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _audit_table_stays_append_only(request):
    """Transactional tests end with a flush (DELETE on SQLite), which the audit triggers refuse
    unless the maintenance window is open: open it just before the flush, close it at the
    start of every test that uses the database."""
    if "db" not in request.fixturenames and "transactional_db" not in request.fixturenames:
        marker = request.node.get_closest_marker("django_db")
        if marker is None and "live_server" not in request.fixturenames:
            yield
            return
    from markaz.core.maintenance import close_audit_purge_window, open_audit_purge_window

    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or any(
        name in request.fixturenames for name in ("transactional_db", "live_server")
    )
    # Requesting the database here makes this fixture's teardown run before the flush.
    request.getfixturevalue("transactional_db" if transactional else "db")
    close_audit_purge_window()
    if transactional:
        _restore_reference_data()
    yield
    if transactional:
        open_audit_purge_window()


def _restore_reference_data():
    """A transactional test's flush also empties tables that migrations filled (the SDGs);
    put them back for the next transactional test on this worker."""
    from markaz.sdg.loader import load_sdg_data
    from markaz.sdg.models import Goal, Indicator, Target

    if not Goal.objects.exists():
        load_sdg_data(Goal, Target, Indicator)
