// npm run openapi: writes docs/openapi/<service>.json for the six services from the compiled code.
// Each service's own main.js runs with GOVERNOR_OPENAPI_FILE set: runService then builds the same
// application in Nest's preview mode (routes, no providers), writes its document and exits, so no
// database or broker is needed and the document is the one GET /docs serves.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { committedDocumentFile, OPENAPI_SERVICES, openApiProblems, readCommittedDocument, ROOT } from './openapi-documents';

mkdirSync(path.join(ROOT, 'docs/openapi'), { recursive: true });
let failed = false;
for (const service of OPENAPI_SERVICES) {
  const file = committedDocumentFile(service);
  const run = spawnSync(process.execPath, [path.join(ROOT, `dist/services/${service}/src/main.js`)], {
    env: { ...process.env, GOVERNOR_OPENAPI_FILE: file },
    encoding: 'utf8',
    timeout: 120_000,
  });
  const problems = run.status === 0 ? openApiProblems(readCommittedDocument(service)) : [`exited ${run.status ?? run.signal}`];
  if (problems.length > 0) {
    failed = true;
    process.stderr.write(`${service}: ${problems.join('; ')}\n${run.status === 0 ? '' : run.stderr || run.stdout}\n`);
  } else {
    process.stdout.write(`${path.relative(ROOT, file)}\n`);
  }
}
process.exit(failed ? 1 : 0);
