"""Impact beyond the certificate: the programme evaluation (reaction), the knowledge check before
and after (learning), the follow-up of each graduate's action plan at 3, 6 and 12 months
(behaviour), the institutions' results at 12 months, and the impact report that sets the four
levels side by side.

The pages (views.py for graduates, staff_views.py for facilitators and staff) register on the
blueprint declared here; `flask impact follow-ups` (cli.py) is its daily command.

Anonymity of the evaluation: an answer is stored without the person (EvaluationResponse has no
user column and no time), and whether a person has answered is a separate marker
(EvaluationInvitation.answered), so no page nor export can join the two; the answers are only
ever shown added up, where five or more answered.
"""
from flask import Blueprint

bp = Blueprint("impact", __name__, cli_group="impact")
