import { describe, expect, it } from 'vitest';
import { DEP_ERR_MISSING, importOptional } from '../../errors/index.js';

describe('importOptional', () => {
  it('names the missing optional package and what needs it', async () => {
    const err = await importOptional(
      // @ts-expect-error: a package that is not installed
      () => import('strangler-fig-no-such-package'), ['strangler-fig-no-such-package'], 'this test',
    ).catch((e: unknown) => e);
    expect((err as { code?: string }).code).toBe(DEP_ERR_MISSING.code);
    expect((err as Error).message).toContain('npm install strangler-fig-no-such-package');
  });

  it('rethrows a module that is missing but not one of the optional packages', async () => {
    const err = await importOptional(
      // @ts-expect-error: a package that is not installed
      () => import('strangler-fig-no-such-package'), ['dataloader'], 'this test',
    ).catch((e: unknown) => e);
    expect((err as { code?: string }).code).toBe('ERR_MODULE_NOT_FOUND');
  });

  it('returns the module when its packages are installed', async () => {
    const mod = await importOptional(() => import('dataloader'), ['dataloader'], 'this test');
    expect(typeof mod.default).toBe('function');
  });
});
