"""Text as French readers type and read it: folding, sorting, suggestions and text tables.

One policy for each, used everywhere a name typed by a person meets the data (a workbook
cell, a ``--param`` value, a structure named on the command line):

- :func:`fold` ignores accents, case, ligatures, typographic apostrophes and repeated spaces;
- :func:`name_key` also ignores punctuation and reads « St » as « Saint » (place names);
- :func:`suggest` proposes the closest names when nothing matches;
- :func:`french_sort_key` sorts as a French index does;
- :func:`text_table` draws the aligned tables the command line prints;
- :func:`without_controls` removes the control characters that must never reach a file or a
  terminal;
- what ppgraph writes is inert by construction: :func:`inert_cell` neutralises a spreadsheet
  or CSV cell that a spreadsheet would run as a formula, :func:`xml_text` keeps only what XML
  1.0 allows, :func:`terminal_text` and :class:`TerminalStream` keep data from driving a
  terminal, :func:`json_text` writes JSON whose strings carry no raw control character.

>>> fold("  Étude de MARCHÉ — l’œnotourisme ")
"etude de marche — l'oenotourisme"
>>> name_key("St-Émilion"), name_key("Saint Emilion")
('saint emilion', 'saint emilion')
>>> suggest("Sarlat", ["Sarlat-la-Canéda", "Sarliac-sur-l'Isle", "Salignac-Eyvigues"])
['Sarlat-la-Canéda']
>>> suggest("Guichet unque", ["Aucun accompagnement", "Guichet unique", "Suivi précis"])
['Guichet unique']
"""

from __future__ import annotations

import difflib
import functools
import io
import json
import re
import textwrap
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from typing import Any

__all__ = ["fold", "name_key", "french_sort_key", "suggest", "without_controls",
           "has_controls", "text_table", "slug", "FORMULA_TRIGGERS", "formula_like",
           "inert_cell", "revived_cell", "xml_text", "terminal_text", "json_text",
           "escaped_controls", "UNSEEN",
           "TerminalStream"]

_LIGATURES = (("œ", "oe"), ("Œ", "oe"), ("æ", "ae"), ("Æ", "ae"), ("ß", "ss"),
              ("’", "'"), ("‘", "'"), ("ʼ", "'"), ("\u00a0", " "), ("\u202f", " "))
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
UNSEEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u034f\u061c\u115f\u1160"
                    "\u17b4\u17b5\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff"
                    "\ufff9-\ufffb]")
"""Control characters (tab, line feed and carriage return are text's own) and characters that
print as nothing (zero-width space, joiners, direction marks and overrides, line and paragraph
separators, byte-order mark, soft hyphen): THE set ppgraph removes from what it reads."""
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\x00")
"""First characters that make a spreadsheet read a cell as a formula (OWASP's list for CSV
injection, with line feed and NUL as ASVS adds)."""
_TRIGGERED = re.compile("[" + re.escape("".join(FORMULA_TRIGGERS)) + "]")
_QUOTED = re.compile("'+[" + re.escape("".join(FORMULA_TRIGGERS)) + "]")
_NUMBER = re.compile(r"[+-]?\d+([.,]\d+)?")
# XML 1.0 allows tab, line feed, carriage return and the rest of Unicode but for the C0
# controls, the surrogates and U+FFFE/U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# On a terminal: every C0 control but tab and line feed (a carriage return only before a line
# feed), DEL, the C1 controls (CSI...), and the invisible and bidirectional format characters
# that could make a line read as something else.
_NOT_TERMINAL = re.compile("\r(?!\n)|[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f"
                           "\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff"
                           "\ud800-\udfff]")


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """``text`` without accents, case, ligatures, typographic apostrophes or repeated spaces:
    how a French reader compares two words.

    >>> fold("  Guichet   UNIQUE ")
    'guichet unique'
    """
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(c for c in text if not unicodedata.combining(c))
    for a, b in _LIGATURES:
        text = text.replace(a, b)
    text = UNSEEN.sub("", text)
    return re.sub(r"\s+", " ", text).strip().casefold()


