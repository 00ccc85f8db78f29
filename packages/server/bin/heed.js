#!/usr/bin/env node
// The heed command line. The server is TypeScript run as is: tsx compiles each module as it is imported.
import { register } from 'tsx/esm/api'

register()
await import('../src/cli/main.ts')
