"""Constants shared by tests (importable because pyproject puts tests/ on the path)."""

from datetime import date

# A fixed "today" inside the Autumn term keeps the demo data's done/due/overdue mix stable.
DEMO_TODAY = date(2026, 11, 23)
