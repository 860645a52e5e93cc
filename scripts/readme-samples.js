#!/usr/bin/env node
// Keeps the README's sample outputs equal to what the program prints.
// A sample is a ```text block right after `<!-- sample: ARGS -->`; its content is
// `$ milestones ARGS` followed by the real stdout of that command, run with the
// built CLI in a temp copy of fixtures/ + milestones.example.yaml (one warehouse
// for all samples, in README order), COLUMNS=100 and NO_COLOR=1 so that tables
// are drawn the same on every machine.
//   node scripts/readme-samples.js --write   rewrite the blocks
//   node scripts/readme-samples.js --check   exit 1 naming each block that differs
// An optional second argument names another markdown file (the test's stale copy).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'bin', 'milestones.js');

// The marker, then the fenced block it owns (captured: its content).
const SAMPLE = /<!-- sample: (.+?) -->\n```text\n([\s\S]*?)```/g;

/** Splits marker arguments on spaces; the samples use no quoting. */
function splitArgs(args) {
  return args.trim().split(/\s+/);
}

/** Runs every sample's command in one temp warehouse; returns the expected block contents. */
function renderSamples(markers) {
  const dir = mkdtempSync(join(tmpdir(), 'milestones-readme-'));
  try {
    cpSync(join(root, 'fixtures'), join(dir, 'fixtures'), { recursive: true });
    cpSync(join(root, 'milestones.example.yaml'), join(dir, 'milestones.example.yaml'));
    const env = { ...process.env, COLUMNS: '100', NO_COLOR: '1' };
    delete env.FORCE_COLOR;
    return markers.map((args) => {
      const stdout = execFileSync(process.execPath, [cli, ...splitArgs(args), '--quiet'], {
        cwd: dir,
        env,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      // No temp path may leak into the README (none does today; this keeps it so).
      const clean = stdout
        .split(dir)
        .join('.')
        .replace(/[ \t]+$/gm, '');
      return `$ milestones ${args}\n${clean.endsWith('\n') ? clean : `${clean}\n`}`;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function main() {
  const mode = process.argv[2];
  if (mode !== '--write' && mode !== '--check') {
    process.stderr.write('usage: node scripts/readme-samples.js --write|--check\n');
    return 2;
  }
  const readmePath = process.argv[3] ?? join(root, 'README.md');
  const readme = readFileSync(readmePath, 'utf8');
  const found = [...readme.matchAll(SAMPLE)];
  if (found.length === 0) {
    process.stderr.write(`${readmePath}: no <!-- sample: … --> blocks found\n`);
    return 1;
  }
  const expected = renderSamples(found.map((m) => m[1]));
  if (mode === '--write') {
    let i = 0;
    const next = readme.replace(
      SAMPLE,
      (_all, args) => `<!-- sample: ${args} -->\n\`\`\`text\n${expected[i++]}\`\`\``,
    );
    if (next !== readme) writeFileSync(readmePath, next);
    process.stdout.write(`${readmePath}: ${found.length} samples written\n`);
    return 0;
  }
  let stale = 0;
  found.forEach((m, i) => {
    if (m[2] === expected[i]) return;
    stale++;
    const line = readme.slice(0, m.index).split('\n').length;
    const want = expected[i].split('\n');
    const have = m[2].split('\n');
    const at = want.findIndex((l, j) => l !== have[j]);
    process.stderr.write(
      `${readmePath}:${line + 2 + at}: sample "${m[1]}" differs from the program's output\n` +
        `- ${have[at] ?? '(end of block)'}\n+ ${want[at] ?? '(end of output)'}\n`,
    );
  });
  if (stale > 0) {
    process.stderr.write(`${stale} stale sample(s); run: npm run readme:samples\n`);
    return 1;
  }
  process.stdout.write(`${readmePath}: ${found.length} samples match\n`);
  return 0;
}

process.exitCode = main();
