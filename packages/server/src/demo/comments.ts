import type { Bucket } from '@heed/shared/scores/buckets'
import type { DemoLocale } from './company'
import type { Random } from './random'

export const THEMES = [
  'pricing',
  'performance',
  'reliability',
  'usability',
  'missing features',
  'support',
  'onboarding',
  'integrations',
  'docs',
  'security',
] as const
export type Theme = (typeof THEMES)[number]

type Texts = Partial<Record<DemoLocale, readonly string[]>>

/**
 * What customers of the demo product write, by theme and by how they scored. English has several texts per
 * theme and bucket; the other languages fewer, as in real feedback, where many people write in English.
 */
export const COMMENTS: Record<Theme, Record<Bucket, Texts>> = {
  pricing: {
    detractor: {
      en: [
        'The new pricing doubled our bill overnight. Hard to justify to finance for what we use.',
        'Too expensive for a small team. The jump from Starter to Pro is huge.',
        'Per-seat pricing punishes us for inviting colleagues. We removed viewers to stay in budget.',
      ],
      de: [
        'Die neuen Preise sind für unser kleines Team viel zu teuer geworden.',
        'Seit der Preiserhöhung zahlen wir fast das Doppelte, und besser geworden ist nichts.',
      ],
      fr: ['Le nouveau tarif est beaucoup trop cher pour une petite équipe.'],
      es: ['El precio subió demasiado con el nuevo plan, ya no nos compensa.'],
      'pt-BR': ['O preço ficou caro demais depois da mudança de planos.'],
      ja: ['新しい料金体系は小規模なチームには高すぎます。'],
    },
    passive: {
      en: [
        'Good product, but the price gets steep as we add seats.',
        'Fair value overall, though I wish there were a plan between Starter and Pro.',
        'Works well. The price is the main reason I would hesitate to recommend it.',
      ],
      de: ['Gutes Tool, aber der Preis pro Nutzer ist ziemlich hoch.'],
    },
    promoter: {
      en: [
        'Worth every cent: it replaced two tools we were paying for.',
        'Great value for money compared to the big analytics suites.',
        'Pricing is transparent, and the free plan let us try everything first.',
      ],
      de: ['Sehr gutes Preis-Leistungs-Verhältnis, wir haben zwei andere Tools damit ersetzt.'],
      fr: ['Excellent rapport qualité-prix.'],
      es: ['Muy buena relación calidad-precio.'],
      ja: ['価格に見合う価値があります。'],
    },
  },
  performance: {
    detractor: {
      en: [
        'Dashboards take forever to load once they have more than a few charts.',
        'Reports time out on anything longer than 90 days of data. Very slow.',
        'The app is sluggish every Monday morning when everyone opens their reports.',
      ],
      de: ['Die Dashboards laden extrem langsam, sobald mehr als fünf Diagramme drauf sind.'],
      fr: ['Les tableaux de bord sont très lents à charger.'],
      es: ['Los informes tardan muchísimo en cargar.'],
      'pt-BR': ['Os relatórios demoram muito para carregar.'],
      ja: ['ダッシュボードの読み込みがとても遅いです。'],
    },
    passive: {
      en: [
        'Mostly fine, but big reports are still slow to load.',
        'Does the job. I would love faster filters on large datasets.',
        'Performance got better lately, but exports are still slow.',
      ],
      de: ['Funktioniert, aber große Berichte brauchen zu lange.'],
    },
    promoter: {
      en: [
        'Fast, even with millions of events. Queries come back in seconds.',
        'Love how quickly the dashboards load now.',
        'Snappy interface, and the new query engine is noticeably faster.',
      ],
      de: ['Schnell und zuverlässig, auch bei großen Datenmengen.'],
      es: ['Rápido incluso con muchos datos.'],
      ja: ['大量のデータでも動作が速いです。'],
    },
  },
  reliability: {
    detractor: {
      en: [
        'We had two outages during our board reporting week. Not acceptable.',
        'Data was missing for a whole day and nobody told us.',
        'Scheduled reports fail silently every few weeks.',
      ],
      de: ['Schon wieder ein Ausfall mitten im Monatsabschluss. So können wir nicht arbeiten.'],
      fr: ['Plusieurs pannes ce mois-ci, et des données manquantes.'],
      ja: ['障害が多く、データが欠けていることがあります。'],
    },
    passive: {
      en: [
        'Generally reliable, but the occasional sync error makes me double-check numbers.',
        'A couple of hiccups this quarter; otherwise solid.',
        'Mostly stable. The status page could be more honest during incidents.',
      ],
      de: ['Meistens stabil, aber ab und zu fehlen Daten.'],
      es: ['Bastante estable, aunque a veces faltan datos.'],
    },
    promoter: {
      en: [
        "Rock solid. I can't remember the last time it was down.",
        'The numbers are always there when I need them.',
        'Reliable data we trust enough to show the board.',
      ],
      de: ['Läuft absolut stabil, keine Ausfälle seit Monaten.'],
    },
  },
  usability: {
    detractor: {
      en: [
        'Too many clicks to build a simple report. The editor is confusing.',
        'The new navigation hides everything I use daily.',
        'Filters behave differently on every page. Frustrating.',
      ],
      de: ['Die Bedienung ist umständlich, für einen einfachen Bericht braucht man zu viele Klicks.'],
    },
    passive: {
      en: [
        'Powerful, but the learning curve is steep for people who are not analysts.',
        'Nice once you know where things are. The menus could be simpler.',
        'Good, although the chart editor feels clunky.',
      ],
      de: ['Gut, aber für Einsteiger nicht besonders intuitiv.'],
    },
    promoter: {
      en: [
        'So easy to use: my whole marketing team builds their own dashboards now.',
        'Clean, intuitive interface. Nobody needed training.',
        'The drag-and-drop report builder is a joy to use.',
      ],
      de: ['Sehr übersichtlich und einfach zu bedienen.'],
      fr: ["Très intuitif, toute l'équipe l'utilise sans formation."],
      es: ['Muy fácil de usar, todo el equipo lo adoptó rápido.'],
      'pt-BR': ['Muito fácil de usar, a interface é bem intuitiva.'],
      ja: ['とても使いやすく、直感的です。'],
    },
  },
  'missing features': {
    detractor: {
      en: [
        'Still no way to send a scheduled report to Slack. We moved that workflow elsewhere.',
        'We need row-level permissions before we can roll it out company-wide.',
        'No cohort comparison, no custom SQL: we keep exporting to spreadsheets.',
      ],
      de: ['Uns fehlen Berechtigungen auf Zeilenebene, so können wir es nicht breit einführen.'],
    },
    passive: {
      en: [
        "Please add scheduled PDF exports and I'd be a promoter.",
        'Missing a proper API for pulling results into our warehouse.',
        'Would love annotations on charts for releases and campaigns.',
      ],
      de: ['Geplante Exporte als PDF wären super, dann wäre es perfekt.'],
      fr: ["Il manque l'export automatique des rapports en PDF."],
      es: ['Falta poder programar informes y enviarlos por correo.'],
      'pt-BR': ['Falta uma API para exportar os dados para o nosso data warehouse.'],
      ja: ['レポートの定期配信機能が欲しいです。'],
    },
    promoter: {
      en: [
        'The new funnel and retention reports were exactly what we were missing.',
        'Every release adds something we asked for. Love the roadmap.',
        'Alerts on metric changes saved us more than once.',
      ],
      de: ['Die neuen Trichter-Berichte sind genau das, was uns gefehlt hat.'],
    },
  },
  support: {
    detractor: {
      en: [
        'Waited four days for an answer to a billing question.',
        'Support closed my ticket without actually fixing the problem.',
        'Chat support just sends links to the docs.',
      ],
      de: ['Der Support hat drei Tage lang nicht geantwortet.'],
      fr: ['Le support a mis une semaine à répondre.'],
      es: ['El soporte tardó días en responder.'],
      'pt-BR': ['O suporte demorou dias para responder.'],
      ja: ['サポートからの返信が遅すぎます。'],
    },
    passive: {
      en: [
        'Support is friendly but slow to get back to us.',
        'They solved it eventually, after a few rounds of back-and-forth.',
        'Helpful answer, though it took a day longer than I hoped.',
      ],
      de: ['Freundlicher Support, aber die Antwort hat gedauert.'],
    },
    promoter: {
      en: [
        'Support answered within the hour and fixed it the same day. Amazing.',
        'Our customer success manager is fantastic: proactive, and knows our setup.',
        "Best support team I've dealt with in any SaaS product.",
      ],
      de: ['Super schneller und kompetenter Support, das Problem war am selben Tag gelöst.'],
      fr: ['Support très réactif et compétent.'],
      es: ['El soporte respondió en minutos y resolvió el problema.'],
      'pt-BR': ['O suporte foi rápido e muito atencioso.'],
      ja: ['サポートの対応がとても早くて丁寧でした。'],
    },
  },
  onboarding: {
    detractor: {
      en: [
        'Setting up tracking took our developers two weeks. The setup guide skips important steps.',
        "Onboarding was confusing; I didn't know which events to send first.",
        'The setup wizard broke halfway through and I had to start over.',
      ],
      de: ['Die Einrichtung war kompliziert und die Anleitung unvollständig.'],
      fr: ['La mise en place a été compliquée et longue.'],
      'pt-BR': ['A configuração inicial foi confusa.'],
    },
    passive: {
      en: [
        'Getting started was okay, but connecting our data source took a while.',
        'Setup was fine once I found the right guide.',
        'The onboarding checklist helps, but some steps are unclear.',
      ],
      de: ['Der Einstieg war okay, aber die Datenanbindung hat gedauert.'],
    },
    promoter: {
      en: [
        'We were up and running in an afternoon. The setup wizard is great.',
        'The onboarding call plus the checklist made setup painless.',
        "Copy the snippet, done. Easiest setup I've seen.",
      ],
      de: ['In einer Stunde eingerichtet, die Einrichtung war kinderleicht.'],
      es: ['La configuración fue rapidísima.'],
      ja: ['導入がとても簡単でした。'],
    },
  },
  integrations: {
    detractor: {
      en: [
        'The Salesforce sync keeps breaking and duplicates our accounts.',
        'No native HubSpot integration is a deal breaker for our marketing team.',
        'The BigQuery export drops rows when the schema changes.',
      ],
      de: ['Die Salesforce-Integration bricht ständig ab.'],
      ja: ['Salesforce連携が頻繁に止まります。'],
    },
    passive: {
      en: [
        "Integrations cover the basics; we'd like Snowflake support.",
        'The Slack integration is nice, but its notifications are too noisy.',
        'Works with our stack, though the Zapier app is limited.',
      ],
      de: ['Die Integrationen reichen, aber Snowflake fehlt uns.'],
      es: ['Faltan integraciones con herramientas locales.'],
    },
    promoter: {
      en: [
        'The Slack and Salesforce integrations tie everything together for us.',
        'Connecting our warehouse took five minutes.',
        'Great integrations: data flows into our CRM automatically.',
      ],
      de: ['Die Slack-Integration ist für unser Team Gold wert.'],
      'pt-BR': ['A integração com o Slack funciona muito bem.'],
    },
  },
  docs: {
    detractor: {
      en: [
        'The API docs are outdated; half the examples no longer work.',
        'Documentation is thin on anything beyond the basics.',
        "Couldn't find how to set up SSO anywhere in the docs.",
      ],
      de: ['Die Dokumentation ist veraltet und die Beispiele funktionieren nicht.'],
    },
    passive: {
      en: [
        'The docs are okay but need more real-world examples.',
        'The help center covers most things; its search could be better.',
        'Good reference docs, but no tutorials for advanced reports.',
      ],
      de: ['Die Doku ist okay, aber es fehlen Praxisbeispiele.'],
      fr: ["La documentation manque d'exemples concrets."],
      ja: ['ドキュメントに具体例がもっと欲しいです。'],
    },
    promoter: {
      en: [
        'Excellent documentation, with clear examples for every endpoint.',
        'The guides and videos made it easy to train our team.',
        'The docs are great; I rarely need to contact support.',
      ],
      de: ['Hervorragende Dokumentation mit klaren Beispielen.'],
    },
  },
  security: {
    detractor: {
      en: [
        "SSO only on Enterprise? That's a security basic, not a premium feature.",
        'Our security review stalled: there is no audit log export.',
        'We need data residency in the EU guaranteed in the contract.',
      ],
      de: ['Ohne Datenhaltung in der EU können wir das Tool nicht weiter nutzen.'],
    },
    passive: {
      en: [
        'Security features are fine, but 2FA should be enforceable for the whole team.',
        'Passed our security review, with a few questions about data retention.',
        'Would like more granular roles for admin access.',
      ],
      de: ['Sicherheit ist okay, aber wir brauchen eine erzwungene Zwei-Faktor-Anmeldung.'],
    },
    promoter: {
      en: [
        'The SOC 2 report and EU hosting made our security review painless.',
        'SSO and audit logs work exactly as our IT team needs.',
        'Security and privacy are clearly taken seriously. GDPR compliance was easy.',
      ],
      de: ['Hosting in der EU und DSGVO-Konformität waren für uns entscheidend.'],
      fr: ["L'hébergement en Europe et la conformité RGPD nous ont convaincus."],
    },
  },
}

/** Share of people who write in their own language when there is a text in it; the rest write English. */
const OWN_LANGUAGE = 0.85

/**
 * A comment about one or two themes, in the person's language when the first theme has a text in it.
 * A second theme with no text in that language is left out, so a comment never mixes languages.
 */
export function writeComment(
  random: Random,
  locale: DemoLocale,
  bucket: Bucket,
  themes: readonly Theme[],
): { text: string; themes: Theme[] } {
  const [first] = themes
  if (first === undefined) throw new RangeError('a comment needs a theme')
  const language = COMMENTS[first][bucket][locale] && random.chance(OWN_LANGUAGE) ? locale : 'en'
  const written: Theme[] = []
  const sentences: string[] = []
  for (const theme of themes) {
    const texts = COMMENTS[theme][bucket][language]
    if (!texts) continue
    written.push(theme)
    sentences.push(random.pick(texts))
  }
  return { text: sentences.join(language === 'ja' ? '' : ' '), themes: written }
}
