"""The catalog feed (§二(二): publish through 内蒙古政务服务网 and the 蒙速办 app): the
published lists as JSON, for the government website and the app to pull.

    GET /api/bangninban/v1/catalog                  the regions with a published list
    GET /api/bangninban/v1/catalog/<region code>    a region's items, departments, types,
                                                    limits, materials, dates, withdrawals

Public (no key, like the catalog pages), read with superuser rights: only the published
and withdrawn entries of the lists, never the drafts. Every answer carries a strong
``ETag`` of its body: a client that sends it back in ``If-None-Match`` gets ``304 Not
Modified`` and no body. ``?changed_since=<ISO 8601>`` answers only the entries changed
since then (their item, department or materials included; a time without a zone is
Beijing time): a client keeps the ``updated_at`` of its last answer and passes it on.
"""
import hashlib
import json

import pytz
from dateutil.parser import isoparse

from odoo import _, fields, http
from odoo.http import Response, request

from .catalog import PUBLIC_STATES

FEED_PATH = '/api/bangninban/v1/catalog'


def _utc(value):
    """An Odoo datetime string (UTC) as ISO 8601 with its zone, or None."""
    return value and fields.Datetime.from_string(value).strftime('%Y-%m-%dT%H:%M:%SZ')


class AgencyCatalogFeed(http.Controller):

    # ------------------------------------------------------------------ helpers

    def _env(self):
        """Superuser environment speaking Chinese (the lists' language)."""
        return request.env(user=1, context=dict(request.env.context, lang='zh_CN'))

    def _base_url(self, env):
        return env['ir.config_parameter']._agency_base_url()

    def _respond(self, body, status=200):
        """JSON with a strong ETag of its bytes; 304 without a body when the client has
        them already (``If-None-Match``)."""
        data = json.dumps(body, ensure_ascii=False, indent=2, sort_keys=True).encode('utf-8')
        etag = '"%s"' % hashlib.sha256(data).hexdigest()[:32]
        headers = [('ETag', etag), ('Cache-Control', 'public, no-cache'),
                   ('Access-Control-Allow-Origin', '*'),
                   ('Access-Control-Expose-Headers', 'ETag')]
        if status == 200 and self._client_has(etag):
            return Response(status=304, headers=headers)
        return Response(data, status=status, headers=headers + [
            ('Content-Type', 'application/json; charset=utf-8')])

    def _client_has(self, etag):
        sent = request.httprequest.headers.get('If-None-Match') or ''
        tags = [tag.strip() for tag in sent.split(',')]
        return '*' in tags or etag in tags or ('W/' + etag) in tags

    def _error(self, status, field, code, message):
        return Response(json.dumps({'errors': [{'field': field, 'code': code,
                                                'message': message}]}, ensure_ascii=False),
                        status=status, headers=[
                            ('Content-Type', 'application/json; charset=utf-8'),
                            ('Cache-Control', 'no-store'),
                            ('Access-Control-Allow-Origin', '*')])

    def _changed_since(self, env, value):
        """``changed_since`` as an Odoo datetime string (UTC); raises ValueError."""
        moment = isoparse(value.strip())
        if not moment.tzinfo:
            zone = env['resource.calendar'].agency_default_calendar().tz
            moment = pytz.timezone(zone or 'Asia/Shanghai').localize(moment)
        return fields.Datetime.to_string(moment.astimezone(pytz.utc).replace(tzinfo=None))

    def _publications(self, env, domain):
        return env['agency.item.publication'].search(
            [('state', 'in', PUBLIC_STATES)] + domain, order='region_id, item_number')

    # ------------------------------------------------------------------ payloads

    def _entry_updated(self, publication):
        """When the entry last changed: it, its item, department or materials."""
        item = publication.item_id
        return max(filter(None, [
            publication.write_date, item.write_date, item.department_type_id.write_date,
            publication.department_id.write_date, item.phase_id.write_date]
            + item.material_ids.mapped('write_date')))

    def _updated(self, publications):
        """{publication id: when its entry last changed}, worked out once per answer."""
        return {publication.id: self._entry_updated(publication) for publication in publications}

    def _region_summary(self, region, publications, updated, base_url):
        """The region's summary; ``updated`` as given by ``_updated``."""
        published = publications.filtered(lambda pub: pub.state == 'published')
        updated = max([region.write_date] + [updated[pub.id] for pub in publications])
        return {
            'code': region.code,
            'name': region.name,
            'level': region.level,
            'parent_code': region.parent_id.code or None,
            'bureau_name': region.bureau_name or None,
            'hall_address': region.hall_address or None,
            'phone': region.phone or None,
            'published_items': len(published),
            'withdrawn_items': len(publications) - len(published),
            'updated_at': _utc(updated),
            'url': '%s%s/%s' % (base_url, FEED_PATH, region.code),
            'page_url': '%s/bangninban/catalog/%s' % (base_url, region.code),
        }

    def _material(self, material):
        return {
            'name': material.name,
            'description': material.description or None,
            'copies': material.copies,
            'deficiency_acceptance': material.allow_deficiency,
            'deficiency_days': material.deficiency_days if material.allow_deficiency else None,
            'notification_pledge': material.allow_pledge,
            'pledge_days': material.pledge_days if material.allow_pledge else None,
        }

    def _entry(self, publication, updated, base_url):
        item, department = publication.item_id, publication.department_id
        item_types = dict(item._fields['item_type']._description_selection(item.env))
        return {
            'number': item.number,
            'name': item.name,
            'item_type': item.item_type,
            'item_type_name': item_types.get(item.item_type),
            'phase': item.phase_id.name,
            'department_type': {'code': item.department_type_id.code,
                                'name': item.department_type_id.name},
            'department': department and {
                'name': department.name,
                'region_code': department.region_id.code,
                'phone': department.phone or None,
                'address': department.address or None,
            } or None,
            'handled_elsewhere': bool(department) and
            department.region_id != publication.region_id,
            'statutory_days': item.statutory_days,
            'committed_days': publication.committed_days,
            'legal_basis': item.legal_basis or None,
            'state': publication.state,
            'date_published': publication.date_published or None,
            'date_effective': publication.date_effective or None,
            'date_withdrawn': publication.date_withdrawn or None,
            'materials': [self._material(material) for material in item.material_ids],
            'updated_at': _utc(updated),
            'page_url': '%s/bangninban/catalog/%s/%d' % (
                base_url, publication.region_id.code, item.number),
        }

    # ------------------------------------------------------------------ routes

    @http.route(FEED_PATH, type='http', auth='public', methods=['GET'], csrf=False)
    def catalog_feed(self, **kw):
        env = self._env()
        base_url = self._base_url(env)
        publications = self._publications(env, [])
        regions = publications.mapped('region_id').sorted('parent_left')
        updated = self._updated(publications)
        return self._respond({'regions': [
            self._region_summary(region, publications.filtered(
                lambda pub, region=region: pub.region_id == region), updated, base_url)
            for region in regions]})

    @http.route(FEED_PATH + '/<string:code>', type='http', auth='public', methods=['GET'],
                csrf=False)
    def catalog_feed_region(self, code, changed_since=None, **kw):
        env = self._env()
        region = env['agency.region'].search([('code', '=', code)], limit=1)
        publications = region and self._publications(env, [('region_id', '=', region.id)])
        if not publications:
            return self._error(404, 'region_code', 'not_found', _(
                'No region %s with a published list.') % code)
        since = None
        if changed_since is not None:
            try:
                since = self._changed_since(env, changed_since)
            except (ValueError, OverflowError):
                return self._error(400, 'changed_since', 'invalid', _(
                    'changed_since must be a date or a time in ISO 8601, e.g. '
                    '2026-11-30T08:00:00+08:00.'))
        base_url = self._base_url(env)
        updated = self._updated(publications)
        entries = [self._entry(publication, updated[publication.id], base_url)
                   for publication in publications
                   if not since or updated[publication.id] >= since]
        return self._respond({
            'region': self._region_summary(region, publications, updated, base_url),
            'changed_since': _utc(since),
            'items': entries,
        })
