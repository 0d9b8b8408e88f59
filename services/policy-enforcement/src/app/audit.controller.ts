// HTTP: audit verification and lineage (docs/contract.md section 5, role auditor).
import { Controller, Get, Inject, Param } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Roles } from '@governor/nest';
import { UserRoles } from '../domain/approval-rules';
import { AuditLog, type AuditVerification } from '../infra/database/audit-log';
import { AuditCheckpointService } from './audit-checkpoint.service';
import { LineageService } from './lineage.service';

@Controller()
@Roles(UserRoles.Auditor)
export class AuditController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(LineageService) private readonly lineage: LineageService,
    @Inject(AuditCheckpointService) private readonly checkpoints: AuditCheckpointService,
  ) {}

  /**
   * `{ok, entries, firstBadEntry?, problem?}`: firstBadEntry is the seq where the chain breaks, or
   * where it stops short of the newest signed checkpoint (a truncation).
   */
  @Get('audit/verify')
  async verify(): Promise<AuditVerification> {
    return this.audit.verify(this.dataSource, await this.checkpoints.latestVerified());
  }

  @Get('lineage/:actionId')
  lineageOf(@Param('actionId') actionId: string): Promise<object> {
    return this.lineage.of(actionId);
  }
}
