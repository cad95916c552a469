export const testIds = {
  app: {
    container: 'data-testid tvm-app-container',
  },
  appConfig: {
    apiKey: 'data-testid ac-api-key',
    apiUrl: 'data-testid ac-api-url',
    submit: 'data-testid ac-submit-form',
  },
};
