// The HTTP side: executions and their attempts (operator, auditor), compensation (operator), and
// the domain modes this service acts on.
import { Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '@governor/auth';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiErrors, badRequest, CurrentUser, cursorFields, notFound, Page, PageQuery, Roles, type PageRequest } from '@governor/nest';
import { EXECUTION_STATE_VALUES } from '../domain/execution-states';
import { AdapterRegistry } from '../infra/adapter-registry';
import { DomainModeTracker, KnownMode } from '../infra/domain-mode-tracker';
import { ExecutionRepository } from '../infra/execution.repository';
import { CompensationService } from './compensation.service';
import { ExecutionView, executionView } from './execution-view';

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

@Controller()
@ApiTags('executions')
export class ExecutionsController {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(ExecutionRepository) private readonly repo: ExecutionRepository,
    @Inject(AdapterRegistry) private readonly adapters: AdapterRegistry,
    @Inject(CompensationService) private readonly compensation: CompensationService,
    @Inject(DomainModeTracker) private readonly modes: DomainModeTracker,
  ) {}

  /** A page of executions, newest first (docs/contract.md section 7, "Lists page"): a JSON array. */
  @Get('executions')
  @Roles('operator', 'auditor')
  @ApiQuery({ name: 'state', required: false, enum: EXECUTION_STATE_VALUES })
  @ApiErrors({ 400: '`invalid-state`' })
  async list(@Query('state') state: string | undefined, @PageQuery() page: PageRequest): Promise<Page<ExecutionView['execution']>> {
    if (state !== undefined && !(EXECUTION_STATE_VALUES as readonly string[]).includes(state)) {
      throw badRequest('invalid-state', `state must be one of ${EXECUTION_STATE_VALUES.join(', ')}`);
    }
    const cursor = cursorFields(page, ['at', 'id']);
    if (cursor && (typeof cursor.at !== 'string' || !TIMESTAMP.test(cursor.at) || typeof cursor.id !== 'string')) {
      throw badRequest('invalid-cursor', 'after is not a cursor of this list');
    }
    const before = cursor ? { at: cursor.at as string, id: cursor.id as string } : undefined;
    const rows = await this.repo.list(this.db, state, before, page.limit + 1);
    return Page.of(
      rows,
      page,
      ({ row, at }) => ({ at, id: row.actionId }),
      ({ row }) => executionView(row, [], this.inverseOf(row.adapter, row.actionType)).execution,
    );
  }

  @Get('executions/:actionId')
  @Roles('operator', 'auditor')
  @ApiErrors({ 404: '`execution-not-found`' })
  async get(@Param('actionId') actionId: string): Promise<ExecutionView> {
    const row = await this.repo.get(this.db, actionId);
    if (!row) throw notFound('execution-not-found', `no execution of action ${actionId}`);
    return executionView(row, await this.repo.attempts(this.db, actionId), this.inverseOf(row.adapter, row.actionType));
  }

  @Post('executions/:actionId/compensate')
  @HttpCode(200)
  @Roles('operator')
  @ApiErrors({
    404: '`execution-not-found`',
    409: '`already-compensated`, `compensation-in-progress`, `not-compensable`, `no-inverse`',
    502: '`compensation-failed`',
    503: '`target-unavailable`',
  })
  async compensate(@Param('actionId') actionId: string, @CurrentUser() user: AuthenticatedUser): Promise<ExecutionView> {
    await this.compensation.request(actionId, user.id);
    return this.get(actionId);
  }

  @Get('domain-modes')
  @Roles('operator', 'auditor')
  domainModes(): { ready: boolean; modes: Record<string, KnownMode> } {
    return { ready: this.modes.ready, modes: this.modes.snapshot() as Record<string, KnownMode> };
  }

  private inverseOf(adapter: string, actionType: Parameters<AdapterRegistry['adapterNameFor']>[0]): string | null {
    return this.adapters.get(adapter)?.inverseOf(actionType) ?? null;
  }
}
