"""Short answers that are numbers: every way a learner writes one, in English, Chinese or French."""
from __future__ import annotations

import pytest

from lms.courses.numbers import matches, readings

MILLIONS_475 = [
    "475000000", "475,000,000", "475 000 000", "475.000.000", "475'000'000", "475 million", "475 millions",
    "475m", "475 M", "0.475 billion", "0,475 milliard", "475000 thousand", "47500万", "4.75亿", "4亿7500万",
    "4.75 亿", "475百万", "四亿七千五百万", "environ 475 millions", "about 475 million", "约4.75亿", "大约47500万",
    "près de 475 millions", "475 millions environ", "475 millions de", "4.75亿。",
]


@pytest.mark.parametrize("text", MILLIONS_475)
def test_475_million_is_accepted_however_it_is_written(text):
    assert matches(text, 475_000_000), readings(text)


@pytest.mark.parametrize("text", ["47 millions", "4.7亿", "475", "4750万", "475 milliards", "475 mille",
                                  "environ 47 millions", "475 million jobs", "million", "亿", "many", ""])
def test_other_numbers_and_words_are_refused(text):
    assert not matches(text, 475_000_000)


@pytest.mark.parametrize("text", ["10", "ten", "Ten", "dix", "十", "约10个", "environ dix", "about ten",
                                  "une dizaine", "大约十个", "10个左右", "around 10", "10 environ"])
def test_ten_in_words_or_digits_with_approximations(text):
    assert matches(text, 10)


@pytest.mark.parametrize("text", ["11", "onze", "十一", "100", "ten countries", "dix pays", "一百"])
def test_not_ten(text):
    assert not matches(text, 10)


@pytest.mark.parametrize("text,value", [("4,3", 4.3), ("4.3", 4.3), ("0,75", 0.75), (".75", 0.75), (",75", 0.75),
                                        ("4,300", 4300), ("4,300", 4.3), ("1 234,5", 1234.5), ("1,234.5", 1234.5),
                                        ("twenty-five", 25), ("vingt-cinq", 25), ("二十五", 25),
                                        ("soixante-dix", 70), ("quatre-vingt-dix", 90), ("soixante et onze", 71),
                                        ("20%", 20), ("20 %", 20), ("两千", 2000), ("一百零五", 105)])
def test_decimal_commas_words_and_percentages(text, value):
    assert matches(text, value)


def test_a_tolerance_accepts_nearby_numbers_only():
    assert matches("0,26", 0.25, 0.01) and matches("0.24", 0.25, 0.01)
    assert not matches("0.27", 0.25, 0.01)


JOBS = {"id": "jobs", "type": "short_answer", "prompt": {"en": "How many new jobs?"},
        "numeric": {"value": 475000000, "tolerance": 0},
        "answers": {"en": ["475 million"], "zh": ["4.75亿"], "fr": ["475 millions"]}}


@pytest.mark.parametrize("answer", ["47500万", "4.75亿", "environ 475 millions", "475 million", "475,000,000",
                                    "About 475 million.", "４．７５亿"])
def test_a_short_answer_with_numeric_accepts_the_number_in_every_language(answer):
    from lms.courses.activities import Quiz
    assert all(Quiz.grade(JOBS, answer, language) for language in ("en", "zh", "fr"))


@pytest.mark.parametrize("answer", ["47 millions", "4.7亿", "4750万", "475 milliards", "475", "beaucoup"])
def test_a_wrong_number_is_refused(answer):
    from lms.courses.activities import Quiz
    assert not Quiz.grade(JOBS, answer, "fr")


def test_listed_synonyms_match_without_accents_case_or_end_punctuation():
    from lms.courses.activities import Quiz
    question = {"type": "short_answer", "answers": {"en": ["tracer study"], "fr": ["enquête de suivi"]}}
    for answer in ("Tracer Study.", "enquete de suivi", "« Enquête de suivi »", "tracer  study"):
        assert Quiz.grade(question, answer, "en"), answer
    assert not Quiz.grade(question, "tracer", "en")


def test_courses_check_refuses_a_numeric_that_is_no_number(app, tmp_path):
    from tests.courses.course_files import line_of, replace_in, write_course

    folder = write_course(tmp_path)
    path = folder / "01-first" / "quiz.yaml"
    replace_in(path, "  answers:\n", "  numeric:\n    value: lots\n    tolerance: -1\n  answers:\n")
    result = app.test_cli_runner().invoke(args=["courses", "check", str(tmp_path)])
    assert result.exit_code == 1
    assert f"01-first/quiz.yaml:{line_of(path, 'value: lots')}: `numeric.value` must be a number" in result.output
    assert "`numeric.tolerance` must be a number of at least 0" in result.output


def test_the_chinese_minimum_comes_from_one_documented_ratio():
    from lms.courses import lengths
    assert lengths.Decimal("1.93") == lengths.ZH_CHARACTERS_PER_WORD
    assert lengths.minimum_in("characters", 150) == 290 and lengths.minimum_in("words", 150) == 150
    assert lengths.measure("我们学院 TVET", 150, "en") == lengths.Length(5, 290, "characters")
    assert lengths.measure("Our institute", 150, "zh") == lengths.Length(2, 150, "words")
    assert "1.93" in (lengths.PROJECT_README.read_text(encoding="utf-8"))
