"""What the figures were measured on: CPU model, core count, Python."""

import os
import platform


def cpu_model():
    """The CPU's model name from /proc/cpuinfo, or what ``platform`` knows."""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown CPU"


def describe():
    """One line, e.g. 'AMD EPYC, 2 cores, CPython 3.11.7 (Linux)'."""
    return (f"{cpu_model()}, {os.cpu_count()} cores, "
            f"{platform.python_implementation()} {platform.python_version()} ({platform.system()})")
