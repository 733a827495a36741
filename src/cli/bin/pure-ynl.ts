#!/usr/bin/env node
/** The `pure-ynl` executable (package.json `bin`). */
import { main } from '../ynl/main.js';
import { runProgram } from '../program.js';

runProgram('pure-ynl', main);
