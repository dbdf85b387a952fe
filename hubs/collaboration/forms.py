"""The admin form for replacing the SINET backbone (Flask-WTF, so it carries a CSRF token)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired


class BackboneImportForm(FlaskForm):
    nodes = FileField(_l("Nodes CSV"), validators=[FileRequired()])
    links = FileField(_l("Links CSV"), validators=[FileRequired()])
