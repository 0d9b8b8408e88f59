// The operators' API (docs/contract.md section 5): each domain's mode, health and history, and forced
// modes. Every route needs the `operator` role.
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { isRfc3339Timestamp, SOURCE_DOMAIN_VALUES, type SourceDomain } from '@governor/contracts';
import type { AuthenticatedUser } from '@governor/auth';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiErrors, badRequest, CurrentUser, cursorFields, notFound, Page, PageQuery, Roles, type PageRequest } from '@governor/nest';
import type { HealthCursor, HealthHistoryEntry, ModeHistoryEntry } from '../infra/breaker.repository';
import { BreakerService, DomainDetailView, DomainView } from './breaker.service';
import { CLEAR_OVERRIDE, OverrideRequest } from './override.request';

export const OPERATOR_ROLE = 'operator';
/** The health history's range when `from` is not given: the day before `to`. */
const DEFAULT_HEALTH_RANGE_MS = 24 * 3_600_000;

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

  /**
   * The health reports the breaker applied to a domain with reportedAt in [from, to), oldest first,
   * paged; by default the last 24 hours. Kept BREAKER_HEALTH_KEEP_HOURS (README).
   */
  @Get(':domain/health')
  @ApiQuery({ name: 'from', required: false, type: String, format: 'date-time', description: 'default: 24 hours before to' })
  @ApiQuery({ name: 'to', required: false, type: String, format: 'date-time', description: 'exclusive; default: now' })
  @ApiErrors({ 400: '`invalid-timestamp`, `invalid-range`', 404: '`unknown-domain`' })
  async health(
    @Param('domain') domain: string,
    @PageQuery() page: PageRequest,
    @Query('from') from?: unknown,
    @Query('to') to?: unknown,
  ): Promise<Page<HealthHistoryEntry>> {
    const known = knownDomain(domain);
    const range = healthRange(from, to, Date.now());
    return this.breaker.healthHistory(known, range, page, healthCursor(page));
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

/** [from, to) from optional RFC 3339 timestamps: `to` defaults to now, `from` to a day before `to`. */
function healthRange(from: unknown, to: unknown, now: number): { from: Date; to: Date } {
  const at = (value: unknown, name: string): Date | undefined => {
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !isRfc3339Timestamp(value)) {
      throw badRequest('invalid-timestamp', `${name} must be an RFC 3339 timestamp, e.g. 2026-12-04T08:00:00Z`);
    }
    return new Date(value);
  };
  const end = at(to, 'to') ?? new Date(now);
  const start = at(from, 'from') ?? new Date(end.getTime() - DEFAULT_HEALTH_RANGE_MS);
  if (start > end) throw badRequest('invalid-range', 'from must not be after to');
  return { from: start, to: end };
}

function healthCursor(page: PageRequest): HealthCursor | undefined {
  const fields = cursorFields(page, ['at', 'id']);
  if (!fields) return undefined;
  const { at, id } = fields;
  if (typeof at !== 'string' || !isRfc3339Timestamp(at) || typeof id !== 'string' || !/^\d{1,18}$/.test(id)) {
    throw badRequest('invalid-cursor', 'after is not a cursor of this list');
  }
  return { at, id };
}
