"""Network reports: enrolment, completion and certificates by region, centre, cohort and gender."""
