import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createDocumentClient } from '../shared/kernel/index.js';
import { DynamoApiKeyStore } from '../shared/identity/index.js';
import { tenantIdSchema } from '../shared/kernel/index.js';
import { dkimCommand, dkimUsage } from './dkim-command.js';
import { importCommand, importUsage } from './import-command.js';
import { simulateCommand, simulateUsage } from './simulate-command.js';

const usage = `arflow — operator commands

  npm run arflow -- api-key create --tenant <tenant-id> --table <TableName> [--label <text>]
      Creates an API key for one tenant in a deployed stack's table (the stack's TableName output)
      and prints it once; only its SHA-256 hash is stored. Uses your AWS credentials and AWS_REGION.

${importUsage}
${simulateUsage}
${dkimUsage}`;

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'import') return importCommand(argv.slice(1));
  if (argv[0] === 'simulate') return simulateCommand(argv.slice(1));
  if (argv[0] === 'dkim') return dkimCommand(argv.slice(1));
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { tenant: { type: 'string' }, table: { type: 'string' }, label: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const command = positionals.join(' ');
  if (values.help || command === '') {
    process.stdout.write(usage);
    return 0;
  }
  if (command === 'api-key create') {
    const tenant = tenantIdSchema.safeParse(values.tenant);
    if (!tenant.success) return fail(`--tenant ${tenant.error.issues[0]?.message ?? 'is invalid'}`);
    if (!values.table) return fail('--table is required: the TableName output of the deployed stack');
    const apiKey = `arf_${randomBytes(32).toString('base64url')}`;
    await new DynamoApiKeyStore(createDocumentClient(), values.table).put(apiKey, tenant.data, values.label ?? 'created with arflow api-key create');
    process.stdout.write(`API key for tenant ${tenant.data} (shown once, store it safely):\n${apiKey}\n`);
    return 0;
  }
  return fail(`Unknown command: ${command}\n\n${usage}`);
}

function fail(message: string): number {
  process.stderr.write(`${message}\n`);
  return 2;
}

// An operator gets the reason (an unreachable endpoint, missing credentials), not a stack trace.
process.exitCode = await main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`arflow: ${(error as Error).message}\n`);
  return 1;
});
