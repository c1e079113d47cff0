"""Text as people type and paste it, made safe to keep: control characters out, one line where one
line is meant. Forms (lms/core/forms.py), email headers and calendar feeds use these."""
from __future__ import annotations

import re
import unicodedata

# C0 and C1 control characters but tab, line feed and carriage return; DEL; and the Unicode line
# and paragraph separators, which some programs treat as line breaks.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")


def without_controls(text: str) -> str:
    """Multi-line text with its line breaks as line feeds and no other control character."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROLS.sub("", text)


def single_line(text: str) -> str:
    """One line: every run of whitespace (line breaks, tabs, vertical tabs) one space, no control character."""
    text = _CONTROLS.sub(" ", text)
    return " ".join(text.split())


def normalised(text: str) -> str:
    """NFC, so that the same name typed on two systems compares equal."""
    return unicodedata.normalize("NFC", text)
