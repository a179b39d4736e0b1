"""Finish the demo database of scripts/serve, or list its logins.

    configure_db.py CONF BASE_URL   users in Chinese, base and report URLs
    configure_db.py CONF --logins   print the demo logins and their roles
"""
import sys

import odoo
from odoo import SUPERUSER_ID, api

# Demo users of demo/res_users_demo.xml: login, password, role.
DEMO_LOGINS = [
    ('manager', 'manager', '负责人 · 内蒙古自治区 (sees every region)'),
    ('hhht_manager', 'hhht_manager', '负责人 · 呼和浩特市 and its banners/districts'),
    ('agent', 'agent', '代办员 · 呼和浩特市'),
    ('agent2', 'agent2', '代办员 · 呼和浩特市 (also liaison of 发改委)'),
    ('bt_agent', 'bt_agent', '代办员 · 包头市'),
    ('liaison', 'liaison', '部门代办员 · 呼和浩特市 自然资源局、住建局'),
    ('catalog', 'catalog', '事项配置管理员'),
    ('applicant', 'applicant', '申请人 (portal) · 内蒙古绿能新材料有限公司'),
]


def environment(conf):
    odoo.tools.config.parse_config(['-c', conf, '--log-level=warn', '--logfile='])
    registry = odoo.registry(odoo.tools.config['db_name'])
    return registry


def configure(conf, base_url):
    registry = environment(conf)
    with api.Environment.manage(), registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        params = env['ir.config_parameter']
        params.set_param('web.base.url', base_url)
        params.set_param('web.base.url.freeze', 'True')
        params.set_param('report.url', base_url)
        if env['res.lang'].search([('code', '=', 'zh_CN')]):
            users = env['res.users'].with_context(active_test=False).search([])
            users.write({'lang': 'zh_CN', 'tz': 'Asia/Shanghai'})
            env['res.partner'].search([('lang', '!=', 'zh_CN')]).write({'lang': 'zh_CN'})


def print_logins(conf):
    registry = environment(conf)
    with api.Environment.manage(), registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        existing = set(env['res.users'].search([]).mapped('login'))
    print('  %-14s %-14s %s' % ('login', 'password', 'role'))
    print('  %-14s %-14s %s' % ('admin', 'admin', '系统管理员 (administrator)'))
    for login, password, role in DEMO_LOGINS:
        if login in existing:
            print('  %-14s %-14s %s' % (login, password, role))


if __name__ == '__main__':
    if sys.argv[2] == '--logins':
        print_logins(sys.argv[1])
    else:
        configure(sys.argv[1], sys.argv[2])
