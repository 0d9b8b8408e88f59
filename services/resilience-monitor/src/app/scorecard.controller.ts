// GET /scorecard?window= (docs/contract.md section 5): the governance scorecard, for any authenticated role.
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiErrors, badRequest, SERVICE_CONFIG } from '@governor/nest';
import type { MonitorConfig } from '../config';
import { buildScorecard, type Scorecard } from '../domain/scorecard';
import { DEFAULT_WINDOW, parseWindow, WindowError } from '../domain/window';
import { ScorecardRepository } from '../infra/scorecard.repository';
import { HealthReporter } from './health-reporter.service';

@Controller('scorecard')
@ApiTags('scorecard')
export class ScorecardController {
  constructor(
    @Inject(ScorecardRepository) private readonly repository: ScorecardRepository,
    @Inject(HealthReporter) private readonly health: HealthReporter,
    @Inject(SERVICE_CONFIG) private readonly config: MonitorConfig,
  ) {}

  @Get()
  @ApiQuery({ name: 'window', required: false, type: String, description: `e.g. 24h (default ${DEFAULT_WINDOW})` })
  @ApiErrors({ 400: '`invalid-window`' })
  async scorecard(@Query('window') window: unknown): Promise<Scorecard> {
    const text = window === undefined ? DEFAULT_WINDOW : window;
    if (typeof text !== 'string') throw badRequest('invalid-window', 'give one window, e.g. ?window=24h');
    let seconds: number;
    try {
      seconds = parseWindow(text);
    } catch (error) {
      if (error instanceof WindowError) throw badRequest(error.code, error.message);
      throw error;
    }
    const to = Date.now();
    const [facts, healths] = await Promise.all([this.repository.load(to - seconds * 1000, to), this.health.compute(to)]);
    const health = Object.fromEntries([...healths].map(([domain, h]) => [domain, h.health]));
    return buildScorecard(text, { ...facts, health }, this.config.healthPolicy.drift);
  }
}
