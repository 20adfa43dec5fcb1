// Drives headless Chromium through citizen-page.html served from two origins, one that the entity allows and one it
// does not. Started by tests/CaseService.Tests/Browser/CitizenPageBrowserTests.cs with its settings as JSON in argv[2].
// Protocol on stdout, one JSON object a line: {"event":"restart"} asks the test to restart the service (it answers
// "restarted" on stdin); {"event":"result",...} is the outcome; {"event":"error","message":...} a failure to run.
import { createInterface } from 'node:readline';

const settings = JSON.parse(process.argv[2]);
const { api, tenant, allowedSite, otherSite, advisorToken } = settings;
const chromium = settings.chromium || process.env.ATENCION_CHROMIUM || '/usr/bin/chromium';
const emit = o => process.stdout.write(JSON.stringify(o) + '\n');
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();

// Bounded: a hung browser must not hang the suite.
setTimeout(() => { emit({ event: 'error', message: 'the browser run took more than 150 s' }); process.exit(3); }, 150_000).unref();

let browser;
try {
  const { chromium: launcher } = await import('playwright-core');
  browser = await launcher.launch({
    executablePath: chromium,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
} catch (e) {
  emit({ event: 'error', message: `Chromium could not be started from ${chromium} (ops/test installs Debian's chromium): ${e.message}` });
  process.exit(2);
}

const form = {
  type: 'petition', dataProcessingConsent: true,
  citizen: { name: 'Luz Marina Rueda', email: 'luz@example.com' },
  subject: 'Derecho de petición', text: 'Solicito copia de mi expediente.',
};
const chatForm = { name: 'Luz Marina Rueda', email: 'luz@example.com', question: '¿Cómo presento una queja?', dataProcessingConsent: true };

async function advisorSays(caseId, text) {
  const r = await fetch(`${api}/api/${tenant}/chats/${caseId}/messages`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${advisorToken}` }, body: JSON.stringify({ text }),
  });
  return r.status;
}

async function received(page, text, ms = 20_000) {
  try {
    await page.waitForFunction(t => chat.received.some(m => m.text === t), text, { timeout: ms });
    return true;
  } catch { return false; }
}

/** Waits until the hub said "joined" on the page's current connection (after its last reconnecting, if any). */
async function joined(page, ms = 30_000) {
  try {
    await page.waitForFunction(() => chat.states.lastIndexOf('joined') > chat.states.lastIndexOf('reconnecting'), undefined, { timeout: ms });
    return true;
  } catch { return false; }
}

async function open(site) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', e => errors.push(String(e)));
  await page.goto(`${site}/?api=${encodeURIComponent(api)}&tenant=${encodeURIComponent(tenant)}`);
  await page.waitForFunction(() => typeof signalR !== 'undefined' && typeof call === 'function');
  return { page, errors };
}

const result = { event: 'result', allowed: {}, other: {} };
try {
  // From the entity's own site: everything works.
  {
    const { page, errors } = await open(allowedSite);
    const a = result.allowed;
    const call = (method, path, body, token) => page.evaluate(([m, p, b, t]) => call(m, p, b, t), [method, path, body, token]);
    a.filed = await call('POST', '/pqrsd', form);
    const radicado = a.filed.body?.radicado, code = a.filed.body?.trackingCode;
    a.status = await call('GET', `/pqrsd/${encodeURIComponent(radicado)}?code=${encodeURIComponent(code)}`);
    a.availability = await call('GET', '/chat/availability');
    a.started = await call('POST', '/chats', chatForm);
    const caseId = a.started.body?.caseId, token = a.started.body?.chatToken;
    a.read = await call('GET', `/chats/${caseId}/messages`, undefined, token);
    a.connected = await page.evaluate(([c, t]) => connect(c, t), [caseId, token]);
    a.joined = await joined(page);
    a.firstPosted = await advisorSays(caseId, 'Hola, le atiende Ana.');
    a.firstReceived = await received(page, 'Hola, le atiende Ana.');

    emit({ event: 'restart' });
    const answer = await lines.next();
    a.restart = answer.value;
    try {
      await page.waitForFunction(() => chat.states.includes('reconnected'), undefined, { timeout: 30_000 });
      a.reconnected = true;
    } catch { a.reconnected = false; }
    a.rejoined = await joined(page);
    a.secondPosted = await advisorSays(caseId, 'Seguimos en contacto tras el reinicio.');
    a.secondReceived = await received(page, 'Seguimos en contacto tras el reinicio.');
    await page.waitForFunction(() => chat.caughtUp.length >= chat.states.filter(s => s === 'joined').length, undefined, { timeout: 10_000 }).catch(() => {});
    a.states = await page.evaluate(() => chat.states);
    a.caughtUp = await page.evaluate(() => chat.caughtUp.map(r => r.status ?? r.error));
    a.errors = errors;
    result.chat = { caseId, token, radicado, code };
    await page.close();
  }

  // The same page from a site the entity does not list: refused on every route and on the hub.
  {
    const { page, errors } = await open(otherSite);
    const o = result.other;
    const { caseId, token, radicado, code } = result.chat;
    const call = (method, path, body, tok) => page.evaluate(([m, p, b, t]) => call(m, p, b, t), [method, path, body, tok]);
    o.filed = await call('POST', '/pqrsd', form);
    o.status = await call('GET', `/pqrsd/${encodeURIComponent(radicado)}?code=${encodeURIComponent(code)}`);
    o.availability = await call('GET', '/chat/availability');
    o.started = await call('POST', '/chats', chatForm);
    o.read = await call('GET', `/chats/${caseId}/messages`, undefined, token);
    o.said = await call('POST', `/chats/${caseId}/messages`, { text: 'Desde otro sitio.' }, token);
    o.board = await call('GET', '/turns/board');
    o.survey = await call('GET', '/surveys/no-such-token');
    o.hubWebSocket = await page.evaluate(([c, t]) => connect(c, t), [caseId, token]);
    o.hubNegotiated = await page.evaluate(([c, t]) => connect(c, t, { skipNegotiation: false }), [caseId, token]);
    await advisorSays(caseId, 'Solo para el sitio de la entidad.');
    o.leaked = await received(page, 'Solo para el sitio de la entidad.', 3_000);
    o.errors = errors;
    await page.close();
  }
  emit(result);
} catch (e) {
  emit({ event: 'error', message: String(e?.stack ?? e), partial: result });
  process.exitCode = 1;
} finally {
  await browser.close();
}
process.exit(process.exitCode ?? 0);
