"""Tagged PDF for ReportLab documents: marked content while drawing, the structure tree after.

ReportLab's open-source edition writes no structure tree, so drawing code wraps what it draws in
`Tagger.mark(element)` (marked content with an MCID, optionally with /ActualText) or
`Tagger.artifact()` (decoration), and `Tagger.close()` adds, as ReportLab objects written with
the rest, the structure tree in reading order (elements with alternative text, the link with
its annotation), the parent tree, /MarkInfo, the title shown instead of the file name, and XMP
metadata with the title and language. Canvas drawing (the certificate) marks as it draws;
Platypus stories (a module) wrap each flowable in `Tagged`, which marks it on every page it
reaches when it splits.
"""
from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterator
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFObjectReference, PDFStream, PDFString
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from lms.core import clock
from lms.core.typeset import pdf_document

_TRUE = "true"  # ReportLab writes a plain string as it is: PDF's boolean
# The parent tree's keys: each page's number from 0, each link annotation's from here.
_LINK_KEYS = 100_000


@dataclasses.dataclass
class Element:
    role: str                                   # a standard structure type: H1, P, Figure, Link, ...
    alt: str | None = None                      # alternative text (figures, links)
    lang: str | None = None
    marks: list[tuple[int, int]] = dataclasses.field(default_factory=list)  # (page from 0, MCID on it)
    link: int | None = None                     # a Link's number among the document's links
    link_page: int = 0
    annotation: str | None = None               # ReportLab's name for the Link's annotation


def _text_string(text: str) -> str:
    """A PDF text string in UTF-16BE, as hex, for content streams."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


class Tagger:
    """The marked content of a document's pages, and the structure elements it belongs to, in reading order."""

    def __init__(self, canvas: Canvas | None = None):
        self.canvas: Canvas = canvas  # type: ignore[assignment]  # a Platypus document's, once it has one
        self.elements: list[Element] = []
        self.links: list[str] = []
        self._next: dict[int, int] = {}  # page -> its next MCID

    def _page(self) -> int:
        return self.canvas.getPageNumber() - 1

    def element(self, role: str, alt: str | None = None, lang: str | None = None) -> Element:
        """A new element, after every element made before it in reading order."""
        element = Element(role, alt, lang)
        self.elements.append(element)
        return element

    @contextlib.contextmanager
    def mark(self, element: Element, actual_text: str | None = None) -> Iterator[None]:
        """Mark what is drawn inside as `element`'s; `actual_text` replaces its text for extraction
        ("" for lettering that a figure's alternative text already says)."""
        page = self._page()
        mcid = self._next.get(page, 0)
        self._next[page] = mcid + 1
        element.marks.append((page, mcid))
        if actual_text is None:
            self.canvas.addLiteral(f"/{element.role} <</MCID {mcid}>> BDC")
        else:  # tagged Span: poppler (pdftotext) reads /ActualText only there; the element's type is in the tree
            self.canvas.addLiteral(f"/Span <</MCID {mcid} /ActualText {_text_string(actual_text)}>> BDC")
        yield
        self.canvas.addLiteral("EMC")

    @contextlib.contextmanager
    def artifact(self) -> Iterator[None]:
        """Decoration, which assistive technology skips."""
        self.canvas.addLiteral("/Artifact BMC")
        yield
        self.canvas.addLiteral("EMC")

    def link(self, element: Element, uri: str, rect: tuple[float, float, float, float]) -> None:
        """Make the area `rect` open `uri`; `element` (a Link) then holds the annotation too."""
        element.link, element.link_page = len(self.links), self._page()
        self.links.append(uri)
        self.canvas.linkURL(uri, rect, relative=0, thickness=0, StructParent=_LINK_KEYS + element.link,
                            Contents=PDFString(element.alt or uri))
        count = self.canvas._annotationCount  # type: ignore[attr-defined]  # the name ReportLab just gave it
        element.annotation = pdf_document(self.canvas).annotationName(f"NUMBER{count}")

    def close(self, title: str, language: str, author: str, subject: str) -> None:
        """After the last page is shown and before the canvas is saved: the structure tree in reading
        order, the parent tree, /MarkInfo, the language, the title shown instead of the file name, XMP."""
        canvas, document = self.canvas, pdf_document(self.canvas)
        pages = []
        for number in range(document.pageCounter - 1):  # every page showPage added
            page = document.idToObject[f"Page{number + 1}"]
            page.__NoDefault__ = [*page.__NoDefault__, "StructParents", "Tabs"]
            page.StructParents = number
            page.Tabs = PDFName("S")  # tab through the links in structure order
            pages.append(PDFObjectReference(f"Page{number + 1}"))
        root_ref, document_ref = PDFObjectReference("StructTreeRoot"), PDFObjectReference("StructDocument")
        kids, by_mark, parents = [], {}, []
        for index, element in enumerate(self.elements):
            if not element.marks and element.annotation is None:
                continue
            name = f"StructElem{index}"
            first = element.marks[0][0] if element.marks else element.link_page
            node = PDFDictionary({"Type": PDFName("StructElem"), "S": PDFName(element.role), "P": document_ref,
                                  "Pg": pages[first]})
            # Marked content on the element's first page by number, on the pages it flows on to by reference.
            content: list = [mcid if page == first else PDFDictionary({"Type": PDFName("MCR"), "Pg": pages[page],
                                                                        "MCID": mcid})
                             for page, mcid in element.marks]
            if element.alt:
                node["Alt"] = PDFString(element.alt)
            if element.lang:
                node["Lang"] = PDFString(element.lang)
            if element.annotation is not None and element.link is not None:
                content.append(PDFDictionary({"Type": PDFName("OBJR"), "Obj": PDFObjectReference(element.annotation),
                                              "Pg": pages[element.link_page]}))
                parents.extend([_LINK_KEYS + element.link, PDFObjectReference(name)])
            node["K"] = content[0] if len(content) == 1 else PDFArray(content)
            document.Reference(node, name)
            kids.append(PDFObjectReference(name))
            for mark in element.marks:
                by_mark[mark] = PDFObjectReference(name)
        body = PDFDictionary({"Type": PDFName("StructElem"), "S": PDFName("Document"), "P": root_ref,
                              "K": PDFArray(kids)})
        if language:
            body["Lang"] = PDFString(language)
        document.Reference(body, "StructDocument")
        numbers: list = []
        for page in range(len(pages)):
            numbers += [page, PDFArray([by_mark[(page, mcid)] for mcid in range(self._next.get(page, 0))])]
        parent_tree = PDFDictionary({"Nums": PDFArray([*numbers, *parents])})
        root = PDFDictionary({"Type": PDFName("StructTreeRoot"), "K": document_ref,
                              "ParentTree": document.Reference(parent_tree, "StructParentTree"),
                              "ParentTreeNextKey": _LINK_KEYS + len(self.links) if self.links else len(pages)})
        document.Reference(root, "StructTreeRoot")
        catalog = document.Catalog
        catalog.StructTreeRoot = root_ref
        catalog.MarkInfo = PDFDictionary({"Marked": _TRUE})
        if language:
            catalog.Lang = PDFString(language)
        canvas.setViewerPreference("DisplayDocTitle", _TRUE)
        metadata = PDFStream(PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}),
                             _xmp(title, language, author, subject).encode(), filters=[])
        catalog.Metadata = document.Reference(metadata, "XMPMetadata")
        canvas.setTitle(title)
        canvas.setAuthor(author)
        canvas.setSubject(subject)


