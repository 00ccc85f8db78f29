/**
 * The arguments given to a benchmark script. pnpm 10 passes on the `--` of `pnpm run scores -- --sizes …`,
 * which `parseArgs` would take for the end of the options and refuse what follows as positionals.
 */
export function scriptArgs(argv: readonly string[] = process.argv.slice(2)): string[] {
  return argv[0] === '--' ? argv.slice(1) : [...argv]
}
