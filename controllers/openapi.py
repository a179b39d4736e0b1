"""The OpenAPI 3 document of the intake API (controllers/api.py) and of the catalog feed
(controllers/catalog_feed.py), served at
/api/bangninban/v1/openapi.json. The fields and their checks come from the model's own
tables (models/agency_intake_request.py), so that the document follows the code; the
descriptions are the published wording of the API, in Chinese like its messages."""
from odoo.addons.investment_agency.models.agency_api_key import API_CHANNELS
from odoo.addons.investment_agency.models.agency_case_line import LIGHTS, LINE_STATES
from odoo.addons.investment_agency.models.agency_item import ITEM_TYPES
from odoo.addons.investment_agency.models.agency_intake_request import (
    MAX_TEXT_LENGTH, SELECTION_FIELDS, TEXT_FIELDS)
from odoo.addons.investment_agency.models.agency_region import LEVELS
from odoo.addons.investment_agency.models.agency_stage import FLOW_STEPS
from odoo.addons.investment_agency.models.agency_webhook_delivery import WEBHOOK_EVENTS

VERSION = '1.0.0'
ERROR_CODES = [
    'invalid_json', 'unknown_field', 'required', 'invalid_type', 'too_long', 'invalid',
    'invalid_choice', 'out_of_range', 'mismatch', 'duplicate', 'not_found', 'not_published',
    'invalid_key', 'conflict', 'in_progress', 'rejected',
]

FIELD_TEXTS = {
    'enterprise_name': ('项目单位名称', '统一社会信用代码已登记的，名称必须与登记的一致（mismatch）。'),
    'credit_code': ('统一社会信用代码', '18位，按GB 32100-2015校验（invalid）。'),
    'legal_representative': ('项目单位负责人', ''),
    'enterprise_address': ('项目单位地址', ''),
    'postcode': ('邮编', '6位数字（invalid）。'),
    'phone': ('联系电话', '手机号、带区号的固定电话或服务号码（invalid）。'),
    'contact_name': ('经办人', ''),
    'contact_phone': ('经办人电话', '同联系电话（invalid）。'),
    'contact_email': ('经办人电子邮箱', ''),
    'project_name': ('项目名称', ''),
    'project_address': ('项目地址', ''),
    'project_code': ('项目代码',
                     '按GB/T 40058-2021的格式校验（invalid）；不得为其他单位的项目代码（duplicate）。'),
    'main_use_scale': ('项目主要用途及规模', ''),
    'approval_progress': ('目前审批进展情况', ''),
    'description': ('其他说明', ''),
    'region_code': ('受理地区代码', 'GB/T 2260行政区划代码，须为已设立的地区（not_found）。'),
    'funding_source': ('资金来源', ''),
    'land_nature': ('土地性质', ''),
    'category': ('项目类别', '重点项目、招商引资重大项目、科技创新类、国家鼓励类。'),
}


def _ref(name, kind='schemas'):
    return {'$ref': '#/components/%s/%s' % (kind, name)}


def _application_schema(labels):
    properties = {}
    for field, required in TEXT_FIELDS.items():
        title, check = FIELD_TEXTS[field]
        schema = {'type': 'string', 'maxLength': MAX_TEXT_LENGTH,
                  'description': '%s。%s最多%d个字符（too_long）。%s' % (
                      title, '必填（required）。' if required else '选填。', MAX_TEXT_LENGTH,
                      check)}
        if required:
            schema['minLength'] = 1
        else:
            schema['nullable'] = True
        if field in ('postcode', 'region_code'):
            schema['pattern'] = r'^\s*[0-9]{6}\s*$'
        properties[field] = schema
    for field, selection in SELECTION_FIELDS.items():
        title, check = FIELD_TEXTS[field]
        keys = [key for key, _label in selection]
        properties[field] = {
            'type': 'string', 'enum': keys,
            'description': '%s。必填（required），取值之一（invalid_choice，choices列出可选值）：%s。%s' % (
                title, '；'.join(('%s %s' % (key, labels.get(field, {}).get(key, ''))).strip()
                                for key in keys),
                check)}
    properties['total_investment'] = {
        'type': 'number', 'minimum': 0, 'exclusiveMinimum': True,
        'description': '投资总额（万元）。必填，大于0（out_of_range）。'}
    properties['is_key_project'] = {
        'type': 'boolean', 'description': '是否重点项目。选填，默认否。'}
    properties['item_numbers'] = {
        'type': 'array', 'minItems': 1, 'items': {'type': 'integer', 'minimum': 1},
        'description': '申请代办帮办的事项序号（附件1参考目录的1至22）。必填；不存在的事项为'
                       'not_found，该地区未公布的事项为not_published，错误的items列出这些序号。'}
    required = sorted([field for field, req in TEXT_FIELDS.items() if req] +
                      list(SELECTION_FIELDS) + ['total_investment', 'item_numbers'])
    return {
        'type': 'object',
        'description': '“帮您办”代办帮办服务申请表（附件3）的内容。不认识的字段为unknown_field，'
                       '类型不对为invalid_type。',
        'properties': properties,
        'required': required,
        'additionalProperties': False,
    }


