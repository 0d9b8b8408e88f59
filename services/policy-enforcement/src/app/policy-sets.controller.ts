// HTTP: the domain policy sets (docs/contract.md section 7, "Federated policy sets"), each
// versioned, simulated and activated on its own: `GET|POST /policy-sets/{domain}`,
// `POST /policy-sets/{domain}/{version}/activate|simulate`, and beside them `GET /policy-sets` (every
// set with its owner role and active version), one version's text and the diff of two. Reading
// needs a governance role (central or any domain's) or auditor; writing and activating a domain's
// set needs `governance:<domain>`. The central set stays at `/policies` (section 5).
import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AuthenticatedUser } from '@governor/auth';
import { ApiErrors, badRequest, CurrentUser, cursorFields, forbidden, notFound, Page, PageQuery, type PageRequest } from '@governor/nest';
import { CENTRAL, mayReadPolicySets, ownerRole, policySetName, POLICY_SET_NAMES, type PolicySetName } from '../domain/policy-sets';
import { CreatePolicyDto, SimulateDto } from './dto';
import { simulationWindow, versionNumber, versionView } from './policies.controller';
import { PolicyService, type ActivationAnswer, type DiffAnswer, type PolicySetView, type SimulationAnswer } from './policy.service';

const READ_ERRORS = { 403: '`forbidden`: neither a governance role nor auditor', 404: '`policy-set-not-found`' };
const WRITE_ERRORS = { 403: "`forbidden`: not the set's owner role", 404: '`policy-set-not-found`' };

@Controller('policy-sets')
@ApiTags('policy-sets')
export class PolicySetsController {
  constructor(@Inject(PolicyService) private readonly policies: PolicyService) {}

  @Get()
  @ApiErrors({ 403: READ_ERRORS[403] })
  sets(@CurrentUser() user: AuthenticatedUser): Promise<PolicySetView[]> {
    mayRead(user);
    return this.policies.sets();
  }

  @Get(':set')
  @ApiErrors(READ_ERRORS)
  async list(@Param('set') setText: string, @PageQuery() page: PageRequest, @CurrentUser() user: AuthenticatedUser): Promise<Page<object>> {
    mayRead(user);
    const set = known(setText);
    const after = cursorFields(page, ['version'])?.version;
    if (after !== undefined && !Number.isSafeInteger(after)) throw badRequest('invalid-cursor', 'after is not a cursor of this list');
    const active = (await this.policies.sets()).find((s) => s.policySet === set)?.activeVersion;
    const versions = await this.policies.list(after as number | undefined, page.limit + 1, set);
    return Page.of(versions, page, (v) => ({ version: v.version }), (v) => ({ policySet: set, ...versionView(v, active ? Number(active) : undefined) }));
  }

  @Get(':set/:version')
  @ApiErrors({ ...READ_ERRORS, 404: '`policy-set-not-found`, `policy-version-not-found`' })
  async get(@Param('set') setText: string, @Param('version') version: string, @CurrentUser() user: AuthenticatedUser): Promise<object> {
    mayRead(user);
    const set = known(setText);
    const stored = await this.policies.get(versionNumber(version), set);
    const active = (await this.policies.sets()).find((s) => s.policySet === set)?.activeVersion;
    return { policySet: set, ...versionView(stored, active ? Number(active) : undefined), policies: stored.policies };
  }

  @Get(':set/:from/diff/:to')
  @ApiErrors({ ...READ_ERRORS, 404: '`policy-set-not-found`, `policy-version-not-found`' })
  diff(@Param('set') setText: string, @Param('from') from: string, @Param('to') to: string, @CurrentUser() user: AuthenticatedUser): Promise<DiffAnswer> {
    mayRead(user);
    return this.policies.diff(versionNumber(from), versionNumber(to), known(setText));
  }

  @Post(':set')
  @HttpCode(201)
  @ApiErrors({ ...WRITE_ERRORS, 422: "`invalid-policy`: the Cedar validator's messages; `policy-outside-domain`: the policies that govern another domain's actions" })
  async create(@Param('set') setText: string, @Body() body: CreatePolicyDto, @CurrentUser() user: AuthenticatedUser): Promise<object> {
    const set = owned(setText, user);
    const stored = await this.policies.create(body.policies, body.description ?? '', user.id, set);
    return { policySet: set, version: String(stored.version), description: stored.description, createdBy: stored.createdBy, createdAt: stored.createdAt.toISOString(), active: false };
  }

  @Post(':set/:version/activate')
  @HttpCode(200)
  @ApiErrors({ ...WRITE_ERRORS, 403: "`forbidden`: not the set's owner role; `separation-of-duties`: the caller authored the version", 422: '`invalid-policy`: it no longer goes with the other active sets' })
  activate(@Param('set') setText: string, @Param('version') version: string, @CurrentUser() user: AuthenticatedUser): Promise<ActivationAnswer> {
    const set = owned(setText, user);
    return this.policies.activate(versionNumber(version), user.id, set);
  }

  @Post(':set/:version/simulate')
  @HttpCode(200)
  @ApiErrors({ ...READ_ERRORS, 400: '`invalid-request`, `invalid-window`' })
  simulate(@Param('set') setText: string, @Param('version') version: string, @Body() body: SimulateDto, @CurrentUser() user: AuthenticatedUser): Promise<SimulationAnswer> {
    mayRead(user);
    const { from, to } = simulationWindow(body);
    return this.policies.simulate(versionNumber(version), from, to, known(setText));
  }
}

/** A domain's set; the central set is served at /policies. */
function known(text: string): PolicySetName {
  const set = policySetName(text);
  if (!set || set === CENTRAL) {
    throw notFound('policy-set-not-found', `no domain policy set ${text}; the domains are ${POLICY_SET_NAMES.filter((s) => s !== CENTRAL).join(', ')} (the central set is at /policies)`);
  }
  return set;
}

function mayRead(user: AuthenticatedUser): void {
  if (!mayReadPolicySets(user.roles)) throw forbidden('forbidden', 'this needs a governance role (governance or governance:<domain>) or auditor');
}

/** The set, when the caller holds its owner role; 403 otherwise. */
function owned(text: string, user: AuthenticatedUser): PolicySetName {
  const set = known(text);
  if (!user.roles.includes(ownerRole(set))) throw forbidden('forbidden', `the ${set} set is written and activated by the role ${ownerRole(set)}`);
  return set;
}
