"""The OpenAPI 3 document of the intake API (controllers/api.py), served at
/api/bangninban/v1/openapi.json. The fields and their checks come from the model's own
tables (models/agency_intake_request.py), so that the document follows the code; the
descriptions are the published wording of the API, in Chinese like its messages."""
from odoo.addons.investment_agency.models.agency_api_key import API_CHANNELS
from odoo.addons.investment_agency.models.agency_case_line import LIGHTS, LINE_STATES
from odoo.addons.investment_agency.models.agency_intake_request import (
    MAX_TEXT_LENGTH, SELECTION_FIELDS, TEXT_FIELDS)
from odoo.addons.investment_agency.models.agency_stage import FLOW_STEPS

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
        'paths': _paths(),
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
            'Errors': {
                'type': 'object', 'required': ['errors'],
                'properties': {'errors': {'type': 'array', 'minItems': 1,
                                          'items': _ref('Error')}},
                'additionalProperties': False,
            },
        },
    }
