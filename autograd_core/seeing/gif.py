"""An animated GIF written frame by frame: each frame only what changed.

The first frame is the whole picture. Every later one is drawn over the
frame before (GIF's "do not dispose") and holds only the rectangles that
changed, the caption, a number, the red edge, each as a GIF image of its
own when they lie apart (all but the last shown for 20 ms, the shortest
delay browsers honour, so a step still lasts its time), with each pixel that
did not change made transparent. So a step costs a few kilobytes however far
apart its changes are. All frames share one palette (255 colours and the
transparent one), made once from a sample of the picture, so nothing is
quantized twice. Memory is one frame's, however many frames there are. The
GIF loops forever; the last frame is held three times as long, so the loop
pauses on the result.

Needs Pillow (the ``render`` extra); its GIF encoder writes each image's data.
"""

import io

#: The palette index of "unchanged since the last frame".
TRANSPARENT = 255

#: How long each image but the last of one frame is shown: the shortest delay
#: browsers honour (they show 0 and 10 ms as 100 ms).
BETWEEN_MILLISECONDS = 20

#: At most this many images make one frame; nearer rectangles are merged first.
MOST_IMAGES_PER_FRAME = 4

#: A GIF's width and height are 16-bit numbers: no side may be longer.
MAX_SIDE = 65_535


def check_gif_size(width, height, scale, where):
    """Refuse, before anything is drawn, a GIF wider or taller than ``MAX_SIDE`` pixels.

    The error names the size and the ways out: a scale that fits, or the
    same frames as PNG files or a page, which have no such limit.
    """
    longest = max(width, height)
    if longest <= MAX_SIDE:
        return
    fitting = int(scale * MAX_SIDE / longest * 100) / 100
    scale_hint = f"scale={fitting:g}, " if fitting >= 0.01 else ""
    raise ValueError(
        f"{where}: the GIF would be {width:,.0f} × {height:,.0f} pixels at scale={scale:g}, and a "
        f"GIF is at most {MAX_SIDE:,} pixels on a side; draw it with {scale_hint}or as PNG "
        f"frames (render_backward_frames(root, folder, format='png')) or a page "
        f"(backward_player(root)), which any size suits")


class GifWriter:
    """``add(image, boxes)`` frame by frame, then ``finish()`` for the GIF's bytes.

    ``palette_source`` is an RGB image holding every colour the frames use.
    """

    def __init__(self, palette_source, milliseconds):
        from PIL import Image

        self._Image = Image
        sample = palette_source
        while sample.width * sample.height > 2_000_000:     # the colours, not every pixel
            sample = sample.reduce(2)
        quantized = sample.quantize(colors=TRANSPARENT, method=Image.Quantize.FASTOCTREE)
        colours = quantized.getpalette()[:3 * TRANSPARENT]
        colours += [0, 0, 0] * (TRANSPARENT - len(colours) // 3) + [255, 0, 255]
        self.palette = Image.new("P", (1, 1))
        self.palette.putpalette(colours)
        self.milliseconds = int(milliseconds)
        self.out = io.BytesIO()
        self.previous = None             # the palette indices of the picture shown so far
        self.pending = []                # the last frame's images wait: the last is held longer

    def _indices(self, image):
        return image.quantize(palette=self.palette, dither=self._Image.Dither.NONE)

    def add(self, image, boxes=None):
        """A frame: the RGB ``image``, of which only the rectangles ``boxes`` changed (None: all)."""
        from PIL import GifImagePlugin

        if self.previous is None:
            first = self._indices(image)
            header, _ = GifImagePlugin.getheader(first.copy(), info={"loop": 0, "optimize": False,
                                                                     "duration": 1})
            for chunk in header:
                self.out.write(chunk)
            self.previous = first.copy()        # updated as frames come; the first waits as it is
            self.pending = [(first, (0, 0), None)]
            return
        self._flush()
        for box in _merged(boxes or [(0, 0) + image.size]):
            self.pending.append(self._delta(image, box))

    def _delta(self, image, box):
        """The rectangle ``box`` of ``image`` as palette indices, unchanged pixels transparent."""
        from PIL import ImageChops

        region = self._indices(image.crop(box))
        before = self.previous.crop(box)
        same = ImageChops.difference(_as_levels(region), _as_levels(before)).point(
            lambda v: 255 if v == 0 else 0)
        self.previous.paste(region, box[:2])
        region.paste(TRANSPARENT, (0, 0) + region.size, same)
        return region, box[:2], TRANSPARENT

    def _flush(self, hold=1):
        from PIL import GifImagePlugin

        last = len(self.pending) - 1
        for k, (frame, offset, transparency) in enumerate(self.pending):
            duration = (self.milliseconds * hold - BETWEEN_MILLISECONDS * last if k == last
                        else BETWEEN_MILLISECONDS)
            params = {"disposal": 1, "duration": max(duration, BETWEEN_MILLISECONDS)}
            if transparency is not None:
                params["transparency"] = transparency
            for chunk in GifImagePlugin.getdata(frame, offset=offset, **params):
                self.out.write(chunk)
        self.pending = []

    def finish(self):
        """The GIF's bytes; the last frame is held three times as long."""
        if self.previous is None:
            raise ValueError("a GIF needs at least one frame")
        self._flush(hold=3)
        self.out.write(b";")
        return self.out.getvalue()


def _merged(boxes):
    """The rectangles, overlapping ones merged, and merged further (cheapest first) down to
    ``MOST_IMAGES_PER_FRAME``: each merge adds the least area."""
    boxes = [tuple(box) for box in boxes]
    while len(boxes) > 1:
        best = None
        for i in range(len(boxes)):
            for j in range(i + 1, len(boxes)):
                union = _union(boxes[i], boxes[j])
                extra = _area(union) - _area(boxes[i]) - _area(boxes[j])
                if best is None or extra < best[0]:
                    best = (extra, i, j, union)
        extra, i, j, union = best
        if extra > 0 and len(boxes) <= MOST_IMAGES_PER_FRAME:
            break
        boxes = [box for k, box in enumerate(boxes) if k not in (i, j)] + [union]
    return boxes


def _union(a, b):
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def _area(box):
    return (box[2] - box[0]) * (box[3] - box[1])


def _as_levels(indexed):
    """A palette image's indices as a greyscale image, to compare two frames index by index."""
    from PIL import Image
    return Image.frombytes("L", indexed.size, indexed.tobytes())
