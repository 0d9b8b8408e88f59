// HTTP: the registry of trusted sources (docs/contract.md section 7). Operators register a source
// (its owner and the event types it may publish); auditors and operators read the registry.
// Registrations are audited (SourceRegistryService).
import { Body, Controller, Get, Inject, Param, Put, Query } from '@nestjs/common';
import type { AuthenticatedUser } from '@governor/auth';
import { topicOfEventType, type EventType } from '@governor/contracts';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiErrors, badRequest, CurrentUser, cursorFields, Page, PageQuery, type PageRequest, Roles } from '@governor/nest';
import { REGISTRABLE_EVENT_TYPES, type RegisteredSource } from '../domain/source-registry';
import { RegisterSourceRequest } from './register-source.request';
import { SourceRegistryService } from './source-registry.service';

const OPERATOR_ROLE = 'operator';
const AUDITOR_ROLE = 'auditor';
/** A CloudEvents source: a URI-reference; no spaces, and short enough to be a feed's name. */
const SOURCE = /^\S{1,256}$/;

export interface SourceView {
  source: string;
  owner: string;
  eventTypes: string[];
  /** The topics its types are published on. */
  topics: string[];
  description: string;
  registeredBy: string;
  registeredAt: string;
}

@Controller('sources')
@ApiTags('sources')
export class SourcesController {
  constructor(@Inject(SourceRegistryService) private readonly registry: SourceRegistryService) {}

  /** A page of the registered sources, by source; `topic` keeps those that may publish on it. */
  @Get()
  @Roles(OPERATOR_ROLE, AUDITOR_ROLE)
  @ApiQuery({ name: 'topic', required: false, type: String })
  async list(@PageQuery() page: PageRequest, @Query('topic') topic?: unknown): Promise<Page<SourceView>> {
    const after = cursorFields(page, ['source'])?.source;
    if (after !== undefined && typeof after !== 'string') throw badRequest('invalid-cursor', 'after is not a cursor of this list');
    const all = (await this.registry.reload()).entries
      .map(view)
      .filter((s) => typeof topic !== 'string' || topic === '' || s.topics.includes(topic))
      .sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
    const rest = after === undefined ? all : all.filter((s) => s.source > after);
    return Page.of(rest.slice(0, page.limit + 1), page, (s) => ({ source: s.source }));
  }

  @Put(':source')
  @Roles(OPERATOR_ROLE)
  @ApiErrors({ 400: '`invalid-request`, `invalid-source`, `invalid-event-type`' })
  async put(@Param('source') source: string, @Body() body: RegisterSourceRequest, @CurrentUser() user: AuthenticatedUser): Promise<SourceView> {
    if (!SOURCE.test(source)) throw badRequest('invalid-source', 'source must be 1 to 256 characters without spaces, e.g. urn:wms:dc-east');
    const unknown = body.eventTypes.filter((type) => !(REGISTRABLE_EVENT_TYPES as readonly string[]).includes(type));
    if (unknown.length > 0) {
      throw badRequest('invalid-event-type', `not a source or master data type: ${unknown.join(', ')}; one of ${REGISTRABLE_EVENT_TYPES.join(', ')}`);
    }
    const entry = await this.registry.register({
      source,
      owner: body.owner.trim(),
      eventTypes: [...new Set(body.eventTypes)].sort(),
      description: body.description ?? '',
      registeredBy: user.id,
      registeredAt: new Date(),
    });
    return view(entry);
  }
}

function view(entry: RegisteredSource): SourceView {
  return {
    ...entry,
    topics: [...new Set(entry.eventTypes.map((type) => topicOfEventType(type as EventType)))].sort(),
    registeredAt: entry.registeredAt.toISOString(),
  };
}