@functools.lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """A looser key for names: :func:`fold`, punctuation as spaces, « St » as « Saint ».

    >>> name_key("Saint-Martin-d'Ary"), name_key("ST MARTIN D ARY")
    ('saint martin d ary', 'saint martin d ary')
    """
    words = re.sub(r"[^\w]+", " ", fold(text)).split()
    return " ".join(_ABBREVIATIONS.get(w, w) for w in words)


def french_sort_key(text: str) -> tuple[str, str]:
    """Sort key that ignores accents and case first, then breaks ties on the exact text.

    >>> sorted(["Événement", "Etape", "écluse", "Zoo"], key=french_sort_key)
    ['écluse', 'Etape', 'Événement', 'Zoo']
    """
    return (name_key(text), text)


def slug(text: str) -> str:
    """A file-name and anchor friendly form: ``qui-fait-quoi``, ``niveau-guichet-unique``.

    >>> slug("Pyrénées-Atlantiques (64)")
    'pyrenees-atlantiques-64'
    """
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "x"


def suggest(typed: str, choices: Iterable[str], *, n: int = 2,
            prefer: Callable[[str], bool] | None = None,
            key: Callable[[str], str] = name_key) -> list[str]:
    """The choices closest to what a person typed, best first (at most ``n``).

    The one suggestion policy of ppgraph: a choice whose words start with the typed words
    (« Sarlat » → « Sarlat-la-Canéda ») comes first; otherwise the choices whose spelling is
    close (difflib ratio at least 0.6, keeping only those nearly as close as the best). Among
    equals, choices for which ``prefer`` is true come first (the submission's own
    département, say), then the shorter ones.

    >>> suggest("cci", ["CCI fictive (Creuse)", "CMA fictive (Creuse)"], n=1)
    ['CCI fictive (Creuse)']
    >>> suggest("xyz", ["Gironde", "Landes"])
    []
    """
    wanted = key(typed)
    if not wanted:
        return []
    keyed: dict[str, list[str]] = {}
    for choice in choices:
        keyed.setdefault(key(choice), []).append(choice)
    if not keyed:
        return []

    def order(choice: str) -> tuple:
        return (not (prefer(choice) if prefer else False), len(choice), choice)

    words = wanted.split()
    by_prefix = [c for k, cs in keyed.items() for c in cs
                 if k != wanted and _starts_words(k.split(), words)]
    if by_prefix:
        return sorted(by_prefix, key=order)[:n]
    close = difflib.get_close_matches(wanted, list(keyed), n=max(3 * n, 6), cutoff=0.6)
    if not close:
        return []
    scored = sorted(((difflib.SequenceMatcher(None, wanted, k).ratio(), k) for k in close),
                    key=lambda x: -x[0])
    best = scored[0][0]
    out: list[str] = []
    for score, k in scored:
        if score >= best - 0.05:
            out.extend(c for c in sorted(keyed[k], key=order) if c not in out)
    return sorted(out, key=lambda c: (-difflib.SequenceMatcher(None, wanted, key(c)).ratio(),
                                      order(c)))[:n]


def _starts_words(candidate: Sequence[str], typed: Sequence[str]) -> bool:
    """Whether the typed words begin the candidate's words, in order (the last typed word
    may be incomplete)."""
    if len(typed) > len(candidate):
        return False
    for i, word in enumerate(typed):
        if i == len(typed) - 1:
            if not candidate[i].startswith(word):
                return False
        elif candidate[i] != word:
            return False
    return True


def has_controls(text: str) -> bool:
    """Whether ``text`` holds a control or invisible character (NUL, BEL, ESC, zero-width
    space...); tab, line feed and carriage return are allowed."""
    return bool(UNSEEN.search(text))


def without_controls(text: str) -> str:
    """``text`` with control and invisible characters removed (tab and line breaks kept).

    >>> without_controls("Office\\x00 de\\x07 tourisme\\u200b")
    'Office de tourisme'
    """
    return UNSEEN.sub("", text)


