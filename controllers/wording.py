"""What the portal and public pages show for the values of selections: the labels of
the fields' selections in Chinese (their translations in i18n/zh_CN.po, the one source of
this wording), the Bootstrap classes of a line's state and light, the Chinese date."""
from ..models.dates import format_cn_date

LINE_STATE_CLASS = {
    'todo': 'default', 'declared': 'info', 'accepted': 'primary', 'correction': 'warning',
    'done': 'success', 'refused': 'danger', 'withdrawn': 'default', 'revoked': 'danger',
}
LIGHT_CLASS = {'none': 'default', 'green': 'success', 'yellow': 'warning', 'red': 'danger'}
# (template variable, model, selection field)
LABELS = [
    ('w_channel', 'agency.case', 'channel'),
    ('w_rating', 'agency.case', 'rating'),
    ('w_item_type', 'agency.item', 'item_type'),
    ('w_line_state', 'agency.case.line', 'state'),
    ('w_light', 'agency.case.line', 'light'),
    ('w_funding_source', 'agency.project', 'funding_source'),
    ('w_land_nature', 'agency.project', 'land_nature'),
    ('w_category', 'agency.project', 'category'),
    ('w_publication_action', 'agency.publication.event', 'action'),
    ('w_verification', 'agency.rating.followup', 'verification'),
]


def values(env):
    """The wording, for the templates."""
    result = {name: env[model]._agency_labels(field) for name, model, field in LABELS}
    result.update(w_line_state_class=LINE_STATE_CLASS, w_light_class=LIGHT_CLASS,
                  cn_date=format_cn_date)
    return result


def choices(env, model, field):
    """[(value, label)] of a selection, in its order, for a form's options."""
    labels = env[model]._agency_labels(field)
    return [(value, labels[value]) for value in labels]
