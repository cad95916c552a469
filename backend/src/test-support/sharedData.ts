import fs from 'fs';
import path from 'path';

/**
 * The real public data set lives beside the repository (`../shared/data`), never inside it;
 * TVM_SHARED_DATA points elsewhere.
 */
export const SHARED_DATA_DIR = process.env.TVM_SHARED_DATA
  ? path.resolve(process.env.TVM_SHARED_DATA)
  : path.resolve(__dirname, '../../../../shared/data');

export function sharedDataPath(...parts: string[]): string {
  return path.join(SHARED_DATA_DIR, ...parts);
}

/**
 * `describe` for suites that need ../shared/data: skipped with a clear message where the data set is
 * absent, but failing under CI=true, where its absence is a broken checkout.
 */
export function describeWithSharedData(name: string, fn: () => void): void {
  const present = fs.existsSync(SHARED_DATA_DIR);
  if (present) {
    describe(name, fn);
    return;
  }
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('needs ../shared/data', () => {
        throw new Error(`${SHARED_DATA_DIR} is missing: the real-data tests cannot run (CI=true makes this a failure)`);
      });
    });
    return;
  }
  // Skipped on purpose, with the reason in the title: the data set is not on this machine.
  describe.skip(`${name} (skipped: ${SHARED_DATA_DIR} not found)`, fn);
}

export function readSharedJson<T = unknown>(...parts: string[]): T {
  return JSON.parse(fs.readFileSync(sharedDataPath(...parts), 'utf8')) as T;
}
