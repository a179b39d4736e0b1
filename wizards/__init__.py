from . import agency_publication_change