def _case_schema():
    return {
        'type': 'object',
        'required': ['case_number', 'status', 'stage', 'channel', 'region_code',
                     'date_applied', 'project_name', 'agent', 'items', 'status_url'],
        'properties': {
            'case_number': {'type': 'string', 'description': '案件编号，例如BNB-150100-2026-00006。'},
            'status': {'type': 'string', 'enum': [step for step, _label in FLOW_STEPS],
                       'description': '办理环节（附件2流程）。'},
            'stage': {'type': 'string', 'description': '办理环节的名称。'},
            'channel': {'type': 'string', 'enum': [key for key, _label in API_CHANNELS],
                        'description': '申请渠道：app 蒙速办移动端，hotline 12345热线。'},
            'region_code': {'type': 'string', 'description': '受理地区代码。'},
            'date_applied': {'type': 'string', 'format': 'date', 'description': '申请日期。'},
            'project_name': {'type': 'string', 'description': '项目名称。'},
            'agent': {'type': 'string', 'nullable': True,
                      'description': '代办员，尚未分派时为null。'},
            'items': {'type': 'array', 'items': _ref('Item'), 'description': '申请的事项。'},
            'status_url': {'type': 'string', 'format': 'uri', 'description': '查询进度的地址。'},
        },
        'additionalProperties': False,
    }


def _webhook_event_schema():
    """The body POSTed to a channel's callback URL: the case as the status API answers
    it, with the event."""
    schema = _case_schema()
    schema['description'] = (
        '推送给渠道回调地址的事件（POST，application/json）。请求头X-Bnb-Event为事件类型，'
        'X-Bnb-Event-Id为事件编号，X-Bnb-Timestamp为发送时的Unix时间戳（秒），'
        'X-Bnb-Signature为“sha256=”加上以推送签名密钥对“时间戳.报文原文”计算的'
        'HMAC-SHA256（十六进制）；接收方应核对签名，并拒绝时间戳与当前相差超过5分钟的请求。'
        '返回2xx即为送达，否则按10秒、1分钟、5分钟、30分钟、2小时、6小时、12小时的间隔重试，'
        '仍失败则放弃（管理员可重新发送）。同一案件的事件按发生顺序逐条送达；至少送达一次，'
        '接收方按event_id去重，按sequence排序。')
    schema['required'] = schema['required'] + ['event_id', 'event', 'sequence', 'occurred_at']
    schema['properties'] = dict(schema['properties'], **{
        'event_id': {'type': 'string', 'format': 'uuid',
                     'description': '事件编号，重试和重新发送时不变。'},
        'event': {'type': 'string', 'enum': [event for event, _label in WEBHOOK_EVENTS],
                  'description': '事件：case.stage_changed 环节变更，case.completed 办结，'
                                 'item.accepted 事项受理，item.correction 要求补正，'
                                 'item.done 事项办结，item.refused 事项不予许可，'
                                 'case.rating_requested 请申请人评价（好差评）。'},
        'sequence': {'type': 'integer', 'minimum': 1,
                     'description': '该事件在本案件事件中的序号，从1起。'},
        'occurred_at': {'type': 'string', 'format': 'date-time',
                        'description': '事件发生的时间（UTC）。'},
        'item': {
            'type': 'object', 'description': '事项事件所涉的事项。',
            'required': ['number', 'name', 'state', 'deadline', 'correction_note',
                         'result_number'],
            'properties': {
                'number': {'type': 'integer', 'description': '事项序号。'},
                'name': {'type': 'string', 'description': '事项名称。'},
                'state': {'type': 'string', 'description': '办理状态。'},
                'deadline': {'type': 'string', 'format': 'date', 'nullable': True,
                             'description': '承诺办结时限。'},
                'correction_note': {'type': 'string', 'nullable': True,
                                    'description': '需补正的内容。'},
                'result_number': {'type': 'string', 'nullable': True,
                                  'description': '批复文号。'},
            },
            'additionalProperties': False,
        },
    })
    return schema


