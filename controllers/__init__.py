from . import api
from . import catalog
from . import portal
from . import health
