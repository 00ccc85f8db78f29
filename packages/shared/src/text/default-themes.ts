import type { Theme } from './themes'

/** Words separated by spaces, and phrases separated by commas: lists a person can read and edit. */
const words = (text: string) => text.split(' ')
const list = (text: string) => text.split(',').map((phrase) => phrase.trim())

const theme = (
  key: string,
  label: string,
  entries: { keywords: string[]; phrases?: string[]; excludes?: string[] },
): Theme => ({ key, label, phrases: [], excludes: [], ...entries, custom: false })

/**
 * The themes every project starts with. Keywords match with their inflections ("crash" finds "crashed");
 * excludes guard precision where a keyword means something else ("do you support SAML?" is not about the
 * support team, "API docs" are documentation). Precision comes first: a theme on the wrong comment sends a
 * customer-success team the wrong way, a missed one is only a comment left for a person to read.
 */
export const DEFAULT_THEMES: readonly Theme[] = [
  theme('pricing', 'Pricing', {
    keywords: words(
      'price pricing pricey expensive overpriced cheap cheaper cost costly billing billed invoice ' +
        'refund discount fee afford affordable subscription renewal charged quote penny payment',
    ),
    phrases: list(
      'per seat, per user, free plan, paid plan, annual billing, value for money, worth the money, ' +
        'pay more, price jump',
    ),
    excludes: list('in charge, cost me'),
  }),
  theme('performance', 'Performance', {
    keywords: words(
      'slow slower slowly slowness fast faster speed speedy lag laggy sluggish snappy latency ' +
        'performance load loading hang unresponsive memory instantly timeout spinner',
    ),
    phrases: list('time out, takes forever, take ages, took ages'),
    excludes: list(
      'never load, not load, fast response, fast reply, fast answer, slow response, slow reply, ' +
        'slow to respond, slow to answer, slow to reply, fast support, slow support',
    ),
  }),
  theme('reliability', 'Reliability and bugs', {
    keywords: words(
      'bug buggy crash broken breaks error outage downtime uptime stable unstable stability ' +
        'reliable reliably unreliable reliability glitch glitchy freeze frozen fail failure lost lose ' +
        'corrupt corrupted blank duplicate unresponsive',
    ),
    phrases: list(
      'stop working, stop send, stop count, stop sync, does not work, not working, never work, ' +
        'not work, not save, never sync, not sync, not match, logs me out, log me out, logged out, ' +
        'not even open, not open, data loss',
    ),
    excludes: list('lost without, lose track'),
  }),
  theme('usability', 'Usability', {
    keywords: words(
      'intuitive unintuitive confusing confused cluttered clunky complicated usable unusable ' +
        'usability ui ux interface navigation navigate layout design redesign menu click shortcut ' +
        'font zoom undo button accessible accessibility',
    ),
    phrases: list(
      'easy to use, hard to use, easy to navigate, user friendly, hard to find, easy to learn, ' +
        'hard to learn, learning curve, getting used to, drag and drop',
    ),
    excludes: list('well design'),
  }),
  theme('missing-feature', 'Missing feature', {
    keywords: words('missing lack lacks lacking roadmap wish'),
    phrases: list(
      'would be nice, would be useful, would be great, would help, would love, please add, ' +
        'could you add, can you add, you add, add a, add an, add more, add support, can we get, ' +
        'can we have, any plan, is there a way, no way to, no option, still no, does not have, ' +
        'do not offer, does not offer, not available, feature request, can not export, please support, ' +
        'asked for, ask for',
    ),
    excludes: list('missing item, missing data, missing record, add in, nothing to add'),
  }),
  theme('support', 'Support', {
    keywords: words('support csm agent chatbot chat helpdesk'),
    phrases: list(
      'customer service, customer success, help desk, account manager, success manager, ' +
        'got back to me, response time',
    ),
    excludes: list(
      'you support, please support, support for, to support, it support, we support, ' +
        'support multiple, support sso, support saml',
    ),
  }),
  theme('onboarding', 'Onboarding', {
    keywords: words('onboarding onboard setup migrate migration checklist walkthrough'),
    phrases: list(
      'set up, set thing up, getting started, get started, new hire, new team member, new user, ' +
        'first day, day one, where to start',
    ),
  }),
  theme('integrations', 'Integrations', {
    keywords: words(
      'integration integrate integrated slack zapier salesforce hubspot jira github gitlab outlook ' +
        'notion webhook api plugin zendesk intercom segment',
    ),
    phrases: list(
      'google calendar, google drive, google workspace, google sheet, microsoft teams, add in, ' +
        'connect to, connects to, work with google',
    ),
    excludes: list('api doc, api documentation, api reference, api rate limit'),
  }),
  theme('documentation', 'Documentation', {
    keywords: words(
      'doc docs documentation documented article guide tutorial example changelog video readme',
    ),
    phrases: list('help center, help article, knowledge base, api reference, release note'),
  }),
  theme('security-privacy', 'Security and privacy', {
    keywords: words(
      'security secure securely insecure privacy private gdpr hipaa soc2 sso saml 2fa mfa ' +
        'permission encryption encrypted compliance compliant dpa role',
    ),
    phrases: list(
      'soc 2, two factor, audit log, data processing agreement, data is stored, data stored, ' +
        'data hosted, access to my, read only',
    ),
  }),
]
