export const testIds = {
  app: {
    container: 'data-testid tvm-app-container',
    dashboardLink: 'data-testid tvm-app-dashboard-link',
  },
  appConfig: {
    enable: 'data-testid ac-enable',
    disable: 'data-testid ac-disable',
  },
};
