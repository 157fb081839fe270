import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

/** The one place that sets up logs, metrics and traces (service name from POWERTOOLS_SERVICE_NAME). */
export const logger = new Logger({ serviceName: 'arflow' });
// Metrics' own warnings go through the logger, so POWERTOOLS_LOG_LEVEL governs them too.
export const metrics = new Metrics({ namespace: 'arflow', serviceName: 'arflow', logger });
export const tracer = new Tracer({ serviceName: 'arflow' });
