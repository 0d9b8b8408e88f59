// HTTP: the registry of AI agents (CONTRACT.md section 5, role governance); changes are audited.
import { Body, Controller, Get, Inject, Param, Put } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '@governor/auth';
import { badRequest, CurrentUser, Roles } from '@governor/nest';
import { UserRoles } from '../domain/approval-rules';
import { AgentRegistry, type Agent } from '../infra/database/agent-registry';
import { AuditKinds, AuditLog } from '../infra/database/audit-log';
import { PutAgentDto } from './dto';

const AGENT_ID = /^\S{1,200}$/;

@Controller('agents')
@Roles(UserRoles.Governance)
export class AgentsController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AgentRegistry) private readonly agents: AgentRegistry,
    @Inject(AuditLog) private readonly audit: AuditLog,
  ) {}

  @Get()
  async list(): Promise<object[]> {
    return (await this.agents.list(this.dataSource)).map(view);
  }

  @Put(':agentId')
  async put(
    @Param('agentId') agentId: string,
    @Body() body: PutAgentDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<object> {
    if (!AGENT_ID.test(agentId))
      throw badRequest('invalid-agent-id', 'agentId must be 1 to 200 characters without spaces');
    const agent: Agent = {
      agentId,
      owner: body.owner,
      scope: [...body.scope].sort(),
      description: body.description ?? '',
      updatedBy: user.id,
      updatedAt: new Date(),
    };
    await this.dataSource.transaction(async (manager) => {
      const before = await this.agents.put(manager, agent);
      await this.audit.append(manager, [
        {
          kind: AuditKinds.AgentRegistered,
          actor: user.id,
          subject: `agent:${agentId}`,
          payload: {
            agentId,
            owner: agent.owner,
            scope: agent.scope,
            description: agent.description,
            previous: before ? { owner: before.owner, scope: before.scope } : null,
          },
        },
      ]);
    });
    return view(agent);
  }
}

function view(agent: Agent): object {
  return { ...agent, updatedAt: agent.updatedAt.toISOString() };
}
