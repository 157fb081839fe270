import { Duration, RemovalPolicy, SecretValue, Stack, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { roles } from '../../shared/identity/index.js';
import type { PeopleSettings } from '../config.js';

export interface PeopleProps {
  stage: string;
  settings?: PeopleSettings;
}

/**
 * The people's user pool of a stage (docs/access.md): sign-in by email, a strong password policy, MFA
 * optional (TOTP), Cognito's threat protection (Plus plan) in full-function mode, the tenant as an
 * immutable custom attribute only admins set, one group per role, a public app client for the
 * workspace's USER_PASSWORD_AUTH sign-in, and optional SAML/OIDC federation from the deployment config.
 */
export class People extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  /** The ID tokens' issuer (USER_POOL_ISSUER); the JWKS is under it. */
  readonly issuer: string;

  constructor(scope: Construct, id: string, props: PeopleProps) {
    super(scope, id);
    this.userPool = new cognito.UserPool(this, 'UserPool', {
      signInAliases: { email: true },
      selfSignUpEnabled: false,
      passwordPolicy: { minLength: 12, requireLowercase: true, requireUppercase: true, requireDigits: true, requireSymbols: true, tempPasswordValidity: Duration.days(3) },
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      customAttributes: { tenantId: new cognito.StringAttribute({ minLen: 1, maxLen: 64, mutable: false }) },
      deletionProtection: true,
      // People and their roles are state: a stack update must never drop them.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG2',
      reason: 'MFA is optional on purpose (the issue asks for it): a finance team turns it on per person (TOTP); federated users get MFA from their own identity provider.',
    });

    for (const role of roles) {
      new cognito.CfnUserPoolGroup(this, `${role[0]!.toUpperCase()}${role.slice(1)}Group`, { userPoolId: this.userPool.userPoolId, groupName: role, description: `arflow ${role}s (docs/access.md)` });
    }

    const providers = this.identityProviders(props.settings);
    const federation = props.settings?.callbackUrls && props.settings.callbackUrls.length > 0;
    this.client = this.userPool.addClient('WorkspaceClient', {
      generateSecret: false,
      authFlows: { userPassword: true, userSrp: true },
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(1),
      // Only admins set a person's tenant: the client can read it but not write it.
      readAttributes: new cognito.ClientAttributes().withStandardAttributes({ email: true, emailVerified: true }).withCustomAttributes('tenantId'),
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ email: true }),
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO, ...providers.map((p) => cognito.UserPoolClientIdentityProvider.custom(p.providerName))],
      ...(federation ? { oAuth: { flows: { authorizationCodeGrant: true }, scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL], callbackUrls: props.settings!.callbackUrls! } } : { disableOAuth: true }),
    });
    for (const provider of providers) this.client.node.addDependency(provider);
    if (props.settings?.domainPrefix) this.userPool.addDomain('Domain', { cognitoDomain: { domainPrefix: props.settings.domainPrefix } });

    this.issuer = `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${this.userPool.userPoolId}`;
  }

  /** SAML and OIDC providers from the deployment config; each maps one of its claims to the person's tenant. */
  private identityProviders(settings: PeopleSettings | undefined): cognito.IUserPoolIdentityProvider[] {
    const providers: cognito.IUserPoolIdentityProvider[] = [];
    const mapping = (tenantClaim: string): cognito.AttributeMapping => ({ email: cognito.ProviderAttribute.other('email'), custom: { 'custom:tenantId': cognito.ProviderAttribute.other(tenantClaim) } });
    if (settings?.saml) {
      providers.push(
        new cognito.UserPoolIdentityProviderSaml(this, 'Saml', {
          userPool: this.userPool,
          name: settings.saml.name,
          metadata: cognito.UserPoolIdentityProviderSamlMetadata.url(settings.saml.metadataUrl),
          attributeMapping: mapping(settings.saml.tenantClaim),
        }),
      );
    }
    if (settings?.oidc) {
      providers.push(
        new cognito.UserPoolIdentityProviderOidc(this, 'Oidc', {
          userPool: this.userPool,
          name: settings.oidc.name,
          issuerUrl: settings.oidc.issuerUrl,
          clientId: settings.oidc.clientId,
          // The client secret stays in Secrets Manager: the config names the secret, and the template holds
          // a dynamic reference that CloudFormation resolves at deploy time, never the secret.
          clientSecret: SecretValue.secretsManager(settings.oidc.clientSecretName).unsafeUnwrap(),
          scopes: ['openid', 'email'],
          attributeMapping: mapping(settings.oidc.tenantClaim),
        }),
      );
    }
    return providers;
  }
}
