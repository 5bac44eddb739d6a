"""CWSW Desktop: the Designated Teacher's register of children with a social worker."""

__version__ = "0.1.0"
APP_NAME = "CWSW Desktop"
ORG_NAME = "CWSW"
DB_ENV = "CWSW_DB"  # the store to open when --db is not given (paths.py)
