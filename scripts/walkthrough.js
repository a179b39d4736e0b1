// A case from start to finish in the web client, as a new agent would do it, against the
// running product (scripts/serve), at 1366×768: project (a bad project code first), case
// with four items registered for the hall (申请受理), a click on the stage bar that the
// flow refuses, the case taken (接洽核实), letters (签订委托), declaration plan (制定方案),
// the stage bar to 申报办理, two items declared and accepted weeks ago, the daily cron run
// by the administrator from 计划的动作, the escalation seen by the manager, every item
// closed (结果反馈), the completion wizard (归档返还, 办结), a bad rating (回访评价) and its
// follow-up: the nine steps of Annex 2, as tests/test_case_flow_tour.py does in phantomjs.
// A screenshot of each step goes to OUT_DIR; what the database holds at the end is printed.
// With README_DIR (static/description), the README's screenshots of the case form (at
// 申报办理) and of the board (manager) are saved there too.
//
//   IA_DB=bangninban_demo node scripts/walkthrough.js OUT_DIR [README_DIR]
//
// Needs playwright-core (npm), Debian's chromium and psql; the base URL is $IA_URL or
// http://127.0.0.1:8069. Each run adds a project and a case to the database.
const path = require('path');
const { execSync } = require('child_process');
const { chromium } = require(process.env.PLAYWRIGHT_CORE || 'playwright-core');

const BASE = process.env.IA_URL || 'http://127.0.0.1:8069';
const DB = process.env.IA_DB || 'bangninban_demo';
const OUT = process.argv[2] || '.';
const README = process.argv[3];
const VIEWPORT = { width: 1366, height: 768 };
const sql = (query) => execSync(`psql -d ${DB} -Atc "${query}"`).toString().trim();
const xmlid = (module, name) => sql(
    `select res_id from ir_model_data where module='${module}' and name='${name}'`);

async function idle(page) {
    await page.waitForTimeout(400);
    await page.waitForFunction(() => {
        const loading = document.querySelector('.o_loading');
        return !loading || getComputedStyle(loading).display === 'none';
    }, null, { timeout: 60000 }).catch(() => {});
    await page.waitForTimeout(400);
}

async function session(login) {
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium',
                                            args: ['--no-sandbox', '--disable-gpu'] });
    const page = await browser.newPage({ viewport: VIEWPORT });
    page.on('pageerror', (err) => console.log('PAGE ERROR', String(err)));
    await page.goto(BASE + '/web/login');
    await page.fill('input[name=login]', login);
    await page.fill('input[name=password]', login);
    await Promise.all([page.waitForNavigation({ timeout: 120000 }), page.click('button[type=submit]')]);
    let count = 0;
    const ui = {
        browser, page,
        async shot(name, fullPage) {
            count += 1;
            await idle(page);
            const file = path.join(OUT, `${login}-${String(count).padStart(2, '0')}-${name}.png`);
            await page.screenshot({ path: file, fullPage: !!fullPage });
        },
        async readme(name) {
            if (!README) return;
            await idle(page);
            await page.waitForTimeout(1000);
            await page.screenshot({ path: path.join(README, name) });
        },
        async stage() {
            return (await page.innerText('.o_statusbar_status button.btn-primary:visible')).trim();
        },
        async expectStage(name) {
            await page.waitForSelector(`.o_statusbar_status button.btn-primary:visible:has-text("${name}")`,
                                       { timeout: 60000 });
            console.log('step:', name);
        },
        async clickStage(name) {
            await page.click(`.o_statusbar_status button:visible:not(.disabled):has-text("${name}")`);
            await idle(page);
        },
        async open(hash) {
            await page.goto(`${BASE}/web#${hash}`);
            await page.reload();
            await page.waitForSelector('.o_form_view, .o_list_view, .o_kanban_view');
            await idle(page);
        },
        async fill(name, value, scope = '.o_form_view') {
            const selector = `${scope} .o_field_widget[name=${name}]`;
            const element = await page.$(selector + ' input') || await page.$(selector);
            await element.fill(String(value));
            await element.dispatchEvent('change');
        },
        async many2one(name, text) {
            const selector = `.o_form_view .o_field_widget[name=${name}] input`;
            await page.fill(selector, text);
            await page.waitForSelector('.ui-autocomplete:visible li a');
            await page.waitForTimeout(600);
            await page.click(`.ui-autocomplete:visible li a:has-text("${text}")`);
            await idle(page);
        },
        async blur() { await page.mouse.click(VIEWPORT.width - 20, VIEWPORT.height - 60); await idle(page); },
        async edit() { await page.click('.o_form_button_edit'); await idle(page); },
        async save() {
            await page.click('.o_form_button_save');
            await idle(page);
            const error = await page.$('.modal:visible .modal-body');
            if (error) console.log('REFUSED:', (await error.innerText()).trim());
        },
        async button(text) {
            await page.click(`.o_statusbar_buttons button:visible:has-text("${text}")`);
            await idle(page);
        },
        async confirmWizard() {
            await page.click('.modal:visible .modal-footer button.btn-primary');
            await page.waitForSelector('.modal', { state: 'detached', timeout: 60000 });
            await idle(page);
        },
    };
    return ui;
}

