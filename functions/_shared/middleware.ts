import middy, { type MiddlewareObj } from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { logger, metrics, tracer } from '../../shared/kernel/index.js';
import { ArflowError } from '../../shared/kernel/index.js';
import { errorResponse } from './http.js';

/** Turns thrown errors into the JSON error responses of http.ts, logging the unexpected ones. */
export function httpErrors(): MiddlewareObj<unknown, APIGatewayProxyStructuredResultV2> {
  return {
    onError: async (request) => {
      if (!(request.error instanceof ArflowError)) logger.error('Unexpected error', { error: request.error });
      request.response = errorResponse(request.error);
    },
  };
}

/**
 * Publishes the metrics (EMF) an invocation recorded, and nothing when it recorded none. Powertools'
 * logMetrics publishes on every call and warns "No application metrics to publish" whenever a handler
 * had nothing to count (an SES event it ignores), once per invocation on AWS and locally alike.
 */
export function publishRecordedMetrics(): MiddlewareObj {
  const publish = async () => {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  };
  return { after: publish, onError: publish };
}

/**
 * The middleware every arflow Lambda runs: traces and structured logs; metrics (EMF) for handlers that
 * record some. Handler last.
 */
export function withObservability<TEvent, TResult>(options: { metrics?: boolean } = {}) {
  const handler = middy<TEvent, TResult, Error, Context>().use(captureLambdaHandler(tracer)).use(injectLambdaContext(logger, { resetKeys: true }));
  return options.metrics ? handler.use(publishRecordedMetrics()) : handler;
}

/** An API route handler: observability, then error mapping. */
export function apiHandler<TEvent>() {
  return withObservability<TEvent, APIGatewayProxyStructuredResultV2>().use(httpErrors() as MiddlewareObj<TEvent, APIGatewayProxyStructuredResultV2>);
}
