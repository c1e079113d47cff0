"""Written work the demo's learners hand in (lms/demo.py and the feature packages' demos)."""

DEMO_PLAN_SECTION = " ".join(["Our college will cut its energy use by a fifth by 2028, with monthly meter",
                              "readings published to staff and students, a green team of teachers, students",
                              "and the estates office, and a greening plan reviewed every term by the board."] * 5)
