"""A whole module as a PDF (ReportLab, A4), drawn from the lessons' Markdown, fonts embedded, tagged:
headings, paragraphs, lists and tables in the structure tree in reading order, the footer an artifact,
a lesson shown in English on a French or Chinese file marked as English (lms/core/tagging.py)."""
from __future__ import annotations

import io
from collections.abc import Callable
from xml.sax.saxutils import escape

from markdown_it import MarkdownIt
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (ListFlowable, ListItem, PageBreak, Paragraph, SimpleDocTemplate, Spacer,
                                Table, TableStyle)

from lms.core.fonts import font_for, latin_family, with_fallback
from lms.core.tagging import Tagged, Tagger

_parser = MarkdownIt("commonmark").enable("table")


def _styles(font: str, language: str) -> dict[str, ParagraphStyle]:
    wrap = "CJK" if language == "zh" else None
    base = ParagraphStyle("body", fontName=font, fontSize=10.5, leading=16, alignment=TA_LEFT,
                          wordWrap=wrap, spaceAfter=6)
    return {
        "body": base,
        "title": ParagraphStyle("title", parent=base, fontSize=20, leading=26, spaceAfter=10,
                                textColor=colors.HexColor("#0b4f8a")),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=10, textColor=colors.HexColor("#4d4d4d")),
        "h1": ParagraphStyle("h1", parent=base, fontSize=16, leading=22, spaceBefore=6, spaceAfter=8,
                             textColor=colors.HexColor("#0b4f8a")),
        "h2": ParagraphStyle("h2", parent=base, fontSize=13, leading=18, spaceBefore=10, spaceAfter=4),
        "h3": ParagraphStyle("h3", parent=base, fontSize=11.5, leading=16, spaceBefore=8, spaceAfter=2),
        "quote": ParagraphStyle("quote", parent=base, leftIndent=12, textColor=colors.HexColor("#333333")),
        "note": ParagraphStyle("note", parent=base, fontSize=9.5, textColor=colors.HexColor("#4d4d4d")),
    }


def _inline(children, text=escape) -> str:
    """Markdown inline tokens as ReportLab's paragraph markup; `text` turns plain text into markup."""
    out = []
    links: list[str] = []  # the closing tag of each open link
    for token in children or ():
        kind = token.type
        if kind == "text":
            out.append(text(token.content))
        elif kind in ("softbreak", "hardbreak"):
            out.append(" " if kind == "softbreak" else "<br/>")
        elif kind == "strong_open":
            out.append("<b>")
        elif kind == "strong_close":
            out.append("</b>")
        elif kind == "em_open":
            out.append("<i>")
        elif kind == "em_close":
            out.append("</i>")
        elif kind == "code_inline":
            out.append(text(token.content))
        elif kind == "link_open":
            href = token.attrGet("href") or ""
            if href.startswith(("http://", "https://")):
                out.append(f'<a href="{escape(href)}" color="#0b4f8a">')
                links.append("</a>")
            else:  # a link to another lesson: not followable on paper
                out.append("<u>")
                links.append("</u>")
        elif kind == "link_close":
            out.append(links.pop() if links else "")
        elif kind == "image":
            out.append(text(f"[{token.content}]"))
        else:
            out.append(text(token.content or ""))
    return "".join(out)


def _untagged(role: str) -> Callable:
    return lambda flowable: flowable


