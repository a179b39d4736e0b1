"""The applicant portal (网上专栏): apply online, follow one's own cases, upload
materials, download the forms, sign off the completion and rate the service.

Ids in URLs are never trusted: a case or an item line is read with the user's
own rights (the portal record rules give an enterprise its own cases) and
checked to belong to the user's enterprise before anything is done with
superuser rights; anything else answers 404.
"""
import base64
import mimetypes
import os
import re
import time
import uuid
from collections import OrderedDict

from werkzeug.exceptions import NotFound

from odoo import _, http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import content_disposition, request
from odoo.tools.safe_eval import safe_eval

from odoo.addons.portal.controllers.portal import CustomerPortal, pager as portal_pager
from odoo.tools import plaintext2html

from ..models.agency_intake_request import APPLICATION_FIELDS, SELECTION_FIELDS, TEXT_FIELDS
from ..models.agency_sms_message import mobile_number
from . import wording

MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Files an applicant may upload for one case, and the longest file name kept.
MAX_CASE_UPLOADS = 100
MAX_FILENAME_LENGTH = 120
# Extension -> the leading bytes a file of that type starts with.
UPLOAD_TYPES = OrderedDict([
    ('pdf', (b'%PDF-',)),
    ('jpg', (b'\xff\xd8\xff',)),
    ('jpeg', (b'\xff\xd8\xff',)),
    ('png', (b'\x89PNG\r\n\x1a\n',)),
    ('doc', (b'\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1',)),
    ('xls', (b'\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1',)),
    ('docx', (b'PK\x03\x04',)),
    ('xlsx', (b'PK\x03\x04',)),
    ('zip', (b'PK\x03\x04', b'PK\x05\x06')),
])


def _report_available(case):
    """Which forms an applicant may download, by the step of the case."""
    after_verify = case.flow_step not in ('apply', 'verify')
    return OrderedDict([
        ('application', True),
        ('flow', True),
        ('authorization', after_verify or bool(case.date_authorization)),
        ('commitment', after_verify or bool(case.date_commitment)),
        ('notification', bool(case.line_ids)),
        ('plan', bool(case.line_ids and case.plan_goal)),
        ('completion', case.flow_step in ('archive', 'evaluate', 'done')),
        ('evaluation', bool(case.rating)),
        ('termination', case.flow_step == 'terminated'),
    ])


CASE_SORTINGS = {
    'date': 'date_applied desc, id desc',
    'stage': 'stage_id, id desc',
    'name': 'name',
}
CASE_FILTERS = {
    'all': [],
    'open': [('is_closed', '=', False)],
    'closed': [('is_closed', '=', True)],
}
# The fields the apply form shows next to their input (the region is chosen before).
FORM_FIELDS = (APPLICATION_FIELDS - {'region_code'}) | {'confirm'}
PORTAL_REPORTS = {
    'application': 'investment_agency.report_case_application',
    'flow': 'investment_agency.report_case_flow',
    'authorization': 'investment_agency.report_case_authorization',
    'commitment': 'investment_agency.report_case_commitment',
    'notification': 'investment_agency.report_case_notification',
    'plan': 'investment_agency.report_case_plan',
    'completion': 'investment_agency.report_case_completion',
    'evaluation': 'investment_agency.report_case_evaluation',
    'termination': 'investment_agency.report_case_termination',
}


