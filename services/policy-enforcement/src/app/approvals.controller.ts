// HTTP: the human review queue (docs/contract.md section 5, role approver; approving also needs the
// task's own role, and separation of duties holds).
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { DOMAIN_VALUES, type Domain } from '@governor/contracts';
import type { AuthenticatedUser } from '@governor/auth';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiErrors, badRequest, CurrentUser, cursorFields, notFound, Page, PageQuery, Roles, type PageRequest } from '@governor/nest';
import { TASK_STATUS_VALUES, TaskStatuses, UserRoles, type TaskStatus } from '../domain/approval-rules';
import { isTaskSort, TASK_CURSOR_FIELDS, TASK_SORT_VALUES, taskCursorOf, TaskSorts } from '../domain/review-order';
import { ApprovalService } from './approval.service';
import { CommentDto } from './dto';
import { taskView } from './task-view';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Controller('approvals')
@Roles(UserRoles.Approver)
@ApiTags('approvals')
export class ApprovalsController {
  constructor(@Inject(ApprovalService) private readonly approvals: ApprovalService) {}

  /**
   * A page of the queue (docs/contract.md section 7, "Lists page"). `status` defaults to pending
   * (`all` lists every status); `sort` is `age` (oldest first, the default), `amount` (largest
   * first) or `risk` (riskiest first, domain/review-order.ts); `actionId` keeps one action's tasks.
   */
  @Get()
  @ApiQuery({ name: 'status', required: false, enum: [...TASK_STATUS_VALUES, 'all'], description: 'default pending' })
  @ApiQuery({ name: 'domain', required: false, enum: DOMAIN_VALUES })
  @ApiQuery({ name: 'actionId', required: false, type: String })
  @ApiQuery({ name: 'sort', required: false, enum: TASK_SORT_VALUES, description: 'default age' })
  @ApiErrors({ 400: '`invalid-status`, `invalid-domain`, `invalid-sort`, `invalid-action-id`' })
  async list(
    @PageQuery() page: PageRequest,
    @Query('status') status?: string,
    @Query('domain') domainParam?: string,
    @Query('actionId') actionIdParam?: string,
    @Query('sort') sortParam?: string,
  ): Promise<Page<object>> {
    // `?status=&domain=` (empty) means the defaults: pending tasks of every domain.
    const wanted = status || TaskStatuses.Pending;
    const domain = domainParam || undefined;
    const sort = sortParam || TaskSorts.Age;
    if (wanted !== 'all' && !(TASK_STATUS_VALUES as readonly string[]).includes(wanted)) {
      throw badRequest('invalid-status', `status must be one of ${TASK_STATUS_VALUES.join(', ')} or all`);
    }
    if (domain !== undefined && !(DOMAIN_VALUES as readonly string[]).includes(domain)) {
      throw badRequest('invalid-domain', `domain must be one of ${DOMAIN_VALUES.join(', ')}`);
    }
    if (!isTaskSort(sort)) throw badRequest('invalid-sort', `sort must be one of ${TASK_SORT_VALUES.join(', ')}`);
    if (actionIdParam !== undefined && typeof actionIdParam !== 'string') {
      throw badRequest('invalid-action-id', 'actionId must be given once');
    }
    const fields = cursorFields(page, TASK_CURSOR_FIELDS[sort]);
    const after = fields && taskCursorOf(sort, fields);
    if (fields && !after) throw badRequest('invalid-cursor', 'after must be the cursor of a previous page, as its Link header gave it');
    const tasks = await this.approvals.list(
      {
        status: wanted === 'all' ? undefined : (wanted as TaskStatus),
        domain: domain as Domain | undefined,
        actionId: actionIdParam || undefined,
        sort,
        after,
      },
      page,
    );
    return new Page(tasks.items.map(taskView), tasks.next);
  }

  @Get(':id')
  @ApiErrors({ 404: '`task-not-found`' })
  async get(@Param('id') id: string): Promise<object> {
    return taskView(await this.approvals.get(taskId(id)));
  }

  @Post(':id/approve')
  @HttpCode(200)
  @ApiErrors({
    403: '`forbidden` without the role the task needs, `separation-of-duties`',
    404: '`task-not-found`',
    409: '`task-not-pending`, `task-expired`',
  })
  async approve(
    @Param('id') id: string,
    @Body() body: CommentDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<object> {
    return taskView(await this.approvals.approve(taskId(id), user, body.comment ?? null));
  }

  @Post(':id/reject')
  @HttpCode(200)
  @ApiErrors({ 404: '`task-not-found`', 409: '`task-not-pending`, `task-expired`' })
  async reject(
    @Param('id') id: string,
    @Body() body: CommentDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<object> {
    return taskView(await this.approvals.reject(taskId(id), user, body.comment ?? null));
  }
}

function taskId(id: string): string {
  if (!UUID.test(id)) throw notFound('task-not-found', `no approval task ${id}`);
  return id.toLowerCase();
}
