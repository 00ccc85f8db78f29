import { type ParseArgsConfig, parseArgs } from 'node:util'

/** What a command may read from its surroundings; passed in so tests need not touch the real process. */
export interface CommandContext {
  env: NodeJS.ProcessEnv
  /** Output meant for a person (or a script, with --json); logs go through the logger instead. */
  stdout: NodeJS.WriteStream
  stderr: NodeJS.WriteStream
}

export interface Command {
  /** The text `--help` prints. */
  help: string
  /** Resolves with the process's exit code. */
  run(args: string[], context: CommandContext): Promise<number>
}

export const EXIT_OK = 0
export const EXIT_FAILURE = 1
/** The command line itself was wrong: an unknown option, a missing or malformed value. */
export const EXIT_USAGE = 2

/** A mistake in how the command was called; reported with a pointer to `--help`, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}

type OptionsConfig = NonNullable<ParseArgsConfig['options']>

/**
 * Parses a command's options strictly: unknown options and positionals are usage errors, not ignored.
 * `--help` is added to every command; its value says whether help was asked for.
 */
export function parseOptions<const T extends OptionsConfig>(args: string[], options: T) {
  try {
    return parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }).values
  } catch (error) {
    throw new UsageError(describeParseError(error))
  }
}

// Node's messages for these are long and suggest "--" tricks that do not apply to heed.
function describeParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  const code = error instanceof Error && 'code' in error ? error.code : undefined
  const option = /'(-[^' ]+)/.exec(message)?.[1]
  const argument = /'([^']+)'/.exec(message)?.[1]
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return `unknown option ${option}`
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL' && argument) return `unexpected argument '${argument}'`
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
    return message.includes('missing') ? `option ${option} needs a value` : `option ${option} takes no value`
  }
  return message
}

/** A failure the person can act on (port in use, database unreachable): shown without a stack, exit code 1. */
export class CommandFailure extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CommandFailure'
  }
}
