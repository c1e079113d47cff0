"""A small spreadsheet formula evaluator, for the few functions the tools (templates) use.

It gives the example rows of a downloaded template their values (stored with each formula, so
that viewers which do not recalculate, such as phone previews, still show the numbers) and lets
`courses check` refuse a formula it cannot read. Excel semantics for what is supported: empty
cells are 0 in arithmetic and "" in text, a division by zero is an error that IFERROR catches.
"""
from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from typing import Any

FUNCTIONS = ("IF", "IFERROR", "SUM", "AVERAGE", "MIN", "MAX", "ROUND", "COUNT", "COUNTA", "COUNTIF", "SUMIF",
             "AND", "OR", "NOT", "ABS")

_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<string>"(?:[^"]|"")*")
  | (?P<range>(?:(?:'(?:[^']|'')+'|[A-Za-z_][\w.]*)!)?\$?[A-Z]{1,3}\$?\d+:\$?[A-Z]{1,3}\$?\d+)
  | (?P<cell>(?:(?:'(?:[^']|'')+'|[A-Za-z_][\w.]*)!)?\$?[A-Z]{1,3}\$?\d+)
  | (?P<number>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)
  | (?P<name>[A-Z][A-Z0-9.]*)(?=\()
  | (?P<bool>TRUE|FALSE)\b
  | (?P<op><>|<=|>=|[-+*/^&=<>(),%])
""", re.X)


class FormulaError(ValueError):
    """A formula this evaluator cannot read."""


class CellError(Exception):
    """An error value in a cell (#DIV/0!, #VALUE!)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def tokens(formula: str) -> list[tuple[str, str]]:
    text = formula[1:] if formula.startswith("=") else formula
    found: list[tuple[str, str]] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise FormulaError(f"cannot read {text[position:position + 12]!r} in {formula!r}")
        kind = match.lastgroup or ""
        if kind != "space":
            found.append((kind, match.group()))
        position = match.end()
    return found


def _split_ref(ref: str, sheet: str) -> tuple[str, str]:
    if "!" in ref:
        name, cell = ref.rsplit("!", 1)
        return name.strip("'").replace("''", "'"), cell.replace("$", "")
    return sheet, ref.replace("$", "")


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _cells_of(start: str, end: str) -> list[str]:
    (c1, r1), (c2, r2) = (re.match(r"([A-Z]+)(\d+)", ref).groups() for ref in (start, end))  # type: ignore[union-attr]
    return [f"{_column_letters(c)}{r}" for r in range(int(r1), int(r2) + 1)
            for c in range(_column_number(c1), _column_number(c2) + 1)]


class Workbook:
    """Cells by sheet: a value, or a formula (a text starting with "=")."""

    def __init__(self, sheets: dict[str, dict[str, Any]]) -> None:
        self.sheets = sheets
        self._values: dict[tuple[str, str], Any] = {}

    def value(self, sheet: str, cell: str) -> Any:
        key = (sheet, cell)
        if key not in self._values:
            content = self.sheets.get(sheet, {}).get(cell)
            self._values[key] = _Parser(self, sheet, str(content)).run() \
                if isinstance(content, str) and content.startswith("=") else content
        return self._values[key]


def check(formula: str) -> None:
    """Raise FormulaError if the formula uses what the evaluator does not know."""
    _Parser(None, "", formula).parse_only()


def _number(value: Any) -> float:
    if isinstance(value, CellError):
        raise value
    if value is None or value == "":
        return 0.0
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(str(value))
    except ValueError:
        raise CellError("#VALUE!") from None


def _text(value: Any) -> str:
    if isinstance(value, CellError):
        raise value
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return str(value)


def _flat(values: list[Any]) -> list[Any]:
    out: list[Any] = []
    for value in values:
        out.extend(value if isinstance(value, list) else [value])
    return out


def _compare(left: Any, right: Any, op: str) -> bool:
    if isinstance(left, CellError):
        raise left
    if isinstance(right, CellError):
        raise right
    numeric = all(isinstance(v, (int, float)) or v is None or v == "" for v in (left, right)) and \
        not (left == "" and isinstance(right, str)) and not (right == "" and isinstance(left, str))
    a: Any
    b: Any
    a, b = ((_number(left), _number(right)) if numeric else (_text(left).casefold(), _text(right).casefold()))
    return {"=": a == b, "<>": a != b, "<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}[op]


def _countif(values: list[Any], criterion: Any) -> int:
    text = _text(criterion)
    match = re.match(r"(<>|<=|>=|=|<|>)?(.*)", text)
    op, operand = (match.group(1) or "="), match.group(2)  # type: ignore[union-attr]
    target: Any = operand
    with contextlib.suppress(ValueError):
        target = float(operand)
    return sum(1 for value in _flat(values) if value not in (None, "") or op == "<>"
               if _safe_compare(value, target, op))


def _sumif(values: list[Any], criterion: Any, sums: list[Any] | None) -> float:
    """SUMIF(range, criterion[, sum_range]): the sum of the cells beside those that match."""
    keys, added = _flat(values), _flat(sums if sums is not None else values)
    return sum(_number(v) for key, v in zip(keys, added, strict=False) if isinstance(v, (int, float))
               and _countif([key], criterion))


def _safe_compare(value: Any, target: Any, op: str) -> bool:
    try:
        return _compare(value, target, op)
    except CellError:
        return False


def _round(value: float, digits: float) -> float:
    factor = 10 ** int(digits)
    rounded = int(abs(value) * factor + 0.5) / factor  # half away from zero, as spreadsheets do
    return rounded if value >= 0 else -rounded


def _average(values: list[Any]) -> float:
    numbers = [v for v in _flat(values) if isinstance(v, (int, float)) and not isinstance(v, bool)]
    if not numbers:
        raise CellError("#DIV/0!")
    return sum(numbers) / len(numbers)


_CALLS: dict[str, Callable[..., Any]] = {
    "SUM": lambda *a: sum(_number(v) for v in _flat(list(a)) if not isinstance(v, str) or v == ""),
    "AVERAGE": lambda *a: _average(list(a)),
    "MIN": lambda *a: min((_number(v) for v in _flat(list(a)) if isinstance(v, (int, float))), default=0.0),
    "MAX": lambda *a: max((_number(v) for v in _flat(list(a)) if isinstance(v, (int, float))), default=0.0),
    "ROUND": lambda v, d=0: _round(_number(v), _number(d)),
    "COUNT": lambda *a: sum(1 for v in _flat(list(a)) if isinstance(v, (int, float)) and not isinstance(v, bool)),
    "COUNTA": lambda *a: sum(1 for v in _flat(list(a)) if v not in (None, "")),
    "COUNTIF": lambda values, criterion: _countif(values, criterion),
    "SUMIF": lambda values, criterion, sums=None: _sumif(values, criterion, sums),
    "AND": lambda *a: all(bool(_number(v)) for v in _flat(list(a))),
    "OR": lambda *a: any(bool(_number(v)) for v in _flat(list(a))),
    "NOT": lambda v: not bool(_number(v)),
    "ABS": lambda v: abs(_number(v)),
}


class _Parser:
    """Recursive descent over the tokens, with spreadsheet precedence."""

    def __init__(self, book: Workbook | None, sheet: str, formula: str) -> None:
        self.book, self.sheet, self.formula = book, sheet, formula
        self.tokens = tokens(formula)
        self.position = 0
        self.evaluate = book is not None

    def parse_only(self) -> None:
        self.evaluate = False
        self.comparison()
        if self.position != len(self.tokens):
            raise FormulaError(f"unexpected {self.tokens[self.position][1]!r} in {self.formula!r}")

    def run(self) -> Any:
        try:
            value = self.comparison()
        except CellError as error:
            return error
        if self.position != len(self.tokens):
            raise FormulaError(f"unexpected {self.tokens[self.position][1]!r} in {self.formula!r}")
        return value

    def peek(self) -> tuple[str, str]:
        return self.tokens[self.position] if self.position < len(self.tokens) else ("end", "")

    def take(self, expected: str | None = None) -> tuple[str, str]:
        token = self.peek()
        if token[0] == "end" or (expected is not None and token[1] != expected):
            raise FormulaError(f"expected {expected or 'more'} in {self.formula!r}")
        self.position += 1
        return token

    def comparison(self) -> Any:
        left = self.concatenation()
        while self.peek()[1] in {"=", "<>", "<", ">", "<=", ">="}:
            op = self.take()[1]
            right = self.concatenation()
            left = _compare(left, right, op) if self.evaluate else None
        return left

    def concatenation(self) -> Any:
        left = self.additive()
        while self.peek()[1] == "&":
            self.take()
            right = self.additive()
            left = _text(left) + _text(right) if self.evaluate else None
        return left

    def additive(self) -> Any:
        left = self.multiplicative()
        while self.peek()[1] in {"+", "-"}:
            op = self.take()[1]
            right = self.multiplicative()
            if self.evaluate:
                left = _number(left) + _number(right) if op == "+" else _number(left) - _number(right)
        return left

    def multiplicative(self) -> Any:
        left = self.power()
        while self.peek()[1] in {"*", "/"}:
            op = self.take()[1]
            right = self.power()
            if self.evaluate:
                if op == "*":
                    left = _number(left) * _number(right)
                elif _number(right) == 0:
                    raise CellError("#DIV/0!")
                else:
                    left = _number(left) / _number(right)
        return left

    def power(self) -> Any:
        left = self.unary()
        while self.peek()[1] == "^":
            self.take()
            right = self.unary()
            left = _number(left) ** _number(right) if self.evaluate else None
        return left

    def unary(self) -> Any:
        if self.peek()[1] in {"-", "+"}:
            op = self.take()[1]
            value = self.unary()
            return (-_number(value) if op == "-" else _number(value)) if self.evaluate else None
        value = self.primary()
        if self.peek()[1] == "%":
            self.take()
            value = _number(value) / 100 if self.evaluate else None
        return value

    def primary(self) -> Any:
        kind, text = self.take()
        if kind == "number":
            return float(text)
        if kind == "string":
            return text[1:-1].replace('""', '"')
        if kind == "bool":
            return text == "TRUE"
        if kind == "cell":
            sheet, cell = _split_ref(text, self.sheet)
            return self.book.value(sheet, cell) if self.book is not None and self.evaluate else None
        if kind == "range":
            sheet, cells = _split_ref(text, self.sheet)
            start, end = cells.split(":")
            if self.book is None or not self.evaluate:
                return []
            return [self.book.value(sheet, cell) for cell in _cells_of(start, end)]
        if kind == "name":
            return self.call(text)
        if text == "(":
            value = self.comparison()
            self.take(")")
            return value
        raise FormulaError(f"unexpected {text!r} in {self.formula!r}")

    def arguments(self) -> list[Callable[[], Any]]:
        """Each argument parsed now; evaluated later (IF and IFERROR evaluate only what they need)."""
        self.take("(")
        spans: list[tuple[int, int]] = []
        if self.peek()[1] != ")":
            while True:
                start = self.position
                saved, self.evaluate = self.evaluate, False
                self.comparison()
                self.evaluate = saved
                spans.append((start, self.position))
                if self.peek()[1] == ",":
                    self.take()
                    continue
                break
        self.take(")")

        def thunk(span: tuple[int, int]) -> Callable[[], Any]:
            def evaluate() -> Any:
                sub = _Parser(self.book, self.sheet, self.formula)
                sub.tokens, sub.position = self.tokens[:span[1]], span[0]
                return sub.comparison()
            return evaluate
        return [thunk(span) for span in spans]

    def call(self, name: str) -> Any:
        if name not in FUNCTIONS:
            raise FormulaError(f"the function {name} is not one of {', '.join(FUNCTIONS)}")
        args = self.arguments()
        if not self.evaluate:
            return None
        if name == "IF":
            if not 2 <= len(args) <= 3:
                raise FormulaError(f"IF takes two or three arguments in {self.formula!r}")
            condition = args[0]()
            chosen = args[1] if bool(_number(condition) if not isinstance(condition, str) else condition) \
                else (args[2] if len(args) == 3 else (lambda: False))
            return chosen()
        if name == "IFERROR":
            try:
                value = args[0]()
                if isinstance(value, CellError):
                    raise value
                return value
            except CellError:
                return args[1]()
        return _CALLS[name](*(arg() for arg in args))
