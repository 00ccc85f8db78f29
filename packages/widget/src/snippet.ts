/**
 * The stub customers paste into their pages: it defines `heed(...)` at once, queueing every call in
 * `heed.q`, and loads the widget without blocking the page; the widget replays the queue when it arrives.
 * HEED_HOST stands for the server's origin as a JavaScript string literal. One line, since it is inline
 * in every page.
 */
export const STUB =
  'window.heed=window.heed||function(){(heed.q=heed.q||[]).push(arguments)};' +
  '(function(d,s){s=d.createElement("script");s.async=!0;s.src=HEED_HOST+"/widget/heed.js";d.head.appendChild(s)})(document);'

/** A value as a JavaScript literal that is also safe inside an HTML <script> element. */
function literal(value: string): string {
  return JSON.stringify(value).replace(/</g, '\\u003c')
}

/**
 * The complete <script> element to paste into a page for the project with this public key, with the
 * server at `host` (e.g. 'https://heed.example.com'): the stub, then `init`.
 */
export function snippet(host: string, key: string): string {
  const origin = literal(host.replace(/\/+$/, ''))
  return [
    '<script>',
    STUB.replace('HEED_HOST', origin),
    `heed("init",{key:${literal(key)},host:${origin}});`,
    '</script>',
  ].join('\n')
}
