import { SHARED_MODULES } from './sharedModules';

type Factory = (...deps: unknown[]) => unknown;
interface Pending {
  resolve: (exports: unknown) => void;
  reject: (err: Error) => void;
}

const pending = new Map<string, Pending>();
const loaded = new Map<string, Promise<unknown>>();

/**
 * Grafana's loader contract for a plugin's `module.js`: an anonymous AMD `define` whose dependencies are
 * shared modules, plus `module`, whose `uri` tells webpack's public-path shim where the plugin's lazy
 * chunks live. The defining script is identified by `document.currentScript`, which is set while a
 * classic script runs.
 */
function define(deps: string[] | Factory, factory?: Factory): void {
  const script = document.currentScript as HTMLScriptElement | null;
  const uri = script?.src;
  const waiting = uri ? pending.get(uri) : undefined;
  if (!uri || !waiting) {
    throw new Error(`harness: define() called outside a plugin module script (${uri ?? 'inline script'})`);
  }
  pending.delete(uri);
  const [names, body] = typeof deps === 'function' ? [[] as string[], deps] : [deps, factory!];
  try {
    const missing = names.filter((d) => d !== 'module' && d !== 'exports' && !(d in SHARED_MODULES));
    if (missing.length) {
      throw new Error(
        `${uri} imports ${missing.join(', ')}, which Grafana does not share with plugins: bundle it into the plugin`
      );
    }
    const exportsObject: Record<string, unknown> = {};
    const args = names.map((d) =>
      d === 'module' ? { id: uri, uri } : d === 'exports' ? exportsObject : SHARED_MODULES[d]
    );
    const result = body(...args);
    waiting.resolve(result ?? exportsObject);
  } catch (err) {
    waiting.reject(err instanceof Error ? err : new Error(String(err)));
  }
}
define.amd = true;

export function installAmdLoader(): void {
  (window as unknown as { define: typeof define }).define = define;
}

/** Loads a plugin's module.js by URL (once) and resolves with its exports (`{ plugin }`). */
export function loadPluginModule(url: string): Promise<Record<string, unknown>> {
  const absolute = new URL(url, document.baseURI).href;
  let promise = loaded.get(absolute);
  if (!promise) {
    promise = new Promise((resolve, reject) => {
      pending.set(absolute, { resolve, reject });
      const script = document.createElement('script');
      script.src = absolute;
      script.async = true;
      script.onerror = () => {
        pending.delete(absolute);
        reject(new Error(`could not load ${absolute}: is the plugin built (npm run build:plugin)?`));
      };
      script.onload = () => {
        // define() runs while the script executes, before `load`: still pending means it never came.
        if (pending.delete(absolute)) {
          reject(new Error(`${absolute} did not call define(): not an AMD plugin module`));
        }
      };
      document.head.appendChild(script);
    });
    loaded.set(absolute, promise);
  }
  return promise as Promise<Record<string, unknown>>;
}
