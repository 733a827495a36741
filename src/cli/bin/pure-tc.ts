#!/usr/bin/env node
/** The `pure-tc` executable (package.json `bin`). */
import { main } from '../tc/main.js';
import { runProgram } from '../program.js';

runProgram('pure-tc', main);
