"""While the page plays: how much to train between two updates, and when to send the costly parts.

An update of the page is one ``frame``: at least one epoch (up to the
``speed`` setting, and as many as fit in ``FRAME_SECONDS``; less if a
pause stops it between two updates), then the state. The cheap part of the state (epoch, losses, every weight and its
gradient) goes with every frame. The costly part (the heat maps of the
prediction and of every neuron, the test loss, and in the gradient view
each neuron's gradient over the plane) costs as much as an epoch or two;
it goes with a frame only while the time spent on it stays within
``budget`` of the time spent training. So training on the page is never
more than about ``1 + budget`` times slower than ``nn.fit`` on the same
work, while the heat maps still move several times a second.

The host (the server, or a page running the session itself) owns the
timer and calls ``frame`` again and again; this class only keeps the
accounts, so it runs wherever the session runs.
"""

import time

FRAME_SECONDS = 0.03
"""Train about this long between two updates when epochs are short."""

BUDGET = 0.25
"""The costly parts may take at most this fraction of the training time."""

PLAY_GRID_SIZE = 20
"""The heat maps' cells per side while playing; a paused page gets the finer ``session.GRID_SIZE``."""


class Pacer:
    """Runs one update (``frame``) at a time and keeps the time accounts of a session that plays."""

    def __init__(self, session, budget=BUDGET, frame_seconds=FRAME_SECONDS, clock=time.perf_counter):
        self.session = session
        self.budget = budget
        self.frame_seconds = frame_seconds
        self.clock = clock
        self.training_seconds = 0.0
        self.costly_seconds = 0.0
        self.cheap_seconds = 0.0
        self.last_costly_seconds = 0.0
        self.frames = 0
        self.costly_frames = 0
        self.data_version = None

    def frame(self, gradient_grids=False):
        """Train one update's worth of epochs; return the state to send (costly parts when affordable)."""
        session = self.session
        speed = session.settings()["speed"]
        started = self.clock()
        epochs = 0
        while True:
            answer = session.step(while_playing=True)      # a pause stops it between two updates
            epochs += 1
            if answer["stopped"] or epochs >= speed or self.clock() - started >= self.frame_seconds:
                break
        trained = self.clock()
        self.training_seconds += trained - started
        # Paused: the host sends a full state next, so this frame carries only the cheap part.
        costly = (self.costly_seconds + self.last_costly_seconds <= self.budget * self.training_seconds
                  and session.playing)
        state = session.state(grids=costly, test_loss=costly, gradient_grids=costly and gradient_grids,
                              grid_size=PLAY_GRID_SIZE, data_version=self.data_version)
        self.data_version = state["data"]["version"]
        spent = self.clock() - trained
        if costly:
            self.costly_seconds += spent
            self.last_costly_seconds = spent
            self.costly_frames += 1
        else:
            self.cheap_seconds += spent
        self.frames += 1
        return state

    def overhead(self):
        """(time training + time on the state) / time training, so far."""
        if not self.training_seconds:
            return 1.0
        return (self.training_seconds + self.costly_seconds + self.cheap_seconds) / self.training_seconds
