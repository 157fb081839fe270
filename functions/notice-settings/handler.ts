import type { APIGatewayProxyEventV2WithLambdaAuthorizer } from 'aws-lambda';
import * as z from 'zod';
import { brandingSchema } from '../../shared/notices/branding.js';
import { templateKindSchema, templateLanguageSchema } from '../../shared/notices/templates.js';
import type { CollectionDeps } from '../../shared/use-cases/deps.js';
import { getBranding, getTemplate, listTemplates, resetTemplate, saveBranding, saveTemplate } from '../../shared/use-cases/manage-notice-settings.js';
import { closeOwnerTask, closeTaskRequestSchema, listOwnerTasks, taskListQuerySchema } from '../../shared/use-cases/owner-tasks.js';
import { collectionDeps } from '../_shared/deps.js';
import { HttpError, json, jsonBody, parseWith, tenantOf } from '../_shared/http.js';
import { apiHandler } from '../_shared/middleware.js';

type Event = APIGatewayProxyEventV2WithLambdaAuthorizer<{ tenantId: string }>;

const emailPathSchema = z.email('must be an email address').max(254).transform((email) => email.toLowerCase());
const taskIdSchema = z.uuid();

/**
 * A tenant's notices: GET/PUT /branding; GET /templates, GET/PUT/DELETE /templates/{kind}/{language};
 * GET /suppressions, DELETE /suppressions/{email} (a person clears an address); GET /tasks (?status=open|closed),
 * POST /tasks/{taskId}/close (a person marks one done, with an optional note).
 */
export const createHandler = (deps: Pick<CollectionDeps, 'noticeSettings' | 'deliverability' | 'clock' | 'senderIdentities'>) =>
  apiHandler<Event>().handler(async (event) => {
    const tenantId = tenantOf(event);
    const template = () => ({
      kind: parseWith(templateKindSchema, event.pathParameters?.['kind'], 'template kind'),
      language: parseWith(templateLanguageSchema, event.pathParameters?.['language'], 'template language'),
    });
    switch (event.routeKey) {
      case 'GET /branding':
        return json(200, { branding: await getBranding(deps, tenantId) });
      case 'PUT /branding':
        return json(200, { branding: await saveBranding(deps, tenantId, parseWith(brandingSchema, jsonBody(event), 'branding')) });
      case 'GET /templates':
        return json(200, { templates: await listTemplates(deps, tenantId) });
      case 'GET /templates/{kind}/{language}': {
        const { kind, language } = template();
        return json(200, { template: await getTemplate(deps, tenantId, kind, language) });
      }
      case 'PUT /templates/{kind}/{language}': {
        const { kind, language } = template();
        return json(200, { template: await saveTemplate(deps, tenantId, kind, language, jsonBody(event)) });
      }
      case 'DELETE /templates/{kind}/{language}': {
        const { kind, language } = template();
        return json(200, { template: await resetTemplate(deps, tenantId, kind, language) });
      }
      case 'GET /suppressions':
        return json(200, { suppressions: await deps.deliverability.suppressions(tenantId) });
      case 'DELETE /suppressions/{email}': {
        const email = parseWith(emailPathSchema, decodeURIComponent(event.pathParameters?.['email'] ?? ''), 'email');
        if (!(await deps.deliverability.unsuppress(tenantId, email))) throw new HttpError(404, 'not_found', `${email} is not suppressed`);
        return json(200, { cleared: email });
      }
      case 'GET /tasks': {
        const { status } = parseWith(taskListQuerySchema, event.queryStringParameters ?? {}, 'query');
        return json(200, { tasks: await listOwnerTasks(deps, tenantId, status) });
      }
      case 'POST /tasks/{taskId}/close': {
        const taskId = taskIdSchema.safeParse(event.pathParameters?.['taskId']);
        if (!taskId.success) throw new HttpError(404, 'not_found', 'No such task');
        // The body is optional: closing needs nothing but the id.
        const request = parseWith(closeTaskRequestSchema, event.body ? jsonBody(event) : {}, 'closing');
        return json(200, { task: await closeOwnerTask(deps, tenantId, taskId.data, request) });
      }
      default:
        throw new HttpError(404, 'not_found', `No route ${event.routeKey}`);
    }
  });

export const handler = createHandler(collectionDeps());
