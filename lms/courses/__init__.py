"""Programmes as files under courses/: the format, its checker and its importer."""
