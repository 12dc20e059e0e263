// zhengwu's browser suite (issue 13), run by crates/web/tests/it/browser.rs with a plan it
// writes: the server's address, the pages to open (and whose session opens them) and the
// keyboard walks. In Debian's Chromium, headless, it opens every page at 390 px, runs axe-core
// (WCAG 2.1 A and AA), measures horizontal scrolling, records script errors, then walks the
// main flows by keyboard alone, checking after every Tab that focus is on an element that
// shows it. It prints one JSON report on its last line; the Rust test judges it.
import { readFileSync } from 'node:fs';
import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const plan = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const PHONE = { width: 390, height: 844 };
const report = { pages: [], flows: [] };

const browser = await chromium.launch({
  executablePath: plan.chromium,
  args: ['--no-sandbox', '--disable-dev-shm-usage', '--lang=zh-CN'],
});

/** A browser context holding `session` (a staff session token), or none, with the reading
 * aids `view` (as static/view.js keeps them in localStorage) when given. */
async function contextFor(session, view) {
  // bypassCSP lets the suite add axe-core to pages whose policy allows only their own scripts.
  const context = await browser.newContext({ viewport: PHONE, locale: 'zh-CN', deviceScaleFactor: 1, bypassCSP: true });
  context.setDefaultTimeout(15000);
  if (view) {
    await context.addInitScript((v) => localStorage.setItem('zw-view', v), JSON.stringify(view));
  }
  if (session) {
    // By domain and path: Chromium refuses a Secure cookie given by an http:// address.
    const host = new URL(plan.base).hostname;
    await context.addCookies([{ name: plan.session_cookie, value: session, domain: host, path: '/', secure: true, httpOnly: true }]);
  }
  return context;
}

