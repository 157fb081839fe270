import * as z from 'zod';
import { tenantIdSchema } from '../../shared/tenant.js';
import { invoiceNumberSchema } from '../../shared/invoice.js';

/** Every workflow task receives the invoice it works on (see workflows/invoice-lifecycle.asl.json). */
export const invoiceTaskSchema = z.object({ tenantId: tenantIdSchema, invoiceNumber: invoiceNumberSchema });
