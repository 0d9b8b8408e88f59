// HTTP: the human review queue (docs/contract.md section 5, role approver; approving also needs the
// task's own role, and separation of duties holds).
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { DOMAIN_VALUES, type Domain } from '@governor/contracts';
import type { AuthenticatedUser } from '@governor/auth';
import { badRequest, CurrentUser, notFound, Roles } from '@governor/nest';
import { TASK_STATUS_VALUES, TaskStatuses, UserRoles, type TaskStatus } from '../domain/approval-rules';
import { ApprovalService } from './approval.service';
import { CommentDto } from './dto';
import { taskView } from './task-view';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Controller('approvals')
@Roles(UserRoles.Approver)
export class ApprovalsController {
  constructor(@Inject(ApprovalService) private readonly approvals: ApprovalService) {}

  /** `status` defaults to pending; `all` lists every status. */
  @Get()
  async list(@Query('status') status?: string, @Query('domain') domainParam?: string): Promise<object[]> {
    // `?status=&domain=` (empty) means the defaults: pending tasks of every domain.
    const wanted = status || TaskStatuses.Pending;
    const domain = domainParam || undefined;
    if (wanted !== 'all' && !(TASK_STATUS_VALUES as readonly string[]).includes(wanted)) {
      throw badRequest('invalid-status', `status must be one of ${TASK_STATUS_VALUES.join(', ')} or all`);
    }
    if (domain !== undefined && !(DOMAIN_VALUES as readonly string[]).includes(domain)) {
      throw badRequest('invalid-domain', `domain must be one of ${DOMAIN_VALUES.join(', ')}`);
    }
    const tasks = await this.approvals.list({
      status: wanted === 'all' ? undefined : (wanted as TaskStatus),
      domain: domain as Domain | undefined,
    });
    return tasks.map(taskView);
  }

  @Get(':id')
  async get(@Param('id') id: string): Promise<object> {
    return taskView(await this.approvals.get(taskId(id)));
  }

  @Post(':id/approve')
  @HttpCode(200)
  async approve(
    @Param('id') id: string,
    @Body() body: CommentDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<object> {
    return taskView(await this.approvals.approve(taskId(id), user, body.comment ?? null));
  }

  @Post(':id/reject')
  @HttpCode(200)
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
