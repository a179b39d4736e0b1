"""The wording of the printed forms (Annexes 1-8 and the one-time notification).

The forms are official Chinese forms: they print in Chinese whatever the
language of the user who prints them, so their wording is kept here and not
taken from the (translatable) labels of the fields. Pure functions, no ORM.
"""
from datetime import date, datetime

from odoo import fields

# What a blank date of a form looks like: room to write it by hand.
BLANK_DATE = '\u3000\u3000年\u3000\u3000月\u3000\u3000日'

ITEM_TYPE_TEXT = {
    'license': '行政许可',
    'other': '其他行政权力',
}
GENDER_TEXT = {
    'male': '男',
    'female': '女',
}
FUNDING_SOURCE_TEXT = {
    'self': '企业自有资金',
    'government': '政府投资',
    'loan': '银行贷款',
    'foreign': '外商投资',
    'mixed': '多渠道筹资',
}
LAND_NATURE_TEXT = {
    'allocated': '划拨国有土地',
    'transferred': '出让国有土地',
    'leased': '租赁土地',
    'collective': '集体经营性建设用地',
    'existing': '利用现有场地',
    'none': '不新增用地',
}
# The national 好差评 scale (five levels).
RATING_TEXT = {
    'very_satisfied': '非常满意',
    'satisfied': '满意',
    'basic': '基本满意',
    'unsatisfied': '不满意',
    'very_unsatisfied': '非常不满意',
}
# The three boxes of Annex 7, and the box each level of the national scale ticks:
# 基本满意 counts as a good rating (好评), 非常不满意 as a bad one (差评).
RATING_BOXES = [
    ('very_satisfied', '非常满意'),
    ('satisfied', '满意'),
    ('unsatisfied', '不满意'),
]
RATING_BOX_OF = {
    'very_satisfied': 'very_satisfied',
    'satisfied': 'satisfied',
    'basic': 'satisfied',
    'unsatisfied': 'unsatisfied',
    'very_unsatisfied': 'unsatisfied',
}
RATING_CHANNEL_TEXT = {
    'paper': '纸质评价表',
    'online': '网上专栏',
    'app': '“蒙速办”移动端',
    'hotline': '12345政务服务热线',
    'visit': '回访',
}
# Annex 8 prints "现因 ______,经双方认可,……终止代办帮办委托": the conditions
# of §二(五) and of obligation 7 of the commitment letter.
TERMINATION_REASON_TEXT = {
    'project_ineligible': '项目本身不具备办理条件',
    'item_ineligible': '所申请事项本身不具备办理条件',
    'false_materials': '申报材料存在弄虚作假情况',
    'violation': '存在其他违法违规情况',
    'applicant_request': '申请人自愿撤回代办帮办委托',
    'other': '其他原因',
}
CHECKED = '☑'
UNCHECKED = '☐'


def to_date(value):
    """A date from a date, a datetime or an Odoo date string; None when empty."""
    if not value:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return fields.Date.from_string(value[:10])


def format_cn_date(value, blank=BLANK_DATE):
    """2026年11月27日 (no leading zeros), or ``blank`` for an empty date."""
    day = to_date(value)
    if not day:
        return blank
    return '%d年%d月%d日' % (day.year, day.month, day.day)


def checkbox(checked):
    return CHECKED if checked else UNCHECKED


def format_amount(value):
    """An amount in 万元 without useless decimals: 86000, 1234.5."""
    if value is None or value is False:
        return ''
    text = '%.2f' % value
    return text.rstrip('0').rstrip('.')