def markdown_flowables(source: str, styles: dict[str, ParagraphStyle], text=escape, tag=_untagged) -> list:
    """The Markdown's blocks as flowables. `tag(role)` gives what wraps the flowables of one
    structure element: each block, or all the paragraphs of a list (nested lists included)."""
    tokens = _parser.parse(source)
    story: list = []
    # Open lists, innermost last: (ordered?, items), each item a list of flowables.
    lists: list[tuple[bool, list[list]]] = []
    in_list: Callable = _untagged("L")  # wraps the flowables of the outermost open list
    table_rows: list[list] | None = None
    quote = False

    def place(flowable, role: str | None = "P") -> None:
        """`role` None: spacing, drawn but not a structure element (nor is a list: its items are)."""
        bare = role is None or isinstance(flowable, ListFlowable)
        if lists and lists[-1][1]:
            lists[-1][1][-1].append(flowable if bare else in_list(flowable))
        else:
            story.append(flowable if bare else tag(role)(flowable))

    for index, token in enumerate(tokens):
        kind = token.type
        if kind == "heading_open":
            level = {"h1": "h2", "h2": "h2", "h3": "h3"}.get(token.tag, "h3")
            place(Paragraph(_inline(tokens[index + 1].children, text), styles[level]), "H3")
        elif kind in ("bullet_list_open", "ordered_list_open"):
            if not lists:
                in_list = tag("L")
            lists.append((kind == "ordered_list_open", []))
        elif kind == "list_item_open":
            lists[-1][1].append([])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            ordered, items = lists.pop()
            # types-reportlab leaves ListItem out of what ListFlowable takes; ReportLab's own manual passes them.
            place(ListFlowable([ListItem(item, leftIndent=14) for item in items],  # type: ignore[misc]
                               bulletType="1" if ordered else "bullet", start="1" if ordered else "•",
                               leftIndent=14, bulletFontName=styles["body"].fontName, bulletFontSize=9))
        elif kind == "blockquote_open":
            quote = True
        elif kind == "blockquote_close":
            quote = False
        elif kind == "table_open":
            table_rows = []
        elif kind == "tr_open" and table_rows is not None:
            table_rows.append([])
        elif kind == "inline" and table_rows is not None and tokens[index - 1].type in ("th_open", "td_open"):
            table_rows[-1].append(Paragraph(_inline(token.children, text), styles["body"]))
        elif kind == "table_close" and table_rows:
            table = Table(table_rows, repeatRows=1)
            table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#c9c9c9")),
                                       ("VALIGN", (0, 0), (-1, -1), "TOP")]))
            place(table, "Table")
            table_rows = None
        elif kind == "inline" and tokens[index - 1].type == "paragraph_open" and table_rows is None:
            place(Paragraph(_inline(token.children, text), styles["quote" if quote else "body"]),
                  "BlockQuote" if quote else "P")
        elif kind == "hr":
            place(Spacer(1, 8), None)
    return story


def module_pdf(programme_title: str, cohort_name: str, module_title: str, summary: str,
               chapters: list[dict], language: str, notes: dict[str, str]) -> bytes:
    """The module's lessons, each on its own pages. `chapters`: title, body (Markdown), fallback."""
    all_text = " ".join([programme_title, cohort_name, module_title, summary, *notes.values()]
                        + [c["title"] + c["body"] for c in chapters])
    cjk = font_for(all_text)
    text: Callable[[str], str]
    if language == "zh":
        font, text = cjk, escape
    else:
        # Latin text in Vera (with real bold and italic); anything else falls back to the CJK font.
        font = latin_family()
        text = lambda plain: with_fallback(escape(plain), cjk)  # noqa: E731
    styles = _styles(font, language)
    buffer = io.BytesIO()

    tagger = Tagger()

    def tag(role: str, lang: str | None = None) -> Callable:
        """What wraps the flowables of one new structure element."""
        element = tagger.element(role, lang=lang)
        return lambda flowable: Tagged(tagger, element, flowable)

    def footer(canvas, document):
        tagger.canvas = canvas
        canvas.saveState()
        with tagger.artifact():
            canvas.setFont(cjk, 8)
            canvas.setFillColor(colors.HexColor("#4d4d4d"))
            canvas.drawString(18 * mm, 10 * mm, f"UNESCO-UNEVOC · {programme_title}")
            canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, str(document.page))
        canvas.restoreState()

    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm,
                                 topMargin=18 * mm, bottomMargin=18 * mm, title=module_title,
                                 author="UNESCO-UNEVOC", lang=language,
                                 # The canvas starts in our font: no unembedded standard font is referenced.
                                 initialFontName=font)
    story: list = [tag("P")(Paragraph(text(f"{programme_title} · {cohort_name}"), styles["subtitle"])),
                   tag("H1")(Paragraph(text(module_title), styles["title"])),
                   tag("P")(Paragraph(text(summary), styles["body"])),
                   tag("P")(Paragraph(text(notes["offline"]), styles["note"]))]
    for chapter in chapters:
        story.append(PageBreak())
        if chapter["fallback"]:
            story.append(tag("P")(Paragraph(text(notes["fallback"]), styles["note"])))
        # A lesson shown in another language than the file's says so to screen readers.
        lang = chapter.get("language") if chapter["fallback"] else None
        story.append(tag("H2", lang)(Paragraph(text(chapter["title"]), styles["h1"])))
        story.extend(markdown_flowables(chapter["body"], styles, text, lambda role, lang=lang: tag(role, lang)))
    document._doSave = 0  # type: ignore[attr-defined]  # saved below, once the structure tree is added
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    tagger.canvas = document.canv
    tagger.close(module_title, language, "UNESCO-UNEVOC", f"{programme_title} · {cohort_name}")
    document.canv.save()
    return buffer.getvalue()
