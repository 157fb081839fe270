import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { authorizerCacheSeconds, type ApiRoute } from '../../wiring/api-routes.js';

export interface ApiProps {
  routes: readonly ApiRoute[];
  /** The function serving each route, by the route's `functionName`. */
  handlers: ReadonlyMap<string, lambda.IFunction>;
  /** Maps the caller's API key to its tenant. */
  authorizer: lambda.IFunction;
  throttle: apigw.ThrottleSettings;
  logRetention: logs.RetentionDays;
}

/**
 * One JSON line per request. No headers or bodies: the Authorization header is a credential and bodies
 * carry debtor data. `authorizerError` and `integrationError` explain the 401s and 5xxs.
 */
const accessLogFormat = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    requestTime: '$context.requestTime',
    sourceIp: '$context.identity.sourceIp',
    userAgent: '$context.identity.userAgent',
    // The tenant the authorizer resolved the API key to: who made the request, without the key itself.
    tenantId: '$context.authorizer.tenantId',
    routeKey: '$context.routeKey',
    path: '$context.path',
    status: '$context.status',
    protocol: '$context.protocol',
    responseLength: '$context.responseLength',
    responseLatency: '$context.responseLatency',
    integrationLatency: '$context.integrationLatency',
    integrationStatus: '$context.integrationStatus',
    integrationError: '$context.integrationErrorMessage',
    authorizerError: '$context.authorizer.error',
    xrayTraceId: '$context.xrayTraceId',
  }),
);

/** The HTTP API: one route per entry of wiring/api-routes.ts, each behind the API-key authorizer unless marked public. */
export class Api extends Construct {
  readonly httpApi: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly accessLogs: logs.LogGroup;
  readonly routes: apigw.HttpRoute[] = [];

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);

    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      description: 'arflow: invoices and payments from upstream systems',
      // The stage is made below: the generated default stage has no access logs or throttling.
      createDefaultStage: false,
    });

    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.stage = new apigw.HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(this.accessLogs),
        format: accessLogFormat,
      },
    });

    const authorizer = new HttpLambdaAuthorizer('ApiKeyAuthorizer', props.authorizer, {
      responseTypes: [HttpLambdaResponseType.SIMPLE],
      identitySource: ['$request.header.Authorization'],
      // Caching spares an authorizer call (and a table read) per request; kept short because a revoked key
      // or a removed person works until its cached answer runs out (docs/access.md).
      resultsCacheTtl: Duration.seconds(authorizerCacheSeconds),
    });

    // One integration per function, shared by its routes (one Lambda permission each, not one per route).
    const integrations = new Map<string, HttpLambdaIntegration>();
    const integrationFor = (functionName: string): HttpLambdaIntegration => {
      const handler = props.handlers.get(functionName);
      if (handler === undefined) throw new Error(`No function for route handler '${functionName}' (wiring/api-routes.ts)`);
      let integration = integrations.get(functionName);
      if (integration === undefined) {
        integration = new HttpLambdaIntegration(`${functionName}-integration`, handler);
        integrations.set(functionName, integration);
      }
      return integration;
    };

    for (const route of props.routes) {
      const [httpRoute] = this.httpApi.addRoutes({
        path: route.path,
        methods: [apigw.HttpMethod[route.method]],
        integration: integrationFor(route.functionName),
        ...(route.authenticated ? { authorizer } : {}),
      });
      if (httpRoute === undefined) throw new Error(`No route was created for ${route.method} ${route.path}`);
      this.routes.push(httpRoute);
      if (!route.authenticated) {
        Validations.of(httpRoute).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason:
            route.publicBecause === undefined
              ? `${route.method} ${route.path} is public on purpose (authenticated: false in wiring/api-routes.ts): a health check must answer without an API key. It reads no tenant data. Every other route uses the Lambda API-key authorizer.`
              : `${route.method} ${route.path} is public on purpose (authenticated: false in wiring/api-routes.ts): ${route.publicBecause}`,
        });
      }
    }
  }
}
