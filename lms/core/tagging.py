"""Tagged PDF for one-page ReportLab documents: marked content while drawing, the structure tree after.

ReportLab's open-source edition writes no structure tree, so drawing code wraps what it draws in
`Tagger.mark(element)` (marked content with an MCID, optionally with /ActualText) or
`Tagger.artifact()` (decoration), and `Tagger.close()` adds, as ReportLab objects written with
the rest, the structure tree in reading order (elements with alternative text, the link with
its annotation), the parent tree, /MarkInfo, the title shown instead of the file name, and XMP
metadata with the title and language.
"""
from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterator
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFObjectReference, PDFStream, PDFString
from reportlab.pdfgen.canvas import Canvas

from lms.core import clock
from lms.core.typeset import pdf_document

_TRUE = "true"  # ReportLab writes a plain string as it is: PDF's boolean


@dataclasses.dataclass
class Element:
    role: str                                   # a standard structure type: H1, P, Figure, Link, ...
    alt: str | None = None                      # alternative text (figures, links)
    lang: str | None = None
    mcids: list[int] = dataclasses.field(default_factory=list)
    link: int | None = None                     # a Link's number among the page's links
    annotation: str | None = None               # ReportLab's name for the Link's annotation


def _text_string(text: str) -> str:
    """A PDF text string in UTF-16BE, as hex, for content streams."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


class Tagger:
    """The marked content of one page, and the structure elements it belongs to, in reading order."""

    def __init__(self, canvas: Canvas):
        self.canvas = canvas
        self.elements: list[Element] = []
        self.links: list[str] = []
        self._next = 0

    def element(self, role: str, alt: str | None = None, lang: str | None = None) -> Element:
        """A new element, after every element made before it in reading order."""
        element = Element(role, alt, lang)
        self.elements.append(element)
        return element

    @contextlib.contextmanager
    def mark(self, element: Element, actual_text: str | None = None) -> Iterator[None]:
        """Mark what is drawn inside as `element`'s; `actual_text` replaces its text for extraction
        ("" for lettering that a figure's alternative text already says)."""
        mcid = self._next
        self._next += 1
        element.mcids.append(mcid)
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
        element.link = len(self.links)
        self.links.append(uri)
        self.canvas.linkURL(uri, rect, relative=0, thickness=0, StructParent=len(self.links),
                            Contents=PDFString(element.alt or uri))
        count = self.canvas._annotationCount  # type: ignore[attr-defined]  # the name ReportLab just gave it
        element.annotation = pdf_document(self.canvas).annotationName(f"NUMBER{count}")

    def close(self, title: str, language: str, author: str, subject: str) -> None:
        """After the page is shown and before the canvas is saved: the structure tree in reading order,
        the parent tree, /MarkInfo, the language, the title shown instead of the file name, XMP."""
        canvas, document = self.canvas, pdf_document(self.canvas)
        page_name = f"Page{document.pageCounter - 1}"  # the page showPage just added
        page = document.idToObject[page_name]
        page.__NoDefault__ = [*page.__NoDefault__, "StructParents", "Tabs"]
        page.StructParents = 0
        page.Tabs = PDFName("S")  # tab through the link in structure order
        page_ref = PDFObjectReference(page_name)
        root_ref, document_ref = PDFObjectReference("StructTreeRoot"), PDFObjectReference("StructDocument")
        kids, by_mcid, parents = [], {}, []
        for index, element in enumerate(self.elements):
            if not element.mcids and element.annotation is None:
                continue
            name = f"StructElem{index}"
            node = PDFDictionary({"Type": PDFName("StructElem"), "S": PDFName(element.role), "P": document_ref,
                                  "Pg": page_ref})
            content: list = list(element.mcids)
            if element.alt:
                node["Alt"] = PDFString(element.alt)
            if element.lang:
                node["Lang"] = PDFString(element.lang)
            if element.annotation is not None and element.link is not None:
                content.append(PDFDictionary({"Type": PDFName("OBJR"), "Obj": PDFObjectReference(element.annotation),
                                              "Pg": page_ref}))
                parents.extend([element.link + 1, PDFObjectReference(name)])
            node["K"] = content[0] if len(content) == 1 else PDFArray(content)
            document.Reference(node, name)
            kids.append(PDFObjectReference(name))
            for mcid in element.mcids:
                by_mcid[mcid] = PDFObjectReference(name)
        body = PDFDictionary({"Type": PDFName("StructElem"), "S": PDFName("Document"), "P": root_ref,
                              "K": PDFArray(kids)})
        if language:
            body["Lang"] = PDFString(language)
        document.Reference(body, "StructDocument")
        parent_tree = PDFDictionary({"Nums": PDFArray([0, PDFArray([by_mcid[m] for m in range(self._next)]),
                                                       *parents])})
        root = PDFDictionary({"Type": PDFName("StructTreeRoot"), "K": document_ref,
                              "ParentTree": document.Reference(parent_tree, "StructParentTree"),
                              "ParentTreeNextKey": len(self.links) + 1})
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
