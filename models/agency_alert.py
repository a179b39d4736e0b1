from odoo import _, api, models
from odoo.tools import plaintext2html

from odoo.addons.queue_job.job import job

from .agency_job import RETRY_PATTERN

ALERT_ACTIVITY_TYPES = {
    'yellow': 'investment_agency.activity_type_due_soon',
    'red': 'investment_agency.activity_type_overdue',
    'escalation1': 'investment_agency.activity_type_escalation',
    'escalation2': 'investment_agency.activity_type_escalation',
}


class AgencyAlert(models.AbstractModel):
    """The deadline alerts of item lines, as activities on their case.

    The one place that decides who is told of a yellow or red light and of an
    escalation (``_recipients``) and that gives the activities (``_give``), through
    the ORM: the recipient follows the case, gets Odoo's notification, and never the
    same alert of the same line twice.

    The daily cron does not wait for them: each activity costs what Odoo's
    ``mail.activity.create`` costs (about 50 statements: defaults, followers, the
    notification), so the cron queues one background job with all the alerts of its
    run (``_give_later``) and keeps a fixed number of statements however many lights
    change. The job gives them a moment later; run again, it gives none twice.
    """
    _name = 'agency.alert'
    _description = 'Deadline Alerts'

    @api.model
    def _recipients(self, kind, line):
        """Who is told of alert ``kind`` of ``line``.

        - yellow, red: the case's agent (the region's managers while the case has none)
          and the liaison agents of the line's department, who push it to finish in time;
        - escalation1 (red): the managers of the line's region;
        - escalation2 (red for the configured days): the managers of the region above.
        Managers are those of the region or, if it has none, of the nearest one above.
        An item handled in another region than its case's (分级办理, a transfer) escalates
        in both: where the case is and where the department that handles it is.
        """
        if kind in ('yellow', 'red'):
            users = line.user_id or line.region_id._get_managers()
            return users | line.department_id.liaison_user_ids
        users = self.env['res.users']
        for region in line.region_id | line.handling_region_id:
            if kind == 'escalation1':
                users |= region._get_managers()
            elif region.parent_id:
                users |= region.parent_id._get_managers()
        return users

    @api.model
    def _texts(self, kind, line):
        """Summary and note of an alert, in the language of the context."""
        summaries = {
            'yellow': _('Due soon: %s'),
            'red': _('Overdue: %s'),
            'escalation1': _('Overdue, escalated: %s'),
            'escalation2': _('Overdue, escalated to the region above: %s'),
        }
        return (summaries[kind] % line.item_id.name,
                plaintext2html(_('Deadline %s (case %s).') % (line.deadline, line.case_id.name)))

    @api.model
    def _give_later(self, alerts):
        """Queue one job that gives the activities of ``alerts`` (see ``_give``); while
        the module is installed or updated (data files run the cron: no job runner runs
        yet), give them at once."""
        if alerts and self.pool._init:
            self._give(alerts)
        elif alerts:
            self.with_delay(description=_('Deadline alerts (%s)') % len(alerts))._give(
                [list(alert) for alert in alerts])

    @job(default_channel='root.agency', retry_pattern=RETRY_PATTERN)
    @api.model
    def _give(self, alerts):
        """Give the activities of ``alerts``, a list of [kind, line id], to their
        recipients; an alert a recipient already has for the line is not given again.
        Returns the activities created."""
        Activity = self.env['mail.activity'].sudo()
        if not alerts:
            return Activity
        lines = self.env['agency.case.line'].sudo().browse({line_id for _kind, line_id in alerts})
        given = {(activity['agency_line_id'][0], activity['agency_alert'],
                  activity['user_id'][0])
                 for activity in Activity.search_read(
                     [('agency_line_id', 'in', lines.ids), ('agency_alert', '!=', False)],
                     ['agency_line_id', 'agency_alert', 'user_id'])}
        model_id = self.env['ir.model']._get('agency.case').id
        types = {kind: self.env.ref(xmlid).id for kind, xmlid in ALERT_ACTIVITY_TYPES.items()}
        created = Activity
        for kind, line_id in alerts:
            line = lines.browse(line_id)
            today = line._calendar().agency_today()
            for user in self._recipients(kind, line).filtered(lambda user: user.active):
                if (line.id, kind, user.id) in given:
                    continue
                given.add((line.id, kind, user.id))
                summary, note = self.with_context(lang=user.lang)._texts(kind, line)
                created |= Activity.create({
                    'res_model_id': model_id,
                    'res_id': line.case_id.id,
                    'activity_type_id': types[kind],
                    'summary': summary,
                    'note': note,
                    'date_deadline': today,
                    'user_id': user.id,
                    'agency_line_id': line.id,
                    'agency_alert': kind,
                })
        return created

    @api.model
    def _material_texts(self, kind, entry):
        """Summary and note of a reminder of a material owed, in the language of the
        context."""
        summaries = {
            'soon': _('Material due soon: %s'),
            'overdue': _('Material overdue: %s'),
        }
        name = '%s · %s' % (entry.line_id.item_id.name, entry.material_id.name)
        return (summaries[kind] % name,
                plaintext2html(_('Due %s (case %s).') % (entry.due_date, entry.case_id.name)))

    @api.model
    def _give_material_reminders(self, kind, entries):
        """Give the reminder ``kind`` ('soon', 'overdue') of the materials ``entries`` owe
        to those told of the lights of their line (the case's agent, the liaison agents of
        the department), as activities on the case; not again to whoever has it."""
        Activity = self.env['mail.activity'].sudo()
        given = {(activity['agency_material_id'][0], activity['user_id'][0])
                 for activity in Activity.search_read(
                     [('agency_material_id', 'in', entries.ids),
                      ('agency_material_alert', '=', kind)],
                     ['agency_material_id', 'user_id'])}
        model_id = self.env['ir.model']._get('agency.case').id
        activity_type = self.env.ref(ALERT_ACTIVITY_TYPES['red' if kind == 'overdue'
                                                          else 'yellow']).id
        created = Activity
        for entry in entries.sudo():
            line = entry.line_id
            today = line._calendar().agency_today()
            for user in self._recipients('yellow', line).filtered(lambda user: user.active):
                if (entry.id, user.id) in given:
                    continue
                given.add((entry.id, user.id))
                summary, note = self.with_context(lang=user.lang)._material_texts(kind, entry)
                created |= Activity.create({
                    'res_model_id': model_id,
                    'res_id': line.case_id.id,
                    'activity_type_id': activity_type,
                    'summary': summary,
                    'note': note,
                    'date_deadline': today,
                    'user_id': user.id,
                    'agency_material_id': entry.id,
                    'agency_material_alert': kind,
                })
        return created
