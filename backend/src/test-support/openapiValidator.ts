import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { openApiDocument } from '../api/openapi';

type Operation = { responses: Record<string, { content?: Record<string, { schema: object }> }> };

/**
 * Checks a JSON response against the schema the OpenAPI document declares for its method, path and
 * status (falling back to `default`, the error schema). A path matches the template with the fewest
 * parameters, so `/api/remediationTasks/export.csv` is not taken for `/api/remediationTasks/{id}`.
 */
export function openApiValidator() {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const doc = openApiDocument('test');
  ajv.addSchema({ $id: 'tvm', components: doc.components } as object);
  const templates = Object.keys(doc.paths)
    .map((t) => ({ t, re: new RegExp(`^${t.replace(/\{[^}]+\}/g, '[^/]+')}$`), params: (t.match(/\{/g) ?? []).length }))
    .sort((a, b) => a.params - b.params);
  return (method: 'get' | 'post', url: string, status: number, body: unknown): void => {
    const path = url.split('?')[0];
    const template = templates.find((x) => x.re.test(path));
    if (!template) {
      throw new Error(`${method.toUpperCase()} ${path}: not in the OpenAPI document`);
    }
    const op = (doc.paths as Record<string, Record<string, Operation>>)[template.t][method];
    if (!op) {
      throw new Error(`${method.toUpperCase()} ${template.t}: not in the OpenAPI document`);
    }
    const response = op.responses[String(status)] ?? op.responses.default;
    const schema = response?.content?.['application/json']?.schema;
    if (!schema) {
      throw new Error(`${method.toUpperCase()} ${template.t} ${status}: no JSON schema declared`);
    }
    const resolved = JSON.parse(JSON.stringify(schema).replace(/#\/components/g, 'tvm#/components'));
    if (!ajv.validate(resolved, body)) {
      throw new Error(
        `${method.toUpperCase()} ${template.t} ${status}: response does not match the OpenAPI schema: ${ajv.errorsText(ajv.errors, { separator: '\n' })}\n${JSON.stringify(body).slice(0, 800)}`
      );
    }
  };
}
