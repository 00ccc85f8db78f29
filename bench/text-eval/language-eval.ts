// Compares language detectors on short feedback comments: Heed's own (packages/shared/src/text/language.ts)
// and three kept-up packages, franc-min, tinyld and eld. What matters to the tagger is one decision, "is this
// English (or too short to tell), so the English taggers may read it?", then naming the other languages.
// Data: every comment of the three labelled sets plus language-short.jsonl (short comments, English ones
// with accented names and words, and short ones in other languages).
// Run: node --import tsx/esm text-eval/language-eval.ts   (from bench/)
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { detectLanguage } from '@heed/shared/text/language'
import { eld } from 'eld/small'
import { franc } from 'franc-min'
import { detect as tinyld } from 'tinyld'
import { machine, table, writeResults } from '../support/report'
import { loadComments, loadScoredComments } from './dataset'

interface Sample {
  id: string
  text: string
  language: string
  short: boolean
}

const shortCases = readFileSync(new URL('language-short.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => ({ ...(JSON.parse(line) as { id: string; text: string; language: string }), short: true }))
const samples: Sample[] = [
  ...loadComments().map((c) => ({ id: c.id, text: c.text, language: c.language, short: false })),
  ...loadScoredComments('unseen.jsonl').map((c) => ({
    id: c.id,
    text: c.text,
    language: 'en',
    short: false,
  })),
  ...loadScoredComments('tuning-scored.jsonl').map((c) => ({
    id: c.id,
    text: c.text,
    language: 'en',
    short: false,
  })),
  ...shortCases,
]

/** franc names languages in ISO 639-3; the ones the sets use, in ISO 639-1. */
const ISO_639_1: ReadonlyMap<string, string> = new Map([
  ['eng', 'en'],
  ['deu', 'de'],
  ['fra', 'fr'],
  ['spa', 'es'],
  ['por', 'pt'],
  ['ita', 'it'],
  ['nld', 'nl'],
  ['jpn', 'ja'],
  ['cmn', 'zh'],
  ['rus', 'ru'],
  ['kor', 'ko'],
])

/** Each detector's answer as an ISO 639-1 code, or 'und' when it names none. */
const DETECTORS: { name: string; pkg: string | null; detect: (text: string) => string }[] = [
  { name: 'Heed language.ts', pkg: null, detect: (text) => detectLanguage(text).code },
  {
    name: 'franc-min 6.2.0',
    pkg: 'franc-min',
    detect: (text) => {
      const code = franc(text, { minLength: 3 })
      return code === 'und' ? 'und' : (ISO_639_1.get(code) ?? code)
    },
  },
  { name: 'tinyld 1.3.4', pkg: 'tinyld', detect: (text) => tinyld(text) || 'und' },
  { name: 'eld 2.1.0 (small)', pkg: 'eld', detect: (text) => eld.detect(text).language || 'und' },
]

/** Installed size of a package's own folder (its data files included), in kB. */
function installedKb(pkg: string): number {
  const folder = fileURLToPath(new URL(`../node_modules/${pkg}`, import.meta.url))
  return Number(execFileSync('du', ['-skL', folder], { encoding: 'utf8' }).split('\t')[0])
}

const readable = (code: string) => code === 'en' || code === 'und'
const percent = (part: number, whole: number) => `${part}/${whole} (${((part / whole) * 100).toFixed(1)}%)`

const rows = DETECTORS.map((detector) => {
  const results = samples.map((sample) => ({ sample, code: detector.detect(sample.text) }))
  const english = results.filter((r) => r.sample.language === 'en')
  const foreign = results.filter((r) => r.sample.language !== 'en')
  const shortEnglish = english.filter((r) => r.sample.short)
  const englishRead = english.filter((r) => readable(r.code)).length
  const foreignRefused = foreign.filter((r) => !readable(r.code)).length
  const foreignNamed = foreign.filter((r) => r.code === r.sample.language).length
  const shortEnglishRead = shortEnglish.filter((r) => readable(r.code)).length
  // Speed: every sample, ten times over, after one warm-up pass.
  for (const sample of samples) detector.detect(sample.text)
  const started = process.hrtime.bigint()
  for (let round = 0; round < 10; round++) for (const sample of samples) detector.detect(sample.text)
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  return {
    name: detector.name,
    englishRead,
    english: english.length,
    shortEnglishRead,
    shortEnglish: shortEnglish.length,
    foreignRefused,
    foreignNamed,
    foreign: foreign.length,
    errors: english.length - englishRead + foreign.length - foreignRefused,
    perSecond: Math.round((samples.length * 10) / seconds),
    installedKb: detector.pkg ? installedKb(detector.pkg) : 0,
    mistakes: results
      .filter((r) => readable(r.code) !== (r.sample.language === 'en'))
      .map((r) => ({ id: r.sample.id, text: r.sample.text, expected: r.sample.language, got: r.code })),
  }
})

console.log(
  `${samples.length} comments: ${rows[0]?.english} English (${rows[0]?.shortEnglish} short ones), ` +
    `${rows[0]?.foreign} in other languages\n`,
)
console.log(
  table(
    [
      'detector',
      'English read',
      'short English read',
      'others refused',
      'others named',
      'errors',
      'per s',
      'kB',
    ],
    rows.map((r) => [
      r.name,
      percent(r.englishRead, r.english),
      percent(r.shortEnglishRead, r.shortEnglish),
      percent(r.foreignRefused, r.foreign),
      percent(r.foreignNamed, r.foreign),
      r.errors,
      r.perSecond,
      r.installedKb || 'in shared',
    ]),
  ),
)
for (const row of rows) {
  console.log(`\n${row.name}: ${row.mistakes.length} decisions wrong`)
  for (const m of row.mistakes.slice(0, 12)) console.log(`  ${m.id} ${m.expected} -> ${m.got}: ${m.text}`)
}
// The first 20 mistakes of each detector are enough to see their kind; franc-min alone makes 254.
const file = writeResults('language-eval', {
  machine: machine(),
  samples: samples.length,
  detectors: rows.map((row) => ({ ...row, mistakes: row.mistakes.slice(0, 20) })),
})
console.log(`\nresults: ${file}`)
