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

No attribute that makes a link (``URL``, ``href``) is ever written from a
label; ``has_link`` finds one in an SVG, for the pictures to refuse.
"""

import json
import re

#: C0 and C1 control characters, DEL, and the line and paragraph separators.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
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


def dot_string(text, keep_newlines=False):
    """``text`` as the inside of a DOT double-quoted string, shown exactly as written.

    Graphviz reads ``\\n``, ``\\l``, ``\\N``, … inside labels as escapes, so
    every backslash is doubled; a quote is escaped; a kept newline becomes
    Graphviz's line break ``\\n``; and since it reads ``&amp;``, ``&lt;``, …
    as the characters they name, every ``&`` is written ``&amp;``.
    """
    text = printable(text, keep_newlines).replace("&", "&amp;")
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    return text.replace("\n", "\\n")


_RECORD_SYNTAX = set('{}|<>" \\')


def record_field(text):
    """``text`` as one field of a DOT record label (inside its double-quoted string).

    The record's own syntax, ``{ } | < >`` and spaces, is escaped with a
    backslash as well as a string's; ``&`` is written ``&amp;`` (see ``dot_string``).
    """
    return "".join("\\" + char if char in _RECORD_SYNTAX else char
                   for char in printable(text).replace("&", "&amp;"))


def markup(text):
    """``text`` as SVG or HTML text or attribute value: ``& < > " '`` escaped."""
    return (printable(text, keep_newlines=True).replace("&", "&amp;").replace("<", "&lt;")
            .replace(">", "&gt;").replace('"', "&quot;").replace("'", "&#x27;"))


def script_json(data):
    """``data`` as JSON that may sit inside ``<script>``: no ``<``, ``>`` or ``&`` left raw."""
    text = json.dumps(data, ensure_ascii=False)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


_LINK = re.compile(r"<[^<>]*\s(?:xlink:)?href\s*=|<a[\s>]", re.I)


def has_link(svg):
    """True when ``svg`` holds a link: an ``<a>`` element or an ``href`` attribute."""
    return _LINK.search(svg) is not None
