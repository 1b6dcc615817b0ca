"""The Backprop Playground: a live page where a network trains and every gradient can be opened.

    python -m nn.playground                    # the page, on the Playground's data sets
    model = nn.playground(model, X, Y)         # the page on your own network and data

The page talks to one ``PlaygroundSession`` (``session.py``) whose every
answer is plain JSON; the local server (``server.py``, Starlette and
uvicorn, from the ``playground`` extra) only carries its calls. Nothing
here imports the server until a playground starts, so ``import nn`` needs
only the standard library.

``nn.playground`` is the function; the modules are reached with
``from nn.playground.session import PlaygroundSession`` (or ``from nn.playground
import session``), since ``import nn.playground.session as s`` looks the name up
on the function.
"""

from .launch import Playground, playground
from .session import PlaygroundSession
from .settings import PlaygroundError

__all__ = ["playground", "Playground", "PlaygroundSession", "PlaygroundError"]
