import { describe, expect, it } from 'vitest'
import { allowListEntries, allowListOf } from './allow-list'

const listOf = (entries: string[]) => {
  const result = allowListOf(entries)
  if ('problem' in result) throw new Error(result.problem)
  return result.list
}

describe('allowListOf', () => {
  it('matches listed host names exactly, in any case and with a trailing dot', () => {
    const list = listOf(['hooks.internal', 'Receiver.Corp.Example.'])
    expect(list.allowsHost('hooks.internal')).toBe(true)
    expect(list.allowsHost('HOOKS.internal.')).toBe(true)
    expect(list.allowsHost('receiver.corp.example')).toBe(true)
    expect(list.allowsHost('evil.hooks.internal')).toBe(false)
    expect(list.allowsHost('hooks.internal.evil.io')).toBe(false)
    expect(list.allowsAddress('10.0.0.1')).toBe(false)
  })

  it('matches addresses and CIDR ranges of both families, IPv4 ones also in their IPv6-mapped form', () => {
    const list = listOf(['10.20.0.0/16', '127.0.0.1', 'fd12::/16', '[::1]'])
    expect(list.allowsAddress('10.20.255.1')).toBe(true)
    expect(list.allowsAddress('10.21.0.1')).toBe(false)
    expect(list.allowsAddress('::ffff:10.20.0.9')).toBe(true)
    expect(list.allowsAddress('127.0.0.1')).toBe(true)
    expect(list.allowsAddress('127.0.0.2')).toBe(false)
    expect(list.allowsAddress('fd12:abcd::1')).toBe(true)
    expect(list.allowsAddress('fd13::1')).toBe(false)
    expect(list.allowsAddress('::1')).toBe(true)
    expect(list.allowsAddress('hooks.internal')).toBe(false)
    expect(list.allowsHost('127.0.0.1')).toBe(false)
  })

  it('refuses entries that are neither a host name, an address nor a range', () => {
    for (const entry of [
      '10.0.0.0/33',
      'fd00::/129',
      '10.0.0.0/x',
      '10.0.0.0/8/8',
      'hooks.internal/8',
      'a b',
      'http://x',
      '*.internal',
      '-bad.host',
    ]) {
      const result = allowListOf([entry])
      expect('problem' in result, entry).toBe(true)
    }
  })

  it('splits a setting at commas and spaces', () => {
    expect(allowListEntries(' hooks.internal, 10.0.0.0/8  ::1,,')).toEqual([
      'hooks.internal',
      '10.0.0.0/8',
      '::1',
    ])
  })
})
