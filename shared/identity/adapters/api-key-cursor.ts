import { ValidationError } from '../../kernel/index.js';

/**
 * A page's cursor: the id of the last key of the page, wrapped so clients treat it as opaque. It holds
 * no tenant: the next page is read in the caller's tenant, so a cursor cannot reach another one.
 */
export function encodeCursor(lastId: string): string {
  return Buffer.from(JSON.stringify({ after: lastId }), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof value === 'object' && value !== null && 'after' in value && typeof value.after === 'string' && /^key_[0-9a-f]{20}$/.test(value.after)) return value.after;
  } catch {
    // falls through to the validation error
  }
  throw new ValidationError('The cursor is invalid', [{ path: 'cursor', message: 'must be a nextCursor from a previous page' }]);
}