def formula_like(text: str) -> bool:
    """Whether a spreadsheet would read ``text`` as a formula: it starts with ``= + - @``, a
    tab, a line break or NUL — unless it is a plain number (« -12,5 » is a number, not a
    formula).

    >>> formula_like('=HYPERLINK("https://exemple.test";"Cliquez ici")'), formula_like("-12,5")
    (True, False)
    >>> formula_like("+33 5 55 00 00 00"), formula_like("Office de tourisme")
    (True, False)
    """
    return bool(_TRIGGERED.match(text)) and not _NUMBER.fullmatch(text)


def inert_cell(value: Any) -> Any:
    """A CSV cell as OWASP's CSV-injection guidance writes it: text that a spreadsheet would
    run as a formula gets a leading apostrophe (shown as text, never evaluated); anything
    else is returned unchanged. :func:`revived_cell` takes the apostrophe off when ppgraph
    reads the file back, so that the round trip loses nothing.

    >>> inert_cell("=1+1"), inert_cell("@SUM(A1)"), inert_cell("Guéret"), inert_cell(-3)
    ("'=1+1", "'@SUM(A1)", 'Guéret', -3)
    >>> inert_cell("'=1+1")       # an apostrophe already there is kept: one more is added
    "''=1+1"
    """
    # Text that already starts with apostrophes before a trigger gets one more, so that
    # revived_cell gives it back exactly.
    if isinstance(value, str) and (formula_like(value) or _QUOTED.match(value)):
        return "'" + value
    return value


def revived_cell(text: str) -> str:
    """The text :func:`inert_cell` neutralised, as it was written.

    >>> revived_cell("'=1+1"), revived_cell("''=1+1"), revived_cell("'aujourd'hui")
    ('=1+1', "'=1+1", "'aujourd'hui")
    """
    if _QUOTED.match(text) and (formula_like(text[1:]) or text.startswith("''")):
        return text[1:]
    return text


def xml_text(text: str) -> str:
    r"""``text`` without the characters XML 1.0 forbids (NUL, BEL, ESC..., lone surrogates),
    its line breaks as line feeds (what any XML reader makes of a carriage return): what
    GraphML, GEXF and XLSX files need to stay well-formed and read back as written.

    >>> xml_text("Office\x00 de\x07 tourisme\x1b[31m\r\n")
    'Office de tourisme[31m\n'
    """
    return _NOT_XML.sub("", text).replace("\r\n", "\n").replace("\r", "\n")


def terminal_text(text: str) -> str:
    r"""``text`` that cannot drive a terminal: no escape sequence (ESC, CSI), no bell, no
    backspace or lone carriage return to overwrite a line, no bidirectional override; tab
    and line breaks stay.

    >>> terminal_text("Nom\x1b[2J\x07 fictif\rERREUR\u202e\n")
    'Nom[2J fictifERREUR\n'
    """
    return _NOT_TERMINAL.sub("", text)


def json_text(data: Any, **kwargs: Any) -> str:
    r"""``json.dumps(data, ensure_ascii=False, ...)`` whose strings carry no raw control,
    invisible or bidirectional character: those are written as ``\uXXXX`` escapes (C0
    controls already are), so the JSON is the same data and safe to print.

    >>> json_text({"nom": "a\x9bb\u202e"})
    '{"nom": "a\\u009bb\\u202e"}'
    """
    # Outside its strings JSON only has ASCII punctuation and spaces: every match is inside one.
    return escaped_controls(json.dumps(data, ensure_ascii=False, **kwargs))


def escaped_controls(text: str) -> str:
    r"""``text`` with what :func:`terminal_text` would remove written as ``\uXXXX`` instead:
    the escape that JSON strings and Turtle or N-Triples literals share, so a document in one
    of those syntaxes keeps its data and becomes safe to print.

    >>> print(escaped_controls('"Nom\x1b[2J\x07"'))
    "Nom\u001b[2J\u0007"
    """
    return _NOT_TERMINAL.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