(async () => {
    const projectAction = xmlid('investment_agency', 'action_agency_project');
    const caseAction = xmlid('investment_agency', 'action_agency_case');
    const lineAction = xmlid('investment_agency', 'action_agency_case_line');
    const stamp = Date.now() % 100000;
    const projectName = `界面走查数据中心项目${stamp}`;

    let ui = await session('agent');
    // The project: a bad project code is refused with the model's message.
    await ui.open(`action=${projectAction}&model=agency.project&view_type=form`);
    await ui.fill('name', projectName);
    await ui.many2one('partner_id', '呼和浩特云数智算科技有限公司');
    await ui.fill('contact_name', '周经办');
    await ui.fill('contact_phone', '13904711234');
    await ui.fill('code', '2026-150105-65-03-0123');
    await ui.many2one('region_id', '呼和浩特市');
    await ui.fill('address', '呼和浩特市赛罕区和林格尔新区大数据产业园');
    await ui.fill('total_investment', '32000');
    await ui.save();
    await ui.shot('project-refused');
    await ui.page.click('.modal:visible .modal-footer button');
    await ui.fill('code', `2026-150105-65-03-0${String(stamp).padStart(5, '0')}`);
    await ui.save();
    // The case, with four published items added in the form.
    await ui.open(`action=${caseAction}&model=agency.case&view_type=form`);
    await ui.many2one('project_id', projectName);
    await ui.page.click('.o_field_widget[name=item_ids] .o_field_x2many_list_row_add a');
    await ui.page.waitForSelector('.modal:visible .o_list_view');
    await idle(ui.page);
    for (const name of ['企业投资项目备案', '建设项目用地预审与选址意见书核发',
                        '建筑工程施工许可证核发', '建设工程消防设计审查']) {
        await ui.page.click(`.modal:visible tr:has(td:text-is("${name}")) .o_list_record_selector input`);
    }
    await ui.page.click('.modal:visible .modal-footer button.btn-primary');
    await idle(ui.page);
    await ui.fill('date_applied', '2026年10月20日');
    // Registered for the hall, no agent yet: the case waits at 申请受理.
    await ui.page.click('.o_form_view .o_field_widget[name=user_id] input');
    await ui.page.keyboard.press('Control+A');
    await ui.page.keyboard.press('Backspace');
    await ui.blur();
    await ui.save();
    const caseId = ui.page.url().match(/[#&]id=(\d+)/)[1];
    await ui.expectStage('申请受理');
    await ui.shot('case');
    // The stage bar refuses 接洽核实 without an agent, then shows the case's own step.
    await ui.clickStage('接洽核实');
    await ui.page.waitForSelector('.modal:visible .modal-body');
    console.log('refused:', (await ui.page.innerText('.modal:visible .modal-body')).trim());
    await ui.shot('stage-refused');
    await ui.page.click('.modal:visible .modal-footer button');
    await idle(ui.page);
    await ui.expectStage('申请受理');
    // 接洽核实: the agent takes the case.
    await ui.button('领办此件');
    await ui.expectStage('接洽核实');
    // The verification: the project's category checked, the decision "eligible".
    await ui.page.click('.o_statusbar_buttons button.o_agency_verify:visible');
    await idle(ui.page);
    await ui.fill('verify_document', '呼和浩特市2026年重点项目清单', '.modal:visible');
    await ui.page.click('.modal:visible .o_field_widget[name=verify_decision] input[data-value=eligible]');
    await ui.shot('verification-wizard');
    await ui.confirmWizard();
    // 签订委托: both letters signed; 制定方案: the declaration plan.
    await ui.edit();
    await ui.page.click('.o_notebook a:has-text("委托文书")');
    await ui.fill('legal_representative', '周建华');
    await ui.fill('proxy_id_number', '150102198506120024');
    await ui.fill('date_authorization', '2026年10月20日');
    await ui.fill('date_commitment', '2026年10月20日');
    await ui.blur();
    await ui.save();
    await ui.expectStage('签订委托');
    await ui.button('生成项目申报计划');
    await ui.expectStage('制定方案');
    // 申报办理: a click on the stage bar.
    await ui.clickStage('申报办理');
    await ui.expectStage('申报办理');
    await ui.open(`action=${caseAction}&model=agency.case&view_type=form&id=${caseId}`);
    await ui.readme('screenshot_case_form.png');
    await ui.page.click('.o_notebook a:has-text("项目申报计划")');
    await ui.shot('plan', true);
    // Items 2 and 7 declared and accepted on 10-22; item 2 done the next day.
    const lines = Object.fromEntries(sql(
        `select i.number, l.id from agency_case_line l join agency_item i on i.id = l.item_id
          where l.case_id = ${caseId}`).split('\n').map((row) => row.split('|')));
    for (const number of ['2', '7']) {
        // Each date is written in the state it dates, then the state's button.
        await ui.open(`action=${lineAction}&model=agency.case.line&view_type=form&id=${lines[number]}`);
        await ui.edit();
        await ui.fill('date_declared', '2026年10月21日');
        await ui.blur();
        await ui.save();
        await ui.button('已申报');
        await ui.edit();
        await ui.fill('date_accepted', '2026年10月22日');
        await ui.blur();
        await ui.save();
        await ui.button('已受理');
        await ui.edit();
        if (number === '2') {
            await ui.fill('result_number', '呼发改备〔2026〕301号');
            await ui.fill('result_date', '2026年10月23日');
        }
        await ui.blur();
        await ui.save();
        if (number === '2') await ui.button('已办结');
        await ui.shot(`item-${number}`, true);
    }
    await ui.browser.close();

    // The daily cron, run by hand by the administrator.
    ui = await session('admin');
    await ui.page.goto(`${BASE}/web?debug=1#action=${xmlid('base', 'ir_cron_act')}&model=ir.cron`
                       + `&view_type=form&id=${xmlid('investment_agency', 'ir_cron_case_lights')}`);
    await ui.page.waitForSelector('.o_form_view');
    await idle(ui.page);
    await ui.page.click('.o_statusbar_buttons button:visible >> nth=0');
    await ui.shot('cron');
    await ui.browser.close();
    console.log('alerts:\n' + sql(`select u.login || ': ' || a.summary from mail_activity a
        join res_users u on u.id = a.user_id where a.res_model = 'agency.case' and a.res_id = ${caseId}`));

    // The manager of 呼和浩特市 sees the red case.
    ui = await session('hhht_manager');
    await ui.open(`action=${caseAction}&model=agency.case&view_type=form&id=${caseId}`);
    await ui.shot('case', true);
    await ui.browser.close();

    // The agent closes every item, completes the case and records a bad rating.
    ui = await session('agent');
    await ui.open(`action=${caseAction}&model=agency.case&view_type=kanban`);
    await ui.shot('kanban');
    for (const number of ['7', '15', '10']) {
        await ui.open(`action=${lineAction}&model=agency.case.line&view_type=form&id=${lines[number]}`);
        if (number !== '7') {
            await ui.button('已申报');
            await ui.button('已受理');
        }
        await ui.edit();
        await ui.fill('result_number', `呼文〔2026〕${number}号`);
        await ui.blur();
        await ui.save();
        await ui.button('已办结');
    }
    await ui.open(`action=${caseAction}&model=agency.case&view_type=form&id=${caseId}`);
    await ui.expectStage('结果反馈');
    await ui.button('办结');
    for (const name of ['营业执照', '土地证明材料']) {
        await ui.page.click('.modal:visible .o_field_x2many_list_row_add a');
        await idle(ui.page);
        await ui.fill('name', name, '.modal:visible .o_data_row');
    }
    await ui.shot('completion-wizard');
    await ui.confirmWizard();
    await ui.expectStage('办结');
    await ui.button('评价');
    await ui.page.click('.modal:visible .o_field_widget[name=rating] label:text-is("不满意")');
    await ui.fill('rating_comment', '用地预审超期,希望加强与自然资源部门的协调。', '.modal:visible');
    await ui.shot('evaluation-wizard');
    await ui.confirmWizard();
    await ui.expectStage('回访评价');
    await ui.page.click('.o_notebook a:has-text("办结与评价")');
    await ui.shot('case-closed', true);
    await ui.browser.close();

    // The board of the manager of 内蒙古自治区.
    ui = await session('manager');
    await ui.open(`action=${caseAction}&model=agency.case&view_type=kanban`);
    await ui.shot('kanban');
    await ui.readme('screenshot_cases_kanban.png');
    await ui.browser.close();
    console.log('case: ' + sql(`select c.name || ' ' || s.name || ' ' || c.rating from agency_case c
        join agency_stage s on s.id = c.stage_id where c.id = ${caseId}`));
    console.log('forms attached: ' + sql(`select string_agg(name, ', ') from ir_attachment
        where res_model = 'agency.case' and res_id = ${caseId}`));
    console.log('follow-up: ' + sql(`select u.login || ': ' || a.summary || ', due ' || a.date_deadline
        from mail_activity a join res_users u on u.id = a.user_id
        join agency_rating_followup f on f.id = a.res_id and a.res_model = 'agency.rating.followup'
        where f.case_id = ${caseId}`));
})().catch((error) => { console.log('FAILED', error); process.exit(1); });
