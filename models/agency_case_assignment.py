"""Who works a case: an agent of its region (or of a region above it) takes it or a
manager assigns it; the managers' to-do "assign an agent" closes then; a case moves to
another region's bureau with its project through a transfer (agency.transfer)."""
from odoo import _, api, models
from odoo.exceptions import AccessError, UserError


class AgencyCaseAssignment(models.AbstractModel):
    _name = 'agency.case.assignment'
    _description = 'Agency Case: Assignment'

    @api.multi
    def action_take(self):
        """An agent takes an unassigned case of his region."""
        for case in self:
            if case.user_id:
                raise UserError(_('Case %s already has an agent.') % case.name)
        self.write({'user_id': self.env.uid})
        return True

    @api.multi
    def action_transfer(self):
        """Ask to hand the case, with its project, to the bureau of another region."""
        self.ensure_one()
        return self.project_id.action_transfer()

    @api.multi
    def _close_assignment_activities(self):
        """The managers' to-do "assign an agent" is done once the case has one."""
        activities = self.env['mail.activity'].sudo().search([
            ('res_model', '=', self._name), ('res_id', 'in', self.ids),
            ('activity_type_id', '=',
             self.env.ref('investment_agency.activity_type_new_application').id)])
        for case in self:
            done = activities.filtered(lambda activity: activity.res_id == case.id)
            if done:
                done.action_feedback(feedback=_('Assigned to %s.') % case.user_id.name)

    @api.multi
    def _transfer_to(self, region):
        """Move the case to ``region`` with its project (see agency.transfer): the items
        not declared yet are planned with the receiving region's department and limit;
        those under way stay with the department that handles them."""
        self.ensure_one()
        self._write_case({'region_id': region.id})
        Publication = self.env['agency.item.publication'].sudo()
        for line in self.line_ids.filtered(lambda line: line.state == 'todo'):
            publication = Publication.search([('region_id', '=', region.id),
                                              ('item_id', '=', line.item_id.id),
                                              ('state', '=', 'published')], limit=1)
            department = publication.department_id or \
                Publication._find_department(region, line.item_id)
            if publication and department:
                line._write_system({'department_id': department.id,
                                    'publication_id': publication.id,
                                    'committed_days': publication.committed_days})

    @api.model
    def _default_agent(self, region):
        """Who a new case of ``region`` goes to: a manager is offered the least loaded
        agent of the region; an agent who opens a case takes it himself."""
        user = self.env.user
        # A default offered by role, not an access decision (_check_can_assign decides).
        if user.has_group('investment_agency.group_manager'):
            return self._least_loaded_agent(region)
        return user if user.has_group('investment_agency.group_agent') else user.browse()

    @api.model
    def _least_loaded_agent(self, region):
        """The agent of the region with the fewest open cases (managers are not offered)."""
        agents = self.env['res.users'].search([
            ('agency_region_id', '=', region.id),
            ('groups_id', 'in', self.env.ref('investment_agency.group_agent').id),
            ('groups_id', 'not in', self.env.ref('investment_agency.group_manager').id),
            ('share', '=', False),
        ])
        if not agents:
            return agents
        groups = self.sudo().read_group(
            [('user_id', 'in', agents.ids), ('is_closed', '=', False)], ['user_id'], ['user_id'])
        load = {group['user_id'][0]: group['user_id_count'] for group in groups}
        return min(agents, key=lambda user: (load.get(user.id, 0), user.id))

    @api.model
    def _check_project_in_reach(self, project_id):
        """A case is opened on a project the user may work on (his region and the regions
        below it): not on another region's project, which he could then read."""
        project = self.env['agency.project'].browse(project_id)
        try:
            project.check_access_rights('write')
            project.check_access_rule('write')
        except AccessError:
            raise AccessError(_('This project is registered in a region you do not work in: '
                                'a case cannot be opened on it here.'))

    @api.multi
    def _check_can_assign(self, user_id, region=None):
        """Managers assign and unassign; an agent takes an unassigned case. The agent is an
        active agent whose region is the case's or one above it (he works there).
        Checked here: a record rule cannot tell a change of agent from another write."""
        agent = self.env['res.users'].sudo().browse(user_id)
        for case_region in (region or self.mapped('region_id')) if agent else ():
            if not (agent.active and not agent._is_superuser() and
                    agent.has_group('investment_agency.group_agent') and
                    not agent.share and agent.agency_region_id and
                    case_region._is_within(agent.agency_region_id)):
                raise UserError(_('%s is not an agent working in %s: the case cannot be '
                                  'assigned to him.') % (agent.name, case_region.name))
        if self.env.user._is_superuser() or \
                self.env.user.has_group('investment_agency.group_manager'):
            return
        if user_id == self.env.uid and all(not case.user_id for case in self):
            return  # an agent takes an unassigned case
        raise AccessError(_('Only a manager can assign a case to an agent.'))
