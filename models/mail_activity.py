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
