odoo.define('investment_agency.tour_case_flow', function (require) {
'use strict';

// An agent takes a case through the nine steps of the Annex 2 flow in the back office,
// with the form's buttons, its stage bar and the completion and evaluation
// dialogs; tests/test_case_flow_tour.py opens the case's form, runs this tour and checks
// the printed flow chart. The user speaks Chinese: buttons are found by their name where
// the labels of the Chinese UI (Odoo 11 renders the buttons of a form's header without
// their method's name), stages by the names of the demo stages.
//
// Every step waits for what the previous one changed (the stage shown as current, the
// form's mode, a dialog) before it acts: the server's answers take their time.
var field_utils = require('web.field_utils');
var tour = require('web_tour.tour');

var SERVER = 30000;  // a step that waits for the server (a PDF is printed on completion)

function current(stage) {
    return '.o_form_view .o_statusbar_status button.btn-primary:contains("' + stage + '")';
}

function readonly(stage) {
    return '.o_form_view.o_form_readonly:has(' + current(stage).replace('.o_form_view ', '') + ')';
}

/**
 * Odoo's RPC layer logs every refused call with console.error, which phantomjs takes
 * for a crash of the page: let the one refusal that a step expects through (a UserError
 * of the server), and nothing else.
 */
function expectRefusal() {
    var consoleError = console.error;
    console.error = function () {
        var text = Array.prototype.join.call(arguments, ' ');
        if (text.indexOf('Server application error') === 0 &&
                text.indexOf('"exception_type":"user_error"') !== -1) {
            console.error = consoleError;
            console.log('the server refused, as expected');
            return;
        }
        return consoleError.apply(console, arguments);
    };
}

function button(label) {
    return '.o_form_view .o_statusbar_buttons button:contains("' + label + '")';
}

function today() {
    return field_utils.format.date(moment());
}

tour.register('agency_case_flow', {
    test: true,
}, [
    // 1. 申请受理: the stage bar refuses a step whose gate is closed, and shows the case's
    //    own step again after the refusal (not the refused one as pending).
    {
        content: 'The case waits at the application step',
        trigger: readonly('申请受理'),
        timeout: SERVER,
        run: expectRefusal,
    }, {
        content: 'Click 接洽核实 on the stage bar: the case has no agent yet',
        trigger: '.o_form_view .o_statusbar_status button:not(.disabled):contains("接洽核实")',
    }, {
        content: 'The refusal says why',
        trigger: '.modal-body:contains("代办员")',
        timeout: SERVER,
        run: function () {},
    }, {
        content: 'Close the refusal',
        trigger: '.modal-footer button',
    }, {
        content: 'The stage bar shows the application step again',
        trigger: '.o_form_view .o_statusbar_status:has(button.btn-primary:contains("申请受理"))' +
                 ':not(:has(button.btn-primary:contains("接洽核实")))',
        extra_trigger: 'body:not(.modal-open)',
        timeout: SERVER,
        run: function () {},
    },
    // 2. 接洽核实: the agent takes the case.
    {
        content: 'Take the case',
        trigger: button('领办此件'),
        extra_trigger: readonly('申请受理'),
    }, {
        content: 'Taken: the case is at contact and verification',
        trigger: readonly('接洽核实'),
        timeout: SERVER,
        run: function () {},
    },
    // 3. 签订委托: the project verified eligible (the verification dialog), then both
    //    letters signed.
    {
        content: 'Record the verification',
        trigger: '.o_form_view .o_statusbar_buttons button.o_agency_verify',
        extra_trigger: readonly('接洽核实'),
    }, {
        content: 'The project is eligible',
        trigger: '.modal-body .o_field_widget[name="verify_decision"] input[data-value="eligible"]',
        timeout: SERVER,
    }, {
        content: 'Record it',
        trigger: '.modal-footer button.btn-primary',
        extra_trigger: '.modal-body .o_field_widget[name="verify_decision"] ' +
                       'input[data-value="eligible"]:checked',
    }, {
        content: 'Recorded: the verification button is gone',
        trigger: readonly('接洽核实'),
        extra_trigger: 'body:not(.modal-open) .o_form_view:not(:has(button.o_agency_verify:visible))',
        timeout: SERVER,
        run: function () {},
    }, {
        content: 'Edit the case',
        trigger: '.o_form_buttons_view .o_form_button_edit',
        extra_trigger: readonly('接洽核实'),
    }, {
        content: 'Open the letters',
        trigger: '.o_form_view.o_form_editable .o_notebook a[data-toggle="tab"]:contains("委托文书")',
    }, {
        content: 'The authorization letter is signed today',
        trigger: '.o_form_editable input[name="date_authorization"]',
        run: function (actions) { actions.text(today()); },
    }, {
        content: 'The commitment letter is signed today',
        trigger: '.o_form_editable input[name="date_commitment"]',
        run: function (actions) { actions.text(today()); },
    }, {
        content: 'Save',
        trigger: '.o_form_buttons_edit .o_form_button_save',
    }, {
        content: 'Signed: the case is at the signing step',
        trigger: readonly('签订委托'),
        timeout: SERVER,
        run: function () {},
    },
    // 4. 制定方案: the declaration plan.
    {
        content: 'Generate the declaration plan',
        trigger: button('生成项目申报计划'),
        extra_trigger: readonly('签订委托'),
    }, {
        content: 'Planned: the case is at the planning step',
        trigger: readonly('制定方案'),
        timeout: SERVER,
        run: function () {},
    },
    // 5. 申报办理: a click on the stage bar.
    {
        content: 'Click 申报办理 on the stage bar',
        trigger: '.o_form_view .o_statusbar_status button:not(.disabled):contains("申报办理")',
        extra_trigger: readonly('制定方案'),
    }, {
        content: 'The case is at the declaration step',
        trigger: readonly('申报办理'),
        timeout: SERVER,
        run: function () {},
    },
    // 6. 结果反馈: the item declared, accepted and completed; the case follows.
    {
        content: 'Open the items of the case',
        trigger: '.o_form_view .oe_button_box button.oe_stat_button:has(.fa-tasks)',
        extra_trigger: readonly('申报办理'),
    }, {
        content: 'Open the item',
        trigger: '.o_list_view .o_data_row:first td.o_data_cell:first',
        timeout: SERVER,
    }, {
        content: 'The item is declared',
        trigger: '.o_form_view.o_form_readonly .o_statusbar_buttons button:contains("已申报")',
        extra_trigger: '.o_form_view .o_statusbar_status button.btn-primary[data-value="todo"]',
        timeout: SERVER,
    }, {
        content: 'The department accepts it',
        trigger: '.o_form_view.o_form_readonly .o_statusbar_buttons button:contains("已受理")',
        extra_trigger: '.o_form_view .o_statusbar_status button.btn-primary[data-value="declared"]',
        timeout: SERVER,
    }, {
        content: 'Edit the item for its result',
        trigger: '.o_form_buttons_view .o_form_button_edit',
        extra_trigger: '.o_form_view.o_form_readonly .o_statusbar_status button.btn-primary[data-value="accepted"]',
        timeout: SERVER,
    }, {
        content: 'The number of the result document',
        trigger: '.o_form_editable input.o_field_widget[name="result_number"]',
        run: 'text 浏览器测试〔2026〕1号',
    }, {
        content: 'The item is completed',
        trigger: '.o_form_editable .o_statusbar_buttons button:contains("已办结")',
    }, {
        content: 'Back to the case (the item\'s form stays in edit mode after its button)',
        trigger: '.o_form_view .oe_button_box button.oe_stat_button:has(.fa-folder-open)',
        extra_trigger: '.o_form_view .o_statusbar_status button.btn-primary[data-value="done"]',
        timeout: SERVER,
    }, {
        content: 'Every item closed: the case is at the result feedback',
        trigger: readonly('结果反馈'),
        timeout: SERVER,
        run: function () {},
    },
    // 7-8. 归档返还 and 办结: the completion dialog with the materials handed back.
    {
        content: 'Complete the case',
        trigger: button('办结'),
        extra_trigger: readonly('结果反馈'),
    }, {
        content: 'Add a material handed back',
        trigger: '.modal-body .o_field_x2many_list_row_add a',
        timeout: SERVER,
    }, {
        content: 'Its name (an original, one copy, returned today to the contact person)',
        trigger: '.modal-body .o_data_row input.o_field_widget[name="name"]',
        timeout: SERVER,
        run: 'text 营业执照',
    }, {
        content: 'Complete and print',
        trigger: '.modal-footer button.btn-primary:contains("办结并打印")',
    }, {
        content: 'The case is completed',
        trigger: readonly('办结'),
        extra_trigger: 'body:not(.modal-open)',
        timeout: SERVER,
        run: function () {},
    },
    // 9. 回访评价: the applicant's rating.
    {
        content: 'Evaluate the service',
        trigger: button('评价'),
        extra_trigger: readonly('办结'),
    }, {
        content: 'Very satisfied',
        trigger: '.modal-body .o_field_widget[name="rating"] input[data-value="very_satisfied"]',
        timeout: SERVER,
    }, {
        content: 'Record and print',
        trigger: '.modal-footer button.btn-primary:contains("记录并打印")',
        extra_trigger: '.modal-body .o_field_widget[name="rating"] input[data-value="very_satisfied"]:checked',
    }, {
        content: 'The case is at the follow-up and evaluation',
        trigger: readonly('回访评价'),
        extra_trigger: 'body:not(.modal-open)',
        timeout: SERVER,
        run: function () {},
    },
]);

});
