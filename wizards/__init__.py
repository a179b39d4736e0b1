from . import agency_publication_change
from . import agency_ledger_export
