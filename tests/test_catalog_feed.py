from datetime import timedelta

from odoo import fields

from .common import AgencyHttpCase
from .openapi_check import OpenApiCheck

FEED = '/api/bangninban/v1/catalog'
OPENAPI = OpenApiCheck()


class TestCatalogFeed(AgencyHttpCase):
    """The published lists as JSON for the government website and the app: public, with
    ETag / If-None-Match and incremental pulls; every answer checked against the OpenAPI
    document."""

    def setUp(self):
        super(TestCatalogFeed, self).setUp()
        self.set_up_chifeng_list()
        self.hohhot = self.env.ref('investment_agency.region_hohhot')
        self.sync()

    def feed(self, path='', **headers):
        response = self.get(FEED + path, headers=headers)
        self.assertEqual(OPENAPI.response_errors('GET', FEED + path, response), [],
                         '%s → %s' % (path, response.status_code))
        self.assertEqual(OPENAPI.request_errors('GET', FEED + path, headers, None), [])
        return response

    def transaction_time(self, seconds=0):
        """The time of this test's transaction, which dates everything it writes, in
        ISO 8601 (UTC), moved by ``seconds``."""
        self.env.cr.execute("SELECT date_trunc('second', now() at time zone 'UTC')::text")
        moment = fields.Datetime.from_string(self.env.cr.fetchone()[0])
        return (moment + timedelta(seconds=seconds)).strftime('%Y-%m-%dT%H:%M:%SZ')

    def test_regions_with_a_published_list(self):
        response = self.feed()
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.headers['Access-Control-Allow-Origin'], '*')
        regions = {region['code']: region for region in response.json()['regions']}
        Publication = self.env['agency.item.publication']
        for code in ('150100', '150400'):
            region = self.env['agency.region'].search([('code', '=', code)])
            self.assertEqual(regions[code]['published_items'], Publication.search_count(
                [('region_id', '=', region.id), ('state', '=', 'published')]))
            self.assertEqual(regions[code]['name'], region.name)
            self.assertTrue(regions[code]['url'].endswith(FEED + '/' + code))
        self.assertEqual(regions['150400']['published_items'], 2)  # item 1 is a draft
        self.assertEqual(regions['150400']['parent_code'], '150000')
        self.assertNotIn('150300', regions)  # 乌海市 publishes nothing
        # In the tree's order: the autonomous region's leagues before their banners.
        codes = list(regions)
        self.assertLess(codes.index('150100'), codes.index('150105'))

    def test_etag_and_not_modified(self):
        first = self.feed('/150400')
        etag = first.headers['ETag']
        self.assertRegex(etag, r'^"[0-9a-f]{32}"$')
        self.assertIn('no-cache', first.headers['Cache-Control'])
        again = self.feed('/150400', **{'If-None-Match': etag})
        self.assertEqual((again.status_code, again.content, again.headers['ETag']),
                         (304, b'', etag))
        self.assertEqual(self.feed('/150400', **{'If-None-Match': 'W/%s, "x"' % etag})
                         .status_code, 304)
        self.assertEqual(self.feed('/150400', **{'If-None-Match': '"other"'}).status_code, 200)
        # A change of the list: the old tag no longer matches.
        self.item_land.material_ids[:1].write({'allow_deficiency': True})
        self.sync()
        changed = self.feed('/150400', **{'If-None-Match': etag})
        self.assertEqual(changed.status_code, 200)
        self.assertNotEqual(changed.headers['ETag'], etag)
        index = self.feed()
        self.assertEqual(self.feed(**{'If-None-Match': index.headers['ETag']}).status_code, 304)

    def test_a_region_list_says_what_the_catalog_says(self):
        publication = self.env['agency.item.publication'].search([
            ('region_id', '=', self.region.id), ('item_id', '=', self.item_land.id)])
        material = self.item_land.material_ids[0]
        material.write({'allow_pledge': True, 'pledge_days': 15})
        self.sync()
        body = self.feed('/150400').json()
        self.assertEqual(body['region']['code'], '150400')
        self.assertIsNone(body['changed_since'])
        items = {item['number']: item for item in body['items']}
        self.assertEqual(set(items), {2, 7})  # the draft of item 1 is not shown
        land = items[7]
        self.assertEqual(land['name'], self.item_land.with_context(lang='zh_CN').name)
        self.assertEqual(land['state'], 'published')
        self.assertEqual(land['committed_days'], publication.committed_days)
        self.assertEqual(land['statutory_days'], self.item_land.statutory_days)
        self.assertLessEqual(land['committed_days'], land['statutory_days'])
        self.assertEqual(land['department']['name'], publication.department_id.with_context(
            lang='zh_CN').name)
        self.assertEqual(land['department']['region_code'], '150400')
        self.assertFalse(land['handled_elsewhere'])
        self.assertEqual(land['department_type']['code'], 'natural_resources')
        self.assertEqual(land['item_type_name'], '行政许可')
        self.assertEqual(land['date_published'], publication.date_published)
        self.assertEqual(len(land['materials']), len(self.item_land.material_ids))
        first = land['materials'][0]
        self.assertEqual((first['name'], first['notification_pledge'], first['pledge_days']),
                         (material.with_context(lang='zh_CN').name, True, 15))
        self.assertEqual(first['deficiency_acceptance'], material.allow_deficiency)
        self.assertTrue(land['page_url'].endswith('/bangninban/catalog/150400/7'))

        # Withdrawn: still in the feed, marked, so that the consumers take it down.
        self.env['agency.publication.event'].create({
            'publication_id': publication.id, 'action': 'withdraw',
            'date_effective': publication.date_effective, 'note': '测试撤销'})._apply()
        self.sync()
        body = self.feed('/150400').json()
        land = {item['number']: item for item in body['items']}[7]
        self.assertEqual((land['state'], land['date_withdrawn']),
                         ('withdrawn', publication.date_withdrawn))
        self.assertEqual((body['region']['published_items'],
                          body['region']['withdrawn_items']), (1, 1))

    def test_item_handled_by_the_department_above(self):
        """分级办理: 赛罕区's land pre-examination is handled by 呼和浩特市自然资源局."""
        items = {item['number']: item for item in self.feed('/150105').json()['items']}
        self.assertTrue(items[7]['handled_elsewhere'])
        self.assertEqual(items[7]['department']['region_code'], '150100')

    def test_changed_since(self):
        now, later = self.transaction_time(), self.transaction_time(1)
        # 呼和浩特市's list was published when the database was made: nothing since.
        body = self.feed('/150100?changed_since=%s' % now).json()
        self.assertEqual(body['items'], [])
        self.assertEqual(body['changed_since'], now)
        self.assertEqual(body['region']['code'], '150100')
        # A material of item 7 changed, one of another item removed (one that no case
        # uses): those two items, whole.
        land = self.env.ref('investment_agency.item_land_preexamination')
        land.material_ids[0].write({'copies': 3})
        used = self.env['agency.case.line.material'].search([]).mapped('material_id')
        listed = self.env['agency.item.publication'].search([
            ('region_id', '=', self.hohhot.id), ('state', '=', 'published'),
            ('item_id', '!=', land.id)]).mapped('item_id')
        removed = (listed.mapped('material_ids') - used)[:1]
        other = removed.item_id
        count = len(other.material_ids)
        self.assertLess(other.write_date, now.replace('T', ' ').rstrip('Z'))
        removed.unlink()
        self.sync()
        body = self.feed('/150100?changed_since=%s' % now).json()
        items = {item['number']: item for item in body['items']}
        self.assertEqual(set(items), {7, other.number})
        self.assertEqual(items[7]['materials'][0]['copies'], 3)
        self.assertEqual(len(items[other.number]['materials']), count - 1)
        self.assertEqual(items[7]['updated_at'], now)
        self.assertEqual(body['region']['updated_at'], now)
        self.assertEqual(self.feed('/150100?changed_since=%s' % later).json()['items'], [])
        # Without a zone: Beijing time; a date alone: its midnight in Beijing.
        self.env.cr.execute(
            "SELECT to_char(now() at time zone 'Asia/Shanghai', 'YYYY-MM-DD\"T\"HH24:MI:SS')")
        beijing = self.env.cr.fetchone()[0]
        self.assertEqual(set(item['number'] for item in self.feed(
            '/150100?changed_since=%s' % beijing).json()['items']), {7, other.number})
        full = self.feed('/150100').json()['items']
        self.assertGreater(len(full), 2)
        self.assertEqual(self.feed('/150100?changed_since=2020-01-01').json()['items'], full)

    def test_bad_requests(self):
        for value in ('yesterday', '2026-13-01', '2026-11-30T25:00'):
            response = self.feed('/150100?changed_since=%s' % value)
            self.assertEqual(response.status_code, 400, value)
            error, = response.json()['errors']
            self.assertEqual((error['field'], error['code']), ('changed_since', 'invalid'))
            self.assertIn('ISO 8601', error['message'])
        for code in ('999999', '150300', 'x'):
            response = self.feed('/%s' % code)
            self.assertEqual(response.status_code, 404, code)
            self.assertEqual(response.json()['errors'][0]['code'], 'not_found')