def _item_schema():
    return {
        'type': 'object',
        'required': ['number', 'name', 'state', 'deadline', 'light'],
        'properties': {
            'number': {'type': 'integer', 'description': '事项序号。'},
            'name': {'type': 'string', 'description': '事项名称。'},
            'state': {'type': 'string',
                      'enum': ['requested'] + [key for key, _label in LINE_STATES],
                      'description': '办理状态：requested 已申请（尚未编制申报计划），todo 待申报，'
                                     'declared 已申报，accepted 已受理，correction 补正中，'
                                     'done 已办结，refused 不予许可，withdrawn 已撤回，'
                                     'revoked 审批结果已撤销（未履行告知承诺）。'},
            'deadline': {'type': 'string', 'format': 'date', 'nullable': True,
                         'description': '承诺办结时限（受理后按工作日计算），未受理时为null。'},
            'light': {'type': 'string', 'enum': [key for key, _label in LIGHTS],
                      'description': '预警：none 未计时，green 绿灯，yellow 黄灯，red 红灯。'},
        },
        'additionalProperties': False,
    }


def _error_schema():
    return {
        'type': 'object',
        'required': ['field', 'code', 'message'],
        'properties': {
            'field': {'type': 'string', 'nullable': True,
                      'description': '出错的字段或请求头；与整个请求有关时为null。'},
            'code': {'type': 'string', 'enum': ERROR_CODES,
                     'description': '错误代码，程序据此处理。'},
            'message': {'type': 'string', 'description': '错误说明（中文）。'},
            'items': {'type': 'array', 'items': {'type': 'integer'},
                      'description': 'not_found、not_published时列出相关事项序号。'},
            'choices': {'type': 'array', 'items': {'type': 'string'},
                        'description': 'invalid_choice时列出可选值。'},
        },
        'additionalProperties': False,
    }


def _nullable(schema, description):
    return dict(schema, nullable=True, description=description)


def _catalog_region_schema():
    string = {'type': 'string'}
    return {
        'type': 'object',
        'required': ['code', 'name', 'level', 'parent_code', 'published_items',
                     'withdrawn_items', 'updated_at', 'url', 'page_url'],
        'properties': {
            'code': {'type': 'string', 'description': '地区代码（GB/T 2260）。'},
            'name': {'type': 'string', 'description': '地区名称。'},
            'level': {'type': 'string', 'enum': [key for key, _label in LEVELS],
                      'description': '层级：region 自治区，league 盟市，county 旗县（市、区），'
                                     'zone 开发区。'},
            'parent_code': _nullable(string, '上级地区代码，自治区为null。'),
            'bureau_name': _nullable(string, '政务服务局名称。'),
            'hall_address': _nullable(string, '政务服务大厅地址。'),
            'phone': _nullable(string, '咨询电话。'),
            'published_items': {'type': 'integer', 'description': '已公布的事项数。'},
            'withdrawn_items': {'type': 'integer', 'description': '已撤销公布的事项数。'},
            'updated_at': {'type': 'string', 'format': 'date-time',
                           'description': '该地区清单最后变更的时间（UTC）。'},
            'url': {'type': 'string', 'format': 'uri', 'description': '该地区清单的接口地址。'},
            'page_url': {'type': 'string', 'format': 'uri',
                         'description': '该地区清单的网页地址。'},
        },
        'additionalProperties': False,
    }


