"""Lessons' Markdown rendered on the server into safe HTML: raw HTML is shown as text."""
from __future__ import annotations

import functools

from markdown_it import MarkdownIt

_renderer = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_renderer.enable("table")



def _link_open(renderer, tokens, idx, options, env):
    """`lesson:<id>` links point at the lesson's page; other sites open as ordinary links."""
    token = tokens[idx]
    href = token.attrGet("href") or ""
    if href.startswith("lesson:") and env.get("programme"):
        token.attrSet("href", f"/programmes/{env['programme']}/lessons/{href[len('lesson:'):]}")
    elif href.startswith(("http://", "https://")):
        token.attrSet("rel", "noopener noreferrer")
    return renderer.renderToken(tokens, idx, options, env)


def _image(renderer, tokens, idx, options, env):
    token = tokens[idx]
    src = token.attrGet("src") or ""
    if env.get("asset_base") and not src.startswith(("http://", "https://", "/")):
        token.attrSet("src", f"{env['asset_base']}/{src}")
    token.attrSet("loading", "lazy")
    return renderer.image(tokens, idx, options, env)


_renderer.add_render_rule("link_open", _link_open)
_renderer.add_render_rule("image", _image)


@functools.lru_cache(maxsize=2048)
def render_markdown(text: str, programme: str = "", asset_base: str = "") -> str:
    """Safe HTML for `text`. Cached: the same text is rendered once per process."""
    return _renderer.render(text, {"programme": programme, "asset_base": asset_base})
