"""How many bytes one graph node costs, measured on a chain of n operations."""

import ctypes
import gc
import tracemalloc


def bytes_per_node(engine, n_ops, include_c_heap=False):
    """Bytes allocated (and still alive) per node while building ``engine.chain``.

    Traced with ``tracemalloc``, which sees every allocation Python makes:
    the node objects, their tuples or sets, closures and floats. PyTorch's
    tensors and autograd nodes are C++ objects that ``tracemalloc`` cannot
    see; with ``include_c_heap`` the growth of the C heap in use (glibc's
    ``mallinfo2``) is added.
    """
    leaves = engine.chain_leaves()
    gc.collect()
    c_heap_before = _c_heap_in_use() if include_c_heap else 0
    tracemalloc.start()
    try:
        traced_before = tracemalloc.get_traced_memory()[0]
        root = engine.chain(leaves, n_ops)
        traced_after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    c_heap_after = _c_heap_in_use() if include_c_heap else 0
    del root
    gc.collect()
    return (traced_after - traced_before + c_heap_after - c_heap_before) / n_ops


class _MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks",
        "keepcost")]


def _c_heap_in_use():
    """Bytes handed out by the C library's malloc (glibc 2.33 or later).

    Python's own small objects come from its arenas, which are mapped
    directly rather than taken from malloc, so they are not counted twice.
    """
    libc = ctypes.CDLL(None)
    libc.mallinfo2.restype = _MallInfo2
    info = libc.mallinfo2()
    return info.uordblks + info.hblkhd