def _catalog_material_schema():
    string, integer = {'type': 'string'}, {'type': 'integer'}
    return {
        'type': 'object',
        'required': ['name', 'copies', 'deficiency_acceptance', 'notification_pledge'],
        'properties': {
            'name': {'type': 'string', 'description': '材料名称。'},
            'description': _nullable(string, '材料说明（形式、份数、出具单位）。'),
            'copies': {'type': 'integer', 'description': '份数。'},
            'deficiency_acceptance': {'type': 'boolean', 'description': '可容缺受理。'},
            'deficiency_days': _nullable(integer, '容缺材料须在受理后多少个工作日内补齐。'),
            'notification_pledge': {'type': 'boolean', 'description': '可告知承诺（以书面承诺代替）。'},
            'pledge_days': _nullable(integer, '告知承诺须在受理后多少个工作日内兑现。'),
        },
        'additionalProperties': False,
    }


def _catalog_department_schema():
    string = {'type': 'string'}
    return {
        'type': 'object', 'nullable': True,
        'description': '承办部门；可以是上级地区的部门（分级办理）。',
        'required': ['name', 'region_code'],
        'properties': {
            'name': {'type': 'string', 'description': '部门名称。'},
            'region_code': {'type': 'string', 'description': '部门所在地区代码。'},
            'phone': _nullable(string, '部门电话。'),
            'address': _nullable(string, '部门地址。'),
        },
        'additionalProperties': False,
    }


def _catalog_item_schema():
    string, date = {'type': 'string'}, {'type': 'string', 'format': 'date'}
    return {
        'type': 'object',
        'required': ['number', 'name', 'item_type', 'phase', 'department_type', 'department',
                     'handled_elsewhere', 'statutory_days', 'committed_days', 'state',
                     'materials', 'updated_at', 'page_url'],
        'properties': {
            'number': {'type': 'integer', 'description': '事项序号（附件1参考目录）。'},
            'name': {'type': 'string', 'description': '事项名称。'},
            'item_type': {'type': 'string', 'enum': [key for key, _label in ITEM_TYPES],
                          'description': '事项类型代码：license 行政许可，other 其他行政权力。'},
            'item_type_name': _nullable(string, '事项类型名称。'),
            'phase': {'type': 'string', 'description': '项目阶段。'},
            'department_type': {
                'type': 'object', 'required': ['code', 'name'],
                'properties': {'code': {'type': 'string'}, 'name': {'type': 'string'}},
                'additionalProperties': False, 'description': '主管部门类别。'},
            'department': _catalog_department_schema(),
            'handled_elsewhere': {'type': 'boolean',
                                  'description': '由上级地区的部门办理（分级办理）。'},
            'statutory_days': {'type': 'integer', 'description': '法定办结时限（工作日）。'},
            'committed_days': {'type': 'integer', 'description': '承诺办结时限（工作日）。'},
            'legal_basis': _nullable(string, '设定依据。'),
            'state': {'type': 'string', 'enum': ['published', 'withdrawn'],
                      'description': 'published 已公布，withdrawn 已撤销公布（消费方应下架）。'},
            'date_published': _nullable(date, '首次公布日期。'),
            'date_effective': _nullable(date, '最近一次变更的生效日期。'),
            'date_withdrawn': _nullable(date, '撤销公布日期。'),
            'materials': {'type': 'array', 'items': _catalog_material_schema(),
                          'description': '申请材料（一次性告知）。'},
            'updated_at': {'type': 'string', 'format': 'date-time',
                           'description': '该事项（含事项、部门、材料）最后变更的时间（UTC）。'},
            'page_url': {'type': 'string', 'format': 'uri', 'description': '事项的网页地址。'},
        },
        'additionalProperties': False,
    }


