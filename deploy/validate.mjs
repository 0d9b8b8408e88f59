#!/usr/bin/env node
// `npm run deploy:check`: validates the deployment files with the published schemas, without Docker
// or a cluster. Each Kubernetes resource under deploy/k8s against its kind's schema (Kubernetes'
// own OpenAPI schemas through kubernetes-models, the Strimzi and KEDA CRDs' schemas through their
// @kubernetes-models packages), each kustomization's references; the compose file against the
// Compose Specification's JSON Schema (deploy/schemas/compose-spec.json); the Dockerfile with
// dockerfile-utils' linter (the one behind the Docker language server). Exits 1 naming each problem.
// Arguments pick other files (for tests): --k8s PATH... --compose FILE --dockerfile FILE.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const Ajv = require('ajv');
const { parseAllDocuments } = require('yaml');
const { validate: lintDockerfile, ValidationSeverity } = require('dockerfile-utils');

const here = path.dirname(fileURLToPath(import.meta.url));

/** The model package of each apiVersion Governor's manifests use. */
const MODEL_MODULES = {
  v1: 'kubernetes-models/v1',
  'apps/v1': 'kubernetes-models/apps/v1',
  'policy/v1': 'kubernetes-models/policy/v1',
  'networking.k8s.io/v1': 'kubernetes-models/networking.k8s.io/v1',
  'kafka.strimzi.io/v1beta2': '@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/v1beta2',
  'keda.sh/v1alpha1': '@kubernetes-models/keda/keda.sh/v1alpha1',
};

function parseArgs(argv) {
  const given = { k8s: [], compose: undefined, dockerfile: undefined };
  let key;
  for (const arg of argv) {
    if (arg.startsWith('--')) key = arg.slice(2);
    else if (key === 'k8s') given.k8s.push(arg);
    else if (key === 'compose' || key === 'dockerfile') given[key] = arg;
    else throw new Error(`unexpected argument ${arg}`);
  }
  const none = given.k8s.length === 0 && !given.compose && !given.dockerfile;
  return {
    k8s: none ? [path.join(here, 'k8s')] : given.k8s,
    compose: none ? path.join(here, 'compose/docker-compose.yml') : given.compose,
    dockerfile: none ? path.join(here, 'docker/Dockerfile') : given.dockerfile,
  };
}

const yamlFiles = (p) =>
  statSync(p).isDirectory() ? readdirSync(p).sort().flatMap((n) => yamlFiles(path.join(p, n))) : /\.ya?ml$/.test(p) ? [p] : [];

function parseYaml(file) {
  const documents = parseAllDocuments(readFileSync(file, 'utf8'), { merge: true });
  const errors = documents.flatMap((d) => d.errors.map((e) => `${file}: ${e.message}`));
  return { errors, values: documents.map((d) => d.toJS()).filter((v) => v !== null && v !== undefined) };
}

/** Checks one kustomization's references; returns the files it names as patches (partial resources). */
function checkKustomization(file, kustomization, problems) {
  const dir = path.dirname(file);
  const patches = [];
  for (const ref of kustomization.resources ?? []) {
    if (!existsSync(path.join(dir, ref))) problems.push(`${file}: resource ${ref} does not exist`);
  }
  for (const patch of kustomization.patches ?? []) {
    if (patch.path === undefined) continue;
    const target = path.join(dir, patch.path);
    if (!existsSync(target)) problems.push(`${file}: patch ${patch.path} does not exist`);
    patches.push(path.resolve(target));
  }
  for (const generator of [...(kustomization.secretGenerator ?? []), ...(kustomization.configMapGenerator ?? [])]) {
    for (const entry of generator.files ?? []) {
      const source = entry.includes('=') ? entry.split('=')[1] : entry;
      if (!existsSync(path.join(dir, source))) problems.push(`${file}: generator file ${source} does not exist`);
    }
  }
  return patches;
}

async function checkKubernetes(paths, problems) {
  const files = paths.flatMap(yamlFiles);
  const parsed = new Map(files.map((f) => [path.resolve(f), parseYaml(f)]));
  const patches = new Set();
  for (const [file, { errors, values }] of parsed) {
    problems.push(...errors);
    for (const value of values) if (value.kind === 'Kustomization') for (const p of checkKustomization(file, value, problems)) patches.add(p);
  }
  let count = 0;
  for (const [file, { values }] of parsed) {
    if (patches.has(file)) continue;
    for (const resource of values) {
      if (resource.kind === 'Kustomization') continue;
      const where = `${path.relative(process.cwd(), file)}: ${resource.kind ?? '?'} ${resource.metadata?.name ?? '?'}`;
      const modulePath = MODEL_MODULES[resource.apiVersion];
      if (!modulePath) {
        problems.push(`${where}: no schema known for apiVersion ${resource.apiVersion}`);
        continue;
      }
      const models = await import(modulePath);
      const Model = models[resource.kind];
      if (typeof Model !== 'function') {
        problems.push(`${where}: ${resource.apiVersion} has no kind ${resource.kind}`);
        continue;
      }
      try {
        new Model(resource).validate();
        count++;
      } catch (error) {
        problems.push(`${where}: ${error.message}`);
      }
    }
  }
  return `${count} Kubernetes resources in ${files.length} files`;
}

function checkCompose(file, problems) {
  const ajv = new Ajv({ strict: false, allErrors: true });
  // The specification names draft 7 by its https address; Ajv knows it by the http one.
  ajv.addMetaSchema({ ...require('ajv/dist/refs/json-schema-draft-07.json'), $id: 'https://json-schema.org/draft-07/schema' });
  const validate = ajv.compile(JSON.parse(readFileSync(path.join(here, 'schemas/compose-spec.json'), 'utf8')));
  const { errors, values } = parseYaml(file);
  problems.push(...errors);
  if (values.length === 1 && !validate(values[0])) {
    for (const e of validate.errors) problems.push(`${file}: ${e.instancePath || '/'} ${e.message}${e.params?.additionalProperty ? ` (${e.params.additionalProperty})` : ''}`);
  }
  return `compose file ${path.relative(process.cwd(), file)}`;
}

function checkDockerfile(file, problems) {
  const text = readFileSync(file, 'utf8');
  for (const d of lintDockerfile(text)) {
    const severity = d.severity === ValidationSeverity.ERROR ? 'error' : 'warning';
    problems.push(`${file}:${d.range.start.line + 1}: ${severity}: ${d.message}`);
  }
  return `Dockerfile ${path.relative(process.cwd(), file)}`;
}

const targets = parseArgs(process.argv.slice(2));
const problems = [];
const checked = [];
if (targets.k8s.length > 0) checked.push(await checkKubernetes(targets.k8s, problems));
if (targets.compose) checked.push(checkCompose(targets.compose, problems));
if (targets.dockerfile) checked.push(checkDockerfile(targets.dockerfile, problems));
for (const p of problems) process.stderr.write(`${p}\n`);
process.stdout.write(`${problems.length === 0 ? 'valid' : `${problems.length} problem(s) in`}: ${checked.join('; ')}\n`);
process.exit(problems.length === 0 ? 0 : 1);
