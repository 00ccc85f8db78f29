import type { SurveyKind } from '@heed/shared/scores/scales'
import { DEMO_SURVEYS, NPS_TRIGGER_EVENT, TRIGGER_EVENTS } from './surveys'

export interface HostPageOptions {
  /** The demo project's public key, which the snippet needs. */
  publicKey: string
  /** Where the browser reaches the Heed server, e.g. http://127.0.0.1:3000 (no trailing slash). */
  host: string
  /** The project's recontact window, which decides how often one visitor is asked. */
  recontactDays: number
}

/** The made-up visitor the page identifies; the demo's NPS asks only people with a signup date. */
const VISITOR = {
  id: 'usr_demo',
  traits: { role: 'Product manager', signupDate: '2025-01-15', locale: 'en' },
  account: {
    id: 'acct_demo',
    traits: { name: 'Demo Visitors Ltd', plan: 'pro', seats: 25, mrr: 1_250, region: 'EMEA' },
  },
}

/** The buttons that track an event, each of which asks one of the demo's surveys. */
const ASKS: {
  label: string
  event: string
  properties: Record<string, string | number>
  kind: SurveyKind
}[] = [
  { label: 'Export report', event: NPS_TRIGGER_EVENT, properties: { format: 'pdf' }, kind: 'nps' },
  {
    label: 'Resolve a support ticket',
    event: TRIGGER_EVENTS.csat,
    properties: { channel: 'chat' },
    kind: 'csat',
  },
  { label: 'Finish onboarding', event: TRIGGER_EVENTS.ces, properties: { steps: 5 }, kind: 'ces' },
]

/** A value as a JavaScript literal that cannot end the <script> element it is written into. */
const scriptLiteral = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c')

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`)

/**
 * The snippet a customer pastes into their pages, as the widget's README gives it: a stub that queues
 * `heed(...)` calls until the script it loads takes over, then `init` with the key and the server.
 */
function snippet(host: string, publicKey: string): string {
  const server = scriptLiteral(host)
  return `<script>
window.heed=window.heed||function(){(heed.q=heed.q||[]).push(arguments)};(function(d,s){s=d.createElement("script");s.async=!0;s.src=${server}+"/widget/heed.js";d.head.appendChild(s)})(document);
heed("init",{key:${scriptLiteral(publicKey)},host:${server}});
</script>`
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2433;background:#f3f5f9}
header{display:flex;align-items:center;gap:24px;padding:12px 24px;background:#14213d;color:#fff}
.logo{font-weight:700;font-size:18px;letter-spacing:.2px}
.logo span{color:#fca311}
nav{display:flex;gap:16px;font-size:14px}
nav span{color:#dfe6f3}
nav [aria-current]{color:#fff;font-weight:600}
.who{margin-left:auto;font-size:13px;color:#dfe6f3;text-align:right}
main{max-width:1080px;margin:0 auto;padding:24px}
h1{margin:0 0 4px;font-size:24px}
.lead{margin:0 0 20px;color:#4a5468}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(180px,1fr));gap:16px;margin-bottom:16px}
.card{background:#fff;border:1px solid #dde2ec;border-radius:10px;padding:16px}
.card h2{margin:0 0 8px;font-size:13px;font-weight:600;color:#4a5468;text-transform:uppercase;letter-spacing:.4px}
.kpi{font-size:26px;font-weight:700}
.up{color:#1a7f37;font-size:13px}
.grid{display:grid;grid-template-columns:2fr 1fr;gap:16px}
@media(max-width:760px){.grid{grid-template-columns:1fr}header{flex-wrap:wrap}.who{margin-left:0;text-align:left}}
.chart{display:flex;align-items:flex-end;gap:8px;height:160px;padding-top:8px}
.chart div{flex:1;background:#3a6ea5;border-radius:4px 4px 0 0}
.actions{display:flex;flex-direction:column;gap:10px}
button{font:inherit;padding:9px 14px;border-radius:8px;border:1px solid #3a6ea5;background:#fff;color:#14213d;cursor:pointer;text-align:left}
button:hover{background:#eef3fa}
button.primary{background:#14213d;border-color:#14213d;color:#fff}
button.primary:hover{background:#22335c}
button.reset{border-color:#9a3412;color:#9a3412}
.hint{display:block;font-size:12px;color:#4a5468}
.primary .hint{color:#dfe6f3}
#log{margin:0;padding:0;list-style:none;font:13px/1.6 ui-monospace,SFMono-Regular,Menlo,monospace;max-height:180px;overflow:auto}
pre{margin:0;padding:12px;overflow:auto;background:#14213d;color:#e9edf5;border-radius:8px;font-size:12px;white-space:pre-wrap;word-break:break-all}
footer{max-width:1080px;margin:0 auto;padding:0 24px 32px;color:#4a5468;font-size:13px}
`

/** The bars of the fake weekly chart: plausible numbers, nothing computed. */
const WEEKLY_ACTIVE = [62, 66, 64, 71, 69, 74, 78, 76, 81, 85, 83, 90]

