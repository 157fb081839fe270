/**
 * Generated invoice files for the benchmark: the arflow-invoices CSV layout, decimal amounts, due dates
 * after the virtual clock's start so each workflow plans its first reminder and waits (no mail).
 */
export function invoiceCsv(rows: number, prefix: string): Buffer {
  const lines = ['invoiceNumber,customerId,customerName,customerEmail,issueDate,dueDate,currency,amount'];
  for (let i = 0; i < rows; i++) {
    const customer = `C-${i % 997}`;
    const day = String(1 + (i % 28)).padStart(2, '0');
    const amount = `${100 + (i % 9000)}.${String(i % 100).padStart(2, '0')}`;
    lines.push(`${prefix}-${String(i).padStart(7, '0')},${customer},Customer ${customer},ap+${customer.toLowerCase()}@example.invalid,2027-01-${day},2027-03-${day},EUR,${amount}`);
  }
  return Buffer.from(`${lines.join('\n')}\n`, 'utf8');
}
