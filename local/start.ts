import { join } from 'node:path';
import * as z from 'zod';

/**
 * `npm start`: the whole of arflow on this machine, no AWS account needed.
 * Settings (environment): PORT (default 3000), ARFLOW_API_KEY (demo key; random if unset),
 * ARFLOW_CLOCK=real|fast|virtual, ARFLOW_DATA_DIR (default .local-data), ARFLOW_LOG_LEVEL (handler logs
 * at that level in this terminal; unset, they go to <ARFLOW_DATA_DIR>/logs/handlers.log and the terminal
 * shows errors and one line per import or clock move),
 * ARFLOW_S3_PORT (s3rver, the import bucket; default 4569, what `npm run arflow -- import` expects),
 * ARFLOW_CLOCK_START (ISO date-time where a fast or virtual clock starts; default now),
 * ARFLOW_FAULTS=1 (a fault switch in front of SES and DynamoDB at /_local/faults).
 */
const settings = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    ARFLOW_API_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
    ARFLOW_CLOCK: z.enum(['real', 'fast', 'virtual']).default('real'),
    ARFLOW_DATA_DIR: z.string().default('.local-data'),
    ARFLOW_LOG_LEVEL: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT']).optional(),
    ARFLOW_S3_PORT: z.coerce.number().int().min(1).max(65535).default(4569),
    ARFLOW_CLOCK_START: z.iso.datetime({ offset: true }).optional(),
    ARFLOW_FAULTS: z.enum(['0', '1']).default('0'),
  })
  .safeParse(process.env);

if (!settings.success) {
  process.stderr.write(`Invalid settings: ${settings.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; ')}\n`);
  process.exit(2);
}
const { PORT, ARFLOW_API_KEY, ARFLOW_CLOCK, ARFLOW_DATA_DIR, ARFLOW_LOG_LEVEL, ARFLOW_S3_PORT, ARFLOW_CLOCK_START, ARFLOW_FAULTS } = settings.data;

// Every AWS SDK client warns (nine lines) that releases after January 2027 need Node 22; Lambda runs
// nodejs22.x, so the warning says nothing to a person running the local stack. Other warnings still print.
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  // The SDK emits it as a plain Warning whose message starts with its kind.
  if (!`${warning.name}: ${warning.message}`.includes('NodeVersionSupportWarning')) process.stderr.write(`${warning.name}: ${warning.message}\n`);
});

// Imported after the warning filter: the modules make SDK clients as they load.
const { startLocalStack } = await import('./stack.js');
const { logger } = await import('../shared/kernel/index.js');
const { sendHandlerLogsToFile } = await import('./terminal.js');

const handlerLog = join(ARFLOW_DATA_DIR, 'logs', 'handlers.log');
const logFile = ARFLOW_LOG_LEVEL === undefined ? sendHandlerLogsToFile(logger, handlerLog) : undefined;
logger.setLogLevel(ARFLOW_LOG_LEVEL ?? 'INFO');

const stack = await startLocalStack({
  port: PORT,
  apiKey: ARFLOW_API_KEY,
  clock: ARFLOW_CLOCK,
  dataDir: ARFLOW_DATA_DIR,
  logLevel: ARFLOW_LOG_LEVEL ?? 'INFO',
  onActivity: (line) => process.stdout.write(`${line}\n`),
  s3Port: ARFLOW_S3_PORT,
  ...(ARFLOW_CLOCK_START ? { clockStart: new Date(ARFLOW_CLOCK_START) } : {}),
  faults: ARFLOW_FAULTS === '1',
});

process.stdout.write(`
arflow local stack is running (clock: ${ARFLOW_CLOCK}, data: ${ARFLOW_DATA_DIR}/)

  API        ${stack.apiUrl}
  Inbox      ${stack.inboxUrl}        (every email sent; JSON at ${stack.apiUrl}/_local/emails)
  Dashboard  ${stack.apiUrl}/dashboard   (enter the API key below)
  Tenant     ${stack.tenantId}
  API key    ${stack.apiKey}   (admin scope; make scoped ones with POST /api-keys)
  Sign in    ${stack.apiUrl}/session with one of (docs/access.md):
${stack.people.demoUsers.map((user) => `             ${user.role.padEnd(9)} ${user.username}  password ${user.password}`).join('\n')}
  Imports    bucket ${stack.importBucket} at ${stack.endpoints.s3} (npm run arflow -- import <file> --tenant ${stack.tenantId})
  Logs       ${logFile ? `${handlerLog} (ARFLOW_LOG_LEVEL=INFO npm start shows them here)` : `here, at ${ARFLOW_LOG_LEVEL}`}
${stack.resumedWorkflows > 0 ? `  Resumed    ${stack.resumedWorkflows} open invoice workflow(s)\n` : ''}
Try:
  curl -s ${stack.apiUrl}/invoices -H 'Authorization: Bearer ${stack.apiKey}' -H 'content-type: application/json' \\
    -d '{"invoiceNumber":"INV-1001","customer":{"id":"C-1","name":"Acme GmbH","email":"ap@acme.example"},"issueDate":"2026-11-01","dueDate":"2026-12-01","currency":"EUR","amount":125000}'
${ARFLOW_CLOCK === 'virtual' ? `  curl -s -X POST ${stack.apiUrl}/_local/clock -d '{"advanceDays": 7}'\n` : ''}
Ctrl-C stops it.
`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    await stack.stop();
    await logFile?.close();
    process.exit(0);
  });
}
