import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

/** The one place that sets up logs, metrics and traces (service name from POWERTOOLS_SERVICE_NAME). */
export const logger = new Logger({ serviceName: 'arflow' });
export const metrics = new Metrics({ namespace: 'arflow', serviceName: 'arflow' });
export const tracer = new Tracer({ serviceName: 'arflow' });
