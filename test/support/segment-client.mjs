// Runs a real Segment or RudderStack Node library, with its default settings, in a process of its own so
// its clock can be set wrong without touching the test's. Reads its plan from the JSON file named by
// argv[2]: { library, url, writeKey, skewMs, calls: [{ method, args }], pauseAt? }. Prints one JSON line per
// event: {"paused":true} when pauseAt calls were made (then waits for a line on stdin), and at the end
// {"done":true,"failed":[messageIds of calls whose callback reported an error]}.
import { readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'

const plan = JSON.parse(readFileSync(process.argv[2], 'utf8'))

if (plan.skewMs) {
  // The device's clock runs skewMs ahead; everything the library stamps uses it.
  const RealDate = Date
  const skew = plan.skewMs
  class SkewedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() + skew)
      else super(...args)
    }
    static now() {
      return RealDate.now() + skew
    }
  }
  globalThis.Date = SkewedDate
}

const say = (message) => process.stdout.write(`${JSON.stringify(message)}\n`)
const lines = createInterface({ input: process.stdin })
const nextLine = () => new Promise((resolve) => lines.once('line', resolve))

const failed = []
const settled = []
const callback = (messageId, resolve) => (error) => {
  if (error) failed.push(messageId)
  resolve()
}

let client
let close
if (plan.library === 'segment') {
  const { Analytics } = await import('@segment/analytics-node')
  client = new Analytics({ writeKey: plan.writeKey, host: plan.url })
  close = () => client.closeAndFlush({ timeout: 100_000 })
} else {
  const { default: Analytics } = await import('@rudderstack/rudder-sdk-node')
  client = new Analytics(plan.writeKey, { dataPlaneUrl: plan.url })
  close = () => client.flush().catch(() => undefined)
}

for (let i = 0; i < plan.calls.length; i++) {
  if (i === plan.pauseAt) {
    say({ paused: true })
    await nextLine()
  }
  const { method, args } = plan.calls[i]
  settled.push(new Promise((resolve) => client[method](args, callback(args.messageId, resolve))))
  // Calls spread over time as an app makes them, so batches go out while the test acts on the server.
  if (i % 20 === 19) await new Promise((resolve) => setTimeout(resolve, 20))
}
await close()
await Promise.all(settled)
say({ done: true, failed })
lines.close()
