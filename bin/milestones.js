#!/usr/bin/env node
// Entry point: everything lives in the compiled CLI module.
import { main } from '../dist/cli.js';

process.exitCode = await main(process.argv);
