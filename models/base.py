import math

from odoo import SUPERUSER_ID, _, api, models
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError

from .code_checks import check_http_url

AGENCY_MODEL_PREFIX = 'agency.'
# Models whose records are confined by region or department: a record rule's refusal is
# told in plain words, not as Odoo's "security restrictions … (Document type …)".
AGENCY_CONFINED_MODELS = ('res.partner', 'mail.activity')


class Base(models.AbstractModel):
    """What a client may send, checked before it reaches the database.

    For every model: a text with a NUL character (PostgreSQL refuses it with an error
    the user cannot read) and a number that is not finite (NaN, infinity: JSON-RPC
    accepts them, numeric columns store NaN as if it were a number) are refused with a
    clear message. For the agency's models: a computed field without inverse is never
    written by ``create`` or ``write`` (Odoo 11 stores what they are given, so a client
    could set a deadline or a light); the ORM's recomputation writes them itself.
    """
    _inherit = 'base'

    @api.model
    def create(self, vals):
        self._agency_check_storable(vals)
        self._agency_check_computed(vals)
        return super(Base, self).create(vals)

    @api.multi
    def write(self, vals):
        self._agency_check_storable(vals)
        self._agency_check_computed(vals)
        return super(Base, self).write(vals)

    @api.model
    def _search(self, args, offset=0, limit=None, order=None, count=False,
                access_rights_uid=None):
        if self._name.startswith(AGENCY_MODEL_PREFIX) and self.env.uid != SUPERUSER_ID:
            self._agency_check_field_paths(
                [leaf[0] for leaf in args or () if isinstance(leaf, (list, tuple)) and
                 len(leaf) == 3 and isinstance(leaf[0], str)] + self._agency_order_names(order))
        return super(Base, self)._search(args, offset=offset, limit=limit, order=order,
                                         count=count, access_rights_uid=access_rights_uid)

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False,
                   lazy=True):
        if self._name.startswith(AGENCY_MODEL_PREFIX) and self.env.uid != SUPERUSER_ID:
            names = list(fields or []) + ([groupby] if isinstance(groupby, str)
                                          else list(groupby or []))
            self._agency_check_field_paths([name.split(':')[0] for name in names] +
                                           self._agency_order_names(orderby))
        return super(Base, self).read_group(domain, fields, groupby, offset=offset,
                                            limit=limit, orderby=orderby, lazy=lazy)

    @api.model
    def _agency_check_readable(self, names):
        """The fields of ``names`` the user may not read (their ``groups``) are refused in
        plain words (Odoo's refusal would read as a record rule's)."""
        if not names or self.env.uid == SUPERUSER_ID:
            return
        hidden = [name for name in names if self._agency_is_hidden(name)]
        if hidden:
            raise AccessError(_('You may not read %s.') % ', '.join(
                self._agency_field_label(name) for name in hidden))

    @api.model
    def _agency_is_hidden(self, name):
        """Whether the field ``name`` is kept from the user by its ``groups``."""
        field = self._fields.get(name)
        return bool(field and field.groups and not self.user_has_groups(field.groups))

    @api.model
    def _agency_order_names(self, order):
        """The field names of an ORDER BY specification ("rating desc, id")."""
        return [part.split()[0] for part in (order or '').split(',') if part.strip()]

    @api.model
    def _agency_check_field_paths(self, paths):
        """A field the user may not read (its ``groups``) is not searched, sorted or
        grouped on either: a count of matches would tell its value. For the agency's
        models (the callers check), the fields along a dotted path included."""
        for path in paths:
            model = self
            for name in path.split('.'):
                if model._agency_is_hidden(name):
                    raise AccessError(_('You may not search, sort or group by %s.')
                                      % model._agency_field_label(name))
                field = model._fields.get(name)
                if field is None or not field.relational:
                    break
                model = self.env[field.comodel_name]

    @api.multi
    def read(self, fields=None, load='_classic_read'):
        if not self._agency_is_confined():
            return super(Base, self).read(fields=fields, load=load)
        self._agency_check_readable(fields)
        try:
            return super(Base, self).read(fields=fields, load=load)
        except AccessError:
            # A record rule of this model refused: say so in plain words. Any other
            # refusal (of the model, or of another model read through a field) stands.
            if not self.check_access_rights('read', raise_exception=False):
                raise
            try:
                super(Base, self).check_access_rule('read')
            except AccessError:
                raise self._agency_out_of_reach()
            raise

    @api.multi
    def _read_from_database(self, field_names, inherited_field_names=[]):
        # pylint: disable=dangerous-default-value
        result = super(Base, self)._read_from_database(field_names, inherited_field_names)
        if self._name.startswith(AGENCY_MODEL_PREFIX):
            self._agency_prefetch_names(field_names)
        return result

    @api.multi
    def _agency_names_from_column(self, name):
        """``(id, value of the column name)`` of each record, the column read alone:
        Odoo's ``name_get`` reads the name through the record, which loads every column of
        every record in the prefetch set. As superuser (Odoo names every many2one so), the
        names the cache holds already are taken from it and the others read in one
        statement; any other user's are read through ``read``, under his rights."""
        if self.env.uid != SUPERUSER_ID:
            return [(values['id'], values[name])
                    for values in self.read([name], load='_classic_write')]
        field = self._fields[name]
        missing = self._agency_not_cached(field)
        if missing:
            if field.store:
                missing._read_from_database([name])
            else:
                missing._read_from_database([], [name])  # a parent's (res.users' name)
        names = []
        for record in self:
            try:
                value = record[name]
            except MissingError:
                continue  # a record gone: left out, as read leaves it out
            names.append((record.id, value))
        return names

    @api.multi
    def _agency_not_cached(self, field):
        """The records of ``self`` whose cache holds no value of ``field`` (Odoo's
        ``_in_cache_without`` widens to the whole prefetch set)."""
        cache = self.env.cache
        return self.browse([id_ for id_ in self.ids
                            if not cache.contains(self.browse(id_), field)])

    @api.multi
    def _agency_prefetch_names(self, field_names):
        """Read the display names of the records the many2ones ``field_names`` point to,
        where their model stores it (an enterprise, res.partner), alone.

        Odoo shows a many2one with its record's ``display_name`` read as superuser; for a
        model that stores it, that read prefetches every column of the model (some sixty
        for res.partner, for each enterprise on a page), the bulk of a list of cases.
        Reading the name alone beforehand (a name still to be recomputed excepted) leaves
        the other columns to be read when they are wanted.
        """
        cache = self.env.cache
        for name in field_names:
            field = self._fields.get(name)
            if not field or field.type != 'many2one' or self.env.in_onchange:
                continue
            # The environment Odoo reads the name in (a computed field's cache is the
            # environment's): the user's context, as superuser.
            comodel = self.env[field.comodel_name].sudo()
            display_name = comodel._fields['display_name']
            if not display_name.store:
                continue
            ids = {value[0] for value in (cache.get_value(record, field) for record in self)
                   if value}
            targets = (comodel.browse(ids) - self.env.field_todo(display_name)) \
                ._agency_not_cached(display_name)
            if targets:
                targets._read_from_database(['display_name'])

    @api.multi
    def check_access_rule(self, operation):
        try:
            return super(Base, self).check_access_rule(operation)
        except AccessError:
            if not self._agency_is_confined():
                raise
            raise self._agency_out_of_reach()

    @api.multi
    def _agency_check_all(self, methods):
        """Run the checks ``methods`` (each raising a ValidationError) and raise one
        ValidationError listing every problem found: a form's errors come at once, not
        one per save. The checks read the records' own values only."""
        problems = []
        # As superuser: a record the user may not create or write is refused by its
        # record rules (a plain AccessError), not by a failing read in a constraint,
        # which Odoo would wrap in "Error while validating constraint". New records
        # (a form checked before it is saved) keep their environment: their values are
        # in its cache.
        # The messages stay in the user's language (a superuser's env without "lang"
        # in its context would speak the superuser's).
        stored = all(isinstance(record_id, int) for record_id in self._ids)
        records = self.sudo().with_context(lang=self.env.lang or self.env.user.lang) \
            if stored else self
        for method in methods:
            try:
                getattr(records, method)()
            except ValidationError as error:
                if error.name not in problems:
                    problems.append(error.name)
        if problems:
            raise ValidationError('\n'.join(problems))

    @api.model
    def _agency_is_confined(self):
        return self._name.startswith(AGENCY_MODEL_PREFIX) or self._name in AGENCY_CONFINED_MODELS

    @api.model
    def _agency_out_of_reach(self):
        """The refusal of a record rule, in the user's words (and language)."""
        env = self.env if self.env.lang else self.with_context(lang=self.env.user.lang).env
        label = env['ir.model']._get(self._name).name or self._description
        return AccessError(
            _('This %s is outside your reach: you work on the records of your region and '
              'of the regions below it (liaison agents: of their departments). Ask the '
              'bureau of its region.') % label)

    @api.model
    def _agency_check_computed(self, vals):
        if not self._name.startswith(AGENCY_MODEL_PREFIX) or self.pool._init:
            return
        computed = [name for name in vals if name in self._fields and
                    self._fields[name].compute and not self._fields[name].inverse]
        if computed:
            raise UserError(_('These values are computed, not written: %s.')
                            % ', '.join(sorted(self._agency_field_label(name)
                                               for name in computed)))

    @api.model
    def _agency_check_storable(self, vals):
        for name, value in vals.items():
            if isinstance(value, str) and '\x00' in value:
                raise ValidationError(_('%s: the text contains a NUL character, which cannot '
                                        'be stored.') % self._agency_field_label(name))
            if not self._agency_is_finite(name, value):
                raise ValidationError(_('%s: %s is not a number.')
                                      % (self._agency_field_label(name), value))

    @api.model
    def _agency_is_finite(self, name, value):
        """False for NaN and infinities, also given as text to a number field ("nan",
        "inf": Odoo converts them and fails on rounding)."""
        field = self._fields.get(name)
        if isinstance(value, str) and field is not None and \
                field.type in ('float', 'monetary'):
            try:
                value = float(value)
            except ValueError:
                return True  # not a number at all: the field's own conversion says so
        return not isinstance(value, float) or math.isfinite(value)

    @api.model
    def _agency_base_url(self):
        """The address the service is reached at (``web.base.url``) without a trailing
        slash: what the links of the e-mails, SMS, webhooks and API answers start with."""
        return (self.env['ir.config_parameter'].sudo().get_param('web.base.url') or
                '').rstrip('/')

    @api.model
    def _agency_check_post_url(self, url, label):
        """Raise a ValidationError naming ``label`` (the field's meaning, translated) if
        ``url`` is not where the module may POST (code_checks.check_http_url)."""
        reason = url and check_http_url(url)
        if reason == 'internal':
            raise ValidationError(_(
                'The %s "%s" points at a link-local or cloud metadata address, which the '
                'service never calls.') % (label, url))
        if reason:
            raise ValidationError(_(
                'The %s "%s" is not valid: give an address beginning with https:// (or '
                'http://), without a user name, password or "#".') % (label, url))

    @api.model
    def _agency_field_label(self, name):
        """The label of a field in the user's language (a script may send no context)."""
        field = self._fields.get(name)
        if not field:
            return name
        return field.get_description(self.with_context(lang=self._agency_lang()).env)['string']

    @api.model
    def _agency_lang(self):
        """The language of the messages to the user: the context's, else his own (a script
        may send no context; ``_()`` then speaks the user's language too)."""
        return self.env.lang or self.env.user.lang

    @api.model
    def _agency_labels(self, name, lang='zh_CN'):
        """{value: label} of the selection field ``name`` in ``lang``: the one source of
        the wording of a selection's values, for the printed forms, the portal, the API
        and the exports (translated in i18n/zh_CN.po; Chinese unless told otherwise)."""
        field = self._fields[name]
        while field.related:  # translated on the field it relates to
            field = field.related_field
        return dict(field._description_selection(self.with_context(lang=lang).env))
