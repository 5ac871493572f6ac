"""``gc_paused()``: no cyclic garbage collection while a loop makes many objects.

Making thousands of Python objects in one go (the items of a long sequence, the
nodes of a DICOMDIR's record tree) sets off collection after collection, each
walking every object alive; the objects made are kept, so those walks find
nothing. The collector runs again as soon as the loop ends.
"""

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
