"""PDF documents built with reportlab from plain data (no Qt, no database): the PEP meeting agenda
and the Report to Governors belong here, each rendered to a binary stream the UI saves or prints."""
