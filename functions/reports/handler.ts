import type { APIGatewayProxyEventV2WithLambdaAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod';
import { createDocumentClient } from '../../shared/adapters/aws-clients.js';
import { readEnvironment } from '../../shared/adapters/config.js';
import { DynamoCustomerRepository } from '../../shared/adapters/dynamo-customer.repository.js';
import { DynamoReportSource } from '../../shared/adapters/dynamo-report.source.js';
import { mapWithConcurrency } from '../../shared/concurrency.js';
import { calendarDateSchema, dateInZone } from '../../shared/calendar.js';
import { systemClock, type Clock } from '../../shared/clock.js';
import type { CustomerRepository, ReportSource } from '../../shared/ports.js';
import { agingReport } from '../../shared/reports/aging.js';
import { kpiSeries, kpis, kpisByCustomer, type Kpis } from '../../shared/reports/kpis.js';
import { pendingEscalations } from '../../shared/reports/escalations.js';
import { cashForecast } from '../../shared/reports/forecast.js';
import { agingCsv, escalationsCsv, forecastCsv, kpisCsv, riskCsv } from '../../shared/reports/report-csv.js';
import { riskReport, type Money } from '../../shared/reports/risk.js';
import { dateOfDay, dayNumber, round } from '../../shared/reports/report-invoice.js';
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
 * GET /reports/aging?asOf=YYYY-MM-DD, GET /reports/risk?asOf=, GET /reports/forecast?asOf=, GET /escalations
 * and GET /reports/kpis?from=&to=[&interval=month|quarter][&by=customer]:
 * computed from the tenant's stored invoices, payments and events. CSV with `?format=csv` or
 * `Accept: text/csv`. Dates are calendar dates (UTC); asOf and to default to today, from to 90 days before to.
 */
export const createHandler = (deps: ReportDeps) =>
  apiHandler<Event>().handler(async (event) => {
    const tenantId = tenantOf(event);
    const query = event.queryStringParameters ?? {};
    const today = dateInZone(deps.clock.now(), 'UTC');
    if (event.routeKey === 'GET /reports/aging') {
      const { asOf = today, customerId, format } = parseWith(agingQuerySchema, query, 'query');
      const report = agingReport(await deps.reports.invoices(tenantId, { customerId }), asOf);
      return wantsCsv(format, event) ? csv(agingCsv(report), `aging-${asOf}.csv`) : json(200, report);
    }
    if (event.routeKey === 'GET /reports/risk') {
      const { asOf = today, format } = parseWith(asOfQuerySchema, query, 'query');
      const invoices = await deps.reports.invoices(tenantId);
      const report = riskReport(invoices, asOf, await creditLimits(deps, tenantId, [...new Set(invoices.map((invoice) => invoice.customerId))]));
      return wantsCsv(format, event) ? csv(riskCsv(report), `risk-${asOf}.csv`) : json(200, report);
    }
    if (event.routeKey === 'GET /reports/forecast') {
      const { asOf = today, format } = parseWith(asOfQuerySchema, query, 'query');
      const forecast = cashForecast(await deps.reports.invoices(tenantId), asOf);
      return wantsCsv(format, event) ? csv(forecastCsv(forecast), `forecast-${asOf}.csv`) : json(200, forecast);
    }
    if (event.routeKey === 'GET /escalations') {
      const { format } = parseWith(listQuerySchema, query, 'query');
      const escalations = pendingEscalations(await deps.reports.invoices(tenantId));
      return wantsCsv(format, event) ? csv(escalationsCsv(escalations), `escalations-${today}.csv`) : json(200, { escalations });
    }
    const parsed = parseWith(kpiQuerySchema, query, 'query');
    const to = parsed.to ?? today;
    const from = parsed.from ?? dateOfDay(dayNumber(to) - 89);
    if (from > to) return json(422, { error: { code: 'validation_failed', message: 'The query is invalid', issues: [{ path: 'from', message: 'must not be after to' }] } });
    if (dayNumber(to) - dayNumber(from) >= MAX_PERIOD_DAYS) {
      return json(422, { error: { code: 'validation_failed', message: 'The query is invalid', issues: [{ path: 'from', message: `the period may be at most ${MAX_PERIOD_DAYS} days` }] } });
    }
    const invoices = await deps.reports.invoices(tenantId, { customerId: parsed.customerId });
    const total = kpis(invoices, from, to);
    const periods = parsed.interval ? kpiSeries(invoices, from, to, parsed.interval) : undefined;
    const customers = parsed.by === 'customer' ? kpisByCustomer(invoices, from, to) : undefined;
    if (wantsCsv(parsed.format, event)) return csv(kpisCsv([total, ...(periods ?? []), ...(customers ?? [])]), `kpis-${from}-${to}.csv`);
    return json(200, {
      ...rounded(total),
      ...(parsed.customerId ? { customerId: parsed.customerId } : {}),
      ...(periods ? { periods: periods.map(rounded) } : {}),
      ...(customers ? { customers: customers.map((row) => ({ customerId: row.customerId, ...rounded(row) })) } : {}),
    });
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

/** Ratios and days to two decimals; money stays in integer minor units. */
function rounded(row: Kpis): Kpis {
  const r = (value: number | null) => (value === null ? null : round(value, 2));
  return {
    ...row,
    sharePaidLate: r(row.sharePaidLate),
    averageDaysLate: r(row.averageDaysLate),
    averageDaysToSettle: r(row.averageDaysToSettle),
    disputeRate: r(row.disputeRate),
    promiseKeptRate: r(row.promiseKeptRate),
    currencies: row.currencies.map((currency) => ({ ...currency, dso: r(currency.dso), countBackDso: r(currency.countBackDso), cei: r(currency.cei) })),
  };
}

export function reportDeps(env = readEnvironment()): ReportDeps {
  const db = createDocumentClient();
  return { reports: new DynamoReportSource(db, env.TABLE_NAME), customers: new DynamoCustomerRepository(db, env.TABLE_NAME), clock: systemClock };
}

export const handler = createHandler(reportDeps());
