"""Bilingual (Arabic/English) search: text analysis, a SQLite FTS5 index and PostgreSQL SQL.

Pure modules with no Django imports; the knowledge and search apps build on them.
"""

from markaz.search.analysis import Analyzer, AnalyzerConfig, Query, analyze, analyze_query
from markaz.search.fts import Document, FtsIndex
from markaz.search.ranking import FieldWeights, Hit

__all__ = [
    "Analyzer",
    "AnalyzerConfig",
    "Document",
    "FieldWeights",
    "FtsIndex",
    "Hit",
    "Query",
    "analyze",
    "analyze_query",
]
