// Screenshots of the running product (scripts/serve) in headless Chromium.
//
//   node scripts/screenshots.js OUT_DIR LOGIN PASSWORD PATH [PATH ...] [--width=1400] [--height=900]
//
// PATH is a URL path such as "/web#action=investment_agency.action_agency_case";
// each page is saved as OUT_DIR/NN.png. Needs playwright-core (npm) and
// Debian's chromium; the base URL is $IA_URL or http://127.0.0.1:8069.
const path = require('path');
const { chromium } = require(process.env.PLAYWRIGHT_CORE || 'playwright-core');

(async () => {
    const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
    const opts = Object.fromEntries(process.argv.slice(2).filter((a) => a.startsWith('--'))
        .map((a) => a.slice(2).split('=')));
    const [outDir, login, password, ...paths] = args;
    const base = process.env.IA_URL || 'http://127.0.0.1:8069';
    const browser = await chromium.launch({
        executablePath: '/usr/bin/chromium',
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
               '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const page = await browser.newPage({
        viewport: { width: parseInt(opts.width || '1400'), height: parseInt(opts.height || '900') },
    });
    const errors = [];
    page.on('pageerror', (err) => errors.push(String(err)));
    page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()); });
    if (login && login !== '-') {
        await page.goto(base + '/web/login');
        await page.fill('input[name=login]', login);
        await page.fill('input[name=password]', password);
        await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    }
    let n = 0;
    for (const p of paths) {
        n += 1;
        await page.goto(base + p);
        await page.waitForLoadState('load');
        await page.waitForSelector('.o_view_controller, .o_portal_wrap, main, #wrap', { timeout: 20000 }).catch(() => {});
        await page.waitForTimeout(1500);
        const file = path.join(outDir, String(n).padStart(2, '0') + '.png');
        await page.screenshot({ path: file, fullPage: opts.full === '1' });
        console.log(file, p);
    }
    if (errors.length) console.log('BROWSER ERRORS:\n' + errors.join('\n'));
    await browser.close();
})();
