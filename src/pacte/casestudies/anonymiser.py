"""The anonymiser of case studies (R-CONSENT, DOMAIN §7): pure functions, no database.

Three kinds of things betray a client in a story, and each is found its own way:

- **What Pacte knows about the client** (its name, its people, their emails, its domains,
  asset identifiers, city, engagement titles): a deny-list (`DenyList`), built from the
  records by `selectors.deny_list_for`, matched without regard to accents, case, hyphens or
  spacing, at word boundaries, so "l'Hôtel du Lac", "L’HÔTEL-DU-LAC's", "hotel du lac" are
  all one name. Matching runs on a normalised copy of the text (NFKD, marks dropped,
  casefolded, apostrophes and separators unified) that keeps, for each of its characters,
  the index of the original character it came from: spans are replaced in the ORIGINAL text.
- **What looks like an identifier whoever it belongs to**: emails, URLs and bare domains,
  phone numbers (French and North American), IBAN, SIREN / SIRET, Québec NEQ, postal codes
  (French in an address, Canadian), numeric dates: regular expressions.
- **Exact figures**: counts, amounts and percentages are rounded into approximations
  ("environ 2 000 photos", "entre 10 et 20 k€"); a day of the month is dropped from a date.

Everything is matched on the text as its reader sees it (`reader_view`): HTML character
references decoded ("H&ocirc;tel" is "Hôtel"), invisible characters dropped (a zero-width
space, a soft hyphen, a word joiner inside a name), spans mapped back to the original; the
words of a name may be run together ("Hôteldu Lac"), and a digit is a word boundary
("hoteldulac2024"). `anonymise` drops the invisible characters from its output and the
renderings drop them from every export.

`scan(text, deny_list)` returns every span that would betray the client (deny-list hits,
identifiers, exact figures, dated days); `anonymise` replaces each, and its own output scans
clean (the property tests say so). The export's guard re-scans the final rendered text with
the same function and refuses on any hit, so a leak through the descriptor, a job title or
the rendering is caught whatever the anonymiser did.

Known limits (said in the report and on the page): a name Pacte does not hold (a person or
a place absent from the records) is not found; a common word that is also a deny-listed
name ("Petit", "Tours") is replaced everywhere; figures written in words ("deux mille") are
not rounded; a multiplier ("x2,5") counts as a figure for the consent but is never rounded;
an identifier glued to a name ("J.-P.hoteldulac.fr") may leave the name for the guard to
refuse rather than for the anonymiser to replace.
"""

from __future__ import annotations

import html
import itertools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import translation
from django.utils.translation import gettext as _

# --- Normalisation with an index map ----------------------------------------------------------

APOSTROPHES = "'’‘ʼ`´′"
# Separators that may stand between the words of a name: all unified to one space.
SEPARATORS = re.compile(r"[\s\-‐‑‒–—_·]+")
_SEP_CHARS = set(" \t\r\n\f\v\xa0\u202f\u2009\u2007\u2002\u2003-‐‑‒–—_·")


def _is_sep(char: str) -> bool:
    return char in _SEP_CHARS or char.isspace()


# Characters a reader does not see: format characters (category Cf: zero-width space and
# joiners, the word joiner, the byte-order mark, the soft hyphen, bidi controls, tags), the
# combining grapheme joiner, variation selectors and the Hangul fillers. "Hô\u00adtel du Lac"
# reads "Hôtel du Lac": the matcher ignores them and the exports drop them.
_INVISIBLE_OTHERS = frozenset("\u034f\u115f\u1160\u3164\uffa0\u180e")


def is_invisible(char: str) -> bool:
    return (
        unicodedata.category(char) == "Cf"
        or char in _INVISIBLE_OTHERS
        or "\ufe00" <= char <= "\ufe0f"
        or "\U000e0100" <= char <= "\U000e01ef"
    )


def strip_invisible(text: str) -> str:
    return "".join(c for c in text if not is_invisible(c))


def _fold_char(char: str) -> str:
    """One original character as the matcher sees it: no accent, casefolded."""
    if char in APOSTROPHES:
        return "'"
    if is_invisible(char):
        return ""
    decomposed = unicodedata.normalize("NFKD", char)
    kept = "".join(
        c
        for c in decomposed
        if not unicodedata.combining(c) and unicodedata.category(c) not in ("Mn", "Me")
    )
    return kept.casefold()


# An HTML character reference ("&ocirc;", "&#244;", "&#xF4;"): what a Markdown or HTML reader
# shows as its character. Named ones only with their semicolon, numeric ones with or without.
_CHAR_REF = re.compile(r"&(?:#[0-9]{1,7};?|#[xX][0-9a-fA-F]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};)")


