import type { Random } from './random'
import type { Timeline } from './timeline'

export type Plan = 'free' | 'starter' | 'pro' | 'enterprise'

/** The languages the demo's people use the product in. */
export type DemoLocale = 'en' | 'de' | 'fr' | 'es' | 'pt-BR' | 'ja'

type Region = 'EMEA' | 'North America' | 'APAC' | 'LATAM'

export interface DemoAccount {
  id: string
  plan: Plan
  /** Day the account signed up; negative when before the demo year. */
  signupDay: number
  traits: {
    name: string
    plan: Plan
    /** Monthly recurring revenue in euros, following from the plan and the seats. */
    mrr: number
    seats: number
    industry: string
    region: Region
    /** The customer-success manager who looks after the account. */
    owner: string
    customerSince: string
  }
}

export interface DemoPerson {
  id: string
  anonymousId: string
  account: DemoAccount
  locale: DemoLocale
  signupDay: number
  signupAt: number
  /** How much the person uses the product, relative to others: drives sessions and surveys shown. */
  activity: number
  traits: { role: string; signupDate: string; locale: DemoLocale }
}

/** Most accounts are small; a few large ones bring most of the revenue. */
const PLAN_MIX: Record<Plan, number> = { free: 42, starter: 30, pro: 20, enterprise: 8 }

/** Seats bought, price per seat in euros, and how many people actually use the product. */
const PLAN_SHAPE: Record<Plan, { seats: [number, number]; seatPrice: number; users: [number, number] }> = {
  free: { seats: [1, 3], seatPrice: 0, users: [1, 3] },
  starter: { seats: [3, 10], seatPrice: 39, users: [3, 7] },
  pro: { seats: [10, 40], seatPrice: 49, users: [6, 14] },
  enterprise: { seats: [50, 300], seatPrice: 45, users: [15, 30] },
}

const PLAN_ACTIVITY: Record<Plan, number> = { free: 0.5, starter: 0.8, pro: 1.1, enterprise: 1.3 }

const NAME_STARTS = [
  'Nordwind',
  'Bluefin',
  'Alpenglow',
  'Brightpath',
  'Cobalt',
  'Driftwood',
  'Evergreen',
  'Fernhill',
  'Granite',
  'Harbor',
  'Ironleaf',
  'Juniper',
  'Kestrel',
  'Lumen',
  'Meridian',
  'Northstar',
  'Oakridge',
  'Pinecrest',
  'Quarry',
  'Redwood',
  'Silverline',
  'Tidewater',
  'Umber',
  'Vantage',
  'Willow',
  'Zephyr',
]

/** The second word of a company name says what it does. */
const NAME_ENDS: [ending: string, industry: string][] = [
  ['Labs', 'Software'],
  ['Software', 'Software'],
  ['Logistics', 'Logistics'],
  ['Freight', 'Logistics'],
  ['Health', 'Healthcare'],
  ['Clinics', 'Healthcare'],
  ['Foods', 'Retail'],
  ['Outfitters', 'E-commerce'],
  ['Shop', 'E-commerce'],
  ['Media', 'Media'],
  ['Studios', 'Media'],
  ['Bank', 'Financial services'],
  ['Capital', 'Financial services'],
  ['Learning', 'Education'],
  ['Academy', 'Education'],
  ['Travel', 'Travel'],
  ['Works', 'Manufacturing'],
]

const REGION_MIX: Record<Region, number> = { EMEA: 52, 'North America': 30, APAC: 10, LATAM: 8 }

const OWNERS: Record<Region, string[]> = {
  EMEA: ['lena.hoffmann@acme-analytics.example', 'jonas.weber@acme-analytics.example'],
  'North America': ['rachel.kim@acme-analytics.example', 'marcus.bell@acme-analytics.example'],
  APAC: ['yuki.tanaka@acme-analytics.example'],
  LATAM: ['camila.rocha@acme-analytics.example'],
}

const LOCALES_BY_REGION: Record<Region, Partial<Record<DemoLocale, number>>> = {
  EMEA: { en: 45, de: 38, fr: 10, es: 7 },
  'North America': { en: 90, es: 10 },
  APAC: { en: 55, ja: 45 },
  LATAM: { es: 55, 'pt-BR': 45 },
}

const ROLE_MIX = {
  analyst: 30,
  marketer: 18,
  'product manager': 18,
  engineer: 12,
  admin: 10,
  executive: 7,
  'support agent': 5,
}

const ROLE_ACTIVITY: Record<keyof typeof ROLE_MIX, number> = {
  analyst: 1.4,
  marketer: 1,
  'product manager': 1,
  engineer: 0.8,
  admin: 0.9,
  executive: 0.5,
  'support agent': 0.7,
}

/** The last day anyone signs up: they have a day or two to use the product before the demo ends. */
const LAST_SIGNUP_DAY = 360

/** Accounts with their people: who signed up when, on which plan, speaking which language. */
export function makeCompany(
  random: Random,
  timeline: Timeline,
  accountCount: number,
): { accounts: DemoAccount[]; persons: DemoPerson[] } {
  const names = random.shuffle(NAME_STARTS.flatMap((start) => NAME_ENDS.map((end) => [start, end] as const)))
  if (accountCount > names.length) throw new RangeError(`at most ${names.length} demo accounts`)
  const accounts: DemoAccount[] = []
  const persons: DemoPerson[] = []
  for (let n = 0; n < accountCount; n++) {
    const [start, [ending, industry]] = names[n] as (typeof names)[number]
    const plan = random.weighted(PLAN_MIX)
    const shape = PLAN_SHAPE[plan]
    const seats = random.int(...shape.seats)
    const region = random.weighted(REGION_MIX)
    // A little over half the customers were there before the demo year; the rest joined during it.
    const signupDay = random.chance(0.55) ? random.int(-900, -1) : random.int(0, LAST_SIGNUP_DAY - 30)
    const account: DemoAccount = {
      id: `acct_${String(n + 1).padStart(4, '0')}`,
      plan,
      signupDay,
      traits: {
        name: `${start} ${ending}`,
        plan,
        mrr: seats * shape.seatPrice,
        seats,
        industry,
        region,
        owner: random.pick(OWNERS[region]),
        customerSince: timeline.date(signupDay),
      },
    }
    accounts.push(account)
    const users = Math.min(seats, random.int(...shape.users))
    for (let u = 0; u < users; u++) {
      // The first person signs the account up; colleagues follow over the months after.
      const latest = Math.min(signupDay + 240, LAST_SIGNUP_DAY)
      const personDay = u === 0 ? signupDay : random.int(signupDay, latest)
      const role = u === 0 ? 'admin' : random.weighted(ROLE_MIX)
      const locale = random.weighted(LOCALES_BY_REGION[region])
      const number = persons.length + 1
      persons.push({
        id: `usr_${1000 + number}`,
        anonymousId: `anon_demo_${String(number).padStart(5, '0')}`,
        account,
        locale,
        signupDay: personDay,
        signupAt: timeline.instant(personDay, timeline.workingTime(random)),
        activity: Math.exp(random.normal(0, 0.6)) * PLAN_ACTIVITY[plan] * ROLE_ACTIVITY[role],
        traits: { role, signupDate: timeline.date(personDay), locale },
      })
    }
  }
  return { accounts, persons }
}
