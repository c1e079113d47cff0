"""Run by the Ralph LRS's own Python (tests/integrations/lrs.py): each statement read from standard
input (a JSON list) checked against Ralph's xAPI 1.0.3 model; prints a JSON list of the errors."""
import json
import sys

from pydantic import ValidationError
from ralph.models.xapi.base.statements import BaseXapiStatement

problems = []
for statement in json.load(sys.stdin):
    try:
        BaseXapiStatement.model_validate(statement)
    except ValidationError as exc:
        problems.append({"id": statement.get("id"), "errors": json.loads(exc.json())})
json.dump(problems, sys.stdout)
