import { describe, expect, it } from 'vitest'
import { runHeed } from '../../test-support/cli-process'

describe('the heed command line', () => {
  it('lists the commands with --help and exits 0', async () => {
    const { code, stdout } = await runHeed(['--help'])
    expect(code).toBe(0)
    for (const command of ['start', 'migrate', 'project create', 'demo']) expect(stdout).toContain(command)
  })

  it('exits 2 with the usage for an unknown command', async () => {
    const { code, stderr } = await runHeed(['project', 'delete'])
    expect(code).toBe(2)
    expect(stderr).toContain("unknown command 'project delete': did you mean 'heed project create'?")
    expect(stderr).toContain('Usage: heed <command>')
  })

  it('exits 2 naming an unknown option, pointing at --help', async () => {
    const { code, stdout, stderr } = await runHeed(['start', '--prot', '3000'])
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' })
    expect(stderr).toBe("heed start: unknown option --prot\nRun 'heed start --help' for its options.\n")
  })

  it('exits 2 naming the environment variable that holds a bad value', async () => {
    const { code, stderr } = await runHeed(['start'], { PORT: 'eighty' })
    expect(code).toBe(2)
    expect(stderr).toContain("PORT must be a port number from 0 to 65535, got 'eighty'")
  })
})
