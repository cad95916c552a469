/**
 * `npm run demo:knowledge`: writes the demo knowledge snapshot (backend/demo/knowledge/) from the fact
 * table in knowledgeFacts.ts. Run it after changing a fact; a test fails while the files are stale.
 */
import path from 'path';
import { writeSnapshot } from './knowledgeSnapshot';

for (const file of writeSnapshot()) {
  process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
}
