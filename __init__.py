from . import models
from . import wizards
from . import controllers
from .hooks import post_load
