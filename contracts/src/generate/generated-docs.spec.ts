// The checked-in schemas and AsyncAPI document must be what the classes generate today.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_TYPE_VALUES } from '../registry/event-types';
import { TOPIC_REGISTRY } from '../registry/topics';
import { buildAsyncApi } from './asyncapi';
import { SCHEMAS_DIR, schemaFileName } from '../validation/schema-files';
import { renderContractDocs } from './render-docs';

const CONTRACTS_DIR = join(__dirname, '..', '..');
const HOW_TO_FIX = 'run `npm run build && npm run contracts:generate` and commit the result';

describe('generated contract docs', () => {
  const files = renderContractDocs();

  it('cover every event type', () => {
    for (const type of EVENT_TYPE_VALUES)
      expect(files.has(`${SCHEMAS_DIR}/${schemaFileName(type)}`)).toBe(true);
  });

  it.each([...files.keys()])('contracts/%s is up to date', (path) => {
    const target = join(CONTRACTS_DIR, path);
    const actual = existsSync(target) ? readFileSync(target, 'utf8') : undefined;
    if (actual !== files.get(path)) {
      throw new Error(`contracts/${path} is ${actual === undefined ? 'missing' : 'stale'}: ${HOW_TO_FIX}`);
    }
  });

  it('has no schema files for types that do not exist', () => {
    const stale = readdirSync(join(CONTRACTS_DIR, SCHEMAS_DIR)).filter(
      (name) => !files.has(`${SCHEMAS_DIR}/${name}`),
    );
    if (stale.length > 0) throw new Error(`stale ${stale.join(', ')}: ${HOW_TO_FIX}`);
  });

  it('describes only public topics and their types in the AsyncAPI document', () => {
    const document = buildAsyncApi() as {
      channels: Record<string, { address: string }>;
      components: { messages: Record<string, unknown> };
    };
    const publicTopics = TOPIC_REGISTRY.filter((topic) => topic.visibility === 'public');
    expect(Object.values(document.channels).map((channel) => channel.address)).toEqual(
      publicTopics.map((topic) => topic.name),
    );
    expect(Object.keys(document.components.messages).sort()).toEqual(
      publicTopics.flatMap((topic) => topic.eventTypes).sort(),
    );
  });

  it('renders the same bytes twice', () => {
    expect(renderContractDocs()).toEqual(files);
  });
});
