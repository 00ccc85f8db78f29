import { describe, expect, it } from 'vitest'
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth'

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`

describe('nestsDeeperThan', () => {
  it('allows nesting up to the limit and refuses one level more', () => {
    expect(nestsDeeperThan(nested(MAX_JSON_DEPTH))).toBe(false)
    expect(nestsDeeperThan(nested(MAX_JSON_DEPTH + 1))).toBe(true)
    expect(nestsDeeperThan(`{"a":${'{"b":'.repeat(MAX_JSON_DEPTH)}1${'}'.repeat(MAX_JSON_DEPTH + 1)}`)).toBe(
      true,
    )
  })

  it('does not count brackets inside strings, escaped quotes included', () => {
    const text = JSON.stringify({ text: `"${'['.repeat(MAX_JSON_DEPTH * 2)}\\"{{{{` })
    expect(nestsDeeperThan(text)).toBe(false)
  })

  it('counts depth, not the number of containers', () => {
    const wide = JSON.stringify(Array.from({ length: 1_000 }, () => ({ a: [1, { b: 2 }] })))
    expect(nestsDeeperThan(wide)).toBe(false)
  })

  it('scans a body nested a million levels without running out of stack', () => {
    expect(nestsDeeperThan(nested(1_000_000))).toBe(true)
  })
})
