import type { APIGatewayProxyEventV2WithLambdaAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod';
import { createDocumentClient } from '../../shared/kernel/index.js';
import { readEnvironment } from '../../shared/kernel/index.js';
import { DynamoCustomerRepository } from '../../shared/customers/index.js';
import { DynamoReportSource } from '../../shared/reports/index.js';
import { mapWithConcurrency } from '../../shared/kernel/index.js';
import { calendarDateSchema, dateInZone } from '../../shared/kernel/index.js';
import { systemClock, type Clock } from '../../shared/kernel/index.js';
import type { ReportSource } from '../../shared/reports/index.js';
import type { CustomerRepository } from '../../shared/customers/index.js';
import { agingReport } from '../../shared/reports/index.js';
import { cashForecast } from '../../shared/reports/index.js';
import { agingCsv, escalationsCsv, forecastCsv, kpisCsv, riskCsv } from '../../shared/reports/index.js';
import { riskReport, type Money } from '../../shared/reports/index.js';
import { dateOfDay, dayNumber } from '../../shared/reports/index.js';
import { customerIdsOf, escalationsView, kpisView, overviewView } from '../../shared/reports/index.js';
import { json, parseWith, tenantOf } from '../_shared/http.js';
import { apiHandler } from '../_shared/middleware.js';

type Event = APIGatewayProxyEventV2WithLambdaAuthorizer<{ tenantId: string }>;

export interface ReportDeps {
  reports: ReportSource;
  /** Credit limits for the risk report. */
  customers: Pick<CustomerRepository, 'get'>;
  clock: Clock;
}

const formatSchema = z.enum(['json', 'csv'], 'must be json or csv').optional();
const customerIdSchema = z.string().trim().min(1).max(100).optional();

const agingQuerySchema = z.object({ asOf: calendarDateSchema.optional(), customerId: customerIdSchema, format: formatSchema });

const asOfQuerySchema = z.object({ asOf: calendarDateSchema.optional(), format: formatSchema });
const listQuerySchema = z.object({ format: formatSchema });
const overviewQuerySchema = z.object({ asOf: calendarDateSchema.optional() });

const kpiQuerySchema = z
  .object({
    from: calendarDateSchema.optional(),
    to: calendarDateSchema.optional(),
    interval: z.enum(['month', 'quarter'], 'must be month or quarter').optional(),
    by: z.enum(['customer'], 'must be customer').optional(),
    customerId: customerIdSchema,
    format: formatSchema,
  })
  .refine((query) => query.from === undefined || query.to === undefined || query.from <= query.to, { path: ['to'], message: 'must not be before from' });

/** Periods longer than this are refused: a report of decades is a mistake, and slow. */
const MAX_PERIOD_DAYS = 3660;

/**
 * GET /reports/aging?asOf=YYYY-MM-DD, GET /reports/risk?asOf=, GET /reports/forecast?asOf=, GET /escalations,
 * GET /reports/kpis?from=&to=[&interval=month|quarter][&by=customer] and GET /reports/overview?asOf= (the
 * dashboard's panels in one answer): computed from the tenant's report rows (shared/reports/report-views.ts).
 * CSV with `?format=csv` or `Accept: text/csv` (not the overview). Dates are calendar dates (UTC); asOf and
 * to default to today, from to 90 days before to.
 */
export const createHandler = (deps: ReportDeps) =>
  apiHandler<Event>().handler(async (event) => {
    const tenantId = tenantOf(event);
    const query = event.queryStringParameters ?? {};
    const today = dateInZone(deps.clock.now(), 'UTC');
    if (event.routeKey === 'GET /reports/overview') {
      const { asOf = today } = parseWith(overviewQuerySchema, query, 'query');
      const invoices = await deps.reports.invoices(tenantId);
      return json(200, overviewView(invoices, asOf, await creditLimits(deps, tenantId, customerIdsOf(invoices))));
    }
    if (event.routeKey === 'GET /reports/aging') {
      const { asOf = today, customerId, format } = parseWith(agingQuerySchema, query, 'query');
      const report = agingReport(await deps.reports.invoices(tenantId, { customerId }), asOf);
      return wantsCsv(format, event) ? csv(agingCsv(report), `aging-${asOf}.csv`) : json(200, report);
    }
    if (event.routeKey === 'GET /reports/risk') {
      const { asOf = today, format } = parseWith(asOfQuerySchema, query, 'query');
      const invoices = await deps.reports.invoices(tenantId);
      const report = riskReport(invoices, asOf, await creditLimits(deps, tenantId, customerIdsOf(invoices)));
      return wantsCsv(format, event) ? csv(riskCsv(report), `risk-${asOf}.csv`) : json(200, report);
    }
    if (event.routeKey === 'GET /reports/forecast') {
      const { asOf = today, format } = parseWith(asOfQuerySchema, query, 'query');
      const forecast = cashForecast(await deps.reports.invoices(tenantId), asOf);
      return wantsCsv(format, event) ? csv(forecastCsv(forecast), `forecast-${asOf}.csv`) : json(200, forecast);
    }
    if (event.routeKey === 'GET /escalations') {
      const { format } = parseWith(listQuerySchema, query, 'query');
      const view = escalationsView(await deps.reports.invoices(tenantId));
      return wantsCsv(format, event) ? csv(escalationsCsv(view.escalations), `escalations-${today}.csv`) : json(200, view);
    }
    const parsed = parseWith(kpiQuerySchema, query, 'query');
    const to = parsed.to ?? today;
    const from = parsed.from ?? dateOfDay(dayNumber(to) - 89);
    if (from > to) return json(422, { error: { code: 'validation_failed', message: 'The query is invalid', issues: [{ path: 'from', message: 'must not be after to' }] } });
    if (dayNumber(to) - dayNumber(from) >= MAX_PERIOD_DAYS) {
      return json(422, { error: { code: 'validation_failed', message: 'The query is invalid', issues: [{ path: 'from', message: `the period may be at most ${MAX_PERIOD_DAYS} days` }] } });
    }
    const view = kpisView(await deps.reports.invoices(tenantId, { customerId: parsed.customerId }), { from, to, interval: parsed.interval, by: parsed.by, customerId: parsed.customerId });
    if (wantsCsv(parsed.format, event)) return csv(kpisCsv(view.csvRows), `kpis-${from}-${to}.csv`);
    return json(200, view.body);
  });

/** The credit limits of the customers that have one, from their profiles. */
async function creditLimits(deps: ReportDeps, tenantId: string, customerIds: string[]): Promise<Map<string, Money>> {
  const profiles = await mapWithConcurrency(customerIds, 16, (customerId) => deps.customers.get(tenantId, customerId));
  return new Map(profiles.flatMap((profile) => (profile?.creditLimit ? [[profile.customerId, { currency: profile.creditLimit.currency, amountMinor: profile.creditLimit.amount }] as const] : [])));
}

function wantsCsv(format: 'json' | 'csv' | undefined, event: Event): boolean {
  if (format !== undefined) return format === 'csv';
  const accept = event.headers?.['accept'] ?? event.headers?.['Accept'] ?? '';
  return /\btext\/csv\b/i.test(accept) && !/\bapplication\/json\b/i.test(accept);
}

function csv(body: string, fileName: string): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: 200,
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${fileName}"`, 'cache-control': 'no-store' },
    body,
  };
}

export function reportDeps(env = readEnvironment()): ReportDeps {
  const db = createDocumentClient();
  return { reports: new DynamoReportSource(db, env.TABLE_NAME), customers: new DynamoCustomerRepository(db, env.TABLE_NAME), clock: systemClock };
}

export const handler = createHandler(reportDeps());
