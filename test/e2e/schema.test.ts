/** `milestones schema` prints the JSON Schema; the committed copy must match it. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('milestones schema', () => {
  it('prints a draft-07 JSON Schema with descriptions for editors', async () => {
    const result = await execa('node', [path.join(root, 'bin/milestones.js'), 'schema'], { cwd: root });
    const schema = JSON.parse(result.stdout);
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties)).toEqual([
      'version',
      'timezone',
      'timezone_property',
      'warehouse',
      'sources',
      'milestones',
      'journeys',
      'conversions',
      'cx',
    ]);
    expect(schema.properties.milestones.description).toBeTruthy();
    expect(Object.keys(schema.definitions).sort()).toEqual(['criterion', 'start', 'step', 'where']);
    const event = schema.definitions.criterion.anyOf[0];
    expect(event.properties.at_least.description).toMatch(/Threshold/);
    expect(event.properties.within.anyOf[0].properties.first.pattern).toBe(
      '^[0-9]+(\\.[0-9]+)?(s|min|h|d|w)$',
    );
  });

  it('matches the committed schema/milestones.schema.json (regenerate with npm run schema:write)', async () => {
    const result = await execa('node', [path.join(root, 'bin/milestones.js'), 'schema'], {
      cwd: root,
      stripFinalNewline: false,
    });
    expect(result.stdout).toBe(readFileSync(path.join(root, 'schema/milestones.schema.json'), 'utf8'));
  });
});
