import CopyWebpackPlugin from 'copy-webpack-plugin';
import type { Configuration } from 'webpack';
import { merge } from 'webpack-merge';
import grafanaConfig from './.config/webpack/webpack.config';

// Extends the scaffold's config (never edited): the dashboards live at the repository root (they are also
// provisioned from there), and the scaffold no longer copies nested plugins' logos.
const config = async (env: Record<string, unknown>): Promise<Configuration> => {
  const baseConfig = await grafanaConfig(env as never);
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