class AgencyCustomerPortal(CustomerPortal):

    # ------------------------------------------------------------------ helpers

    def _prepare_portal_layout_values(self):
        values = super(AgencyCustomerPortal, self)._prepare_portal_layout_values()
        Case = request.env['agency.case']
        # Employees without access to cases visit /my too: no counter for them.
        values['agency_case_count'] = Case.search_count(self._agency_case_domain()) \
            if Case.check_access_rights('read', raise_exception=False) else 0
        values.update(wording.values(request.env))
        return values

    def _agency_enterprise(self):
        return request.env.user.sudo().partner_id.commercial_partner_id

    def _agency_case_domain(self):
        return [('partner_id', '=', self._agency_enterprise().id)]

    def _agency_get_case(self, case_id):
        """The case with superuser rights if the user's enterprise owns it, else 404."""
        case = request.env['agency.case'].browse(case_id).exists()
        if not case:
            raise NotFound()
        try:
            case.check_access_rights('read')
            case.check_access_rule('read')
        except AccessError:
            raise NotFound()
        case = case.sudo()
        if case.partner_id != self._agency_enterprise():
            raise NotFound()
        return case

    def _agency_get_line(self, case, line_id):
        line = request.env['agency.case.line'].browse(line_id).exists()
        if not line:
            raise NotFound()
        try:
            line.check_access_rights('read')
            line.check_access_rule('read')
        except AccessError:
            raise NotFound()
        line = line.sudo()
        if line.case_id != case:
            raise NotFound()
        return line

    def _agency_reports(self, case):
        """[(name, label)] of the forms the applicant can download now."""
        reports = []
        for name, available in _report_available(case).items():
            if available:
                report = request.env.ref(PORTAL_REPORTS[name]).sudo()
                reports.append((name, report.name))
        return reports

    def _agency_notification(self, case):
        """The one-time notification (一次性告知): per planned item its department, committed
        limit, planned dates and the materials to bring, with their simplifications."""
        return [{
            'line': line,
            'item': line.item_id,
            'materials': line.item_id.material_ids,
        } for line in case.line_ids.sorted(lambda l: (l.sequence, l.id))]

    def _agency_case_page(self, case, **values):
        values.update(self._prepare_portal_layout_values())
        values.update({
            'case': case,
            'page_name': 'agency_case',
            'notification': self._agency_notification(case),
            'reports': self._agency_reports(case),
            'ratings': wording.choices(request.env, 'agency.case', 'rating'),
            'can_confirm': case._can_confirm_completion(),
            'can_rate': case._can_rate(),
            'upload_types': ', '.join(UPLOAD_TYPES),
            'max_upload_mb': MAX_UPLOAD_SIZE // (1024 * 1024),
            'steps': request.env['agency.stage'].sudo().search([
                ('flow_step', '!=', 'terminated')]),
            'sms_mobile': self._agency_sms_mobile(case),
            'followup': case.followup_id,
        })
        return request.render('investment_agency.portal_agency_case', values)

    def _agency_sms_mobile(self, case):
        """The contact's mobile number as the page shows it (middle digits hidden), or
        None when no SMS can reach the case's contact (no mobile, no gateway)."""
        if not request.env['agency.sms.message']._gateway()[0]:
            return None
        mobile = mobile_number(case.sudo().project_id.contact_phone)
        return mobile and '%s****%s' % (mobile[:3], mobile[-4:])

    # ------------------------------------------------------------------ case list and page

    @http.route(['/my/agency/cases', '/my/agency/cases/page/<int:page>'], type='http',
                auth='user', website=True)
    def portal_agency_cases(self, page=1, sortby=None, filterby=None, **kw):
        values = self._prepare_portal_layout_values()
        Case = request.env['agency.case']
        sortby = sortby if sortby in CASE_SORTINGS else 'date'
        filterby = filterby if filterby in CASE_FILTERS else 'all'
        domain = self._agency_case_domain() + CASE_FILTERS[filterby]
        pager = portal_pager(url='/my/agency/cases', total=Case.search_count(domain),
                             page=page, step=self._items_per_page,
                             url_args={'sortby': sortby, 'filterby': filterby})
        cases = Case.search(domain, order=CASE_SORTINGS[sortby],
                            limit=self._items_per_page, offset=pager['offset'])
        values.update({
            'cases': cases.sudo(),
            'page_name': 'agency_cases',
            'pager': pager,
            'sortby': sortby,
            'filterby': filterby,
        })
        return request.render('investment_agency.portal_agency_cases', values)

    @http.route(['/my/agency/cases/<int:case_id>'], type='http', auth='user', website=True)
    def portal_agency_case(self, case_id, **kw):
        case = self._agency_get_case(case_id)
        done = kw.get('done')
        return self._agency_case_page(
            case, success=done if done in ('submitted', 'uploaded', 'confirmed', 'rated',
                                           'form_queued', 'answered')
            else None)

    @http.route(['/my/agency/cases/<int:case_id>/report/<string:name>'], type='http',
                auth='user', website=True)
    def portal_agency_report(self, case_id, name, **kw):
        case = self._agency_get_case(case_id)
        if name not in PORTAL_REPORTS or not _report_available(case)[name]:
            raise NotFound()
        report = request.env.ref(PORTAL_REPORTS[name]).sudo()
        lang = request.env.context.get('lang') or 'zh_CN'
        if case._agency_form_in_background():
            # A long form is printed by a background job: the applicant downloads it once
            # it is ready (the page says so).
            attachment = case.sudo()._agency_portal_form(name, PORTAL_REPORTS[name], lang)
            if not attachment:
                return request.redirect('%s?done=form_queued' % case.portal_url, code=303)
            pdf, filename = base64.b64decode(attachment.datas), attachment.datas_fname
        else:
            pdf, _format = report.with_context(lang=lang).render_qweb_pdf([case.id])
            filename = '%s.pdf' % safe_eval(report.print_report_name,
                                            {'object': case, 'time': time})
        return request.make_response(pdf, headers=[
            ('Content-Type', 'application/pdf'),
            ('Content-Length', len(pdf)),
            ('Content-Disposition', content_disposition(filename)),
        ])

    @http.route(['/my/agency/cases/<int:case_id>/documents/<int:attachment_id>'],
                type='http', auth='user', website=True)
    def portal_agency_document(self, case_id, attachment_id, **kw):
        case = self._agency_get_case(case_id)
        attachment = case.line_ids.mapped('attachment_ids').filtered(
            lambda att: att.id == attachment_id)
        if not attachment:
            raise NotFound()
        content = base64.b64decode(attachment.datas or b'')
        return request.make_response(content, headers=[
            ('Content-Type', attachment.mimetype or 'application/octet-stream'),
            ('Content-Length', len(content)),
            ('Content-Disposition', content_disposition(attachment.datas_fname or
                                                        attachment.name)),
            ('X-Content-Type-Options', 'nosniff'),
        ])

    # ------------------------------------------------------------------ upload

    @http.route(['/my/agency/cases/<int:case_id>/lines/<int:line_id>/upload'], type='http',
                auth='user', methods=['POST'], website=True)
    def portal_agency_upload(self, case_id, line_id, **post):
        case = self._agency_get_case(case_id)
        line = self._agency_get_line(case, line_id)
        upload = request.httprequest.files.get('file')
        try:
            filename, content = self._agency_check_upload(line, upload)
        except UserError as exc:
            return self._agency_case_page(case, error=exc.name, error_line=line)
        attachment = request.env['ir.attachment'].sudo().create({
            'name': filename,
            'datas_fname': filename,
            'datas': base64.b64encode(content),
            'res_model': 'agency.case.line',
            'res_id': line.id,
            'mimetype': mimetypes.guess_type(filename)[0] or 'application/octet-stream',
        })
        line.write({'attachment_ids': [(4, attachment.id)]})
        case.message_post(
            body=plaintext2html(_('%s uploaded %s for "%s".') % (
                request.env.user.name, filename, line.item_id.name)),
            attachment_ids=attachment.ids, subtype='mail.mt_note',
            author_id=request.env.user.partner_id.id)
        return request.redirect('%s?done=uploaded#line-%s' % (case.portal_url, line.id), code=303)

    def _agency_check_upload(self, line, upload):
        """(file name, content) of an acceptable upload; UserError with the reason."""
        if not line.is_open:
            raise UserError(_('"%s" is closed: no more materials can be uploaded for it.')
                            % line.item_id.name)
        if upload is None or not upload.filename:
            raise UserError(_('Choose a file to upload.'))
        uploaded = request.env['ir.attachment'].sudo().search_count([
            ('res_model', '=', 'agency.case.line'), ('res_id', 'in', line.case_id.line_ids.ids)])
        if uploaded >= MAX_CASE_UPLOADS:
            raise UserError(_('%d files are uploaded for this case already: bring the other '
                              'materials to the service window.') % uploaded)
        filename = os.path.basename(upload.filename.replace('\\', '/')).strip()
        filename = re.sub(r'[\x00-\x1f<>:"/|?*]', '_', filename)
        stem, dot, extension = filename.rpartition('.')
        if len(filename) > MAX_FILENAME_LENGTH:  # shortened, its type kept
            filename = (stem[:MAX_FILENAME_LENGTH - len(extension) - 1] + dot + extension) \
                if dot else filename[:MAX_FILENAME_LENGTH]
        extension = extension.lower() if dot else ''
        if extension not in UPLOAD_TYPES:
            raise UserError(_('"%s": this type of file is not accepted. Accepted types: %s.')
                            % (filename, ', '.join(UPLOAD_TYPES)))
        content = upload.stream.read(MAX_UPLOAD_SIZE + 1)
        if len(content) > MAX_UPLOAD_SIZE:
            raise UserError(_('"%s" is larger than %d MB.')
                            % (filename, MAX_UPLOAD_SIZE // (1024 * 1024)))
        if not content:
            raise UserError(_('"%s" is empty.') % filename)
        if not content.startswith(UPLOAD_TYPES[extension]):
            raise UserError(_('"%s" is not a real %s file: its content does not match its '
                              'name.') % (filename, extension.upper()))
        return filename, content

    # ------------------------------------------------------------------ completion and rating

    @http.route(['/my/agency/cases/<int:case_id>/confirm'], type='http', auth='user',
                methods=['POST'], website=True)
    def portal_agency_confirm(self, case_id, **post):
        case = self._agency_get_case(case_id)
        if not post.get('confirm'):
            return self._agency_case_page(
                case, error=_('Tick the box to confirm that the materials were handed back '
                              'and the service is completed.'))
        try:
            case._confirm_completion(request.env.user.partner_id)
        except UserError as exc:
            return self._agency_case_page(case, error=exc.name)
        return request.redirect('%s?done=confirmed' % case.portal_url, code=303)

    @http.route(['/my/agency/cases/<int:case_id>/rate'], type='http', auth='user',
                methods=['POST'], website=True)
    def portal_agency_rate(self, case_id, **post):
        case = self._agency_get_case(case_id)
        try:
            case._record_evaluation(post.get('rating'), comment=post.get('comment'),
                                    rater=request.env.user.partner_id.name, channel='online')
        except (UserError, ValidationError) as exc:
            return self._agency_case_page(case, error=exc.name,
                                          rating_comment=post.get('comment'))
        return request.redirect('%s?done=rated' % case.portal_url, code=303)

    @http.route(['/my/agency/cases/<int:case_id>/followup'], type='http', auth='user',
                methods=['POST'], website=True)
    def portal_agency_followup(self, case_id, **post):
        """The rater confirms or disputes the result of the follow-up of his bad rating."""
        case = self._agency_get_case(case_id)
        if not case.followup_id:
            raise NotFound()
        try:
            case.followup_id._record_rater_response(post.get('response'), post.get('note'))
        except UserError as exc:
            return self._agency_case_page(case, error=exc.name)
        return request.redirect('%s?done=answered' % case.portal_url, code=303)

    @http.route(['/my/agency/cases/<int:case_id>/sms'], type='http', auth='user',
                methods=['POST'], website=True)
    def portal_agency_sms(self, case_id, **post):
        """The applicant declines (``sms=off``) or takes again (``sms=on``) the SMS."""
        case = self._agency_get_case(case_id)
        case._set_sms_opt_out(post.get('sms') == 'off')
        return request.redirect(case.portal_url, code=303)

    # ------------------------------------------------------------------ application form

    def _agency_apply_regions(self):
        """The regions with published items, in the order of the region tree."""
        groups = request.env['agency.item.publication'].sudo().read_group(
            [('state', '=', 'published')], ['region_id'], ['region_id'])
        return request.env['agency.region'].sudo().browse(
            [group['region_id'][0] for group in groups]).sorted('parent_left')

    def _agency_apply_defaults(self):
        user = request.env.user.sudo()
        enterprise = self._agency_enterprise()
        company = enterprise if enterprise.is_company else None
        return {
            'enterprise_name': company.name if company else '',
            'credit_code': company.agency_credit_code if company else '',
            'legal_representative': company.agency_legal_representative if company else '',
            'enterprise_address': company.street if company else '',
            'postcode': company.zip if company else '',
            'phone': company.phone if company else '',
            'contact_name': user.partner_id.name,
            'contact_phone': user.partner_id.mobile or user.partner_id.phone or '',
            'contact_email': user.partner_id.email or '',
            'funding_source': 'self',
            'land_nature': 'transferred',
            'category': 'key',
            'is_key_project': 'no',
        }

    def _agency_apply_page(self, region=None, form=None, errors=None, **values):
        enterprise = self._agency_enterprise()
        publications = request.env['agency.item.publication'].sudo()
        if region:
            publications = publications.search([('region_id', '=', region.id),
                                                ('state', '=', 'published')])
        errors = errors or []
        values.update(self._prepare_portal_layout_values())
        values.update({
            'page_name': 'agency_apply',
            'regions': self._agency_apply_regions(),
            'region': region,
            'publications': publications.sorted(lambda pub: pub.item_number),
            'form': form or self._agency_apply_defaults(),
            'errors': errors,
            'field_errors': {error['field']: error['message'] for error in errors
                             if error.get('field') in FORM_FIELDS},
            'general_errors': [error['message'] for error in errors
                               if error.get('field') not in FORM_FIELDS],
            'company_locked': bool(enterprise.is_company and enterprise.agency_credit_code),
            'selections': {
                field: wording.choices(request.env, 'agency.project', field)
                for field in ('funding_source', 'land_nature', 'category')
            },
            'can_apply': request.env.user.share,
            # The day the case will carry: the service day of the region.
            'date_applied': (region._get_calendar() if region else
                             request.env['resource.calendar']).agency_today(),
        })
        values.setdefault('intake_token', uuid.uuid4().hex)
        return request.render('investment_agency.portal_agency_apply', values)

    @http.route(['/my/agency/apply'], type='http', auth='user', methods=['GET'], website=True)
    def portal_agency_apply(self, region=None, item=None, **kw):
        region = request.env['agency.region'].sudo().search(
            [('code', '=', region)], limit=1) if region else None
        if region and region not in self._agency_apply_regions():
            region = None
        form = self._agency_apply_defaults()
        if item and str(item).isdigit():
            form['item_numbers'] = [int(item)]
        return self._agency_apply_page(region=region, form=form)

    @http.route(['/my/agency/apply'], type='http', auth='user', methods=['POST'],
                website=True)
    def portal_agency_apply_submit(self, **post):
        user = request.env.user
        region = request.env['agency.region'].sudo().search(
            [('code', '=', post.get('region_code') or '')], limit=1)
        form = dict(post)
        form['item_numbers'] = [int(number) for number in
                                request.httprequest.form.getlist('item_numbers')
                                if number.isdigit()]
        token = post.get('intake_token') or ''
        if not user.share:
            return self._agency_apply_page(region=region, form=form, intake_token=token)
        payload = {field: post.get(field, '') for field in TEXT_FIELDS}
        payload.update({field: post.get(field) or None for field in SELECTION_FIELDS})
        payload.update({
            'total_investment': post.get('total_investment') or None,
            'is_key_project': post.get('is_key_project') == 'yes',
            'item_numbers': request.httprequest.form.getlist('item_numbers'),
        })
        if not post.get('confirm'):
            errors = [{'field': 'confirm', 'code': 'required',
                       'message': _('Confirm that the application is voluntary and the data '
                                    'true.')}]
            _values, more = request.env['agency.intake.request'].sudo()._validate_application(
                payload, enterprise=self._agency_enterprise())
            return self._agency_apply_page(region=region, form=form, errors=errors + more,
                                           intake_token=token)
        enterprise = self._agency_enterprise()
        status, case, errors = request.env['agency.intake.request']._submit(
            'online', token, payload, user=user, enterprise=enterprise)
        if status == 'created':
            return request.redirect('%s?done=submitted' % case.portal_url, code=303)
        if case and case.partner_id == enterprise:
            # The same form sent twice (a double click, a reload): the case filed first.
            if status == 'replayed':
                return request.redirect('%s?done=submitted' % case.portal_url, code=303)
            errors = [{'field': None, 'code': 'conflict',
                       'message': _('This form was sent already as case %s: open it from '
                                    '"My Cases".') % case.name}]
        elif case:
            # Someone else's token: never reveal that case; file with a fresh form.
            errors = [{'field': None, 'code': 'conflict',
                       'message': _('This form has expired: check the data and send it '
                                    'again.')}]
            token = uuid.uuid4().hex
        return self._agency_apply_page(region=region, form=form, errors=errors,
                                       intake_token=token)
