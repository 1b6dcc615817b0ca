"""Checking what comes in: numbers that must be finite floats, labels that must be text.

Every public entry point of the engine takes its numbers through ``as_float``,
so a wrong type or an infinite number is refused where it is given, with a
message that names the place (``where``) and the offending value.
"""

import math
import numbers

_isfinite = math.isfinite


def as_float(x, where):
    """``x`` as a finite float, or an error naming ``where`` and ``x``.

    Any real number type is accepted (int, float, ``Fraction``, numpy's
    scalars).
    """
    if type(x) is float:
        if _isfinite(x):
            return x
    elif isinstance(x, numbers.Real):
        try:
            x = float(x)
        except OverflowError:
            raise ValueError(f"{where}: expected a finite number, got an integer too large "
                             f"for a float ({short_int(x)})") from None
        if _isfinite(x):
            return x
    elif not isinstance(x, type) and hasattr(x, "local_grads") and hasattr(x, "data"):   # a Value
        raise TypeError(
            f"{where}: expected a number here, not a Value ({short_repr(x)}); give its number, "
            f"{x.data!r} (its .data), which no gradient flows to")
    else:
        raise TypeError(
            f"{where}: expected a Value or a real number (int or float), "
            f"got {type(x).__name__}: {short_repr(x)}")
    raise ValueError(f"{where}: expected a finite number, got {x!r}")


def short_int(n):
    """An integer too long to print, by its size: 'about 401 digits'."""
    digits = int(abs(n).bit_length() * 0.30103) + 1
    return f"about {digits} digits"


def short_repr(x, limit=80):
    """``repr(x)``, cut at ``limit`` characters with a note of its full length."""
    text = repr(x)
    return text if len(text) <= limit else text[:limit] + f"… ({len(text)} characters)"


def checked_label(text, where):
    """``text`` if it is a printable label: a str without NUL or lone surrogates."""
    if not isinstance(text, str):
        raise TypeError(f"{where}: a label must be a str, got {type(text).__name__}: "
                        f"{short_repr(text)}")
    if "\x00" in text:
        raise ValueError(f"{where}: a label must not contain the NUL character, got {text!r}")
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(f"{where}: a label must be valid text; {text!r} holds a lone "
                         f"surrogate, which cannot be written to a file or shown") from None
    return text
