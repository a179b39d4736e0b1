from . import agency_publication_change
from . import agency_ledger_export
from . import agency_case_wizard
from . import agency_case_complete
from . import agency_case_terminate
from . import agency_case_evaluate
from . import agency_line_correction
