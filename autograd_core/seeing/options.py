"""The options of every picture of a graph, each checked once, before anything is drawn.

``to_dot``, ``render_svg``, ``render_png``, the frames, the GIF and the
players take the same options (``PictureOptions``); a wrong one is a clear
error naming the function, the option and what it expects.

``slide=True`` asks for a picture to project in a lecture hall: 16:9, large
type, the legend left out, each neuron drawn as one operation and each chain
of unnamed one-input operations (the ½(t − o)² of a loss) drawn as one, so
that the picture fills a 1920×1080 slide with text a back row can read.
"""

import numbers

from .steps import Step

LAYOUTS = ("auto", "layers", "flow")

#: A picture of more boxes than this is not drawn (``max_nodes=`` raises it):
#: Graphviz's layout time grows faster than the number of nodes and edges,
#: from a fraction of a second at 400 nodes to minutes at 1,500 (a 2-16-16-1
#: network over 16 samples), and a long chain runs it out of stack.
MAX_NODES = 500

#: The longest title a picture takes, in characters: a caption, not a text (Graphviz
#: refuses a string of more than 16,384 bytes, which an escaped title could reach).
MAX_TITLE_CHARS = 2000


class PictureOptions:
    """The options of ``to_dot`` (see there), checked, with defaults resolved.

    ``legend`` and ``collapse_neurons`` left at None follow ``slide``: a slide
    has no legend and draws each neuron as one operation.
    """

    NAMES = ("rankdir", "show_grad", "collapse_neurons", "legend", "highlight", "title",
             "digits", "layout", "slide", "names", "max_nodes")

    def __init__(self, where, rankdir="LR", show_grad=True, collapse_neurons=None, legend=None,
                 highlight=None, title=None, digits=4, layout="auto", slide=False, names=None,
                 max_nodes=MAX_NODES):
        if rankdir not in ("LR", "TB", "RL", "BT"):
            raise ValueError(f"{where}: rankdir must be 'LR', 'TB', 'RL' or 'BT', got {rankdir!r}")
        for name, flag in (("show_grad", show_grad), ("slide", slide)):
            _check_flag(flag, f"{where}({name}=...)")
        for name, flag in (("collapse_neurons", collapse_neurons), ("legend", legend)):
            if flag is not None:
                _check_flag(flag, f"{where}({name}=...)", "True, False or None")
        if highlight is not None and not isinstance(highlight, Step):
            raise TypeError(f"{where}(highlight=...): expected a step of backward_steps() or None, "
                            f"got {type(highlight).__name__}: {highlight!r}")
        if title is not None and not isinstance(title, str):
            raise TypeError(f"{where}(title=...): expected a str or None, "
                            f"got {type(title).__name__}: {title!r}")
        check_title_length(title, where)
        if isinstance(digits, bool) or not isinstance(digits, numbers.Integral):
            raise TypeError(f"{where}(digits=...): expected an int from 1 to 17, "
                            f"got {type(digits).__name__}: {digits!r}")
        if not 1 <= digits <= 17:
            raise ValueError(f"{where}(digits=...): expected an int from 1 to 17, got {digits!r}")
        if layout not in LAYOUTS:
            raise ValueError(f"{where}(layout=...): expected one of {LAYOUTS}, got {layout!r}")
        if names is not None and not callable(names):
            raise TypeError(f"{where}(names=...): expected a function from a label to the name to "
                            f"show (such as nn.notes_name) or None, got {type(names).__name__}: "
                            f"{names!r}")
        if (isinstance(max_nodes, bool) or not isinstance(max_nodes, numbers.Integral)
                or max_nodes < 1):
            raise ValueError(f"{where}(max_nodes=...): expected an int >= 1, got {max_nodes!r}")
        self.where = where
        self.rankdir, self.show_grad = rankdir, show_grad
        self.slide = slide
        self.collapse_neurons = slide if collapse_neurons is None else collapse_neurons
        self.legend = (not slide) if legend is None else legend
        self.highlight, self.title = highlight, title
        self.digits, self.layout = int(digits), layout
        self.names, self.max_nodes = names, int(max_nodes)
        self._given = dict(rankdir=rankdir, show_grad=show_grad, collapse_neurons=collapse_neurons,
                           legend=legend, highlight=highlight, title=title, digits=digits,
                           layout=layout, slide=slide, names=names, max_nodes=max_nodes)

    @classmethod
    def from_keywords(cls, where, options):
        """The options from a ``**options`` dict; an unknown name is a TypeError naming it."""
        unknown = sorted(set(options) - set(cls.NAMES))
        if unknown:
            raise TypeError(f"{where}: unknown option(s) {', '.join(unknown)}; "
                            f"expected some of {', '.join(cls.NAMES)}")
        return cls(where, **options)

    def with_changes(self, **changes):
        """The same options with some changed (checked again)."""
        given = dict(self._given)
        given.update(changes)
        return PictureOptions(self.where, **given)


def check_title_length(title, where):
    """Refuse a title longer than ``MAX_TITLE_CHARS``, naming its length."""
    if title is not None and len(title) > MAX_TITLE_CHARS:
        raise ValueError(f"{where}(title=...): a title of {len(title):,} characters is too long "
                         f"to draw; give at most {MAX_TITLE_CHARS:,}")


def _check_flag(flag, where, expected="True or False"):
    if not isinstance(flag, bool):
        raise TypeError(f"{where}: expected {expected}, got {type(flag).__name__}: {flag!r}")
