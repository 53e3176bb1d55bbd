"""Text analysis for Markaz search: Arabic and English normalization, stemming and tokens.

Documents and queries go through the same pipeline, so a query typed with or without harakat,
hamza, tatweel or a ة/ه or ى/ي variant reaches the same index tokens. Tokens are made of
letters and digits only, which keeps SQLite's unicode61 tokenizer and PostgreSQL's `simple`
parser in agreement when they re-split the space-joined tokens.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Literal, NamedTuple, Protocol

import Stemmer

from markaz.search import stopwords

ArabicStemmer = Literal["light10", "snowball", "none"]
HamzaSeats = Literal["letter", "hamza", "keep"]

MAX_TOKEN_CHARS = 64
MIN_PREFIX_CHARS = 2
# A pasted paragraph should not turn into hundreds of OR-ed clauses or a 100-word phrase.
MAX_QUERY_CLAUSES = 32
MAX_PHRASE_TERMS = 16
MAX_EXPANSIONS = 30
_CACHE_LIMIT = 200_000

# Harakat, tanween, shadda, sukun, dagger alef and Quranic annotation marks, plus the isolated
# presentation forms of harakat (U+FE70-FE7F), which NFKC would turn into "space + mark".
_ARABIC_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u08d3-\u08e1\u08e3-\u08ff"
_STRIP_RE = re.compile(f"[{_ARABIC_MARKS}\ufe70-\ufe7f\u0640\u200b-\u200f\u061c\u2066-\u2069]")
# Arabic script without its digits (those group with Latin runs, like ASCII digits).
_ARABIC_SCRIPT = (
    "\u0600-\u065f\u066a-\u06ef\u06fa-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc"
)
_ARABIC_CHAR_RE = re.compile(f"[{_ARABIC_SCRIPT}]")
_RUN_RE = re.compile(f"[{_ARABIC_SCRIPT}\u200c\u200d]+|[^{_ARABIC_SCRIPT}]+")
_ALEF_FOLD = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا", "ٵ": "ا"}
# ى and the Persian/Urdu letters that Persian keyboards put into Arabic text.
_LETTER_FOLD = {"ى": "ي", "ی": "ي", "ې": "ي", "ک": "ك", "ڪ": "ك", "ة": "ه", "ۃ": "ه", "ۀ": "ه"}
_LETTER_FOLD |= {"ھ": "ه", "ہ": "ه"}
_SEAT_FOLD: dict[str, dict[str, str]] = {
    "letter": {"ؤ": "و", "ئ": "ي"},
    "hamza": {"ؤ": "ء", "ئ": "ء"},
    "keep": {},
}
_FOLD_TABLES = {
    seats: str.maketrans(_ALEF_FOLD | _LETTER_FOLD | fold) for seats, fold in _SEAT_FOLD.items()
}

# A word: letters, digits, marks, tatweel and joiners, with inner hyphens and apostrophes.
_W = f"(?:[^\\W_]|[{_ARABIC_MARKS}\u0300-\u036f\u0640\u200c\u200d])"
_SPAN_RE = re.compile(
    r"(?P<url>(?:https?://|www\.)[^\s<>\"'()\[\]{}]+)"
    r"|(?P<email>[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)"
    f"|(?P<word>{_W}+(?:['’‘\\-]{_W}+)*)"
)
_URL_TRAILING = ".,;:!?"
_URL_NOISE = frozenset({"http", "https", "www", "mailto"})
_QUOTES = str.maketrans(dict.fromkeys("“”„«»″＂", '"'))
_POSSESSIVE_RE = re.compile(r"['’‘]s$", re.IGNORECASE)
_ALNUM_RE = re.compile(r"[^\W_]+")
_NON_WORD_RE = re.compile(r"[^\w]")

# Light10 (Larkey, Ballesteros and Connell): articles and conjunction, then suffixes in order.
# ة and ية are listed by the paper too; they reach the stemmer already folded to ه and يه.
LIGHT10_ARTICLES = ("وال", "بال", "كال", "فال", "لل", "ال")
LIGHT10_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")
# Arabic clitics written directly onto a foreign word, as in «بالـGPS» or «والـSMS».
_ATTACHED_CLITICS = frozenset(
    {"ال", "بال", "وال", "كال", "فال", "لل", "ولل", "وبال", "و", "ب", "ل", "ك", "ف"}
)


class Token(NamedTuple):
    """An index token and where it came from in the original text."""

    text: str
    start: int
    end: int
    surface: str  # normalized and unstemmed, article removed: for prefix and spelling lookups


@dataclass(frozen=True)
class Term:
    token: str
    prefix: bool = False
    surface: str = ""
    # Alternative whole tokens found in the index vocabulary (see `fts.resolve_query`).
    expansions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Clause:
    """One term, or several adjacent terms (a phrase); clauses of a query are OR-ed."""

    terms: tuple[Term, ...]

    @property
    def is_phrase(self) -> bool:
        return len(self.terms) > 1


@dataclass(frozen=True)
class Query:
    clauses: tuple[Clause, ...] = ()
    text: str = ""

    def __bool__(self) -> bool:
        return bool(self.clauses)

    @cached_property
    def _exact(self) -> frozenset[str]:
        found: set[str] = set()
        for clause in self.clauses:
            for term in clause.terms:
                if not term.prefix:
                    found.add(term.token)
                found.update(term.expansions)
        return frozenset(found)

    @cached_property
    def _prefixes(self) -> tuple[str, ...]:
        return tuple({t.token for c in self.clauses for t in c.terms if t.prefix})

    def matches(self, token: str) -> bool:
        """Whether an index token is one the query looks for (used to highlight snippets)."""
        return token in self._exact or token.startswith(self._prefixes)


def fold_digits(text: str) -> str:
    """Arabic-Indic, Persian and any other decimal digits to ASCII."""
    return "".join(
        str(unicodedata.decimal(c)) if not c.isascii() and c.isdecimal() else c for c in text
    )


def normalize_arabic(text: str, *, hamza_seats: HamzaSeats = "hamza") -> str:
    """NFKC (unfolds presentation forms and lam-alef ligatures), drop marks, fold letters."""
    text = unicodedata.normalize("NFKC", _STRIP_RE.sub("", text))
    text = _STRIP_RE.sub("", text)  # marks NFKC split out of compatibility characters
    return fold_digits(text.translate(_FOLD_TABLES[hamza_seats]))


def light10(word: str) -> str:
    """Larkey et al.'s light10 stemmer on a normalized word."""
    if len(word) >= 4 and word.startswith("و"):
        word = word[1:]
    for article in LIGHT10_ARTICLES:
        if word.startswith(article) and len(word) - len(article) >= 2:
            word = word[len(article) :]
            break
    for suffix in LIGHT10_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            word = word[: -len(suffix)]
    return word


