// The operators' API (docs/contract.md section 5): each domain's mode, health and history, and forced
// modes. Every route needs the `operator` role.
import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { SOURCE_DOMAIN_VALUES, type SourceDomain } from '@governor/contracts';
import type { AuthenticatedUser } from '@governor/auth';
import { ApiTags } from '@nestjs/swagger';
import { ApiErrors, badRequest, CurrentUser, cursorFields, notFound, Page, PageQuery, Roles, type PageRequest } from '@governor/nest';
import type { ModeHistoryEntry } from '../infra/breaker.repository';
import { BreakerService, DomainDetailView, DomainView } from './breaker.service';
import { CLEAR_OVERRIDE, OverrideRequest } from './override.request';

export const OPERATOR_ROLE = 'operator';

@Controller('domains')
@Roles(OPERATOR_ROLE)
@ApiTags('domains')
export class DomainsController {
  constructor(@Inject(BreakerService) private readonly breaker: BreakerService) {}

  @Get()
  async list(): Promise<{ domains: DomainView[] }> {
    return { domains: await this.breaker.list() };
  }

  @Get(':domain')
  @ApiErrors({ 404: '`unknown-domain`' })
  async get(@Param('domain') domain: string): Promise<DomainDetailView> {
    return this.breaker.detail(knownDomain(domain));
  }

  /**
   * A domain's mode changes, newest first, paged (docs/contract.md section 7, "Lists page"):
   * `GET /domains/{domain}` embeds only the latest 100.
   */
  @Get(':domain/history')
  @ApiErrors({ 404: '`unknown-domain`' })
  async history(@Param('domain') domain: string, @PageQuery() page: PageRequest): Promise<Page<ModeHistoryEntry>> {
    const known = knownDomain(domain);
    const before = cursorFields(page, ['id'])?.id;
    if (before !== undefined && (typeof before !== 'string' || !/^\d{1,18}$/.test(before))) {
      throw badRequest('invalid-cursor', 'after is not a cursor of this list');
    }
    return this.breaker.history(known, page, before);
  }

  @Post(':domain/override')
  @HttpCode(200)
  @ApiErrors({ 404: '`unknown-domain`' })
  async override(
    @Param('domain') domain: string,
    @Body() body: OverrideRequest,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<DomainView> {
    const known = knownDomain(domain);
    if (body.mode === CLEAR_OVERRIDE) return this.breaker.clear(known, user.id, body.reason);
    return this.breaker.force(known, body.mode, user.id, body.reason);
  }
}

function knownDomain(domain: string): SourceDomain {
  const known = SOURCE_DOMAIN_VALUES.find((d) => d === domain);
  if (!known) throw notFound('unknown-domain', `no breaker for "${domain}": domains are ${SOURCE_DOMAIN_VALUES.join(', ')}`);
  return known;
}