def _catalog_headers():
    """The ETag header, the 304 answer and the If-None-Match parameter of the feed."""
    etag = {'ETag': _ref('ETag', 'headers')}
    not_modified = {'description': '客户端持有的版本仍是最新的（If-None-Match），无响应体。',
                    'headers': etag}
    if_none_match = {
        'name': 'If-None-Match', 'in': 'header', 'required': False,
        'description': '上次响应的ETag；清单未变时返回304。', 'schema': {'type': 'string'}}
    return etag, not_modified, if_none_match


def _catalog_paths():
    etag, not_modified, if_none_match = _catalog_headers()
    return {
        '/catalog': {
            'get': {
                'operationId': 'listCatalogRegions',
                'summary': '已公布事项清单的地区',
                'description': '公开接口，无需密钥。',
                'security': [],
                'parameters': [if_none_match],
                'responses': {
                    '200': {'description': '有公布清单的地区，按地区树排列。', 'headers': etag,
                            'content': {'application/json': {'schema': {
                                'type': 'object', 'required': ['regions'],
                                'properties': {'regions': {
                                    'type': 'array', 'items': _ref('CatalogRegion')}},
                                'additionalProperties': False}}}},
                    '304': not_modified,
                },
            },
        },
        '/catalog/{region_code}': {'get': _catalog_region_operation()},
    }


def _catalog_region_operation():
    etag, not_modified, if_none_match = _catalog_headers()
    return {
        'operationId': 'getCatalogRegion',
        'summary': '一个地区的事项清单',
        'description': '公开接口，无需密钥。含已撤销公布的事项（state为withdrawn），'
                       '不含草稿。增量拉取：changed_since传上次响应的updated_at。',
        'security': [],
        'parameters': [
            {'name': 'region_code', 'in': 'path', 'required': True,
             'description': '地区代码。', 'schema': {'type': 'string'}},
            {'name': 'changed_since', 'in': 'query', 'required': False,
             'description': 'ISO 8601日期或时间；只返回此后变更的事项（含该时刻）。'
                            '不带时区的按北京时间。',
             'schema': {'type': 'string'}},
            if_none_match,
        ],
        'responses': {
            '200': {'description': '地区及其事项。', 'headers': etag,
                    'content': {'application/json': {'schema': {
                        'type': 'object',
                        'required': ['region', 'changed_since', 'items'],
                        'properties': {
                            'region': _ref('CatalogRegion'),
                            'changed_since': {
                                'type': 'string', 'format': 'date-time', 'nullable': True,
                                'description': '请求的changed_since（UTC），未传时为null。'},
                            'items': {'type': 'array', 'items': _ref('CatalogItem')},
                        },
                        'additionalProperties': False}}}},
            '304': not_modified,
            '400': _errors_response('changed_since不是ISO 8601日期或时间（invalid）。'),
            '404': _errors_response('没有该代码的地区，或该地区没有公布清单（not_found）。'),
        },
    }


def _errors_response(description):
    return {'description': description,
            'content': {'application/json': {'schema': _ref('Errors')}}}


def openapi_document(base_url='', labels=None):
    """The OpenAPI 3.0 document of the intake API, its server at ``base_url``; ``labels``
    ({field: {value: label}}, the selections' Chinese labels) describe the choices."""
    return {
        'openapi': '3.0.3',
        'info': {
            'title': '“蒙速办·帮您办”投资项目代办帮办申请接口',
            'version': VERSION,
            'description': '供“蒙速办”移动端和12345政务服务热线提交代办帮办申请、查询办理进度。'
                           '接口密钥由系统管理员按渠道签发（配置 / 接口密钥）。错误信息为中文，'
                           '程序应读取field和code。',
        },
        'servers': [{'url': '%s/api/bangninban/v1' % base_url.rstrip('/'),
                     'description': '本系统'}],
        'security': [{'bearerKey': []}, {'headerKey': []}],
        'paths': dict(_paths(), **_catalog_paths()),
        'components': _components(labels or {}),
    }


