import factory

from markaz.core.factories import CenterFactory
from markaz.knowledge.models import Entry, EntryType, Status, Visibility


class EntryFactory(factory.django.DjangoModelFactory):
    """A bare row; use `knowledge.services` when the search index must know about it."""

    class Meta:
        model = Entry

    center = factory.SubFactory(CenterFactory)
    type = EntryType.CASE_STUDY
    title_en = factory.Sequence(lambda n: f"Entry {n}")
    summary_en = "What we learned."
    visibility = Visibility.CENTER
    status = Status.PUBLISHED
