// HTTP: the policy lifecycle (docs/contract.md sections 5 and 7, role governance).
import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { isRfc3339Timestamp } from '@governor/contracts';
import type { AuthenticatedUser } from '@governor/auth';
import { ApiTags } from '@nestjs/swagger';
import { ApiErrors, badRequest, CurrentUser, cursorFields, notFound, Page, PageQuery, Roles, type PageRequest } from '@governor/nest';
import { UserRoles } from '../domain/approval-rules';
import type { PolicyVersion } from '../infra/database/policy-store';
import { CreatePolicyDto, SimulateDto } from './dto';
import {
  PolicyService,
  type ActivationAnswer,
  type DiffAnswer,
  type SimulationAnswer,
} from './policy.service';

@Controller('policies')
@Roles(UserRoles.Governance)
@ApiTags('policies')
export class PoliciesController {
  constructor(@Inject(PolicyService) private readonly policies: PolicyService) {}

  @Get('active')
  @ApiErrors({ 404: '`no-active-policy`' })
  async active(): Promise<object> {
    const { pointer, version } = await this.policies.activeVersion();
    return {
      version: String(version.version),
      description: version.description,
      policies: version.policies,
      createdBy: version.createdBy,
      createdAt: version.createdAt.toISOString(),
      activatedBy: pointer.activatedBy,
      activatedAt: pointer.activatedAt.toISOString(),
    };
  }

  /** A page of the versions, oldest first (docs/contract.md section 7, "Lists page"). */
  @Get()
  async list(@PageQuery() page: PageRequest): Promise<Page<object>> {
    const after = cursorFields(page, ['version'])?.version;
    if (after !== undefined && !Number.isSafeInteger(after)) throw badRequest('invalid-cursor', 'after is not a cursor of this list');
    const active = await this.policies.activeVersion().catch(() => undefined);
    const versions = await this.policies.list(after as number | undefined, page.limit + 1);
    return Page.of(versions, page, (v) => ({ version: v.version }), (v) => versionView(v, active?.version.version));
  }

  @Get(':version')
  @ApiErrors({ 404: '`policy-version-not-found`' })
  async get(@Param('version') version: string): Promise<object> {
    const stored = await this.policies.get(versionNumber(version));
    const active = await this.policies.activeVersion().catch(() => undefined);
    return { ...versionView(stored, active?.version.version), policies: stored.policies };
  }

  @Get(':from/diff/:to')
  @ApiErrors({ 404: '`policy-version-not-found`' })
  diff(@Param('from') from: string, @Param('to') to: string): Promise<DiffAnswer> {
    return this.policies.diff(versionNumber(from), versionNumber(to));
  }

  @Post()
  @HttpCode(201)
  @ApiErrors({ 422: '`invalid-policy`: the Cedar validator\'s messages' })
  async create(@Body() body: CreatePolicyDto, @CurrentUser() user: AuthenticatedUser): Promise<object> {
    const stored = await this.policies.create(body.policies, body.description ?? '', user.id);
    return {
      version: String(stored.version),
      description: stored.description,
      createdBy: stored.createdBy,
      createdAt: stored.createdAt.toISOString(),
      active: false,
    };
  }

  @Post(':version/activate')
  @HttpCode(200)
  @ApiErrors({ 403: '`separation-of-duties`: the caller authored the version', 404: '`policy-version-not-found`' })
  activate(
    @Param('version') version: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<ActivationAnswer> {
    return this.policies.activate(versionNumber(version), user.id);
  }

  @Post(':version/simulate')
  @HttpCode(200)
  @ApiErrors({ 400: '`invalid-request`, `invalid-window`', 404: '`policy-version-not-found`' })
  simulate(@Param('version') version: string, @Body() body: SimulateDto): Promise<SimulationAnswer> {
    const { from, to } = simulationWindow(body);
    return this.policies.simulate(versionNumber(version), from, to);
  }
}

/** A version as the list and `GET /policies/{version}` show it: who stored it, and who last activated it. */
export function versionView(v: Omit<PolicyVersion, 'policies'>, activeVersion: number | undefined): object {
  return {
    version: String(v.version),
    description: v.description,
    createdBy: v.createdBy,
    createdAt: v.createdAt.toISOString(),
    active: v.version === activeVersion,
    activatedBy: v.activatedBy,
    activatedAt: v.activatedAt?.toISOString() ?? null,
  };
}

/** The window of a simulation, or 400 `invalid-window`. */
export function simulationWindow(body: SimulateDto): { from: Date; to: Date } {
  if (!isRfc3339Timestamp(body.from) || !isRfc3339Timestamp(body.to)) {
    throw badRequest('invalid-window', 'from and to must be RFC 3339 timestamps');
  }
  const from = new Date(body.from);
  const to = new Date(body.to);
  if (from.getTime() >= to.getTime()) throw badRequest('invalid-window', 'from must be before to');
  return { from, to };
}

export function versionNumber(text: string): number {
  if (!/^[1-9]\d{0,8}$/.test(text)) throw notFound('policy-version-not-found', `no policy version ${text}`);
  return Number(text);
}
