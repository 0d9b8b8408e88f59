// The circuit breaker's Nest module: the health consumer, the operators' API, the breaker service and
// the health history's retention.
import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SERVICE_CONFIG } from '@governor/nest';
import type { BreakerConfig } from '../config';
import { BreakerRepository } from '../infra/breaker.repository';
import { BreakerService } from './breaker.service';
import { DomainHealthConsumer } from './domain-health.consumer';
import { DomainsController } from './domains.controller';
import { HealthRetention } from './health-retention.service';

@Module({
  controllers: [DomainHealthConsumer, DomainsController],
  providers: [
    BreakerService,
    HealthRetention,
    {
      provide: BreakerRepository,
      useFactory: (dataSource: DataSource, config: BreakerConfig) => new BreakerRepository(dataSource, config.schema),
      inject: [DataSource, SERVICE_CONFIG],
    },
  ],
})
export class BreakerModule {}
