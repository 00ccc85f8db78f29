/**
 * The dark palette, applied by the 'dark' theme and by 'auto' when the visitor prefers dark. Text on the
 * surface (--fg, --mu) contrasts at least 7:1 and borders at least 3:1 in both palettes.
 */
const DARK = '--bg:#1f1f23;--fg:#f0f0f3;--mu:#b4b4bd;--bd:#8c8c96;color-scheme:dark'

/**
 * Every rule of the widget. It lives in the shadow root, so the page's CSS cannot reach it and it cannot
 * reach the page. Lengths are in px, never rem: rem follows the page's root font size. Classes: w the
 * dialog (plus its position and theme), x close, h title, s scale (plus its kind), o one answer, l the end
 * labels, f the follow-up question, a the actions, p the primary button. --b is the brand colour, --bt the
 * text on it.
 *
 * The dialog is a popover in the top layer: the browser's own rules for [popover] (centred, a border,
 * Canvas colours) are overridden here. Words longer than a line break anywhere (a German compound must
 * not run under the close button nor scroll the card sideways). The answer the arrow keys are on has the
 * focus ring inside its border and a tint of the brand colour; only the chosen one is filled. Under
 * 360 px the eleven NPS answers stay on one row (25 px each at 320 px), so the end labels sit under 0
 * and 10. The card itself takes focus only to keep it in the widget between steps: no ring around it.
 */
export const STYLES = `*{box-sizing:border-box}
.w{--bg:#fff;--fg:#1f2328;--mu:#57606a;--bd:#6e7781;color-scheme:light;position:fixed;z-index:2147483647;inset:auto;margin:0;border:0;width:400px;max-width:calc(100vw - 32px);max-height:calc(100vh - 32px);overflow:auto;overflow-wrap:anywhere;padding:20px;border-radius:12px;background:var(--bg);color:var(--fg);font:15px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;text-align:start;box-shadow:0 8px 32px rgba(0,0,0,.3);animation:heed-in .2s ease-out}
.dark{${DARK}}
@media(prefers-color-scheme:dark){.auto{${DARK}}}
.bottom-right{bottom:16px;right:16px}
.bottom-left{bottom:16px;left:16px}
.top-right{top:16px;right:16px}
.top-left{top:16px;left:16px}
.center{inset:0;margin:auto;height:fit-content}
@keyframes heed-in{from{opacity:0;transform:translateY(8px)}}
:focus-visible{outline:2px solid var(--fg);outline-offset:2px}
.w:focus{outline:0}
.h{display:block;margin:0 0 12px;padding-inline-end:28px;font-size:16px;font-weight:600;hyphens:auto}
.h:last-child{margin:0}
.x{position:absolute;top:8px;inset-inline-end:8px;width:32px;height:32px;padding:0;border:0;font-size:22px;line-height:1}
button{font:inherit;color:var(--fg);background:none;border:1px solid var(--bd);border-radius:6px;padding:8px 16px;cursor:pointer}
.s{display:grid;gap:4px}
.nps{grid-template-columns:repeat(11,1fr)}
.csat{grid-template-columns:repeat(5,1fr)}
.ces{grid-template-columns:repeat(7,1fr)}
.o{display:flex;align-items:center;justify-content:center;min-width:0;height:40px;border:1px solid var(--bd);border-radius:6px;font-weight:600;cursor:pointer;user-select:none}
.o:hover{border-color:var(--fg)}
.o:focus-visible{outline-offset:-2px;background:color-mix(in srgb,var(--b) 15%,transparent)}
.o[aria-checked=true],.p{background:var(--b);color:var(--bt);border-color:var(--fg)}
.p:disabled{opacity:.6;cursor:default}
.l{display:flex;justify-content:space-between;gap:16px;margin-top:6px;font-size:13px;color:var(--mu)}
.l>:last-child{text-align:end}
.f{display:block;margin:16px 0 8px;font-weight:600}
textarea{display:block;width:100%;min-height:88px;padding:8px;font:inherit;color:inherit;background:none;border:1px solid var(--bd);border-radius:6px;resize:vertical}
.a{display:flex;justify-content:flex-end;gap:8px;margin-top:12px}
@media(max-width:480px){.w{inset:auto 0 0;margin:0;width:auto;max-width:none;height:auto;border-radius:12px 12px 0 0;padding-bottom:calc(20px + env(safe-area-inset-bottom))}.o{height:44px}}
@media(max-width:359px){.w{padding-inline:12px}.s{gap:2px}}
@media(prefers-reduced-motion:reduce){.w{animation:none}}`
