"""What every feature shares: the database base, time, languages, permissions, errors."""
