// Screenshots of the OCA building blocks in the running product (scripts/serve), in
// Chinese, at 1366×768 and on a phone (390×844):
//   timeline of a demo case (agent), the region-wide timeline (manager), the period
//   picker of a monthly report and of the ledger export (manager), the job queue
//   (admin), the responsive menu, and an agent on a phone who opens a case, marks an
//   item 已受理 and uploads a photo of a signed form.
//
//   IA_DB=oca_demo IA_URL=http://127.0.0.1:8369 node scripts/building_blocks.js OUT_DIR
//
// Needs playwright-core (npm), Debian's chromium and psql. The phone step changes the
// demo database (the item is accepted, a photo attached): run it on a fresh demo database.
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { execSync } = require('child_process');
const { chromium } = require(process.env.PLAYWRIGHT_CORE || 'playwright-core');

const BASE = process.env.IA_URL || 'http://127.0.0.1:8069';
const DB = process.env.IA_DB || 'bangninban_demo';
const OUT = process.argv[2] || '.';
const sql = (query) => execSync(`psql -d ${DB} -Atc "${query}"`).toString().trim();
const xmlid = (name) => sql(
    `select res_id from ir_model_data where module='investment_agency' and name='${name}'`);

async function idle(page) {
    await page.waitForTimeout(500);
    await page.waitForFunction(() => {
        const loading = document.querySelector('.o_loading');
        return !loading || getComputedStyle(loading).display === 'none';
    }, null, { timeout: 60000 }).catch(() => {});
    await page.waitForTimeout(700);
}

async function session(login, width, height) {
    const browser = await chromium.launch({
        executablePath: '/usr/bin/chromium',
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
               '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const context = await browser.newContext({
        viewport: { width, height }, isMobile: width < 500, hasTouch: width < 500,
        deviceScaleFactor: width < 500 ? 2 : 1,
    });
    const page = await context.newPage();
    // A server that has just started (or runs jobs) may answer slowly.
    page.setDefaultNavigationTimeout(180000);
    page.setDefaultTimeout(90000);
    page.on('pageerror', (err) => console.log('PAGE ERROR', login, String(err)));
    await page.goto(BASE + '/web/login');
    await page.fill('input[name=login]', login);
    await page.fill('input[name=password]', login);
    await page.click('button[type=submit]');
    // The first page after a start compiles the asset bundles (lessc): be patient.
    await page.waitForSelector('.o_web_client', { timeout: 240000 });
    await idle(page);
    return { browser, page,
        async shot(name) {
            await idle(page);
            const file = path.join(OUT, name + '.png');
            await page.screenshot({ path: file });
            console.log(file);
        },
        async open(hash, selector) {
            await page.goto(`${BASE}/web#${hash}`);
            await page.reload();
            await page.waitForSelector(selector || '.o_view_controller');
            await idle(page);
        },
    };
}

// A small PNG "photo" of a signed form (a grey page with a dark block), made here.
function photo(file) {
    const width = 120, height = 160;
    const raw = Buffer.alloc((width * 3 + 1) * height);
    for (let y = 0; y < height; y++) {
        raw[y * (width * 3 + 1)] = 0;
        for (let x = 0; x < width; x++) {
            const ink = y > 110 && y < 130 && x > 60 && x < 110;
            const v = ink ? 40 : 235;
            raw.fill(v, y * (width * 3 + 1) + 1 + x * 3, y * (width * 3 + 1) + 4 + x * 3);
        }
    }
    const crcTable = [...Array(256).keys()].map((n) => {
        for (let k = 0; k < 8; k++) n = n & 1 ? 0xedb88320 ^ (n >>> 1) : n >>> 1;
        return n >>> 0;
    });
    const crc = (buf) => {
        let c = 0xffffffff;
        for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
        return (c ^ 0xffffffff) >>> 0;
    };
    const chunk = (type, data) => {
        const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
        const body = Buffer.concat([Buffer.from(type), data]);
        const sum = Buffer.alloc(4); sum.writeUInt32BE(crc(body));
        return Buffer.concat([len, body, sum]);
    };
    const header = Buffer.alloc(13);
    header.writeUInt32BE(width, 0); header.writeUInt32BE(height, 4);
    header[8] = 8; header[9] = 2;
    fs.writeFileSync(file, Buffer.concat([
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
        chunk('IHDR', header), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]));
}