def strip_light10_prefixes(word: str) -> str:
    if len(word) >= 4 and word.startswith("و"):
        word = word[1:]
    for article in LIGHT10_ARTICLES:
        if word.startswith(article) and len(word) - len(article) >= 2:
            return word[len(article) :]
    return word


_local = threading.local()


def _snowball(language: str) -> Stemmer.Stemmer:
    # PyStemmer objects are not thread-safe: one per thread and language.
    cache = getattr(_local, "stemmers", None)
    if cache is None:
        cache = _local.stemmers = {}
    if language not in cache:
        cache[language] = Stemmer.Stemmer(language)
    return cache[language]


def _is_arabic(run: str) -> bool:
    return bool(_ARABIC_CHAR_RE.match(run))


def _runs(text: str, start: int) -> Iterator[tuple[str, int, int]]:
    """Split a word at script changes: Arabic runs versus Latin letters and digits."""
    for m in _RUN_RE.finditer(text):
        yield m.group(), start + m.start(), start + m.end()


@dataclass(frozen=True)
class AnalyzerConfig:
    arabic_stemmer: ArabicStemmer = "light10"
    hamza_seats: HamzaSeats = "hamza"
    stopwords: bool = True

    @property
    def signature(self) -> str:
        stop = "stop" if self.stopwords else "nostop"
        return f"markaz-1:{self.arabic_stemmer}:{self.hamza_seats}:{stop}"