class Tagged(Flowable):
    """A flowable of a Platypus story drawn as `element` (a heading, a paragraph, a table, a list
    item's paragraph): marked on each page it reaches when it splits. Not for a ListFlowable,
    whose splitting Platypus special-cases: wrap the flowables of its items instead."""

    def __init__(self, tagger: Tagger, element: Element, flowable: Flowable):
        super().__init__()
        self.tagger, self.element, self.flowable = tagger, element, flowable

    def wrap(self, availWidth, availHeight):
        self.width, self.height = self.flowable.wrapOn(self.canv, availWidth, availHeight)
        return self.width, self.height

    def split(self, availWidth, availHeight):
        return [Tagged(self.tagger, self.element, part)
                for part in self.flowable.splitOn(self.canv, availWidth, availHeight)]

    def getSpaceBefore(self):
        return self.flowable.getSpaceBefore()

    def getSpaceAfter(self):
        return self.flowable.getSpaceAfter()

    def draw(self):
        self.tagger.canvas = self.canv
        with self.tagger.mark(self.element):
            self.flowable.drawOn(self.canv, 0, 0)


def _xmp(title: str, language: str, author: str, subject: str) -> str:
    language = escape(language or "x-default")
    now = clock.utcnow().strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>{escape(author)}</rdf:li></rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{escape(subject)}</rdf:li></rdf:Alt></dc:description>
<dc:language><rdf:Bag><rdf:li>{language}</rdf:li></rdf:Bag></dc:language>
<pdf:Producer>ReportLab, HarfBuzz and pikepdf</pdf:Producer>
<xmp:MetadataDate>{now}</xmp:MetadataDate>
</rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>"""
