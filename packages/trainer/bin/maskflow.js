#!/usr/bin/env node
// Launcher: the package ships TypeScript sources, so register tsx before loading the CLI.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli.ts');
process.exitCode = await runCli(process.argv.slice(2));
