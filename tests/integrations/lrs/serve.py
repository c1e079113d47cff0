"""Run by the Ralph LRS's own Python (tests/integrations/lrs.py): Ralph's API under uvicorn, with
its file backend appending each statement to its file. Ralph 5.1.0's file backend writes with its
default "create" operation, which refuses a second write to the same file; everything else (the
xAPI API, its checks, its queries) is Ralph's as published."""
import sys

import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

_write = FSLRSBackend.write


def _append(self, data, target=None, chunk_size=None, ignore_errors=False, operation_type=None):
    return _write(self, data, target, chunk_size, ignore_errors, operation_type or BaseOperationType.APPEND)


FSLRSBackend.write = _append

if __name__ == "__main__":
    uvicorn.run("ralph.api:app", host="127.0.0.1", port=int(sys.argv[1]), log_level="info")
