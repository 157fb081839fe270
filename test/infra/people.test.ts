import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Match } from 'aws-cdk-lib/assertions';
import { authorizerCacheSeconds } from '../../wiring/api-routes.js';
import { buildTestApp } from './fixture.js';

// The people's user pool and the one authorizer for keys and people (infra/constructs/people.ts, api.ts; docs/access.md).

describe('people and their authorizer', () => {
  const { template } = buildTestApp();

  it('has one user pool: email sign-in, a strong password policy, MFA optional (TOTP), threat protection on, no self sign-up, kept on delete', () => {
    template.resourceCountIs('AWS::Cognito::UserPool', 1);
    template.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        UsernameAttributes: ['email'],
        MfaConfiguration: 'OPTIONAL',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
        UserPoolTier: 'PLUS',
        UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 12, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true }) },
        Schema: Match.arrayWith([Match.objectLike({ Name: 'tenantId', Mutable: false, AttributeDataType: 'String' })]),
      }),
    });
  });

  it('has the groups admin, collector and viewer', () => {
    const groups = Object.values(template.findResources('AWS::Cognito::UserPoolGroup')).map((g) => (g as { Properties: { GroupName: string } }).Properties.GroupName);
    assert.deepEqual(groups.sort(), ['admin', 'collector', 'viewer']);
  });

  it('has a public app client for password sign-in that cannot write the tenant attribute', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      ExplicitAuthFlows: Match.arrayWith(['ALLOW_USER_PASSWORD_AUTH']),
      PreventUserExistenceErrors: 'ENABLED',
      WriteAttributes: ['email'],
    });
  });

  it('gives the authorizer the pool\'s issuer and client, and caches its answers for authorizerCacheSeconds only', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', { AuthorizerType: 'REQUEST', AuthorizerResultTtlInSeconds: authorizerCacheSeconds, IdentitySource: ['$request.header.Authorization'] });
    assert.ok(authorizerCacheSeconds <= 60, 'revocation must be quick');
    const functions = Object.values(template.findResources('AWS::Lambda::Function')) as { Properties: { Environment?: { Variables?: Record<string, unknown> } } }[];
    const withPool = functions.filter((f) => f.Properties.Environment?.Variables?.['USER_POOL_CLIENT_ID'] !== undefined);
    assert.equal(withPool.length, 2, 'the authorizer and the session function');
    for (const f of withPool) assert.ok(JSON.stringify(f.Properties.Environment?.Variables?.['USER_POOL_ISSUER']).includes('cognito-idp.'));
  });

  it('federates SAML and OIDC providers from the deployment config, mapping a claim to the tenant, the OIDC secret by reference', () => {
    const federated = buildTestApp({
      context: { stage: 'fed' },
      file: {
        stages: {
          fed: {
            regions: ['eu-west-1'],
            people: {
              domainPrefix: 'acme-arflow',
              callbackUrls: ['https://arflow.acme.example/workspace'],
              saml: { name: 'AcmeAD', metadataUrl: 'https://idp.acme.example/metadata.xml', tenantClaim: 'arflow_tenant' },
              oidc: { name: 'AcmeOkta', issuerUrl: 'https://acme.okta.example', clientId: 'abc', clientSecretName: 'arflow/okta', tenantClaim: 'arflow_tenant' },
            },
          },
        },
      },
    }).template;
    federated.hasResourceProperties('AWS::Cognito::UserPoolIdentityProvider', { ProviderType: 'SAML', AttributeMapping: Match.objectLike({ 'custom:tenantId': 'arflow_tenant' }) });
    federated.hasResourceProperties('AWS::Cognito::UserPoolIdentityProvider', { ProviderType: 'OIDC', ProviderDetails: Match.objectLike({ client_secret: Match.stringLikeRegexp('resolve:secretsmanager:arflow/okta') }) });
    federated.hasResourceProperties('AWS::Cognito::UserPoolClient', { SupportedIdentityProviders: ['COGNITO', { Ref: Match.stringLikeRegexp('PeopleSaml') }, { Ref: Match.stringLikeRegexp('PeopleOidc') }], CallbackURLs: ['https://arflow.acme.example/workspace'] });
    federated.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
  });
});
