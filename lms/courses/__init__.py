"""Programmes as files under courses/: the format, its checker and its importer."""

from flask import Blueprint

bp = Blueprint("courses", __name__)
