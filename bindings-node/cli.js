#!/usr/bin/env node
// `npx hullguard …`: the hullguard command line, run in this process by the
// native module. It writes to the standard streams itself, so nothing here
// touches process.stdout before it returns.
'use strict'

let status
try {
  status = require('./index.js').runCli(process.argv.slice(2))
} catch (error) {
  process.stderr.write(`hullguard: ${error && error.message ? error.message : error}\n`)
  status = 2
}
process.exitCode = status
