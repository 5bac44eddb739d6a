"""Pure domain rules: plain values in, plain values out (no Qt, no database).

Each module holds one family of rules with the numbers from DESIGN.md ("Rules with numbers"):
dates, calendar (academic year and terms), year_group, upn, status (CSW categories and cohort),
pep, exclusions, attendance, sdq, training and retention.
"""
