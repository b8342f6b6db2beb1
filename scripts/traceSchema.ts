// Generates src/trace/trace.schema.json from the Trace types (src/protocol/trace.ts), so the
// schema cannot drift from the types. `--check` fails when it is stale (a unit test runs that).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createGenerator } from 'ts-json-schema-generator';

const ROOT = join(__dirname, '..');
const TARGET = join(ROOT, 'src/trace/trace.schema.json');

/** The schema text for the Trace type. */
export function renderTraceSchema(): string {
  const schema = createGenerator({
    path: join(ROOT, 'src/protocol/trace.ts'),
    tsconfig: join(ROOT, 'tsconfig.json'),
    type: 'Trace',
    additionalProperties: false,
    skipTypeCheck: true,
  }).createSchema('Trace');
  schema.$id = 'urn:bptt-lens:trace';
  return JSON.stringify(schema, null, 2) + '\n';
}

if (require.main === module) {
  const text = renderTraceSchema();
  if (process.argv.includes('--check')) {
    if (readFileSync(TARGET, 'utf8') !== text) {
      console.error('src/trace/trace.schema.json is stale: run npx tsx scripts/traceSchema.ts');
      process.exit(1);
    }
  } else {
    writeFileSync(TARGET, text);
    console.log('wrote src/trace/trace.schema.json');
  }
}
