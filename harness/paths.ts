import fs from 'fs';
import path from 'path';

/** The repository root: the nearest directory above this file whose package.json is this project's. */
function findRepoRoot(start: string): string {
  let dir = start;
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, 'utf8')).name === 'grafana-tvm') {
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(`harness: no grafana-tvm package.json above ${start}`);
    }
    dir = parent;
  }
}

export const REPO_ROOT = findRepoRoot(__dirname);
export const DIST_DIR = path.join(REPO_ROOT, 'dist');
export const DASHBOARDS_DIR = path.join(REPO_ROOT, 'dashboards');
export const HARNESS_DIR = path.join(REPO_ROOT, 'harness');
/** The esbuild output of the host page: named dist so that git and ESLint ignore it like every build output. */
export const BUILD_DIR = path.join(HARNESS_DIR, 'dist');
export const SCREENSHOTS_DIR = path.join(HARNESS_DIR, 'screenshots');
export const CHROMIUM_PATH = process.env.HARNESS_CHROMIUM ?? '/usr/bin/chromium';
