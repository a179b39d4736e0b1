"""Chinese wording of the portal and public pages for the values of selections:
the applicant sees the terms of the plan and of its forms (Annexes 1, 3, 7),
whatever the translation state of the back office."""

CHANNEL = {
    'window': '“帮您办”窗口',
    'online': '网上专栏',
    'app': '“蒙速办”移动端',
    'hotline': '12345政务服务热线',
}
ITEM_TYPE = {'license': '行政许可', 'other': '其他行政权力'}
LINE_STATE = {
    'todo': '待申报',
    'declared': '已申报',
    'accepted': '已受理',
    'correction': '补正中',
    'done': '已办结',
    'refused': '不予许可',
    'withdrawn': '已撤回',
}
LINE_STATE_CLASS = {
    'todo': 'default', 'declared': 'info', 'accepted': 'primary', 'correction': 'warning',
    'done': 'success', 'refused': 'danger', 'withdrawn': 'default',
}
LIGHT = {'none': '未计时', 'green': '正常', 'yellow': '临近时限', 'red': '已超期'}
LIGHT_CLASS = {'none': 'default', 'green': 'success', 'yellow': 'warning', 'red': 'danger'}
RATING = {
    'very_satisfied': '非常满意',
    'satisfied': '满意',
    'basic': '基本满意',
    'unsatisfied': '不满意',
    'very_unsatisfied': '非常不满意',
}
FUNDING_SOURCE = {
    'self': '企业自有资金',
    'government': '政府投资',
    'loan': '银行贷款',
    'foreign': '外商投资',
    'mixed': '多渠道筹资',
}
LAND_NATURE = {
    'allocated': '划拨国有土地',
    'transferred': '出让国有土地',
    'leased': '租赁土地',
    'collective': '集体经营性建设用地',
    'existing': '利用现有用地',
    'none': '不新增用地',
}
CATEGORY = {
    'key': '县级及以上政府确定的重点项目',
    'attraction': '招商引资重大项目',
    'innovation': '科技创新类项目',
    'encouraged': '国家鼓励类项目',
}
PUBLICATION_ACTION = {'publish': '公布', 'adjust': '调整', 'withdraw': '撤回'}


def values():
    """The wording, for the templates."""
    return {
        'w_channel': CHANNEL,
        'w_item_type': ITEM_TYPE,
        'w_line_state': LINE_STATE,
        'w_line_state_class': LINE_STATE_CLASS,
        'w_light': LIGHT,
        'w_light_class': LIGHT_CLASS,
        'w_rating': RATING,
        'w_funding_source': FUNDING_SOURCE,
        'w_land_nature': LAND_NATURE,
        'w_category': CATEGORY,
        'w_publication_action': PUBLICATION_ACTION,
    }


def cn_date(value):
    """'2026-11-28' as 2026年11月28日; '' when empty."""
    if not value:
        return ''
    year, month, day = str(value)[:10].split('-')
    return '%s年%d月%d日' % (year, int(month), int(day))
