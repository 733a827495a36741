#!/usr/bin/env node
/** The `pure-bridge` executable (package.json `bin`). */
import { main } from '../bridge/main.js';
import { runProgram } from '../program.js';

runProgram('pure-bridge', main);
