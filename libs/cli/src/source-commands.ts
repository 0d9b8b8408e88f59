// `governor sources`: data-quality's registry of trusted sources (docs/contract.md section 7). List
// it (operator or auditor) or register a source with its owner and the event types it may publish
// (operator; audited by the service).
import { Option, type Command } from 'commander';
import { commaList, query } from './cli-args';
import type { CommandContext } from './command-context';
import { listTable, recordTable, type Column } from './tables';

const OPERATOR_ROLES = ['operator'];

interface SourceView {
  source: string;
  owner: string;
  eventTypes: string[];
  topics: string[];
  description: string;
  registeredBy: string;
  registeredAt: string;
}

const SOURCE_COLUMNS: Column<SourceView>[] = [
  { head: 'source', value: (s) => s.source },
  { head: 'owner', value: (s) => s.owner },
  { head: 'event types', value: (s) => s.eventTypes.join(', ') },
  { head: 'registered by', value: (s) => s.registeredBy },
  { head: 'registered', value: (s) => s.registeredAt },
];

export function addSourceCommands(program: Command, ctx: CommandContext): void {
  const sources = program.command('sources').description('the trusted sources of data-quality: list, register');
  sources
    .command('list', { isDefault: true })
    .description('the registered sources, by source')
    .option('--topic <topic>', 'only the sources that may publish on this topic')
    .action(async (o: { topic?: string }) => {
      const rows = await ctx.api(OPERATOR_ROLES).call<SourceView[]>('data-quality', 'GET', `/sources${query({ topic: o.topic })}`);
      ctx.answer(rows, (r) => listTable(r, SOURCE_COLUMNS, 'no sources registered: every source is trusted'));
    });
  sources
    .command('register')
    .description('register a source, or change its owner, event types or description')
    .argument('<source>', 'its CloudEvents source, e.g. urn:wms:dc-east')
    .addOption(new Option('--owner <owner>', 'the person or team accountable for what it publishes').makeOptionMandatory())
    .addOption(new Option('--types <types>', 'the event types it may publish, comma-separated').argParser(commaList).makeOptionMandatory())
    .option('--description <text>', 'what it is')
    .action(async (source: string, o: { owner: string; types: string[]; description?: string }) => {
      const body = { owner: o.owner, eventTypes: o.types, description: o.description };
      const entry = await ctx.api(OPERATOR_ROLES).call<SourceView>('data-quality', 'PUT', `/sources/${encodeURIComponent(source)}`, body);
      ctx.answer(entry, (e) => recordTable(e, ['source', 'owner', 'eventTypes', 'topics', 'description', 'registeredBy', 'registeredAt']));
    });
}
