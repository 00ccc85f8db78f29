import { describe, expect, it } from 'vitest'
import { type AddressClass, addressClass, reachedAddress } from './address-class'

/** The class of a URL's host, the way the route and the dispatcher see it: after the URL parser. */
const classOfUrlHost = (url: string) => addressClass(new URL(url).hostname.replace(/^\[(.*)\]$/, '$1'))

describe('addressClass', () => {
  const cases: Record<AddressClass, string[]> = {
    public: [
      '1.1.1.1',
      '8.8.8.8',
      '93.184.215.14',
      '100.63.255.255',
      '100.128.0.0',
      '126.255.255.255',
      '128.0.0.0',
      '169.253.255.255',
      '169.255.0.1',
      '172.15.255.255',
      '172.32.0.0',
      '192.167.255.255',
      '192.169.0.0',
      '223.255.255.255',
      '2606:4700:4700::1111',
      '2a00:1450:4001:80b::200e',
      // A 6to4 address of a public IPv4 address, and the NAT64 form of one.
      '2002:0808:0808::1',
      '64:ff9b::808:808',
    ],
    loopback: [
      '127.0.0.1',
      '127.0.0.0',
      '127.255.255.255',
      '127.1.2.3',
      '::1',
      '0:0:0:0:0:0:0:1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '0:0:0:0:0:ffff:7f00:0001',
      '::127.0.0.2',
      '64:ff9b::7f00:1',
      '2002:7f00:1::',
    ],
    private: [
      '10.0.0.0',
      '10.255.255.255',
      '172.16.0.0',
      '172.31.255.255',
      '192.168.0.0',
      '192.168.255.255',
      '::ffff:10.1.2.3',
      '::ffff:c0a8:101',
      '2002:c0a8:0101::1',
      'fec0::1',
    ],
    shared: ['100.64.0.0', '100.127.255.255', '::ffff:100.64.0.1'],
    'link-local': [
      '169.254.0.0',
      '169.254.255.255',
      '169.254.10.1',
      'fe80::1',
      'fe80::1%eth0',
      'febf:ffff::1',
      '::ffff:169.254.1.1',
    ],
    metadata: [
      '169.254.169.254',
      '169.254.170.2',
      '100.100.100.200',
      'fd00:ec2::254',
      '::ffff:169.254.169.254',
      '::ffff:a9fe:a9fe',
      '64:ff9b::a9fe:a9fe',
      '2002:a9fe:a9fe::',
    ],
    'unique-local': ['fc00::', 'fc00::1', 'fd12:3456:789a::1', 'fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
    multicast: ['224.0.0.1', '239.255.255.255', 'ff02::1', 'ff0e::1', '::ffff:224.0.0.251'],
    unspecified: ['0.0.0.0', '0.255.255.255', '0.1.2.3', '::', '0:0:0:0:0:0:0:0', '::ffff:0.0.0.0'],
    broadcast: ['255.255.255.255', '::ffff:255.255.255.255'],
    reserved: [
      '192.0.0.1',
      '192.0.2.1',
      '192.88.99.1',
      '198.18.0.1',
      '198.19.255.255',
      '198.51.100.7',
      '203.0.113.9',
      '240.0.0.1',
      '255.255.255.254',
      '2001:db8::1',
      '2001::1',
      '3fff::1',
      '100::1',
      '64:ff9b:1::1',
      // Outside 2000::/3, the only IPv6 space handed out as global unicast.
      '4000::1',
      '1::1',
    ],
  }

  for (const [expected, addresses] of Object.entries(cases)) {
    it(`classes ${expected} addresses`, () => {
      for (const address of addresses) expect(addressClass(address), address).toBe(expected)
    })
  }

  it('is undefined for anything but an IP address: host names and odd numeric forms are the URL parser’s', () => {
    for (const text of [
      'localhost',
      'example.com',
      '127.1',
      '2130706433',
      '0x7f000001',
      '0177.0.0.1',
      '',
      '1.2.3.4.5',
    ]) {
      expect(addressClass(text), text).toBeUndefined()
    }
  })

  it('classes every odd way of writing an address in a URL by what it reaches', () => {
    const loopback = [
      'http://127.1',
      'http://127.0.1',
      'http://2130706433',
      'http://0x7f000001',
      'http://0x7F.0x0.0x0.0x1',
      'http://0x7f.1',
      'http://0177.0.0.1',
      'http://017700000001',
      'http://0177.1',
      'http://127.0.0.1.',
      'http://%31%32%37.0.0.1',
      'http://１２７.0.0.1',
      'http://[::1]',
      'http://[0:0::1]',
      'http://[::ffff:127.0.0.1]',
      'http://[::ffff:7f00:1]',
      'http://[0000:0000:0000:0000:0000:ffff:127.0.0.1]',
    ]
    for (const url of loopback) expect(classOfUrlHost(url), url).toBe('loopback')
    expect(classOfUrlHost('http://0')).toBe('unspecified')
    expect(classOfUrlHost('http://0x0')).toBe('unspecified')
    expect(classOfUrlHost('http://2852039166')).toBe('metadata')
    expect(classOfUrlHost('http://0xa9fea9fe')).toBe('metadata')
    expect(classOfUrlHost('http://0251.0376.0251.0376')).toBe('metadata')
    expect(classOfUrlHost('http://169.254.43518')).toBe('metadata')
    expect(classOfUrlHost('http://012.1')).toBe('private')
    expect(classOfUrlHost('http://167772161')).toBe('private')
    expect(classOfUrlHost('http://3232235777')).toBe('private')
    expect(classOfUrlHost('http://4294967295')).toBe('broadcast')
    expect(classOfUrlHost('http://[fe80::1]')).toBe('link-local')
    expect(classOfUrlHost('http://hooks.example.com')).toBeUndefined()
  })
})

describe('reachedAddress', () => {
  it('gives the IPv4 address an IPv6 form carries, so an allowlist compares one form', () => {
    expect(reachedAddress('::ffff:10.0.0.1')).toEqual({ address: '10.0.0.1', family: 'ipv4' })
    expect(reachedAddress('::ffff:a00:1')).toEqual({ address: '10.0.0.1', family: 'ipv4' })
    expect(reachedAddress('10.0.0.1')).toEqual({ address: '10.0.0.1', family: 'ipv4' })
    expect(reachedAddress('fd00::1')).toEqual({ address: 'fd00::1', family: 'ipv6' })
    expect(reachedAddress('fe80::1%lo')).toEqual({ address: 'fe80::1', family: 'ipv6' })
    expect(reachedAddress('hooks.example.com')).toBeUndefined()
  })
})