@dataclass(frozen=True)
class ReaderView:
    """The text as a reader sees it (character references decoded, invisible characters
    gone) and, for each of its characters, the span of the original it comes from."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.starts[start], self.ends[end - 1]


def reader_view(original: str) -> ReaderView:
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []

    def keep(chars: str, start: int, end: int) -> None:
        for c in chars:
            if not is_invisible(c):
                out.append(c)
                starts.append(start)
                ends.append(end)

    cursor = 0
    for ref in _CHAR_REF.finditer(original):
        for i in range(cursor, ref.start()):
            keep(original[i], i, i + 1)
        decoded = html.unescape(ref.group())
        if decoded == ref.group():
            for i in range(ref.start(), ref.end()):
                keep(original[i], i, i + 1)
        else:
            keep(decoded, ref.start(), ref.end())
        cursor = ref.end()
    for i in range(cursor, len(original)):
        keep(original[i], i, i + 1)
    return ReaderView("".join(out), tuple(starts), tuple(ends))


@dataclass(frozen=True)
class Folded:
    """A normalised text and, for each of its characters, the original index it comes from
    (plus one end marker), so a match in `text` maps back to a span of the original."""

    text: str
    index: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.index[start], self.index[end - 1] + 1


def fold(original: str) -> Folded:
    out: list[str] = []
    index: list[int] = []
    previous_sep = True  # leading separators are dropped
    for i, char in enumerate(original):
        if _is_sep(char):
            if not previous_sep:
                out.append(" ")
                index.append(i)
            previous_sep = True
            continue
        previous_sep = False
        for c in _fold_char(char):
            out.append(c)
            index.append(i)
    if out and out[-1] == " ":
        out.pop()
        index.pop()
    index.append(len(original))
    return Folded("".join(out), tuple(index))


def fold_term(term: str) -> str:
    return fold(term).text


# --- The deny-list ------------------------------------------------------------------------------

CLIENT = "client"
PERSON = "person"
INITIALS = "initials"
EMAIL = "email"
DOMAIN = "domain"
URL = "url"
ASSET = "asset"
CITY = "city"
ENGAGEMENT = "engagement"
THIRD_PARTY = "third_party"
PHONE = "phone"
IBAN = "iban"
COMPANY_NUMBER = "company_number"
POSTAL_CODE = "postal_code"
DATE = "date"
FIGURE = "figure"


@dataclass(frozen=True)
class Term:
    """One deny-listed form. `role` is what replaces a person (their job title, or a neutral
    phrase when it is empty); `exact_case` marks bare initials ("HM"), matched in capitals
    only, since "hm" in lower case is not a way of writing a name."""

    text: str
    kind: str
    role: str = ""
    exact_case: bool = False


@dataclass
class DenyList:
    terms: list[Term] = field(default_factory=list)
    _compiled: tuple | None = field(default=None, repr=False, compare=False)

    def add(self, text: str, kind: str, *, role: str = "", exact_case: bool = False) -> None:
        text = (text or "").strip()
        if len(fold_term(text)) < 2 and not exact_case:
            return
        self.terms.append(Term(text, kind, role, exact_case))
        self._compiled = None

    def extend(self, other: Iterable[Term]) -> None:
        for term in other:
            self.terms.append(term)
        self._compiled = None

    def matchers(self):
        """(folded regex, {folded form without its spaces: Term}, exact-case regex,
        {form: Term}), longest form first so that the longest name wins at each position."""
        if self._compiled is None:
            folded: dict[str, Term] = {}
            exact: dict[str, Term] = {}
            for term in self.terms:
                if term.exact_case:
                    exact.setdefault(term.text, term)
                else:
                    form = fold_term(term.text)
                    if len(form) >= 2:
                        folded.setdefault(form, term)
            by_unspaced: dict[str, Term] = {}
            for form, term in folded.items():
                by_unspaced.setdefault(_unspaced(form), term)
            self._compiled = (
                _alternation(folded, flags=0, spaces_optional=True),
                by_unspaced,
                _alternation(exact, flags=0),
                exact,
            )
        return self._compiled


def _alternation(forms: dict[str, Term], *, flags: int, spaces_optional: bool = False):
    """One regex for all the forms. With `spaces_optional`, the words of a form may also be
    run together ("Hôteldu Lac", what a zero-width space between them shows)."""
    if not forms:
        return None
    ordered = sorted(forms, key=lambda f: (-len(f), f))
    if spaces_optional:
        body = "|".join(" ?".join(re.escape(w) for w in f.split(" ")) for f in ordered)
    else:
        body = "|".join(re.escape(f) for f in ordered)
    # At word boundaries, a digit counting as one: "Hôtel du Lac2024" is the name too.
    return re.compile(rf"(?<![^\W\d])(?:{body})(?![^\W\d])", flags)


def _unspaced(form: str) -> str:
    return form.replace(" ", "")


HONORIFICS = {
    "m",
    "mme",
    "mlle",
    "me",
    "maitre",
    "monsieur",
    "madame",
    "mademoiselle",
    "dr",
    "docteur",
    "docteure",
    "pr",
    "professeur",
    "professeure",
    "mr",
    "mrs",
    "ms",
    "miss",
    "sir",
    "dame",
}
# Trades and their words: what a descriptor says too ("un photographe de maternité").
TRADE_WORDS = [
    "maternité",
    "maternite",
    "maternity",
    "naissance",
    "famille",
    "familles",
    "mariage",
    "mariages",
    "bébé",
    "bebe",
    "portrait",
    "portraits",
    "enfant",
    "enfants",
    "grossesse",
    "santé",
    "sante",
    "beauté",
    "beaute",
    "coiffure",
    "spa",
    "design",
    "web",
    "digital",
    "numérique",
    "numerique",
    "marketing",
    "communication",
    "média",
    "media",
    "informatique",
    "logiciel",
    "logiciels",
    "software",
    "data",
    "cloud",
    "construction",
    "bâtiment",
    "batiment",
    "rénovation",
    "renovation",
    "menuiserie",
    "plomberie",
    "électricité",
    "electricite",
    "auto",
    "automobile",
    "logistique",
    "hôtellerie",
    "hotellerie",
    "tourisme",
    "voyage",
    "voyages",
    "gîte",
    "gite",
    "auberge",
    "camping",
    "bistro",
    "brasserie",
    "traiteur",
    "épicerie",
    "epicerie",
    "bio",
    "vin",
    "vignoble",
    "fromagerie",
    "pâtisserie",
    "patisserie",
    "chocolaterie",
    "librairie",
    "éditions",
    "editions",
    "imprimerie",
    "architecture",
    "architectes",
    "architecte",
    "notaire",
    "notaires",
    "comptable",
    "comptables",
    "expertise",
    "audit",
    "formation",
    "dentaire",
    "médical",
    "medical",
    "médicale",
    "medicale",
    "vétérinaire",
    "veterinaire",
    "optique",
    "fleuriste",
    "paysagiste",
    "jardin",
    "jardins",
    "sport",
    "sports",
    "fitness",
    "yoga",
    "danse",
    "musique",
    "studios",
    "photographes",
    "photos",
    "photography",
    "wedding",
    "family",
    "baby",
    "newborn",
    "legal",
    "firm",
    "clinic",
    "dental",
    "health",
    "beauty",
    "salon",
    "hair",
    "consultants",
    "avocate",
    "notariat",
]
# Words that say what a client is, not who: never deny-listed on their own.
GENERIC_WORDS = {
    fold_term(w)
    for w in [
        "hôtel",
        "hotel",
        "cabinet",
        "avocats",
        "avocat",
        "boulangerie",
        "garage",
        "groupe",
        "société",
        "societe",
        "agence",
        "studio",
        "atelier",
        "restaurant",
        "café",
        "cafe",
        "maison",
        "transports",
        "transport",
        "entreprise",
        "entreprises",
        "compagnie",
        "company",
        "services",
        "service",
        "conseil",
        "conseils",
        "consulting",
        "solutions",
        "cie",
        "associés",
        "associes",
        "partners",
        "partenaires",
        "immobilier",
        "immobilière",
        "photographie",
        "photo",
        "photographe",
        "boutique",
        "magasin",
        "pharmacie",
        "clinique",
        "centre",
        "center",
        "institut",
        "association",
        "fondation",
        "école",
        "ecole",
        "collège",
        "college",
        "université",
        "universite",
        "mairie",
        "commune",
        "ville",
        "domaine",
        "château",
        "chateau",
        "ferme",
        "cave",
        "caves",
        "vins",
        "bureau",
        "bureaux",
        "global",
        "international",
        "france",
        "canada",
        "québec",
        "quebec",
        "paris",
        "montréal",
        "montreal",
        "lac",
        "lake",
        "the",
        "les",
        "des",
        "une",
        "pour",
        "avec",
        "sans",
        "chez",
        "inc",
        "ltd",
        "ltée",
        "ltee",
        "llc",
        "sarl",
        "sas",
        "sasu",
        "eurl",
        "sa",
        "snc",
        "gmbh",
        "corp",
        *TRADE_WORDS,
    ]
}
LEGAL_SUFFIXES = re.compile(
    r"[\s,]+(sarl|sas|sasu|eurl|sa|snc|sci|inc\.?|ltd\.?|ltée|ltee|llc|gmbh|corp\.?|"
    r"& ?cie|et cie|s\.a\.s\.?|s\.a\.r\.l\.?)$",
    re.IGNORECASE,
)
LEADING_ARTICLE = re.compile(r"^(le|la|les|l['’]|the)\s*", re.IGNORECASE)
WEBMAIL = {
    "gmail.com",
    "googlemail.com",
    "hotmail.com",
    "hotmail.fr",
    "outlook.com",
    "outlook.fr",
    "live.com",
    "live.fr",
    "yahoo.com",
    "yahoo.fr",
    "yahoo.ca",
    "icloud.com",
    "me.com",
    "orange.fr",
    "wanadoo.fr",
    "free.fr",
    "laposte.net",
    "sfr.fr",
    "gmx.fr",
    "gmx.com",
    "proton.me",
    "protonmail.com",
    "videotron.ca",
    "sympatico.ca",
    "bell.net",
}


def _squash(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", fold_term(text))


def client_name_forms(name: str) -> list[str]:
    """The client's name and the ways people write it: without its legal form or leading
    article, squashed as in a domain ("hoteldulac"), and its distinctive words ("Ravel")."""
    name = (name or "").strip()
    forms = [name]
    short = LEGAL_SUFFIXES.sub("", name).strip()
    forms.append(short)
    forms.append(LEADING_ARTICLE.sub("", short).strip())
    for form in list(forms):
        squashed = _squash(form)
        if len(squashed) >= 5:
            forms.append(squashed)
    words = [w for w in re.split(r"[\s\-'’&,.()/]+", short) if w]
    for word in words:
        folded = fold_term(word)
        if len(folded) >= 4 and folded not in GENERIC_WORDS and word[:1].isupper():
            forms.append(word)
    return [f for f in dict.fromkeys(forms) if f]


PARTICLES = {
    "de",
    "du",
    "des",
    "la",
    "le",
    "les",
    "d",
    "l",
    "von",
    "van",
    "der",
    "den",
    "di",
    "da",
    "del",
    "della",
    "dos",
    "das",
    "do",
    "y",
    "e",
    "et",
    "ben",
    "bin",
    "el",
    "al",
    "st",
    "ste",
    "saint",
    "sainte",
    "mc",
    "mac",
    "o",
}


_NAME_HYPHENS = re.compile(r"[-‐‑]")
_INNER_APOSTROPHE = re.compile(rf"(?<=\w)[{re.escape(APOSTROPHES)}](?=\w)")


def _initial_variants(part: str) -> tuple[list[str], str]:
    """The ways of writing a given name's initials, and its bare capitals: "H." for Hélène;
    "J.-P.", "J-P", "J.P.", "J. P." and "JP" for Jean-Pierre."""
    letters = [p[0] for p in _NAME_HYPHENS.split(part) if p and p[0].isalpha()]
    if not letters:
        return [], ""
    if len(letters) == 1:
        return [f"{letters[0]}."], ""
    variants = [
        ".-".join(letters) + ".",
        "-".join(letters),
        ".".join(letters) + ".",
        ". ".join(letters) + ".",
        "".join(letters),
    ]
    return variants, "".join(letters).upper()


def _apostrophe_variants(part: str) -> list[str]:
    """ "O'Brien" as people also type it: "OBrien", "O Brien", and "Brien" alone."""
    if not _INNER_APOSTROPHE.search(part):
        return []
    after = _INNER_APOSTROPHE.split(part)[-1]
    variants = [_INNER_APOSTROPHE.sub("", part), _INNER_APOSTROPHE.sub(" ", part)]
    if len(fold_term(after)) >= 3 and fold_term(after) not in PARTICLES:
        variants.append(after)
    return variants


def person_name_forms(full_name: str) -> tuple[list[str], list[str]]:
    """(forms matched without regard to case, bare initials matched in capitals) of a
    person's name: the full name, each given and family name (not the particles: "de",
    "la"), "Hélène M.", "H. Martin", "H. M.", "H.M." and "HM"; a compound given name's
    initials ("J.-P. Roux", "J-P", "JP"); a name with an apostrophe without it ("Obrien")."""
    parts = [p for p in re.split(r"\s+", (full_name or "").strip()) if p]
    while parts and fold_term(parts[0]).rstrip(".") in HONORIFICS:
        parts = parts[1:]
    forms = [full_name.strip(), " ".join(parts)]
    initials: list[str] = []
    names = [p for p in parts if fold_term(p).strip("'’.") not in PARTICLES]
    for part in names:
        # "Jean-Pierre" also as "Jean" and "Pierre" (the matcher unifies the hyphen).
        for piece in [part, *_NAME_HYPHENS.split(part), *_apostrophe_variants(part)]:
            piece = piece.strip("'’.,")
            if len(fold_term(piece)) >= 2 and fold_term(piece) not in PARTICLES:
                forms.append(piece)
    # "Jean-Pierre O'Brien" also as "Jean-Pierre OBrien" and "Jean-Pierre O Brien".
    for i, part in enumerate(parts):
        for variant in _apostrophe_variants(part)[:2]:
            forms.append(" ".join([*parts[:i], variant, *parts[i + 1 :]]))
    first_variants, first_capitals = _initial_variants(names[0]) if names else ([], "")
    if first_capitals:
        # A compound given name's initials alone: "J.-P.", "J-P", "JP".
        forms.extend(first_variants[:-1])
        initials.append(first_capitals)
    if len(names) >= 2:
        first, last = parts[0], " ".join(parts[1:])
        forms.append(f"{first} {names[-1][0]}.")
        surnames = [names[-1], *_apostrophe_variants(names[-1])[:2]]
        for variant in first_variants:
            forms.append(f"{variant} {last}")
            for surname in surnames:
                forms.append(f"{variant} {surname}")
        for surname in surnames:
            forms.append(f"{first[0]}.{surname}")
        letters = "".join(p[0] for p in names if p[0].isalpha())
        forms.append(". ".join(letters) + ".")
        forms.append(".".join(letters) + ".")
        if len(letters) >= 2:
            initials.append(letters.upper())
        every = "".join(
            piece[0] for p in names for piece in _NAME_HYPHENS.split(p) if piece[:1].isalpha()
        )
        if every != letters:
            # Jean-Pierre O'Brien: "J.-P. O.", "J.P.O.", "JPO".
            forms.append(". ".join(every) + ".")
            forms.append(".".join(every) + ".")
            initials.append(every.upper())
    return [f for f in dict.fromkeys(forms) if f], list(dict.fromkeys(initials))


def host_forms(host: str) -> list[str]:
    """A domain and its label without the TLD: "hoteldulac-annecy.fr", "hoteldulac-annecy"."""
    host = (host or "").strip().lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    if not host or "." not in host:
        return [host] if host else []
    forms = [host]
    labels = host.split(".")
    # The registrable label: the one before the TLD (or before "qc.ca", "co.uk").
    if len(labels) >= 3 and len(labels[-2]) <= 3 and len(labels[-1]) == 2:
        label = labels[-3]
    else:
        label = labels[-2]
    if len(label) >= 4:
        forms.append(label)
    return forms


HOST_IN = re.compile(
    r"(?:[a-z][a-z0-9+.-]*://)?(?:[^\s/@]+@)?((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,24})",
    re.IGNORECASE,
)


def identifier_forms(identifier: str) -> list[str]:
    """An asset's identifier as written, and the host and label it names when it is a URL,
    a domain or an address."""
    identifier = (identifier or "").strip()
    forms = [identifier]
    for found in HOST_IN.finditer(identifier):
        forms.extend(host_forms(found.group(1)))
    return [f for f in dict.fromkeys(forms) if f]


@dataclass(frozen=True)
class PersonRecord:
    full_name: str
    job_title: str = ""
    email: str = ""
    phone: str = ""


def build_deny_list(
    *,
    client_name: str,
    city: str = "",
    people: Iterable[PersonRecord] = (),
    asset_identifiers: Iterable[str] = (),
    third_parties: Iterable[str] = (),
    engagement_titles: Iterable[str] = (),
) -> DenyList:
    """The deny-list from plain values (the selector reads them from the records)."""
    deny = DenyList()
    for form in client_name_forms(client_name):
        deny.add(form, CLIENT)
    for person in people:
        forms, initials = person_name_forms(person.full_name)
        for form in forms:
            deny.add(form, PERSON, role=person.job_title)
        for letters in initials:
            deny.add(letters, INITIALS, role=person.job_title, exact_case=True)
        if person.email:
            deny.add(person.email, EMAIL)
            _local, _at, host = person.email.rpartition("@")
            if host and host.lower() not in WEBMAIL:
                for form in host_forms(host):
                    deny.add(form, DOMAIN)
        if person.phone:
            deny.add(person.phone, PHONE)
    for identifier in asset_identifiers:
        for form in identifier_forms(identifier):
            deny.add(form, ASSET if "." not in form else DOMAIN)
    for name in third_parties:
        # A previous agency named in the story points at its client: every spelling too.
        for form in client_name_forms(name):
            deny.add(form, THIRD_PARTY)
    if city:
        deny.add(city, CITY)
    for title in engagement_titles:
        deny.add(title, ENGAGEMENT)
    return deny


# --- Spans --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """A stretch of the original text that would betray the client, and what replaces it."""

    start: int
    end: int
    kind: str
    text: str
    replacement: str = ""
    term: Term | None = None


def _deny_spans(text: str, deny: DenyList) -> list[Span]:
    folded_re, folded_terms, exact_re, exact_terms = deny.matchers()
    spans: list[Span] = []
    if folded_re is not None:
        folded = fold(text)
        for found in folded_re.finditer(folded.text):
            start, end = folded.span(found.start(), found.end())
            term = folded_terms[_unspaced(found.group())]
            spans.append(Span(start, end, term.kind, text[start:end], term=term))
    if exact_re is not None:
        for found in exact_re.finditer(text):
            term = exact_terms[found.group()]
            spans.append(Span(found.start(), found.end(), term.kind, found.group(), term=term))
    return spans


# --- Patterns -----------------------------------------------------------------------------------

_TLDS = (
    "com|net|org|info|biz|io|co|app|dev|shop|store|online|site|web|tech|studio|photo|"
    "photography|art|design|agency|immo|law|avocat|eu|fr|ca|qc\\.ca|be|ch|lu|de|uk|co\\.uk|"
    "us|es|it|pt|nl|ma|tn|sn|ci|re|pf|nc|mc|quebec|paris|bzh|alsace|corsica|"
    "example|test|local"
)
EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@(?:[\w-]+\.)+[a-z]{2,24}(?![\w-])", re.IGNORECASE)
URL_RE = re.compile(
    r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>\"'()\[\]]+[^\s<>\"'()\[\].,;:!?]"
    rf"|(?<![\w@.-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:{_TLDS})\b(?:/[^\s<>\"'()\[\]]*[^\s<>\"'()\[\].,;:!?])?",
    re.IGNORECASE,
)
_SEP = r"[ .\-\u00a0\u202f]?"
PHONE_RE = re.compile(
    # French: 06 12 34 56 78, 06.12.34.56.78, 0612345678, +33 6 12 34 56 78, +33 (0)6…
    r"(?<![\w+])(?:(?:\+|00)33[ .\-\u00a0]?(?:\(0\)[ .\-\u00a0]?)?[1-9]|0[1-9])"
    rf"(?:{_SEP}\d{{2}}){{4}}(?!\d)"
    # North American: (514) 555-1234, 514-555-1234, 514.555.1234, +1 418 555 1234
    r"|(?<![\w+])(?:\+?1[ .\-\u00a0]?)?(?:\(\d{3}\)[ .\-\u00a0]?|\d{3}[ .\-\u00a0])\d{3}"
    r"[ .\-\u00a0]\d{4}(?!\d)",
)
# An IBAN in any case, its groups apart by a space, a hyphen or a point, or not apart. After
# the bank's group ("NWBK"), each group holds a digit: "fr76 dans cette ville" is prose.
_IBAN_SEP = r"[ \u00a0\u202f.\-]?"
IBAN_RE = re.compile(
    rf"\b[A-Z]{{2}}\d{{2}}{_IBAN_SEP}[A-Z0-9]{{4}}"
    rf"(?:{_IBAN_SEP}(?=[A-Z]{{0,3}}\d)[A-Z0-9]{{4}}){{1,6}}"
    rf"(?:{_IBAN_SEP}(?=[A-Z]{{0,3}}\d)[A-Z0-9]{{1,4}})?\b",
    re.IGNORECASE,
)
# SIRET (14 digits, often 3 3 3 5), SIREN (9, often 3 3 3), NEQ (10 digits, Québec); the
# groups apart by a space, a point or a hyphen ("123.456.789.00012").
_COMPANY_SEP = r"[ \u00a0\u202f.\-]"
COMPANY_NUMBER_RE = re.compile(
    r"(?<![\d])(?<!\d[,.\-])"
    rf"(?:\d{{3}}{_COMPANY_SEP}\d{{3}}{_COMPANY_SEP}\d{{3}}(?:{_COMPANY_SEP}\d{{5}})?"
    r"|\d{14}|\d{10}|\d{9})"
    r"(?![\d]|[,.\-]\d)"
)
CANADIAN_POSTAL_RE = re.compile(
    r"\b[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPR-TV-Z][ \u00a0-]?\d[ABCEGHJ-NPR-TV-Z]\d\b", re.IGNORECASE
)
# A French postal code in an address: five digits before a capitalised place name, or after
# a street ("rue", "avenue"...) line, or after "CP" / "code postal".
FRENCH_POSTAL_RE = re.compile(
    r"(?<![\d,.])(?:[0-9]{5}|2[AB][0-9]{3})"
    r"(?=[ \u00a0]+(?:[A-ZÀ-Ý][\w'’-]+|CEDEX))",
)
MONTHS = (
    "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|"
    "novembre|décembre|decembre|january|february|march|april|may|june|july|august|"
    "september|october|november|december|janv\\.?|févr\\.?|fevr\\.?|avr\\.?|juil\\.?|"
    "sept\\.?|oct\\.?|nov\\.?|déc\\.?|dec\\.?|jan\\.?|feb\\.?|mar\\.?|apr\\.?|jun\\.?|"
    "jul\\.?|aug\\.?|sep\\.?"
)
# A numeric date (12/03/2023, 2023-03-12) and the day of a written one (le 12 mars,
# March 12): the day alone can date an event the press reported.
NUMERIC_DATE_RE = re.compile(
    r"(?<![\d/.-])(?:\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|\d{4}-\d{2}-\d{2})(?![\d/]|[.-]\d)"
)
DAY_OF_MONTH_RE = re.compile(
    rf"(?<![\w])(?P<day>(?:1er|1st|2nd|3rd|\d{{1,2}}(?:e|th)?)[ \u00a0]+)(?=(?:{MONTHS})\b)"
    rf"|\b(?:{MONTHS})[ \u00a0](?P<after>\d{{1,2}}(?:st|nd|rd|th)?,?)(?![\w])",
    re.IGNORECASE,
)

IDENTIFIER_PATTERNS = (
    (EMAIL, EMAIL_RE),
    (URL, URL_RE),
    (IBAN, IBAN_RE),
    (PHONE, PHONE_RE),
    (COMPANY_NUMBER, COMPANY_NUMBER_RE),
    (POSTAL_CODE, CANADIAN_POSTAL_RE),
    (POSTAL_CODE, FRENCH_POSTAL_RE),
    (DATE, NUMERIC_DATE_RE),
    (DATE, DAY_OF_MONTH_RE),
)


def _pattern_spans(text: str) -> list[Span]:
    spans = []
    for kind, pattern in IDENTIFIER_PATTERNS:
        for found in pattern.finditer(text):
            group = next((g for g in ("day", "after") if found.groupdict().get(g)), 0)
            start, end = found.span(group)
            if end > start:
                spans.append(Span(start, end, kind, text[start:end]))
    return spans


# --- Figures ------------------------------------------------------------------------------------

# A number: 2 134, 2 134,5, 2,134, 12.5, 12,5, 1900. Thousands apart by a (no-break) space,
# a comma or a point followed by exactly three digits.
_NUMBER = (
    r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?"
    r"|\d{1,3}(?:[,.]\d{3})+(?![\d])(?:[.,]\d+)?"
    r"|\d+(?:[.,]\d+)?"
)
_CURRENCY_AFTER = (
    r"k[ \u00a0\u202f]?€|k[ \u00a0\u202f]?\$|M[ \u00a0\u202f]?€|M[ \u00a0\u202f]?\$|"
    r"€|\$[ \u00a0]?CA|\$[ \u00a0]?US|\$|EUR\b|CAD\b|USD\b|euros?\b|dollars?\b|"
    r"k[ \u00a0\u202f]?(?:EUR|CAD|USD)\b|£|GBP\b|CHF\b"
)
_CURRENCY_BEFORE = r"€|CA\$|C\$|US\$|\$|EUR|CAD|USD|£|CHF"
_PERCENT = r"%|pour[ \u00a0]?cent\b|per[ \u00a0]?cent\b|percent\b|p\.[ \u00a0]?100\b"
_APPROX_BEFORE = (
    r"(?:plus de|moins de|près de|pres de|environ|presque|quelque|jusqu['’]à|jusqu['’]a|"
    r"au moins|au plus|more than|less than|over|under|about|around|nearly|almost|some|"
    r"up to|at least|at most)"
)
FIGURE_RE = re.compile(
    # A band already approximate, as the anonymiser writes it: left as it is.
    r"(?P<band>(?:entre|between)[ \u00a0]+\d+(?:[ \u00a0]\d{3})*[ \u00a0]+(?:et|and)[ \u00a0]+"
    r"\d+(?:[ \u00a0]\d{3})*[ \u00a0]*(?:k|M)?[ \u00a0]?(?:€|\$|EUR|CAD|USD|£|CHF))"
    rf"|(?:(?P<approx>{_APPROX_BEFORE})[ \u00a0]+)?"
    rf"(?:(?P<cur_before>{_CURRENCY_BEFORE})[ \u00a0]?)?"
    rf"(?:(?<![\w])(?P<sign>[+\-−]))?"
    # A multiplier ("x2,5", "×3") is a figure too, for the consent; it is never rounded.
    rf"(?:(?P<times>(?<![\w])(?-i:x)|×)|(?<![\w.,/]))(?<!\w[-‐])(?P<number>{_NUMBER})"
    # The number ends at a non-word character, or at its suffix: "12k", "€1.2M", "12.5k$".
    rf"(?!/)(?:(?![\w])|(?=(?-i:[kKM])(?:[€$£]|(?![\w]))))"
    rf"(?:[ \u00a0\u202f]?(?P<scale>(?-i:k|K|M)|millions?|milliers?|mille)(?![\w]))?"
    rf"(?:[ \u00a0\u202f]?(?P<cur_after>{_CURRENCY_AFTER})"
    rf"|[ \u00a0\u202f]?(?P<percent>{_PERCENT}))?",
    re.IGNORECASE,
)
YEAR_CONTEXT = re.compile(
    rf"(?:\b(?:en|in|depuis|since|année|annee|year|fin|début|debut|mi|été|ete|hiver|"
    rf"printemps|automne|spring|summer|autumn|fall|winter|early|late|end of|mid|"
    rf"à|to|jusqu['’]en|until|by|dès|après|apres|after|before|avant|"
    rf"{MONTHS})[ \u00a0]+|[-–/])$",
    re.IGNORECASE,
)
FOLLOWING_YEAR = re.compile(r"^[ \u00a0]*(?:[-–/]|(?:à|to|et|and)[ \u00a0]+)\d{4}\b")


def _parse_number(raw: str) -> Decimal | None:
    raw = raw.replace("\u00a0", " ").replace("\u202f", " ")
    if " " in raw:
        raw = raw.replace(" ", "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", raw):
        raw = raw.replace(",", "")
    elif re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", raw) and raw.count(".") >= 1:
        # 1.500 or 12.500,50: points for thousands (a decimal point would not be followed
        # by exactly three digits and a comma).
        if "," in raw or raw.count(".") > 1:
            raw = raw.replace(".", "").replace(",", ".")
        else:
            raw = raw.replace(".", "")
    else:
        raw = raw.replace(",", ".")
    try:
        return Decimal(raw)
    except InvalidOperation:
        return None


def _is_year(text: str, found: re.Match) -> bool:
    number = found.group("number")
    if not re.fullmatch(r"(19[5-9]\d|20\d\d)", number):
        return False
    if found.group("cur_before") or found.group("cur_after") or found.group("percent"):
        return False
    before = text[max(0, found.start("number") - 30) : found.start("number")]
    after = text[found.end("number") : found.end("number") + 12]
    if YEAR_CONTEXT.search(before) or FOLLOWING_YEAR.match(after):
        return True
    # "1900 photos" counts photos; "Windows Server 2012." or "2023, une année" is a year.
    return not re.match(r"[ \u00a0]+[a-zà-ÿ]", after)


_ROUNDING = {"nearest": ROUND_HALF_UP, "floor": ROUND_FLOOR, "ceil": ROUND_CEILING}


def _decimal(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _one_significant(value, mode: str = "nearest") -> int:
    """In decimal arithmetic, so a count of any size rounds exactly."""
    value = _decimal(value)
    if value <= 0:
        return 0
    magnitude = Decimal(10) ** value.adjusted()
    lead = (value / magnitude).quantize(Decimal(1), rounding=_ROUNDING[mode])
    return int(lead * magnitude)


def round_count(value, mode: str = "nearest") -> int:
    """One significant digit: 2 134 → 2 000, 47 → 50; below ten the count stays."""
    value = _decimal(value)
    if value < 10:
        return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return _one_significant(value, mode)


def round_percent(value) -> int:
    value = _decimal(value)
    if value < 10:
        return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    step = 5 if value <= 100 else 10
    return int((value / step).quantize(Decimal(1), rounding=ROUND_HALF_UP)) * step


BANDS = (1, 2, 5, 10)


def money_band(value) -> tuple[int, int]:
    """The 1-2-5 band holding the amount: 12 500 → (10 000, 20 000)."""
    value = _decimal(value)
    if value <= 0:
        return (0, 1)
    magnitude = 10 ** value.adjusted() if value.adjusted() >= 0 else 1
    lead = value / magnitude
    for low, high in itertools.pairwise(BANDS):
        if low <= lead < high:
            return (low * magnitude, high * magnitude)
    return (10 * magnitude, 20 * magnitude)


def format_int(value: int, language: str) -> str:
    text = f"{int(value):,}"
    return text.replace(",", "\u00a0") if language == "fr" else text


def _money_amount(value: int, symbol: str, language: str) -> str:
    if value >= 1_000_000 and value % 1_000_000 == 0:
        return f"{format_int(value // 1_000_000, language)}\u00a0M{symbol}"
    if value >= 1000 and value % 1000 == 0:
        return f"{format_int(value // 1000, language)}\u00a0k{symbol}"
    return f"{format_int(value, language)}\u00a0{symbol}"


def _currency_symbol(found: re.Match) -> str:
    raw = (found.group("cur_before") or found.group("cur_after") or "").strip()
    low = raw.lower().replace(" ", "").replace("\u00a0", "")
    if "€" in raw or "eur" in low:
        return "€"
    if "£" in raw or "gbp" in low:
        return "£"
    if "chf" in low:
        return "CHF"
    return "$"


def _scale(found: re.Match) -> int:
    scale = (found.group("scale") or "").lower()
    cur = (found.group("cur_after") or "").strip().lower()
    if scale in ("k",) or scale.startswith("mille") or cur[:1] == "k":
        return 1000
    if scale in ("m", "million", "millions") or cur[:1] == "m":
        return 1_000_000
    return 1


_LARGE_UNITS = {
    "fr": (
        (10**12, "billion", "billions"),
        (10**9, "milliard", "milliards"),
        (10**6, "million", "millions"),
    ),
    "en": (
        (10**12, "trillion", "trillion"),
        (10**9, "billion", "billion"),
        (10**6, "million", "million"),
    ),
}


def _in_large_units(value: int, language: str) -> str:
    for unit, one, many in _LARGE_UNITS[language]:
        if value >= unit:
            count = value // unit
            return f"{format_int(count, language)}\u00a0{one if count == 1 else many}"
    return format_int(value, language)


def figure_replacement(text: str, found: re.Match, language: str) -> str | None:
    """What replaces an exact figure, or None when it is already approximate (a band, a
    rounded number, a year, a small count)."""
    if found.group("band") or found.group("times"):
        return None
    if _is_year(text, found):
        return None
    value = _parse_number(found.group("number"))
    if value is None:
        return None
    approx = found.group("approx") or ""
    approx_low = approx.lower()
    mode = "nearest"
    if approx_low.startswith(("plus", "more", "over", "au moins", "at least")):
        mode = "floor"
    elif approx_low.startswith(("moins", "less", "under", "au plus", "at most", "jusqu", "up")):
        mode = "ceil"
    sign = found.group("sign") or ""
    scaled = value * _scale(found)
    prefix = f"{approx} " if approx else ""
    if found.group("cur_before") or found.group("cur_after"):
        symbol = _currency_symbol(found)
        if approx:
            # "plus de 12 500 €" → "plus de 10 k€": the author's own approximation, coarser.
            rounded = _one_significant(scaled, mode)
            if rounded == scaled:
                return None
            return f"{prefix}{sign}{_money_amount(rounded, symbol, language)}"
        low, high = money_band(scaled)
        if low >= 1_000_000:
            unit, div = f"M{symbol}", 1_000_000
        elif low >= 1000:
            unit, div = f"k{symbol}", 1000
        else:
            unit, div = symbol, 1
        if language == "fr":
            between = "entre {} et {}".format(
                format_int(low // div, "fr"),
                format_int(high // div, "fr"),
            )
        else:
            between = "between {} and {}".format(
                format_int(low // div, "en"),
                format_int(high // div, "en"),
            )
        return f"{sign}{between}\u00a0{unit}"
    if found.group("percent"):
        rounded = round_percent(value)
        if rounded == value:
            return None
        words = "environ " if language == "fr" else "about "
        return f"{prefix or words}{sign}{format_int(int(rounded), language)}\u00a0%"
    if scaled < 10 and _scale(found) == 1:
        return None
    rounded = round_count(scaled, mode)
    if rounded == scaled:
        # Already round: "2 millions", "4K", "10k abonnés".
        return None
    words = "environ " if language == "fr" else "about "
    if rounded >= 100_000_000:
        # "100 000 000" would read as a company number: "100 millions".
        return f"{prefix or words}{sign}{_in_large_units(rounded, language)}"
    return f"{prefix or words}{sign}{format_int(rounded, language)}"


def _figure_spans(text: str, language: str) -> list[Span]:
    spans = []
    for found in FIGURE_RE.finditer(text):
        if not found.group("number") and not found.group("band"):
            continue
        replacement = figure_replacement(text, found, language)
        if replacement is None:
            continue
        spans.append(Span(found.start(), found.end(), FIGURE, found.group(), replacement))
    return spans


def has_figures(text: str) -> bool:
    """Whether the text states figures (R-CONSENT's "figures" scope): a digit that is not
    part of a year or a date."""
    stripped = NUMERIC_DATE_RE.sub(" ", text or "")
    stripped = DAY_OF_MONTH_RE.sub(" ", stripped)
    for found in FIGURE_RE.finditer(stripped):
        if found.group("band"):
            return True
        if found.group("number") and not _is_year(stripped, found):
            return True
    return False


# --- Scan and replace --------------------------------------------------------------------------


def _merge(spans: list[Span]) -> list[Span]:
    """Overlapping spans become one, covering both, of the longer one's kind."""
    spans = sorted(spans, key=lambda s: (s.start, -(s.end - s.start)))
    merged: list[Span] = []
    for span in spans:
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            if span.end > last.end:
                keep = last if (last.end - last.start) >= (span.end - span.start) else span
                merged[-1] = Span(last.start, span.end, keep.kind, "", keep.replacement, keep.term)
            continue
        merged.append(span)
    return merged


def scan(text: str, deny_list: DenyList, *, language: str | None = None) -> list[Span]:
    """Every span of `text` that would betray the client: deny-listed names, identifiers,
    exact figures, days of dates. Sorted, not overlapping. The guard's own eyes."""
    language = _language(language)
    # What a reader sees: "H&ocirc;tel du\u2060Lac" is "Hôtel du Lac". Spans found there map
    # back to the original, a character reference whole.
    view = reader_view(text)
    seen = view.text
    found = _deny_spans(seen, deny_list) + _pattern_spans(seen) + _figure_spans(seen, language)
    spans = []
    for s in _merge(found):
        start, end = view.span(s.start, s.end)
        spans.append(Span(start, end, s.kind, text[start:end], s.replacement, s.term))
    return spans


def _language(language: str | None) -> str:
    language = (language or translation.get_language() or "fr")[:2]
    return "en" if language == "en" else "fr"


def person_replacement(role: str, deny_list: DenyList, language: str) -> str:
    """A person becomes their job title when it betrays nothing itself, else a neutral
    phrase."""
    with translation.override(language):
        neutral = _("a person on the client's team")
    role = (role or "").strip()
    if role and not scan(role, deny_list, language=language):
        # "Directrice" as written in the records reads "directrice" inside a sentence;
        # an acronym ("CEO") stays as it is.
        return role if role[1:2].isupper() else role[:1].lower() + role[1:]
    return neutral


def placeholder(kind: str, language: str) -> str:
    with translation.override(language):
        return {
            EMAIL: _("[email address]"),
            URL: _("[website]"),
            DOMAIN: _("[website]"),
            ASSET: _("[identifier]"),
            PHONE: _("[phone number]"),
            IBAN: _("[bank account]"),
            COMPANY_NUMBER: _("[company number]"),
            POSTAL_CODE: _("[postal code]"),
            CITY: _("[city]"),
            ENGAGEMENT: _("[the engagement]"),
            THIRD_PARTY: _("[another firm]"),
            DATE: "",
        }.get(kind, _("[redacted]"))


_ELISION_BEFORE = re.compile(r"(?:\b([lLdD])['’])$")
_SENTENCE_END = re.compile(r"(?:[.!?:]\s+|\n\s*(?:[#>*-]+\s*)?)$")


def _at_sentence_start(text: str, start: int) -> bool:
    head = text[max(0, start - 12) : start]
    return not text[:start].strip() or bool(_SENTENCE_END.search(head))


def _capitalised(replacement: str) -> str:
    return replacement[:1].upper() + replacement[1:]


def _client_replacement(text: str, start: int, descriptor: str) -> tuple[int, str]:
    """The descriptor in place of the client, with the elision before it settled:
    "l'Hôtel du Lac" → "un hôtel…", "d'Hôtel du Lac" → "d'un hôtel…" / "de …"."""
    replacement = descriptor
    elided = _ELISION_BEFORE.search(text[max(0, start - 3) : start])
    if elided:
        letter = elided.group(1)
        start = start - (len(elided.group()))
        vowel = fold_term(descriptor[:1])[:1] in ("a", "e", "i", "o", "u", "y", "h")
        if letter in "dD":
            replacement = (f"{letter}'" if vowel else f"{letter}e ") + descriptor
        else:
            # "de l'Hôtel du Lac" → "d'un hôtel…"
            de = re.search(r"\b([dD])e[ \u00a0]+$", text[max(0, start - 4) : start])
            if de and vowel:
                start -= len(de.group())
                replacement = f"{de.group(1)}'{descriptor}"
    if _at_sentence_start(text, start):
        replacement = _capitalised(replacement)
    return start, replacement


@dataclass(frozen=True)
class Replaced:
    """The anonymised text and, for the preview, each replacement as it stands in it."""

    text: str
    spans: list[Span]  # offsets in the anonymised text; `text` holds what was there


def _replacement(text: str, span: Span, deny_list: DenyList, descriptor: str, language: str):
    """(start, replacement) for one span; the start moves back over an elision."""
    start = span.start
    if span.kind == CLIENT:
        return _client_replacement(text, start, descriptor)
    if span.kind in (PERSON, INITIALS):
        role = span.term.role if span.term else ""
        replacement = person_replacement(role, deny_list, language)
        return start, _capitalised(replacement) if _at_sentence_start(text, start) else replacement
    if span.kind == FIGURE:
        return start, span.replacement
    if span.kind == DATE:
        if NUMERIC_DATE_RE.fullmatch(span.text):
            with translation.override(language):
                return start, _("[date]")
        return start, ""
    return start, placeholder(span.kind, language)


def anonymise(
    text: str, deny_list: DenyList, *, descriptor: str, language: str | None = None
) -> Replaced:
    """Replace every span `scan` finds: the client by the descriptor, people by their role,
    identifiers by placeholders, figures by approximations, the day of a date by nothing
    ("le 12 mars 2023" → "en mars 2023")."""
    language = _language(language)
    # Nobody sees an invisible character: the text keeps none (the exports drop them too).
    text = strip_invisible(text or "")
    out: list[str] = []
    done: list[Span] = []
    cursor = length = 0
    for span in scan(text, deny_list, language=language):
        if span.start < cursor:
            continue
        start, replacement = _replacement(text, span, deny_list, descriptor, language)
        start = max(start, cursor)
        head = text[cursor:start]
        end = span.end
        if span.kind == DATE and not replacement:
            # "le 12 mars" → "en mars"; "March 12, 2023" → "March 2023".
            head = re.sub(
                r"\b([lL])e([ \u00a0]+)$",
                lambda m: ("e" if m.group(1) == "l" else "E") + "n" + m.group(2),
                head,
            )
            if head.endswith((" ", "\u00a0")) and text[end : end + 1] in (" ", "\u00a0"):
                end += 1
        out.append(head)
        length += len(head)
        out.append(replacement)
        done.append(
            Span(length, length + len(replacement), span.kind, text[start:end], replacement)
        )
        length += len(replacement)
        cursor = end
    out.append(text[cursor:])
    return Replaced("".join(out), done)
