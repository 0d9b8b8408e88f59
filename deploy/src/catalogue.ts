// What a deployment needs to know of each Governor process beyond the topic registry: its port,
// whether it uses Kafka and Postgres, who calls it, and what it costs. Requests and limits come from
// the bench (docs/benchmarks.md, "Processes at P step"): memory is requested at the peak RSS seen
// under a saturating load, rounded up, and limited at 256 MiB, above V8's 128 MiB old-space cap
// (libs/cli's service-runtime) plus Cedar's WebAssembly and the buffers; CPU is requested at the
// share of a core the service took at that step and limited at one core, all an event loop can use.
import { ServicePrincipals, type ServicePrincipal } from '@governor/contracts';

export interface Resources {
  readonly cpuRequest: string;
  readonly memoryRequest: string;
  readonly cpuLimit: string;
  readonly memoryLimit: string;
}

export interface DeployedProcess {
  readonly name: string;
  readonly port: number;
  /** The Kafka principal it connects as (its own KafkaUser); none for the console. */
  readonly kafkaUser?: ServicePrincipal;
  readonly database: boolean;
  /** The processes that call its HTTP API (beside the console, which calls every service). */
  readonly calledBy: readonly string[];
  /** Whether it calls the systems of record outside the cluster (execution-adapters). */
  readonly callsOut: boolean;
  readonly resources: Resources;
  readonly description: string;
}

const limits = { cpuLimit: '1', memoryLimit: '256Mi' } as const;

export const CONSOLE = 'console';

export const PROCESSES: readonly DeployedProcess[] = [
  {
    name: ServicePrincipals.DataQuality,
    port: 3001,
    kafkaUser: ServicePrincipals.DataQuality,
    database: true,
    calledBy: [],
    callsOut: false,
    resources: { cpuRequest: '250m', memoryRequest: '160Mi', ...limits },
    description: 'scores source events and dead-letters what it cannot accept',
  },
  {
    name: ServicePrincipals.PredictiveRisk,
    port: 3002,
    kafkaUser: ServicePrincipals.PredictiveRisk,
    database: true,
    calledBy: [],
    callsOut: false,
    resources: { cpuRequest: '300m', memoryRequest: '160Mi', ...limits },
    description: 'forecasts demand, predicts risk and proposes actions',
  },
  {
    name: ServicePrincipals.PolicyEnforcement,
    port: 3003,
    kafkaUser: ServicePrincipals.PolicyEnforcement,
    database: true,
    // execution-adapters reads the signing keys at /.well-known/jwks.json.
    calledBy: [ServicePrincipals.ExecutionAdapters],
    callsOut: false,
    resources: { cpuRequest: '300m', memoryRequest: '192Mi', ...limits },
    description: 'decides each proposal under Cedar policy, keeps approvals and the audit chain',
  },
  {
    name: ServicePrincipals.ExecutionAdapters,
    port: 3004,
    kafkaUser: ServicePrincipals.ExecutionAdapters,
    database: true,
    calledBy: [],
    callsOut: true,
    resources: { cpuRequest: '250m', memoryRequest: '160Mi', ...limits },
    description: 'executes signed approved actions against the systems of record',
  },
  {
    name: ServicePrincipals.ResilienceMonitor,
    port: 3005,
    kafkaUser: ServicePrincipals.ResilienceMonitor,
    database: true,
    calledBy: [],
    callsOut: false,
    resources: { cpuRequest: '100m', memoryRequest: '128Mi', ...limits },
    description: 'measures feed and model health and keeps the scorecard',
  },
  {
    name: ServicePrincipals.CircuitBreaker,
    port: 3006,
    kafkaUser: ServicePrincipals.CircuitBreaker,
    database: true,
    calledBy: [],
    callsOut: false,
    resources: { cpuRequest: '50m', memoryRequest: '128Mi', ...limits },
    description: "switches a domain to manual fallback and back, keeping each domain's mode",
  },
  {
    name: CONSOLE,
    port: 3000,
    database: false,
    calledBy: [],
    callsOut: false,
    resources: { cpuRequest: '50m', memoryRequest: '96Mi', ...limits },
    description: 'the operator console: the web app and its same-origin pass-through to the services',
  },
];

/** The services the console passes calls to. */
export const SERVICES: readonly DeployedProcess[] = PROCESSES.filter((p) => p.name !== CONSOLE);

/** The Kubernetes Secret Strimzi writes a KafkaUser's SCRAM password into (it bears the user's name). */
export function kafkaUserSecret(user: ServicePrincipal): string {
  return user;
}
