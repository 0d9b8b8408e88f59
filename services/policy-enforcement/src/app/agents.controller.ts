// HTTP: the registry of AI agents (docs/contract.md sections 5 and 7, role governance); changes are
// audited. Registering an agent takes the public key it signs its proposals with.
import { Body, Controller, Get, Inject, Param, Put } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '@governor/auth';
import { ApiTags } from '@nestjs/swagger';
import { ApiErrors, badRequest, CurrentUser, cursorFields, Page, PageQuery, Roles, type PageRequest } from '@governor/nest';
import { AgentKeyErrors, checkAgentPublicKey, type AgentPublicKey } from '../domain/agent-public-key';
import { UserRoles } from '../domain/approval-rules';
import { importAgentKey } from '../infra/agent-signatures';
import { AgentRegistry, type Agent } from '../infra/database/agent-registry';
import { AuditKinds, AuditLog } from '../infra/database/audit-log';
import { PutAgentDto } from './dto';

const AGENT_ID = /^\S{1,200}$/;

@Controller('agents')
@Roles(UserRoles.Governance)
@ApiTags('agents')
export class AgentsController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AgentRegistry) private readonly agents: AgentRegistry,
    @Inject(AuditLog) private readonly audit: AuditLog,
  ) {}

  /** A page of the registry by agent id (docs/contract.md section 7, "Lists page"). */
  @Get()
  async list(@PageQuery() page: PageRequest): Promise<Page<object>> {
    const after = cursorFields(page, ['agentId'])?.agentId;
    if (after !== undefined && typeof after !== 'string') throw badRequest('invalid-cursor', 'after is not a cursor of this list');
    const agents = await this.agents.list(this.dataSource, after, page.limit + 1);
    return Page.of(agents, page, (agent) => ({ agentId: agent.agentId }), view);
  }

  @Put(':agentId')
  @ApiErrors({ 400: '`invalid-request`, `invalid-agent-id`, `public-key-required`, `invalid-public-key`, `private-key-not-accepted`' })
  async put(
    @Param('agentId') agentId: string,
    @Body() body: PutAgentDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<object> {
    if (!AGENT_ID.test(agentId))
      throw badRequest('invalid-agent-id', 'agentId must be 1 to 200 characters without spaces');
    const publicKey = await usablePublicKey(body.publicKey);
    const agent: Agent = {
      agentId,
      owner: body.owner,
      scope: [...body.scope].sort(),
      description: body.description ?? '',
      publicKey,
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
            publicKey: agent.publicKey,
            previous: before ? { owner: before.owner, scope: before.scope, publicKey: before.publicKey } : null,
          },
        },
      ]);
    });
    return view(agent);
  }
}

/** The request's key, checked and imported once, so that a key that cannot verify anything is refused here. */
async function usablePublicKey(value: unknown): Promise<AgentPublicKey> {
  const checked = checkAgentPublicKey(value);
  if (!checked.ok) throw badRequest(checked.code, checked.message);
  try {
    await importAgentKey(checked.key);
  } catch (error) {
    throw badRequest(AgentKeyErrors.Invalid, `publicKey is not a usable key: ${(error as Error).message}`);
  }
  return checked.key;
}

function view(agent: Agent): object {
  return { ...agent, updatedAt: agent.updatedAt.toISOString() };
}
