from odoo import api, models


class AgencyName(models.AbstractModel):
    """Display names read from their one column.

    Odoo's ``name_get`` reads the name through the record, which loads every column of
    every record in the prefetch set: a page of 80 items named its 80 cases and 80
    projects by loading them whole, half the time of the page. Reading the one column
    (``Base._agency_names_from_column``) gives the same name, translated the same way,
    under the same access rights.
    """
    _name = 'agency.name'
    _description = 'Display Name from One Column'

    @api.multi
    def name_get(self):
        if not all(isinstance(record_id, int) for record_id in self.ids):
            return super(AgencyName, self).name_get()  # records of an onchange
        return [(record_id, name or '')
                for record_id, name in self._agency_names_from_column(self._rec_name)]