/** Opens `path` in `page` and checks it: axe, horizontal scroll, script errors. */
async function check(page, entry) {
  const errors = [];
  const onError = (error) => errors.push(String(error));
  const onResponse = (r) => {
    if (r.status() >= 400 && r.request().resourceType() !== 'document') errors.push(`${r.status()} for ${r.url()}`);
  };
  page.on('pageerror', onError);
  page.on('response', onResponse);
  let response = await page.goto(plan.base + entry.path, { waitUntil: 'load' });
  // A refused form (issue 14 item 3): the plan's values set (on hidden steps too) and the
  // form sent past the browser's own checks; the page of its problems is what is checked,
  // and in the elderly mode it must show the step of the first problem.
  let shown = null;
  if (entry.submit) {
    for (const [selector, text] of Object.entries(entry.submit.fill || {})) {
      await page.$eval(selector, (el, value) => { el.value = value; }, text);
    }
    [response] = await Promise.all([
      page.waitForNavigation({ waitUntil: 'load' }),
      page.$eval(entry.submit.form, (form) => form.submit()),
    ]);
    if (entry.submit.visible) shown = await page.isVisible(entry.submit.visible);
  }
  await page.addScriptTag({ content: AXE });
  const axe = await page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }));
  });
  const width = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
    widest: [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
      .slice(0, 3)
      .map((el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className ? '.' + String(el.className).split(' ').join('.') : '')),
  }));
  // The narrowest phones (360 px) for the public pages: still no sideways scrolling.
  let narrow = null;
  if (!entry.session) {
    await page.setViewportSize({ width: 360, height: 740 });
    narrow = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    await page.setViewportSize(PHONE);
  }
  // Touch targets on a phone (public pages): controls and menu links at least 44 px high.
  const small = entry.session ? [] : await page.evaluate(() => [...document.querySelectorAll(
    'button, .button, select, input:not([type=hidden]), .site-nav a')]
    .map((el) => (el.type === 'checkbox' || el.type === 'radio') ? el.closest('label') || el : el)
    .filter((el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0 && r.height < 44; })
    .slice(0, 3)
    .map((el) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} ${Math.round(el.getBoundingClientRect().height)} px`));
  // A citizen never reads a rule ID (they are for staff pages' small print).
  const ruleIds = entry.session ? [] : await page.evaluate((families) => {
    const pattern = new RegExp(`\\b(${families.join('|')})-[A-Z]+\\b`, 'g');
    return [...new Set(document.body.innerText.match(pattern) || [])];
  }, plan.rule_families);
  // An error page has a heading and a way back to the home page (the office's for staff).
  const frame = await page.evaluate((home) => ({
    h1: document.querySelectorAll('h1').length,
    home: !!document.querySelector(`a[href="${home}"]`),
  }), entry.session ? '/office' : '/');
  // Printable pages (notices, guides, reports) on A4: the site chrome hidden, nothing cut
  // at the printable width (A4 less 16 mm margins, 178 mm at 96 dpi).
  let print = null;
  if (/\/(print|notice|acceptance)(\?|$)/.test(entry.path)) {
    await page.setViewportSize({ width: 673, height: 950 });
    await page.emulateMedia({ media: 'print' });
    print = await page.evaluate(() => ({
      chrome: [...document.querySelectorAll('.site-header, .site-nav, nav.side, .office-header, footer, .demo-ribbon, .view-bar, .skip-link')]
        .filter((el) => getComputedStyle(el).display !== 'none').map((el) => el.className || el.tagName),
      overflow: document.documentElement.scrollWidth > document.documentElement.clientWidth + 1,
    }));
    if (plan.shots) await page.screenshot({ path: `${plan.shots}/print-${entry.path.replace(/[^A-Za-z0-9]+/g, '_')}.png`, fullPage: true });
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize(PHONE);
  }
  if (plan.shots) {
    const name = `${String(report.pages.length).padStart(3, '0')}-${entry.who}-${entry.path.replace(/[^A-Za-z0-9]+/g, '_')}.png`;
    await page.screenshot({ path: `${plan.shots}/${name}`, fullPage: true });
  }
  const links = await page.evaluate(() => [...document.querySelectorAll('a[href^="/"]')].map((a) => a.getAttribute('href')));
  page.off('pageerror', onError);
  page.off('response', onResponse);
  report.pages.push({
    path: entry.path,
    who: entry.who,
    expect: entry.expect,
    status: response ? response.status() : 0,
    title: await page.title(),
    axe,
    width,
    narrow,
    small,
    rule_ids: ruleIds,
    print,
    frame,
    shown,
    errors,
  });
  return links;
}

/** The shape of a public path (digits and codes folded), to open a few of each kind. */
function shape(path) {
  return path.split('?')[0].replace(/[0-9]+/g, '#').replace(/\/[A-Z]{2}-[A-Z0-9-]+/g, '/CODE');
}

// Feeds and sitemaps (issue 15) are XML for programs, checked by the Rust tests.
const PUBLIC_SKIP = /^\/(office|static|api|open311|favicon|view)|\.xml(\?|$)/;

async function pages() {
  const groups = new Map();
  for (const entry of plan.pages) {
    const key = JSON.stringify([entry.session || '', entry.view || null]);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(entry);
  }
  for (const [key, entries] of groups) {
    const [session, view] = JSON.parse(key);
    const context = await contextFor(session || null, view);
    const page = await context.newPage();
    const seen = new Set(entries.map((e) => e.path));
    const shapes = new Map();
    const queue = [...entries];
    while (queue.length) {
      const entry = queue.shift();
      let links = [];
      try {
        links = await check(page, entry);
      } catch (error) {
        report.pages.push({ path: entry.path, who: entry.who, expect: entry.expect, status: 0, axe: [], width: null, errors: [String(error)] });
      }
      if (session || view || !plan.crawl_public) continue;
      // Anonymous pages: follow the portal's own links, a few of each shape.
      for (const href of links) {
        const path = href.split('#')[0];
        if (!path || PUBLIC_SKIP.test(path) || seen.has(path) || seen.size >= plan.crawl_limit) continue;
        const s = shape(path);
        if ((shapes.get(s) || 0) >= 2) continue;
        shapes.set(s, (shapes.get(s) || 0) + 1);
        seen.add(path);
        queue.push({ path, who: entry.who });
      }
    }
    await context.close();
  }
}

/** Presses Tab until the focused element matches `selector`; fails when focus is lost
 * (back on the body), hidden, off screen or shows no focus ring on the way. */
async function tabTo(page, selector) {
  for (let presses = 1; presses <= 150; presses++) {
    await page.keyboard.press('Tab');
    const state = await page.evaluate((sel) => {
      const el = document.activeElement;
      if (!el || el === document.body || el === document.documentElement) return { lost: true };
      const style = getComputedStyle(el);
      const rect = el.getBoundingClientRect();
      const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== 'none';
      const onScreen = rect.width > 0 && rect.height > 0 && rect.bottom > 0 && rect.top < innerHeight && rect.right > 0 && rect.left < innerWidth;
      const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.name ? `[name=${el.name}]` : '') + ' ' + (el.textContent || '').trim().slice(0, 16);
      return { match: el.matches(sel), ring, onScreen, name };
    }, selector);
    if (state.lost) throw new Error(`focus lost (back on the page) after ${presses} Tab presses, looking for ${selector}`);
    if (!state.ring) throw new Error(`focus not visible on ${state.name} (no outline or shadow)`);
    if (!state.onScreen) throw new Error(`focused ${state.name} is off screen`);
    if (state.match) return;
  }
  throw new Error(`${selector} not reached by Tab`);
}

async function typeInto(page, selector, text) {
  // A field the page focused itself (autofocus) is where a keyboard user already is.
  if (!(await page.evaluate((sel) => document.activeElement && document.activeElement.matches(sel), selector))) {
    await tabTo(page, selector);
  }
  await page.keyboard.type(text);
}

/** Tabs to the button `selector` and presses Enter, waiting for the next page. */
async function submitWith(page, selector) {
  await tabTo(page, selector);
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
}

async function start(page, path) {
  await page.goto(plan.base + path, { waitUntil: 'load' });
}

function totp(secretBase32, at = Date.now()) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secretBase32.replace(/[\s=]/g, '').toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 30000)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 15;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1000000).padStart(6, '0');
}

const flows = {
  /** A citizen files a 12345 appeal, then queries it with the number and code. */
  async appeal(page) {
    await start(page, '/hotline');
    await typeInto(page, '#content', '小区门口路灯连续一周不亮，夜间出行不便，请尽快修复。');
    await typeInto(page, '#location', '甘州区青年东街12号');
    await typeInto(page, '#phone', '13800001234');
    await submitWith(page, 'form[action="/hotline"] button[type=submit]');
    const number = (await page.textContent('#appeal-number')).trim();
    const code = (await page.textContent('#query-code')).trim();
    // Issue 14 item 6: the confirmation prints — its button shown, on paper the number and
    // code without the site chrome or the page's own links.
    if (!(await page.isVisible('#print-button'))) throw new Error('no print button on the confirmation');
    await page.emulateMedia({ media: 'print' });
    const paper = await page.evaluate(() => ({
      code: getComputedStyle(document.querySelector('#query-code')).display !== 'none',
      chrome: [...document.querySelectorAll('.site-header, .site-nav, footer, .view-bar, .no-print')]
        .filter((el) => getComputedStyle(el).display !== 'none').map((el) => el.className || el.tagName),
    }));
    await page.emulateMedia({ media: 'screen' });
    if (!paper.code || paper.chrome.length) throw new Error(`the printed confirmation: ${JSON.stringify(paper)}`);
    await start(page, '/hotline');
    await typeInto(page, '#number', number);
    await typeInto(page, '#code', code);
    await submitWith(page, 'form[action="/hotline/query"] button[type=submit]');
    const text = await page.textContent('main');
    if (!text.includes(number)) throw new Error(`the query page does not show ${number}`);
  },
  /** The same appeal in the elderly mode, switched on by keyboard: one step per screen,
   * 下一步 by Enter, and the mode still on at the next page. */
  async elder(page) {
    await start(page, '/hotline');
    await tabTo(page, 'button[data-view=elder]');
    await page.keyboard.press('Enter');
    const steps = async () => page.$$eval('form[data-steps] .step', (all) => all.filter((s) => !s.hidden).length);
    if (!(await page.evaluate(() => document.documentElement.classList.contains('view-elder')))) throw new Error('the elderly mode did not switch on');
    if ((await steps()) !== 1) throw new Error(`${await steps()} steps shown at once in the elderly mode`);
    const fill = { '#content': '楼道灯坏了很久，晚上上下楼看不见。', '#location': '甘州区南街社区3号楼', '#phone': '13800001236' };
    for (let step = 0; step < 5; step++) {
      for (const [selector, text] of Object.entries(fill)) {
        if (await page.isVisible(selector)) {
          await typeInto(page, selector, text);
          delete fill[selector];
        }
      }
      if (!(await page.isVisible('.step-next'))) break;
      await tabTo(page, '.step-next');
      await page.keyboard.press('Enter');
      if ((await steps()) !== 1) throw new Error('more than one step shown after 下一步');
    }
    if (Object.keys(fill).length) throw new Error(`never asked for ${Object.keys(fill)}`);
    await submitWith(page, 'form[action="/hotline"] button[type=submit]');
    await page.textContent('#appeal-number');
    if (!(await page.evaluate(() => document.documentElement.classList.contains('view-elder')))) throw new Error('the elderly mode was forgotten on the next page');
  },
  /** A company applies online through its agent (issue 14 item 4: the company's name and
   * 统一社会信用代码 first), attaching each material by keyboard (Space on the file field). */
  async apply(page) {
    await start(page, plan.apply);
    // A listener from the start turns on Chromium's interception of file choosers before the
    // first Space: added only with waitForEvent, it can arrive after the key press (the walk
    // then waits 15 s for a chooser that opened natively; seen on a loaded machine).
    page.on('filechooser', () => {});
    await typeInto(page, '#enterprise_name', '张掖市甘州区示例商贸有限公司');
    await typeInto(page, '#credit_code', '91620702MA71ABCD1P');
    await typeInto(page, '#name', '王经办');
    await typeInto(page, '#id_no', '11010519491231002X');
    await typeInto(page, '#phone', '13800001235');
    const fields = await page.$$eval('#materials input[type=file]', (inputs) => inputs.map((i) => i.id));
    for (const id of fields) {
      await tabTo(page, `#${id}`);
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Space')]);
      await chooser.setFiles({ name: `${id}.pdf`, mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n') });
    }
    await submitWith(page, 'button[name=action][value=submit]');
    if (!(await page.textContent('main')).includes('您的申请已提交')) throw new Error(`after submitting, the page is ${page.url()}: ${(await page.innerText('body')).replace(/\s+/g, ' ').slice(0, 300)}`);
  },
  /** A new member of staff logs in: password, binds the authenticator, changes the password. */
  async login(page) {
    await start(page, '/office/login');
    await typeInto(page, '#username', plan.login.username);
    await typeInto(page, '#password', plan.login.password);
    await submitWith(page, 'form[action="/office/login"] button[type=submit]');
    let secret = null;
    for (let step = 0; step < 4; step++) {
      const url = new URL(page.url());
      if (url.pathname === '/office/login/enrol') {
        secret = (await page.textContent('code.secret')).trim();
        await typeInto(page, '#code', totp(secret));
        await submitWith(page, 'form[action="/office/login/enrol"] button[type=submit]');
      } else if (url.pathname === '/office/login/totp') {
        await typeInto(page, '#code', totp(secret));
        await submitWith(page, 'form[action="/office/login/totp"] button[type=submit]');
      } else if (url.pathname === '/office/account/password') {
        await typeInto(page, '#old', plan.login.password);
        await typeInto(page, '#new', 'Zw-keyboard-2026!');
        await typeInto(page, '#again', 'Zw-keyboard-2026!');
        await submitWith(page, 'form[action="/office/account/password"] button[type=submit]');
      } else break;
    }
    if (new URL(page.url()).pathname !== '/office') throw new Error(`the login ends on ${page.url()}`);
  },
  /** The operator dispatches a registered order to a unit. */
  async dispatch(page) {
    await start(page, plan.dispatch.path);
    const before = (await page.textContent('#order-status')).trim();
    await tabTo(page, '#lead');
    await page.keyboard.press('ArrowDown');
    const interested = await page.$('input[name=lead_interested]');
    if (interested) {
      await tabTo(page, 'input[name=lead_interested]');
      await page.keyboard.press('Space');
    }
    await submitWith(page, 'form[action$="/dispatch"] button[type=submit]');
    const after = (await page.textContent('#order-status')).trim();
    if (after === before) throw new Error(`the order is still ${before} after dispatching`);
  },
};

async function walks() {
  for (const [name, run] of Object.entries(flows)) {
    const session = name === 'dispatch' ? plan.dispatch.session : null;
    const context = await contextFor(session);
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    try {
      await run(page);
      report.flows.push({ name, ok: errors.length === 0, error: errors.join('; ') || null });
    } catch (error) {
      report.flows.push({ name, ok: false, error: `${String(error.message || error).split('\n')[0]} (at ${page.url()})` });
      // The page where the walk stopped, to look at.
      if (plan.shots) await page.screenshot({ path: `${plan.shots}/flow-${name}-failed.png`, fullPage: true }).catch(() => {});
    }
    await context.close();
  }
}

try {
  await pages();
  await walks();
} finally {
  await browser.close();
}
console.log(JSON.stringify(report));
