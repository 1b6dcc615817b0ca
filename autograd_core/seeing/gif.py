"""An animated GIF written frame by frame: each frame only what changed.

The first frame is the whole picture. Every later one is the rectangle that
holds the changes, drawn over the frame before (GIF's "do not dispose"),
with each pixel that did not change made transparent, so that a frame in
which a number and an edge change costs a few kilobytes however far apart
they are. All frames share one palette (255 colours and the transparent one),
made once from a sample of the picture, so nothing is quantized twice.
Memory is one frame's, however many frames there are. The GIF loops
forever; the last frame is held three times as long, so the loop pauses on
the result.

Needs Pillow (the ``render`` extra); its GIF encoder writes each frame's data.
"""

import io

#: The palette index of "unchanged since the last frame".
TRANSPARENT = 255


class GifWriter:
    """``add(image, box)`` frame by frame, then ``finish()`` for the GIF's bytes.

    ``palette_source`` is an RGB image holding every colour the frames use.
    """

    def __init__(self, palette_source, milliseconds):
        from PIL import Image

        self._Image = Image
        quantized = palette_source.quantize(colors=TRANSPARENT, method=Image.Quantize.FASTOCTREE)
        colours = quantized.getpalette()[:3 * TRANSPARENT]
        colours += [0, 0, 0] * (TRANSPARENT - len(colours) // 3) + [255, 0, 255]
        self.palette = Image.new("P", (1, 1))
        self.palette.putpalette(colours)
        self.milliseconds = int(milliseconds)
        self.out = io.BytesIO()
        self.previous = None             # the palette indices of the frame shown so far
        self.pending = None              # the last frame waits: it is held longer

    def _indices(self, image):
        return image.quantize(palette=self.palette, dither=self._Image.Dither.NONE)

    def add(self, image, box=None):
        """A frame: the RGB ``image``, of which only the rectangle ``box`` changed (None: all)."""
        from PIL import GifImagePlugin, ImageChops

        if self.previous is None:
            first = self._indices(image)
            header, _ = GifImagePlugin.getheader(first.copy(), info={"loop": 0, "optimize": False,
                                                                     "duration": 1})
            for chunk in header:
                self.out.write(chunk)
            self.previous = first.copy()        # updated as frames come; the first waits as it is
            self.pending = (first, (0, 0), None)
            return
        box = box or (0, 0) + image.size
        region = self._indices(image.crop(box))
        before = self.previous.crop(box)
        same = ImageChops.difference(_as_levels(region), _as_levels(before)).point(
            lambda v: 255 if v == 0 else 0)
        delta = region.copy()
        delta.paste(TRANSPARENT, (0, 0) + region.size, same)
        self.previous.paste(region, box[:2])
        self._flush()
        self.pending = (delta, box[:2], TRANSPARENT)

    def _flush(self, hold=1):
        from PIL import GifImagePlugin

        if self.pending is None:
            return
        frame, offset, transparency = self.pending
        params = {"disposal": 1, "duration": self.milliseconds * hold}
        if transparency is not None:
            params["transparency"] = transparency
        for chunk in GifImagePlugin.getdata(frame, offset=offset, **params):
            self.out.write(chunk)
        self.pending = None

    def finish(self):
        """The GIF's bytes; the last frame is held three times as long."""
        if self.previous is None:
            raise ValueError("a GIF needs at least one frame")
        self._flush(hold=3)
        self.out.write(b";")
        return self.out.getvalue()


def _as_levels(indexed):
    """A palette image's indices as a greyscale image, to compare two frames index by index."""
    from PIL import Image
    return Image.frombytes("L", indexed.size, indexed.tobytes())