@dataclass
class Analyzer:
    """Turns text into index tokens and query strings into `Query` objects."""

    config: AnalyzerConfig = field(default_factory=AnalyzerConfig)

    def __post_init__(self) -> None:
        seats = self.config.hamza_seats
        self._ar_stop = {normalize_arabic(w, hamza_seats=seats) for w in stopwords.ARABIC}
        self._en_stop = {w.casefold() for w in stopwords.ENGLISH}
        self._cache: dict[tuple[str, bool], tuple[str, str] | None] = {}
        self._span_cache: dict[tuple[str, str, bool], list[tuple[Token, bool]]] = {}

    @property
    def signature(self) -> str:
        return self.config.signature

    @property
    def folds_hamza_seats(self) -> bool:
        """Whether ؤ and ئ become ء, so a seat typed as plain و or ي needs a second look."""
        return self.config.hamza_seats == "hamza"

    # -- documents -----------------------------------------------------------------------

    def analyze(self, text: str) -> list[str]:
        """Index tokens of a text, in order."""
        return [t.text for t in self.tokens(text)]

    def tokens(self, text: str) -> list[Token]:
        """Index tokens with their offsets in `text`."""
        return [tok for match in _SPAN_RE.finditer(text or "") for tok, _ in self._span(match)]

    def _span(self, match: re.Match[str], *, prefix: bool = False) -> list[tuple[Token, bool]]:
        """Tokens of one span; the flag marks the token analyzed as a prefix (the last run)."""
        start = match.start()
        key = (match.group(), match.lastgroup or "", prefix)
        cached = self._span_cache.get(key)
        if cached is None:
            if len(self._span_cache) > _CACHE_LIMIT:
                self._span_cache.clear()
            cached = self._span_cache[key] = self._analyze_span(
                match.group(), match.lastgroup, prefix
            )
        if not start:
            return cached
        return [
            (tok._replace(start=tok.start + start, end=tok.end + start), p) for tok, p in cached
        ]

    def _analyze_span(self, raw: str, kind: str | None, prefix: bool) -> list[tuple[Token, bool]]:
        """Tokens with offsets relative to the span; URL parts stay unstemmed, no surface."""
        if kind == "url":
            raw = raw.rstrip(_URL_TRAILING)
        if kind in ("url", "email"):
            return [
                (Token(w, m.start(), m.end(), ""), False)
                for m in _ALNUM_RE.finditer(raw)
                if (w := fold_digits(m.group().casefold())) not in _URL_NOISE
            ]
        pieces = list(self._pieces(raw, 0))
        out: list[tuple[Token, bool]] = []
        for n, (run, s, e, attached) in enumerate(pieces):
            as_prefix = prefix and n == len(pieces) - 1
            analyzed = self._word(run, prefix=as_prefix, attached=attached)
            if analyzed is not None:
                out.append((Token(analyzed[0], s, e, analyzed[1]), as_prefix))
        return out

    def _pieces(self, raw: str, start: int) -> Iterator[tuple[str, int, int, bool]]:
        """Hyphen parts, then script runs; `attached` marks a run glued to a following one."""
        offset = 0
        for part in re.split(r"(-)", raw):
            if part and part != "-":
                part_start = start + offset
                text = _POSSESSIVE_RE.sub("", part)
                runs = list(_runs(text, part_start))
                for i, (run, s, e) in enumerate(runs):
                    yield run, s, e, i < len(runs) - 1
            offset += len(part)

    def _word(self, run: str, *, prefix: bool, attached: bool) -> tuple[str, str] | None:
        """(token, surface) of one run, or None for stop words and clitics glued to a word."""
        key = (run, prefix)
        if key not in self._cache:
            if len(self._cache) > _CACHE_LIMIT:
                self._cache.clear()
            is_arabic = _is_arabic(run)
            self._cache[key] = (
                self._arabic(run, prefix=prefix) if is_arabic else self._latin(run, prefix=prefix)
            )
        result = self._cache[key]
        if attached and result is not None and result[1] in _ATTACHED_CLITICS:
            return None
        return result

    def _arabic(self, run: str, *, prefix: bool) -> tuple[str, str] | None:
        word = _NON_WORD_RE.sub("", normalize_arabic(run, hamza_seats=self.config.hamza_seats))
        if len(word) < 2:
            return None
        if not prefix and self.config.stopwords and self._is_arabic_stopword(word):
            return None
        surface = strip_light10_prefixes(word)
        stem = self.stem_arabic(word)
        if prefix and len(stem) < MIN_PREFIX_CHARS:
            stem = surface
        return stem[:MAX_TOKEN_CHARS], surface[:MAX_TOKEN_CHARS]

    def _is_arabic_stopword(self, word: str) -> bool:
        if word in self._ar_stop:
            return True
        return word[0] in "وف" and word[1:] in self._ar_stop

    def stem_arabic(self, word: str) -> str:
        """Stem a normalized Arabic word with the configured stemmer."""
        if self.config.arabic_stemmer == "light10":
            return light10(word)
        if self.config.arabic_stemmer == "snowball":
            # Snowball strips ة as a feminine ending but keeps ه; give it back the ة that
            # normalization folded so that الطاقة and الطاقه still meet.
            if word.endswith("ه"):
                word = word[:-1] + "ة"
            return _snowball("arabic").stemWord(word).replace("ة", "ه") or word
        return word

    def _latin(self, run: str, *, prefix: bool) -> tuple[str, str] | None:
        word = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", run))
        word = "".join(c for c in word if c.isalnum()).casefold()
        word = fold_digits(word)
        if not word or (prefix and len(word) < MIN_PREFIX_CHARS):
            return None
        if not prefix and self.config.stopwords and word in self._en_stop:
            return None
        if word.isdigit() or not word.isascii():
            return word[:MAX_TOKEN_CHARS], word[:MAX_TOKEN_CHARS]
        stem = _snowball("english").stemWord(word) or word
        return stem[:MAX_TOKEN_CHARS], word[:MAX_TOKEN_CHARS]

    # -- queries -------------------------------------------------------------------------

    def analyze_query(self, text: str, *, as_you_type: bool = False) -> Query:
        """Parse a user query: `"phrases"`, `prefix*` terms, everything else OR-ed terms.

        With `as_you_type`, the word the user is still typing (text not ending in a space)
        becomes a prefix.
        """
        text = (text or "").translate(_QUOTES)
        clauses: list[Clause] = []
        pos = 0
        while pos < len(text):
            quote = text.find('"', pos)
            if quote < 0:
                clauses.extend(self._loose(text, pos, len(text), as_you_type))
                break
            clauses.extend(self._loose(text, pos, quote, as_you_type))
            close = text.find('"', quote + 1)
            end = close if close >= 0 else len(text)
            starred = close >= 0 and text[close + 1 : close + 2] == "*"
            spans = self._query_spans(text, quote + 1, end, as_you_type, star_last=starred)
            terms = [t for span in spans for t in span]
            if terms:
                clauses.append(Clause(tuple(terms[:MAX_PHRASE_TERMS])))
            pos = end + 1
        return Query(tuple(clauses[:MAX_QUERY_CLAUSES]), text)

    def _loose(self, text: str, start: int, end: int, as_you_type: bool) -> list[Clause]:
        spans = self._query_spans(text, start, end, as_you_type)
        return [Clause(tuple(t[:MAX_PHRASE_TERMS])) for t in spans if t]

    def _query_spans(
        self, text: str, start: int, end: int, as_you_type: bool, *, star_last: bool = False
    ) -> list[list[Term]]:
        matches = list(_SPAN_RE.finditer(text[:end], start))
        spans = []
        for n, match in enumerate(matches):
            starred = text[match.end() : match.end() + 1] == "*"
            starred = starred or (star_last and n == len(matches) - 1)
            typing = as_you_type and match.end() == len(text)
            tokens = self._span(match, prefix=starred or typing)
            spans.append([Term(t.text, prefix=p, surface=t.surface) for t, p in tokens])
        return spans


