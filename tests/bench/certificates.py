"""Certificates per second on one core: the PDF of each, built in one process, one after another.

    make bench-certificates     (or: .venv/bin/python -m tests.bench.certificates [N])

It builds a throw-away instance with the programme and the demo, then renders N
certificates (English, Chinese and French holders in turn) and prints the rate.
The budget is at least 20 certificate PDFs per second on one core.
"""
from __future__ import annotations

import json
import os
import sys
import tempfile
import time

BUDGET = 20.0


def main(count: int = 200) -> int:
    with tempfile.TemporaryDirectory() as instance:
        os.environ.update({"LMS_INSTANCE_PATH": instance, "LMS_DEMO_PASSWORD": "bench-password-1",
                           "LMS_MAIL_SERVER": ""})
        from lms import create_app
        app = create_app()
        runner = app.test_cli_runner()
        for command in (["db", "upgrade"], ["courses", "import"], ["demo"]):
            result = runner.invoke(args=command)
            assert result.exit_code == 0, result.output
        from sqlalchemy import select

        from lms.certificates.models import Certificate
        from lms.certificates.pdf import certificate_pdf
        from lms.extensions import db
        with app.test_request_context():
            certificates = list(db.session.scalars(select(Certificate)))
            certificate_pdf(certificates[0])  # the first one loads the fonts
            started = time.perf_counter()
            size = 0
            for index in range(count):
                size += len(certificate_pdf(certificates[index % len(certificates)]))
            elapsed = time.perf_counter() - started
    rate = count / elapsed
    report = {"certificates": count, "seconds": round(elapsed, 2), "per_second": round(rate, 1),
              "mean_pdf_bytes": size // count, "budget_per_second": BUDGET, "ok": rate >= BUDGET}
    print(f"{count} certificate PDFs in {elapsed:.2f} s: {rate:.1f} per second on one core "
          f"(budget {BUDGET:g}), {size // count} bytes each — {'ok' if report['ok'] else 'UNDER BUDGET'}")
    print(json.dumps(report))
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 200))
