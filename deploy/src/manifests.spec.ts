// The deployment files: the generated Kubernetes base is what deploy/src renders from the topic
// registry today, its Strimzi resources carry the registry's topics and ACLs, and every file
// passes deploy/validate.mjs, which rejects broken ones.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { registryAcls, TOPIC_REGISTRY } from '@governor/contracts';
import { PROCESSES } from './catalogue';
import { baseDir, deployDir } from './paths';
import { renderBase } from './render';

const HOW_TO_FIX = 'run `npm run build && npm run deploy:generate` and commit the result';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const docsOf = (text: string): Doc[] => parseAllDocuments(text).map((d) => d.toJS() as Doc).filter(Boolean);
const generated = renderBase();
const all = [...generated.values()].flatMap(docsOf);
const ofKind = (kind: string) => all.filter((d) => d.kind === kind);

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

function validate(...args: string[]) {
  const run = spawnSync(process.execPath, [join(deployDir(), 'validate.mjs'), ...args], { encoding: 'utf8' });
  return { status: run.status, out: run.stdout + run.stderr };
}

describe('the Kubernetes base', () => {
  it.each([...generated.keys()])('deploy/k8s/base/%s is up to date', (path) => {
    const target = join(baseDir(), path);
    const actual = existsSync(target) ? readFileSync(target, 'utf8') : undefined;
    if (actual !== generated.get(path)) throw new Error(`deploy/k8s/base/${path} is ${actual === undefined ? 'missing' : 'stale'}: ${HOW_TO_FIX}`);
  });

  it('has no file the generator does not write', () => {
    expect(filesUnder(baseDir()).map((f) => relative(baseDir(), f)).sort()).toEqual([...generated.keys()].sort());
  });

  it('has a KafkaTopic per registry topic, three replicas, two in sync', () => {
    expect(ofKind('KafkaTopic').map((t) => [t.spec.topicName, t.spec.partitions, t.spec.config['cleanup.policy']])).toEqual(
      TOPIC_REGISTRY.map((t) => [t.name, t.partitions, t.cleanupPolicy]),
    );
    for (const topic of ofKind('KafkaTopic')) expect(topic.spec).toMatchObject({ replicas: 3, config: { 'min.insync.replicas': 2 } });
  });

  it("gives each KafkaUser exactly the registry's ACLs of its principal", () => {
    const acls = registryAcls();
    for (const user of ofKind('KafkaUser')) {
      const expected = acls.filter((a) => a.principal === `User:${user.metadata.name}`);
      expect(expected.length).toBeGreaterThan(0);
      expect(user.spec.authorization.acls.map((a: Doc) => [a.resource.type, a.resource.name, a.operations[0].toLowerCase()])).toEqual(
        expected.map((a) => [a.resourceType, a.name, a.operation]),
      );
    }
    // The test and bench identities play every party: they have no place in a cluster.
    expect(ofKind('KafkaUser').map((u) => u.metadata.name)).not.toEqual(expect.arrayContaining(['governor-test']));
  });

  it('runs each process non-root on a read-only root filesystem, probed on /health/*, with requests and limits', () => {
    expect(ofKind('Deployment').map((d) => d.metadata.name)).toEqual(PROCESSES.map((p) => p.name));
    for (const deployment of ofKind('Deployment')) {
      const [container] = deployment.spec.template.spec.containers;
      expect(deployment.spec.template.spec.securityContext).toMatchObject({ runAsNonRoot: true });
      expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
      expect([container.livenessProbe.httpGet.path, container.readinessProbe.httpGet.path]).toEqual(['/health/live', '/health/ready']);
      expect(Object.keys(container.resources.requests).sort()).toEqual(['cpu', 'memory']);
      expect(Object.keys(container.resources.limits).sort()).toEqual(['cpu', 'memory']);
    }
    expect(ofKind('PodDisruptionBudget')).toHaveLength(PROCESSES.length);
    expect(ofKind('NetworkPolicy')).toHaveLength(PROCESSES.length + 1);
  });

  it("scales each consumer on its group's lag, up to its widest topic's partitions", () => {
    const consumers = PROCESSES.filter((p) => p.kafkaUser);
    expect(ofKind('ScaledObject').map((s) => s.metadata.name)).toEqual(consumers.map((p) => p.name));
    for (const scaled of ofKind('ScaledObject')) {
      const widest = Math.max(...TOPIC_REGISTRY.filter((t) => (t.readers as readonly string[]).includes(scaled.metadata.name)).map((t) => t.partitions));
      expect(scaled.spec.maxReplicaCount).toBe(widest);
      expect(scaled.spec.triggers[0]).toMatchObject({ type: 'kafka', metadata: { consumerGroup: `governor.${scaled.metadata.name}` } });
    }
  });
});

describe('deploy/validate.mjs', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'governor-deploy-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts the repository: the manifests, overlays, compose file and Dockerfile', () => {
    const { status, out } = validate();
    expect(out).toMatch(/^valid: \d+ Kubernetes resources/m);
    expect(status).toBe(0);
  });

  it('rejects a resource that breaks its schema, naming it and the field', () => {
    const deployment = ofKind('Deployment')[0];
    const broken = structuredClone(deployment);
    broken.spec.template.spec.containers[0].image = 42;
    delete broken.spec.selector;
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, JSON.stringify(broken));
    const { status, out } = validate('--k8s', file);
    expect(status).toBe(1);
    expect(out).toContain(`Deployment ${deployment.metadata.name}`);
    expect(out).toMatch(/image must be string/);
    expect(out).toMatch(/must have required property selector/);
  });

  it('rejects a Strimzi or KEDA resource that breaks its CRD schema, and a kind nobody knows', () => {
    const scaled = structuredClone(ofKind('ScaledObject')[0]);
    delete scaled.spec.scaleTargetRef;
    const topic = structuredClone(ofKind('KafkaTopic')[0]);
    topic.spec.partitions = 'six';
    const file = join(dir, 'crds.yaml');
    writeFileSync(file, [scaled, topic, { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }].map((d) => `---\n${JSON.stringify(d)}\n`).join(''));
    const { status, out } = validate('--k8s', file);
    expect(status).toBe(1);
    expect(out).toMatch(/ScaledObject .*scaleTargetRef/);
    expect(out).toMatch(/KafkaTopic .*partitions must be integer/);
    expect(out).toMatch(/no schema known for apiVersion example.com\/v1/);
  });

  it('rejects a compose file outside the Compose Specification', () => {
    const file = join(dir, 'compose.yml');
    writeFileSync(file, readFileSync(join(deployDir(), 'compose/docker-compose.yml'), 'utf8').replace('    read_only: true\n    depends_on:', '    read_onyl: true\n    depends_on:'));
    const { status, out } = validate('--compose', file);
    expect(status).toBe(1);
    expect(out).toContain('read_onyl');
  });

  it('rejects a Dockerfile the linter finds wrong', () => {
    const file = join(dir, 'Dockerfile');
    writeFileSync(file, readFileSync(join(deployDir(), 'docker/Dockerfile'), 'utf8').replace('USER node', 'USER node\nEXPOSE port-of-the-service\nHEALTHCHECK'));
    const { status, out } = validate('--dockerfile', file);
    expect(status).toBe(1);
    expect(out).toMatch(/Dockerfile:\d+: warning: Invalid containerPort: port-of-the-service/);
    expect(out).toMatch(/Dockerfile:\d+: error: .*HEALTHCHECK/i);
  });
});
