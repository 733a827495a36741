#!/usr/bin/env node
/** The `pure-ip` executable (package.json `bin`). */
import { main } from '../main.js';
import { runProgram } from '../program.js';

runProgram('pure-ip', main);