/**
 * "Acme Analytics", a made-up product page that embeds Heed's widget exactly as a customer would: the
 * snippet, `identify` with account traits, and `track` on its buttons, each of which makes one of the demo's
 * surveys appear after its delay. "Reset demo visitor" forgets the visitor so they can be asked again.
 * Plain HTML and CSS, served by `heed demo` at /demo.
 */
export function hostPage({ publicKey, host, recontactDays }: HostPageOptions): string {
  const code = snippet(host, publicKey)
  const buttons = ASKS.map((ask, index) => {
    const survey = DEMO_SURVEYS[ask.kind]
    const delay = survey.targeting.delaySeconds
    return `<button type="button" data-ask="${index}"${index === 0 ? ' class="primary"' : ''}>${escapeHtml(ask.label)}
            <span class="hint">tracks ${escapeHtml(ask.event)}: “${escapeHtml(survey.name)}” asks after ${delay} s</span></button>`
  }).join('\n          ')
  const bars = WEEKLY_ACTIVE.map((value) => `<div style="height:${value}%"></div>`).join('')
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Dashboard · Acme Analytics (Heed demo)</title>
<link rel="icon" href="data:,">
<style>${STYLE}</style>
${code}
</head>
<body>
<header>
  <div class="logo">Acme<span>◆</span>Analytics</div>
  <nav aria-label="Main"><span aria-current="page">Dashboard</span><span>Reports</span><span>Segments</span><span>Settings</span></nav>
  <div class="who">${escapeHtml(VISITOR.traits.role)} at ${escapeHtml(VISITOR.account.traits.name)}<br>signed in as ${escapeHtml(VISITOR.id)}</div>
</header>
<main>
  <h1>Dashboard</h1>
  <p class="lead">A made-up product that embeds Heed's widget with the snippet below. Click an action: it calls
    <code>heed('track', …)</code>, and a survey appears after its delay. Heed asks one visitor at most one survey
    every ${recontactDays} days (the project's recontact window): reset the demo visitor to be asked again.</p>
  <section class="cards" aria-label="Key figures">
    <div class="card"><h2>Weekly active users</h2><div class="kpi">12,480</div><div class="up">▲ 4.2% on last week</div></div>
    <div class="card"><h2>Sessions</h2><div class="kpi">38,911</div><div class="up">▲ 1.8%</div></div>
    <div class="card"><h2>Conversion</h2><div class="kpi">3.8%</div><div class="up">▲ 0.3 pts</div></div>
    <div class="card"><h2>Reports exported</h2><div class="kpi">1,204</div><div class="up">▲ 9.6%</div></div>
  </section>
  <div class="grid">
    <section class="card" aria-label="Weekly active users, last 12 weeks">
      <h2>Weekly active users, last 12 weeks</h2>
      <div class="chart" aria-hidden="true">${bars}</div>
    </section>
    <section class="card" aria-labelledby="actions-title">
      <h2 id="actions-title">Try the widget</h2>
      <div class="actions">
          ${buttons}
        <button type="button" class="reset" id="reset">Reset demo visitor
          <span class="hint">heed('reset'), clears the widget's storage, reloads</span></button>
      </div>
    </section>
  </div>
  <div class="grid" style="margin-top:16px">
    <section class="card" aria-labelledby="snippet-title">
      <h2 id="snippet-title">The snippet on this page</h2>
      <pre>${escapeHtml(code)}</pre>
    </section>
    <section class="card" aria-labelledby="log-title">
      <h2 id="log-title">What the page told Heed</h2>
      <ul id="log" aria-live="polite"></ul>
    </section>
  </div>
</main>
<footer>Served by <code>heed demo</code>. Answers land in the demo project: see them with
  <code>GET /admin/v1/responses</code>.</footer>
<script>
(function () {
  var visitor = ${scriptLiteral(VISITOR)};
  var asks = ${scriptLiteral(ASKS)};
  var log = document.getElementById('log');
  function note(text) {
    var line = document.createElement('li');
    line.textContent = new Date().toLocaleTimeString() + '  ' + text;
    log.prepend(line);
  }
  heed('identify', visitor.id, visitor.traits, visitor.account);
  note("heed('identify', '" + visitor.id + "', …) with the account " + visitor.account.id);
  document.querySelectorAll('[data-ask]').forEach(function (button) {
    var ask = asks[Number(button.getAttribute('data-ask'))];
    button.addEventListener('click', function () {
      heed('track', ask.event, ask.properties);
      note("heed('track', '" + ask.event + "')");
    });
  });
  document.getElementById('reset').addEventListener('click', function () {
    heed('reset');
    // This origin is the Heed server's own: nothing but the widget keeps anything in its storage here.
    try { localStorage.clear(); } catch (error) {}
    location.reload();
  });
  // The widget adds one <heed-survey> element to <body> while it shows a survey.
  new MutationObserver(function (changes) {
    changes.forEach(function (change) {
      change.addedNodes.forEach(function (node) {
        if (node.nodeName === 'HEED-SURVEY') note('the widget shows a survey');
      });
      change.removedNodes.forEach(function (node) {
        if (node.nodeName === 'HEED-SURVEY') note('the widget closed');
      });
    });
  }).observe(document.body, { childList: true });
})();
</script>
</body>
</html>
`
}