class TerminalStream(io.TextIOBase):
    r"""A text stream that passes what is written to another one through :func:`terminal_text`.

    The command line writes its standard output (and error) through it, so that no value of
    the data reaches the terminal as a control sequence, whatever renderer worded it. On
    standard error, ``progress=True`` lets through the carriage return and the cursor
    escapes of click's progress bar, which only draws them on a terminal; a byte order mark
    that opens the output (a CSV for Excel) is kept.

    >>> import io
    >>> out = io.StringIO(); stream = TerminalStream(out)
    >>> _ = stream.write("\ufeffNom;Code\r\n"); _ = stream.write("Office\x1b]8;;\x07 fictif;33\r\n")
    >>> out.getvalue()
    '\ufeffNom;Code\r\nOffice]8;; fictif;33\r\n'
    >>> err = io.StringIO()
    >>> _ = TerminalStream(err, progress=True).write("\r\x1b[?25lVersement [##--] \x1b]0;x\x07")
    >>> err.getvalue()
    '\r\x1b[?25lVersement [##--] ]0;x'
    """

    # What click's progress bar writes on a terminal, within the lines it draws: the carriage
    # return that redraws the line, and the escapes that hide and show the cursor.
    _PROGRESS = re.compile(r"(\r\x1b\[\?25l|\x1b\[\?25h|^\r)")

    def __init__(self, stream: Any, *, progress: bool = False):
        super().__init__()
        self._stream = stream
        self._progress = progress
        self._started = False

    def write(self, text: str) -> int:
        written = len(text)
        if not self._started and text:
            self._started = True
            if text.startswith("\ufeff"):  # the byte order mark of a CSV for Excel
                self._stream.write("\ufeff")
                text = text[1:]
        if self._progress:
            parts = self._PROGRESS.split(text)
            text = "".join(part if i % 2 else terminal_text(part) for i, part in enumerate(parts))
        else:
            text = terminal_text(text)
        self._stream.write(text)
        return written

    def flush(self) -> None:
        self._stream.flush()

    def close(self) -> None:
        """Close the stream written to as well (the command line closes its standard error
        when the reader of its output went away)."""
        self._stream.close()
        super().close()

    def __del__(self) -> None:
        # Dropping the wrapper must not close the stream it writes to (IOBase would).
        pass

    def isatty(self) -> bool:
        return self._stream.isatty()

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._stream.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self._stream, "encoding", None) or "utf-8"

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return getattr(self._stream, "errors", None)


def text_table(headers: Sequence[str], rows: Iterable[Sequence[Any]], *,
               right: Iterable[int] = (), width: int | None = None) -> str:
    """An aligned text table, as the command line prints it: a header line, a rule, then the
    rows; columns in ``right`` are right-aligned (numbers); with ``width``, longer cells
    of the other columns wrap onto several lines. Control characters never get through.

    >>> print(text_table(["Code", "Nombre"], [["33", "5 721"], ["2A", "12"]], right={1}))
    Code  Nombre
    ----  ------
    33     5 721
    2A        12
    """
    right = set(right)
    cells = [[_lines(h, None) for h in headers]]
    cells += [[_lines(c, None if i in right else width) for i, c in enumerate(row)]
              for row in rows]
    widths = [max(len(line) for row in cells for line in row[i]) for i in range(len(headers))]

    def render(parts: Sequence[str]) -> str:
        return "  ".join(p.rjust(w) if i in right else p.ljust(w)
                         for i, (p, w) in enumerate(zip(parts, widths))).rstrip()

    out = [render([c[0] for c in cells[0]]), render(["-" * w for w in widths])]
    for row in cells[1:]:
        height = max(len(c) for c in row)
        for k in range(height):
            out.append(render([c[k] if k < len(c) else "" for c in row]))
    return "\n".join(out)


def _lines(value: Any, width: int | None) -> list[str]:
    text = without_controls(str(value if value is not None else "")).replace("\t", " ")
    parts = text.splitlines() or [""]
    if width is None:
        return parts
    out: list[str] = []
    for part in parts:
        out += textwrap.wrap(part, width=width, break_long_words=False,
                             break_on_hyphens=False) or [""]
    return out
