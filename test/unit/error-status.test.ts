import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { batchItemFailure, errorResponse, HttpError } from '../../functions/_shared/http.js';
import { ArflowError, ConflictError, conflictCodes, NotFoundError, UnauthorizedError, ValidationError } from '../../shared/kernel/index.js';
import { FileFormatError } from '../../shared/imports/index.js';

const statusOf = (error: unknown) => errorResponse(error).statusCode;

describe('one error-to-status mapping for handlers and batch items', () => {
  it('answers 422, 404, 401 and 409 for validation, not found, unauthorized and every conflict code', () => {
    assert.equal(statusOf(new ValidationError('bad', [{ path: 'x', message: 'is required' }])), 422);
    assert.equal(statusOf(new NotFoundError('gone')), 404);
    assert.equal(statusOf(new UnauthorizedError()), 401);
    for (const code of conflictCodes) assert.equal(statusOf(new ConflictError(code, 'conflict')), 409, code);
    assert.equal(statusOf(new HttpError(413, 'payload_too_large', 'too large')), 413);
  });

  it('answers 500 without internals for an error code it does not know and for a plain Error', () => {
    for (const error of [new ArflowError('mystery', 'secret detail'), new FileFormatError('truncated', 'cut'), new Error('boom')]) {
      const response = errorResponse(error);
      assert.equal(response.statusCode, 500);
      assert.doesNotMatch(String(response.body), /secret detail|boom|cut/);
    }
  });

  it('gives a batch item the status and body the same request alone gets', () => {
    const conflict = new ConflictError('invoice_number_reused', 'reused');
    assert.deepEqual(batchItemFailure(conflict, 'retry'), { status: 409, outcome: 'conflict', error: { code: 'invoice_number_reused', message: 'reused' } });
    assert.deepEqual(batchItemFailure(new NotFoundError('gone'), 'retry'), { status: 404, outcome: 'not_found', error: { code: 'not_found', message: 'gone' } });
    const invalid = batchItemFailure(new ValidationError('bad', [{ path: 'policy', message: 'names no stored policy' }]), 'retry');
    assert.deepEqual(invalid, { status: 422, outcome: 'invalid', error: { code: 'validation_failed', message: 'bad', issues: [{ path: 'policy', message: 'names no stored policy' }] } });
  });

  it('answers 401 for an unauthorized batch item and 503 (retry this one) for an unknown error, not 409 as the batch paths did', () => {
    assert.equal(batchItemFailure(new UnauthorizedError(), 'retry').status, 401);
    for (const error of [new ArflowError('mystery', 'secret'), new Error('outage')]) {
      assert.deepEqual(batchItemFailure(error, 'Not stored; retry this invoice'), { status: 503, outcome: 'error', error: { code: 'temporarily_unavailable', message: 'Not stored; retry this invoice' } });
    }
  });
});
