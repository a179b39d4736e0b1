from . import api
from . import catalog
from . import catalog_feed
from . import portal
from . import health
