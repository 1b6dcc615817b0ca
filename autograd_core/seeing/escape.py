"""Every user string that reaches DOT, SVG, HTML or JavaScript goes through this module.

A label is text, never syntax. A picture or page shows names, titles and
captions chosen by whoever built the graph (``Value(2.0, label=...)``,
``Operation("my op", ...)``, ``title=...``), so each is escaped for the
language it lands in, here and nowhere else:

- ``dot_string``: inside a DOT double-quoted string (a title, an operation's
  label, an edge's label); ``\\`` and ``"`` are escaped, so a label cannot
  end the string and add attributes such as ``URL="javascript:…"``;
- ``record_field``: one field of a DOT record label, where ``{ } | < >`` and
  spaces are syntax too;
- ``markup``: text inside SVG or HTML, and attribute values (``& < > " '``);
- ``script_json``: data inside ``<script>``: JSON with ``<``, ``>`` and ``&``
  written as ``\\u003c`` …, so no string can close the script element.

Each first passes through ``printable``: characters no file format may hold
(control characters, which XML forbids, and lone surrogates) become visible
stand-ins, so a hostile label shows as what it is instead of breaking the file.
So do the invisible controls of writing direction (U+202E and its kin), which
would show the rest of a sentence backwards: "= 24" read as "= 42".

Each then passes through ``left_to_right``: a name in a right-to-left script
(Arabic, Hebrew) is followed by a left-to-right mark, so that it reads as
written and the numbers after it stay in their order (``dz/dاختبار = 1 · 8``
would otherwise be drawn ``8 · 1 = اختبار``).

No attribute that makes a link (``URL``, ``href``) is ever written from a
label; ``has_link`` finds one in an SVG, for the pictures to refuse.
"""

import json
import re
import unicodedata

#: C0 and C1 control characters, DEL, the line and paragraph separators, and the
#: controls of writing direction (marks, embeddings, overrides, isolates).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e"
                      "\u2066-\u2069]")

#: The controls of writing direction alone (for text that is escaped otherwise, as JSON).
_DIRECTION_CONTROL = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")

#: The left-to-right mark, written after a right-to-left name.
LEFT_TO_RIGHT_MARK = "\u200e"

#: The blocks of right-to-left scripts (a quick test before looking at each character).
_MAY_BE_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff"
                                   "\U00010800-\U00010fff\U0001e800-\U0001efff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _stand_in(match):
    code = ord(match.group(0))
    if code < 0x20:
        return chr(0x2400 + code)        # ␀ … ␟, the Unicode "control pictures"
    if code == 0x7F:
        return "\u2421"                  # ␡
    return "\ufffd"                      # �


def printable(text, keep_newlines=False):
    """``text`` with every control character shown as a stand-in (␊ for a newline, ␉ for a tab).

    With ``keep_newlines``, a newline stays (for a caption of several lines).
    Lone surrogates, which no file can hold, become �.
    """
    text = str(text)
    if not text.isprintable():
        if keep_newlines:
            text = "\n".join(_CONTROL.sub(_stand_in, line)
                             for line in text.replace("\r\n", "\n").split("\n"))
        else:
            text = _CONTROL.sub(_stand_in, text)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = _SURROGATE.sub("\ufffd", text)
    return text


def left_to_right(text):
    """``text`` with a left-to-right mark after each run of right-to-left letters.

    A picture's texts are read left to right: ``dz/dy = 1 · 8``. A name in
    Arabic or Hebrew in such a text is drawn right to left, as it should be,
    but by the Unicode bidirectional algorithm it also takes the numbers and
    signs after it into its run, reversing them; the mark ends the run.
    """
    if _MAY_BE_RIGHT_TO_LEFT.search(text) is None:
        return text
    out = []
    in_run = False
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL") or (in_run and kind in ("NSM", "AN")):
            in_run = True
        elif in_run:
            if char != LEFT_TO_RIGHT_MARK:
                out.append(LEFT_TO_RIGHT_MARK)
            in_run = False
        out.append(char)
    if in_run:
        out.append(LEFT_TO_RIGHT_MARK)
    return "".join(out)


def dot_string(text, keep_newlines=False):
    """``text`` as the inside of a DOT double-quoted string, shown exactly as written.

    Graphviz reads ``\\n``, ``\\l``, ``\\N``, … inside labels as escapes, so
    every backslash is doubled; a quote is escaped; a kept newline becomes
    Graphviz's line break ``\\n``; and since it reads ``&amp;``, ``&lt;``, …
    as the characters they name, every ``&`` is written ``&amp;``.
    """
    text = left_to_right(printable(text, keep_newlines)).replace("&", "&amp;")
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    return text.replace("\n", "\\n")


_RECORD_SYNTAX = set('{}|<>" \\')


def record_field(text):
    """``text`` as one field of a DOT record label (inside its double-quoted string).

    The record's own syntax, ``{ } | < >`` and spaces, is escaped with a
    backslash as well as a string's; ``&`` is written ``&amp;`` (see ``dot_string``).
    """
    return "".join("\\" + char if char in _RECORD_SYNTAX else char
                   for char in left_to_right(printable(text)).replace("&", "&amp;"))


def markup(text):
    """``text`` as SVG or HTML text or attribute value: ``& < > " '`` escaped."""
    return attribute_value(left_to_right(printable(text, keep_newlines=True)))


def attribute_value(text):
    """Markup already made (a whole page, for an ``<iframe srcdoc="…">``) as an attribute value:
    ``& < > " '`` escaped, nothing else changed."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#x27;"))


def script_json(data):
    """``data`` as JSON that may sit inside ``<script>``: no ``<``, ``>`` or ``&`` left raw.

    Its strings are shown as text, so the controls of writing direction become
    � and a right-to-left name is followed by a left-to-right mark, as by
    ``markup``.
    """
    text = json.dumps(data, ensure_ascii=False)
    text = left_to_right(_DIRECTION_CONTROL.sub("\ufffd", text))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


_LINK = re.compile(r"<[^<>]*\s(?:xlink:)?href\s*=|<a[\s>]", re.I)


def has_link(svg):
    """True when ``svg`` holds a link: an ``<a>`` element or an ``href`` attribute."""
    return _LINK.search(svg) is not None
