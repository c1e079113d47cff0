"""Loaded only by the shifted-clock run of `.ci/run` (through PYTHONPATH), under Debian's faketime.

Debian 12's libfaketime (0.9.10) fakes the wall clock well, but not both kinds of waiting:
- with the monotonic clock faked too, a wait with a timeout (a lock, `Condition.wait`) never
  ends, because glibc's `sem_clockwait` is not intercepted and waits for the faked deadline;
- with `FAKETIME_DONT_FAKE_MONOTONIC=1`, as the run uses, those waits work, but Python 3.11's
  `time.sleep` fails with EINVAL: libfaketime shifts the absolute monotonic deadline that
  `clock_nanosleep` is given (libfaketime issue #426, fixed after 0.9.10).
So here `time.sleep` waits on a lock that nobody releases, which uses the unfaked monotonic
clock. Nothing else changes: the app and the tests see the wall clock two years ahead.
"""
import os
import threading
import time

if os.environ.get("FAKETIME") and os.environ.get("FAKETIME_DONT_FAKE_MONOTONIC") == "1":
    _never_released = threading.Lock()
    _never_released.acquire()

    def _sleep(seconds: float) -> None:
        if seconds < 0:
            raise ValueError("sleep length must be non-negative")
        if seconds:
            _never_released.acquire(timeout=seconds)

    time.sleep = _sleep
