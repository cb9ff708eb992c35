#!/usr/bin/env node
// Runs the pinned pnpm with the given arguments after installing what is missing,
// so root scripts work on a machine where pnpm is not on PATH (only Node and npm).
import { ensureInstall, pnpm } from './ensure-install.mjs';

ensureInstall();
process.exit(pnpm(process.argv.slice(2)));
