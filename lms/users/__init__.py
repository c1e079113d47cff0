"""People: user accounts, their profile and the staff pages that manage them."""
