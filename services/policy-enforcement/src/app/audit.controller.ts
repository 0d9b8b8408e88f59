// HTTP: the audit log (its entries, paged; its verification; evidence packs of a range) and
// lineage (docs/contract.md sections 5 and 7, role auditor).
import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isRfc3339Timestamp } from '@governor/contracts';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiErrors, badRequest, cursorFields, Page, PageQuery, type PageRequest, Roles } from '@governor/nest';
import type { AuditEntryView, EvidencePack } from '@governor/signing';
import { UserRoles } from '../domain/approval-rules';
import { AuditKinds, AuditLog, type AuditFilter, type AuditVerification } from '../infra/database/audit-log';
import { AuditCheckpointService } from './audit-checkpoint.service';
import { entryView, EvidencePackService } from './evidence-pack.service';
import { LineageService } from './lineage.service';

const KINDS: readonly string[] = Object.values(AuditKinds);
const MAX_SUBJECT_CHARS = 500;

@Controller()
@Roles(UserRoles.Auditor)
@ApiTags('audit')
export class AuditController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(LineageService) private readonly lineage: LineageService,
    @Inject(AuditCheckpointService) private readonly checkpoints: AuditCheckpointService,
    @Inject(EvidencePackService) private readonly packs: EvidencePackService,
  ) {}

  /** Entries in seq order (keyset on seq), filtered by subject, kind and [from, to). */
  @Get('audit')
  @ApiQuery({ name: 'subject', required: false, type: String })
  @ApiQuery({ name: 'kind', required: false, enum: KINDS })
  @ApiQuery({ name: 'from', required: false, type: String, format: 'date-time' })
  @ApiQuery({ name: 'to', required: false, type: String, format: 'date-time', description: 'exclusive' })
  @ApiErrors({ 400: '`invalid-subject`, `invalid-kind`, `invalid-timestamp`, `invalid-range`' })
  async list(
    @PageQuery() page: PageRequest,
    @Query('subject') subject?: unknown,
    @Query('kind') kind?: unknown,
    @Query('from') from?: unknown,
    @Query('to') to?: unknown,
  ): Promise<Page<AuditEntryView>> {
    const filter: AuditFilter = { subject: subjectOf(subject), kind: kindOf(kind), ...rangeOf(from, to) };
    const after = cursorFields(page, ['seq'])?.seq ?? 0;
    if (!Number.isSafeInteger(after)) throw badRequest('invalid-cursor', 'after must be the cursor of a previous page, as its Link header gave it');
    const rows = await this.audit.list(this.dataSource, filter, Number(after), page.limit + 1);
    return Page.of(rows, page, (e) => ({ seq: e.seq }), entryView);
  }

  /** An evidence pack of the entries written in [from, to), both required (evidence-pack.service.ts). */
  @Get('audit/export')
  @ApiQuery({ name: 'from', type: String, format: 'date-time' })
  @ApiQuery({ name: 'to', type: String, format: 'date-time', description: 'exclusive' })
  @ApiErrors({ 400: '`missing-range`, `invalid-timestamp`, `invalid-range`, `range-too-large`' })
  export(@Query('from') from?: unknown, @Query('to') to?: unknown): Promise<EvidencePack> {
    if (from === undefined || to === undefined) throw badRequest('missing-range', 'an evidence pack needs from and to (RFC 3339)');
    const range = rangeOf(from, to);
    return this.packs.export(range.from as Date, range.to as Date);
  }

  /**
   * `{ok, entries, firstBadEntry?, problem?}`: firstBadEntry is the seq where the chain breaks, or
   * where it stops short of the newest signed checkpoint (a truncation).
   */
  @Get('audit/verify')
  async verify(): Promise<AuditVerification> {
    return this.audit.verify(this.dataSource, await this.checkpoints.latestVerified());
  }

  @Get('lineage/:actionId')
  @ApiTags('lineage')
  @ApiErrors({ 404: '`action-not-found`' })
  lineageOf(@Param('actionId') actionId: string): Promise<object> {
    return this.lineage.of(actionId);
  }
}

function subjectOf(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '' || value.length > MAX_SUBJECT_CHARS) {
    throw badRequest('invalid-subject', `subject must be one non-empty value of at most ${MAX_SUBJECT_CHARS} characters`);
  }
  return value;
}

function kindOf(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !KINDS.includes(value)) {
    throw badRequest('invalid-kind', `kind must be one of ${KINDS.join(', ')}`);
  }
  return value;
}

/** [from, to) from RFC 3339 timestamps, each optional; from after to is a 400. */
function rangeOf(from: unknown, to: unknown): Pick<AuditFilter, 'from' | 'to'> {
  const at = (value: unknown, name: string): Date | undefined => {
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !isRfc3339Timestamp(value)) {
      throw badRequest('invalid-timestamp', `${name} must be an RFC 3339 timestamp, e.g. 2026-12-04T08:00:00Z`);
    }
    return new Date(value);
  };
  const range = { from: at(from, 'from'), to: at(to, 'to') };
  if (range.from && range.to && range.from > range.to) throw badRequest('invalid-range', 'from must not be after to');
  return range;
}
