import * as z from 'zod';
import { tenantIdSchema } from '../../shared/kernel/index.js';
import { invoiceNumberSchema } from '../../shared/invoicing/index.js';

/** Every workflow task receives the invoice it works on (see workflows/invoice-lifecycle.asl.json). */
export const invoiceTaskSchema = z.object({ tenantId: tenantIdSchema, invoiceNumber: invoiceNumberSchema });
