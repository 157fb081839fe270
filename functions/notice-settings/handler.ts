import type { APIGatewayProxyEventV2WithLambdaAuthorizer } from 'aws-lambda';
import * as z from 'zod';
import { brandingSchema } from '../../shared/notices/index.js';
import { templateKindSchema, templateLanguageSchema } from '../../shared/notices/index.js';
import type { CollectionDeps } from '../../shared/app/index.js';
import { getBranding, getTemplate, listTemplates, resetTemplate, saveBranding, saveTemplate } from '../../shared/notices/index.js';
import { closeOwnerTask, closeTaskRequestSchema, listOwnerTasks, taskListQuerySchema } from '../../shared/notices/index.js';
import { collectionDeps } from '../_shared/deps.js';
import { HttpError, json, jsonBody, parseWith, tenantOf } from '../_shared/http.js';
import { apiHandler } from '../_shared/middleware.js';
import { routeTable } from '../_shared/router.js';

type Event = APIGatewayProxyEventV2WithLambdaAuthorizer<{ tenantId: string }>;

const emailPathSchema = z.email('must be an email address').max(254).transform((email) => email.toLowerCase());
const taskIdSchema = z.uuid();

/**
 * A tenant's notices: GET/PUT /branding; GET /templates, GET/PUT/DELETE /templates/{kind}/{language};
 * GET /suppressions, DELETE /suppressions/{email} (a person clears an address); GET /tasks (?status=open|closed),
 * POST /tasks/{taskId}/close (a person marks one done, with an optional note).
 */
export const createHandler = (deps: Pick<CollectionDeps, 'noticeSettings' | 'suppressions' | 'ownerTasks' | 'clock' | 'senderIdentities'>) => {
  const template = (event: Event) => ({
    kind: parseWith(templateKindSchema, event.pathParameters?.['kind'], 'template kind'),
    language: parseWith(templateLanguageSchema, event.pathParameters?.['language'], 'template language'),
  });
  const route = routeTable<'notice-settings', Event, string>('notice-settings', {
    'GET /branding': async (_event, tenantId) => json(200, { branding: await getBranding(deps, tenantId) }),
    'PUT /branding': async (event, tenantId) => json(200, { branding: await saveBranding(deps, tenantId, parseWith(brandingSchema, jsonBody(event), 'branding')) }),
    'GET /templates': async (_event, tenantId) => json(200, { templates: await listTemplates(deps, tenantId) }),
    'GET /templates/{kind}/{language}': async (event, tenantId) => {
      const { kind, language } = template(event);
      return json(200, { template: await getTemplate(deps, tenantId, kind, language) });
    },
    'PUT /templates/{kind}/{language}': async (event, tenantId) => {
      const { kind, language } = template(event);
      return json(200, { template: await saveTemplate(deps, tenantId, kind, language, jsonBody(event)) });
    },
    'DELETE /templates/{kind}/{language}': async (event, tenantId) => {
      const { kind, language } = template(event);
      return json(200, { template: await resetTemplate(deps, tenantId, kind, language) });
    },
    'GET /suppressions': async (_event, tenantId) => json(200, { suppressions: await deps.suppressions.suppressions(tenantId) }),
    'DELETE /suppressions/{email}': async (event, tenantId) => {
      const email = parseWith(emailPathSchema, decodeURIComponent(event.pathParameters?.['email'] ?? ''), 'email');
      if (!(await deps.suppressions.unsuppress(tenantId, email))) throw new HttpError(404, 'not_found', `${email} is not suppressed`);
      return json(200, { cleared: email });
    },
    'GET /tasks': async (event, tenantId) => {
      const { status } = parseWith(taskListQuerySchema, event.queryStringParameters ?? {}, 'query');
      return json(200, { tasks: await listOwnerTasks(deps, tenantId, status) });
    },
    'POST /tasks/{taskId}/close': async (event, tenantId) => {
      const taskId = taskIdSchema.safeParse(event.pathParameters?.['taskId']);
      if (!taskId.success) throw new HttpError(404, 'not_found', 'No such task');
      // The body is optional: closing needs nothing but the id.
      const request = parseWith(closeTaskRequestSchema, event.body ? jsonBody(event) : {}, 'closing');
      return json(200, { task: await closeOwnerTask(deps, tenantId, taskId.data, request) });
    },
  });
  return apiHandler<Event>().handler(async (event) => route(event, tenantOf(event)));
};

export const handler = createHandler(collectionDeps());