(async () => {
    // 1. The timeline of a demo case, as its agent.
    let ui = await session('agent', 1366, 768);
    const case1 = xmlid('case_1_demo');
    await ui.open(`id=${case1}&model=agency.case&view_type=form`, '.o_form_view');
    await ui.page.click('.oe_button_box button.oe_stat_button:has(.fa-align-left)');
    await ui.page.waitForSelector('.o_timeline_view, .oe_timeline_view, .vis-timeline', { timeout: 30000 });
    await ui.shot('timeline_case');
    await ui.browser.close();

    // 2. The region-wide timeline and the period pickers, as the manager of 呼和浩特市.
    ui = await session('hhht_manager', 1366, 768);
    await ui.open('action=investment_agency.action_agency_case_line_timeline', '.vis-timeline');
    await ui.shot('timeline_region');
    await ui.open('action=investment_agency.action_agency_monthly_report&view_type=form',
                  '.o_form_view');
    await ui.page.click('.o_field_widget[name=period_id] input');
    await ui.page.waitForSelector('.ui-autocomplete:visible li');
    await ui.shot('period_picker_monthly_report');
    await ui.open('action=investment_agency.action_agency_ledger_export', '.modal .o_form_view');
    await ui.page.click('.modal .o_field_widget[name=date_range_id] input');
    await ui.page.waitForSelector('.ui-autocomplete:visible li');
    await ui.shot('period_picker_ledger');
    await ui.browser.close();

    // 3. The job queue, as the administrator.
    ui = await session('admin', 1366, 768);
    await ui.open('action=queue_job.action_queue_job', '.o_control_panel');
    await ui.page.click('.o_searchview_facet .o_facet_remove').catch(() => {});
    await ui.shot('job_queue');
    await ui.page.click('.app-drawer-toggle');
    await ui.page.waitForTimeout(800);
    await ui.shot('app_drawer');
    await ui.browser.close();

    // 4. On a phone: the menu, a case, an item accepted, a photo uploaded (包头 agent).
    ui = await session('bt_agent', 390, 844);
    await ui.page.click('.app-drawer-toggle.navbar-toggle');
    await ui.page.waitForTimeout(800);
    await ui.shot('phone_app_drawer');
    await ui.open('action=investment_agency.action_agency_case', '.o_control_panel');
    await ui.page.click('.navbar-toggle.pull-right');
    await ui.page.waitForTimeout(800);
    await ui.shot('phone_menu');
    const case5 = xmlid('case_5_demo');
    await ui.open(`id=${case5}&model=agency.case&view_type=form`, '.o_form_view');
    await ui.shot('phone_case');
    const line = xmlid('line_5_21_demo');
    await ui.open(`id=${line}&model=agency.case.line&view_type=form`, '.o_form_view');
    // On a phone web_responsive folds the header buttons into a dropdown.
    await ui.page.click('.o_statusbar_buttons_dropdown > button');
    await ui.page.waitForTimeout(500);
    await ui.shot('phone_item_actions');
    await ui.page.click('.o_statusbar_buttons_dropdown .dropdown-menu button:visible:has-text("已受理")');
    await idle(ui.page);
    const file = path.join(OUT, 'signed_form.png');
    photo(file);
    await ui.page.click('.o_form_button_edit').catch(() => {});
    await idle(ui.page);
    const input = await ui.page.$('.o_field_widget[name=attachment_ids] input.o_input_file');
    await input.setInputFiles(file);
    await ui.page.waitForTimeout(2500);
    await ui.page.click('.o_form_button_save').catch(() => {});
    await idle(ui.page);
    await ui.shot('phone_item_accepted');
    await ui.page.$eval('.o_field_widget[name=attachment_ids]', (el) => el.scrollIntoView({ block: 'center' }));
    await ui.shot('phone_item_documents');
    await ui.browser.close();
    console.log('line state:', sql(`select state || ' ' || coalesce(date_accepted::text, '') from agency_case_line where id=${line}`));
    console.log('documents:', sql(`select count(*) from agency_case_line_attachment_rel where line_id=${line}`));
})();
