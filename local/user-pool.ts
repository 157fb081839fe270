import { randomBytes } from 'node:crypto';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { roles, type Role } from '../shared/identity/index.js';

export interface DemoUser {
  role: Role;
  username: string;
  password: string;
}

export interface LocalUserPool {
  /** USER_POOL_ISSUER: the emulator's URL and the pool id, as Cognito's `https://cognito-idp.<region>.amazonaws.com/<pool id>`. */
  issuer: string;
  clientId: string;
  demoUsers: DemoUser[];
}

const POOL_NAME = 'arflow-local-people';
const CLIENT_NAME = 'arflow-workspace';

const ignoreExists = (error: unknown) => {
  if (!(error instanceof Error && /Exists/.test(error.name))) throw error;
};

/**
 * The user pool the CDK app deploys (infra/constructs/people.ts), made in cognito-local: the tenant
 * attribute, the three groups, a public app client with USER_PASSWORD_AUTH, and one demo user per role
 * of the tenant, each with a new password every boot (printed by `npm start`). Reuses a pool kept
 * in the data directory.
 */
export async function provisionUserPool(endpoint: string, tenantId: string): Promise<LocalUserPool> {
  const client = new CognitoIdentityProviderClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    const pools = await client.send(new ListUserPoolsCommand({ MaxResults: 60 }));
    const poolId =
      pools.UserPools?.find((pool) => pool.Name === POOL_NAME)?.Id ??
      (await client.send(new CreateUserPoolCommand({ PoolName: POOL_NAME, Schema: [{ Name: 'tenantId', AttributeDataType: 'String', Mutable: false }] }))).UserPool?.Id;
    if (!poolId) throw new Error('cognito-local made no user pool');
    const clients = await client.send(new ListUserPoolClientsCommand({ UserPoolId: poolId, MaxResults: 60 }));
    const clientId =
      clients.UserPoolClients?.find((c) => c.ClientName === CLIENT_NAME)?.ClientId ??
      (await client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: CLIENT_NAME, ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'], GenerateSecret: false }))).UserPoolClient?.ClientId;
    if (!clientId) throw new Error('cognito-local made no app client');
    const demoUsers: DemoUser[] = [];
    for (const role of roles) {
      await client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: role })).catch(ignoreExists);
      const username = `${role}@${tenantId}.arflow.local`;
      const password = `${randomBytes(9).toString('base64url')}-Aa1`;
      await client
        .send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: username, MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: username }, { Name: 'email_verified', Value: 'true' }, { Name: 'custom:tenantId', Value: tenantId }] }))
        .catch(ignoreExists);
      await client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: password, Permanent: true }));
      await client.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: username, GroupName: role }));
      demoUsers.push({ role, username, password });
    }
    return { issuer: `${endpoint}/${poolId}`, clientId, demoUsers };
  } finally {
    client.destroy();
  }
}
