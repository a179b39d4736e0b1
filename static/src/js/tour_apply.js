odoo.define('investment_agency.tour_apply', function (require) {
'use strict';

// An applicant files an application through the portal form:
// region first, then the Annex 3 data and the items, then the case page.
var tour = require('web_tour.tour');

tour.register('agency_apply', {
    test: true,
    url: '/my/agency/apply',
}, [
    {
        content: 'Choose the region of the project',
        trigger: 'select[name="region"]',
        run: 'text 150900',
    },
    {
        content: 'Go on to the application form',
        trigger: 'button.o_agency_region_next',
    },
    {
        content: 'The form shows the region chosen',
        trigger: '.o_agency_region_name:contains("乌兰察布市政务服务局")',
        run: function () {},
    },
    {
        content: 'Project name',
        trigger: 'input[name="project_name"]',
        run: 'text 浏览器测试智能制造项目',
    },
    {
        content: 'Project address',
        trigger: 'input[name="project_address"]',
        run: 'text 乌兰察布市集宁区智造园1号',
    },
    {
        content: 'Total investment (10k CNY)',
        trigger: 'input[name="total_investment"]',
        run: 'text 8800',
    },
    {
        content: 'Main use and scale',
        trigger: 'textarea[name="main_use_scale"]',
        run: 'text 建设智能制造生产线2条',
    },
    {
        content: 'Request the filing of an enterprise investment project (item 2)',
        trigger: 'input[name="item_numbers"][value="2"]',
    },
    {
        content: 'Declare the application voluntary and the data true',
        trigger: 'input[name="confirm"]',
    },
    {
        content: 'Send the application',
        trigger: 'button.o_agency_submit',
    },
    {
        content: 'The case page confirms the application',
        trigger: '.o_agency_success',
        run: function () {},
    },
    {
        content: 'The case is at the application step',
        trigger: '.o_agency_stage:contains("申请受理")',
        run: function () {},
    },
]);

});