def _paths():
    json_case = {'application/json': {'schema': _ref('Case')}}
    return {
        '/applications': {
            'post': {
                'operationId': 'createApplication',
                'summary': '提交代办帮办申请',
                'description': '创建项目单位、项目和代办件（申请受理环节），并通知该地区负责人'
                               '分派代办员。同一幂等键、同一内容的重复请求返回同一案件'
                               '（Idempotent-Replayed: true）；同一幂等键、不同内容返回409。'
                               '被拒绝（400）的请求不占用幂等键。',
                'parameters': [_ref('IdempotencyKey', 'parameters')],
                'requestBody': {
                    'required': True,
                    'description': 'JSON对象。请求体按JSON读取，与Content-Type无关。',
                    'content': {'application/json': {'schema': _ref('Application')},
                                '*/*': {'schema': _ref('Application')}},
                },
                'responses': {
                    '201': {
                        'description': '已受理（或重复请求返回的原案件）。',
                        'headers': {
                            'Location': _ref('Location', 'headers'),
                            'Idempotent-Replayed': _ref('IdempotentReplayed', 'headers'),
                        },
                        'content': json_case,
                    },
                    '400': _errors_response(
                        '请求有误：不是JSON对象（invalid_json）、字段错误（见各字段说明）、'
                        '缺少Idempotency-Key或超过255个字符（required）。'),
                    '401': _ref('Unauthorized', 'responses'),
                    '409': _errors_response(
                        '幂等键已用于其他内容（conflict），或同一幂等键的请求正在处理'
                        '（in_progress，稍后重试）。'),
                },
            },
        },
        '/applications/{case_number}': {
            'get': {
                'operationId': 'getApplication',
                'summary': '查询办理进度',
                'description': '只能查询通过本渠道提交的案件。',
                'parameters': [{
                    'name': 'case_number', 'in': 'path', 'required': True,
                    'description': '案件编号。', 'schema': {'type': 'string'},
                }],
                'responses': {
                    '200': {'description': '案件及其事项的办理情况。', 'content': json_case},
                    '401': _ref('Unauthorized', 'responses'),
                    '404': _errors_response('本渠道没有该编号的案件（not_found）。'),
                },
            },
        },
    }


def _components(labels):
    return {
        'securitySchemes': {
            'bearerKey': {'type': 'http', 'scheme': 'bearer',
                          'description': 'Authorization: Bearer <接口密钥>。'},
            'headerKey': {'type': 'apiKey', 'in': 'header', 'name': 'X-Api-Key',
                          'description': '也可以用X-Api-Key请求头传递接口密钥。'},
        },
        'parameters': {
            'IdempotencyKey': {
                'name': 'Idempotency-Key', 'in': 'header', 'required': True,
                'description': '每份申请唯一的幂等键，最多255个字符，按渠道区分。',
                'schema': {'type': 'string', 'minLength': 1, 'maxLength': 255},
            },
        },
        'headers': {
            'Location': {'description': '案件进度的查询地址。', 'required': True,
                         'schema': {'type': 'string', 'format': 'uri'}},
            'IdempotentReplayed': {'description': '重复请求返回原案件时为true。',
                                   'schema': {'type': 'string', 'enum': ['true']}},
            'WWWAuthenticate': {'description': 'Bearer realm="bangninban"', 'required': True,
                                'schema': {'type': 'string'}},
            'ETag': {'description': '响应体的版本标识，下次请求放在If-None-Match中。',
                     'required': True, 'schema': {'type': 'string'}},
        },
        'responses': {
            'Unauthorized': {
                'description': '缺少接口密钥，或密钥错误、已吊销（invalid_key）。',
                'headers': {'WWW-Authenticate': _ref('WWWAuthenticate', 'headers')},
                'content': {'application/json': {'schema': _ref('Errors')}},
            },
        },
        'schemas': {
            'Application': _application_schema(labels),
            'Case': _case_schema(),
            'Item': _item_schema(),
            'Error': _error_schema(),
            'CatalogRegion': _catalog_region_schema(),
            'CatalogItem': _catalog_item_schema(),
            'WebhookEvent': _webhook_event_schema(),
            'Errors': {
                'type': 'object', 'required': ['errors'],
                'properties': {'errors': {'type': 'array', 'minItems': 1,
                                          'items': _ref('Error')}},
                'additionalProperties': False,
            },
        },
    }
