from odoo import api, models


class MailFollowers(models.Model):
    """The followers of a chatter (a case's, an enterprise's, any record's) are shown by
    their partners' names: read those alone, as for the many2ones of the agency's models
    (``Base._agency_prefetch_names``), not with every column of each partner."""
    _inherit = 'mail.followers'

    @api.multi
    def _read_from_database(self, field_names, inherited_field_names=[]):
        # pylint: disable=dangerous-default-value
        result = super(MailFollowers, self)._read_from_database(field_names,
                                                                inherited_field_names)
        self._agency_prefetch_names(field_names)
        return result
