import CopyWebpackPlugin from 'copy-webpack-plugin';
import type { Configuration } from 'webpack';
import { merge } from 'webpack-merge';
import grafanaConfig from './.config/webpack/webpack.config';

/** JSON under src/ that is for tests only and must not ship in the plugin. */
const TEST_ONLY_JSON = ['**/__fixtures__/**', '**/__schemas__/**'];

type CopyPattern = { from: string; globOptions?: { ignore?: string[] } };

// Extends the scaffold's config (never edited): the dashboards live at the repository root (they are also
// provisioned from there), the scaffold no longer copies nested plugins' logos, and its copy-every-JSON
// pattern would ship the data source's recorded test responses and the vendored plugin schema.
const config = async (env: Record<string, unknown>): Promise<Configuration> => {
  const baseConfig = await grafanaConfig(env as never);
  for (const plugin of baseConfig.plugins ?? []) {
    if (plugin instanceof CopyWebpackPlugin) {
      const patterns = (plugin as unknown as { patterns: Array<CopyPattern | string> }).patterns;
      for (const pattern of patterns) {
        if (typeof pattern !== 'string' && pattern.from === '**/*.json') {
          pattern.globOptions = {
            ...pattern.globOptions,
            ignore: [...(pattern.globOptions?.ignore ?? []), ...TEST_ONLY_JSON],
          };
        }
      }
    }
  }
  return merge(baseConfig, {
    plugins: [
      new CopyWebpackPlugin({
        patterns: [
          { from: '../dashboards/*.json', to: 'dashboards/[name][ext]' },
          { from: '**/img/*.svg', to: '[path][name][ext]', noErrorOnMissing: true },
        ],
      }),
    ],
  });
};

export default config;
