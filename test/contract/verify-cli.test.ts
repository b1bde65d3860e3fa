import { afterEach, describe, expect, it } from 'vitest';
import { startRegistry } from '../../src/registry/server/http.js';
import { createRegistryClient } from '../../src/registry/client/index.js';
import { git, kontract } from '../cli/helpers.js';
import { fixtureProject } from './helpers.js';

interface JsonCase {
  name: string;
  status: string;
  findings: Array<{ ruleId: string; severity: string; file?: string; line?: number; column?: number; location?: string; message: string }>;
  details: { topic: string; producer: string | null; consumer: string; role?: string };
}

const parse = (stdout: string) => JSON.parse(stdout) as { ok: boolean; title: string; cases: JsonCase[] };

describe('kontract verify and can-i-deploy on a shop with two producers and three consumers', () => {
  let project: ReturnType<typeof fixtureProject> | undefined;
  afterEach(() => project?.cleanup());

  it('pass before the planned change', async () => {
    project = fixtureProject('shop');
    const result = await kontract(project.dir, ['verify', '--format', 'json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = parse(result.stdout);
    expect(report.cases.map((c) => c.name)).toEqual([
      'shop.customer.registered: users-service → billing-service',
      'shop.customer.registered: users-service → warehouse-service',
      'shop.order.placed: orders-service → billing-service',
      'shop.order.placed: orders-service → marketing-service',
    ]);
    expect(report.cases.every((c) => c.status === 'pass')).toBe(true);
  });

  it('name the one consumer, topic and rule the planned change breaks, and pass once that consumer updated its contract', async () => {
    project = fixtureProject('shop');
    project.copy('planned/v2.avsc', 'schemas/shop.order.placed-value/v2.avsc');

    const verify = await kontract(project.dir, ['verify', '--format', 'json']);
    expect(verify.code).toBe(1);
    const failing = parse(verify.stdout).cases.filter((c) => c.status !== 'pass');
    expect(failing).toHaveLength(1);
    expect(failing[0]!.details).toMatchObject({ topic: 'shop.order.placed', producer: 'orders-service', consumer: 'marketing-service' });
    const breaking = failing[0]!.findings.filter((f) => f.severity === 'error');
    expect(breaking).toEqual([
      expect.objectContaining({ ruleId: 'READER_FIELD_MISSING_DEFAULT_VALUE', file: 'schemas/shop.order.placed-value/v1.avsc', line: 10, column: 5, location: '/fields/3' }),
    ]);
    expect(breaking[0]!.message).toContain('coupon_code');

    const text = await kontract(project.dir, ['verify']);
    expect(text.stdout).toContain('FAIL  shop.order.placed: orders-service → marketing-service');
    expect(text.stdout).toContain('READER_FIELD_MISSING_DEFAULT_VALUE  schemas/shop.order.placed-value/v1.avsc:10:5');

    const github = await kontract(project.dir, ['verify', '--format', 'github']);
    expect(github.stdout).toContain('::error file=schemas/shop.order.placed-value/v1.avsc,line=10,col=5,title=READER_FIELD_MISSING_DEFAULT_VALUE (shop.order.placed%3A orders-service → marketing-service)::marketing-service cannot read what orders-service writes to shop.order.placed');
    const junit = await kontract(project.dir, ['verify', '--format', 'junit']);
    expect(junit.stdout).toContain('failures="1"');

    const deploy = await kontract(project.dir, ['can-i-deploy', '--service', 'orders-service', '--format', 'json']);
    expect(deploy.code).toBe(1);
    const deployReport = parse(deploy.stdout);
    expect(deployReport.title).toContain(': NO');
    expect(deployReport.cases.filter((c) => c.status === 'fail').map((c) => [c.name, c.findings.filter((f) => f.severity === 'error').map((f) => f.ruleId)])).toEqual([
      ['producer: shop.order.placed: orders-service → marketing-service', ['READER_FIELD_MISSING_DEFAULT_VALUE']],
    ]);
    // Deploying the previous version is still fine, and so is users-service.
    expect((await kontract(project.dir, ['can-i-deploy', '--service', 'orders-service', '--version', '1'])).code).toBe(0);
    expect((await kontract(project.dir, ['can-i-deploy', '--service', 'users-service'])).code).toBe(0);
    // As a consumer, marketing-service with its old reader cannot go out against what the repository now writes.
    const consumer = await kontract(project.dir, ['can-i-deploy', '--service', 'marketing-service']);
    expect(consumer.code).toBe(1);
    expect(consumer.stdout).toContain('FAIL  consumer: shop.order.placed: orders-service → marketing-service');

    // marketing-service reads with its own projection where coupon_code has a default.
    project.copy('planned/marketing-service.json', 'contracts/marketing-service.json');
    project.copy('planned/marketing-reader.avsc', 'contracts/marketing-service/shop.order.placed.avsc');
    expect((await kontract(project.dir, ['verify'])).code).toBe(0);
    const after = await kontract(project.dir, ['can-i-deploy', '--service', 'orders-service']);
    expect(after.code).toBe(0);
    expect(after.stdout).toContain(': YES');
  });

  it('take the candidate from a git ref', async () => {
    project = fixtureProject('shop');
    git(project.dir, 'init', '-q', '-b', 'main');
    git(project.dir, 'add', '.');
    git(project.dir, 'commit', '-q', '-m', 'v1');
    git(project.dir, 'checkout', '-q', '-b', 'orders-v2');
    project.copy('planned/v2.avsc', 'schemas/shop.order.placed-value/v2.avsc');
    git(project.dir, 'add', '.');
    git(project.dir, 'commit', '-q', '-m', 'v2');
    git(project.dir, 'checkout', '-q', 'main');
    const no = await kontract(project.dir, ['can-i-deploy', '--service', 'orders-service', '--version', 'orders-v2']);
    expect(no.code).toBe(1);
    expect(no.stdout).toContain('git orders-v2');
    expect(no.stdout).toContain('orders-service → marketing-service');
    expect((await kontract(project.dir, ['can-i-deploy', '--service', 'orders-service', '--version', 'main'])).code).toBe(0);
  });

  it("read what is deployed from the registry's latest versions when a registry is given", async () => {
    project = fixtureProject('shop');
    project.copy('planned/v2.avsc', 'schemas/shop.order.placed-value/v2.avsc');
    const registry = await startRegistry({ port: 0, memory: true, auth: '' });
    try {
      const client = createRegistryClient({ url: registry.url });
      await client.register('shop.order.placed-value', { schema: project.read('schemas/shop.order.placed-value/v1.avsc') });
      // Only v1 is deployed: marketing-service's v1 reader is fine with it.
      const yes = await kontract(project.dir, ['can-i-deploy', '--service', 'marketing-service', '--registry', registry.url, '--format', 'json']);
      expect(yes.code).toBe(0);
      expect(yes.stdout).toContain(`registry ${registry.url}: shop.order.placed-value v1`);
      await client.register('shop.order.placed-value', { schema: project.read('schemas/shop.order.placed-value/v2.avsc') });
      expect((await kontract(project.dir, ['can-i-deploy', '--service', 'marketing-service', '--registry', registry.url])).code).toBe(1);
      // A subject the registry does not have yet falls back to the repository, and says so.
      const billing = await kontract(project.dir, ['can-i-deploy', '--service', 'billing-service', '--registry', registry.url]);
      expect(billing.code).toBe(0);
      expect(billing.stdout).toContain('shop.customer.registered');
    } finally {
      await registry.close();
    }
  });

  it('do not ask the registry for a service that reads no topic, and say so', async () => {
    project = fixtureProject('shop');
    // Nothing listens on port 9: a service that consumes nothing must not need the registry.
    const result = await kontract(project.dir, ['can-i-deploy', '--service', 'orders-service', '--registry', 'http://127.0.0.1:9']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('deployed writers from nowhere (the service reads no topic)');
  });

  it('refuse an unknown service with a hint', async () => {
    project = fixtureProject('shop');
    const result = await kontract(project.dir, ['can-i-deploy', '--service', 'order-service']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no contract for service "order-service"');
    expect(result.stderr).toContain('Did you mean "orders-service"?');
    // In a machine-readable format the error is part of the report too.
    const json = await kontract(project.dir, ['can-i-deploy', '--service', 'order-service', '--format', 'json']);
    expect(json.code).toBe(2);
    const report = JSON.parse(json.stdout) as { ok: boolean; errors: Array<{ message: string }> };
    expect(report.ok).toBe(false);
    expect(report.errors[0]?.message).toContain('no contract for service "order-service"');
  });
});