# -- resolving a query against the index vocabulary ---------------------------------------


class Vocabulary(Protocol):
    """Surface forms (normalized, article removed, unstemmed) seen in indexed text."""

    def starting_with(self, prefix: str) -> Sequence[str]:
        """Tokens of the surfaces that start with `prefix`, in surface order."""
        ...

    def known(self, surfaces: Sequence[str]) -> Mapping[str, str]:
        """The token of each given surface that occurs in the index."""
        ...


def hamza_variants(surface: str) -> list[str]:
    """The word with one inner ي or و read as a hamza seat the writer left out (ء)."""
    if not _ARABIC_CHAR_RE.search(surface):
        return []
    return [
        surface[:i] + "ء" + surface[i + 1 :] for i in range(1, len(surface)) if surface[i] in "يو"
    ]


def resolve_query(query: Query, vocabulary: Vocabulary, *, spelling_variants: bool) -> Query:
    """Add alternative whole tokens to single-term clauses, from the index vocabulary.

    Prefix terms: a stem is not always a prefix of the stems of longer words ("educat" vs
    "educ"), so the typed prefix is also looked up among unstemmed surface forms; tokens the
    stem prefix already covers are left out so no occurrence is counted twice.

    Spelling variants (for analyzers that fold hamza seats to ء): a word the index has never
    seen, typed without its hamza seat (اللاجيين), also searches the seated form (اللاجئين)
    when that one is in the index.
    """
    wanted: dict[Term, list[str]] = {}
    if spelling_variants:
        for clause in query.clauses:
            term = clause.terms[0]
            if len(clause.terms) == 1 and not term.prefix and hamza_variants(term.surface):
                wanted[term] = [term.surface, *hamza_variants(term.surface)]
    known = vocabulary.known(sorted({s for v in wanted.values() for s in v})) if wanted else {}
    clauses = []
    for clause in query.clauses:
        term = clause.terms[0]
        if len(clause.terms) == 1 and term.prefix and term.surface:
            found = [
                t for t in vocabulary.starting_with(term.surface) if not t.startswith(term.token)
            ]
        elif term in wanted and term.surface not in known:
            found = [known[s] for s in wanted[term][1:] if s in known]
        else:
            clauses.append(clause)
            continue
        found = [t for t in dict.fromkeys(found) if t and t != term.token]
        clauses.append(Clause((replace(term, expansions=tuple(found[:MAX_EXPANSIONS])),)))
    return Query(tuple(clauses), query.text)


DEFAULT_ANALYZER = Analyzer()


def analyze(text: str) -> list[str]:
    """Index tokens of `text` with the default analyzer."""
    return DEFAULT_ANALYZER.analyze(text)


def analyze_query(text: str, *, as_you_type: bool = False) -> Query:
    """Parse a query with the default analyzer."""
    return DEFAULT_ANALYZER.analyze_query(text, as_you_type=as_you_type)
