from datetime import date, datetime

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import AccessError

AGENCY_MODEL_PREFIX = 'agency.'

ALERTS = [
    ('yellow', 'Due Soon'),
    ('red', 'Overdue'),
    ('escalation1', 'Escalated to the Region'),
    ('escalation2', 'Escalated to the Region Above'),
]


class MailActivity(models.Model):
    """Activities the deadline cron gives, tied to the item line they are about.

    Odoo 11 lets every employee read every activity (summary, note, the record's name):
    an activity of an agency record is visible to those who may read that record, and
    to the user it is assigned to.
    """
    _inherit = 'mail.activity'

    agency_line_id = fields.Many2one('agency.case.line', string='Case Item', index=True,
                                     ondelete='cascade')
    agency_alert = fields.Selection(ALERTS, string='Deadline Alert')
    agency_material_id = fields.Many2one('agency.case.line.material', string='Case Item Material',
                                         index=True, ondelete='cascade')
    agency_material_alert = fields.Selection([('soon', 'Material Due Soon'),
                                              ('overdue', 'Material Overdue')],
                                             string='Material Reminder')
    agency_decision_id = fields.Many2one('agency.meeting.decision', string='Meeting Decision',
                                         index=True, ondelete='cascade')

    @api.multi
    def action_feedback(self, feedback=False):
        decisions = self.mapped('agency_decision_id').filtered(lambda d: d.state == 'open')
        res = super(MailActivity, self).action_feedback(feedback=feedback)
        decisions.write({'state': 'done'})
        return res

    @api.model
    def _search(self, args, offset=0, limit=None, order=None, count=False,
                access_rights_uid=None):
        if self.env.user._is_superuser():
            return super(MailActivity, self)._search(
                args, offset=offset, limit=limit, order=order, count=count,
                access_rights_uid=access_rights_uid)
        ids = super(MailActivity, self)._search(args, order=order,
                                                access_rights_uid=access_rights_uid)
        hidden = self.browse(ids)._agency_unreadable()
        ids = [activity_id for activity_id in ids if activity_id not in hidden]
        if count:
            return len(ids)
        ids = ids[offset or 0:]
        return ids[:limit] if limit else ids

    @api.multi
    def read(self, fields=None, load='_classic_read'):
        if self._agency_unreadable():
            raise AccessError(_('This activity belongs to a record you cannot read.'))
        return super(MailActivity, self).read(fields=fields, load=load)

    @api.multi
    def _agency_unreadable(self):
        """The ids of the activities on agency records the user may not read (his own
        activities excepted): one search per model, under his rules."""
        if not self or self.env.user._is_superuser():
            return set()
        self.env.cr.execute("""
            SELECT id, res_model, res_id, user_id FROM mail_activity
             WHERE id IN %s AND res_model LIKE %s
        """, (tuple(self.ids), AGENCY_MODEL_PREFIX + '%'))
        by_model = {}
        for activity_id, model, res_id, user_id in self.env.cr.fetchall():
            if user_id != self.env.uid:
                by_model.setdefault(model, []).append((activity_id, res_id))
        hidden = set()
        for model, pairs in by_model.items():
            Model = self.env[model]
            if not Model.check_access_rights('read', raise_exception=False):
                hidden.update(activity_id for activity_id, _res_id in pairs)
                continue
            readable = set(Model.with_context(active_test=False).search(
                [('id', 'in', [res_id for _aid, res_id in pairs])]).ids)
            hidden.update(activity_id for activity_id, res_id in pairs if res_id not in readable)
        return hidden


class MailActivityMixin(models.AbstractModel):
    """The activity state of a page of records in one query.

    Odoo computes it record by record, reading each activity and its user's time zone
    one at a time (two queries per activity on a kanban page). Same states, same
    rule (the deadline against today in the time zone of the activity's user), from one
    statement over the page's activities.
    """
    _inherit = 'mail.activity.mixin'

    @api.depends('activity_ids.state')
    def _compute_activity_state(self):
        ids = [record_id for record_id in self.ids if isinstance(record_id, int)]
        deadlines = {}
        if ids:
            self.env.cr.execute("""
                SELECT a.res_id, a.date_deadline, p.tz
                  FROM mail_activity a
                  LEFT JOIN res_users u ON u.id = a.user_id
                  LEFT JOIN res_partner p ON p.id = u.partner_id
                 WHERE a.res_model = %s AND a.res_id IN %s AND a.date_deadline IS NOT NULL
            """, (self._name, tuple(ids)))
            for res_id, deadline, tz in self.env.cr.fetchall():
                deadlines.setdefault(res_id, []).append((deadline, tz))
        todays = {}
        for record in self:
            states = set()
            for deadline, tz in deadlines.get(record.id, ()):
                if tz not in todays:
                    todays[tz] = activity_today(tz)
                days = (fields.Date.from_string(deadline) - todays[tz]).days
                states.add('overdue' if days < 0 else 'today' if days == 0 else 'planned')
            record.activity_state = next(
                (state for state in ('overdue', 'today', 'planned') if state in states), False)


def activity_today(tz):
    """Today for an activity's user, as Odoo's activities count it: in his time zone,
    or the server's date when he has none."""
    if not tz:
        return date.today()
    return datetime.now(pytz.timezone(tz)).date()
