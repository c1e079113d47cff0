"""The UI catalogs follow the programme's glossary (courses/glossary.yaml), as the content does."""
from __future__ import annotations

import pytest
from babel.messages.pofile import read_po

from lms.config import PROJECT_ROOT
from lms.courses import glossary

GLOSSARY = glossary.load(PROJECT_ROOT / "courses" / "glossary.yaml")
# Terms whose every use in the UI must be translated with the glossary's word (not paraphrased away).
STRICT = ("module", "lesson", "programme", "cohort", "facilitator", "certificate", "quiz", "live-session",
          "self-assessment", "action-plan", "institution", "tvet")


def pairs(language: str):
    with open(PROJECT_ROOT / "translations" / language / "LC_MESSAGES" / "messages.po", "rb") as fh:
        for message in read_po(fh, locale=language):
            if not message.id:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            for translated in strings:
                yield ids[-1], translated


@pytest.mark.parametrize("language", ["zh", "fr"])
def test_no_catalog_entry_uses_a_variant_the_glossary_forbids(language):
    found = [f"{english!r} → {translated!r}: {GLOSSARY.message(term, variant, language)}"
             for english, translated in pairs(language)
             for term, variant in GLOSSARY.problems(english, translated, language)]
    assert found == []


@pytest.mark.parametrize("language", ["zh", "fr"])
def test_every_catalog_entry_translates_the_programmes_terms_with_the_glossarys_word(language):
    terms = [term for term in GLOSSARY.terms if term.id in STRICT]
    missing = [f"{english!r} → {translated!r}: {term.id} ({' / '.join(term.forms[language])})"
               for english, translated in pairs(language) for term in terms
               if term.used_in(english, "en") and not term.used_in(translated, language)]
    assert missing == []


def test_the_english_catalog_uses_no_forbidden_english_variant():
    found = [english for english, _translated in pairs("en") for term in GLOSSARY.terms
             if term.variants_in(english, english, "en")]
    assert found == []
